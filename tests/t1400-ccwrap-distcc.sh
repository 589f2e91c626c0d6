#!/bin/bash
# distcc composes with the wrappers the way ccache does: ZAPP_CC="distcc gcc"
# (and CC="distcc zapp-cc", and distcc's masquerade directory in PATH) send
# every compile step to a distccd unchanged, while links stay local and get
# the rpath.  The distccd is the test's own, on 127.0.0.1; DISTCC_FALLBACK=0
# makes a compile that cannot go remote fail instead of running locally, and
# the server's log counts the jobs it compiled.
. "$(dirname "$0")/lib.sh"
. "$ZAPP_SRC/tests/ccwrap/lib-remote.sh"

if ! command -v distcc >/dev/null || ! command -v distccd >/dev/null; then
	skip_all="distcc is not installed (apt-get install distcc)"
	test_done
fi

# The server: it serves gcc and g++ (under the names the client sends) and
# the wrappers, named in a DISTCC_CMDLIST (as a volunteer would list them;
# the default is distcc's masquerade directory, which a test cannot change).
# Started as root it drops to nobody, so its files are in a directory of
# its own that nobody may write.
srv=$TRASH/srv
mkdir -p "$srv"
triplet=$(gcc -dumpmachine)
for c in gcc g++ cc c++ "$triplet-gcc" "$triplet-g++"; do
	command -v "$c"
done >"$srv/cmdlist"
printf '%s\n' "$ZAPP_BUILD/bin/zapp-cc" "$ZAPP_BUILD/bin/zapp-c++" >>"$srv/cmdlist"
user=
if test_have_prereq ROOT; then
	chown nobody "$srv"
	user="--user nobody"
fi

# start_distccd PORT: start distccd on 127.0.0.1:PORT in the background; its
# pid in $distccd_pid.  Fails when it does not listen within 10 s (the port
# may be taken: the caller tries another).
distccd_pid=
start_distccd() {
	local port=$1 i=0
	: >"$srv/distccd.log" && chmod 666 "$srv/distccd.log"
	DISTCC_CMDLIST=$srv/cmdlist DISTCC_CMDLIST_NUMWORDS=1 \
		distccd --daemon --no-detach $user --allow 127.0.0.1 --listen 127.0.0.1 \
		--port "$port" --jobs 2 --pid-file "$srv/distccd.pid" \
		--log-file "$srv/distccd.log" --verbose </dev/null >/dev/null 2>&1 &
	distccd_pid=$!
	while [ $i -lt 100 ]; do
		grep -q "listening on 127.0.0.1:$port" "$srv/distccd.log" && return 0
		kill -0 "$distccd_pid" 2>/dev/null || break
		sleep 0.1
		i=$((i + 1))
	done
	stop_distccd
	return 1
}
# stop_distccd: end the distccd this script started, and only it.
stop_distccd() {
	[ -n "$distccd_pid" ] || return 0
	kill "$distccd_pid" 2>/dev/null
	wait "$distccd_pid" 2>/dev/null
	distccd_pid=
}
trap stop_distccd EXIT

port=
for try in 1 2 3 4 5 6 7 8; do
	p=$((20000 + ($$ * 7 + try * 7919) % 40000))
	if start_distccd "$p"; then
		port=$p
		break
	fi
done
export DISTCC_HOSTS=127.0.0.1:${port:-1} DISTCC_FALLBACK=0
export DISTCC_DIR=$TRASH/distcc-client
mkdir -p "$DISTCC_DIR"

# server_jobs WANT: how many compile jobs the server has completed so far,
# waiting up to 10 s for WANT of them: the server logs a job after its
# reply has left, so a client that is done may be ahead of the log.
server_jobs() {
	local i=0 n
	while n=$(grep -c "COMPILE_OK" "$srv/distccd.log"; :) && [ "$n" -lt "$1" ] && [ $i -lt 100 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	echo "$n"
}
# sent: the argument lists the server was sent, its first word (the
# compiler) left out, sorted.
sent() { sed -n 's/.*(dcc_scan_args) scanning arguments: [^ ]* //p' "$srv/distccd.log" | sort; }
# compiles LOG WORDS: the compile commands make printed in LOG, their first
# WORDS words left out, sorted, and without -I options: distcc preprocesses
# on the client and sends the rest.
compiles() {
	grep -E -e " -c( |$)" "$1" | grep -v "Entering\|Leaving" |
		sed "s/^[[:space:]]*//; s/ -I[^ ]*//g" | cut -d" " -f$(($2 + 1))- | sort
}

test_expect_success 'a distccd of our own listens on 127.0.0.1' '
	test -n "$port" &&
	expect_eq "$distccd_pid" "$(cat "$srv/distccd.pid")" "the pid distccd wrote"
'

test_expect_success 'the example built locally with plain gcc, for comparison' '
	cp -r "$ZAPP_SRC/examples/hello" plain &&
	make -C plain CC=gcc CXX=g++ >plain.log 2>&1 &&
	expect_eq 0 "$(server_jobs 0)" "jobs the server ran"
'

test_expect_success 'ZAPP_CC="distcc gcc": each compile step goes remote unchanged, links stay local' '
	cp -r "$ZAPP_SRC/examples/hello" ex1 &&
	: >"$srv/distccd.log" &&
	ZAPP_CC="distcc gcc" ZAPP_CXX="distcc g++" make -C ex1 CC=zapp-cc CXX=zapp-c++ >ex1.log 2>&1 &&
	expect_eq 5 "$(server_jobs 5)" "compile jobs the server ran (one per compile step)" &&
	compiles ex1.log 1 >want && sent >got && cmp want got &&
	expect_file_lacks "$srv/distccd.log" XORIGIN &&
	same_objects ex1 &&
	rpaths_ok ex1
'

test_expect_success 'CC="distcc zapp-cc": the server runs the wrapper, which compiles unchanged' '
	cp -r "$ZAPP_SRC/examples/hello" ex2 &&
	: >"$srv/distccd.log" &&
	make -C ex2 CC="distcc zapp-cc" CXX="distcc zapp-c++" >ex2.log 2>&1 &&
	expect_eq 5 "$(server_jobs 5)" "compile jobs the server ran" &&
	expect_eq 5 "$(grep -c "forking to execute: $ZAPP_BUILD/bin/zapp-c" "$srv/distccd.log")" "jobs run by a wrapper" &&
	compiles ex2.log 2 >want && sent >got && cmp want got &&
	same_objects ex2 &&
	rpaths_ok ex2
'

test_expect_success 'distcc masquerading as the compiler in PATH, below zapp-cc' '
	test -x /usr/lib/distcc/gcc || { echo "no /usr/lib/distcc/gcc"; exit 1; } &&
	cp -r "$ZAPP_SRC/examples/hello" ex3 &&
	: >"$srv/distccd.log" &&
	PATH=$ZAPP_BUILD/bin:/usr/lib/distcc:$PATH ZAPP_CC=gcc ZAPP_CXX=g++ \
		make -C ex3 CC=zapp-cc CXX=zapp-c++ >ex3.log 2>&1 &&
	expect_eq 5 "$(server_jobs 5)" "compile jobs the server ran" &&
	same_objects ex3 &&
	rpaths_ok ex3
'

test_expect_success 'ZAPP_CC=distcc (distcc picks the compiler): compiles remote, links local' '
	printf "int main(void) { return 0; }\n" >one.c &&
	: >"$srv/distccd.log" &&
	ZAPP_CC=distcc zapp-cc -O2 -c one.c -o one.o &&
	expect_eq 1 "$(server_jobs 1)" "compile jobs the server ran" &&
	gcc -O2 -c one.c -o one-local.o && cmp one-local.o one.o &&
	ZAPP_CC=distcc zapp-cc one.o -o one &&
	expect_eq 1 "$(server_jobs 1)" "compile jobs the server ran" &&
	expect_eq "RPATH \$ORIGIN/../lib" "$(rpath_of one)" && ./one
'

test_expect_success 'ZAPP_CC="distcc zapp-cc" is refused: distcc would run the wrapper again' '
	test_must_fail_with 2 env ZAPP_CC="distcc zapp-cc" zapp-cc -c one.c -o two.o 2>err &&
	expect_file_contains err "zapp-cc: ZAPP_CC: '\''distcc zapp-cc'\'' names zapp-cc itself" &&
	test ! -e two.o
'

test_expect_success 'the distcc-built example, assembled and moved, runs; also in an empty root' '
	make -C ex1 install DESTDIR="$TRASH/stage" >install.log 2>&1 &&
	zapp-assemble -q -o hello.zapp stage/usr/local &&
	mkdir -p "far away" && mv hello.zapp "far away/" &&
	expect_eq "Hello from libgreet, world!" "$("far away/hello.zapp/bin/hello")" &&
	"far away/hello.zapp/bin/hello++" abc >out &&
	printf "%s\n" "Hello from libgreet, abc!" "hello++ says: 3 letters" >want &&
	cmp want out &&
	if test_have_prereq ROOT; then
		mkdir root && cp -r "far away/hello.zapp" root/ &&
		run_in_empty_root root /hello.zapp/bin/hello --plugin >out &&
		expect_eq "PLUGIN LOADED" "$(cat out)"
	fi
'

old_pid=$distccd_pid
stop_distccd
test_expect_success 'with the server gone, a compile fails (no local fallback) and a link still works' '
	! kill -0 "$old_pid" 2>/dev/null &&
	export DISTCC_DIR=$TRASH/distcc-after && mkdir -p "$DISTCC_DIR" &&
	printf "int main(void) { return 0; }\n" >m.c &&
	! ZAPP_CC="distcc gcc" zapp-cc -c m.c -o m.o 2>err &&
	expect_file_contains err "fallbacks are disabled" &&
	test ! -e m.o &&
	gcc -c m.c -o m.o &&
	ZAPP_CC="distcc gcc" zapp-cc m.o -o m &&
	expect_eq "RPATH \$ORIGIN/../lib" "$(rpath_of m)" && ./m
'

test_done
