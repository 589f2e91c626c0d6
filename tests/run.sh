#!/bin/sh
# tests/run.sh [TEST...]: run the unit tests and the shell tests, count the
# TAP lines they print, and end with one line "N passed, N failed, N skipped".
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
	s=$(printf '%s\n' "$out" | grep -c '^ok [0-9]* # skip')
	f=$(printf '%s\n' "$out" | grep -c '^not ok ')
	if [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1
		out="$out
not ok - $name exited with status $status"
	fi
	pass=$((pass + p)) skip=$((skip + s)) fail=$((fail + f))
	printf '%-44s %3d passed, %d failed, %d skipped\n' "$name" "$p" "$f" "$s"
	if [ "$f" -gt 0 ]; then
		printf '%s\n' "$out" | grep -v '^ok ' | sed 's/^/    /'
		failed_scripts="$failed_scripts $name"
	fi
	printf '%s\n' "$out" | sed -n 's/^ok [0-9]* # skip/    SKIP:/p'
done
[ -n "$failed_scripts" ] && echo "failed:$failed_scripts"
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
