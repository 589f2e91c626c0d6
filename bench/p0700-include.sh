#!/bin/bash
# bench/p0700-include.sh [full|quick]: zapp-assemble with --files-from and
# with --detect against cp of the same bytes.
#
# Sets: python3 with the list of its standard library's files
# (--files-from, find /usr/lib/python3.11 -type f); nmap and git with
# --detect (the files of the packages nmap and git: 21 files, and 850 with
# git's helpers, each a copy of git, most of them hard links).  The cp baseline copies what the Zapp
# holds copies of: the program's closure (bench_closure) into one
# directory, and the included files with cp --parents, which makes their
# directories as zapp-assemble does (--no-interp-files: python3.11 brings
# only what its list names, as cp does).  For the --detect sets a third
# variant, files-from, assembles from a list the files --detect takes
# (links to regular files too): what --detect costs beyond it is finding
# the owner.  An untimed run of each
# comes first (the page cache is warm for all); then REPS runs of each,
# alternating, the output removed before each.
#
# Data:
#   inc-SET.tsv   rep, variant (zapp-assemble, cp; files-from for the
#                 --detect sets), wall_s, cpu_s
#   inc-sets.tsv  set, option, files (included), input_bytes (closure and
#                 included files)
. "${0%/*}/lib.sh"

reps=$(bench_pick 7 3)

# include_set SET OPTION PROGRAM FILELIST [SAMELIST]: SAMELIST, for the
# files-from variant of a --detect set
include_set() {
	local set=$1 opt=$2 prog=$3 list=$4 same=${5:-} inb
	bench_closure "$prog" >"$set.closure"
	mapfile -t closure <"$set.closure"
	mapfile -t included <"$list"
	inb=$(cat "$set.closure" "$list" | tr '\n' '\0' | xargs -0 stat -L -c %s | awk '{ s += $1 } END { printf "%d", s }')
	case $opt in
	files-from) zargs=(--files-from "$list") ;;
	detect) zargs=(--detect) ;;
	esac
	rm -rf "$set.zapp"
	"$bin/zapp-assemble" -q --glibc-pieces=none --no-interp-files -o "$set.zapp" "$prog" "${zargs[@]}" || bench_die "zapp-assemble failed on $set"
	bench_row inc-sets "$set" "$opt" "${#included[@]}" "$inb"
	if [ "$opt" = detect ]; then
		bench_alternate "inc-$set" "$reps" clean run zapp-assemble files-from cp
	else
		bench_alternate "inc-$set" "$reps" clean run zapp-assemble cp
	fi
	rm -rf "$set.zapp" "$set.cp"
}
clean() { rm -rf "$set.zapp" "$set.cp"; [ "$1" != cp ] || mkdir -p "$set.cp/lib" "$set.cp/tree"; }
run() {
	case $1 in
	cp) cp -- "${closure[@]}" "$set.cp/lib/" && cp --parents -- "${included[@]}" "$set.cp/tree/" ;;
	files-from) "$bin/zapp-assemble" -q --glibc-pieces=none --no-interp-files -o "$set.zapp" "$prog" --files-from "$same" ;;
	*) "$bin/zapp-assemble" -q --glibc-pieces=none --no-interp-files -o "$set.zapp" "$prog" "${zargs[@]}" ;;
	esac
}

bench_tsv inc-sets set option files input_bytes
if [ -x /usr/bin/python3.11 ] && [ -d /usr/lib/python3.11 ]; then
	find /usr/lib/python3.11 -type f | sort >python.list
	include_set python files-from /usr/bin/python3.11 python.list
fi
# the files of a package (regular files, not links: cp copies what they
# lead to once more; with "links", those too, as --detect takes them),
# the program itself left out (it is in the closure)
package_files() {
	while read -r f; do
		if [ -f "$f" ] && { [ ! -L "$f" ] || [ "${3:-}" = links ]; } && [ "$f" != "$2" ]; then echo "$f"; fi
	done <"/var/lib/dpkg/info/$1.list"
}
for pkg in nmap:/usr/bin/nmap git:/usr/bin/git; do
	prog=${pkg#*:} pkg=${pkg%%:*}
	if [ -x "$prog" ] && [ -f "/var/lib/dpkg/info/$pkg.list" ]; then
		package_files "$pkg" "$prog" >"$pkg.list"
		package_files "$pkg" "$prog" links >"$pkg.taken"
		include_set "$pkg" detect "$prog" "$pkg.list" "$pkg.taken"
	fi
done
