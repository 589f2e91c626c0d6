#!/bin/bash
# tests/real/run.sh [PACKAGE...]: the real-world proving ground.
#
# For each package (default: all five), as a user would: fetch Debian's
# source (apt-get source), install its build dependencies, build it with
# its own build system and zapp-cc, install it into a staging directory,
# zapp-assemble the staged prefix, zapp-check the Zapp, move it to a path
# with spaces and non-ASCII letters and run a smoke test there, then in an
# empty root and in a musl-only root.  Prints a table (also written to
# build/real/results.md), each failure with the last lines of its log, and
# a last line "N passed, N failed" counting the table's cells.  Exits 1 when
# a cell failed.
set -u
here=$(cd "$(dirname "$0")" && pwd)
ZAPP_SRC=$(cd "$here/../.." && pwd)
ZAPP_BUILD=${ZAPP_BUILD:-$ZAPP_SRC/build}
REAL_WORK=$ZAPP_BUILD/real
PATH=$ZAPP_BUILD/bin:$PATH
export ZAPP_SRC ZAPP_BUILD REAL_WORK PATH
# The packages' builds see neither our make's settings nor the caller's
# compiler flags.
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES CC CXX CPP CFLAGS CXXFLAGS \
	CPPFLAGS LDFLAGS DESTDIR PREFIX ZAPP_CC ZAPP_CXX ZAPP_LD ZAPP_DISABLE \
	ZAPP_JUMPLOADER LD_LIBRARY_PATH
export LC_ALL=C.UTF-8

. "$here/lib.sh"

all_packages='hello zlib sqlite3 brotli fribidi python3.11 lua5.4'
packages=${*:-$all_packages}
columns='built assembled zapp-check relocated empty-root musl-root'
if [ "$(id -u)" = 0 ]; then
	root_reason=
else
	root_reason='needs root for chroot and unshare -m'
fi

# Display paths relative to the source tree: no machine's paths in output
# meant to be kept.
rel() { printf '%s' "${1#"$ZAPP_SRC"/}"; }

# step NAME FUNC: run FUNC in a fresh bash -eu, its output in logs/NAME.log.
step() {
	local name=$1 func=$2 log=$work/logs/$1.log
	say "  $pkg: $name"
	bash -c 'set -eu; PS4="+ "; . "$0"; . "$1"; set -x; "$2"' \
		"$here/lib.sh" "$here/pkg-$pkg.sh" "$func" >"$log" 2>&1 </dev/null
	local rc=$?
	if [ $rc != 0 ]; then
		printf '%s\t%s\t%s\n' "$pkg" "$name" "$log" >>"$REAL_WORK/failures"
	fi
	return $rc
}

# cell COLUMN VALUE: record one cell of this package's row.
cell() { printf '%s=%s\n' "$1" "$2" >>"$work/cells"; }

# steps_cell COLUMN STEP:FUNC...: the cell passes when every step does; the
# first failing step ends it.
steps_cell() {
	local column=$1 s; shift
	for s in "$@"; do
		if ! step "${s%%:*}" "${s#*:}"; then
			cell "$column" FAIL
			return 1
		fi
	done
	cell "$column" pass
}

# prove PKG: one row of the table.
prove() {
	pkg=$1
	work=$REAL_WORK/$pkg
	src=$work/src build=$work/build stage=$work/stage zapp=$work/out/$pkg.zapp
	export pkg work src build stage zapp
	rm -rf "$work" && mkdir -p "$work/logs"
	local start=$SECONDS c
	if ! steps_cell built fetch:step_fetch deps:step_deps configure:step_configure \
		compile:step_compile install:step_install verify:step_verify; then
		for c in assembled zapp-check relocated empty-root musl-root; do cell "$c" 'not run'; done
	elif ! steps_cell assembled assemble:step_assemble; then
		for c in zapp-check relocated empty-root musl-root; do cell "$c" 'not run'; done
	else
		if [ -x "$ZAPP_BUILD/bin/zapp-check" ]; then
			steps_cell zapp-check check:step_check
		else
			cell zapp-check absent
			printf '%s\t%s\t%s\n' "$pkg" "zapp-check (not built: no $(rel "$ZAPP_BUILD")/bin/zapp-check)" - \
				>>"$REAL_WORK/failures"
		fi
		steps_cell relocated relocated:step_relocated
		# The roots get a copy of the moved Zapp, whatever ran there.
		if [ -d "$work/$MOVED/$pkg.zapp" ]; then
			if [ -n "$root_reason" ]; then
				cell empty-root skip
				cell musl-root skip
			else
				steps_cell empty-root empty-root:step_empty_root
				steps_cell musl-root musl-root:step_musl_root
			fi
		else
			cell empty-root 'not run'
			cell musl-root 'not run'
		fi
	fi
	cell seconds $((SECONDS - start))
}

mkdir -p "$REAL_WORK"
rm -f "$REAL_WORK/failures" "$REAL_WORK/.apt-updated"
: >"$REAL_WORK/failures"
total_start=$SECONDS

# fresh FUNC ARG...: FUNC of lib.sh in a fresh bash -eu (set -e holds).
fresh() {
	bash -c 'set -eu; PS4="+ "; . "$0"; set -x; "$@"' "$here/lib.sh" "$@" </dev/null
}

say "real-world proving ground: $packages"
if fresh install_debs $COMMON_DEPS >"$REAL_WORK/deps.log" 2>&1; then
	say "  common dependencies: ok"
else
	say "  common dependencies: FAILED (see $(rel "$REAL_WORK")/deps.log)"
fi
if [ -z "$root_reason" ]; then
	if fresh make_musl_root "$REAL_WORK/musl-root" >"$REAL_WORK/musl-root.log" 2>&1; then
		say "  musl root: ok"
	else
		say "  musl root: FAILED (see $(rel "$REAL_WORK")/musl-root.log)"
		rm -rf "$REAL_WORK/musl-root"
	fi
fi

for p in $packages; do
	[ -f "$here/pkg-$p.sh" ] || { say "no such package script: tests/real/pkg-$p.sh"; exit 2; }
	( prove "$p" )
done

# ---------------------------------------------------------------- the table

get() { sed -n "s/^$2=//p" "$REAL_WORK/$1/cells" | tail -n 1; }
pass=0 fail=0 skip=0
{
	echo '| package | build system | built | assembled | zapp-check | runs relocated | runs in empty root | runs in musl root | seconds |'
	echo '|---|---|---|---|---|---|---|---|---:|'
	for p in $packages; do
		system=$(. "$here/pkg-$p.sh"; printf '%s' "$PKG_SYSTEM")
		version=$(cat "$REAL_WORK/$p/version" 2>/dev/null)
		row="| $p${version:+ $version} | $system |"
		for c in $columns; do
			v=$(get "$p" "$c")
			case $v in
			pass) pass=$((pass + 1)) ;;
			skip) skip=$((skip + 1)) ;;
			*) fail=$((fail + 1)) ;;
			esac
			row="$row ${v:-FAIL} |"
		done
		echo "$row $(get "$p" seconds) |"
	done
} >"$REAL_WORK/table.md"

{
	echo '# Real-world proving ground: results'
	echo
	cat "$REAL_WORK/table.md"
	echo
	echo "Total: $((SECONDS - total_start)) seconds."
	if [ "$skip" -gt 0 ]; then
		echo
		echo "Skipped: the runs in an empty root and in a musl root ($root_reason)."
	fi
	if [ -s "$REAL_WORK/failures" ]; then
		echo
		echo '## Failures'
		while IFS='	' read -r p s log; do
			echo
			if [ "$log" = - ]; then
				echo "- **$p**, step $s"
			else
				echo "- **$p**, step $s; last lines of $(rel "$log"):"
				echo
				echo '```'
				tail -n 15 "$log"
				echo '```'
			fi
		done <"$REAL_WORK/failures"
	fi
} >"$REAL_WORK/results.md"

echo
sed '1,2d' "$REAL_WORK/results.md"
echo
echo "(written to $(rel "$REAL_WORK")/results.md)"
if [ "$skip" -gt 0 ]; then
	echo "$pass passed, $fail failed, $skip skipped"
else
	echo "$pass passed, $fail failed"
fi
[ "$fail" -eq 0 ]
