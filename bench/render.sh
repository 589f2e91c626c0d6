#!/bin/bash
# bench/render.sh DATA OUT: turn the data the bench/pNNNN-*.sh scripts wrote
# into DATA into OUT/results.md and the figures OUT/launch-cdf.png and
# OUT/assembly-scaling.png, as git's t/perf/aggregate.perl turns its
# results into tables.
#
# It writes tables and figures only, and the captions that say what was
# run (counts, parameters): every word that explains a result is written by
# a person, in bench/notes.md, and included here section by section (its
# "<!-- section: NAME -->" lines start each section).  When notes.md says
# it was written for another run ("<!-- run: ... -->") than the data's,
# results.md says so above the notes.  A section whose data is missing is
# left out.  Measures nothing; may be run again on the same data.
set -eu -o pipefail
export LC_ALL=C
[ $# = 2 ] || { echo "usage: bench/render.sh DATA OUT" >&2; exit 2; }
here=$(cd "${0%/*}" && pwd)
D=$(cd "$1" && pwd)
mkdir -p "$2"
out=$(cd "$2" && pwd)
notes=$here/notes.md
die() { printf 'bench: render.sh: %s\n' "$*" >&2; exit 1; }
command -v gnuplot >/dev/null || die "missing: gnuplot (make bench-deps installs what the bench runs)"
[ -f "$D/machine.tsv" ] || die "$D/machine.tsv: no data (bench/run.sh writes it)"
tmpd=$(mktemp -d "${TMPDIR:-/tmp}/zapp-render.XXXXXX")
trap 'rm -rf "$tmpd"' EXIT

# ---- reading the data ------------------------------------------------------

# q FILE COL [KEYCOL KEY]...: the values of column COL (by its header name)
# in the rows where every KEYCOL holds KEY
q() {
	local f=$1 want=$2
	shift 2
	awk -F'\t' -v want="$want" -v conds="$*" '
		NR == 1 { for (i = 1; i <= NF; i++) h[$i] = i; n = split(conds, c, " ")
			  if (!(want in h)) { print "bench: render.sh: no column " want > "/dev/stderr"; exit 1 }
			  next }
		{ ok = 1; for (j = 1; j < n; j += 2) if ($h[c[j]] != c[j + 1]) ok = 0; if (ok) print $h[want] }' "$f"
}
have() { local f; for f; do [ -s "$D/$f" ] || return 1; done; }
machine() { q "$D/machine.tsv" value key "$1"; }
# stats: numbers on stdin -> "median min max count"
stats() {
	sort -g | awk '{ v[NR] = $1 }
		END { if (NR == 0) { print "nan nan nan 0"; exit }
		      m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		      printf "%.6g %.6g %.6g %d\n", m, v[1], v[NR], NR }'
}
nth() { echo "$1" | cut -d' ' -f"$2"; }
fmt() { awk -v x="$1" -v d="$2" 'BEGIN { if (x == "nan" || x == "") print "?"; else printf "%.*f", d, x }'; }
div() { awk -v a="$1" -v b="$2" -v d="$3" 'BEGIN { if (b == 0 || a == "nan" || b == "nan") print "?"; else printf "%.*f", d, a / b }'; }
sub() { awk -v a="$1" -v b="$2" -v d="$3" 'BEGIN { printf "%.*f", d, a - b }'; }
mib() { div "$1" 1048576 1; }
pct() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) print "?"; else printf "%.2f%%", (a - b) / b * 100 }'; }
# spread "MEDIAN MIN MAX N": (max - min) / median, in percent
spread() { awk -v s="$1" 'BEGIN { split(s, a, " "); if (a[1] > 0) printf "%.1f%%", (a[3] - a[2]) / a[1] * 100; else print "?" }'; }
human() { awk -v b="$1" 'BEGIN { if (b < 1024) printf "%d bytes", b; else if (b < 1048576) printf "%.1f KiB", b / 1024; else printf "%.1f MiB", b / 1048576 }'; }
verdict() { awk -v v="$1" -v l="$3" -v op="$2" 'BEGIN { if (v == "?") { print "?"; exit }
	ok = (op == "<=") ? v <= l : (op == "<") ? v < l : v >= l; print ok ? "meets" : "**misses**" }'; }
max() { awk -v a="$1" -v b="$2" 'BEGIN { print (a + 0 > b + 0) ? a : b }'; }

# launch FILE VARIANT COL: one field of a spawnloop summary
launch() { q "$D/$1.tsv" "$3" variant "$2"; }
# alt FILE VARIANT COL: "median min max n" of one column of a bench_alternate file
alt() { q "$D/$1.tsv" "$3" variant "$2" | stats; }
# pair FILE A B COL: "median min max n" of A ÷ B, repetition by repetition
pair() {
	awk -F'\t' -v a="$2" -v b="$3" -v col="$4" '
		NR == 1 { for (i = 1; i <= NF; i++) h[$i] = i; next }
		{ t[$h["rep"], $h["variant"]] = $h[col]; r[$h["rep"]] = 1 }
		END { for (i in r) if (t[i, b] > 0) print t[i, a] / t[i, b] }' "$D/$1.tsv" | stats
}

# notes NAME: the hand-written text of one section of notes.md
notes() {
	[ -f "$notes" ] || return 0
	awk -v s="$1" '/^<!-- section: / { on = ($3 == s); next } /^<!-- run: / { next } on' "$notes" |
		awk 'NF { p = 1 } p' | tac | awk 'NF { p = 1 } p' | tac >"$tmpd/notes"
	[ -s "$tmpd/notes" ] || return 0
	cat "$tmpd/notes"
	echo
}

# ---- the figures -----------------------------------------------------------

# cdf NAME VARIANT COL: the distribution of one measure of one variant, as
# "microseconds fraction" lines
cdf() {
	q "$D/$1-samples.tsv" "$3" variant "$2" | awk '{ print $1 / 1000 }' | sort -g |
		awk '{ x[NR] = $1 } END { for (i = 1; i <= NR; i++) print x[i], i / NR }'
}
quantile_of() { awk -v q="$2" '{ v[NR] = $1 } END { i = int(NR * q); if (i < 1) i = 1; print v[i] }' "$1"; }
variants='native jumploader redirect execloader shell direct'

plot_launch() {
	local n f v
	local -A lo hi
	for n in true0 curl; do
		for v in $variants; do
			cdf launch-$n $v wall_ns >"$tmpd/$n-$v.wall"
			cdf launch-$n $v cpu_ns >"$tmpd/$n-$v.cpu"
		done
		for f in wall cpu; do
			lo[$n$f]=$(for v in $variants; do head -1 "$tmpd/$n-$v.$f"; done | sort -g | awk 'NR == 1 { print $1 * 0.97 }')
			hi[$n$f]=$(for v in $variants; do quantile_of "$tmpd/$n-$v.$f" 0.99; done | sort -g | tail -1)
		done
	done
	curves() {
		printf '"%s" using 1:2 with lines lw 2 lc rgb "#000000" title "native", ' "$tmpd/$1-native.$2"
		printf '"%s" using 1:2 with lines lw 2 lc rgb "#1f77b4" title "jumploader (zapp)", ' "$tmpd/$1-jumploader.$2"
		printf '"%s" using 1:2 with lines lw 1 lc rgb "#9467bd" title "jumploader + libzapp-rt.so.1", ' "$tmpd/$1-redirect.$2"
		printf '"%s" using 1:2 with lines lw 2 lc rgb "#d62728" title "exec-the-loader launcher", ' "$tmpd/$1-execloader.$2"
		printf '"%s" using 1:2 with lines lw 2 lc rgb "#ff7f0e" title "shell-script launcher", ' "$tmpd/$1-shell.$2"
		printf '"%s" using 1:2 with lines lw 1 dt 2 lc rgb "#2ca02c" title "dynbin/NAME run directly (diagnostic)"' "$tmpd/$1-direct.$2"
	}
	gnuplot <<-EOF
	set terminal pngcairo noenhanced size 1400,1000 font "DejaVu Sans,11"
	set output "$tmpd/launch-cdf.png"
	set multiplot layout 2,2 title "Launch cost, cumulative distributions ($(launch launch-true0 native n) launches per variant, interleaved)"
	set key bottom right
	set grid
	set ylabel "fraction of launches"
	set yrange [0:1]
	set title "trivial program (libc only): wall clock"
	set xlabel "microseconds per launch, posix_spawn to wait4 (log scale)"
	set logscale x
	set xtics ("200" 200, "300" 300, "500" 500, "700" 700, "1000" 1000, "1500" 1500, "2000" 2000, "3000" 3000, "5000" 5000, "7000" 7000, "10000" 10000, "15000" 15000, "20000" 20000, "30000" 30000, "50000" 50000, "100000" 100000)
	set xrange [${lo[true0wall]}:${hi[true0wall]}]
	plot $(curves true0 wall)
	set title "curl --version: wall clock"
	set xrange [${lo[curlwall]}:${hi[curlwall]}]
	plot $(curves curl wall)
	unset logscale x
	set xtics autofreq
	set title "trivial program: CPU time of the launched process"
	set xlabel "CPU microseconds per launch (user + system, from wait4)"
	set xrange [${lo[true0cpu]}:${hi[true0cpu]}]
	plot $(curves true0 cpu)
	set title "curl --version: CPU time of the launched process"
	set xrange [${lo[curlcpu]}:${hi[curlcpu]}]
	plot $(curves curl cpu)
	unset multiplot
	EOF
}

plot_assembly() {
	local set m reps
	: >"$tmpd/asm-zapp"; : >"$tmpd/asm-cp"; : >"$tmpd/asm-medians"
	for set in $(q "$D/asm-sets.tsv" set | grep '^n'); do
		m=$(mib "$(q "$D/asm-sets.tsv" input_bytes set "$set")")
		q "$D/asm-$set.tsv" wall_s variant zapp-assemble | awk -v m="$m" '{ print m, $1 }' >>"$tmpd/asm-zapp"
		q "$D/asm-$set.tsv" wall_s variant cp | awk -v m="$m" '{ print m, $1 }' >>"$tmpd/asm-cp"
		echo "$m $(nth "$(alt "asm-$set" zapp-assemble wall_s)" 1) $(nth "$(alt "asm-$set" cp wall_s)" 1) $(q "$D/asm-sets.tsv" programs set "$set")" >>"$tmpd/asm-medians"
	done
	reps=$(nth "$(alt "asm-dozen" cp wall_s)" 4)
	gnuplot <<-EOF
	set terminal pngcairo noenhanced size 1000,620 font "DejaVu Sans,11"
	set output "$tmpd/assembly-scaling.png"
	set title "Assembly time against input size (programs of /usr/bin with their libraries; $reps runs each, interleaved)"
	set xlabel "input: programs + the libraries and loader they bundle (MiB)"
	set ylabel "wall-clock seconds"
	set key top left
	set grid
	set xrange [0:*]
	set yrange [0:*]
	fz(x) = az * x + bz
	fc(x) = ac * x + bc
	set fit quiet
	set fit logfile "/dev/null"
	fit fz(x) "$tmpd/asm-medians" using 1:2 via az, bz
	fit fc(x) "$tmpd/asm-medians" using 1:3 via ac, bc
	plot "$tmpd/asm-zapp" using 1:2 with points pt 7 ps 0.8 lc rgb "#1f77b4" notitle, \
	     "$tmpd/asm-cp" using 1:2 with points pt 5 ps 0.8 lc rgb "#7f7f7f" notitle, \
	     "$tmpd/asm-medians" using 1:2 with linespoints pt 7 ps 1.4 lw 2 lc rgb "#1f77b4" title "zapp-assemble (median; dots: every run)", \
	     "$tmpd/asm-medians" using 1:3 with linespoints pt 5 ps 1.4 lw 2 lc rgb "#7f7f7f" title "cp of the same files (median; squares: every run)", \
	     "$tmpd/asm-medians" using 1:2:(sprintf("%d programs", \$4)) with labels offset 0,1.2 font ",9" notitle, \
	     fz(x) with lines dt 2 lc rgb "#1f77b4" title sprintf("least-squares line: %.2f ms/MiB %+.0f ms", az * 1000, bz * 1000), \
	     fc(x) with lines dt 2 lc rgb "#7f7f7f" title sprintf("least-squares line: %.2f ms/MiB %+.0f ms", ac * 1000, bc * 1000)
	EOF
}

# ---- the sections ----------------------------------------------------------

big=$(have asm-sets.tsv && q "$D/asm-sets.tsv" set | tail -1 || true)

headline() {
	echo "## Headline"
	echo
	echo "| what | ratio | target | |"
	echo "|---|---:|---|---|"
	if have launch-true0.tsv launch-curl.tsv; then
		local jt jc cjt cjc et ec cet cec
		jt=$(fmt "$(launch launch-true0 jumploader wall_ratio)" 3) cjt=$(fmt "$(launch launch-true0 jumploader cpu_ratio)" 3)
		jc=$(fmt "$(launch launch-curl jumploader wall_ratio)" 3) cjc=$(fmt "$(launch launch-curl jumploader cpu_ratio)" 3)
		et=$(launch launch-true0 execloader wall_ratio) cet=$(launch launch-true0 execloader cpu_ratio)
		ec=$(launch launch-curl execloader wall_ratio) cec=$(launch launch-curl execloader cpu_ratio)
		echo "| launch through the jumploader ÷ native, trivial program: wall clock | $jt | ≤ 1.05 | $(verdict "$jt" '<=' 1.05) |"
		echo "| the same, CPU time of the launched process | $cjt | ≤ 1.05 | $(verdict "$cjt" '<=' 1.05) |"
		echo "| launch through the jumploader ÷ native, \`curl --version\`: wall clock | $jc | ≤ 1.05 | $(verdict "$jc" '<=' 1.05) |"
		echo "| the same, CPU time | $cjc | ≤ 1.05 | $(verdict "$cjc" '<=' 1.05) |"
		local a b
		a=$(div "$jt" "$et" 3) b=$(div "$jc" "$ec" 3)
		echo "| jumploader ÷ exec-the-loader launcher, trivial / curl: wall clock | $a / $b | < 1 | $(verdict "$(max "$a" "$b")" '<' 1) |"
		a=$(div "$cjt" "$cet" 3) b=$(div "$cjc" "$cec" 3)
		echo "| the same, CPU time | $a / $b | < 1 | $(verdict "$(max "$a" "$b")" '<' 1) |"
	fi
	if have launch-true0-loader.tsv launch-curl-loader.tsv; then
		local n r lo hi w=
		for n in true0 curl; do
			r=$(fmt "$(launch launch-$n-loader hermetic wall_ratio)" 3)
			lo=$(fmt "$(launch launch-$n-loader hermetic wall_ratio_round_min)" 3)
			hi=$(fmt "$(launch launch-$n-loader hermetic wall_ratio_round_max)" 3)
			echo "| launch with the loader zapp-assemble edits (hermetic) ÷ with the host's, $( [ $n = curl ] && echo '`curl --version`' || echo 'trivial program'): wall clock (rounds $lo–$hi) | $r | ≤ 1.01 | $(verdict "$r" '<=' 1.01) |"
			r=$(fmt "$(launch launch-$n-loader hermetic cpu_ratio)" 3)
			lo=$(fmt "$(launch launch-$n-loader hermetic cpu_ratio_round_min)" 3)
			hi=$(fmt "$(launch launch-$n-loader hermetic cpu_ratio_round_max)" 3)
			echo "| the same, CPU time (rounds $lo–$hi) | $r | ≤ 1.01 | $(verdict "$r" '<=' 1.01) |"
		done
	fi
	if have launch-true32.tsv; then
		local j32 cj32
		j32=$(fmt "$(launch launch-true32 jumploader wall_ratio)" 3) cj32=$(fmt "$(launch launch-true32 jumploader cpu_ratio)" 3)
		echo "| launch through the jumploader ÷ native, trivial i386 program: wall clock | $j32 | ≤ 1.05 | $(verdict "$j32" '<=' 1.05) |"
		echo "| the same, CPU time | $cj32 | ≤ 1.05 | $(verdict "$cj32" '<=' 1.05) |"
	fi
	if have asm-sets.tsv; then
		local set r
		for set in dozen "$big"; do
			r=$(div "$(nth "$(alt "asm-$set" zapp-assemble wall_s)" 1)" "$(nth "$(alt "asm-$set" cp wall_s)" 1)" 2)
			echo "| zapp-assemble ÷ cp of the same bytes, $(q "$D/asm-sets.tsv" programs set "$set") $( [ "$set" = dozen ] && echo 'large programs' || echo 'programs of /usr/bin') | $r | ≤ 1.5 | $(verdict "$r" '<=' 1.5) |"
		done
	fi
	if have build.tsv build-params.tsv; then
		local w c
		w=$(div "$(nth "$(alt build zapp-cc wall_s)" 1)" "$(nth "$(alt build gcc wall_s)" 1)" 3)
		c=$(div "$(nth "$(alt build zapp-cc cpu_s)" 1)" "$(nth "$(alt build gcc cpu_s)" 1)" 3)
		echo "| build with zapp-cc ÷ with gcc, $(q "$D/build-params.tsv" package | sed 's/ (.*//'): wall clock | $w | ≤ 1.01 | $(verdict "$w" '<=' 1.01) |"
		echo "| the same, CPU time of everything the build runs | $c | ≤ 1.01 | $(verdict "$c" '<=' 1.01) |"
	fi
	if have cc-compile.tsv cc-alone.tsv; then
		local zc gc own stub
		echo "| one compile-only call, \`zapp-cc -c\` ÷ \`gcc -c\`: CPU time (wall clock) | $(fmt "$(launch cc-compile zapp-cc cpu_ratio)" 3) ($(fmt "$(launch cc-compile zapp-cc wall_ratio)" 3)) | | |"
		own=$(sub "$(launch cc-alone zapp-cc cpu_median_us)" "$(launch cc-alone true cpu_median_us)" 1)
		stub=$(sub "$(launch cc-alone execstub cpu_median_us)" "$(launch cc-alone true cpu_median_us)" 1)
		echo "| the wrapper's own CPU time per compile-only call ÷ one \`execve\` of a tiny static program ($(fmt "$own" 0) µs ÷ $(fmt "$stub" 0) µs) | $(div "$own" "$stub" 2) | ≤ 1 | $(verdict "$(div "$own" "$stub" 3)" '<=' 1) |"
	fi
	if have elf.tsv elf-params.tsv; then
		local r
		r=$(div "$(nth "$(alt elf set-rpath wall_s)" 1)" "$(nth "$(alt elf patchelf wall_s)" 1)" 2)
		echo "| set-rpath (libzapp) ÷ patchelf, $(q "$D/elf-params.tsv" files) files | $r | < 1 | $(verdict "$r" '<' 1) |"
	fi
	if have trace-params.tsv trace-python-json.tsv; then
		local r
		r=$(fmt "$(nth "$(pair trace-python-json zapp-trace native wall_s)" 1)" 2)
		echo "| \`python3 -c 'import json'\` under zapp-trace ÷ alone: wall clock (CPU time) | $r ($(fmt "$(nth "$(pair trace-python-json zapp-trace native cpu_s)" 1)" 2)) | ≤ 2 | $(verdict "$r" '<=' 2) |"
		r=$(fmt "$(nth "$(pair trace-python-json zapp-trace strace wall_s)" 1)" 2)
		echo "| the same, zapp-trace ÷ \`strace -f -e trace=%file\`: wall clock (CPU time) | $r ($(fmt "$(nth "$(pair trace-python-json zapp-trace strace cpu_s)" 1)" 2)) | < 1 | $(verdict "$r" '<' 1) |"
	fi
	if have size.tsv; then
		local z
		for z in dozen usr-bin; do
			echo "| Zapp bytes ÷ bytes of the files it holds copies of ($(q "$D/size.tsv" programs zapp $z) $( [ $z = dozen ] && echo 'large programs' || echo 'programs of /usr/bin')) | $(div "$(q "$D/size.tsv" zapp_bytes zapp $z)" "$(q "$D/size.tsv" input_bytes zapp $z)" 3) | | |"
		done
		local f
		for f in $(q "$D/size-jumploader.tsv" file); do
			echo "| the jumploader, stripped: \`$f\` | $(q "$D/size-jumploader.tsv" bytes file "$f") bytes | | |"
		done
	fi
	echo
	notes headline
}

machine_section() {
	echo "## Machine"
	echo
	echo "| | |"
	echo "|---|---|"
	local k label
	for k in cpu cores memory kernel system libc compiler libelf filesystem load_start zapp run load_end seconds; do
		case $k in
		cpu) label=CPU;; libelf) label='libelf (elfutils)';; filesystem) label='file system of the build directory';;
		load_start) label='load average at start';; load_end) label='load average at end';;
		seconds) label='seconds the measurements took';; *) label=$k;;
		esac
		echo "| $label | $(machine $k) |"
	done
	echo
	notes machine
}

launch_table() {
	local n=$1 v what p90n
	echo "**$(q "$D/launch-params.tsv" label prog "$n")** (libraries: $(q "$D/launch-params.tsv" libraries prog "$n")), $(launch "launch-$n" native n) launches per variant ($(q "$D/launch-params.tsv" rounds prog "$n") rounds of $(q "$D/launch-params.tsv" per_round prog "$n"), after $(q "$D/launch-params.tsv" warmup prog "$n") discarded):"
	echo
	echo "| variant | wall median µs | wall p90 µs | wall median ÷ native | per-round range | wall p90 ÷ native | CPU median µs | CPU median ÷ native | per-round range | system calls | page faults |"
	echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
	p90n=$(launch "launch-$n" native wall_p90_us)
	for v in $variants; do
		[ -n "$(launch "launch-$n" $v n)" ] || continue	# not measured for this program
		case $v in
		native) what='native';;
		jumploader) what='**jumploader** (zapp: `bin/NAME`)';;
		redirect) what='jumploader, the program loading `libzapp-rt.so.1` (run-time redirection)';;
		execloader) what='exec-the-loader launcher (static, `execv` of `lib/ld-linux-x86-64.so.2 --library-path`)';;
		shell) what='shell-script launcher (`#!/bin/sh`, `exec` of the loader)';;
		direct) what='*diagnostic:* `dynbin/NAME` run by the system loader (rpath search, no launcher)';;
		esac
		echo "| $what | $(fmt "$(launch "launch-$n" $v wall_median_us)" 0) | $(fmt "$(launch "launch-$n" $v wall_p90_us)" 0) | $(fmt "$(launch "launch-$n" $v wall_ratio)" 3) | $(fmt "$(launch "launch-$n" $v wall_ratio_round_min)" 2)–$(fmt "$(launch "launch-$n" $v wall_ratio_round_max)" 2) | $(div "$(launch "launch-$n" $v wall_p90_us)" "$p90n" 3) | $(fmt "$(launch "launch-$n" $v cpu_median_us)" 0) | $(fmt "$(launch "launch-$n" $v cpu_ratio)" 3) | $(fmt "$(launch "launch-$n" $v cpu_ratio_round_min)" 2)–$(fmt "$(launch "launch-$n" $v cpu_ratio_round_max)" 2) | $(q "$D/launch-syscalls.tsv" syscalls prog "$n" variant $v) | $(fmt "$(launch "launch-$n" $v faults_mean)" 0) |"
	done
	echo
}

launch_section() {
	have launch-true0.tsv launch-curl.tsv launch-params.tsv || return 0
	local n
	echo "## 1. Launch"
	echo
	notes launch-method
	launch_table true0
	launch_table curl
	! have launch-true32.tsv || launch_table true32
	echo "Where the CPU time of a trivial launch goes, medians, µs: rpath search (direct − native) $(sub "$(launch launch-true0 direct cpu_median_us)" "$(launch launch-true0 native cpu_median_us)" 0); the jumploader's own work (jumploader − direct) $(sub "$(launch launch-true0 jumploader cpu_median_us)" "$(launch launch-true0 direct cpu_median_us)" 0); the exec-the-loader launcher's (execloader − direct) $(sub "$(launch launch-true0 execloader cpu_median_us)" "$(launch launch-true0 direct cpu_median_us)" 0); the run-time redirection library's loading (redirect − jumploader) $(sub "$(launch launch-true0 redirect cpu_median_us)" "$(launch launch-true0 jumploader cpu_median_us)" 0)."
	echo
	for n in true0 curl; do
		echo "The jumploader's own system calls ($n), from its \`execve\` to the loader's first: $(awk -F'\t' -v n=$n 'NR > 1 && $1 == n { t += $3; s = s sprintf("%s`%s` ×%d", s == "" ? "" : ", ", $2, $3) } END { printf "%d (%s)", t, s }' "$D/launch-jumploader-calls.tsv"); the program's headers at offset $(q "$D/launch-params.tsv" phoff prog $n)."
		echo
	done
	plot_launch
	mv "$tmpd/launch-cdf.png" "$out/launch-cdf.png"
	echo "![launch-time distributions](launch-cdf.png)"
	echo
	notes launch
}

asm_row() {
	local set=$1 label zs cs pr inb rb nm
	label=$(q "$D/asm-sets.tsv" label set "$set")
	[ "$set" != dozen ] || label="$label: $(q "$D/asm-sets.tsv" names set "$set")"
	zs=$(alt "asm-$set" zapp-assemble wall_s) cs=$(alt "asm-$set" cp wall_s)
	pr=$(pair "asm-$set" zapp-assemble cp wall_s)
	inb=$(q "$D/asm-sets.tsv" input_bytes set "$set") rb=$(q "$D/asm-sets.tsv" read_bytes set "$set")
	echo "| $label | $(q "$D/asm-sets.tsv" programs set "$set") | $(q "$D/asm-sets.tsv" libraries set "$set") | $(mib "$inb") | $(mib "$rb") | $(fmt "$(nth "$zs" 1)" 3) ($(fmt "$(nth "$zs" 2)" 3)–$(fmt "$(nth "$zs" 3)" 3)) | $(fmt "$(nth "$cs" 1)" 3) ($(fmt "$(nth "$cs" 2)" 3)–$(fmt "$(nth "$cs" 3)" 3)) | **$(div "$(nth "$zs" 1)" "$(nth "$cs" 1)" 2)** | $(fmt "$(nth "$pr" 2)" 2)–$(fmt "$(nth "$pr" 3)" 2) | $(div "$(nth "$zs" 2)" "$(nth "$cs" 2)" 2) | $(fmt "$(nth "$(alt "asm-$set" zapp-assemble cpu_s)" 1)" 3) | $(fmt "$(nth "$(alt "asm-$set" cp cpu_s)" 1)" 3) | $(awk -v t="$(nth "$zs" 1)" -v b="$inb" 'BEGIN { printf "%.2f", t * 1000 / (b / 1048576) }') | $(awk -v t="$(nth "$cs" 1)" -v b="$inb" 'BEGIN { printf "%.2f", t * 1000 / (b / 1048576) }') |"
}

assembly_section() {
	have asm-sets.tsv || return 0
	local set
	echo "## 2. Assembly"
	echo
	notes assembly-method
	echo "$(nth "$(alt asm-dozen cp wall_s)" 4) runs of each per set, alternating. Times in seconds: median (min–max)."
	echo
	echo "| programs | count | libraries | input MiB | read by zapp-assemble (read, pread), MiB | zapp-assemble s | cp s | ratio of medians | per-run ratios | ratio of the fastest runs | zapp-assemble CPU s | cp CPU s | zapp-assemble ms/MiB | cp ms/MiB |"
	echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
	for set in $(q "$D/asm-sets.tsv" set); do asm_row "$set"; done
	echo
	if [ "$(wc -l <"$D/left-out.tsv")" -gt 1 ]; then
		echo "Programs of /usr/bin zapp-assemble refuses, left out of the sets (what it said):"
		echo
		awk -F'\t' 'NR > 1 { printf "- `%s`: `%s`\n", $1, $2 }' "$D/left-out.tsv"
		echo
	fi
	if have asm-syscalls.tsv; then
		echo "System calls (\`strace -c -f\`, one more run of each), the ones zapp-assemble makes most of:"
		echo
		echo "| system call | zapp-assemble, $(q "$D/asm-sets.tsv" programs set dozen) large programs | cp | zapp-assemble, $(q "$D/asm-sets.tsv" programs set "$big") of /usr/bin | cp |"
		echo "|---|---:|---:|---:|---:|"
		awk -F'\t' -v a=dozen -v b="$big" 'NR > 1 { c[$1, $2, $3] = $4; if ($1 == b && $2 == "zapp-assemble") z[$3] = $4; n[$3] = 1 }
			END { for (k in n) printf "%d\t%s\n", z[k], k }' "$D/asm-syscalls.tsv" | sort -rn | sed -n 1,12p | cut -f2 |
		while read -r call; do
			printf '| `%s` |' "$call"
			for set in dozen "$big"; do
				for v in zapp-assemble cp; do
					printf ' %s |' "$(q "$D/asm-syscalls.tsv" calls set "$set" variant $v syscall "$call" | awk 'NR == 1 { v = $0 } END { print (v == "" ? 0 : v) }')"
				done
			done
			echo
		done
		printf '| all |'
		for set in dozen "$big"; do
			for v in zapp-assemble cp; do
				printf ' %s |' "$(q "$D/asm-syscalls.tsv" calls set "$set" variant $v | awk '{ s += $1 } END { print s + 0 }')"
			done
		done
		echo
		echo
	fi
	plot_assembly
	mv "$tmpd/assembly-scaling.png" "$out/assembly-scaling.png"
	echo "![assembly time against input size](assembly-scaling.png)"
	echo
	notes assembly
}

build_section() {
	have build.tsv build-params.tsv || return 0
	local v s c w pw pc cc oc dc dl
	echo "## 3. Build"
	echo
	notes build-method
	echo "$(q "$D/build-params.tsv" package), \`$(q "$D/build-params.tsv" command)\`, $(nth "$(alt build gcc wall_s)" 4) builds with each compiler, alternating:"
	echo
	echo "| compiler | wall s, median | min | max | CPU s (user + system), median | min | max |"
	echo "|---|---:|---:|---:|---:|---:|---:|"
	for v in gcc zapp-cc; do
		w=$(alt build $v wall_s) c=$(alt build $v cpu_s)
		echo "| $v | $(fmt "$(nth "$w" 1)" 2) | $(fmt "$(nth "$w" 2)" 2) | $(fmt "$(nth "$w" 3)" 2) | $(fmt "$(nth "$c" 1)" 2) | $(fmt "$(nth "$c" 2)" 2) | $(fmt "$(nth "$c" 3)" 2) |"
	done
	echo
	echo "| zapp-cc ÷ gcc | ratio of medians | run by run | fastest ÷ fastest | spread of gcc's runs | of zapp-cc's |"
	echo "|---|---:|---:|---:|---:|---:|"
	for s in wall_s cpu_s; do
		pw=$(pair build zapp-cc gcc $s)
		echo "| $( [ $s = wall_s ] && echo 'wall clock' || echo 'CPU time') | **$(div "$(nth "$(alt build zapp-cc $s)" 1)" "$(nth "$(alt build gcc $s)" 1)" 3)** | $(fmt "$(nth "$pw" 2)" 3)–$(fmt "$(nth "$pw" 3)" 3) | $(div "$(nth "$(alt build zapp-cc $s)" 2)" "$(nth "$(alt build gcc $s)" 2)" 3) | $(spread "$(alt build gcc $s)") | $(spread "$(alt build zapp-cc $s)") |"
	done
	echo
	cc=$(q "$D/build-params.tsv" compile_calls) oc=$(q "$D/build-params.tsv" other_calls)
	if have cc-compile.tsv cc-link.tsv; then
		dc=$(sub "$(launch cc-compile zapp-cc cpu_median_us)" "$(launch cc-compile gcc cpu_median_us)" 1)
		dl=$(sub "$(launch cc-link zapp-cc cpu_median_us)" "$(launch cc-link gcc cpu_median_us)" 1)
		pc=$(sub "$(nth "$(alt build zapp-cc cpu_s)" 1)" "$(nth "$(alt build gcc cpu_s)" 1)" 3)
		echo "| compiler calls of the build: compile-only (\`-c\`) | other (links, configure's probes) | extra CPU per call (section 4): compile-only, µs | link, µs | calls × extra CPU per call, s | measured: zapp-cc − gcc, CPU s |"
		echo "|---:|---:|---:|---:|---:|---:|"
		echo "| $cc | $oc | $(fmt "$dc" 0) | $(fmt "$dl" 0) | $(awk -v a="$cc" -v b="$oc" -v x="$dc" -v y="$dl" 'BEGIN { printf "%.3f", (a * x + b * y) / 1e6 }') | $pc |"
		echo
	fi
	notes build
}

cc_section() {
	have cc-compile.tsv cc-link.tsv cc-alone.tsv cc-params.tsv || return 0
	local k v what tc tw
	echo "## 4. One compiler call"
	echo
	notes cc-method
	echo "The wrapper measured: \`zapp-cc\` as built, $(q "$D/cc-params.tsv" bytes) bytes, program interpreter $(q "$D/cc-params.tsv" interpreter), libraries: $(q "$D/cc-params.tsv" needed). $(q "$D/cc-params.tsv" calls) calls per variant (\`ZAPP_CC=gcc\`), interleaved, on a one-line C file:"
	echo
	echo "| call | gcc, CPU µs (median) | zapp-cc, CPU µs | extra CPU, ms per call | zapp-cc ÷ gcc, CPU | per-round range | gcc, wall µs | zapp-cc, wall µs | extra wall, ms per call | zapp-cc ÷ gcc, wall | system calls gcc / zapp-cc | execve gcc / zapp-cc (failed) | page faults gcc / zapp-cc |"
	echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
	for k in compile link; do
		case $k in compile) what='`-c` (compile only)';; link) what='link (compile and link one file)';; esac
		echo "| $what | $(fmt "$(launch cc-$k gcc cpu_median_us)" 0) | $(fmt "$(launch cc-$k zapp-cc cpu_median_us)" 0) | $(awk -v a="$(launch cc-$k zapp-cc cpu_median_us)" -v b="$(launch cc-$k gcc cpu_median_us)" 'BEGIN { printf "%.3f", (a - b) / 1000 }') | $(fmt "$(launch cc-$k zapp-cc cpu_ratio)" 3) | $(fmt "$(launch cc-$k zapp-cc cpu_ratio_round_min)" 3)–$(fmt "$(launch cc-$k zapp-cc cpu_ratio_round_max)" 3) | $(fmt "$(launch cc-$k gcc wall_median_us)" 0) | $(fmt "$(launch cc-$k zapp-cc wall_median_us)" 0) | $(awk -v a="$(launch cc-$k zapp-cc wall_median_us)" -v b="$(launch cc-$k gcc wall_median_us)" 'BEGIN { printf "%.3f", (a - b) / 1000 }') | $(fmt "$(launch cc-$k zapp-cc wall_ratio)" 3) | $(q "$D/cc-syscalls.tsv" syscalls call $k variant gcc) / $(q "$D/cc-syscalls.tsv" syscalls call $k variant zapp-cc) | $(q "$D/cc-syscalls.tsv" execve call $k variant gcc) / $(q "$D/cc-syscalls.tsv" execve call $k variant zapp-cc) ($(q "$D/cc-syscalls.tsv" execve_failed call $k variant gcc) / $(q "$D/cc-syscalls.tsv" execve_failed call $k variant zapp-cc)) | $(fmt "$(launch cc-$k gcc faults_mean)" 0) / $(fmt "$(launch cc-$k zapp-cc faults_mean)" 0) |"
	done
	echo
	echo "The wrapper alone, the compiler being \`true\` ($(launch cc-alone true n) calls each, interleaved):"
	echo
	echo "| variant | CPU µs (median) | − true, µs | wall µs (median) | − true, µs | system calls | execve | page faults |"
	echo "|---|---:|---:|---:|---:|---:|---:|---:|"
	tc=$(launch cc-alone true cpu_median_us) tw=$(launch cc-alone true wall_median_us)
	for v in true execstub zapp-cc; do
		case $v in
		true) what='`true -c -o one.o one.c`';;
		execstub) what='`execstub true …` (one `execve` of a tiny static program, then true)';;
		zapp-cc) what='`zapp-cc -c -o one.o one.c`, `ZAPP_CC=true`';;
		esac
		echo "| $what | $(fmt "$(launch cc-alone $v cpu_median_us)" 0) | $(sub "$(launch cc-alone $v cpu_median_us)" "$tc" 0) | $(fmt "$(launch cc-alone $v wall_median_us)" 0) | $(sub "$(launch cc-alone $v wall_median_us)" "$tw" 0) | $(q "$D/cc-syscalls.tsv" syscalls call alone variant $v) | $(q "$D/cc-syscalls.tsv" execve call alone variant $v) | $(fmt "$(launch cc-alone $v faults_mean)" 0) |"
	done
	echo
	notes cc
}

elf_row() {
	local tool=$1 label=$2 s n grew added okr okv fails
	s=$(alt elf "$tool" wall_s)
	n=$(q "$D/elf-check.tsv" file variant "$tool" | wc -l)
	grew=$(q "$D/elf-check.tsv" grew variant "$tool" | awk '{ s += $1 } END { print s + 0 }')
	added=$(q "$D/elf-check.tsv" bytes_added variant "$tool" | awk '{ s += $1 } END { printf "%d", s }')
	okr=$(q "$D/elf-check.tsv" rpath_ok variant "$tool" | awk '{ s += $1 } END { print s + 0 }')
	okv=$(q "$D/elf-check.tsv" verify_ok variant "$tool" | awk '{ s += $1 } END { print s + 0 }')
	fails=$(q "$D/elf-fails.tsv" fails variant "$tool" | awk '{ s += $1 } END { print s + 0 }')
	echo "| $label | $(fmt "$(nth "$s" 1)" 3) ($(fmt "$(nth "$s" 2)" 3)–$(fmt "$(nth "$s" 3)" 3)) | $(awk -v t="$(nth "$s" 1)" -v n="$n" 'BEGIN { printf "%.2f", t * 1000 / n }') | $(fmt "$(nth "$(alt elf "$tool" cpu_s)" 1)" 3) | $grew of $n, $(human "$added") added | $okr of $n | $okv of $n | $fails |"
}

elf_section() {
	have elf.tsv elf-check.tsv elf-params.tsv || return 0
	local P=$D/elf-params.tsv
	echo "## 5. ELF editing"
	echo
	notes elf-method
	echo "\`$(q "$P" value)\` set on copies of $(q "$P" files) ELF files ($(q "$P" from_usr_bin) of /usr/bin, the others of /usr/lib/x86_64-linux-gnu; $(mib "$(q "$P" bytes)") MiB; $(q "$P" with_rpath) of them with a search path already); $(nth "$(alt elf patchelf wall_s)" 4) batches per tool, alternating:"
	echo
	echo "| tool | batch s, median (min–max) | ms per file | batch CPU s | files grown | rpath reads back, readelf clean | ld.so --verify as before | failed edits |"
	echo "|---|---:|---:|---:|---:|---:|---:|---:|"
	elf_row set-rpath '`set-rpath` (libzapp `rpath_set`)'
	elf_row patchelf "\`patchelf\` $(q "$P" patchelf)"
	echo
	echo "set-rpath ÷ patchelf: **$(div "$(nth "$(alt elf set-rpath wall_s)" 1)" "$(nth "$(alt elf patchelf wall_s)" 1)" 2)** by the wall clock, $(div "$(nth "$(alt elf set-rpath cpu_s)" 1)" "$(nth "$(alt elf patchelf cpu_s)" 1)" 2) by CPU time."
	echo
	notes elf
}

size_section() {
	have size.tsv size-jumploader.tsv || return 0
	local z label S=$D/size.tsv
	echo "## 6. Size"
	echo
	notes size-method
	echo "| Zapp | programs | libraries | files it holds copies of, bytes | Zapp bytes | of which jumploaders | growth of the programs (rpath set) | growth of everything else | overhead |"
	echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
	for z in $(q "$S" zapp); do
		case $z in curl) label=curl;; dozen) label='large programs';; *) label='programs of /usr/bin';; esac
		awk -F'\t' -v z="$z" -v l="$label" 'NR > 1 && $1 == z {
			pg = $7 - $8; rest = $5 - $4 - $6 - pg
			printf "| %s | %d | %d | %d | %d | %d | %d | %d | %.2f%% |\n", l, $2, $3, $4, $5, $6, pg, rest, ($5 - $4) / $4 * 100 }' "$S"
	done
	echo
	echo "The jumploader, stripped, one copy per program: $(awk -F'\t' 'NR > 1 { printf "%s`%s` **%d bytes**", n++ ? ", " : "", $1, $2 }' "$D/size-jumploader.tsv")."
	echo
	notes size
}

trace_row() {
	local w=$1 v=$2 label=$3 s c
	s=$(alt "trace-$w" "$v" wall_s) c=$(alt "trace-$w" "$v" cpu_s)
	echo "| $label | $(fmt "$(nth "$s" 1)" 3) ($(fmt "$(nth "$s" 2)" 3)–$(fmt "$(nth "$s" 3)" 3)) | $(awk -v t="$(nth "$s" 1)" -v n="$(q "$D/trace-params.tsv" runs workload "$w")" 'BEGIN { printf "%.1f", t * 1000 / n }') | $(fmt "$(nth "$(pair "trace-$w" "$v" native wall_s)" 1)" 2) | $(fmt "$(nth "$c" 1)" 3) | $(fmt "$(nth "$(pair "trace-$w" "$v" native cpu_s)" 1)" 2) | $(fmt "$(nth "$(pair "trace-$w" "$v" strace wall_s)" 1)" 2) | $(fmt "$(nth "$(pair "trace-$w" "$v" strace cpu_s)" 1)" 2) |"
}

trace_section() {
	have trace-params.tsv || return 0
	local w P=$D/trace-params.tsv
	echo "## 7. Tracing a run"
	echo
	notes trace-method
	for w in $(q "$P" workload); do
		have "trace-$w.tsv" || continue
		echo "\`$(q "$P" command workload "$w")\`: $(q "$P" runs workload "$w") runs per batch, $(nth "$(alt "trace-$w" native wall_s)" 4) batches per variant, alternating; $(q "$P" calls workload "$w") system calls, $(q "$P" stops workload "$w") of which stop under zapp-trace's filter; $(q "$P" files workload "$w") files listed. Ratios are per batch, against the batch of the run alone (native) or of strace next to it; medians."
		echo
		echo "| variant | batch s, median (min–max) | ms per run | ÷ native, wall | batch CPU s | ÷ native, CPU | ÷ strace, wall | ÷ strace, CPU |"
		echo "|---|---:|---:|---:|---:|---:|---:|---:|"
		trace_row "$w" native 'the command alone'
		trace_row "$w" zapp-trace '`zapp-trace -o LIST --`'
		trace_row "$w" zapp-trace-all '`zapp-trace --no-seccomp`'
		trace_row "$w" strace "\`strace -f -qq -e trace=%file -o /dev/null\` $(q "$P" strace workload "$w")"
		trace_row "$w" strace-seccomp '`strace` as above, `--seccomp-bpf`'
		echo
	done
	notes trace
}

include_section() {
	have inc-sets.tsv || return 0
	local set zs cs pr zc cc
	echo "## 8. Files beyond the closure"
	echo
	notes include-method
	echo "| set | option | files included | input MiB | zapp-assemble s | cp s | ratio of medians | per-run ratios | zapp-assemble CPU s | cp CPU s | ratio of CPU medians |"
	echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
	for set in $(q "$D/inc-sets.tsv" set); do
		zs=$(alt "inc-$set" zapp-assemble wall_s) cs=$(alt "inc-$set" cp wall_s)
		zc=$(alt "inc-$set" zapp-assemble cpu_s) cc=$(alt "inc-$set" cp cpu_s)
		pr=$(pair "inc-$set" zapp-assemble cp wall_s)
		echo "| $set | \`--$(q "$D/inc-sets.tsv" option set "$set")\` | $(q "$D/inc-sets.tsv" files set "$set") | $(mib "$(q "$D/inc-sets.tsv" input_bytes set "$set")") | $(fmt "$(nth "$zs" 1)" 3) | $(fmt "$(nth "$cs" 1)" 3) | **$(div "$(nth "$zs" 1)" "$(nth "$cs" 1)" 2)** | $(fmt "$(nth "$pr" 2)" 2)–$(fmt "$(nth "$pr" 3)" 2) | $(fmt "$(nth "$zc" 1)" 3) | $(fmt "$(nth "$cc" 1)" 3) | $(div "$(nth "$zc" 1)" "$(nth "$cc" 1)" 2) |"
	done
	echo
	notes include
}

script_section() {
	have script-sh.tsv script-syscalls.tsv script-params.tsv || return 0
	local v what
	echo "## 9. Scripts"
	echo
	notes script-method
	echo "$(launch script-sh native n) launches per variant ($(q "$D/script-params.tsv" rounds) rounds of $(q "$D/script-params.tsv" per_round), after $(q "$D/script-params.tsv" warmup) discarded):"
	echo
	echo "| variant | wall median µs | wall p90 µs | wall median ÷ native | per-round range | CPU median µs | CPU median ÷ native | per-round range | system calls | page faults |"
	echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
	for v in native launcher exec interp; do
		case $v in
		native) what='native (the kernel reads `#!/bin/sh`, the host'"'"'s `/bin/sh`)';;
		launcher) what='**the script'"'"'s launcher** (zapp: `bin/hello.sh` in direct mode, maps the Zapp'"'"'s dash itself)';;
		exec) what='the script'"'"'s launcher in exec mode (`--script-exec`: one `execve` of the Zapp'"'"'s `bin/sh`)';;
		interp) what='*diagnostic:* the Zapp'"'"'s `bin/sh dynbin/hello.sh` (the interpreter'"'"'s launcher alone)';;
		esac
		echo "| $what | $(fmt "$(launch script-sh $v wall_median_us)" 0) | $(fmt "$(launch script-sh $v wall_p90_us)" 0) | $(fmt "$(launch script-sh $v wall_ratio)" 3) | $(fmt "$(launch script-sh $v wall_ratio_round_min)" 2)–$(fmt "$(launch script-sh $v wall_ratio_round_max)" 2) | $(fmt "$(launch script-sh $v cpu_median_us)" 0) | $(fmt "$(launch script-sh $v cpu_ratio)" 3) | $(fmt "$(launch script-sh $v cpu_ratio_round_min)" 2)–$(fmt "$(launch script-sh $v cpu_ratio_round_max)" 2) | $(q "$D/script-syscalls.tsv" syscalls variant $v) | $(fmt "$(launch script-sh $v faults_mean)" 0) |"
	done
	echo
	notes script
}

single_section() {
	have single.tsv single-first.tsv single-params.tsv || return 0
	local v what fm nm
	echo "## 10. One-file Zapps"
	echo
	notes single-method
	echo "A one-file \`jq.run\` of $(human "$(q "$D/single-params.tsv" bytes)"); $(launch single native n) later runs per variant ($(q "$D/single-params.tsv" rounds) rounds of $(q "$D/single-params.tsv" per_round), after $(q "$D/single-params.tsv" warmup) discarded), \`jq -n 1\`:"
	echo
	echo "| variant | wall median µs | wall median ÷ native | per-round range | CPU median µs | CPU median ÷ native |"
	echo "|---|---:|---:|---:|---:|---:|"
	for v in native launcher single; do
		case $v in
		native) what='native (`/usr/bin/jq`)';;
		launcher) what='the Zapp'"'"'s `bin/jq`';;
		single) what='**`jq.run`**, its Zapp in the cache (the stub, then one `execve`)';;
		esac
		echo "| $what | $(fmt "$(launch single $v wall_median_us)" 0) | $(fmt "$(launch single $v wall_ratio)" 3) | $(fmt "$(launch single $v wall_ratio_round_min)" 2)–$(fmt "$(launch single $v wall_ratio_round_max)" 2) | $(fmt "$(launch single $v cpu_median_us)" 0) | $(fmt "$(launch single $v cpu_ratio)" 3) |"
	done
	fm=$(awk -F'\t' 'NR > 1 { print $2 }' "$D/single-first.tsv" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
	nm=$(awk -F'\t' 'NR > 1 { print $3 }' "$D/single-first.tsv" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
	echo
	echo "First run, on an empty cache (it unpacks the Zapp), $(q "$D/single-params.tsv" first_runs) runs, each beside a native one: median $(fmt "$fm" 0) µs against $(fmt "$nm" 0) µs native, $(div "$fm" "$nm" 1)×."
	echo
	notes single
}

# ---- results.md ------------------------------------------------------------

{
	echo "# zapp benchmarks"
	echo
	if [ "$(machine run | sed 's/^bench\/run.sh \([a-z]*\),.*/\1/')" = quick ]; then
		echo "*A quick run (\`make bench-quick\`): few repetitions, indicative only; \`make bench\` makes the full one.*"
		echo
	fi
	written=
	[ ! -f "$notes" ] || written=$(sed -n '/^<!-- run: \(.*\) -->$/{s//\1/p;q;}' "$notes")
	if [ "$written" != "$(machine run)" ]; then
		echo "*The explanations (bench/notes.md) were written for the run \"${written:-?}\", not for this one (\"$(machine run)\"): where they quote a figure, the tables here may say otherwise.*"
		echo
	fi
	notes intro
	headline
	machine_section
	launch_section
	assembly_section
	build_section
	cc_section
	elf_section
	size_section
	trace_section
	include_section
	script_section
	single_section
} >"$out/.results.md.new"
chmod 644 "$out/.results.md.new"
mv "$out/.results.md.new" "$out/results.md"
