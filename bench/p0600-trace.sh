#!/bin/bash
# bench/p0600-trace.sh [full|quick]: what tracing a run with zapp-trace
# costs, against the run alone and against strace, the anchor: batches of
# runs of each workload, the variants taking turns batch by batch.
#
# Workloads:
#   python-json  /usr/bin/python3 -c 'import json'  (the issue's target: at
#                most 2x the run alone)
#   sh-exec      sh -c 'for i in 1..40: cat FILE >/dev/null'  (forks and
#                execs: what following processes costs)
#   true         /bin/true  (what starting and ending a trace costs)
# Variants:
#   native          the command alone
#   zapp-trace      zapp-trace -f -o LIST -- CMD
#   zapp-trace-all  the same with --no-seccomp (a stop at every call)
#   strace          strace -f -qq -e trace=%file -o /dev/null CMD
#   strace-seccomp  the same with --seccomp-bpf
#
# The variants do the same work: the lists of zapp-trace and of
# zapp-trace --no-seccomp must be equal, and hold what the workload uses.
#
# Data:
#   trace-WORKLOAD.tsv  rep, variant, wall_s, cpu_s (one batch)
#   trace-params.tsv    workload, command, runs per batch, files listed,
#                       followed calls that stop (strace -f -c), all
#                       calls, strace version
. "${0%/*}/lib.sh"
bench_need strace python3
[ -x "$bin/zapp-trace" ] || bench_die "bin/zapp-trace is not built"

reps=$(bench_pick 10 3) runs=$(bench_pick 20 5)
echo data >file.txt
py=/usr/bin/python3
# a directory of its own: the working directory is never listed
mkdir -p cwd && cd cwd
# workload W: the command, as it is shown
workload() {
	case $1 in
	python-json) echo "python3 -c 'import json'" ;;
	sh-exec) echo "sh -c 'for i in \$(seq 40); do cat FILE >/dev/null; done'" ;;
	true) echo /bin/true ;;
	esac
}
# the command of a workload, as words (no word holds a space but the script)
cmd_of() {
	case $1 in
	python-json) cmd=("$py" -c 'import json') ;;
	sh-exec) cmd=(sh -c 'for i in $(seq 40); do cat "$0" >/dev/null; done' "$work/file.txt") ;;
	true) cmd=(/bin/true) ;;
	esac
}

prepare() { :; }
batch() {
	local i
	case $1 in
	native) for ((i = 0; i < runs; i++)); do "${cmd[@]}" >/dev/null; done ;;
	zapp-trace) for ((i = 0; i < runs; i++)); do "$bin/zapp-trace" -f -o "$work/list" -- "${cmd[@]}" >/dev/null; done ;;
	zapp-trace-all) for ((i = 0; i < runs; i++)); do "$bin/zapp-trace" --no-seccomp -f -o "$work/list.all" -- "${cmd[@]}" >/dev/null; done ;;
	strace) for ((i = 0; i < runs; i++)); do strace -f -qq -e trace=%file -o /dev/null "${cmd[@]}" >/dev/null; done ;;
	strace-seccomp) for ((i = 0; i < runs; i++)); do strace -f -qq --seccomp-bpf -e trace=%file -o /dev/null "${cmd[@]}" >/dev/null; done ;;
	esac
}

followed='open|openat|openat2|creat|execve|execveat|stat|lstat|newfstatat|statx|access|faccessat|faccessat2|rename|renameat|renameat2'
bench_tsv trace-params workload command runs files stops calls strace
for w in python-json sh-exec true; do
	cmd_of "$w"
	# the same work: both lists equal, and what the workload must use
	"$bin/zapp-trace" -f -o "$work/list" -- "${cmd[@]}" >/dev/null
	"$bin/zapp-trace" --no-seccomp -f -o "$work/list.all" -- "${cmd[@]}" >/dev/null
	cmp -s "$work/list" "$work/list.all" || bench_die "$w: zapp-trace --no-seccomp lists other files"
	case $w in
	python-json) grep -qx /usr/lib/python3.11/json/__init__.py "$work/list" || bench_die "$w: the list lacks json/__init__.py" ;;
	sh-exec) grep -qx "$work/file.txt" "$work/list" || bench_die "$w: the list lacks file.txt" ;;
	true) grep -qx "$(readlink -f /bin/true)" "$work/list" || bench_die "$w: the list lacks true" ;;
	esac
	strace -f -c -o "$work/counts" "${cmd[@]}" >/dev/null
	# calls that stop under the filter: the followed ones, but fstat (AT_EMPTY_PATH)
	strace -f -qq -o "$work/calls" "${cmd[@]}" >/dev/null
	stops=$(grep -E "^[0-9]+ +($followed)\(" "$work/calls" | grep -vc 'AT_EMPTY_PATH' || true)
	calls=$(grep -cE '^[0-9]+ +[a-z_0-9]+\(' "$work/calls" || true)
	bench_row trace-params "$w" "$(workload "$w")" "$runs" "$(wc -l <"$work/list")" "$stops" "$calls" \
		"$(strace -V | sed -n '1{s/.*version //;p;}')"
	bench_say "$w: $reps batches of $runs runs per variant"
	bench_alternate "trace-$w" "$reps" prepare batch native zapp-trace zapp-trace-all strace strace-seccomp
done
