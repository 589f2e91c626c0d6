# bench/lib.sh: what every bench/pNNNN-*.sh script sources, as git's
# t/perf/perf-lib.sh is sourced by its p*.sh scripts.
#
#   . "${0%/*}/lib.sh"
#
# A measurement script measures and writes plain data, nothing else: one or
# more tab-separated files with a header line, in $data (bench_tsv).  The
# tables, the figures and the words around them are bench/render.sh's and
# bench/notes.md's.  Benchmarks are not tests: nothing here passes or fails
# on a time; a script fails only when something it runs fails, or when the
# variants it compares do not do the same work.
#
# Scripts run under set -e -o pipefail, where a pipeline fails when any of
# its commands does: a reader that stops before the end of a pipe (head -n,
# grep -q, sed q, awk's exit) kills its writer with SIGPIPE whenever the
# writer has more to write (status 141), which depends on how the output
# falls into write calls and on who runs first.  In a pipe, the reader reads
# to the end: sed -n 1,Np for head -n N, grep -c for grep -q, an awk that
# counts rather than exits; head, grep -q and sed q only on files.
#
# Environment:
#   BENCH_MODE   full (make bench) or quick (make bench-quick); a script's
#                first argument says the same; default quick
#   BENCH_DATA   where the data goes; default $ZAPP_BUILD/bench/$BENCH_MODE
#   ZAPP_BUILD   the build measured (default build/)
#
# After sourcing:
#   $mode $top $B $bin $tools $data   as above; $tools holds bench/'s helpers
#   $work        scratch directory of this script, emptied at the start
#
# Functions:
#   bench_say MSG...            progress, on stderr
#   bench_die MSG...            "bench: SCRIPT: MSG" on stderr, exit 1
#   bench_need CMD...           die naming the commands missing (make bench-deps)
#   bench_pick FULL QUICK       echo the value for this mode
#   bench_tsv NAME COL...       start $data/NAME.tsv with a header line
#   bench_row NAME VAL...       append one row to $data/NAME.tsv
#   bench_alternate NAME REPS PREPARE RUN VARIANT...
#                               time RUN VARIANT, REPS times each, the
#                               variants taking turns (the first rotating),
#                               PREPARE VARIANT (untimed, then sync) before
#                               each run; rows "rep variant wall_s cpu_s"
#                               in $data/NAME.tsv, CPU time being the user
#                               and system time of every process RUN started;
#                               $bench_rep is the repetition under way
#   bench_launch NAME SPAWNLOOP-ARGS...
#                               bench/spawnloop: interleaved launches; one
#                               summary row per variant in $data/NAME.tsv,
#                               every sample in $data/NAME-samples.tsv
#   bench_closure PROGRAM...    the files a Zapp of the PROGRAMs holds copies
#                               of: the programs, the libraries the system's
#                               loader loads for them, the loader
#   bench_dozen                 a dozen large programs, those of a fixed
#                               list that are here (make bench-deps)
#   bench_usable N              up to N (all: every) dynamically linked
#                               programs of /usr/bin, in one fixed shuffle,
#                               that zapp-assemble takes together; the
#                               others in $data/left-out.tsv
#   bench_tree_bytes DIR        bytes of the files of DIR, a file with
#                               several links counted once
set -eu -o pipefail
export LC_ALL=C

bench_script=${0##*/}
bench_name=${bench_script%.sh}
mode=${1:-${BENCH_MODE:-quick}}
case $mode in full|quick) ;; *) echo "usage: $0 [full|quick]" >&2; exit 2;; esac
export BENCH_MODE=$mode

top=$(cd "${BASH_SOURCE[0]%/*}/.." && pwd)
B=${ZAPP_BUILD:-$top/build}
export ZAPP_BUILD=$B
bin=$B/bin
tools=$B/bench
data=${BENCH_DATA:-$B/bench/$mode}
export BENCH_DATA=$data
work=$B/bench/work/$bench_name
export ZAPP_SOURCES=${ZAPP_SOURCES:-$B/sources}

# What the measurements run must not be changed by the caller's build
# settings (make exports some of these).
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES CC CXX CPP CFLAGS CXXFLAGS \
	CPPFLAGS LDFLAGS DESTDIR PREFIX ZAPP_CC ZAPP_CXX ZAPP_LD ZAPP_DISABLE \
	LD_LIBRARY_PATH
export CCACHE_DISABLE=1
export ZAPP_JUMPLOADER=$B/lib/zapp/jumploader-x86_64

bench_started=$SECONDS
bench_say() { printf '[%4ds] %s: %s\n' $((SECONDS - bench_started)) "$bench_name" "$*" >&2; }
bench_die() { printf 'bench: %s: %s\n' "$bench_script" "$*" >&2; exit 1; }
bench_pick() { if [ "$mode" = full ]; then echo "$1"; else echo "$2"; fi; }

bench_need() {
	local c missing=
	for c in "$@"; do command -v "$c" >/dev/null || missing="$missing $c"; done
	[ -z "$missing" ] || bench_die "missing:$missing (make bench-deps installs what the bench runs)"
}

bench_tsv() {
	local name=$1
	shift
	(IFS=$'\t'; printf '%s\n' "$*") >"$data/$name.tsv"
}
bench_row() {
	local name=$1
	shift
	(IFS=$'\t'; printf '%s\n' "$*") >>"$data/$name.tsv"
}

# CPU milliseconds, user + system, of every child of this shell reaped so
# far: the second line of the times builtin ("0m1.234s 0m0.567s"), run in
# this shell (a command substitution would be a child with no children)
# and read without a fork.
bench_children_cpu_ms() {
	local shell children u s
	times >"$work/.times"
	{ read -r shell; read -r u s; } <"$work/.times"
	bench_cpu_ms=0
	for children in "$u" "$s"; do
		shell=${children#*m}
		shell=${shell%s}
		bench_cpu_ms=$((bench_cpu_ms + ${children%%m*} * 60000 + 10#${shell/./}))
	done
}

bench_alternate() {
	local name=$1 reps=$2 prepare=$3 run=$4 r i k t0 t1 c0
	shift 4
	local variants=("$@") n=$#
	bench_tsv "$name" rep variant wall_s cpu_s
	for ((r = 1; r <= reps; r++)); do
		for ((i = 0; i < n; i++)); do
			k=${variants[(r - 1 + i) % n]}
			bench_rep=$r
			"$prepare" "$k"
			sync
			bench_children_cpu_ms
			c0=$bench_cpu_ms
			t0=$EPOCHREALTIME
			"$run" "$k"
			t1=$EPOCHREALTIME
			bench_children_cpu_ms
			bench_row "$name" "$r" "$k" "$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f", b - a }')" \
				"$(awk -v c="$((bench_cpu_ms - c0))" 'BEGIN { printf "%.3f", c / 1000 }')"
		done
	done
}

bench_launch() {
	local name=$1
	shift
	rm -f "$data/$name-samples.tsv"
	printf 'tag\tvariant\tround\twall_ns\tcpu_ns\n' >"$data/$name-samples.tsv"
	bench_tsv "$name" variant n wall_median_us wall_p10_us wall_p90_us wall_mean_us wall_min_us wall_max_us \
		wall_ratio wall_ratio_round_min wall_ratio_round_max \
		cpu_median_us cpu_p90_us cpu_ratio cpu_ratio_round_min cpu_ratio_round_max faults_mean
	"$tools/spawnloop" -o "$data/$name-samples.tsv" -t "$name" "$@" >>"$data/$name.tsv" ||
		bench_die "$name: a launch failed"
}

bench_closure() {
	local p interp
	for p in "$@"; do
		printf '%s\n' "$p"
		interp=$(readelf -lW "$p" | sed -n 's/.*Requesting program interpreter: \(.*\)]$/\1/p')
		[ -n "$interp" ] || bench_die "$p: not a dynamically linked program"
		"$interp" --list "$p" | awk -v p="$p" '
			/=> not found/ { print "bench: " p ": " $1 " not found" > "/dev/stderr"; bad = 1 }
			$2 == "=>" && $3 ~ /^\// { print $1 "\t" $3 }
			END { exit bad }'
		printf 'LOADER\t%s\n' "$interp"
	done | awk -F'\t' 'NF == 1 { print; next } !seen[$1]++ { print $2 }'
}

bench_tree_bytes() {
	find "$1" -type f -printf '%i %s\n' | sort -u | awk '{ s += $2 } END { printf "%d\n", s }'
}

# bench_probe LIST: the programs of LIST zapp-assemble takes together, on
# stdout; each one it refuses, with the first line it said, in
# $data/left-out.tsv.  Halves a refused list until the programs it refuses
# are found alone.
bench_probe() {
	local list=$1 n err
	n=$(wc -l <"$list")
	[ "$n" -gt 0 ] || return 0
	rm -rf "$work/probe.zapp"
	if err=$(xargs -d '\n' -a "$list" "$bin/zapp-assemble" -q -o "$work/probe.zapp" 2>&1 >/dev/null); then
		rm -rf "$work/probe.zapp"
		cat "$list"
		return 0
	fi
	rm -rf "$work/probe.zapp"
	if [ "$n" = 1 ]; then
		bench_row left-out "$(basename "$(cat "$list")")" "${err%%$'\n'*}"
		return 0
	fi
	head -n $((n / 2)) "$list" >"$list.a"
	tail -n +$((n / 2 + 1)) "$list" >"$list.b"
	local a b
	a=$(bench_probe "$list.a")
	b=$(bench_probe "$list.b")
	[ "$(printf '%s\n' "$a" "$b" | grep -c .)" -lt "$n" ] ||
		bench_die "zapp-assemble refuses these programs together, though each half alone: $err"
	printf '%s\n' "$a" "$b" | grep . || true
}

bench_dozen() {
	local p
	for p in curl git ssh scp gdb cmake ctest cpack perl python3 strace vim.basic openssl gpg sqlite3; do
		[ ! -e "/usr/bin/$p" ] || readlink -f "/usr/bin/$p"
	done | xargs -r "$tools/dynlist" | sed -n 1,12p
}

bench_usable() {
	local want=$1 all=$work/usable-all.list
	"$tools/dynlist" /usr/bin/* | shuf --random-source=<(yes zapp) >"$all"
	bench_tsv left-out program message
	if [ "$want" = all ]; then
		bench_probe "$all"
	else
		# a few more than asked for, in case some are refused
		head -n $((want + want / 5 + 5)) "$all" >"$all.head"
		bench_probe "$all.head" | sed -n "1,${want}p"
	fi
}

for bench_t in "$tools/spawnloop" "$tools/execloader" "$tools/dynlist" "$B/tests/tools/set-rpath" \
	"$bin/zapp-assemble" "$bin/zapp-cc" "$ZAPP_JUMPLOADER"; do
	[ -x "$bench_t" ] || bench_die "${bench_t#"$top"/} is not built: make bench-tools B=${B#"$top"/}"
done
bench_need gcc readelf awk sort shuf
mkdir -p "$data"
rm -rf "$work" && mkdir -p "$work"
cd "$work"
