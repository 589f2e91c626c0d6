#!/bin/sh
# tests/fuzz/run.sh DIR SECONDS NAME...: run each harness DIR/fuzz_NAME for
# SECONDS seconds on its corpus (DIR/corpus/NAME, grown by the run) and its
# seeds; print one line per harness, and fail at the first that crashed,
# leaked, timed out or broke a property (its input is in DIR/artifacts/NAME/).
dir=$1 secs=$2
shift 2
total=0
for name in "$@"; do
	bin=$dir/fuzz_$name
	case $name in
	ldconf) seeds=$dir/seeds/ldconf maxlen=4096 ;;
	strace_log) seeds=$dir/seeds/strace maxlen=16384 ;;
	*) seeds=$dir/seeds/elf maxlen=65536 ;;
	esac
	corpus=$dir/corpus/$name
	artifacts=$dir/artifacts/$name
	log=$dir/fuzz_$name.log
	mkdir -p "$corpus" "$artifacts"
	"$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len="$maxlen" \
		-print_final_stats=1 -artifact_prefix="$artifacts/" "$corpus" "$seeds" >"$log" 2>&1
	status=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	units=$(find "$corpus" -type f | wc -l)
	printf 'fuzz_%-18s %10s executions in %ss, corpus %s inputs, exit %s\n' \
		"$name" "${execs:-?}" "$secs" "$units" "$status"
	total=$((total + ${execs:-0}))
	if [ "$status" -ne 0 ]; then
		grep -E -A 30 'ERROR|property broken|Timeout|timeout' "$log" | head -n 60
		echo "fuzz_$name failed: the input is in $artifacts/ (log: $log)"
		exit 1
	fi
done
echo "fuzz: $total executions, no crash"
