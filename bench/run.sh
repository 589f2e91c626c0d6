#!/bin/bash
# bench/run.sh [full|quick] [SCRIPT...]: run the measurements, then render
# what they wrote (bench/README.md says what is where).
#
# With no SCRIPT, every bench/pNNNN-*.sh runs, in order, into an emptied
# data directory ($ZAPP_BUILD/bench/MODE, or $BENCH_DATA) with a
# description of the machine (machine.tsv); with SCRIPTs, only those run,
# and the data of the others stays as it was.  Then bench/render.sh writes
# results.md and the figures into $BENCH_OUT: bench/ for a full run (make
# bench), the data directory for a quick one (make bench-quick).
set -eu -o pipefail
export LC_ALL=C
mode=${1:-full}
case $mode in full|quick) ;; *) echo "usage: bench/run.sh [full|quick] [SCRIPT...]" >&2; exit 2;; esac
shift || true
here=$(cd "${0%/*}" && pwd)
top=${here%/*}
export BENCH_MODE=$mode
export ZAPP_BUILD=${ZAPP_BUILD:-$top/build}
export BENCH_DATA=${BENCH_DATA:-$ZAPP_BUILD/bench/$mode}
if [ "$mode" = full ]; then out=${BENCH_OUT:-$here}; else out=${BENCH_OUT:-$BENCH_DATA}; fi
data=$BENCH_DATA

# version: the commit measured, "+ uncommitted changes" when the tree
# differs from it (the bench's own results aside)
version() {
	local v
	v=$(git -C "$top" rev-parse --short HEAD 2>/dev/null) || { echo '?'; return; }
	git -C "$top" diff --quiet HEAD -- . ':(exclude)bench/results.md' ':(exclude)bench/*.png' \
		':(exclude)bench/notes.md' 2>/dev/null || v="$v + uncommitted changes"
	echo "$v"
}

machine() {
	printf 'key\tvalue\n'
	printf 'cpu\t%s\n' "$(sed -n '/^model name[[:space:]]*: /{s///p;q;}' /proc/cpuinfo)"
	printf 'cores\t%s\n' "$(nproc)"
	printf 'memory\t%s\n' "$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
	printf 'kernel\tLinux %s %s\n' "$(uname -r)" "$(uname -m)"
	printf 'system\tDebian %s\n' "$(cat /etc/debian_version 2>/dev/null || echo '?')"
	printf 'libc\t%s\n' "$(getconf GNU_LIBC_VERSION)"
	printf 'compiler\t%s\n' "$(gcc --version | sed -n 1p)"
	printf 'libelf\t%s\n' "$(dpkg-query -W -f='${Version}' libelf1 2>/dev/null || echo '?')"
	printf 'filesystem\t%s\n' "$(df -T "$ZAPP_BUILD" | awk 'NR == 2 { print $2 }')"
	printf 'zapp\t%s\n' "$(version)"
	printf 'run\tbench/run.sh %s, %s\n' "$mode" "$(date -u '+%Y-%m-%d %H:%M UTC')"
	printf 'load_start\t%s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
}

if [ $# = 0 ]; then
	set -- "$here"/p[0-9]*.sh
	rm -rf "$data"
	mkdir -p "$data"
	machine >"$data/machine.tsv"
fi
mkdir -p "$data"
[ -f "$data/machine.tsv" ] || machine >"$data/machine.tsv"
started=$SECONDS
for s in "$@"; do
	case $s in */*) ;; *) s=$here/$s;; esac
	# the one that stopped named: the last progress line may be another's
	bash "$s" "$mode" || { rc=$?; echo "bench: ${s##*/} $mode failed (exit status $rc)" >&2; exit "$rc"; }
done
{ grep -v -e '^load_end	' -e '^seconds	' "$data/machine.tsv"
  printf 'load_end\t%s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
  printf 'seconds\t%d\n' $((SECONDS - started)); } >"$data/machine.tsv.new"
mv "$data/machine.tsv.new" "$data/machine.tsv"
bash "$here/render.sh" "$data" "$out"
echo "bench: ${out#"$top"/}/results.md" >&2
