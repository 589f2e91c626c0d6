#!/bin/bash
# bench/p0200-assembly.sh [full|quick]: zapp-assemble against cp of the same
# bytes, for a dozen large programs and for growing sets of /usr/bin.
#
# The cp baseline copies into one directory what the Zapp holds copies of:
# the programs, the libraries the system's loader loads for them and the
# loader (bench_closure); zapp-assemble makes that Zapp alone ($ZA: no
# interpreter's run-time files, no glibc pieces, no run-time redirection,
# which hold more than the closure).  An untimed zapp-assemble of each set comes first
# (the page cache is warm for both, and the Zapp's lib/ must hold as many
# files as the baseline copies); then REPS runs of each, alternating, the
# output removed before each.
#
# Data:
#   asm-SET.tsv      rep, variant (zapp-assemble, cp), wall_s, cpu_s
#   asm-sets.tsv     set, label, programs, libraries, input_bytes,
#                    read_bytes (what zapp-assemble reads with read and
#                    pread, one more untimed run under strace), names (of
#                    the first dozen programs)
#   asm-syscalls.tsv set, variant, syscall, calls (strace -c -f, one more
#                    untimed run of each)
#   left-out.tsv     programs of /usr/bin zapp-assemble refuses, and why
. "${0%/*}/lib.sh"
bench_need strace

reps=$(bench_pick 7 2)
sizes=$(bench_pick '10 50 100 200 all' '10 50')

# assemble_set SET LABEL LIST
ZA="--no-interp-files --glibc-pieces=none --no-redirect"

assemble_set() {
	local set=$1 label=$2 list=$3 nprog nlib inb rb v
	mapfile -t progs <"$list"
	nprog=${#progs[@]}
	bench_say "$set: $nprog programs"
	bench_closure "${progs[@]}" >"$set.files"
	mapfile -t files <"$set.files"
	nlib=$((${#files[@]} - nprog - 1))
	inb=$(tr '\n' '\0' <"$set.files" | xargs -0 stat -L -c %s | awk '{ s += $1 } END { printf "%d", s }')
	rm -rf "$set.zapp"
	"$bin/zapp-assemble" $ZA -q -o "$set.zapp" "${progs[@]}" || bench_die "zapp-assemble failed on $set"
	[ "$(find "$set.zapp/lib" -maxdepth 1 -type f | wc -l)" = $((nlib + 1)) ] ||
		bench_die "$set: the Zapp's lib/ does not hold the $nlib libraries and the loader the system's loader loads"
	rm -rf "$set.zapp"
	strace -f -qq -e trace=read,pread64 -e signal=none -o "$set.strace" \
		"$bin/zapp-assemble" $ZA -q -o "$set.zapp" "${progs[@]}" >/dev/null 2>&1 ||
		bench_die "zapp-assemble failed on $set under strace"
	rb=$(awk '/^[0-9]+ +p?read(64)?\(/ && / = [0-9]+$/ { r += $NF } END { printf "%d", r }' "$set.strace")
	rm -rf "$set.zapp"
	bench_row asm-sets "$set" "$label" "$nprog" "$nlib" "$inb" "$rb" "$(awk -F/ 'NR <= 12 { printf "%s%s", (NR > 1 ? " " : ""), $NF }' "$list")"
	bench_alternate "asm-$set" "$reps" clean run zapp-assemble cp
	# the system calls each makes (one more untimed run each)
	clean zapp-assemble
	strace -c -f -o "$set.zapp.calls" "$bin/zapp-assemble" $ZA -q -o "$set.zapp" "${progs[@]}" ||
		bench_die "zapp-assemble failed on $set under strace"
	clean cp
	strace -c -f -o "$set.cp.calls" cp -- "${files[@]}" "$set.cp/" || bench_die "cp failed on $set under strace"
	for v in zapp cp; do
		awk -v s="$set" -v v="$( [ $v = zapp ] && echo zapp-assemble || echo cp)" \
			'$1 ~ /^[0-9.]+$/ && $4 ~ /^[0-9]+$/ && $NF != "total" { print s "\t" v "\t" $NF "\t" $4 }' \
			"$set.$v.calls" >>"$data/asm-syscalls.tsv"
	done
	rm -rf "$set.zapp" "$set.cp"
}
clean() { rm -rf "$set.zapp" "$set.cp"; [ "$1" != cp ] || mkdir "$set.cp"; }
run() {
	if [ "$1" = cp ]; then cp -- "${files[@]}" "$set.cp/"
	else "$bin/zapp-assemble" $ZA -q -o "$set.zapp" "${progs[@]}"; fi
}

bench_tsv asm-sets set label programs libraries input_bytes read_bytes names
bench_tsv asm-syscalls set variant syscall calls
# a dozen large programs, whichever of them are here
bench_dozen >dozen.list
assemble_set dozen "large programs" dozen.list

bench_say "finding the programs of /usr/bin zapp-assemble takes"
max=${sizes##* }
bench_usable "$max" >usable.list
for s in $sizes; do
	n=$s
	[ "$s" != all ] || n=$(wc -l <usable.list)
	[ "$n" -le "$(wc -l <usable.list)" ] || continue
	head -n "$n" usable.list >"n$n.list"
	assemble_set "n$n" "$n of /usr/bin" "n$n.list"
done
rm -f ./*.strace
