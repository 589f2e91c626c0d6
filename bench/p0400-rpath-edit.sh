#!/bin/bash
# bench/p0400-rpath-edit.sh [full|quick]: setting the search path
# $ORIGIN/../lib (DT_RPATH) on copies of ELF files of /usr/bin and
# /usr/lib/x86_64-linux-gnu, with set-rpath (tests/tools, libzapp's
# rpath_set) and with patchelf --force-rpath --set-rpath.
#
# Each batch is a shell loop calling the tool once per file, on a fresh copy
# of the files; the tools alternate batch by batch.  The sample: every file
# that has a search path already (up to a fifth of it; some have room for
# the new one in place), then every k-th of the others.  Each edited file is
# checked afterwards: readelf -d shows the new DT_RPATH and no DT_RUNPATH,
# readelf -hlSd complains of nothing more than of the original, and
# ld.so --verify says what it said of the original.
#
# Data:
#   elf.tsv         rep, variant (set-rpath, patchelf), wall_s, cpu_s
#   elf-fails.tsv   rep, variant, failed edits in the batch
#   elf-check.tsv   variant, file, grew (0/1), bytes added, rpath_ok,
#                   verify_ok
#   elf-params.tsv  files, bytes, with_rpath, from_usr_bin, value,
#                   patchelf version
. "${0%/*}/lib.sh"
bench_need patchelf

nfiles=$(bench_pick 300 60) reps=$(bench_pick 5 2)
value='$ORIGIN/../lib'
loader=/lib64/ld-linux-x86-64.so.2
setrpath=$B/tests/tools/set-rpath

mkdir -p orig origerr origverify
find /usr/bin /usr/lib/x86_64-linux-gnu -maxdepth 2 -type f | sort >candidates
xargs -d '\n' -a candidates "$tools/dynlist" -a -r >with-rpath
xargs -d '\n' -a candidates "$tools/dynlist" -a -R >without-rpath
nrp=$(wc -l <with-rpath)
[ "$nrp" -le $((nfiles / 5)) ] || nrp=$((nfiles / 5))
nrest=$((nfiles - nrp))
step=$(($(wc -l <without-rpath) / nrest))
[ $step -ge 1 ] || step=1
{ head -n $nrp with-rpath; awk -v s=$step -v n=$nrest 'NR % s == 0 && k++ < n' without-rpath; } >sample
i=0
while read -r f; do
	i=$((i + 1))
	b=$(printf '%03d-%s' $i "${f##*/}")
	cp "$f" "orig/$b"
	chmod u+w "orig/$b"
	readelf -hlSdW "orig/$b" >/dev/null 2>"origerr/$b" || true
	"$loader" --verify "orig/$b" >/dev/null 2>&1 && v=0 || v=$?
	echo $v >"origverify/$b"
done <sample
bench_tsv elf-params files bytes with_rpath from_usr_bin value patchelf
bench_row elf-params "$i" "$(bench_tree_bytes orig)" "$nrp" "$(grep -c '^/usr/bin/' sample)" "$value" \
	"$(patchelf --version | sed 's/^patchelf //')"

fresh() { rm -rf "$1" "$1.err"; cp -a orig "$1"; }
batch() {
	local f fails=0
	if [ "$1" = set-rpath ]; then
		for f in "$1"/*; do "$setrpath" "$f" "$value" >/dev/null 2>>"$1.err" || fails=$((fails + 1)); done
	else
		for f in "$1"/*; do patchelf --force-rpath --set-rpath "$value" "$f" >/dev/null 2>>"$1.err" || fails=$((fails + 1)); done
	fi
	echo "$fails" >"$1.fails"
}
bench_say "$i files, $reps batches per tool"
bench_tsv elf-fails rep variant fails
# the batch's failures are noted after it is timed
after() { batch "$1"; bench_row elf-fails "$bench_rep" "$1" "$(cat "$1.fails")"; }
bench_alternate elf "$reps" fresh after set-rpath patchelf

bench_tsv elf-check variant file grew bytes_added rpath_ok verify_ok
for tool in set-rpath patchelf; do
	for f in orig/*; do
		b=${f##*/}
		delta=$(($(stat -c %s "$tool/$b") - $(stat -c %s "$f")))
		rp=$(readelf -dW "$tool/$b" 2>/dev/null | sed -n 's/.*(RPATH).*\[\(.*\)\]$/\1/p')
		okr=0
		if [ "$rp" = "$value" ] && [ "$(readelf -dW "$tool/$b" | grep -c '(RUNPATH)')" = 0 ] &&
		   readelf -hlSdW "$tool/$b" >/dev/null 2>err.new &&
		   [ "$(wc -l <err.new)" -le "$(wc -l <"origerr/$b")" ]; then
			okr=1
		fi
		"$loader" --verify "$tool/$b" >/dev/null 2>&1 && v=0 || v=$?
		okv=0
		[ "$v" != "$(cat "origverify/$b")" ] || okv=1
		bench_row elf-check "$tool" "$b" "$([ "$delta" = 0 ] && echo 0 || echo 1)" "$delta" "$okr" "$okv"
	done
done
rm -rf orig set-rpath patchelf
