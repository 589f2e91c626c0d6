#!/bin/bash
# bench/p0500-size.sh [full|quick]: bytes of a Zapp against the bytes of the
# files it holds copies of (the programs, the libraries the system's loader
# loads for them, the loader: bench_closure), for curl, a dozen large
# programs and the programs of /usr/bin zapp-assemble takes (all of them;
# 50 in a quick run).  A file with several links counts once; a hole
# counts as the bytes it stands for (a FAT stick stores them).  The Zapps
# are the closure alone (--no-interp-files --glibc-pieces=none
# --no-redirect, as in p0200): the interpreters' run-time files, glibc's
# pieces and libzapp-rt.so.1 are files the closure does not count.
#
# Data:
#   size.tsv  zapp, programs, libraries, input_bytes, zapp_bytes,
#             jumploader_bytes (bin/), dynbin_bytes, dynbin_input_bytes
#             (the programs before their rpath was set), lib_bytes
#   size-jumploader.tsv  file, bytes: each jumploader as built (stripped),
#                        one per architecture
. "${0%/*}/lib.sh"

bench_tsv size zapp programs libraries input_bytes zapp_bytes jumploader_bytes dynbin_bytes dynbin_input_bytes lib_bytes
# zapp NAME LIST
zapp() {
	local name=$1 list=$2 files nprog
	mapfile -t progs <"$list"
	nprog=${#progs[@]}
	bench_say "$name: $nprog programs"
	files=$(bench_closure "${progs[@]}")
	"$bin/zapp-assemble" --no-interp-files --glibc-pieces=none --no-redirect -q -o "$name.zapp" "${progs[@]}" ||
		bench_die "zapp-assemble failed on $name"
	bench_row size "$name" "$nprog" $(($(printf '%s\n' "$files" | wc -l) - nprog - 1)) \
		"$(printf '%s\n' "$files" | tr '\n' '\0' | xargs -0 stat -L -c %s | awk '{ s += $1 } END { printf "%d", s }')" \
		"$(bench_tree_bytes "$name.zapp")" "$(bench_tree_bytes "$name.zapp/bin")" \
		"$(bench_tree_bytes "$name.zapp/dynbin")" \
		"$(tr '\n' '\0' <"$list" | xargs -0 stat -L -c %s | awk '{ s += $1 } END { printf "%d", s }')" \
		"$(bench_tree_bytes "$name.zapp/lib")"
	rm -rf "$name.zapp"
}

echo /usr/bin/curl >curl.list
zapp curl curl.list
bench_dozen >dozen.list
zapp dozen dozen.list
bench_usable "$(bench_pick all 50)" >usable.list
zapp usr-bin usable.list

bench_tsv size-jumploader file bytes
for jl in "$B"/lib/zapp/jumploader-*; do
	bench_row size-jumploader "${jl#"$B"/}" "$(stat -c %s "$jl")"
done
