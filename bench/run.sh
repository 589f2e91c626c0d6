#!/bin/bash
# bench/run.sh [full|quick]: what zapp costs, as ratios of runs measured side
# by side (interleaved) on this machine.
#
#   launch    a trivial program and curl --version: natively, through the
#             jumploader, through an exec-the-loader launcher and through a
#             shell-script launcher (bench/spawnloop.c does the launching)
#   assembly  zapp-assemble against cp of the same bytes, for a dozen large
#             programs and for growing sets of /usr/bin's programs
#   build     a package built with gcc and with zapp-cc
#   elf       set-rpath (libzapp's rpath_set) against patchelf --set-rpath
#   size      bytes of a Zapp against the bytes it holds
#
# "full" (make bench) writes bench/results.md and bench/*.png; "quick"
# (make bench-quick) makes fewer runs and writes into $ZAPP_BUILD/bench/quick
# unless BENCH_OUT says otherwise.  Installs what it needs with apt-get when
# run as root.  Benchmarks are not tests: nothing here passes or fails on a
# time; a run fails only when something it runs fails.
set -eu -o pipefail
export LC_ALL=C
mode=${1:-full}
case $mode in full|quick) ;; *) echo "usage: bench/run.sh [full|quick]" >&2; exit 2;; esac

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
B=${ZAPP_BUILD:-$top/build}
bin=$B/bin
tools=$B/bench
setrpath=$B/tests/tools/set-rpath
work=$B/bench/work
if [ "$mode" = full ]; then out=${BENCH_OUT:-$here}; else out=${BENCH_OUT:-$B/bench/quick}; fi
samples=$B/bench/launch-samples.tsv
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES CC CXX CPP CFLAGS CXXFLAGS \
	CPPFLAGS LDFLAGS DESTDIR PREFIX ZAPP_CC ZAPP_CXX ZAPP_LD ZAPP_DISABLE \
	ZAPP_JUMPLOADER LD_LIBRARY_PATH
export CCACHE_DISABLE=1
export ZAPP_JUMPLOADER=$B/lib/zapp/jumploader-x86_64

if [ "$mode" = full ]; then
	L_ROUNDS=20 L_PER=100 L_WARM=20      # 2000 launches per variant
	A_SIZES='10 50 100 200 all' A_REPS=7
	C_REPS=3                             # builds per compiler
	C_CALL_ROUNDS=10 C_CALL_PER=30       # single compiler calls
	E_FILES=300 E_REPS=5
else
	L_ROUNDS=4 L_PER=25 L_WARM=5
	A_SIZES='10 50 200' A_REPS=2
	C_REPS=2
	C_CALL_ROUNDS=3 C_CALL_PER=10
	E_FILES=60 E_REPS=2
fi
RPATH_VALUE='$ORIGIN/../lib'

started=$SECONDS
say() { printf '[%4ds] %s\n' $((SECONDS - started)) "$*" >&2; }
die() { printf 'bench: %s\n' "$*" >&2; exit 1; }
# Show paths under the source tree relative to it, the rest as they are.
rel() { printf '%s' "${1#"$top"/}"; }

# ---- statistics ------------------------------------------------------------

# stats: numbers on stdin, one per line -> "median min max count".
stats() {
	sort -g | awk '{ v[NR] = $1 }
		END {
			if (NR == 0) { print "nan nan nan 0"; exit }
			m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
			printf "%.6g %.6g %.6g %d\n", m, v[1], v[NR], NR
		}'
}
median() { stats | cut -d' ' -f1; }
# fmt NUMBER DECIMALS
fmt() { awk -v x="$1" -v d="$2" 'BEGIN { printf "%.*f", d, x }'; }
# div A B DECIMALS
div() { awk -v a="$1" -v b="$2" -v d="$3" 'BEGIN { if (b == 0) print "nan"; else printf "%.*f", d, a / b }'; }
# Microseconds since the epoch, without a fork.
now_us() { local t=$EPOCHREALTIME; printf '%s' "${t/./}"; }
# sum of the sizes of the files named on stdin
sum_sizes() { tr '\n' '\0' | xargs -0 -r stat -L -c %s | awk '{ s += $1 } END { printf "%d\n", s }'; }
tree_bytes() { find "$1" -type f -printf '%s\n' | awk '{ s += $1 } END { printf "%d\n", s }'; }
mib() { div "$1" 1048576 1; }
# spread "MEDIAN MIN MAX N": (max - min) / median, in percent
spread() { awk -v s="$1" 'BEGIN { split(s, a, " "); if (a[1] > 0) printf "%.1f%%", (a[3] - a[2]) / a[1] * 100; else print "?" }'; }
# human BYTES: "812 bytes", "41.2 KiB", "5.1 MiB"
human() { awk -v b="$1" 'BEGIN { if (b < 1024) printf "%d bytes", b; else if (b < 1048576) printf "%.1f KiB", b / 1024; else printf "%.1f MiB", b / 1048576 }'; }
max() { awk -v a="$1" -v b="$2" 'BEGIN { m = (a + 0 > b + 0) ? a : b; print m }'; }
# verdict VALUE OP LIMIT: "meets" or "misses" for a target.
verdict() { awk -v v="$1" -v l="$3" -v op="$2" 'BEGIN {
	ok = (op == "<=") ? v <= l : (op == "<") ? v < l : v >= l
	print ok ? "meets" : "**misses**" }'; }

# ---- dependencies ----------------------------------------------------------

# What the benches run, as command:package; the first ones are needed, the
# programs after them only make the assembly sets bigger.
need_deps='gnuplot:gnuplot-nox patchelf:patchelf curl:curl readelf:binutils gcc:gcc make:make dpkg-source:dpkg-dev'
want_deps='git:git ssh:openssh-client gdb:gdb cmake:cmake strace:strace perl:perl-base python3:python3-minimal'
install_missing() {
	local pairs="$1" p missing=
	for p in $pairs; do
		[ -x "/usr/bin/${p%%:*}" ] || missing="$missing ${p#*:}"
	done
	[ -n "$missing" ] || return 0
	if [ "$(id -u)" != 0 ]; then
		say "missing:$missing (run as root to install them)"
		return 1
	fi
	say "installing:$missing"
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $missing >/dev/null 2>&1 ||
	{ apt-get update -qq >/dev/null 2>&1 || true
	  apt-get install -y -qq --no-install-recommends $missing >/dev/null; }
}
install_missing "$need_deps" || die "cannot run without:$(for p in $need_deps; do [ -x /usr/bin/${p%%:*} ] || printf ' %s' "${p#*:}"; done)"
install_missing "$want_deps" || say "going on without some of the large programs"
for t in "$tools/spawnloop" "$tools/execloader" "$tools/dynlist" "$setrpath" "$bin/zapp-assemble" "$bin/zapp-cc" "$ZAPP_JUMPLOADER"; do
	[ -x "$t" ] || die "$(rel "$t") is not built: run it through make (make bench)"
done

rm -rf "$work" && mkdir -p "$work" "$out" || die "cannot make $work"
cd "$work" || die "cannot enter $work"
R=$work/results && mkdir -p "$R"

# ---- the machine -------------------------------------------------------------

# version: the commit measured, "+ changes" when the tree differs from it
# (this bench's own results aside)
version() {
	local v
	v=$(git -C "$top" describe --always 2>/dev/null) || { echo '?'; return; }
	git -C "$top" diff --quiet HEAD -- . ':(exclude)bench/results.md' ':(exclude)bench/*.png' 2>/dev/null ||
		v="$v + uncommitted changes"
	echo "$v"
}

machine() {
	local cpu mem fs
	cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
	mem=$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
	fs=$(df -T "$work" | awk 'NR == 2 { print $2 }')
	{
		echo "| | |"
		echo "|---|---|"
		echo "| CPU | $cpu |"
		echo "| cores | $(nproc) |"
		echo "| memory | $mem |"
		echo "| kernel | Linux $(uname -r) $(uname -m) |"
		echo "| system | Debian $(cat /etc/debian_version 2>/dev/null || echo '?'), $(ldd --version | head -1 | sed 's/^ldd //') |"
		echo "| compiler | $(gcc --version | head -1) |"
		echo "| patchelf | $(patchelf --version | sed 's/^patchelf //') |"
		echo "| file system of the work directory | $fs |"
		echo "| load average at start | $(cut -d' ' -f1-3 /proc/loadavg) |"
		echo "| zapp | $(version) |"
		echo "| run | bench/run.sh $mode, $(date -u '+%Y-%m-%d %H:%M UTC') |"
	} >"$R/machine.md"
}
machine

# ---- 1. launch ---------------------------------------------------------------

# make_launchers NAME: NAME.exec.zapp and NAME.sh.zapp, copies of NAME.zapp
# whose bin/NAME is the exec-the-loader launcher or the shell script.
make_launchers() {
	local n=$1 d=$work/launch
	cp -a "$d/$n.zapp" "$d/$n.exec.zapp"
	cp "$tools/execloader" "$d/$n.exec.zapp/bin/$n"
	cp -a "$d/$n.zapp" "$d/$n.sh.zapp"
	cat >"$d/$n.sh.zapp/bin/$n" <<-EOF
	#!/bin/sh
	dir=\${0%/*}
	exec "\$dir/../lib/ld-linux-x86-64.so.2" --library-path "\$dir/../lib" --argv0 "\$0" "\$dir/../dynbin/$n" "\$@"
	EOF
	chmod 755 "$d/$n.sh.zapp/bin/$n"
}

# syscalls CMD...: how many system calls one launch makes (strace -f).
syscalls() {
	if ! command -v strace >/dev/null; then echo '–'; return; fi
	strace -f -qq -o "$work/launch/strace.out" "$@" >/dev/null 2>&1 || { echo '?'; return; }
	grep -vc -e '+++ exited' -e '--- SIG' "$work/launch/strace.out"
}

launch() {
	local d=$work/launch n native label
	mkdir -p "$d"
	say "launch: making the Zapps"
	printf 'int main(void) { return 0; }\n' >"$d/true0.c"
	gcc -O2 -o "$d/true0" "$d/true0.c"
	"$bin/zapp-assemble" -q -o "$d/true0.zapp" "$d/true0"
	"$bin/zapp-assemble" -q -o "$d/curl.zapp" /usr/bin/curl
	make_launchers true0
	make_launchers curl
	rm -f "$samples"
	for n in true0 curl; do
		local args=()
		if [ $n = curl ]; then native=/usr/bin/curl args=(--version); label='curl --version (31 libraries)'
		else native=$d/true0 label='trivial program (libc only)'; fi
		# the variants agree before they are timed
		for v in "$native" "$d/$n.zapp/bin/$n" "$d/$n.exec.zapp/bin/$n" "$d/$n.sh.zapp/bin/$n" "$d/$n.zapp/dynbin/$n"; do
			"$v" "${args[@]}" >"$d/check.out" || die "$v failed"
			[ $n = true0 ] || grep -q '^curl ' "$d/check.out" || die "$v: unexpected output"
		done
		say "launch: $label, $((L_ROUNDS * L_PER)) launches per variant"
		"$tools/spawnloop" -r $L_ROUNDS -n $L_PER -w $L_WARM -o "$samples" -t $n \
			native "$native" "${args[@]}" ::: \
			jumploader "$d/$n.zapp/bin/$n" "${args[@]}" ::: \
			execloader "$d/$n.exec.zapp/bin/$n" "${args[@]}" ::: \
			shell "$d/$n.sh.zapp/bin/$n" "${args[@]}" ::: \
			direct "$d/$n.zapp/dynbin/$n" "${args[@]}" >"$R/launch-$n.tsv"
		{
			echo "syscalls native $(syscalls "$native" "${args[@]}")"
			echo "syscalls jumploader $(syscalls "$d/$n.zapp/bin/$n" "${args[@]}")"
			# the jumploader's own: from its execve to the loader's first
			# system call (glibc's loader starts with brk)
			[ -s "$work/launch/strace.out" ] &&
			echo "jlcalls $(awk '{ sub(/^[0-9]+ +/, "") } NR == 1 { next } /^brk\(/ { exit }
				{ n = $0; sub(/\(.*/, "", n); c[n]++; t++; if (!(n in o)) o[n] = ++k }
				END { printf "%d", t; for (n in o) l[o[n]] = n
				      for (i = 1; i <= k; i++) printf " %s×%d", l[i], c[l[i]] }' "$work/launch/strace.out")"
			echo "syscalls execloader $(syscalls "$d/$n.exec.zapp/bin/$n" "${args[@]}")"
			echo "syscalls shell $(syscalls "$d/$n.sh.zapp/bin/$n" "${args[@]}")"
			echo "syscalls direct $(syscalls "$d/$n.zapp/dynbin/$n" "${args[@]}")"
		} >"$R/launch-$n.sys"
		echo "$label" >"$R/launch-$n.label"
	done
}

launch_table() {
	local n=$1 label what
	echo "**$(cat "$R/launch-$n.label")**, $((L_ROUNDS * L_PER)) launches per variant ($L_ROUNDS rounds of $L_PER, after $L_WARM discarded):"
	echo
	echo "| variant | wall median µs | wall p90 µs | wall median ÷ native | per-round range | wall p90 ÷ native | CPU median µs | CPU median ÷ native | per-round range | system calls |"
	echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
	local p90n
	p90n=$(awk -F'\t' '$1 == "native" { print $5 }' "$R/launch-$n.tsv")
	while IFS=$'\t' read -r v _ med _ p90 _ _ _ ratio rmin rmax cmed _ cratio crmin crmax; do
		case $v in
		native) what='native';;
		jumploader) what='**jumploader** (zapp: `bin/NAME`)';;
		execloader) what='exec-the-loader launcher (static, `execv` of `lib/ld-linux-x86-64.so.2 --library-path`)';;
		shell) what='shell-script launcher (`#!/bin/sh`, `exec` of the loader)';;
		direct) what='*diagnostic:* `dynbin/NAME` run by the system loader (rpath search, no launcher)';;
		esac
		printf '| %s | %s | %s | %s | %s–%s | %s | %s | %s | %s–%s | %s |\n' "$what" "$(fmt "$med" 0)" "$(fmt "$p90" 0)" \
			"$(fmt "$ratio" 3)" "$(fmt "$rmin" 2)" "$(fmt "$rmax" 2)" "$(div "$p90" "$p90n" 3)" \
			"$(fmt "$cmed" 0)" "$(fmt "$cratio" 3)" "$(fmt "$crmin" 2)" "$(fmt "$crmax" 2)" \
			"$(awk -v v="$v" '$2 == v { print $3 }' "$R/launch-$n.sys")"
	done <"$R/launch-$n.tsv"
	echo
}
ratio_of() { awk -F'\t' -v v="$2" '$1 == v { printf "%.3f", $9 }' "$R/launch-$1.tsv"; }
cpu_ratio_of() { awk -F'\t' -v v="$2" '$1 == v { printf "%.3f", $14 }' "$R/launch-$1.tsv"; }
# cpu_us_of NAME VARIANT: the median CPU time of a launch
cpu_us_of() { awk -F'\t' -v v="$2" '$1 == v { printf "%.0f", $12 }' "$R/launch-$1.tsv"; }

# ---- 2. assembly -------------------------------------------------------------

# assemble_set NAME FILE: time zapp-assemble and cp on the programs listed
# in FILE, interleaved, A_REPS times each.  Writes NAME.times ("rep tool
# seconds") and NAME.info (programs, libraries, input bytes, Zapp bytes).
assemble_set() {
	local name=$1 list=$2 d=$work/asm z c interp r t0 t1 nprog nlib inb zb jl
	z=$d/$name.zapp c=$d/$name.cp
	nprog=$(wc -l <"$list")
	say "assembly: $name ($nprog programs)"
	# untimed first run: warms the cache, tells which libraries it takes
	rm -rf "$z"
	mapfile -t progs <"$list"
	"$bin/zapp-assemble" -v -o "$z" "${progs[@]}" >/dev/null 2>"$d/$name.log" ||
		{ tail -3 "$d/$name.log" >&2; die "zapp-assemble failed on $name"; }
	interp=$(readelf -lW "${progs[0]}" | sed -n 's/.*Requesting program interpreter: \(.*\)]$/\1/p')
	{ cat "$list"; sed -n 's/^zapp-assemble: lib\/[^:]*: \(.*\) (for .*)$/\1/p' "$d/$name.log"; echo "$interp"; } >"$d/$name.files"
	mapfile -t files <"$d/$name.files"
	nlib=$(($(wc -l <"$d/$name.files") - nprog - 1))
	inb=$(sum_sizes <"$d/$name.files")
	zb=$(tree_bytes "$z")
	jl=$(find "$z/bin" -type f -printf '%s\n' | awk '{ s += $1 } END { printf "%d\n", s }')
	echo "$name $nprog $nlib $inb $zb $jl" >"$R/asm-$name.info"
	# the program that grew most when its rpath was set
	local p
	for p in "${progs[@]}"; do
		echo "$(( $(stat -c %s "$z/dynbin/${p##*/}") - $(stat -L -c %s "$p") )) ${p##*/}"
	done | sort -n | tail -1 >"$R/asm-$name.grow"
	# what it reads and copies, in bytes (one more untimed run, traced)
	if command -v strace >/dev/null; then
		rm -rf "$z"
		strace -f -qq -e trace=pread64,copy_file_range -e signal=none -o "$d/$name.strace" \
			"$bin/zapp-assemble" -q -o "$z" "${progs[@]}" >/dev/null 2>&1
		awk '/pread64\(/ { sub(/.*= /, ""); r += $1 } /copy_file_range\(/ { sub(/.*= /, ""); c += $1 }
		     END { printf "%d %d\n", r, c }' "$d/$name.strace" >"$R/asm-$name.io"
	else
		echo "0 0" >"$R/asm-$name.io"
	fi
	[ "$(ls "$z/lib" | wc -l)" = $((nlib + 1)) ] || die "$name: lib/ does not hold the libraries zapp-assemble listed"
	rm -rf "$z"
	: >"$R/asm-$name.times"
	for r in $(seq 1 $A_REPS); do
		for tool in $( ((r % 2)) && echo "zapp cp" || echo "cp zapp"); do
			rm -rf "$z" "$c"
			if [ $tool = cp ]; then
				mkdir "$c"; sync
				t0=$(now_us); cp -- "${files[@]}" "$c/"; t1=$(now_us)
			else
				sync
				t0=$(now_us); "$bin/zapp-assemble" -q -o "$z" "${progs[@]}"; t1=$(now_us)
			fi
			echo "$r $tool $(div $((t1 - t0)) 1000000 6)" >>"$R/asm-$name.times"
		done
	done
	rm -rf "$z" "$c"
	sync
}

# The dynamically linked programs of /usr/bin that zapp-assemble takes: a
# program whose closure it cannot complete is left out, with the reason.
usable_programs() {
	local d=$work/asm ok=$work/asm/all.list err x drop i
	"$tools/dynlist" /usr/bin/* >"$ok"
	: >"$R/asm-dropped"
	for i in $(seq 1 50); do
		rm -rf "$d/probe.zapp"
		mapfile -t progs <"$ok"
		if err=$("$bin/zapp-assemble" -q -o "$d/probe.zapp" "${progs[@]}" 2>&1 >/dev/null); then
			rm -rf "$d/probe.zapp"
			return 0
		fi
		x=$(printf '%s\n' "$err" | sed -n 's/^zapp-assemble: .*: needed by \(.*\)$/\1/p' | head -1)
		[ -n "$x" ] || { printf '%s\n' "$err" >&2; die "zapp-assemble failed on /usr/bin"; }
		case $x in
		dynbin/*) drop=$(grep -xF "/usr/bin/${x#dynbin/}" "$ok" || true);;
		*) drop=$(xargs -d '\n' -a "$ok" grep -lF "$(basename "$x")" || true);;
		esac
		[ -n "$drop" ] || { printf '%s\n' "$err" >&2; die "cannot tell which program to leave out"; }
		printf '%s\n' "$drop" | while read -r p; do
			printf '%s\t%s\n' "$(basename "$p")" "$(printf '%s\n' "$err" | head -1 | sed 's/^zapp-assemble: //')"
		done >>"$R/asm-dropped"
		grep -vxF -f <(printf '%s\n' "$drop") "$ok" >"$ok.new"
		mv "$ok.new" "$ok"
	done
	die "too many programs left out"
}

assembly() {
	local d=$work/asm p s n
	mkdir -p "$d"
	# a dozen large programs, whichever of them are here
	: >"$d/dozen.list"
	for p in curl git ssh scp gdb cmake ctest cpack perl python3 strace vim.basic openssl gpg sqlite3; do
		[ -e "/usr/bin/$p" ] || continue
		readlink -f "/usr/bin/$p"
	done | xargs -r "$tools/dynlist" | head -12 >"$d/dozen.list"
	assemble_set dozen "$d/dozen.list"

	say "assembly: finding the programs of /usr/bin zapp-assemble takes"
	usable_programs
	# nested sets: prefixes of one fixed shuffle
	shuf --random-source=<(yes zapp) "$d/all.list" >"$d/shuffled.list"
	: >"$R/asm-sizes"
	for s in $A_SIZES; do
		n=$s
		[ "$s" = all ] && n=$(wc -l <"$d/all.list")
		[ "$n" -le "$(wc -l <"$d/all.list")" ] || continue
		head -n "$n" "$d/shuffled.list" >"$d/n$n.list"
		assemble_set "n$n" "$d/n$n.list"
		echo "n$n" >>"$R/asm-sizes"
	done
}

# asm_row NAME LABEL: one row of the assembly table.
asm_row() {
	local name=$1 label=$2 nprog nlib inb zb jl zs cs zm cm
	read -r _ nprog nlib inb zb jl <"$R/asm-$name.info"
	zs=$(awk '$2 == "zapp" { print $3 }' "$R/asm-$name.times" | stats)
	cs=$(awk '$2 == "cp" { print $3 }' "$R/asm-$name.times" | stats)
	zm=${zs%% *} cm=${cs%% *}
	# the ratio rep by rep (each zapp-assemble run against the cp run next to it)
	local pr
	pr=$(awk '{ t[$1, $2] = $3; r[$1] = 1 } END { for (i in r) print t[i, "zapp"] / t[i, "cp"] }' "$R/asm-$name.times" | stats)
	local rb
	read -r rb _ <"$R/asm-$name.io"
	printf '| %s | %d | %d | %s | %s | %s (%s–%s) | %s (%s–%s) | **%s** | %s–%s | %s | %s | %s | %s |\n' \
		"$label" "$nprog" "$nlib" "$(mib "$inb")" "$(mib "$rb")" \
		"$(fmt "$zm" 3)" "$(fmt "$(echo "$zs" | cut -d' ' -f2)" 3)" "$(fmt "$(echo "$zs" | cut -d' ' -f3)" 3)" \
		"$(fmt "$cm" 3)" "$(fmt "$(echo "$cs" | cut -d' ' -f2)" 3)" "$(fmt "$(echo "$cs" | cut -d' ' -f3)" 3)" \
		"$(div "$zm" "$cm" 2)" "$(fmt "$(echo "$pr" | cut -d' ' -f2)" 2)" "$(fmt "$(echo "$pr" | cut -d' ' -f3)" 2)" \
		"$(div "$(echo "$zs" | cut -d' ' -f2)" "$(echo "$cs" | cut -d' ' -f2)" 2)" \
		"$(awk -v t="$zm" -v b="$inb" 'BEGIN { printf "%.2f", t * 1000 / (b / 1048576) }')" \
		"$(awk -v t="$cm" -v b="$inb" 'BEGIN { printf "%.2f", t * 1000 / (b / 1048576) }')" \
		"$(awk -v t="$zm" -v b="$inb" -v r="$rb" 'BEGIN { printf "%.2f", t * 1000 / ((b + r) / 1048576) }')"
}

# ---- 3. build ----------------------------------------------------------------

build() {
	local d=$work/build src r cc t0 t1 what cmd check
	mkdir -p "$d"
	if [ "$mode" = full ]; then
		src=$(sh "$top/tests/fetch-source.sh" zlib) || die "no zlib source"
		what="zlib $(basename "$src" | sed 's/^zlib-//'), \`./configure && make -j2\`"
		cmd='./configure && make -j2'
		check=minigzipsh
	else
		src=$top/examples/hello
		what='examples/hello (recursive make, C and C++), `make -j2`'
		cmd='make -j2 CC="$CC" CXX="$CXX"'
		check=src/app/hello
	fi
	echo "$what" >"$R/build.what"
	echo "$what" | sed 's/[,(].*//; s/ *$//' >"$R/build.label"
	: >"$R/build.times"
	for r in $(seq 1 $C_REPS); do
		for cc in $( ((r % 2)) && echo "gcc zapp-cc" || echo "zapp-cc gcc"); do
			say "build: $cc, run $r of $C_REPS"
			rm -rf "$d/src"; cp -a "$src" "$d/src"
			[ "$mode" = full ] || make -s -C "$d/src" clean >/dev/null
			sync
			# the subshell's "times" gives the CPU time of everything the
			# build ran (its second line: children, user and system)
			local envs=(CC=gcc CXX=g++)
			[ $cc = gcc ] || envs=(ZAPP_CC=gcc ZAPP_CXX=g++ "CC=$bin/zapp-cc" "CXX=$bin/zapp-c++")
			t0=$(now_us)
			(cd "$d/src" && env "${envs[@]}" sh -c "$cmd" >"$d/$cc.$r.log" 2>&1 && times >"$d/$cc.$r.times") ||
				{ tail -5 "$d/$cc.$r.log" >&2; die "build with $cc failed"; }
			t1=$(now_us)
			# the wrapper did its job, and only there
			local rp
			rp=$(readelf -d "$d/src/$check" | sed -n 's/.*(RPATH).*\[\(.*\)\]$/\1/p')
			if [ $cc = gcc ]; then [ -z "$rp" ] || die "gcc build has an rpath: $rp"
			else [ "$rp" = '$ORIGIN/../lib' ] || die "zapp-cc build has rpath '$rp'"; fi
			echo "$r $cc $(div $((t1 - t0)) 1000000 3) $(sed -n 2p "$d/$cc.$r.times" |
				awk '{ t = 0; for (i = 1; i <= 2; i++) { split($i, a, /[ms]/); t += a[1] * 60 + a[2] } printf "%.3f", t }')" >>"$R/build.times"
		done
	done
	rm -rf "$d/src"

	# one compiler call, alone: compile and link a small file with gcc and
	# with zapp-cc, interleaved as the launches are
	say "build: one compiler call, gcc against zapp-cc"
	printf 'int main(void) { return 0; }\n' >"$d/one.c"
	ZAPP_CC=gcc "$tools/spawnloop" -r $C_CALL_ROUNDS -n $C_CALL_PER -w 5 \
		gcc /usr/bin/gcc -c -o "$d/one-gcc.o" "$d/one.c" ::: \
		zapp-cc "$bin/zapp-cc" -c -o "$d/one-zapp.o" "$d/one.c" >"$R/call-compile.tsv"
	ZAPP_CC=gcc "$tools/spawnloop" -r $C_CALL_ROUNDS -n $C_CALL_PER -w 5 \
		gcc /usr/bin/gcc -o "$d/one-gcc" "$d/one.c" ::: \
		zapp-cc "$bin/zapp-cc" -o "$d/one-zapp" "$d/one.c" >"$R/call-link.tsv"
}

# ---- 4. ELF editing ----------------------------------------------------------

# edit_batch TOOL DIR: set the rpath of every file of DIR with TOOL.
edit_batch() {
	local tool=$1 dir=$2 f fails=0
	if [ "$tool" = set-rpath ]; then
		for f in "$dir"/*; do "$setrpath" "$f" "$RPATH_VALUE" >/dev/null 2>>"$dir.err" || fails=$((fails + 1)); done
	else
		for f in "$dir"/*; do patchelf --force-rpath --set-rpath "$RPATH_VALUE" "$f" >/dev/null 2>>"$dir.err" || fails=$((fails + 1)); done
	fi
	echo $fails
}

# check_edited DIR: per file, "name fits-or-grew readelf-ok verify-ok";
# the rpath must read back, readelf must say nothing more than it said of
# the original, and the loader must map the file as it mapped the original.
check_edited() {
	local dir=$1 o=$work/elf/orig f b rp grew okr okv
	for f in "$o"/*; do
		b=${f##*/}
		local delta
		delta=$(( $(stat -c %s "$dir/$b") - $(stat -c %s "$f") ))
		grew=fits
		[ "$delta" = 0 ] || grew=grew
		rp=$(readelf -dW "$dir/$b" 2>/dev/null | sed -n 's/.*(RPATH).*\[\(.*\)\]$/\1/p')
		okr=no
		if [ "$rp" = "$RPATH_VALUE" ] && ! readelf -dW "$dir/$b" | grep -q '(RUNPATH)' &&
		   readelf -hlSdW "$dir/$b" >/dev/null 2>"$work/elf/err.new" &&
		   [ "$(wc -l <"$work/elf/err.new")" -le "$(wc -l <"$work/elf/origerr/$b")" ]; then
			okr=yes
		fi
		okv=no
		/lib64/ld-linux-x86-64.so.2 --verify "$dir/$b" >/dev/null 2>&1 && v=0 || v=$?
		[ "$v" = "$(cat "$work/elf/origverify/$b")" ] && okv=yes
		echo "$b $grew $okr $okv $delta"
	done
}

elfedit() {
	local d=$work/elf i f r tool t0 t1 fails nrp nrest step
	mkdir -p "$d/orig" "$d/origerr" "$d/origverify"
	find /usr/bin /usr/lib/x86_64-linux-gnu -maxdepth 2 -type f | sort >"$d/candidates"
	xargs -d '\n' -a "$d/candidates" "$tools/dynlist" -a -r >"$d/with-rpath"
	xargs -d '\n' -a "$d/candidates" "$tools/dynlist" -a -R >"$d/without-rpath"
	# every file that has a search path (some long enough for the new one),
	# then every k-th of the others
	nrp=$(wc -l <"$d/with-rpath")
	[ "$nrp" -le $((E_FILES / 5)) ] || nrp=$((E_FILES / 5))
	nrest=$((E_FILES - nrp))
	step=$(( $(wc -l <"$d/without-rpath") / nrest ))
	[ $step -ge 1 ] || step=1
	{ head -n $nrp "$d/with-rpath"; awk -v s=$step 'NR % s == 0' "$d/without-rpath" | head -n $nrest; } >"$d/sample"
	i=0
	while read -r f; do
		i=$((i + 1))
		b=$(printf '%03d-%s' $i "$(basename "$f")")
		cp "$f" "$d/orig/$b"
		chmod u+w "$d/orig/$b"
		readelf -hlSdW "$d/orig/$b" >/dev/null 2>"$d/origerr/$b" || true
		/lib64/ld-linux-x86-64.so.2 --verify "$d/orig/$b" >/dev/null 2>&1 && v=0 || v=$?
		echo $v >"$d/origverify/$b"
	done <"$d/sample"
	echo "$i $(tree_bytes "$d/orig") $(head -n $nrp "$d/with-rpath" | wc -l) $(grep -c '^/usr/bin/' "$d/sample")" >"$R/elf.info"
	say "elf: $i files, $E_REPS batches per tool"
	: >"$R/elf.times"
	for r in $(seq 1 $E_REPS); do
		for tool in $( ((r % 2)) && echo "set-rpath patchelf" || echo "patchelf set-rpath"); do
			rm -rf "${d:?}/$tool" "$d/$tool.err"; cp -a "$d/orig" "$d/$tool"; sync
			t0=$(now_us); fails=$(edit_batch $tool "$d/$tool"); t1=$(now_us)
			echo "$r $tool $(div $((t1 - t0)) 1000000 4) $fails" >>"$R/elf.times"
		done
	done
	for tool in set-rpath patchelf; do
		check_edited "$d/$tool" >"$R/elf-$tool.check"
	done
}

elf_row() {
	local tool=$1 label=$2 s n fails grew okr okv added
	s=$(awk -v t="$tool" '$2 == t { print $3 }' "$R/elf.times" | stats)
	fails=$(awk -v t="$tool" '$2 == t { f += $4 } END { print f + 0 }' "$R/elf.times")
	n=$(wc -l <"$R/elf-$tool.check")
	grew=$(awk '$2 == "grew"' "$R/elf-$tool.check" | wc -l)
	okr=$(awk '$3 == "yes"' "$R/elf-$tool.check" | wc -l)
	okv=$(awk '$4 == "yes"' "$R/elf-$tool.check" | wc -l)
	added=$(awk '{ s += $5 } END { printf "%d", s }' "$R/elf-$tool.check")
	printf '| %s | %s (%s–%s) | %s | %d of %d, %s added | %d of %d | %d of %d | %d |\n' "$label" \
		"$(fmt "${s%% *}" 3)" "$(fmt "$(echo "$s" | cut -d' ' -f2)" 3)" "$(fmt "$(echo "$s" | cut -d' ' -f3)" 3)" \
		"$(div "${s%% *}" "$(echo "$n")" 4 | awk '{ printf "%.2f", $1 * 1000 }')" \
		"$grew" "$n" "$(human "$added")" "$okr" "$n" "$okv" "$n" "$fails"
}

# ---- plots -------------------------------------------------------------------

# cdf FIELD NAME VARIANT: the distribution of one measure (4: wall clock,
# 5: CPU time) of one variant, as "microseconds fraction" lines.
cdf() {
	awk -F'\t' -v f="$1" -v n="$2" -v v="$3" '$1 == n && $2 == v { print $f / 1000 }' "$samples" | sort -g |
		awk '{ x[NR] = $1 } END { for (i = 1; i <= NR; i++) print x[i], i / NR }'
}
# quantile_of FILE Q: the Q quantile of a cdf file
quantile_of() { awk -v q="$2" '{ v[NR] = $1 } END { i = int(NR * q); if (i < 1) i = 1; print v[i] }' "$1"; }

plots() {
	local d=$work/plot n v f
	mkdir -p "$d"
	for n in true0 curl; do
		for v in native jumploader execloader shell direct; do
			cdf 4 $n $v >"$d/$n-$v.wall"
			cdf 5 $n $v >"$d/$n-$v.cpu"
		done
	done
	# x ranges: from just below the fastest launch to the 99th percentile
	# of the slowest variant
	local -A lo hi
	for n in true0 curl; do
		for f in wall cpu; do
			lo[$n$f]=$(for v in native jumploader execloader shell direct; do head -1 "$d/$n-$v.$f"; done |
				sort -g | head -1 | awk '{ print $1 * 0.97 }')
			hi[$n$f]=$(for v in native jumploader execloader shell direct; do quantile_of "$d/$n-$v.$f" 0.99; done | sort -g | tail -1)
		done
	done
	curves() { # curves NAME MEASURE
		printf '"%s" using 1:2 with lines lw 2 lc rgb "#000000" title "native", ' "$d/$1-native.$2"
		printf '"%s" using 1:2 with lines lw 2 lc rgb "#1f77b4" title "jumploader (zapp)", ' "$d/$1-jumploader.$2"
		printf '"%s" using 1:2 with lines lw 2 lc rgb "#d62728" title "exec-the-loader launcher", ' "$d/$1-execloader.$2"
		printf '"%s" using 1:2 with lines lw 2 lc rgb "#ff7f0e" title "shell-script launcher", ' "$d/$1-shell.$2"
		printf '"%s" using 1:2 with lines lw 1 dt 2 lc rgb "#2ca02c" title "dynbin/NAME run directly (diagnostic)"' "$d/$1-direct.$2"
	}
	gnuplot <<-EOF
	set terminal pngcairo noenhanced size 1400,1000 font "DejaVu Sans,11"
	set output "$out/launch-cdf.png"
	set multiplot layout 2,2 title "Launch cost, cumulative distributions ($((L_ROUNDS * L_PER)) launches per variant, interleaved)"
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
	set title "curl --version (31 libraries): wall clock"
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

	# assembly: time against input size, every run and the medians
	: >"$d/asm-points"
	: >"$d/asm-medians"
	local name inb
	while read -r name; do
		read -r _ _ _ inb _ _ <"$R/asm-$name.info"
		awk -v m="$(mib "$inb")" '{ print m, $2, $3 }' "$R/asm-$name.times" >>"$d/asm-points"
		echo "$(mib "$inb") $(awk '$2 == "zapp" { print $3 }' "$R/asm-$name.times" | median)" \
		     "$(awk '$2 == "cp" { print $3 }' "$R/asm-$name.times" | median) $(wc -l <"$work/asm/$name.list")" >>"$d/asm-medians"
	done <"$R/asm-sizes"
	awk '$2 == "zapp" { print $1, $3 }' "$d/asm-points" >"$d/asm-zapp"
	awk '$2 == "cp" { print $1, $3 }' "$d/asm-points" >"$d/asm-cp"
	gnuplot <<-EOF
	set terminal pngcairo noenhanced size 1000,620 font "DejaVu Sans,11"
	set output "$out/assembly-scaling.png"
	set title "Assembly time against input size (programs of /usr/bin with their libraries; $A_REPS runs each, interleaved)"
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
	fit fz(x) "$d/asm-medians" using 1:2 via az, bz
	fit fc(x) "$d/asm-medians" using 1:3 via ac, bc
	plot "$d/asm-zapp" using 1:2 with points pt 7 ps 0.8 lc rgb "#1f77b4" notitle, \
	     "$d/asm-cp" using 1:2 with points pt 5 ps 0.8 lc rgb "#7f7f7f" notitle, \
	     "$d/asm-medians" using 1:2 with linespoints pt 7 ps 1.4 lw 2 lc rgb "#1f77b4" title "zapp-assemble (median; dots: every run)", \
	     "$d/asm-medians" using 1:3 with linespoints pt 5 ps 1.4 lw 2 lc rgb "#7f7f7f" title "cp of the same files (median; squares: every run)", \
	     "$d/asm-medians" using 1:2:(sprintf("%d programs", \$4)) with labels offset 0,1.2 font ",9" notitle, \
	     fz(x) with lines dt 2 lc rgb "#1f77b4" title sprintf("least-squares line: %.2f ms/MiB %+.0f ms", az * 1000, bz * 1000), \
	     fc(x) with lines dt 2 lc rgb "#7f7f7f" title sprintf("least-squares line: %.2f ms/MiB %+.0f ms", ac * 1000, bc * 1000)
	EOF
}

# ---- the report --------------------------------------------------------------

# misses: what misses its target, with the numbers and where it comes from.
# Called inside report(), whose locals it reads.
misses() {
	local any=0
	echo "## Where the misses come from"
	echo
	if [ "$(verdict "$jt" '<=' 1.05)" != meets ] || [ "$(verdict "$cjt" '<=' 1.05)" != meets ]; then
		any=1
		local sd sn phoff
		sd=$(awk '$2 == "direct" { print $3 }' "$R/launch-true0.sys")
		sn=$(awk '$2 == "native" { print $3 }' "$R/launch-true0.sys")
		echo "- **Launching a trivial program** through the jumploader costs $jt of a native"
		echo "  launch by the wall clock and $cjt by CPU time. Two things add up:"
		echo "  - The loader's search of the rpath directory, $(( $(cpu_us_of true0 direct) - $(cpu_us_of true0 native) )) µs of CPU: glibc's"
		echo "    loader ($(ldd --version | head -1 | sed 's/.* //')) looks for each library of a DT_RPATH directory first in"
		echo "    its hardware-capability subdirectories (\`glibc-hwcaps/x86-64-v4\`, \`-v3\`,"
		echo "    \`-v2\`, then the legacy \`tls\`, \`haswell\`, \`avx512_1\`, \`x86_64\` combinations):"
		echo "    a failed \`openat\` and a failed \`stat\` each before \`lib/libc.so.6\` is"
		echo "    found, once per directory: $sd system calls for \`dynbin/NAME\` run directly against"
		echo "    $sn natively, where libc comes from \`/etc/ld.so.cache\` without a search."
		echo "    Every launcher that points the loader at a directory pays it (the"
		echo "    exec-the-loader and shell launchers too); it is not the jumploader's."
		local jl
		jl=$(sed -n 's/^jlcalls //p' "$R/launch-true0.sys")
		echo "  - The jumploader itself, $(( $(cpu_us_of true0 jumploader) - $(cpu_us_of true0 direct) )) µs: an \`execve\` of a small static program, then"
		echo "    ${jl%% *} system calls before the loader's first ($(echo "${jl#* }" | sed 's/\([a-z0-9_]*\)×\([0-9]*\)/`\1` ×\2,/g; s/,$//'))"
		echo "    and the page faults of its own pages: what the kernel's ELF loader does"
		echo "    in a native launch, plus finding itself and checking the files."
		phoff=$(readelf -hW "$work/launch/true0.zapp/dynbin/true0" | sed -n 's/.*Start of program headers: *\([0-9]*\).*/\1/p')
		if [ "${phoff:-0}" -ge 4096 ]; then
			echo "    The program's headers are not in its first page (offset $phoff): the"
			echo "    rpath edit grew the file and moved them to the new segment at its end,"
			echo "    which costs the jumploader one \`pread64\` more than an unedited file."
		fi
		echo "  For \`curl --version\`, whose start takes $(cpu_us_of curl native) µs of CPU natively, neither"
		echo "  shows: $jc (wall), $cjc (CPU)."
	fi
	if [ "$(verdict "$ad" '<=' 1.5)" != meets ] || [ "$(verdict "$ab" '<=' 1.5)" != meets ]; then
		any=1
		local rbd cbd rbb cbb gd gn
		read -r rbd cbd <"$R/asm-dozen.io"
		read -r rbb cbb <"$R/asm-$big.io"
		read -r gd gn <"$R/asm-dozen.grow"
		echo "- **Assembly** takes $ad× the time of \`cp\` for the large programs and $ab× for"
		echo "  $(wc -l <"$work/asm/${big}.list") programs of /usr/bin. Both copy with \`copy_file_range\`."
		if awk -v r="$rbb" -v c="$cbb" 'BEGIN { exit !(r > c / 20) }'; then
			echo "  What \`cp\` does not do is read the copies back. Setting a program's"
			echo "  rpath, in place or after \`elf_grow\` (libzapp \`rpath_set\` →"
			echo "  \`zelf_commit_safely\` → \`zelf_commit\` → \`elf_update\`), goes through a"
			echo "  libelf descriptor opened with \`ELF_C_RDWR\` (\`zelf_open\`,"
			echo "  libzapp/elf_open.c), and elfutils' \`elf_update\` on such a descriptor"
			echo "  first loads the contents of every section with \`pread\` — $(mib "$rbd") MiB read"
			echo "  back for the $(mib "$cbd") MiB the large programs' Zapp copies, $(mib "$rbb") MiB for $(mib "$cbb") MiB"
			echo "  with $(wc -l <"$work/asm/${big}.list") programs — though only the headers and the moved \`.dynstr\` and"
			echo "  \`.dynamic\` change (elfutils $(dpkg-query -W -f='${Version}' libelf1 2>/dev/null | sed 's/-.*//'): an \`elf_update\` that has only the"
			echo "  ELF header to write reads every section all the same). Writing the"
			echo "  new segment and the changed headers with \`pwrite\`, as \`rpath_fix_xorigin\`"
			echo "  does for the wrapper's edits, leaves the copy, the planning reads and"
			echo "  the growth bytes."
		else
			echo "  It reads back almost nothing ($(mib "$rbb") MiB for the $(mib "$cbb") MiB it copies); what"
			echo "  remains is work \`cp\` does not do: planning (the ELF headers of every"
			echo "  program and of every library candidate the loader's search would look"
			echo "  at), one more file per program (its jumploader, stamped), the rpath"
			echo "  edits and their growth bytes, and more directories."
		fi
		echo "  A grown file gets a new copy of its whole \`.dynstr\` (and a page of"
		echo "  alignment); the most among the large programs: \`$gn\`, $(human "$gd") (section 5)."
	fi
	if [ "$(verdict "$bs" '<=' 1.01)" != meets ] || [ "$(verdict "$bcpu" '<=' 1.01)" != meets ]; then
		any=1
		local noise
		noise=$(awk -v g="$gcpu" -v c="$ccpu" -v b="$bcpu" 'BEGIN { split(g, x, " "); split(c, y, " ")
			s = (x[3] - x[2]) / x[1]; t = (y[3] - y[2]) / y[1]; if (t > s) s = t
			d = b - 1; if (d < 0) d = -d; r = (d < s) ? "yes" : "no"; print r }')
		echo "- **Building** with zapp-cc takes $bs of the time with gcc by the wall clock, $bcpu"
		echo "  by CPU time (section 3)."
		if [ "$noise" = yes ]; then
			echo "  The runs of either compiler spread by more than that difference, so"
			echo "  this run cannot tell the wrapper's cost from the machine's noise; more"
			echo "  runs would."
		else
			echo "  That is more than the CPU times of either compiler's runs spread"
			echo "  ($C_REPS runs each): the wrapper's cost."
		fi
		echo "  One compiler call alone (section 3) costs $(awk -F'\t' '$1 == "zapp-cc" { z = $12 } $1 == "gcc" { g = $12 } END { printf "%.0f", z - g }' "$R/call-compile.tsv") µs of CPU more through"
		echo "  the wrapper when it only compiles — its own \`execve\` and the loading of a"
		echo "  dynamically linked program (libelf, libz, libc) before it \`execve\`s the"
		echo "  compiler — and $(awk -F'\t' '$1 == "zapp-cc" { z = $12 } $1 == "gcc" { g = $12 } END { printf "%.0f", z - g }' "$R/call-link.tsv") µs when it links (the compiler spawned as a child,"
		echo "  then the output's rpath fixed with libelf). A build with many small"
		echo "  compiler calls (a \`configure\` script runs the compiler for every test)"
		echo "  pays that per call; a static wrapper would load nothing."
	fi
	if [ "$(verdict "$(div "$es" "$ps" 3)" '<' 1)" != meets ]; then
		any=1
		echo "- **ELF editing**: set-rpath takes $(div "$es" "$ps" 2) of patchelf's time (section 4)."
	fi
	[ $any = 1 ] || echo "Every target is met."
	echo
}

report() {
	local f=$out/results.md tmp
	tmp=$(mktemp "$work/results.XXXXXX")
	local jt jc et ec st sc
	jt=$(ratio_of true0 jumploader) jc=$(ratio_of curl jumploader)
	et=$(ratio_of true0 execloader) ec=$(ratio_of curl execloader)
	st=$(ratio_of true0 shell) sc=$(ratio_of curl shell)
	local cjt cjc cet cec cst csc cdt
	cjt=$(cpu_ratio_of true0 jumploader) cjc=$(cpu_ratio_of curl jumploader)
	cet=$(cpu_ratio_of true0 execloader) cec=$(cpu_ratio_of curl execloader)
	cst=$(cpu_ratio_of true0 shell) csc=$(cpu_ratio_of curl shell)
	cdt=$(cpu_ratio_of true0 direct)
	local big
	big=n$(wc -l <"$work/asm/all.list")
	[ -f "$R/asm-$big.times" ] || big=$(tail -1 "$R/asm-sizes")
	local ad ab bs gs cs es ps
	ad=$(div "$(awk '$2 == "zapp" { print $3 }' "$R/asm-dozen.times" | median)" "$(awk '$2 == "cp" { print $3 }' "$R/asm-dozen.times" | median)" 2)
	ab=$(div "$(awk '$2 == "zapp" { print $3 }' "$R/asm-$big.times" | median)" "$(awk '$2 == "cp" { print $3 }' "$R/asm-$big.times" | median)" 2)
	gs=$(awk '$2 == "gcc" { print $3 }' "$R/build.times" | stats)
	cs=$(awk '$2 == "zapp-cc" { print $3 }' "$R/build.times" | stats)
	bs=$(div "${cs%% *}" "${gs%% *}" 3)
	local gcpu ccpu bcpu
	gcpu=$(awk '$2 == "gcc" { print $4 }' "$R/build.times" | stats)
	ccpu=$(awk '$2 == "zapp-cc" { print $4 }' "$R/build.times" | stats)
	bcpu=$(div "${ccpu%% *}" "${gcpu%% *}" 3)
	es=$(awk '$2 == "set-rpath" { print $3 }' "$R/elf.times" | median)
	ps=$(awk '$2 == "patchelf" { print $3 }' "$R/elf.times" | median)
	local jls cz ci
	jls=$(stat -c %s "$ZAPP_JUMPLOADER")
	read -r _ _ _ ci cz _ <"$R/asm-dozen.info"
	local bi bz
	read -r _ _ _ bi bz _ <"$R/asm-$big.info"

	{
	echo "# zapp benchmarks"
	echo
	if [ "$mode" = quick ]; then
		echo "*A quick run (\`make bench-quick\`): few repetitions, indicative only; \`make bench\` makes the full one.*"
		echo
	fi
	echo "Every number here is a ratio of runs made side by side, interleaved, in"
	echo "one run of \`bench/run.sh\` (\`make bench\`) on the machine below: absolute"
	echo "times drift on a shared machine, ratios of interleaved runs much less."
	echo "Medians, with the spread over repetitions; nothing here is a test."
	echo
	echo "## Headline"
	echo
	echo "| what | ratio | target | |"
	echo "|---|---:|---|---|"
	echo "| launch through the jumploader ÷ native, trivial program: wall clock | $jt | ≤ 1.05 | $(verdict "$jt" '<=' 1.05) |"
	echo "| the same, CPU time of the launched process | $cjt | ≤ 1.05 | $(verdict "$cjt" '<=' 1.05) |"
	echo "| launch through the jumploader ÷ native, \`curl --version\`: wall clock | $jc | ≤ 1.05 | $(verdict "$jc" '<=' 1.05) |"
	echo "| the same, CPU time | $cjc | ≤ 1.05 | $(verdict "$cjc" '<=' 1.05) |"
	echo "| jumploader ÷ exec-the-loader launcher, trivial / curl: wall clock | $(div "$jt" "$et" 3) / $(div "$jc" "$ec" 3) | < 1 | $(verdict "$(max "$(div "$jt" "$et" 3)" "$(div "$jc" "$ec" 3)")" '<' 1) |"
	echo "| the same, CPU time | $(div "$cjt" "$cet" 3) / $(div "$cjc" "$cec" 3) | < 1 | $(verdict "$(max "$(div "$cjt" "$cet" 3)" "$(div "$cjc" "$cec" 3)")" '<' 1) |"
	echo "| zapp-assemble ÷ cp of the same bytes, $(wc -l <"$work/asm/dozen.list") large programs | $ad | ≤ 1.5 | $(verdict "$ad" '<=' 1.5) |"
	echo "| zapp-assemble ÷ cp of the same bytes, $(wc -l <"$work/asm/${big}.list") programs of /usr/bin | $ab | ≤ 1.5 | $(verdict "$ab" '<=' 1.5) |"
	echo "| build with zapp-cc ÷ with gcc, $(cat "$R/build.label"): wall clock | $bs | ≤ 1.01 | $(verdict "$bs" '<=' 1.01) |"
	echo "| the same, CPU time of everything the build runs | $bcpu | ≤ 1.01 | $(verdict "$bcpu" '<=' 1.01) |"
	echo "| set-rpath (libzapp) ÷ patchelf, $(cut -d' ' -f1 "$R/elf.info") files | $(div "$es" "$ps" 2) | < 1 | $(verdict "$(div "$es" "$ps" 3)" '<' 1) |"
	echo "| Zapp bytes ÷ bytes of the programs and libraries it holds ($(wc -l <"$work/asm/dozen.list") large programs) | $(div "$cz" "$ci" 3) | | |"
	echo "| Zapp bytes ÷ bytes it holds ($(wc -l <"$work/asm/${big}.list") programs of /usr/bin) | $(div "$bz" "$bi" 3) | | |"
	echo "| stripped jumploader | $jls bytes | | |"
	echo
	echo "Other launchers ÷ native, wall clock (CPU time): exec-the-loader $et ($cet)"
	echo "for the trivial program, $ec ($cec) for curl; shell script $st ($cst), $sc ($csc)."
	echo
	echo "Where a launch's extra CPU time goes (trivial program, medians): the"
	echo "system's loader searching the Zapp's \`lib/\` through the rpath costs"
	echo "$(( $(cpu_us_of true0 direct) - $(cpu_us_of true0 native) )) µs over native (\`dynbin/NAME\` run directly ÷ native: $cdt); the"
	echo "jumploader's own work, $(( $(cpu_us_of true0 jumploader) - $(cpu_us_of true0 direct) )) µs more (jumploader ÷ direct:"
	echo "$(div "$cjt" "$cdt" 3)); the exec-the-loader launcher's second \`execve\`, $(( $(cpu_us_of true0 execloader) - $(cpu_us_of true0 direct) )) µs. See"
	echo "section 1 for what the loader's search does."
	echo
	misses
	echo "## Machine"
	echo
	cat "$R/machine.md"
	echo "| load average at end | $(cut -d' ' -f1-3 /proc/loadavg) |"
	echo
	echo "## 1. Launch"
	echo
	echo "\`bench/spawnloop.c\` starts each variant with \`posix_spawn\` and waits for it"
	echo "(stdout to /dev/null), timing each launch with \`CLOCK_MONOTONIC\`. The"
	echo "variants take turns launch by launch, the first of each turn rotating, so"
	echo "a busy spell of the machine falls on all of them alike. All launchers"
	echo "start the same \`dynbin/NAME\` with the same \`lib/\`: the Zapp made by"
	echo "\`zapp-assemble\`, whose \`bin/NAME\` is replaced by"
	echo
	echo "- the exec-the-loader launcher, \`bench/execloader.c\` (musl, static): finds"
	echo "  the Zapp from /proc/self/exe and \`execv\`s \`lib/ld-linux-x86-64.so.2"
	echo "  --library-path ZAPP/lib --argv0 ARGV0 ZAPP/dynbin/NAME ARGS\`, as the"
	echo "  launchers of other relocatable-bundle tools do;"
	echo "- the shell-script launcher: \`#!/bin/sh\`, \`dir=\${0%/*}\`, then \`exec\` of the"
	echo "  same loader command (the cheapest way to find its directory; launchers"
	echo "  that resolve links with \`readlink -f\` and \`dirname\` fork twice more)."
	echo
	echo "The diagnostic row runs \`dynbin/NAME\` directly: the kernel starts it with"
	echo "the system's loader, which then searches the Zapp's \`lib/\` through the"
	echo "program's rpath. It separates what the jumploader costs (jumploader −"
	echo "direct) from what the rpath search costs (direct − native). System calls"
	echo "are counted with \`strace -f\` on one launch."
	echo
	launch_table true0
	launch_table curl
	if [ "$(verdict "$jc" '<' 1)" = meets ]; then
		echo "Where curl runs faster than natively, \`dynbin/curl\` run directly by the"
		echo "system's loader does too ($(ratio_of curl direct) wall, $(cpu_ratio_of curl direct) CPU): the difference lies in loading"
		echo "the 31 libraries — found through the rpath in one directory instead of"
		echo "through \`/etc/ld.so.cache\`, and other copies of the same files — not in"
		echo "the launcher. It varies from one run to another and is no gain of the"
		echo "jumploader."
	fi
	echo "\`curl --version\` loads the host's SASL plugins with \`dlopen\`"
	echo "(/usr/lib/x86_64-linux-gnu/sasl2), in every variant."
	echo
	echo "![launch-time distributions](launch-cdf.png)"
	echo
	echo "Raw samples (variant, round, nanoseconds): \`build/bench/launch-samples.tsv\`,"
	echo "not kept in the repository."
	echo
	echo "## 2. Assembly"
	echo
	echo "\`zapp-assemble -o OUT PROGRAM...\` against \`cp\` of the same bytes: the"
	echo "programs, every library the Zapp bundles (the files \`zapp-assemble -v\`"
	echo "names) and the loader, into one directory. An untimed run of each set"
	echo "comes first, so both read from a warm page cache; then $A_REPS runs of each,"
	echo "alternating which goes first, with the output removed and \`sync\` done"
	echo "(untimed) before each. Times in seconds: median (min–max); the per-run"
	echo "ratio pairs each \`zapp-assemble\` run with the \`cp\` run beside it. \"Read"
	echo "back\" is what \`zapp-assemble\` reads with \`pread\` (one more untimed run"
	echo "under \`strace\`): \`cp\` reads nothing in user space."
	echo
	echo "| programs | count | libraries | input MiB | read back by zapp-assemble, MiB | zapp-assemble s | cp s | ratio of medians | per-run ratios | ratio of the fastest runs | zapp-assemble ms/MiB | cp ms/MiB | zapp-assemble ms per MiB copied + read back |"
	echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
	asm_row dozen "large programs: $(xargs -n1 basename <"$work/asm/dozen.list" | tr '\n' ' ' | sed 's/ $//')"
	while read -r name; do
		asm_row "$name" "$(wc -l <"$work/asm/$name.list") of /usr/bin"
	done <"$R/asm-sizes"
	echo
	if awk -v r="$(cut -d' ' -f1 "$R/asm-dozen.io")" 'BEGIN { exit !(r > 1048576) }'; then
		echo "Time per MiB of input grows with the share of the input \`zapp-assemble\`"
		echo "reads back, which depends on the programs in the set (a large program is"
		echo "read back whole); per MiB copied plus read back, the last column, it stays"
		echo "much the same: the time is linear in the work done."
		echo
	fi
	echo "The sets of /usr/bin are prefixes of one fixed shuffle of its"
	echo "dynamically linked programs ($(wc -l <"$work/asm/all.list") that \`zapp-assemble\` takes: not"
	echo "set-user-ID or set-group-ID, not links, every library found)."
	if [ -s "$R/asm-dropped" ]; then
		echo "Left out:"
		echo
		sed 's/^\([^\t]*\)\t\(.*\)$/- `\1`: `\2`/' "$R/asm-dropped"
	fi
	echo
	echo "![assembly time against input size](assembly-scaling.png)"
	echo
	echo "## 3. Build"
	echo
	echo "$(cat "$R/build.what"), from a fresh copy of the source each time, with"
	echo "\`CC=gcc\` and with \`CC=zapp-cc\` (\`ZAPP_CC=gcc\`), alternating, $C_REPS times each;"
	echo "the programs built with zapp-cc carry \`\$ORIGIN/../lib\`, those built with gcc"
	echo "no rpath (checked)."
	echo
	echo "| compiler | wall s, median | min | max | CPU s (user + system), median | min | max | runs |"
	echo "|---|---:|---:|---:|---:|---:|---:|---:|"
	echo "| gcc | $(fmt "${gs%% *}" 2) | $(fmt "$(echo "$gs" | cut -d' ' -f2)" 2) | $(fmt "$(echo "$gs" | cut -d' ' -f3)" 2) | $(fmt "${gcpu%% *}" 2) | $(fmt "$(echo "$gcpu" | cut -d' ' -f2)" 2) | $(fmt "$(echo "$gcpu" | cut -d' ' -f3)" 2) | $(echo "$gs" | cut -d' ' -f4) |"
	echo "| zapp-cc | $(fmt "${cs%% *}" 2) | $(fmt "$(echo "$cs" | cut -d' ' -f2)" 2) | $(fmt "$(echo "$cs" | cut -d' ' -f3)" 2) | $(fmt "${ccpu%% *}" 2) | $(fmt "$(echo "$ccpu" | cut -d' ' -f2)" 2) | $(fmt "$(echo "$ccpu" | cut -d' ' -f3)" 2) | $(echo "$cs" | cut -d' ' -f4) |"
	echo
	local pr
	pr=$(awk '{ t[$1, $2] = $3; r[$1] = 1 } END { for (i in r) print t[i, "zapp-cc"] / t[i, "gcc"] }' "$R/build.times" | stats)
	echo "zapp-cc ÷ gcc: **$bs** (ratio of medians); run by run $(fmt "$(echo "$pr" | cut -d' ' -f2)" 3)–$(fmt "$(echo "$pr" | cut -d' ' -f3)" 3); fastest"
	echo "run ÷ fastest run: $(div "$(echo "$cs" | cut -d' ' -f2)" "$(echo "$gs" | cut -d' ' -f2)" 3). By CPU time: **$bcpu**."
	echo "The spread of either compiler's own runs, (max − min) ÷ median: by the"
	echo "wall clock $(spread "$gs") for gcc and $(spread "$cs") for zapp-cc, by CPU time $(spread "$gcpu")"
	echo "and $(spread "$ccpu"); a difference smaller than these is below what $C_REPS runs"
	echo "each can show on this machine."
	echo
	echo "One compiler call alone, measured like a launch ($((C_CALL_ROUNDS * C_CALL_PER)) calls each, interleaved;"
	echo "\`ZAPP_CC=gcc\`), on a one-line C file:"
	echo
	echo "| call | gcc, CPU µs (median) | zapp-cc, CPU µs | zapp-cc − gcc, µs | zapp-cc ÷ gcc, CPU | wall clock |"
	echo "|---|---:|---:|---:|---:|---:|"
	local k
	for k in compile link; do
		awk -F'\t' -v k=$k '$1 == "gcc" { g = $12 } $1 == "zapp-cc" { z = $12; r = $14; w = $9 }
			END { printf "| %s | %.0f | %.0f | %.0f | %.3f | %.3f |\n", (k == "compile" ? "`-c` (compile only: one `execve` of the compiler)" : "link (the compiler spawned, then the rpath fixed)"), g, z, z - g, r, w }' "$R/call-$k.tsv"
	done
	echo
	echo "A build pays the first row once per compile and the second once per link;"
	echo "the wrapper is a dynamically linked program (libelf, libz, libc), and most"
	echo "of a compile call's extra time is its own \`execve\` and loading."
	echo
	echo "## 4. ELF editing"
	echo
	read -r en eb erp ebin <"$R/elf.info"
	echo "Setting the search path \`$RPATH_VALUE\` (as DT_RPATH) on copies of $en ELF files"
	echo "($ebin programs of /usr/bin, the rest from /usr/lib/x86_64-linux-gnu; $(mib "$eb") MiB;"
	echo "$erp of them already had a search path, most of them long enough to take the"
	echo "new one in place; the others must grow). Each batch is a shell loop calling"
	echo "the tool once per file, on a fresh copy of the files; $E_REPS batches per tool,"
	echo "alternating which goes first. \`patchelf --force-rpath --set-rpath\` so that"
	echo "both write DT_RPATH. Checked afterwards, file by file: \`readelf -d\` shows the"
	echo "new DT_RPATH and no DT_RUNPATH, \`readelf -hlSd\` says nothing it did not"
	echo "say of the original, and \`ld.so --verify\` maps the file as it mapped the"
	echo "original."
	echo
	echo "| tool | batch s, median (min–max) | ms per file | files grown | rpath reads back, readelf clean | ld.so --verify as before | failed edits |"
	echo "|---|---:|---:|---:|---:|---:|---:|"
	elf_row set-rpath '`set-rpath` (libzapp `rpath_set`)'
	elf_row patchelf "\`patchelf\` $(patchelf --version | sed 's/^patchelf //')"
	echo
	echo "set-rpath ÷ patchelf: **$(div "$es" "$ps" 2)**."
	echo
	echo "## 5. Size"
	echo
	echo "| Zapp | programs | libraries | programs + libraries + loader, bytes | Zapp bytes | of which jumploaders | of which growth of edited files | overhead |"
	echo "|---|---:|---:|---:|---:|---:|---:|---:|"
	local name label nprog nlib inb zb jl
	for name in curl dozen $big; do
		[ -f "$R/asm-$name.info" ] || continue
		read -r _ nprog nlib inb zb jl <"$R/asm-$name.info"
		case $name in curl) label='curl';; dozen) label="$(wc -l <"$work/asm/dozen.list") large programs";; *) label="$nprog programs of /usr/bin";; esac
		printf '| %s | %d | %d | %d | %d | %d | %d | %s%% |\n' "$label" "$nprog" "$nlib" "$inb" "$zb" "$jl" \
			$((zb - inb - jl)) "$(awk -v z="$zb" -v i="$inb" 'BEGIN { printf "%.2f", (z - i) / i * 100 }')"
	done
	echo
	echo "The jumploader, stripped (\`build/lib/zapp/jumploader-x86_64\`): **$jls bytes**,"
	echo "one copy per program. Growth: the bytes edited files gained where the new"
	echo "rpath did not fit in place (a new load segment holding the program headers"
	echo "and a copy of \`.dynstr\` and \`.dynamic\`, page-aligned: also one more"
	echo "\`mmap\` at each launch)."
	} >"$tmp"
	chmod 644 "$tmp"
	mv "$tmp" "$f"
}

size_curl() {
	# the curl Zapp of the launch bench, for the size table
	local z=$work/launch/curl.zapp inb zb jl nlib
	nlib=$(($(ls "$z/lib" | wc -l) - 1))
	inb=$({ echo /usr/bin/curl; "$bin/zapp-assemble" -v -o "$work/size.zapp" /usr/bin/curl 2>&1 >/dev/null |
		sed -n 's/^zapp-assemble: lib\/[^:]*: \(.*\) (for .*)$/\1/p'; echo /lib64/ld-linux-x86-64.so.2; } | sum_sizes)
	rm -rf "$work/size.zapp"
	zb=$(tree_bytes "$z")
	jl=$(find "$z/bin" -type f -printf '%s\n' | awk '{ s += $1 } END { printf "%d\n", s }')
	echo "curl 1 $nlib $inb $zb $jl" >"$R/asm-curl.info"
}

say "bench ($mode): results into $(rel "$out")"
launch
size_curl
assembly
build
elfedit
say "plots"
plots
report
say "done: $(rel "$out")/results.md"
