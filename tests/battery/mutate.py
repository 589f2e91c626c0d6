#!/usr/bin/env python3
"""tests/battery/mutate.py: a structured mutator of 64-bit little-endian ELF
files, deterministic from a seed.

    mutate.py SEED INDEX BASE... -o OUT    write mutant INDEX of the battery
                                           made from the bases, and print
                                           what was done to it

Mutant INDEX takes base number INDEX % len(BASES) and one to three edits,
all drawn from a random generator seeded with "SEED:INDEX", so one mutant
is made again from its seed and index alone.  The edits are structured:
ELF header fields, program headers (types, alignment, sizes, congruence,
order and overlap, addresses, PT_INTERP, PT_GNU_STACK, PT_TLS), the
dynamic section (DT_NULL, string offsets, control bytes in strings),
truncation at chosen boundaries, appended data and byte flips within the
headers.  Each edit says what it did, in one short phrase; the phrases
joined by "; " are the mutant's description.

Used by tests/battery/battery.py, which imports mutant()."""
import random
import struct
import sys

PT_NULL, PT_LOAD, PT_DYNAMIC, PT_INTERP, PT_NOTE, PT_PHDR, PT_TLS = 0, 1, 2, 3, 4, 6, 7
PT_GNU_STACK = 0x6474e551
DT_NULL, DT_NEEDED, DT_STRTAB, DT_STRSZ, DT_RPATH, DT_DEBUG, DT_RUNPATH = 0, 1, 5, 10, 15, 21, 29
PAGE = 4096


class Elf:
    """The parts of a 64-bit little-endian ELF file the edits need."""

    def __init__(self, b):
        self.b = b
        self.ok = len(b) >= 64 and b[:4] == b'\x7fELF' and b[4] == 2 and b[5] == 1
        if not self.ok:
            self.phoff = self.phnum = 0
            return
        self.phoff, = struct.unpack_from('<Q', b, 32)
        self.phnum, = struct.unpack_from('<H', b, 56)
        if self.phoff + 56 * self.phnum > len(b):
            self.phnum = 0

    def ph(self):
        return [self.phoff + 56 * i for i in range(self.phnum)]

    def ptype(self, o):
        return struct.unpack_from('<I', self.b, o)[0]

    def of_type(self, t):
        return [o for o in self.ph() if self.ptype(o) == t]

    def field(self, o, name):
        off, fmt = PH_FIELDS[name]
        return struct.unpack_from(fmt, self.b, o + off)[0]

    def set(self, o, name, v):
        off, fmt = PH_FIELDS[name]
        struct.pack_into(fmt, self.b, o + off, v & (0xffffffff if fmt == '<I' else 0xffffffffffffffff))

    def dynamic(self):
        """(file offset, entry count) of the dynamic section, or None"""
        d = self.of_type(PT_DYNAMIC)
        if not d:
            return None
        off, size = self.field(d[0], 'offset'), self.field(d[0], 'filesz')
        if off + size > len(self.b):
            return None
        return off, size // 16

    def vaddr_to_off(self, v):
        for o in self.of_type(PT_LOAD):
            va, fs, off = self.field(o, 'vaddr'), self.field(o, 'filesz'), self.field(o, 'offset')
            if va <= v < va + fs:
                return off + v - va
        return None

    def dyn_entries(self):
        d = self.dynamic()
        if not d:
            return []
        off, n = d
        return [(off + 16 * i,) + struct.unpack_from('<qQ', self.b, off + 16 * i) for i in range(n)]

    def strtab(self):
        for _, tag, val in self.dyn_entries():
            if tag == DT_STRTAB:
                return self.vaddr_to_off(val)
        return None


PH_FIELDS = {'type': (0, '<I'), 'flags': (4, '<I'), 'offset': (8, '<Q'), 'vaddr': (16, '<Q'),
             'paddr': (24, '<Q'), 'filesz': (32, '<Q'), 'memsz': (40, '<Q'), 'align': (48, '<Q')}

# ELF header fields: (name, offset, struct format, interesting values)
EH_FIELDS = [
    ('EI_CLASS', 4, 'B', [0, 1, 3, 255]),
    ('EI_DATA', 5, 'B', [0, 2, 3]),
    ('EI_VERSION', 6, 'B', [0, 2, 255]),
    ('EI_OSABI', 7, 'B', [1, 3, 9, 97, 255]),
    ('EI_ABIVERSION', 8, 'B', [1, 255]),
    ('e_type', 16, '<H', [0, 1, 4, 5, 0xfe00, 0xffff]),
    ('e_machine', 18, '<H', [0, 3, 40, 62, 183, 243, 0xffff]),
    ('e_version', 20, '<I', [0, 2, 0xffffffff]),
    ('e_entry', 24, '<Q', [0, 1, 0x1000, 0x7ffffffff000, 0x800000000000, 0xffff800000000000,
                           0xffffffffffffffff]),
    ('e_phoff', 32, '<Q', [0, 1, 8, 63, 64, 0x1000, 0xffffffff, 0xffffffffffffffc8,
                           0xffffffffffffffff]),
    ('e_shoff', 40, '<Q', [0, 1, 0xffffffffffffffff]),
    ('e_flags', 48, '<I', [1, 0xffffffff]),
    ('e_ehsize', 52, '<H', [0, 63, 65, 0xffff]),
    ('e_phentsize', 54, '<H', [0, 32, 55, 57, 64, 0xffff]),
    ('e_phnum', 56, '<H', [0, 1, 2, 73, 74, 100, 1170, 1171, 0xffff]),
    ('e_shentsize', 58, '<H', [0, 1, 0xffff]),
    ('e_shnum', 60, '<H', [0, 1, 0xffff]),
    ('e_shstrndx', 62, '<H', [0, 0xfffe, 0xffff]),
]

ALIGNS = [0, 1, 3, 0x800, 0x1800, 0x10000, 0x200000, 1 << 30, 1 << 31, 1 << 47, 1 << 63,
          0xffffffffffffffff]
ADDRS = [0, 0x1000, 0x400000, 0x7ffffffff000, 0x7fffffffffff, 0x800000000000,
         0xffff800000000000, 0xfffffffffffff000]
TYPES = [PT_NULL, PT_LOAD, PT_DYNAMIC, PT_INTERP, PT_NOTE, 5, PT_PHDR, PT_TLS, PT_GNU_STACK,
         0x6474e550, 0x6474e552, 0x6474e553, 0x60000000, 0x7fffffff, 0xffffffff]


def pick_ph(r, e, kinds=None):
    c = [o for o in e.ph() if kinds is None or e.ptype(o) in kinds]
    return r.choice(c) if c else None


def ph_name(e, o):
    return 'phdr[%d]' % ((o - e.phoff) // 56)


def m_ehdr(r, e):
    name, off, fmt, vals = r.choice(EH_FIELDS)
    if name == 'e_entry' and r.random() < 0.4:
        loads = e.of_type(PT_LOAD)
        if loads:
            o = r.choice(loads)
            v = e.field(o, 'vaddr') + r.choice([0, e.field(o, 'memsz'), e.field(o, 'memsz') - 1, 1])
            vals = [v]
    if name == 'e_phoff' and r.random() < 0.4:
        vals = [len(e.b), len(e.b) - 56, len(e.b) - 1, e.phoff + 1, e.phoff + 56]
    if name == 'e_phnum' and r.random() < 0.3:
        vals = [e.phnum - 1, e.phnum + 1, e.phnum + 8]
    v = r.choice(vals)
    struct.pack_into(fmt, e.b, off, v & {'B': 0xff, '<H': 0xffff, '<I': 0xffffffff}.get(fmt, (1 << 64) - 1))
    return '%s=%#x' % (name, v)


def m_ptype(r, e):
    o = pick_ph(r, e)
    if o is None:
        return None
    if r.random() < 0.5:
        # a second PT_INTERP / PT_DYNAMIC / PT_PHDR / PT_LOAD: copy an existing header of that type
        t = r.choice([PT_INTERP, PT_DYNAMIC, PT_PHDR, PT_LOAD, PT_TLS, PT_GNU_STACK])
        src = e.of_type(t)
        if src and src[0] != o:
            e.b[o:o + 56] = e.b[src[0]:src[0] + 56]
            return '%s becomes a copy of %s (type %#x)' % (ph_name(e, o), ph_name(e, src[0]), t)
    t = r.choice(TYPES)
    e.set(o, 'type', t)
    return '%s p_type=%#x' % (ph_name(e, o), t)


def m_align(r, e):
    o = pick_ph(r, e, [PT_LOAD, PT_TLS] if r.random() < 0.8 else None)
    if o is None:
        return None
    v = r.choice(ALIGNS)
    e.set(o, 'align', v)
    return '%s p_align=%#x' % (ph_name(e, o), v)


def m_congruence(r, e):
    o = pick_ph(r, e, [PT_LOAD])
    if o is None:
        return None
    f = r.choice(['offset', 'vaddr'])
    d = r.choice([1, 8, 0x800, PAGE, -1, -PAGE])
    e.set(o, f, e.field(o, f) + d)
    return '%s p_%s%+d' % (ph_name(e, o), f, d)


def m_sizes(r, e):
    o = pick_ph(r, e, [PT_LOAD] if r.random() < 0.7 else None)
    if o is None:
        return None
    fs, ms = e.field(o, 'filesz'), e.field(o, 'memsz')
    choice = r.choice(['filesz=0', 'filesz>memsz', 'memsz=0', 'memsz huge', 'filesz huge',
                       'filesz past EOF', 'memsz+page'])
    if choice == 'filesz=0':
        e.set(o, 'filesz', 0)
    elif choice == 'filesz>memsz':
        e.set(o, 'filesz', ms + r.choice([1, PAGE]))
    elif choice == 'memsz=0':
        e.set(o, 'memsz', 0)
    elif choice == 'memsz huge':
        e.set(o, 'memsz', r.choice([1 << 40, 0x7fffffffffff, 0xffffffffffffffff]))
    elif choice == 'filesz huge':
        e.set(o, 'filesz', 0xffffffffffffffff)
    elif choice == 'filesz past EOF':
        e.set(o, 'filesz', len(e.b) - e.field(o, 'offset') + 1)
        if e.field(o, 'memsz') < e.field(o, 'filesz'):
            e.set(o, 'memsz', e.field(o, 'filesz'))
    else:
        e.set(o, 'memsz', ms + PAGE)
    return '%s %s (filesz %#x memsz %#x before)' % (ph_name(e, o), choice, fs, ms)


def m_loads(r, e):
    loads = e.of_type(PT_LOAD)
    if len(loads) < 2:
        return None
    a, b = r.sample(loads, 2)
    how = r.choice(['swap', 'same vaddr', 'overlap by a page', 'reverse'])
    if how == 'swap':
        ha, hb = bytes(e.b[a:a + 56]), bytes(e.b[b:b + 56])
        e.b[a:a + 56], e.b[b:b + 56] = hb, ha
    elif how == 'same vaddr':
        d = e.field(b, 'vaddr') - e.field(a, 'vaddr')
        e.set(b, 'vaddr', e.field(a, 'vaddr') + (d % PAGE))
    elif how == 'overlap by a page':
        e.set(b, 'vaddr', e.field(b, 'vaddr') - PAGE)
    else:
        hs = [bytes(e.b[o:o + 56]) for o in loads]
        for o, h in zip(loads, reversed(hs)):
            e.b[o:o + 56] = h
        return 'PT_LOAD headers in reverse order'
    return 'PT_LOAD %s and %s: %s' % (ph_name(e, a), ph_name(e, b), how)


def m_addr(r, e):
    o = pick_ph(r, e, [PT_LOAD])
    if o is None:
        return None
    v = r.choice(ADDRS)
    v += e.field(o, 'offset') % PAGE
    e.set(o, 'vaddr', v)
    return '%s p_vaddr=%#x' % (ph_name(e, o), v)


def m_interp(r, e):
    ii = e.of_type(PT_INTERP)
    if not ii:
        return None
    o = ii[0]
    off, sz = e.field(o, 'offset'), e.field(o, 'filesz')
    if off + sz > len(e.b) or sz < 2:
        return None
    how = r.choice(['no NUL', 'empty', 'size 1', 'size 4097', 'relative', 'dir only', 'dot', 'dotdot',
                    'control bytes', 'other basename', 'NUL inside', 'offset past EOF', 'size huge'])
    s = e.b[off:off + sz]
    if how == 'no NUL':
        e.b[off + sz - 1] = ord('x')
    elif how == 'empty':
        e.b[off] = 0
    elif how == 'size 1':
        e.set(o, 'filesz', 1)
    elif how == 'size 4097':
        e.set(o, 'filesz', 4097)
    elif how == 'relative':
        t = s[1:] + b'\0'
        e.b[off:off + sz] = t[:sz]
    elif how == 'dir only':
        t = b'/lib64/'.ljust(sz, b'\0')
        e.b[off:off + sz] = t[:sz]
    elif how == 'dot':
        e.b[off:off + sz] = b'/lib64/.'.ljust(sz, b'\0')[:sz]
    elif how == 'dotdot':
        e.b[off:off + sz] = b'/lib64/..'.ljust(sz, b'\0')[:sz]
    elif how == 'control bytes':
        t = bytearray(s)
        k = s.rfind(b'/') + 1
        if k + 2 < sz - 1:
            t[k] = 0x1b
            t[k + 1] = ord('\n')
        e.b[off:off + sz] = t
    elif how == 'other basename':
        t = bytearray(s)
        t[sz - 2] = ord('9')
        e.b[off:off + sz] = t
    elif how == 'NUL inside':
        e.b[off + sz // 2] = 0
    elif how == 'offset past EOF':
        e.set(o, 'offset', len(e.b) - 1)
    else:
        e.set(o, 'filesz', 0xffffffffffffffff)
    return 'PT_INTERP %s' % how


def m_stack(r, e):
    o = pick_ph(r, e, [PT_GNU_STACK])
    if o is None:
        return None
    v = r.choice([0, 1, 4, 6, 7, 0xffffffff])
    e.set(o, 'flags', v)
    return 'PT_GNU_STACK p_flags=%#x' % v


def m_tls(r, e):
    o = pick_ph(r, e, [PT_TLS])
    if o is None:
        o = pick_ph(r, e, [PT_NOTE, 0x6474e553, 0x6474e550])
        if o is None:
            return None
        e.set(o, 'type', PT_TLS)
        return '%s becomes PT_TLS' % ph_name(e, o)
    f = r.choice(['memsz', 'align', 'filesz', 'vaddr'])
    v = r.choice([0, 3, 1 << 20, 1 << 40, 0xffffffffffffffff])
    e.set(o, f, v)
    return 'PT_TLS p_%s=%#x' % (f, v)


def m_dynamic(r, e):
    ents = e.dyn_entries()
    if not ents:
        return None
    how = r.choice(['no DT_NULL', 'DT_NEEDED offset', 'DT_STRTAB', 'DT_STRSZ', 'DT_RPATH added',
                    'control bytes in DT_NEEDED', 'DT_NEEDED no NUL', 'PT_DYNAMIC size'])
    if how == 'no DT_NULL':
        for o, tag, _ in ents:
            if tag == DT_NULL:
                struct.pack_into('<q', e.b, o, DT_DEBUG)
        return 'dynamic: every DT_NULL becomes DT_DEBUG'
    if how == 'PT_DYNAMIC size':
        o = e.of_type(PT_DYNAMIC)[0]
        v = r.choice([0, 8, 0xffffffff])
        e.set(o, 'filesz', v)
        return 'PT_DYNAMIC p_filesz=%#x' % v
    if how in ('DT_STRTAB', 'DT_STRSZ'):
        tag = DT_STRTAB if how == 'DT_STRTAB' else DT_STRSZ
        for o, t, val in ents:
            if t == tag:
                v = r.choice([0, 1, 0xffffffff, 0xffffffffffffffff, val + 0x100000])
                struct.pack_into('<Q', e.b, o + 8, v)
                return 'dynamic: %s=%#x' % (how, v)
        return None
    strtab = e.strtab()
    strsz = next((v for _, t, v in ents if t == DT_STRSZ), None)
    needed = [(o, v) for o, t, v in ents if t == DT_NEEDED]
    if how == 'DT_RPATH added':
        spare = [o for o, t, _ in ents if t == DT_DEBUG] or [o for o, t, _ in ents if t == DT_NULL][1:]
        if not spare:
            return None
        v = r.choice([0, 1, (strsz or 1) - 1, 0xffffffff]) if r.random() < 0.5 else \
            (needed[0][1] if needed else 0)
        struct.pack_into('<qQ', e.b, spare[0], r.choice([DT_RPATH, DT_RUNPATH]), v)
        return 'dynamic: DT_RPATH/DT_RUNPATH added at string offset %#x' % v
    if not needed:
        return None
    o, v = r.choice(needed)
    if how == 'DT_NEEDED offset':
        nv = r.choice([(strsz or 1) - 1, strsz or 0, 0xffffffff, 0xffffffffffffffff, v + 1])
        struct.pack_into('<Q', e.b, o + 8, nv)
        return 'dynamic: DT_NEEDED offset %#x (was %#x)' % (nv, v)
    if strtab is None or strtab + v >= len(e.b):
        return None
    p = strtab + v
    end = e.b.find(b'\0', p)
    if end < 0:
        return None
    if how == 'control bytes in DT_NEEDED':
        e.b[p] = 0x1b
        if end - p > 2:
            e.b[p + 1] = ord('\n')
        return 'dynamic: ESC and newline in a DT_NEEDED string'
    # no NUL: the string runs into the next one, up to the end of .dynstr
    e.b[end] = ord('A')
    return 'dynamic: a DT_NEEDED string loses its NUL'


def truncation_points(e):
    pts = [0, 1, 3, 4, 16, 52, 63, 64, 65]
    if e.phnum:
        pts += [e.phoff + 56 * k - 1 for k in range(1, e.phnum + 1)]
        pts += [e.phoff + 56 * e.phnum]
        for o in e.of_type(PT_LOAD):
            end = e.field(o, 'offset') + e.field(o, 'filesz')
            pts += [end - 1, e.field(o, 'offset') + 1]
        for o in e.of_type(PT_INTERP):
            pts += [e.field(o, 'offset') + e.field(o, 'filesz') - 1]
    pts += [len(e.b) - 1, len(e.b) // 2]
    return sorted(set(p for p in pts if 0 <= p < len(e.b)))


def m_truncate(r, e):
    pts = truncation_points(e)
    if not pts:
        return None
    n = r.choice(pts)
    del e.b[n:]
    return 'truncated to %d bytes' % n


def m_append(r, e):
    how = r.choice(['random bytes', 'zero page', 'an ELF header', 'huge'])
    if how == 'random bytes':
        e.b += bytes(r.getrandbits(8) for _ in range(r.choice([1, 7, 100, 4096])))
    elif how == 'zero page':
        e.b += bytes(PAGE)
    elif how == 'an ELF header':
        e.b += e.b[:64]
    else:
        e.b += bytes(1 << 20)
    return 'appended %s' % how


def m_flip(r, e):
    end = max(64, min(len(e.b), e.phoff + 56 * e.phnum if e.phnum else 64))
    if end > len(e.b):
        end = len(e.b)
    if end == 0:
        return None
    k = r.choice([1, 1, 2, 4, 8])
    done = []
    for _ in range(k):
        p = r.randrange(end)
        bit = r.randrange(8)
        e.b[p] ^= 1 << bit
        done.append('%#x.%d' % (p, bit))
    return 'bit flips in the headers at %s' % ','.join(done)


EDITS = [(m_ehdr, 14), (m_ptype, 8), (m_align, 6), (m_congruence, 4), (m_sizes, 7), (m_loads, 5),
         (m_addr, 4), (m_interp, 8), (m_stack, 2), (m_tls, 3), (m_dynamic, 8), (m_truncate, 6),
         (m_append, 3), (m_flip, 8)]
# edits that change the file's length come last: the others use offsets
LAST = (m_truncate, m_append)


def mutant(seed, index, bases):
    """(bytes, base index, description) of mutant index"""
    r = random.Random('%s:%d' % (seed, index))
    bi = index % len(bases)
    e = Elf(bytearray(bases[bi]))
    funcs = [f for f, w in EDITS for _ in range(w)]
    n = r.choice([1, 1, 1, 2, 2, 3])
    chosen = sorted((r.choice(funcs) for _ in range(n)), key=lambda f: f in LAST)
    said = []
    for f in chosen:
        e = Elf(e.b)
        if not e.ok and f not in LAST:
            continue
        what = f(r, e)
        if what:
            said.append(what)
    if not said or bytes(e.b) == bases[bi]:
        e = Elf(bytearray(bases[bi]))
        said = [m_flip(r, e)]
    return bytes(e.b), bi, '; '.join(said)


def main(argv):
    if len(argv) < 5 or '-o' not in argv:
        sys.exit(__doc__.split('\n\n')[1])
    k = argv.index('-o')
    out = argv[k + 1]
    args = argv[1:k] + argv[k + 2:]
    seed, index, paths = args[0], int(args[1]), args[2:]
    bases = [open(p, 'rb').read() for p in paths]
    b, bi, what = mutant(seed, index, bases)
    with open(out, 'wb') as f:
        f.write(b)
    print('%s: %s' % (paths[bi], what))


if __name__ == '__main__':
    main(sys.argv)
