#!/bin/bash
# Scripts in a Zapp (docs/layout.md, rule 3): each executable #! file gets a
# launcher at its place that runs the Zapp's interpreter, brought in from
# the host when the input has none; its bytes are under dynbin/, as deep
# as bin/.  The Zapp is moved to a path with spaces and run in an empty
# root and in a root with only musl: $0, sys.argv, $^X, /proc/self/exe,
# the pid, the exit status and a death by a signal are what they would be
# for the same script run by the kernel from dynbin/.
#
# No option is named: the interpreters brought in for the scripts come
# with their run-time files (lib/python3.11, perl's core modules), as any
# interpreter given as an input does (zapp-assemble(1), INTERPRETERS).
. "$(dirname "$0")/lib.sh"
. "$ZAPP_SRC/tests/lib-complete.sh"

# Debian's interpreters by their paths ($DEB_PY: not a python3 of PATH)
[ -x "$DEB_PY" ] && [ -x /usr/bin/perl ] && [ -d /usr/lib/python3.11 ] ||
	{ skip_all="/usr/bin/python3 (3.11) or /usr/bin/perl is not installed"; test_done; }

test_lazy_prereq MUSL_STATIC '
	printf "int main(void){return 0;}\n" >m.c && musl-gcc -static -o m m.c && ./m
'

# what each script prints: its $0 (or sys.argv), its interpreter, its
# arguments one a line, its pid; "exit N" and "kill" at the end of the
# arguments end it so
write_tree() {
	mkdir -p app/bin app/libexec/app app/share/app &&
	echo data >app/share/app/data &&
	cat >app/bin/tool.sh <<-\EOF &&
	#!/bin/sh
	printf "0=%s\n" "$0"
	for a; do printf "arg=<%s>\n" "$a"; done
	printf "pid=%s\n" "$$"
	while read -r l; do echo "$l"; done <"${0%/*}/../share/app/data"
	case "$*" in *"exit "*) eval "exit \${$#}" ;; *kill) kill -TERM $$ ;; esac
	EOF
	cat >app/bin/tool.py <<-\EOF &&
	#!/usr/bin/python3
	import os, sys
	print("argv=%r" % sys.argv)
	print("exe=%s" % os.readlink("/proc/self/exe"))
	print("executable=%s prefix=%s" % (sys.executable, sys.prefix))
	print("pid=%d" % os.getpid())
	if sys.argv[-2:-1] == ["exit"]: sys.exit(int(sys.argv[-1]))
	EOF
	cat >app/bin/tool2.py <<-\EOF &&
	#!/usr/bin/env -S python3 -u
	import sys
	print("orig=%r" % sys.orig_argv)
	print("write_through=%s" % sys.stdout.write_through)
	EOF
	cat >app/bin/tool.pl <<-\EOF &&
	#!/usr/bin/env perl
	print "0=$0\n", "X=$^X\n";
	print "arg=<$_>\n" for @ARGV;
	print "pid=$$\n";
	EOF
	cat >app/libexec/app/x.sh <<-\EOF &&
	#!/bin/sh
	printf "0=%s\n" "$0"
	for a; do printf "arg=<%s>\n" "$a"; done
	EOF
	cat >runx.c <<-\EOF &&
	/* runs ../libexec/app/x.sh from its own directory, by /proc/self/exe */
	#include <libgen.h>
	#include <stdio.h>
	#include <unistd.h>
	int main(int argc, char **argv)
	{
		char self[4096], path[4200];
		ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
		if (n < 0) return 99;
		self[n] = 0;
		snprintf(path, sizeof path, "%s/../libexec/app/x.sh", dirname(self));
		argv[0] = path;
		(void)argc;
		execv(path, argv);
		perror(path);
		return 98;
	}
	EOF
	gcc -O2 -o app/bin/runx runx.c &&
	chmod +x app/bin/*.sh app/bin/*.py app/bin/*.pl app/libexec/app/x.sh
}

test_expect_success 'a tree of scripts assembles; the interpreters come from the host' '
	write_tree &&
	zapp-assemble -o z.zapp app >out 2>err &&
	cat out err &&
	expect_file_contains out " scripts (interpreters brought in: /usr/bin/perl, /usr/bin/python3, /bin/sh)" &&
	expect_file_contains out "are the run-time files of " &&
	test -f z.zapp/lib/python3.11/os.py &&
	for s in tool.sh tool.py tool2.py tool.pl; do
		test -f z.zapp/dynbin/$s && cmp app/bin/$s z.zapp/dynbin/$s || fail "dynbin/$s"
	done &&
	cmp app/libexec/app/x.sh z.zapp/dynbin/libexec/app/x.sh &&
	test -x z.zapp/bin/sh && test -x z.zapp/bin/python3 && test -x z.zapp/bin/perl &&
	zapp-check z.zapp
'

# the expected output of a script run from Zapp Z
want_sh() {
	local z=$1 path=$2; shift 2
	printf "0=%s\n" "$z/$path"
	for a; do printf "arg=<%s>\n" "$a"; done
}

run_checks() {
	# run_checks Z RUN...: RUN is a prefix that runs a command where Z is
	local z=$1; shift
	"$@" "$z/bin/tool.sh" "a b" "" c >out &&
	{ want_sh "$z" dynbin/tool.sh "a b" "" c; } >want &&
	head -n 4 out >got && test_cmp want got &&
	grep -qx data out &&
	"$@" "$z/bin/tool.py" "a b" "" >out &&
	printf "argv=%s\nexe=%s\nexecutable=%s prefix=%s\n" \
		"[$(printf "%s" "'$z/dynbin/tool.py', 'a b', ''")]" "$z/bin/python3" "$z/bin/python3" "$z" >want &&
	head -n 3 out >got && test_cmp want got &&
	"$@" "$z/bin/tool2.py" x >out &&
	printf "orig=%s\nwrite_through=True\n" "['$z/bin/python3', '-u', '$z/dynbin/tool2.py', 'x']" >want &&
	test_cmp want out &&
	"$@" "$z/bin/tool.pl" "a b" "" >out &&
	printf "0=%s\nX=%s\narg=<a b>\narg=<>\n" "$z/dynbin/tool.pl" "$z/bin/perl" >want &&
	head -n 4 out >got && test_cmp want got &&
	"$@" "$z/bin/runx" "a b" "" >out &&
	want_sh "$z" dynbin/libexec/app/x.sh "a b" "" >want &&
	test_cmp want out
}

test_expect_success 'natively, from the install tree: what the launchers give from dynbin/' '
	"$PWD/app/bin/tool.sh" "a b" "" c >out &&
	want_sh "$PWD/app" bin/tool.sh "a b" "" c >want &&
	head -n 4 out >got && test_cmp want got
'

test_expect_success 'moved to a path with spaces: $0, sys.argv, $^X, /proc/self/exe' '
	mkdir "moved here" && cp -a z.zapp "moved here/z zapp" &&
	run_checks "$PWD/moved here/z zapp" env
'

test_expect_success 'the pid is the one the shell started' '
	z="$PWD/moved here/z zapp"
	for t in tool.sh tool.py tool.pl; do
		"$z/bin/$t" >out &
		pid=$!
		wait $pid
		grep -qx "pid=$pid" out || fail "$t: $(cat out)"
	done
'

test_expect_success 'the exit status and a death by SIGTERM come through' '
	z="$PWD/moved here/z zapp" &&
	test_must_fail_with 3 "$z/bin/tool.sh" exit 3 &&
	test_must_fail_with 3 "$z/bin/tool.py" exit 3 &&
	test_must_fail_with 3 "$PWD/app/bin/tool.sh" exit 3 &&
	{ "$z/bin/tool.sh" kill >/dev/null; st=$?; } ; expect_eq 143 $st "status of a SIGTERM" &&
	{ "$PWD/app/bin/tool.sh" kill >/dev/null; st=$?; } ; expect_eq 143 $st "natively"
'

test_expect_success ROOT 'in an empty root' '
	min_root root && cp -a z.zapp "root/z zapp" &&
	run_checks "/z zapp" in_root root
'

test_expect_success ROOT,MUSL_STATIC 'in a root with only musl (a static musl caller, its loader)' '
	cat >caller.c <<-\EOF &&
	#include <unistd.h>
	int main(int argc, char **argv) { (void)argc; execv(argv[1], argv + 1); return 97; }
	EOF
	musl-gcc -static -O2 -o caller caller.c &&
	mkdir -p mroot/lib mroot/bin && cp -a z.zapp "mroot/z zapp" &&
	cp /lib/x86_64-linux-musl/libc.so mroot/lib/ld-musl-x86_64.so.1 &&
	cp caller mroot/bin/caller &&
	run_checks "/z zapp" in_root mroot /bin/caller
'

test_expect_success 'an interpreter deleted from the Zapp: a message and 127; zapp-check says so' '
	cp -a z.zapp broken.zapp && rm broken.zapp/bin/perl broken.zapp/dynbin/sh &&
	test_must_fail_with 127 broken.zapp/bin/tool.pl 2>err &&
	expect_eq "zapp: tool.pl: cannot run interpreter '\''$PWD/broken.zapp/bin/perl'\'': No such file or directory" "$(cat err)" &&
	test_must_fail_with 127 broken.zapp/bin/tool.sh 2>err &&
	expect_eq "zapp: tool.sh: cannot open program '\''$PWD/broken.zapp/dynbin/sh'\'': No such file or directory" "$(cat err)" &&
	test_must_fail_with 1 zapp-check broken.zapp 2>err &&
	expect_file_contains err "bin/tool.pl: its script'\''s interpreter bin/perl is not in the Zapp" &&
	expect_file_contains err "bin/tool.sh: starts dynbin/sh, which is not in the Zapp"
'

test_expect_success 'a script deleted from the Zapp: a message and 127' '
	cp -a z.zapp gone.zapp && rm gone.zapp/dynbin/tool.py &&
	test_must_fail_with 127 gone.zapp/bin/tool.py 2>err &&
	expect_eq "zapp: tool.py: cannot open script '\''$PWD/gone.zapp/dynbin/tool.py'\'': No such file or directory" "$(cat err)"
'

test_expect_success 'an interpreter found nowhere: an error naming both, no Zapp' '
	mkdir -p bad/bin && printf "#!/nonexistent/interp -x\n" >bad/bin/t && chmod +x bad/bin/t &&
	test_must_fail_with 1 zapp-assemble -o bad.zapp bad 2>err &&
	expect_file_contains err "bad/bin/t: its interpreter /nonexistent/interp is not in the Zapp" &&
	! test -e bad.zapp &&
	printf "#!/usr/bin/env no-such-program-zapp\n" >bad/bin/t &&
	test_must_fail_with 1 zapp-assemble -o bad.zapp bad 2>err &&
	expect_file_contains err "its interpreter no-such-program-zapp (#!/usr/bin/env no-such-program-zapp) is not in the Zapp" &&
	! test -e bad.zapp &&
	printf "#!/bin/sh\r\necho\r\n" >bad/bin/t &&
	test_must_fail_with 1 zapp-assemble -o bad.zapp bad 2>err &&
	expect_file_contains err "(its #! line ends in a CR: a DOS line end)" &&
	! test -e bad.zapp
'

test_expect_success 'env lines that env would read otherwise are refused' '
	printf "#!/usr/bin/env perl -w\n" >bad/bin/t &&
	test_must_fail_with 1 zapp-assemble -o bad.zapp bad 2>err &&
	expect_file_contains err "its arguments need -S" &&
	printf "#!/usr/bin/env -S X=1 perl\n" >bad/bin/t &&
	test_must_fail_with 1 zapp-assemble -o bad.zapp bad 2>err &&
	expect_file_contains err "env assignment X=1: not supported" &&
	! test -e bad.zapp
'

test_expect_success 'the interpreter in the Zapp is used: a tree'\''s own bin/NAME, or a program input' '
	mkdir -p own/bin && cp app/bin/tool.sh own/bin/ &&
	printf "#!/usr/bin/env mysh\nprintf \"mysh:%%s\\n\" \"\$0\"\n" >own/bin/t2 &&
	cp /usr/bin/dash own/bin/mysh && cp /usr/bin/dash own/bin/sh && chmod +x own/bin/* &&
	zapp-assemble -o own.zapp own >out &&
	expect_file_lacks out "brought in" &&
	expect_eq "mysh:$PWD/own.zapp/dynbin/t2" "$(own.zapp/bin/t2)" &&
	zapp-assemble -v -o in.zapp app/bin/tool.sh /bin/sh >out &&
	expect_file_lacks out "brought in" &&
	grep -q "bin/tool.sh: a script, run by bin/sh" out
'

test_expect_success 'an included script gets its launcher, its interpreter, and its host paths in the map' '
	head -c 9 /usr/bin/zcat | grep -qx "#!/bin/sh" &&
	zapp-assemble -o gz.zapp /usr/bin/gzip --include /usr/bin/zcat >out &&
	expect_file_contains out "1 script (interpreters brought in: /bin/sh)" &&
	grep -qx "/usr/bin/zcat	bin/zcat" gz.zapp/lib/zapp/hostpaths &&
	grep -qx "/bin/sh	bin/sh" gz.zapp/lib/zapp/hostpaths &&
	cmp /usr/bin/zcat gz.zapp/dynbin/zcat && zapp-check gz.zapp >out &&
	grep -qx "gz.zapp: ok: x86-64, 2 programs, 3 launchers, [0-9]* libraries, 1 script" out &&
	expect_eq hello "$(echo hello | gzip | gz.zapp/bin/zcat)"
'

test_expect_success 'with --sysroot the interpreter is brought in from that root' '
	mkdir -p sr/usr/bin sr/lib/x86_64-linux-gnu sr/lib64 srt/bin &&
	cp /usr/bin/dash sr/usr/bin/zapp-test-sh &&
	cp /lib/x86_64-linux-gnu/libc.so.6 sr/lib/x86_64-linux-gnu/ &&
	cp /lib/x86_64-linux-gnu/ld-linux-x86-64.so.2 sr/lib/x86_64-linux-gnu/ &&
	cp /lib/x86_64-linux-gnu/ld-linux-x86-64.so.2 sr/lib64/ &&
	printf "#!/usr/bin/env zapp-test-sh\necho \"env: \$0\"\n" >srt/bin/a &&
	printf "#!/usr/bin/zapp-test-sh -e\necho \"abs: \$0 \$-\"\n" >srt/bin/b && chmod +x srt/bin/* &&
	test_must_fail_with 1 zapp-assemble -o sr.zapp srt 2>err &&
	expect_file_contains err "its interpreter zapp-test-sh (#!/usr/bin/env zapp-test-sh) is not in the Zapp" &&
	zapp-assemble --sysroot sr -o sr.zapp srt >out &&
	expect_file_contains out "2 scripts (interpreters brought in: sr/usr/bin/zapp-test-sh)" &&
	test -x sr.zapp/bin/zapp-test-sh && zapp-check sr.zapp &&
	expect_eq "env: $PWD/sr.zapp/dynbin/a" "$(sr.zapp/bin/a)" &&
	case $(sr.zapp/bin/b) in "abs: $PWD/sr.zapp/dynbin/b "*e*) ;; *) fail "b: $(sr.zapp/bin/b)" ;; esac
'

test_expect_success 'a script whose interpreter is a script: followed as Linux follows it, 5 scripts at most' '
	mkdir -p chain/bin &&
	printf "#!/bin/sh\nprintf \"inner:%%s\\n\" \"\$@\"\n" >chain/bin/i1 &&
	for i in 2 3 4 5; do printf "#!$PWD/chain/bin/i$((i - 1))\n" >chain/bin/i$i; done &&
	chmod +x chain/bin/* &&
	chain/bin/i5 z >native &&
	printf "inner:%s\n" "$PWD/chain/bin/i2" "$PWD/chain/bin/i3" "$PWD/chain/bin/i4" chain/bin/i5 z >want &&
	test_cmp want native &&
	zapp-assemble -o chain.zapp chain &&
	chain.zapp/bin/i5 z >out &&
	printf "inner:%s\n" "$PWD/chain.zapp/dynbin/i2" "$PWD/chain.zapp/dynbin/i3" "$PWD/chain.zapp/dynbin/i4" \
		"$PWD/chain.zapp/dynbin/i5" z >want &&
	test_cmp want out &&
	printf "#!$PWD/chain/bin/i5\n" >chain/bin/i6 && chmod +x chain/bin/i6 &&
	test_must_fail_with 126 chain/bin/i6 2>/dev/null &&
	test_must_fail_with 1 zapp-assemble -o chain2.zapp chain 2>err &&
	expect_file_contains err "bin/i6: a chain of more than 5 scripts, each the interpreter of the one before" &&
	! test -e chain2.zapp &&
	printf "#!/usr/bin/env loop2\n" >chain/bin/loop1 && printf "#!/usr/bin/env loop1\n" >chain/bin/loop2 &&
	rm chain/bin/i6 && chmod +x chain/bin/* &&
	test_must_fail_with 1 zapp-assemble -o chain2.zapp chain 2>err &&
	expect_file_contains err "bin/loop1: a chain of more than 5 scripts" &&
	! test -e chain2.zapp
'

test_expect_success 'what Linux refuses stays as it is, with a warning; modules keep their #!' '
	mkdir -p odd/bin odd/lib/py && cp app/bin/tool.sh odd/bin/ &&
	{ printf "#!/"; head -c 300 /dev/zero | tr "\0" a; } >odd/bin/long &&
	printf "#!\n" >odd/bin/empty &&
	printf "#!/usr/bin/python3\nx = 1\n" >odd/lib/py/mod.py &&
	chmod +x odd/bin/* odd/lib/py/mod.py &&
	zapp-assemble -o odd.zapp odd 2>err &&
	expect_file_contains err "odd/bin/long: kept as it is, not a script" &&
	expect_file_contains err "odd/bin/empty: kept as it is, not a script: its #! line names no interpreter" &&
	cmp odd/bin/long odd.zapp/bin/long && cmp odd/lib/py/mod.py odd.zapp/lib/py/mod.py &&
	zapp-check odd.zapp 2>err &&
	expect_file_contains err "bin/long: starts with #! but is no script Linux runs"
'

test_expect_success 'a jumploader of an older record (ZAPP-STAMP-2) takes no script: refused, no Zapp' '
	cp "$ZAPP_BUILD/lib/zapp/jumploader-x86_64" jl2 &&
	off=$(readelf -SW jl2 | sed -n "s/.* \.zapp_stamp *PROGBITS *[0-9a-f]* \([0-9a-f]*\) .*/\1/p") &&
	printf ZAPP-STAMP-2 | dd of=jl2 bs=1 seek=$((0x$off)) conv=notrunc 2>/dev/null &&
	test_must_fail_with 1 zapp-assemble --jumploader jl2 -o jl2.zapp app/bin/tool.sh 2>err &&
	expect_file_contains err "has no room for a script" &&
	! test -e jl2.zapp
'

test_expect_success 'zapp-check: a script left to run the host'\''s interpreter' '
	cp -a z.zapp old.zapp && rm old.zapp/bin/tool.py && cp app/bin/tool.py old.zapp/bin/tool.py &&
	test_must_fail_with 1 zapp-check old.zapp 2>err &&
	expect_file_contains err "bin/tool.py: a script with no launcher: its #! line runs /usr/bin/python3 of the host"
'

test_done
