#!/bin/bash
# zapp-trace runs a command under ptrace and writes the files it used: what
# it opened to read, looked at and executed (with #! and ELF interpreters),
# under the name asked for and the real one; never what it wrote, what
# failed, directories, /proc, /dev, /tmp or the current directory.  Forks,
# vforks, threads, execs (from a thread too), 32-bit programs; the exit
# status passes through; bad input is refused with no list written.
. "$(dirname "$0")/lib.sh"

# The data lives outside /tmp (never listed) and outside the test's
# directory (the working directory, never listed either).
DATA=$(mktemp -d /var/tmp/zapp-t4000.XXXXXX) || exit 1
trap 'rm -rf "$DATA" /tmp/zapp-t4000-tmpfile' EXIT

# check_format LIST: the --files-from contract: absolute paths, one a
# line, sorted in byte order, no duplicates, nothing else.
check_format() {
	if grep -v -q '^/' "$1"; then fail "$1: a line that is no absolute path"; return 1; fi
	LC_ALL=C sort -c -u "$1" || { fail "$1: not sorted, or duplicates"; return 1; }
	[ ! -s "$1" ] || [ "$(tail -c 1 "$1" | od -An -c | tr -d ' ')" = '\n' ] ||
		{ fail "$1: the last line has no newline"; return 1; }
}

# listed LIST PATH / unlisted LIST PATH: PATH is (not) a line of LIST
listed() { grep -Fxq -- "$2" "$1" || { fail "$1 lacks $2"; sed 's/^/| /' "$1" >&2; return 1; }; }
unlisted() { ! grep -Fxq -- "$2" "$1" || { fail "$1 holds $2"; return 1; }; }

test_lazy_prereq I386 '
	printf "int main(void){return 0;}\n" >m.c && gcc -m32 -o m m.c && ./m
'
test_lazy_prereq PYTHON3 '/usr/bin/python3 -c "import json, sqlite3"'
# zapp-assemble --files-from lands separately: the story that needs it
# runs once both are there
test_lazy_prereq FILES_FROM 'zapp-assemble --help | grep -q -- --files-from'

test_expect_success 'set up: the opener and its files' '
	gcc -O1 -pthread -o "$DATA/opener" "$ZAPP_SRC/tests/trace/opener.c" &&
	mkdir -p "$DATA/sub" "$DATA/a dir" &&
	for f in abs.txt target.txt "a dir/spaced name.txt" sub/viafd.txt sub/dotted.txt stat.txt \
		rel-base.txt sub/rel.txt forked.txt helper.txt thread.txt script-data.txt openat2.txt \
		openat2-written.txt "newline
name.txt"; do
		echo data >"$DATA/$f" || exit 1
	done &&
	ln -s target.txt "$DATA/link.txt" && ln -s opener "$DATA/opener-link" &&
	printf "#!/bin/sh\ncat \"\$2/script-data.txt\" >/dev/null\n" >"$DATA/inner.sh" &&
	printf "#!%s/inner.sh\n" "$DATA" >"$DATA/outer.tool" &&
	chmod +x "$DATA/inner.sh" "$DATA/outer.tool" &&
	echo tmp >/tmp/zapp-t4000-tmpfile &&
	echo here >here.txt
'

test_expect_success 'the files a program opens, looks at and runs, in every way' '
	zapp-trace -o list -- "$DATA/opener" all "$DATA" 2>err &&
	check_format list &&
	for f in opener abs.txt "a dir/spaced name.txt" sub/viafd.txt sub/dotted.txt stat.txt \
		rel-base.txt sub/rel.txt forked.txt helper.txt thread.txt script-data.txt \
		openat2.txt inner.sh outer.tool; do
		listed list "$DATA/$f" || exit 1
	done &&
	# a symbolic link: the name asked for and the file
	listed list "$DATA/link.txt" && listed list "$DATA/target.txt" &&
	# the #! interpreter under both names, the ELF interpreter too
	listed list /bin/sh && listed list "$(readlink -f /bin/sh)" &&
	interp=$(readelf -lW "$DATA/opener" | sed -n "s/.*interpreter: \(.*\)]$/\1/p") &&
	listed list "$interp" && listed list "$(readlink -f "$interp")" &&
	listed list "$(readlink -f /lib/x86_64-linux-gnu/libc.so.6)" &&
	# not: failed, written, directories, /proc, /dev, /tmp, the cwd
	for f in "$DATA/missing.txt" "$DATA/written.txt" "$DATA/renamed.txt" "$DATA/renamed.txt.tmp" \
		"$DATA/created.txt" "$DATA/openat2-written.txt" "$DATA/sub" "$DATA" /proc/self/status \
		/dev/null /tmp/zapp-t4000-tmpfile "$TRASH/here.txt"; do
		unlisted list "$f" || exit 1
	done &&
	! grep -q -e "^/proc/" -e "^/dev/" -e "^/tmp/" -e "^/sys/" -e "^/run/" list &&
	# a name holding a newline cannot be listed: said, left out
	expect_file_contains err "newline\\nname.txt: left out of the list: its name holds a newline" &&
	! grep -q "^name.txt" list
'

test_expect_success 'the current directory and what is below it are left out' '
	mkdir -p "$DATA/sub/deeper" && echo x >"$DATA/sub/deeper/x.txt" &&
	(cd "$DATA/sub" && zapp-trace -o "$TRASH/cwd.list" -- sh -c "cat rel.txt deeper/x.txt ../abs.txt >/dev/null") &&
	unlisted cwd.list "$DATA/sub/rel.txt" && unlisted cwd.list "$DATA/sub/deeper/x.txt" &&
	listed cwd.list "$DATA/abs.txt"
'

test_expect_success 'the files that describe the machine are left out: time zone, users, names' '
	zapp-trace -o machine.list -- sh -c "cat /etc/localtime /etc/passwd /etc/group /etc/hosts /etc/nsswitch.conf >/dev/null 2>&1; cat \"\$1\" >/dev/null" sh "$DATA/abs.txt" &&
	for f in /etc/localtime /etc/passwd /etc/group /etc/hosts /etc/nsswitch.conf /etc/ld.so.cache; do
		unlisted machine.list "$f" || exit 1
	done &&
	listed machine.list "$DATA/abs.txt"
'

test_expect_success 'with a stop at every call (--no-seccomp) the list is the same' '
	zapp-trace -q -o list.all --no-seccomp -- "$DATA/opener" all "$DATA" &&
	test_cmp list list.all
'

test_expect_success 'an exec from a thread other than the main one' '
	zapp-trace -o texec.list -- "$DATA/opener" thread-exec "$DATA" &&
	listed texec.list "$DATA/helper.txt" && listed texec.list "$DATA/opener" &&
	listed texec.list "$DATA/opener-link"
'

test_expect_success PYTHON3 'python3 -c "import json": the standard library, not the .pyc it wrote' '
	mkdir -p "$DATA/mods" && echo "X = 42" >"$DATA/mods/m.py" && rm -rf "$DATA/mods/__pycache__" &&
	PYTHONPATH=$DATA/mods env -u PYTHONDONTWRITEBYTECODE zapp-trace -o py.list -- /usr/bin/python3 -c "import json, m; print(m.X)" >out &&
	expect_eq 42 "$(cat out)" &&
	check_format py.list &&
	listed py.list /usr/lib/python3.11/json/__init__.py &&
	listed py.list /usr/lib/python3.11/json/decoder.py &&
	listed py.list "$DATA/mods/m.py" &&
	pyc=$(ls "$DATA/mods/__pycache__/"m.*.pyc) && test -f "$pyc" &&
	unlisted py.list "$pyc" &&
	listed py.list "$(readlink -f /usr/bin/python3)" && listed py.list /usr/bin/python3
'

test_expect_success I386 'a 32-bit program (i386 system calls on a 64-bit kernel)' '
	cat >o32.c <<-\EOC &&
	#include <fcntl.h>
	#include <sys/stat.h>
	#include <sys/wait.h>
	#include <unistd.h>
	int main(int c, char **v) {
		struct stat st;
		char p[4096];
		if (c < 2) return 2;
		if (fork() == 0) { execl("/bin/cat", "cat", v[1], (char *)0); _exit(1); }
		wait(0);
		return open(v[2], O_RDONLY) < 0 || stat(v[3], &st) < 0 || access(v[4], R_OK) < 0 || !p;
	}
	EOC
	gcc -m32 -o "$DATA/o32" o32.c &&
	zapp-trace -o l32 -- "$DATA/o32" "$DATA/abs.txt" "$DATA/helper.txt" "$DATA/stat.txt" "$DATA/forked.txt" >/dev/null &&
	check_format l32 &&
	listed l32 "$DATA/o32" && listed l32 "$DATA/abs.txt" && listed l32 "$DATA/helper.txt" &&
	listed l32 "$DATA/stat.txt" && listed l32 "$DATA/forked.txt" && listed l32 /bin/cat &&
	interp=$(readelf -lW "$DATA/o32" | sed -n "s/.*interpreter: \(.*\)]$/\1/p") &&
	listed l32 "$interp" &&
	grep -q "/libc.so.6$" l32
'

test_expect_success 'the exit status is the command'"'"'s; a signal N gives 128 + N' '
	test_must_fail_with 7 zapp-trace -o s7 -- sh -c "exit 7" && test -f s7 &&
	test_must_fail_with 143 zapp-trace -o s143 -- sh -c "kill -TERM \$\$" && test -f s143 &&
	test_must_fail_with 137 zapp-trace -o - -- sh -c "kill -KILL \$\$" >/dev/null &&
	zapp-trace -o - -- /bin/true >stdout.list && check_format stdout.list && listed stdout.list "$(readlink -f /bin/true)"
'

test_expect_success 'a command that cannot be started: 127 or 126, like a shell, and no list' '
	mkdir nolist && (
		cd nolist &&
		test_must_fail_with 127 zapp-trace -o l -- no-such-command-here 2>err &&
		expect_eq "zapp-trace: no-such-command-here: cannot run: No such file or directory" "$(cat err)" &&
		echo "#!/bin/sh" >notexec &&
		test_must_fail_with 126 zapp-trace -o l -- ./notexec 2>err &&
		expect_eq "zapp-trace: ./notexec: cannot run: Permission denied" "$(cat err)" &&
		test_must_fail_with 127 zapp-trace -o l -- /no/such/dir/cmd 2>err &&
		expect_eq "err notexec" "$(ls -A | tr "\n" " " | sed "s/ $//")"
	)
'

test_expect_success 'an existing LIST is refused, untouched, before anything runs; --force replaces it' '
	echo mine >exists &&
	test_must_fail_with 1 zapp-trace -o exists -- touch ran 2>err &&
	expect_eq "zapp-trace: exists: exists: not replaced without --force" "$(cat err)" &&
	expect_eq mine "$(cat exists)" && test ! -e ran &&
	zapp-trace -f -o exists -- cat "$DATA/abs.txt" >/dev/null && listed exists "$DATA/abs.txt" &&
	mkdir adir && test_must_fail_with 1 zapp-trace -f -o adir -- true 2>err &&
	expect_file_contains err "zapp-trace: adir: is a directory" &&
	test_must_fail_with 1 zapp-trace -o no/such/dir/list -- touch ran 2>err &&
	expect_eq "zapp-trace: no/such/dir/list: cannot create: No such file or directory" "$(cat err)" &&
	test ! -e ran
'

test_expect_success ROOT 'an unwritable LIST directory, as a user: refused before the run' '
	mkdir -p "$DATA/ro" && chmod 555 "$DATA/ro" && chmod 755 "$DATA" &&
	test_must_fail_with 1 setpriv --reuid=65534 --regid=65534 --clear-groups \
		zapp-trace -o "$DATA/ro/list" -- true 2>err &&
	expect_file_contains err "ro/list: cannot create: Permission denied" &&
	expect_eq "" "$(ls -A "$DATA/ro")"
'

test_expect_success 'usage errors: one line each, exit 2' '
	test_must_fail_with 2 zapp-trace -o l 2>err &&
	expect_eq "zapp-trace: no command given (see --help)" "$(cat err)" &&
	test_must_fail_with 2 zapp-trace -- true 2>err &&
	expect_eq "zapp-trace: no list given: use -o LIST (see --help)" "$(cat err)" &&
	test_must_fail_with 2 zapp-trace --bogus -o l -- true 2>err &&
	expect_eq "zapp-trace: unknown option '"'"'--bogus'"'"' (see --help)" "$(cat err)" &&
	test_must_fail_with 2 zapp-trace -o 2>err &&
	expect_eq "zapp-trace: option '"'"'-o'"'"' needs an argument (see --help)" "$(cat err)" &&
	test ! -e l &&
	zapp-trace --help | grep -q "^Usage: zapp-trace" &&
	zapp-trace --version | grep -E -q "^zapp-trace \(zapp\) [0-9]+\.[0-9]+\.[0-9]+$" &&
	# options after the command are the command'"'"'s
	zapp-trace -o opts.list -- sh -c "echo \$1" sh -o >out && expect_eq -o "$(cat out)"
'

test_expect_success 'a hundred children, a killed child, a stopped and continued one' '
	zapp-trace -o many.list -- sh -c "
		for i in \$(seq 100); do cat \"$DATA/abs.txt\" >/dev/null & done; wait
		sleep 100 & kill -KILL \$!; wait
		sh -c \"kill -STOP \\\$\\\$; cat \\\"$DATA/helper.txt\\\"\" & p=\$!
		sleep 0.3; kill -CONT \$p; wait \$p" >out &&
	listed many.list "$DATA/abs.txt" && listed many.list "$DATA/helper.txt" &&
	expect_eq data "$(cat out)"
'

test_expect_success 'a process the command leaves running keeps running, untouched' '
	rm -f "$DATA/late-done" &&
	zapp-trace -o late.list -- sh -c "(sleep 1; cat \"$DATA/abs.txt\" >\"$DATA/late-done\") >/dev/null 2>&1 &" &&
	# zapp-trace has returned; the process it left finishes its work
	test ! -e "$DATA/late-done" &&
	for i in $(seq 50); do [ -s "$DATA/late-done" ] && break; sleep 0.1; done &&
	expect_eq data "$(cat "$DATA/late-done")" &&
	check_format late.list
'

test_expect_success 'SIGTERM to zapp-trace goes to the command; no list; a second one ends everything' '
	zapp-trace -o sig.list -- sleep 100.4000 & pid=$! &&
	sleep 0.5 && kill -TERM $pid && status=0 && { wait $pid || status=$?; } &&
	expect_eq 143 $status && test ! -e sig.list &&
	expect_eq "" "$(ls -A | grep zapp-trace)" &&
	! pgrep -f "sleep 100.4000"
	zapp-trace -o sig.list -- sh -c "trap \"\" TERM; sleep 100.4001; :" & pid=$! &&
	sleep 0.5 && kill -TERM $pid && sleep 0.3 && kill -0 $pid && kill -TERM $pid &&
	status=0 && { wait $pid || status=$?; } &&
	expect_eq 143 $status && test ! -e sig.list &&
	for i in $(seq 20); do pgrep -f "sleep 100.4001" || break; sleep 0.1; done &&
	! pgrep -f "sleep 100.4001" &&
	expect_eq "" "$(ls -A | grep zapp-trace)"
'

test_expect_success PYTHON3 'Ctrl-C on the terminal: the command'"'"'s to handle; the run ends only if it dies of it' '
	cat >handles.py <<-EOF &&
	import signal, time
	got = []
	signal.signal(signal.SIGINT, lambda s, f: got.append(s))
	print("ready", flush=True)
	t = time.time()
	while not got and time.time() - t < 20:
	    time.sleep(0.05)
	print("caught" if got else "timeout", flush=True)
	open("$DATA/abs.txt").close()
	EOF
	printf "import time\nprint(\"ready\", flush=True)\ntime.sleep(20)\n" >dies.py &&
	python3 "$ZAPP_SRC/tests/trace/onpty.py" zapp-trace -o tty1.list -- /usr/bin/python3 handles.py >out &&
	# where the terminal echoes ^C among the lines depends on timing
	expect_eq "ready^Ccaughtexit0" "$(tr -d " \r\n" <out)" &&
	listed tty1.list "$DATA/abs.txt" &&
	python3 "$ZAPP_SRC/tests/trace/onpty.py" zapp-trace -o tty2.list -- /usr/bin/python3 dies.py >out &&
	expect_file_contains out KeyboardInterrupt && expect_eq "signal 2" "$(tail -n 1 out)" &&
	test ! -e tty2.list && expect_eq "" "$(ls -A | grep zapp-trace)"
'

test_expect_success PYTHON3 'Ctrl-Z and fg: the command stops and goes on, the list is written' '
	printf "#!/bin/sh\necho ready; sleep 1; cat \"%s/abs.txt\"; echo finished\n" "$DATA" >"$DATA/stops.sh" &&
	chmod +x "$DATA/stops.sh" &&
	python3 "$ZAPP_SRC/tests/trace/jobctl.py" "zapp-trace -o \"$TRASH/jc.list\" -- \"$DATA/stops.sh\"" finished >out &&
	expect_file_contains out Stopped && expect_file_contains out data &&
	listed jc.list "$DATA/abs.txt" && listed jc.list "$DATA/stops.sh"
'

test_expect_success ROOT 'a set-user-ID program: followed as root; as a user it runs unprivileged' '
	cat >suid.c <<-\EOC &&
	#include <fcntl.h>
	#include <stdio.h>
	#include <unistd.h>
	int main(int c, char **v) { printf("%d\n", (int)geteuid()); return c < 2 || open(v[1], O_RDONLY) < 0; }
	EOC
	gcc -o "$DATA/suid" suid.c && chmod 4755 "$DATA/suid" &&
	zapp-trace -o suid.list -- setpriv --reuid=65534 --regid=65534 --clear-groups "$DATA/suid" "$DATA/abs.txt" >out &&
	expect_eq 0 "$(cat out)" && listed suid.list "$DATA/suid" && listed suid.list "$DATA/abs.txt" &&
	chmod 755 "$DATA" && chmod 644 "$DATA/abs.txt" && mkdir -p "$DATA/u" && chmod 777 "$DATA/u" &&
	(cd "$DATA/u" && setpriv --reuid=65534 --regid=65534 --clear-groups \
		zapp-trace -o "$DATA/u/list" -- "$DATA/suid" "$DATA/abs.txt" >"$TRASH/out") &&
	expect_eq 65534 "$(cat out)" && listed "$DATA/u/list" "$DATA/abs.txt"
'

# The run traced is the run the Zapp will make: an empty root has no
# C.UTF-8 locale, so python3 there decodes in ASCII; traced on this host it
# would coerce the C locale to C.UTF-8 and never load the ASCII codec.  env
# is traced too, and lands in the Zapp as bin/env.
test_expect_success PYTHON3,ROOT,FILES_FROM 'a Zapp assembled from the traced list runs moved, in an empty root' '
	zapp-trace -o app.list -- env -i LC_ALL=C PYTHONCOERCECLOCALE=0 \
		/usr/bin/python3 -c "import json, sqlite3; print(6 * 7)" >out &&
	expect_eq 42 "$(cat out)" &&
	listed app.list /usr/lib/python3.11/json/__init__.py &&
	zapp-assemble -q -o py.zapp --files-from app.list /usr/bin/python3 &&
	zapp-check -q py.zapp &&
	mkdir -p "root/my apps" && mv py.zapp "root/my apps/py.zapp" &&
	run_in_empty_root root "/my apps/py.zapp/bin/env" -i LC_ALL=C PYTHONCOERCECLOCALE=0 \
		"/my apps/py.zapp/bin/python3" -c "import json, sqlite3; print(json.dumps([sqlite3.sqlite_version_info[0] * 14]))" >out 2>err ||
		{ cat err; false; } &&
	expect_eq "[42]" "$(cat out)"
'

test_done
