#!/bin/sh
# --single FILE: a one-file Zapp.  FILE runs its program, from a copy of
# the Zapp it unpacks once into the user's cache ($XDG_CACHE_HOME/zapp,
# else $HOME/.cache/zapp, else the passwd home's), keyed by the pack's
# SHA-256; a later run is one execve more than the program's own.  It runs
# from a read-only directory, from a path with spaces, without $HOME, and
# 16 first runs at once share one copy; exit status and a death by signal
# come through; --main or argv[0] picks the program of a Zapp of several.

. "$(dirname "$0")/lib.sh"

test_lazy_prereq NS 'test "$(id -u)" = 0 && unshare -m true'

test_expect_success 'setup: a one-file jq, alone: only the file, named after what it holds' '
	mkdir one && (cd one && zapp-assemble -q --single jq.run /usr/bin/jq) &&
	ls -A one >list && printf "jq.run\n" >want && test_cmp want list &&
	test -x one/jq.run && jq --version >expect
'

test_expect_success 'it runs, from a path with spaces, and keeps its Zapp in the cache by its key' '
	mkdir "a dir" && cp one/jq.run "a dir/" &&
	XDG_CACHE_HOME="$TRASH/c1" "a dir/jq.run" --version >out && test_cmp expect out &&
	ls c1/zapp >keys && test "$(wc -l <keys)" = 1 && grep -qx "[0-9a-f]\{64\}" keys &&
	zapp-check -q "c1/zapp/$(cat keys)/jq" &&
	XDG_CACHE_HOME="$TRASH/c1" strace -f -qq -e trace=execve -o tr "a dir/jq.run" -n 1 >/dev/null &&
	test "$(grep -c "execve(" tr)" = 2
'

test_expect_success 'without $HOME and $XDG_CACHE_HOME: the passwd home'"'"'s .cache' '
	home=$(getent passwd "$(id -u)" | cut -d: -f6) && test -n "$home" &&
	if test "$(id -u)" = 0 && unshare -m true; then
		unshare -m sh -c "mount --make-rprivate / && mount -t tmpfs zapp-test \"$home\" &&
			env -u HOME -u XDG_CACHE_HOME one/jq.run --version >out && ls \"$home/.cache/zapp\" >keys"
	else
		env -u HOME -u XDG_CACHE_HOME one/jq.run --version >out && ls "$home/.cache/zapp" >keys
	fi &&
	test_cmp expect out && test "$(wc -l <keys)" = 1
'

test_expect_success NS 'from a read-only directory' '
	mkdir ro && cp one/jq.run ro/ &&
	unshare -m sh -c "mount --make-rprivate / && mount --bind ro ro && mount -o remount,bind,ro ro &&
		! touch ro/x 2>/dev/null && XDG_CACHE_HOME=\"$TRASH/c2\" ro/jq.run --version" >out &&
	test_cmp expect out
'

test_expect_success '16 first runs at once on an empty cache: all run, one copy, nothing left half-made' '
	for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16; do
		XDG_CACHE_HOME="$TRASH/c3" one/jq.run -n "$i" >"race.$i" 2>"race.$i.err" &
	done; wait &&
	for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16; do
		test "$(cat race.$i)" = "$i" || fail "run $i: $(cat race.$i.err)" || return 1
	done &&
	ls -A c3/zapp >keys && test "$(wc -l <keys)" = 1
'

test_expect_success 'the exit status and a death by signal come through' '
	test_must_fail_with 5 env XDG_CACHE_HOME="$TRASH/c1" one/jq.run -n "\"x\" | halt_error(5)" 2>err &&
	printf "#include <signal.h>\nint main(void){raise(SIGTERM);return 0;}\n" >sig.c && gcc -o sig sig.c &&
	zapp-assemble -q --single sig.run ./sig &&
	test_must_fail_with 143 env XDG_CACHE_HOME="$TRASH/c1" ./sig.run
'

test_expect_success 'of several programs: --main, or a link named after another' '
	zapp-assemble -q --single tools.run --main jq /usr/bin/jq /usr/bin/gzip &&
	XDG_CACHE_HOME="$TRASH/c1" ./tools.run --version >out && test_cmp expect out &&
	ln -s tools.run gzip &&
	XDG_CACHE_HOME="$TRASH/c1" ./gzip --version | head -n 1 | grep -q "^gzip " &&
	test_must_fail_with 1 zapp-assemble -q --single both.run /usr/bin/jq /usr/bin/gzip 2>err &&
	grep -q "say which with --main NAME" err && test ! -e both.run
'

test_expect_success 'a damaged one-file Zapp says so' '
	head -c 70000 one/jq.run >cut.run && chmod +x cut.run &&
	test_must_fail_with 126 env XDG_CACHE_HOME="$TRASH/c4" ./cut.run 2>err &&
	grep -q "no Zapp packed in it" err
'

test_done
