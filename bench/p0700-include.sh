#!/bin/bash
# bench/p0700-include.sh [full|quick]: zapp-assemble with --files-from and
# with --detect against cp of the same bytes.
#
# Sets: python3 with the list of its standard library's files
# (--files-from, find /usr/lib/python3.11 -type f), and nmap with --detect
# (the files of the package nmap).  The cp baseline copies what the Zapp
# holds copies of: the program's closure (bench_closure) into one
# directory, and the included files with cp --parents, which makes their
# directories as zapp-assemble does.  An untimed run of each comes first
# (the page cache is warm for both); then REPS runs of each, alternating,
# the output removed before each.
#
# Data:
#   inc-SET.tsv   rep, variant (zapp-assemble, cp), wall_s, cpu_s
#   inc-sets.tsv  set, option, files (included), input_bytes (closure and
#                 included files)
. "${0%/*}/lib.sh"

reps=$(bench_pick 7 3)

# include_set SET OPTION PROGRAM FILELIST
include_set() {
	local set=$1 opt=$2 prog=$3 list=$4 inb
	bench_closure "$prog" >"$set.closure"
	mapfile -t closure <"$set.closure"
	mapfile -t included <"$list"
	inb=$(cat "$set.closure" "$list" | tr '\n' '\0' | xargs -0 stat -L -c %s | awk '{ s += $1 } END { printf "%d", s }')
	case $opt in
	files-from) zargs=(--files-from "$list") ;;
	detect) zargs=(--detect) ;;
	esac
	rm -rf "$set.zapp"
	"$bin/zapp-assemble" -q --glibc-pieces=none -o "$set.zapp" "$prog" "${zargs[@]}" || bench_die "zapp-assemble failed on $set"
	bench_row inc-sets "$set" "$opt" "${#included[@]}" "$inb"
	bench_alternate "inc-$set" "$reps" clean run zapp-assemble cp
	rm -rf "$set.zapp" "$set.cp"
}
clean() { rm -rf "$set.zapp" "$set.cp"; [ "$1" != cp ] || mkdir -p "$set.cp/lib" "$set.cp/tree"; }
run() {
	if [ "$1" = cp ]; then
		cp -- "${closure[@]}" "$set.cp/lib/" && cp --parents -- "${included[@]}" "$set.cp/tree/"
	else
		"$bin/zapp-assemble" -q --glibc-pieces=none -o "$set.zapp" "$prog" "${zargs[@]}"
	fi
}

bench_tsv inc-sets set option files input_bytes
if [ -x /usr/bin/python3.11 ] && [ -d /usr/lib/python3.11 ]; then
	find /usr/lib/python3.11 -type f | sort >python.list
	include_set python files-from /usr/bin/python3.11 python.list
fi
if [ -x /usr/bin/nmap ] && [ -f /var/lib/dpkg/info/nmap.list ]; then
	while read -r f; do [ -f "$f" ] && [ ! -L "$f" ] && [ "$f" != /usr/bin/nmap ] && echo "$f"; done \
		</var/lib/dpkg/info/nmap.list >nmap.list
	include_set nmap detect /usr/bin/nmap nmap.list
fi
