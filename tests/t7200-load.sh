#!/bin/bash
# Load: many launches of one Zapp at once (64 at a time, thousands in all),
# through every path a program takes (its library, its data, a helper that
# is itself a Zapp program, a plugin by dlopen, C++), each with the right
# output; and zapp-assemble runs side by side, writing different OUTs from
# the same inputs (identical results), or racing for the same OUT (one
# wins, whole; the other fails cleanly).
. "$(dirname "$0")/lib.sh"

launches=${ZAPP_LOAD_RUNS:-3200}
parallel=64

test_expect_success 'setup: the example, built with zapp-cc and assembled' '
	build_example "$TRASH/ex" &&
	zapp-assemble -q -o hello.zapp ex/stage/usr/local &&
	zapp-check -q hello.zapp
'

test_expect_success "$launches launches, $parallel at a time: every one succeeds with its own output, in under 60 s" '
	start=$(date +%s) &&
	seq 1 "$launches" | xargs -P "$parallel" -n 1 hello.zapp/bin/hello | cat >got.unsorted &&
	elapsed=$(( $(date +%s) - start )) &&
	say "$launches launches in ${elapsed}s" &&
	seq 1 "$launches" | sed "s/.*/Hello from libgreet, &!/" | sort >want &&
	sort got.unsorted >got &&
	cmp want got &&
	test "$elapsed" -lt 60
'

test_expect_success "every kind of run, $parallel at a time: data, a helper, a plugin, C++" '
	for v in --data --helper --plugin --version; do
		hello.zapp/bin/hello $v >"one$v" || exit 1
	done &&
	hello.zapp/bin/hello++ load >one++ &&
	grep -q "helper argv\[0\]=hello-helper" one--helper && grep -q "PLUGIN LOADED" one--plugin &&
	: >cmds && : >want &&
	for i in $(seq 1 128); do
		for v in --data --helper --plugin --version; do
			echo "hello.zapp/bin/hello $v" >>cmds && cat "one$v" >>want || exit 1
		done
		echo "hello.zapp/bin/hello++ load" >>cmds && cat one++ >>want
	done &&
	xargs -P "$parallel" -n 2 env <cmds | cat >got.unsorted &&
	sort want >want.sorted && sort got.unsorted >got.sorted &&
	cmp want.sorted got.sorted &&
	say "$(wc -l <cmds) mixed launches"
'

test_expect_success 'two zapp-assemble at once, different OUTs from the same inputs: both identical to one alone' '
	zapp-assemble -q -o alone.zapp ex/stage/usr/local /usr/bin/curl &&
	tree_digest alone.zapp >alone.digest &&
	for round in 1 2 3; do
		zapp-assemble -q -o a$round.zapp ex/stage/usr/local /usr/bin/curl & a=$!
		zapp-assemble -q -o b$round.zapp ex/stage/usr/local /usr/bin/curl & b=$!
		wait $a && wait $b || exit 1
		tree_digest a$round.zapp | cmp - alone.digest &&
		tree_digest b$round.zapp | cmp - alone.digest &&
		zapp-check -q a$round.zapp && zapp-check -q b$round.zapp || exit 1
	done
'

test_expect_success 'four zapp-assemble racing for one OUT: one wins, whole; the others fail cleanly' '
	for round in 1 2 3; do
		rm -rf race.zapp && pids= &&
		for k in 1 2 3 4; do
			zapp-assemble -q -o race.zapp ex/stage/usr/local /usr/bin/curl 2>err$k & pids="$pids $!"
		done
		won=0 && lost=0 &&
		for p in $pids; do if wait $p; then won=$((won + 1)); else lost=$((lost + 1)); fi; done &&
		expect_eq 1 "$won" "winners in round $round" &&
		tree_digest race.zapp | cmp - alone.digest &&
		cat err1 err2 err3 err4 >errs &&
		expect_eq 3 "$(grep -c -e "race.zapp: already exists" -e "race.zapp: cannot create: File exists" errs)" "clean refusals" &&
		test -z "$(ls -A | grep "race.zapp.zapp-tmp")" || exit 1
	done
'

test_done
