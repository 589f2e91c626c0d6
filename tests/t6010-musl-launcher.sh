#!/bin/sh
# The launcher of a musl program, as zapp-assemble makes it, starts the
# program the way the kernel would: argv[0], /proc/self/exe, comm, the pid,
# the aux vector (AT_BASE the Zapp's musl), the environment, the exit
# status and a death by signal are what they are natively (t2000 for glibc).

. "$(dirname "$0")/lib.sh"
. "$ZAPP_SRC/tests/jumploader/lib-jumploader.sh"

REAL=$(pwd -P)
EXE=$REAL/Z/bin/showme

test_expect_success 'setup: showme built with musl-gcc, assembled' '
	jl_build_helper spawn &&
	mkdir -p stage/bin &&
	musl-gcc -O2 -o stage/bin/showme "$JL_SRC/showme.c" &&
	expect_eq /lib/ld-musl-x86_64.so.1 "$(jl_interp stage/bin/showme)" PT_INTERP &&
	zapp-assemble -q -o Z stage &&
	zapp-check -q Z &&
	test -f Z/lib/ld-musl-x86_64.so.1 && test -f Z/lib/libc.so
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
	test_cmp want got &&
	expect_eq showme "$(jl_field out comm)" comm &&
	expect_eq "$EXE" "$(jl_field out execfn)" AT_EXECFN &&
	expect_eq ok "$(jl_field out auxv)" "aux vector ($(grep ^auxv out))"
'

test_expect_success 'invoked by relative path, through a symlink, through PATH, with exec -a' '
	mkdir -p sub elsewhere && (cd sub && ../Z/bin/showme >../out) &&
	expect_eq ../Z/bin/showme "$(jl_field out "argv\[0\]")" argv0 &&
	expect_eq "$EXE" "$(jl_field out exe)" exe &&
	ln -s "$EXE" elsewhere/alias && elsewhere/alias >out &&
	expect_eq elsewhere/alias "$(jl_field out "argv\[0\]")" "argv0 (symlink)" &&
	expect_eq "$EXE" "$(jl_field out exe)" "exe (symlink)" &&
	expect_eq alias "$(jl_field out comm)" "comm (the name invoked)" &&
	PATH=$REAL/Z/bin:$PATH showme >out &&
	expect_eq showme "$(jl_field out "argv\[0\]")" "argv0 (PATH)" &&
	(exec -a custom-name Z/bin/showme) >out &&
	expect_eq custom-name "$(jl_field out "argv\[0\]")" "argv0 (exec -a)" &&
	expect_eq "$EXE" "$(jl_field out exe)" "exe (exec -a)"
'

test_expect_success 'the program has the pid the shell started' '
	Z/bin/showme >out &
	pid=$!
	wait $pid &&
	expect_eq "$pid" "$(jl_field out pid)" pid
'

test_expect_success 'the environment arrives byte for byte, an empty one stays empty' '
	JL_ODD="two
lines = and an equals" JL_EMPTY= ./spawn --env-to=want Z/bin/showme showme --env=got >out &&
	grep -qz "^JL_ODD=two" want &&
	cmp want got &&
	env -i Z/bin/showme --env=got >out &&
	test -f got && ! test -s got
'

test_expect_success 'it runs on the Zapp'"'"'s musl, mapped where AT_BASE says' '
	Z/bin/showme --maps >out &&
	grep " $REAL/Z/lib/ld-musl-x86_64.so.1\$" out >ld &&
	grep -q " $REAL/Z/dynbin/showme\$" out &&
	! grep -E " /(usr/)?lib(64)?/" out &&
	! grep -q "libc.so" out &&
	base=$(head -n 1 ld | cut -d- -f1 | sed "s/^0*//") &&
	expect_eq "0x$base" "$(jl_field out at_base)" "AT_BASE (the loader)"
'

test_expect_success 'exit status 42 comes back; death by SIGSEGV shows as 139' '
	Z/bin/showme --exit=42 >out && status=0 || status=$?
	expect_eq 42 "$status" "exit status" &&
	{ Z/bin/showme --segv >out 2>&1 && status=0 || status=$?; } &&
	expect_eq 139 "$status" "exit status of a SIGSEGV" &&
	expect_eq "$EXE" "$(jl_field out exe)" exe
'

test_expect_success 'a child the program runs sees the caller'"'"'s environment' '
	cmd="env -0 >child.env" &&
	JL_MARK=1 ./spawn /bin/sh sh -c "$cmd" && mv child.env direct.env &&
	JL_MARK=1 ./spawn Z/bin/showme showme "--run=$cmd" >out &&
	cmp direct.env child.env
'

test_expect_success 'moved, /proc/self/exe and the maps follow' '
	mkdir -p "new home" && cp -a Z "new home/Z" &&
	"new home/Z/bin/showme" --maps >out &&
	expect_eq "$REAL/new home/Z/bin/showme" "$(jl_field out exe)" exe &&
	grep -q " $REAL/new home/Z/lib/ld-musl-x86_64.so.1\$" out &&
	! grep -q " $REAL/Z/" out
'

test_expect_success STRACE 'strace sees exactly one execve' '
	strace -f -e trace=execve,execveat -o trace Z/bin/showme traced >out &&
	expect_eq traced "$(jl_field out "argv\[1\]")" argv1 &&
	expect_eq 1 "$(grep -c "execve" trace)" "execve calls"
'

test_done
