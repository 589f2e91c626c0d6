#!/bin/sh
# The jumploader starts a Zapp's real program in the same process, with the
# caller's argv and environment untouched, however the Zapp is invoked.
# JL_ARCH=i386 runs the same stories with the 32-bit jumploader
# (t6110-i386-jumploader.sh, which has sourced tests/lib.sh already).

command -v test_done >/dev/null || . "$(dirname "$0")/lib.sh"
. "$ZAPP_SRC/tests/jumploader/lib-jumploader.sh"

REAL=$(pwd -P)
EXE=$REAL/Z/bin/showme

test_expect_success 'the jumploader is built' '
	test -x "$JL"
'

test_expect_success 'its image has no loader, no libraries, and fits in 24 KiB' '
	readelf -hW "$JL" | grep -q "Type: *DYN" &&
	readelf -lW "$JL" >phdrs &&
	expect_file_lacks phdrs INTERP &&
	expect_file_contains phdrs LOAD &&
	readelf -dW "$JL" >dyn &&
	expect_file_lacks dyn NEEDED &&
	readelf -rW "$JL" >relocs &&
	expect_file_contains relocs "There are no relocations in this file" &&
	size=$(wc -c <"$JL") &&
	test "$size" -le 24576 || fail "jumploader is $size bytes"
'

test_expect_success 'it keeps its section headers and an empty stamp record' '
	jl_build_helper stamp &&
	readelf -SW "$JL" >sections &&
	expect_file_contains sections " .zapp_stamp " &&
	cp "$JL" copy && ./stamp --show copy >record &&
	printf "ZAPP-STAMP-4\n\n\n" >want &&
	cmp want record
'

test_expect_success 'setup: a PIE program in a hand-made Zapp' '
	jl_build_helper spawn &&
	jl_make_zapp Z showme gcc $JL_M -O2 "$JL_SRC/showme.c" $JL_RPATH &&
	readelf -hW Z/dynbin/showme | grep -q "Type: *DYN" &&
	test -f Z/lib/$JL_LDSO &&
	test -f Z/lib/libc.so.6
'

test_expect_success 'invoked by absolute path' '
	"$EXE" one "two words" "" >out &&
	cat >want <<-EOT &&
	argc=4
	argv[0]=$EXE
	argv[1]=one
	argv[2]=two words
	argv[3]=
	exe=$EXE
	EOT
	head -n 5 out >got && sed -n "/^exe=/p" out >>got &&
	cmp want got &&
	expect_eq showme "$(jl_field out comm)" comm &&
	expect_eq "$EXE" "$(jl_field out execfn)" AT_EXECFN &&
	expect_eq ok "$(jl_field out auxv)" "aux vector"
'

test_expect_success 'invoked by relative path' '
	mkdir -p sub && cd sub &&
	../Z/bin/showme >out &&
	expect_eq ../Z/bin/showme "$(jl_field out "argv\[0\]")" argv0 &&
	expect_eq "$EXE" "$(jl_field out exe)" exe &&
	expect_eq "$REAL/sub" "$(jl_field out cwd)" cwd
'

test_expect_success 'invoked through a symlink in another directory' '
	mkdir -p elsewhere &&
	ln -s "$EXE" elsewhere/alias &&
	elsewhere/alias >out &&
	expect_eq elsewhere/alias "$(jl_field out "argv\[0\]")" argv0 &&
	expect_eq "$EXE" "$(jl_field out exe)" exe &&
	expect_eq alias "$(jl_field out comm)" "comm (the name invoked)"
'

test_expect_success 'invoked through PATH' '
	PATH=$REAL/Z/bin:$PATH showme >out &&
	expect_eq showme "$(jl_field out "argv\[0\]")" argv0 &&
	expect_eq "$EXE" "$(jl_field out exe)" exe
'

test_expect_success 'invoked with exec -a custom-name' '
	(exec -a custom-name Z/bin/showme) >out &&
	expect_eq custom-name "$(jl_field out "argv\[0\]")" argv0 &&
	expect_eq "$EXE" "$(jl_field out exe)" exe &&
	expect_eq showme "$(jl_field out comm)" comm
'

test_expect_success 'the program has the pid the shell started' '
	Z/bin/showme >out &
	pid=$!
	wait $pid &&
	expect_eq "$pid" "$(jl_field out pid)" pid
'

test_expect_success 'the environment arrives byte for byte' '
	JL_ODD="two
lines = and an equals" JL_EMPTY= ./spawn --env-to=want Z/bin/showme showme --env=got >out &&
	grep -qz "^JL_ODD=two" want &&
	cmp want got
'

test_expect_success 'an empty environment stays empty (no LD_LIBRARY_PATH)' '
	env -i Z/bin/showme --env=got >out &&
	expect_eq "$EXE" "$(jl_field out exe)" exe &&
	test -f got && ! test -s got
'

test_expect_success 'the program runs on the Zapp'"'"'s loader and libc' '
	Z/bin/showme --maps >out &&
	grep " $REAL/Z/lib/$JL_LDSO\$" out >ld &&
	grep -q " $REAL/Z/lib/libc.so.6\$" out &&
	grep -q " $REAL/Z/dynbin/showme\$" out &&
	! grep -E " /(usr/)?lib(32|64)?/" out &&
	base=$(head -n 1 ld | cut -d- -f1 | sed "s/^0*//") &&
	expect_eq "0x$base" "$(jl_field out at_base)" "AT_BASE (the loader)"
'

test_expect_success 'exit status 42 comes back' '
	Z/bin/showme --exit=42 >out && status=0 || status=$?
	expect_eq 42 "$status" "exit status"
'

test_expect_success 'death by SIGSEGV shows as 139' '
	Z/bin/showme --segv >out 2>&1 && status=0 || status=$?
	expect_eq 139 "$status" "exit status" &&
	expect_eq "$EXE" "$(jl_field out exe)" exe
'

test_expect_success 'stdin, stdout and stderr pass through' '
	printf "line 1\nline 2\n" | Z/bin/showme --cat --stderr=on-stderr >out 2>err &&
	sed -n "/^line /p" out >got &&
	printf "line 1\nline 2\n" >want &&
	cmp want got &&
	echo on-stderr >want &&
	cmp want err
'

test_expect_success 'no file descriptor is added or taken away' '
	Z/dynbin/showme --fds >native 7</dev/null &&
	Z/bin/showme --fds >out 7</dev/null &&
	jl_field native fds | grep -q "^0 1 2 .*7" &&
	expect_eq "$(jl_field native fds)" "$(jl_field out fds)" "fds through the jumploader" &&
	Z/dynbin/showme --fds >native <&- &&
	Z/bin/showme --fds >out <&- &&
	jl_field native fds | grep -q "^1 2" &&
	expect_eq "$(jl_field native fds)" "$(jl_field out fds)" "fds with stdin closed"
'

test_expect_success 'a host /bin/sh run by the program sees the caller'"'"'s environment' '
	cmd="env -0 >child.env; ls / >child.ls" &&
	JL_MARK=1 ./spawn /bin/sh sh -c "$cmd" &&
	mv child.env direct.env && mv child.ls direct.ls &&
	JL_MARK=1 ./spawn Z/bin/showme showme "--run=$cmd" >out &&
	grep -qz "^JL_MARK=1\$" child.env &&
	cmp direct.env child.env &&
	test -s child.ls &&
	cmp direct.ls child.ls
'

test_expect_success 'the Zapp still runs after being moved' '
	cp -a Z moved && mv moved "$REAL/elsewhere/" &&
	elsewhere/moved/bin/showme --maps >out &&
	expect_eq "$REAL/elsewhere/moved/bin/showme" "$(jl_field out exe)" exe &&
	grep -q " $REAL/elsewhere/moved/lib/libc.so.6\$" out &&
	! grep -q " $REAL/Z/" out
'

test_expect_success STRACE 'strace sees exactly one execve' '
	strace -f -e trace=execve,execveat -o trace Z/bin/showme traced >out &&
	expect_eq traced "$(jl_field out "argv\[1\]")" argv1 &&
	expect_eq 1 "$(grep -c "execve" trace)" "execve calls" &&
	expect_file_contains trace "execve(\"Z/bin/showme\", [\"Z/bin/showme\", \"traced\"]"
'

test_done
