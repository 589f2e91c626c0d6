#!/bin/bash
# icecream composes with the wrappers as distcc does (t1400): with
# ZAPP_CC="icecc gcc", or icecc's masquerade directory after the wrappers in
# PATH, every compile step is built by another icecream daemon, unchanged,
# and links stay local and get the rpath.
#
# The test runs its own scheduler and two daemons, in a network namespace
# of their own (nothing listens on the machine's network): "zlocal", which
# the client talks to and which builds nothing itself, and "zremote", the
# volunteer, which compiles in a chroot of the compiler environment icecc
# packs.  One machine being both client and volunteer needs icecream's own
# test switches (ICECC_TEST_SOCKET, ICECC_TEST_REMOTEBUILD, as its test
# suite uses them); ICECC_PREFERRED_HOST sends every job to zremote.
. "$(dirname "$0")/lib.sh"
. "$ZAPP_SRC/tests/ccwrap/lib-remote.sh"

if ! command -v icecc >/dev/null || ! command -v iceccd >/dev/null ||
   ! command -v icecc-scheduler >/dev/null; then
	skip_all="icecream is not installed (apt-get install icecc)"
	test_done
fi
test_lazy_prereq NETNS 'unshare -n busybox ip link set lo up'

# The daemons drop root for the user icecc (or nobody): their directory is
# theirs.
srv=$TRASH/srv
mkdir -p "$srv"
if test_have_prereq ROOT; then
	chown "$(id -u icecc 2>/dev/null || id -u nobody)" "$srv"
fi

# ice.sh: run in the namespace; starts the scheduler and the daemons, builds
# the example twice, stops exactly what it started; exits 1 if any of that
# failed.
cat >ice.sh <<'EOS'
srv=$TRASH/srv port=28767 net=zapptest$$
busybox ip link set lo up || exit 1
export ICECC_TESTS=1 ICECC_TEST_SCHEDULER_PORTS=$port:$((port + 2))
pids=
stop() { kill $pids 2>/dev/null; wait $pids 2>/dev/null; }
trap stop EXIT
icecc-scheduler -p $port -l "$srv/scheduler.log" -n $net -v -v -v </dev/null >/dev/null 2>&1 &
pids="$pids $!"
ICECC_TEST_SOCKET=$srv/socket-zlocal ICECC_SCHEDULER=:$port \
	iceccd -b "$srv/envs-zlocal" -l "$srv/zlocal.log" -n $net -N zlocal --no-remote -m 2 \
	-v -v -v </dev/null >/dev/null 2>&1 &
local_pid=$!
pids="$pids $local_pid"
ICECC_TEST_SOCKET=$srv/socket-zremote ICECC_SCHEDULER=:$port \
	iceccd -b "$srv/envs-zremote" -l "$srv/zremote.log" -n $net -N zremote -p 20246 -m 2 \
	-v -v -v </dev/null >/dev/null 2>&1 &
remote_pid=$!
pids="$pids $remote_pid"
# connected NAME: the daemon NAME says it is connected to the scheduler.
# SIGHUP makes it flush its log, once it is far enough to handle SIGHUP
# (it has logged its netnames); before that, SIGHUP would end it.
connected() {
	local log=$srv/$1.log pid=$2
	kill -0 "$pid" 2>/dev/null || { echo "$1 died:"; cat "$log"; exit 1; }
	grep -q "Connected to scheduler" "$log" 2>/dev/null && return 0
	grep -q "Netnames:" "$log" 2>/dev/null && kill -HUP "$pid"
	return 1
}
i=0
until connected zlocal $local_pid && connected zremote $remote_pid; do
	[ $i -lt 60 ] || { echo "the daemons did not connect to the scheduler"; exit 1; }
	sleep 0.5
	i=$((i + 1))
done
if grep -q "Cannot use chroot" "$srv/zremote.log"; then
	echo "zremote cannot chroot: it would accept no job"; exit 1
fi
export ICECC_TEST_SOCKET=$srv/socket-zlocal ICECC_TEST_REMOTEBUILD=1 \
	ICECC_PREFERRED_HOST=zremote ICECC_DEBUG=debug
cp -r "$ZAPP_SRC/examples/hello" ex1 &&
ICECC_LOGFILE=$TRASH/icecc-ex1.log ZAPP_CC="icecc gcc" ZAPP_CXX="icecc g++" \
	make -C ex1 CC=zapp-cc CXX=zapp-c++ >ex1.log 2>&1 || { tail ex1.log; exit 1; }
cp -r "$ZAPP_SRC/examples/hello" ex2 &&
ICECC_LOGFILE=$TRASH/icecc-ex2.log PATH=$ZAPP_BUILD/bin:/usr/lib/icecc/bin:$PATH ZAPP_CC=gcc ZAPP_CXX=g++ \
	make -C ex2 CC=zapp-cc CXX=zapp-c++ >ex2.log 2>&1 || { tail ex2.log; exit 1; }
kill -HUP $remote_pid
sleep 0.5
EOS

# remote_jobs LOG: the jobs the client sent to zremote.
remote_jobs() { grep -c "Have to use host 127.0.0.1:20246" "$1"; }

test_expect_success 'the example built locally with plain gcc, for comparison' '
	cp -r "$ZAPP_SRC/examples/hello" plain &&
	make -C plain CC=gcc CXX=g++ >plain.log 2>&1
'

test_expect_success ROOT,NETNS 'a scheduler and two daemons of our own; the example built through icecc twice' '
	TRASH=$TRASH unshare -n bash ice.sh >ice.out 2>&1 || { cat ice.out; exit 1; }
'

test_expect_success ROOT,NETNS 'ZAPP_CC="icecc gcc": each compile step was built by the other daemon' '
	expect_eq 5 "$(remote_jobs icecc-ex1.log)" "jobs sent to zremote (one per compile step)" &&
	expect_eq 10 "$(grep -c "Remote compilation completed with exit code 0" srv/zremote.log)" \
		"jobs zremote completed (both builds)" &&
	same_objects ex1
'

test_expect_success ROOT,NETNS 'ZAPP_CC="icecc gcc": links stayed local and got the rpath' '
	expect_eq 5 "$(grep -c "<building_local>" icecc-ex1.log)" "links built locally" &&
	rpaths_ok ex1
'

test_expect_success ROOT,NETNS 'icecc masquerading as gcc in PATH, below zapp-cc: the same' '
	expect_eq 5 "$(remote_jobs icecc-ex2.log)" "jobs sent to zremote" &&
	same_objects ex2 &&
	rpaths_ok ex2
'

test_expect_success ROOT,NETNS 'the icecc-built example, assembled and moved, runs in an empty root' '
	make -C ex1 install DESTDIR="$TRASH/stage" >install.log 2>&1 &&
	zapp-assemble -q -o hello.zapp stage/usr/local &&
	mkdir -p root && mv hello.zapp root/ &&
	run_in_empty_root root /hello.zapp/bin/hello >out &&
	expect_eq "Hello from libgreet, world!" "$(cat out)" &&
	run_in_empty_root root /hello.zapp/bin/hello++ abc >out &&
	expect_file_contains out "hello++ says: 3 letters"
'

test_done
