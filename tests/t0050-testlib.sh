#!/bin/sh
# The test library itself (tests/lib.sh) and the runner (tests/run.sh):
# small scripts that skip, miss prerequisites, fail or stop early must give
# the TAP and the counts they promise.  Each runs from a copy of the library
# in a tree of its own, as a real test script does.

. "$(dirname "$0")/lib.sh"

# script NAME BODY: tests/NAME.sh in the fake source tree, sourcing lib.sh.
script() {
	mkdir -p src/tests &&
	cp "$ZAPP_SRC/tests/lib.sh" "$ZAPP_SRC/tests/empty-root.sh" src/tests/ &&
	{ printf '. "$(dirname "$0")/lib.sh"\n'; printf '%s\n' "$2"; } >"src/tests/$1.sh"
}

# tap NAME: run it as run.sh does; its output in NAME.out, its status in NAME.status.
tap() {
	local status=0
	ZAPP_TEST_TMP=$TRASH/tmp ZAPP_BUILD=$TRASH/build bash "src/tests/$1.sh" >"$1.out" 2>"$1.err" || status=$?
	echo "$status" >"$1.status"
}

# runner NAME...: tests/run.sh over the scripts; output in run.out.
runner() {
	local t list=
	for t in "$@"; do list="$list src/tests/$t.sh"; done
	ZAPP_TEST_TMP=$TRASH/tmp ZAPP_BUILD=$TRASH/build ZAPP_TEST_LOG=$TRASH/run.log \
		sh "$ZAPP_SRC/tests/run.sh" $list >run.out 2>&1
}

test_expect_success 'setup' '
	mkdir -p tmp build
'

test_expect_success 'skip_all; test_done skips the whole script: 1..0 # SKIP reason' '
	script t9001-skip-all "skip_all=\"the frobnicator is missing\"
test_done
test_expect_success \"never\" \"touch \$TRASH/../../ran\"" &&
	tap t9001-skip-all &&
	expect_eq 0 "$(cat t9001-skip-all.status)" "exit status" &&
	printf "1..0 # SKIP the frobnicator is missing\n" >want &&
	test_cmp want t9001-skip-all.out &&
	test ! -e ran &&
	test -z "$(ls tmp)"
'

test_expect_success 'run.sh counts a skipped script as skipped and shows why' '
	runner t9001-skip-all &&
	expect_file_contains run.out "t9001-skip-all.sh" &&
	expect_file_contains run.out "skipped: the frobnicator is missing" &&
	expect_eq "0 passed, 0 failed, 1 skipped" "$(tail -n 1 run.out)" summary
'

test_expect_success 'a missing prerequisite skips its test with the reason; others run' '
	script t9002-prereq "test_set_prereq HAVE
test_lazy_prereq LAZYNO \"false\"
test_lazy_prereq LAZYYES \"echo once >>\$TRASH/../../lazy.count\"
test_expect_success NOPE \"needs NOPE\" \"touch \$TRASH/../ran-nope\"
test_expect_success HAVE \"needs HAVE\" \"true\"
test_expect_success HAVE,LAZYNO \"needs HAVE and LAZYNO\" \"touch \$TRASH/../ran-lazyno\"
test_expect_success LAZYYES \"needs LAZYYES\" \"true\"
test_expect_success LAZYYES,!NOPE \"needs LAZYYES, not NOPE\" \"true\"
test_expect_success !HAVE \"needs no HAVE\" \"touch \$TRASH/../ran-nothave\"
test_expect_success \"no prerequisite\" \"test_have_prereq HAVE && ! test_have_prereq NOPE\"
test_done" &&
	tap t9002-prereq &&
	expect_eq 0 "$(cat t9002-prereq.status)" "exit status" &&
	cat >want <<-\EOF &&
	ok 1 # skip needs NOPE (missing NOPE)
	ok 2 - needs HAVE
	ok 3 # skip needs HAVE and LAZYNO (missing LAZYNO)
	ok 4 - needs LAZYYES
	ok 5 - needs LAZYYES, not NOPE
	ok 6 # skip needs no HAVE (missing !HAVE)
	ok 7 - no prerequisite
	1..7
	EOF
	test_cmp want t9002-prereq.out &&
	test ! -e ran-nope && test ! -e ran-lazyno && test ! -e ran-nothave &&
	expect_eq once "$(cat lazy.count)" "runs of a lazy prerequisite"
'

test_expect_success 'run.sh counts passed and skipped tests apart' '
	runner t9002-prereq &&
	grep -Eq "^t9002-prereq.sh +4 passed, 0 failed, 3 skipped$" run.out &&
	expect_file_contains run.out "    SKIP: needs NOPE (missing NOPE)" &&
	expect_eq "4 passed, 0 failed, 3 skipped" "$(tail -n 1 run.out)" summary
'

test_expect_success 'a failing test: not ok, its commands shown, exit 1, counted' '
	script t9003-fail "test_expect_success \"holds\" \"true\"
test_expect_success \"breaks\" \"echo some output; false\"
test_done" &&
	tap t9003-fail &&
	expect_eq 1 "$(cat t9003-fail.status)" "exit status" &&
	expect_file_contains t9003-fail.out "not ok 2 - breaks" &&
	expect_file_contains t9003-fail.out "#   | some output" &&
	expect_file_contains t9003-fail.out "1..2" &&
	! runner t9003-fail &&
	expect_eq "1 passed, 1 failed, 0 skipped" "$(tail -n 1 run.out)" summary &&
	expect_file_contains run.out "failed: t9003-fail.sh"
'

test_expect_success 'skip_all after a test ran, or tests after skip_all: an error, not a pass' '
	script t9004-late-skip "test_expect_success \"holds\" \"true\"
skip_all=\"too late\"
test_done" &&
	tap t9004-late-skip &&
	expect_eq 1 "$(cat t9004-late-skip.status)" "exit status" &&
	expect_file_contains t9004-late-skip.out "Bail out!" &&
	expect_file_lacks t9004-late-skip.out "1..0" &&
	script t9005-goes-on "skip_all=\"no frobnicator\"
test_expect_success \"runs anyway\" \"touch \$TRASH/../ran-anyway\"
test_done" &&
	tap t9005-goes-on &&
	expect_eq 1 "$(cat t9005-goes-on.status)" "exit status" &&
	test ! -e ran-anyway &&
	! runner t9004-late-skip t9005-goes-on &&
	expect_eq "1 passed, 2 failed, 0 skipped" "$(tail -n 1 run.out)" summary
'

test_expect_success 'run.sh fails a script that stops before test_done' '
	script t9006-stops "test_expect_success \"holds\" \"true\"
exit 0
test_done" &&
	! runner t9006-stops &&
	expect_file_contains run.out "t9006-stops.sh printed no plan (1..N): it stopped before test_done" &&
	expect_eq "1 passed, 1 failed, 0 skipped" "$(tail -n 1 run.out)" summary
'

test_done
