#!/bin/sh
# tests/run.sh [TEST...]: run the unit tests and the shell tests, count the
# TAP lines they print, and end with one line "N passed, N failed, N skipped".
#
# A test counts as skipped when its line is "ok N # skip ..." (any case); a
# whole script skipped ("1..0 # SKIP reason", see skip_all in tests/lib.sh)
# counts as one skipped and is shown with its reason.  A script fails if a
# test fails, if it exits non-zero, or if its plan ("1..N") is missing or
# does not match the tests it ran: it stopped before test_done.
top=$(cd "$(dirname "$0")/.." && pwd)
build=${ZAPP_BUILD:-$top/build}
log=${ZAPP_TEST_LOG:-$build/test.log}
: >"$log"

if [ $# -eq 0 ]; then
	set -- "$build"/tests/unit/* "$top"/tests/t[0-9]*.sh
fi

pass=0 fail=0 skip=0 failed_scripts=
for t in "$@"; do
	[ -e "$t" ] || continue
	name=$(basename "$t")
	case $t in
	*.sh) out=$(bash "$t" 2>&1) ;;
	*) out=$("$t" 2>&1) ;;
	esac
	status=$?
	printf '%s\n' "== $name" "$out" >>"$log"
	p=$(printf '%s\n' "$out" | grep -c '^ok [0-9]* - ')
	s=$(printf '%s\n' "$out" | grep -ci '^ok [0-9]* # skip')
	f=$(printf '%s\n' "$out" | grep -c '^not ok ')
	ran=$(printf '%s\n' "$out" | grep -c '^\(not \)\{0,1\}ok [0-9]')
	plan=$(printf '%s\n' "$out" | sed -n 's/^1\.\.\([0-9][0-9]*\)\( .*\)\{0,1\}$/\1/p' | tail -n 1)
	skipped_all=$(printf '%s\n' "$out" | sed -n 's/^1\.\.0 *# *[Ss][Kk][Ii][Pp]\( \(.*\)\)\{0,1\}$/\2/p' | tail -n 1)
	why=
	if [ -z "$plan" ]; then
		why="printed no plan (1..N): it stopped before test_done"
	elif [ "$plan" -ne "$ran" ]; then
		why="planned $plan tests but ran $ran"
	elif [ "$plan" -eq 0 ] && ! printf '%s\n' "$out" | grep -qi '^1\.\.0 *# *skip'; then
		why="ran no test and gave no reason to skip"
	elif [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then
		why="exited with status $status"
	fi
	# one failure for the script, unless a failed test accounts for it
	if [ -n "$why" ]; then
		[ "$f" -eq 0 ] && f=1
		out="$out
not ok - $name $why"
	fi
	if [ "$f" -eq 0 ] && [ "$plan" = 0 ]; then
		s=1
		printf '%-44s skipped: %s\n' "$name" "${skipped_all:-no reason given}"
	else
		printf '%-44s %3d passed, %d failed, %d skipped\n' "$name" "$p" "$f" "$s"
	fi
	pass=$((pass + p)) skip=$((skip + s)) fail=$((fail + f))
	if [ "$f" -gt 0 ]; then
		printf '%s\n' "$out" | grep -v '^ok ' | sed 's/^/    /'
		failed_scripts="$failed_scripts $name"
	fi
	printf '%s\n' "$out" | sed -n 's/^ok [0-9]* # [Ss][Kk][Ii][Pp] */    SKIP: /p'
done
[ -n "$failed_scripts" ] && echo "failed:$failed_scripts"
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
