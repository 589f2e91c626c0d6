#!/bin/bash
# bench/p0800-script.sh [full|quick]: a shell script launched through its
# Zapp launcher against the same script run by the kernel.
#
# Variants, each running the same bytes (#!/bin/sh, one builtin):
#   native    the install tree's bin/hello.sh: the kernel reads its #! line
#             and runs the host's /bin/sh
#   launcher  the Zapp's bin/hello.sh: a jumploader stamped "script" in
#             direct mode, which maps the Zapp's dash and loader itself
#             with the argv of the #! line (one execve in all)
#   exec      the same in exec mode (zapp-assemble --script-exec): one
#             execve of the Zapp's bin/sh (itself a jumploader of dash)
#             with dynbin/hello.sh
#   interp    the Zapp's bin/sh given dynbin/hello.sh (diagnostic: the
#             interpreter's launcher alone, without the script's)
#
# Data:
#   script-sh.tsv          bench/spawnloop's summary, one row per variant
#   script-sh-samples.tsv  every launch: variant, round, wall_ns, cpu_ns
#   script-syscalls.tsv    variant, system calls of one launch (strace -f)
#   script-params.tsv      rounds, per_round, warmup
. "${0%/*}/lib.sh"
bench_need strace

rounds=$(bench_pick 20 4) per=$(bench_pick 100 25) warm=$(bench_pick 20 5)

mkdir -p tree/bin
printf '#!/bin/sh\necho "hello $#"\n' >tree/bin/hello.sh
chmod 755 tree/bin/hello.sh
"$bin/zapp-assemble" -q -o hello.zapp tree
"$bin/zapp-assemble" -q --script-exec -o exec.zapp tree
for z in hello.zapp exec.zapp; do
	[ -n "$("$bin/zapp-check" -q $z 2>&1)" ] && bench_die "zapp-check does not take $z"
done

declare -A var=([native]=$PWD/tree/bin/hello.sh [launcher]=$PWD/hello.zapp/bin/hello.sh
	[exec]=$PWD/exec.zapp/bin/hello.sh [interp]=$PWD/hello.zapp/bin/sh)
declare -A arg=([native]= [launcher]= [exec]= [interp]=$PWD/hello.zapp/dynbin/hello.sh)
"${var[native]}" x >expected.out
for v in launcher exec interp; do
	"${var[$v]}" ${arg[$v]} x >check.out || bench_die "$v: ${var[$v]} failed"
	cmp -s expected.out check.out || bench_die "$v: ${var[$v]} does not print what the script prints natively"
done

bench_tsv script-params rounds per_round warmup
bench_row script-params "$rounds" "$per" "$warm"
bench_say "a shell script: $((rounds * per)) launches per variant"
bench_launch script-sh -r "$rounds" -n "$per" -w "$warm" \
	native "${var[native]}" x ::: \
	launcher "${var[launcher]}" x ::: \
	exec "${var[exec]}" x ::: \
	interp "${var[interp]}" "${arg[interp]}" x

bench_tsv script-syscalls variant syscalls
for v in native launcher exec interp; do
	strace -f -qq -o "strace-$v.out" "${var[$v]}" ${arg[$v]} x >/dev/null 2>&1 || bench_die "$v failed under strace"
	bench_row script-syscalls $v "$(grep -vc -e '+++ exited' -e '--- SIG' "strace-$v.out")"
done
rm -rf hello.zapp exec.zapp
