#!/usr/bin/env python3
"""tests/battery/battery.py: the hostile-input battery.

    battery.py --work DIR [--count N] [--seed S] [--first I] [--jobs J]
               [--timeout T] [--progress] [--source DIR]...

Every file -- the test corpora found in each --source directory (Debian's
patchelf and elfutils source trees: patchelf's tests/invalid-elf,
no-rpath-prebuild and endianness files, elfutils' tests/*.bz2 unpacked)
and N mutants (indices I to I+N-1, default 200 from 0) made by mutate.py
from seed S of real programs and loaders
(programs built here: PIE, non-PIE, static, static-pie, musl; /usr/bin/true;
the host's glibc and musl loaders) -- goes through:

  - the KERNEL: started as a program, and as the interpreter of a reference
    program whose PT_INTERP names it (linked here, -Wl,-dynamic-linker=);
  - zapp-assemble, as a program input (exit 0 or 1 with a message, never a
    crash, a hang, partial output or a changed input), then zapp-check of
    the result and its bin/NAME;
  - a known-good Zapp with the file put by hand in place of dynbin/x (as
    the program) and of lib/ld-linux-x86-64.so.2 (as the loader):
    zapp-check of it and its bin/x, the jumploader.

J files (2) are put through at a time.  Every file started runs as an
unprivileged user (nobody, when run as root),
stdin /dev/null, in a scratch directory, killed after T seconds (2).  Runs
are classified as "exit N", "signal N", "timeout", "exec-error ENAME" (the
kernel's execve failed) or, for a jumploader, "refused: MESSAGE" (a
message of docs/jumploader.md's table).

The rules, checked for every file (a broken one is a disagreement):
  check-ok-refused  zapp-check passes the Zapp, the jumploader refuses it
  check-refusal     zapp-check says the jumploader will not start a file,
                    and the jumploader starts it
  words             both refuse, not in the same words
  signal            the jumploader dies of a signal or hangs where the
                    kernel-started file does not (three runs each: the
                    jumploader must die in two and the kernel in none)
  assemble-ok-check zapp-assemble exits 0 and zapp-check of its Zapp
                    reports a problem
  assemble          zapp-assemble or zapp-check crashed, hung, exited
                    neither 0 nor 1, left a partial Zapp, changed its
                    input, or failed without a "TOOL: " message

Prints the figures and every disagreement (with what to run to make the
mutant again); writes DIR/report.tsv (one line a file and role) and copies
each disagreeing file to DIR/disagreements/.  Exit status 1 when there is a
disagreement."""
import argparse
import bz2
import errno
import hashlib
import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mutate  # noqa: E402

LOADER = 'ld-linux-x86-64.so.2'
HELLO = r'''#include <stdio.h>
int main(int argc, char **argv) { (void)argv; printf("hello %d\n", argc); return 3; }
'''
SIGNALLED = ('signal', 'timeout')


def sh(*cmd, **kw):
    subprocess.run(cmd, check=True, stdin=subprocess.DEVNULL, **kw)


class Ctx:
    pass


def corpus_files(sources, work):
    """[(name, path)] of the corpus files in the source trees"""
    out = []
    for src in sources:
        t = os.path.join(src, 'tests')
        for sub in ('invalid-elf', 'no-rpath-prebuild', 'endianness'):
            d = os.path.join(t, sub)
            for root, _, files in os.walk(d):
                for f in sorted(files):
                    p = os.path.join(root, f)
                    out.append(('patchelf/' + os.path.relpath(p, t), p))
        bzs = sorted(f for f in os.listdir(t) if f.endswith('.bz2')) if os.path.isdir(t) else []
        if bzs:
            dest = os.path.join(work, 'corpus', 'elfutils')
            os.makedirs(dest, exist_ok=True)
            for f in bzs:
                p = os.path.join(dest, f[:-4])
                if not os.path.exists(p):
                    with open(os.path.join(t, f), 'rb') as i, open(p + '.tmp', 'wb') as o:
                        o.write(bz2.decompress(i.read()))
                    os.rename(p + '.tmp', p)
                out.append(('elfutils/' + f[:-4], p))
    return out


def make_bases(c):
    """the real programs and loaders the mutants are made from"""
    d = os.path.join(c.work, 'base')
    os.makedirs(d, exist_ok=True)
    src = os.path.join(d, 'hello.c')
    with open(src, 'w') as f:
        f.write(HELLO)
    bases = []
    for name, flags in (('pie', ['-pie', '-fPIE']), ('nopie', ['-no-pie']), ('static', ['-static']),
                        ('static-pie', ['-static-pie'])):
        p = os.path.join(d, name)
        sh('gcc', '-O1', *flags, '-o', p, src)
        bases.append(p)
    if shutil.which('musl-gcc'):
        p = os.path.join(d, 'musl')
        sh('musl-gcc', '-O1', '-o', p, src)
        bases.append(p)
    bases.append(os.path.realpath('/usr/bin/true'))
    for ld in ('/lib64/' + LOADER, '/lib/ld-musl-x86_64.so.1'):
        if os.path.exists(ld):
            bases.append(os.path.realpath(ld))
    # the known-good Zapp, of a program that needs nothing but libc
    x = os.path.join(d, 'x')
    shutil.copy(bases[0], x)
    good = os.path.join(d, 'good')
    shutil.rmtree(good, ignore_errors=True)
    sh('zapp-assemble', '-q', '-o', good, x)
    sh('zapp-check', '-q', good)
    c.good = good
    return bases


def worker_dirs(c, n):
    w = Ctx()
    w.dir = os.path.join(c.work, 'w%d' % n)
    shutil.rmtree(w.dir, ignore_errors=True)
    for s in ('run', 'kp', 'kl', 'az'):
        os.makedirs(os.path.join(w.dir, s))
    os.chmod(w.dir, 0o755)
    if c.uid is not None:
        os.chown(os.path.join(w.dir, 'run'), c.uid, c.gid)
    w.kp = os.path.join(w.dir, 'kp', 'x')
    w.kl = os.path.join(w.dir, 'kl', LOADER)
    w.ref = os.path.join(w.dir, 'ref')
    shutil.copy('/bin/true', w.kl)
    sh('gcc', '-O1', '-o', w.ref, os.path.join(c.work, 'base', 'hello.c'),
       '-Wl,-dynamic-linker=' + w.kl)
    w.hp = os.path.join(w.dir, 'hand program')
    w.hl = os.path.join(w.dir, 'hand loader')
    for z in (w.hp, w.hl):
        shutil.copytree(c.good, z, symlinks=True)
    w.hp_file = os.path.join(w.hp, 'dynbin', 'x')
    w.hl_file = os.path.join(w.hl, 'lib', LOADER)
    with open(w.hl_file, 'rb') as f:
        w.hl_orig = f.read()
    with open(w.hp_file, 'rb') as f:
        w.hp_orig = f.read()
    w.az = os.path.join(w.dir, 'az', 'out z')
    w.err = os.path.join(w.dir, 'stderr')
    return w


def sane(c, w, bases):
    """the battery can tell a good file from a bad one: the unmodified
    program and loader run, under the kernel and the jumploader"""
    with open(bases[0], 'rb') as f:
        prog = f.read()
    with open(os.path.realpath('/lib64/' + LOADER), 'rb') as f:
        ldso = f.read()
    put(w.kp, prog)
    put(w.kl, ldso)
    got = [run(c, w, [w.kp], 10)[0], run(c, w, [w.ref], 10)[0],
           jl_outcome(*run(c, w, [os.path.join(w.hp, 'bin', 'x')], 10)),
           jl_outcome(*run(c, w, [os.path.join(w.hl, 'bin', 'x')], 10)),
           str(check(c, w.hp)[0]), str(check(c, w.hl)[0])]
    if got != ['exit 3'] * 4 + ['0'] * 2:
        raise RuntimeError('the unmodified files do not run here: %s' % got)


def put(path, data, mode=0o755):
    tmp = path + '.new'
    with open(tmp, 'wb') as f:
        f.write(data)
    os.chmod(tmp, mode)
    os.rename(tmp, path)


def run(c, w, cmd, timeout, as_user=True):
    """(outcome, first stderr bytes)"""
    kw = {}
    if as_user and c.uid is not None:
        kw = dict(user=c.uid, group=c.gid, extra_groups=[])
    with open(w.err, 'wb') as err:
        try:
            p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err,
                                 cwd=os.path.join(w.dir, 'run'), start_new_session=True, **kw)
        except OSError as e:
            return 'exec-error ' + errno.errorcode.get(e.errno, str(e.errno)), ''
        try:
            rc = p.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            rc = None
        try:
            os.killpg(p.pid, signal.SIGKILL)
        except OSError:
            pass
        if rc is None:
            p.wait()
    with open(w.err, 'rb') as f:
        text = f.read(8192).decode('utf-8', 'replace')
    if rc is None:
        return 'timeout', text
    if rc < 0:
        return 'signal %d' % -rc, text
    return 'exit %d' % rc, text


JL_REFUSAL = re.compile(r"^zapp: (?:cannot find own location: .*|[^\n]*?: .*)$")


def jl_outcome(out, text):
    """a jumploader run: its own refusal, or what became of the program"""
    first = text.split('\n', 1)[0]
    if out in ('exit 126', 'exit 127') and first.startswith('zapp: ') and JL_REFUSAL.match(first):
        return 'refused: ' + first
    return out


RUNTIME = re.compile(r"cannot map (?:program|loader) '.*': (?:Cannot allocate memory|its fixed address range .* is already in use)$")


def reason(msg):
    """the reason in a jumploader message: after "'PATH': " """
    m = re.search(r"(?:program|loader) '.*': (.*)$", msg)
    return m.group(1) if m else msg


def check(c, zapp):
    """(exit status or outcome, [lines]) of zapp-check on a Zapp"""
    try:
        p = subprocess.run(['zapp-check', '-q', zapp], stdin=subprocess.DEVNULL,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=c.tool_timeout)
    except subprocess.TimeoutExpired:
        return 'timeout', []
    lines = p.stderr.decode('utf-8', 'replace').splitlines()
    return (p.returncode if p.returncode >= 0 else 'signal %d' % -p.returncode), lines


def check_refusal(lines, what):
    """zapp-check's words when it says the jumploader will not start what"""
    for l in lines:
        m = re.match(r'zapp-check: (.*?): the jumploader will not start it(?: as the loader)?: (.*)$', l)
        if m and m.group(1) == what:
            return m.group(2)
        m = re.match(r'zapp-check: (.*?): the loader (.*) of its program is missing', l)
        if m and what.startswith('lib/'):
            return 'missing'
    return None


class Run:
    """the figures and the disagreements, shared by the workers"""

    def __init__(self):
        self.lock = threading.Lock()
        self.n = dict(files=0, corpus=0, mutants=0, assemblies=0, assembled=0, checks=0,
                      jumploader_runs=0, kernel_runs=0)
        self.dis = []
        self.unstable = []
        self.runtime = []
        self.rows = []

    def add(self, **kw):
        with self.lock:
            for k, v in kw.items():
                self.n[k] += v


def compare(c, w, R, item, role, cres, jl, kernel, rerun):
    """the rules for one Zapp (its check and its jumploader run)"""
    found = []
    cst, clines = cres
    what = 'dynbin/x' if role != 'loader' else 'lib/' + LOADER
    refused = jl.startswith('refused: ')
    if cst not in (0, 1):
        found.append(('assemble', 'zapp-check ended with %s' % cst))
    if cst == 0 and refused:
        if RUNTIME.search(jl) and kernel.split(' ')[0] != 'exit':
            # what no header tells: the memory to map it (a bss of a TiB)
            # or its fixed addresses taken, where the kernel-started file
            # failed too
            with R.lock:
                R.runtime.append((item[0], role, jl, kernel))
        else:
            found.append(('check-ok-refused', 'zapp-check passes it'))
    words = None
    if role == 'assembled':
        words = check_refusal(clines, 'dynbin/x') or check_refusal(clines, 'lib/' + LOADER)
    else:
        words = check_refusal(clines, what)
        if role == 'program' and words is None:
            words = check_refusal(clines, 'lib/' + LOADER)
    if words is not None and not refused:
        found.append(('check-refusal', 'zapp-check says: %s' % words))
    if words is not None and refused and words != 'missing' and words != reason(jl):
        found.append(('words', 'zapp-check says: %s' % words))
    if jl.split(' ')[0] in SIGNALLED and kernel.split(' ')[0] not in SIGNALLED:
        jls, ks = [jl], [kernel]
        for _ in range(2):
            o, t = rerun[0]()
            jls.append(jl_outcome(o, t))
            R.add(jumploader_runs=1)
            ks.append(rerun[1]()[0])
            R.add(kernel_runs=1)
        jd = sum(1 for x in jls if x.split(' ')[0] in SIGNALLED)
        kd = sum(1 for x in ks if x.split(' ')[0] in SIGNALLED)
        if jd >= 2 and kd == 0:
            found.append(('signal', 'jumploader %s, kernel %s' % ('/'.join(jls), '/'.join(ks))))
        else:
            with R.lock:
                R.unstable.append((item, role, jls, ks))
    return found


def one(c, w, R, item):
    name, data, remake = item
    row = {'file': name}
    dis = []

    # the kernel, as the program and as the interpreter of the reference program
    put(w.kp, data)
    put(w.kl, data)
    kprog = lambda: run(c, w, [w.kp], c.timeout)  # noqa: E731
    kldr = lambda: run(c, w, [w.ref], c.timeout)  # noqa: E731
    row['kernel'] = kprog()[0]
    row['kernel-interp'] = kldr()[0]
    R.add(kernel_runs=2)

    # zapp-assemble, as a program input
    shutil.rmtree(os.path.dirname(w.az), ignore_errors=True)
    os.makedirs(os.path.dirname(w.az))
    before = hashlib.sha256(data).digest()
    try:
        p = subprocess.run(['zapp-assemble', '-q', '-o', w.az, w.kp], stdin=subprocess.DEVNULL,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=c.tool_timeout)
        ast = p.returncode if p.returncode >= 0 else 'signal %d' % -p.returncode
        amsg = p.stderr.decode('utf-8', 'replace')
    except subprocess.TimeoutExpired:
        ast, amsg = 'timeout', ''
    R.add(assemblies=1)
    row['assemble'] = str(ast)
    with open(w.kp, 'rb') as f:
        if hashlib.sha256(f.read()).digest() != before:
            dis.append(('assemble', 'zapp-assemble changed its input'))
    if ast not in (0, 1):
        dis.append(('assemble', 'zapp-assemble ended with %s' % ast))
    elif ast == 1:
        if os.path.lexists(w.az):
            dis.append(('assemble', 'zapp-assemble failed and left %s' % w.az))
        if not amsg.startswith('zapp-assemble: '):
            dis.append(('assemble', 'zapp-assemble failed without a message: %r' % amsg[:200]))
    else:
        R.add(assembled=1)
        cres = check(c, w.az)
        R.add(checks=1)
        row['assembled-check'] = str(cres[0])
        if cres[0] != 0:
            dis.append(('assemble-ok-check', 'zapp-check: ' + ' | '.join(cres[1][:3])))
        bx = os.path.join(w.az, 'bin', 'x')
        if os.path.exists(bx):
            jrun = lambda: run(c, w, [bx], c.timeout)  # noqa: E731
            jl = jl_outcome(*jrun())
            R.add(jumploader_runs=1)
            row['assembled-run'] = jl
            dis += compare(c, w, R, item, 'assembled', cres, jl, row['kernel'], (jrun, kprog))

    # by hand in the known-good Zapp: as the program, then as the loader
    for role, path, orig, zapp, kname, krun in (
            ('program', w.hp_file, w.hp_orig, w.hp, 'kernel', kprog),
            ('loader', w.hl_file, w.hl_orig, w.hl, 'kernel-interp', kldr)):
        put(path, data)
        cres = check(c, zapp)
        R.add(checks=1)
        row[role + '-check'] = str(cres[0])
        jrun = lambda z=zapp: run(c, w, [os.path.join(z, 'bin', 'x')], c.timeout)  # noqa: E731
        jl = jl_outcome(*jrun())
        R.add(jumploader_runs=1)
        row[role + '-run'] = jl
        with open(path, 'rb') as f:
            if f.read() != data:
                dis.append(('assemble', 'zapp-check changed %s' % path))
        dis += [(r, '%s role: %s' % (role, t)) for r, t in
                compare(c, w, R, item, role, cres, jl, row[kname], (jrun, krun))]
        put(path, orig)

    with R.lock:
        R.rows.append(row)
        if c.progress and len(R.rows) % 1000 == 0:
            sys.stderr.write('battery: %d of %d files, %d disagreements, %.0f s\n'
                             % (len(R.rows), R.n['files'], len(R.dis), time.time() - c.t0))
        for rule, text in dis:
            R.dis.append((name, remake, rule, text, row))
    if dis:
        d = os.path.join(c.work, 'disagreements')
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, re.sub(r'[^A-Za-z0-9._-]', '_', name)), 'wb') as f:
            f.write(data)


def main():
    ap = argparse.ArgumentParser(description='the hostile-input battery')
    ap.add_argument('--work', required=True)
    ap.add_argument('--count', type=int, default=200)
    ap.add_argument('--seed', default='1')
    ap.add_argument('--jobs', type=int, default=2)
    ap.add_argument('--timeout', type=float, default=2)
    ap.add_argument('--source', action='append', default=[])
    ap.add_argument('--first', type=int, default=0, help='first mutant index')
    ap.add_argument('--progress', action='store_true', help='a line on stderr every 1000 files')
    a = ap.parse_args()

    c = Ctx()
    c.work = os.path.abspath(a.work)
    c.timeout = a.timeout
    c.tool_timeout = 60
    c.uid = c.gid = None
    if os.geteuid() == 0:
        c.uid, c.gid = 65534, 65534
    os.makedirs(c.work, exist_ok=True)
    os.chmod(c.work, 0o755)
    import resource
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    t0 = c.t0 = time.time()
    c.progress = a.progress

    corpus = corpus_files(a.source, c.work)
    bases = make_bases(c)
    base_bytes = [open(p, 'rb').read() for p in bases]
    me = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'mutate.py')

    q = queue.Queue()
    for name, p in corpus:
        with open(p, 'rb') as f:
            q.put((name, f.read(), 'corpus file ' + p))
    R = Run()
    R.n['corpus'] = len(corpus)
    R.n['mutants'] = a.count
    R.n['files'] = len(corpus) + a.count

    def mutants():
        for i in range(a.first, a.first + a.count):
            b, bi, what = mutate.mutant(a.seed, i, base_bytes)
            yield ('mutant %d (%s: %s)' % (i, os.path.basename(bases[bi]), what), b,
                   "%s %s %d %s -o FILE" % (me, a.seed, i, ' '.join(bases)))

    gen = mutants()
    glock = threading.Lock()
    errors = []

    def work(n):
        try:
            w = worker_dirs(c, n)
            sane(c, w, bases)
            while True:
                try:
                    item = q.get_nowait()
                except queue.Empty:
                    with glock:
                        item = next(gen, None)
                    if item is None:
                        return
                one(c, w, R, item)
        except Exception as e:  # a broken battery is a failure, not a pass
            import traceback
            errors.append(traceback.format_exc())
            raise e

    ts = [threading.Thread(target=work, args=(n,)) for n in range(a.jobs)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    if errors:
        sys.stderr.write(''.join(errors))
        sys.exit(2)

    keys = ['kernel', 'kernel-interp', 'assemble', 'assembled-check', 'assembled-run',
            'program-check', 'program-run', 'loader-check', 'loader-run']
    with open(os.path.join(c.work, 'report.tsv'), 'w') as f:
        f.write('file\t' + '\t'.join(keys) + '\n')
        for row in sorted(R.rows, key=lambda r: r['file']):
            f.write(row['file'] + '\t' + '\t'.join(row.get(k, '-') for k in keys) + '\n')
    n = R.n
    refusals = sum(1 for r in R.rows for k in ('assembled-run', 'program-run', 'loader-run')
                   if r.get(k, '').startswith('refused: '))
    print('battery: %d files (%d corpus, %d mutants of %d bases, seed %s), %d assemblies (%d exit 0), '
          '%d checks, %d jumploader runs (%d refusals), %d kernel runs, %.0f s'
          % (n['files'], n['corpus'], n['mutants'], len(bases), a.seed, n['assemblies'], n['assembled'],
             n['checks'], n['jumploader_runs'], refusals, n['kernel_runs'], time.time() - t0))
    rules = {}
    for d in R.dis:
        rules[d[2]] = rules.get(d[2], 0) + 1
    print('battery: %d disagreements%s; %d unstable (the jumploader died in fewer than two of three '
          'runs, or the kernel-started file died too); %d run-time refusals (mapping failed for want '
          'of memory or of its fixed addresses, the kernel-started file failed too)'
          % (len(R.dis), ''.join(' %s %d' % kv for kv in sorted(rules.items())) if rules else '',
             len(R.unstable), len(R.runtime)))
    for name, role, jl, kernel in R.runtime:
        print('  run-time refusal: %s, %s role: %s; kernel: %s' % (name, role, jl, kernel))
    for name, remake, rule, text, row in R.dis:
        print('DISAGREEMENT %s: %s: %s' % (rule, name, text))
        print('  outcomes: ' + '; '.join('%s=%s' % (k, row[k]) for k in keys if k in row))
        print('  made by: ' + remake)
    sys.exit(1 if R.dis else 0)


if __name__ == '__main__':
    main()
