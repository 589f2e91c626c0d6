#!/bin/bash
# bench/p0900-single.sh [full|quick]: a one-file Zapp (--single) of jq,
# its later runs against jq run natively and through its Zapp's launcher,
# and its first runs (each on an empty cache: the unpacking) against the
# native run.
#
# Variants (jq -n 1, output to /dev/null):
#   native    the host's /usr/bin/jq
#   launcher  the Zapp's bin/jq (a directory Zapp)
#   single    jq.run, its Zapp already in the cache: the stub, then one
#             execve of the cached launcher
#   first     jq.run on an empty cache, wall clock of each run (the cache
#             removed between runs, outside the timing)
#
# Data:
#   single.tsv           bench/spawnloop's summary (native, launcher, single)
#   single-samples.tsv   every launch
#   single-first.tsv     run, first_us, native_us (interleaved, one each)
#   single-params.tsv    rounds, per_round, warmup, first_runs, bytes
. "${0%/*}/lib.sh"

rounds=$(bench_pick 20 4) per=$(bench_pick 50 20) warm=$(bench_pick 10 3) firsts=$(bench_pick 20 5)
[ -x /usr/bin/jq ] || bench_die "no /usr/bin/jq"

"$bin/zapp-assemble" -q -o jq.zapp /usr/bin/jq
"$bin/zapp-assemble" -q --single jq.run /usr/bin/jq
export XDG_CACHE_HOME=$PWD/cache
./jq.run -n 1 >/dev/null || bench_die "jq.run does not run"
cmp -s <(/usr/bin/jq -n 1) <(./jq.run -n 1) || bench_die "jq.run does not print what jq prints"

bench_tsv single-params rounds per_round warmup first_runs bytes
bench_row single-params "$rounds" "$per" "$warm" "$firsts" "$(stat -c %s jq.run)"
bench_say "a one-file jq: $((rounds * per)) later runs per variant, $firsts first runs"
bench_launch single -r "$rounds" -n "$per" -w "$warm" \
	native /usr/bin/jq -n 1 ::: \
	launcher "$PWD/jq.zapp/bin/jq" -n 1 ::: \
	single "$PWD/jq.run" -n 1

now_us() { local t; t=$(date +%s%N); echo $((t / 1000)); }
bench_tsv single-first run first_us native_us
for i in $(seq 1 "$firsts"); do
	rm -rf cache
	t0=$(now_us); ./jq.run -n 1 >/dev/null; t1=$(now_us)
	/usr/bin/jq -n 1 >/dev/null; t2=$(now_us)
	bench_row single-first "$i" $((t1 - t0)) $((t2 - t1))
done
rm -rf cache jq.zapp
