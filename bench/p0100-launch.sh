#!/bin/bash
# bench/p0100-launch.sh [full|quick]: a launch natively and through the
# launchers a Zapp could have, for a trivial program and for curl --version.
#
# Variants, each starting the same dynbin/NAME with the same lib/:
#   native      the program where it was built or installed
#   jumploader  the Zapp's bin/NAME (assembled with --no-redirect: no
#               run-time redirection library)
#   redirect    the same with lib/libzapp-rt.so.1 as the program's first
#               DT_NEEDED, what a Zapp of host programs gets by default
#               (the program neither execs nor dlopens: the library's
#               loading is the whole cost)
#   execloader  bin/NAME replaced by bench/execloader.c (static, execv of
#               lib/ld-linux-x86-64.so.2 --library-path ... dynbin/NAME)
#   shell       bin/NAME replaced by a #!/bin/sh script exec'ing the same
#   direct      dynbin/NAME run by the system's loader (diagnostic: the
#               rpath search without a launcher)
#
# Data:
#   launch-PROG.tsv          bench/spawnloop's summary, one row per variant
#   launch-PROG-samples.tsv  every launch: variant, round, wall_ns, cpu_ns
#   launch-syscalls.tsv      prog, variant, system calls of one launch
#                            (strace -f)
#   launch-jumploader-calls.tsv  prog, call, count: the jumploader's own
#                            system calls, from its execve to the loader's
#                            first (glibc's loader starts with brk)
#   launch-true32.tsv        the trivial program built for i386 (gcc -m32)
#                            through jumploader-i386: native, jumploader
#                            and direct
#   launch-params.tsv        prog, label, rounds, per_round, warmup,
#                            libraries, phoff (where the edited program's
#                            program headers are)
#   launch-PROG-loader.tsv   (and -samples) the Zapp's bin/NAME with the
#                            loader as the host has it ("today", first: the
#                            ratio's base) against the same with the loader
#                            zapp-assemble edits ("hermetic": no host cache,
#                            preload file or default directory, no
#                            glibc-hwcaps probes), interleaved; their system
#                            calls are in launch-syscalls.tsv too
. "${0%/*}/lib.sh"
bench_need strace curl

rounds=$(bench_pick 20 4) per=$(bench_pick 100 25) warm=$(bench_pick 20 5)

# launchers NAME: NAME.exec.zapp and NAME.sh.zapp, copies of NAME.zapp whose
# bin/NAME is the exec-the-loader launcher or the shell script.
launchers() {
	local n=$1
	cp -a "$n.zapp" "$n.exec.zapp"
	cp "$tools/execloader" "$n.exec.zapp/bin/$n"
	cp -a "$n.zapp" "$n.sh.zapp"
	cat >"$n.sh.zapp/bin/$n" <<-EOF
	#!/bin/sh
	dir=\${0%/*}
	exec "\$dir/../lib/ld-linux-x86-64.so.2" --library-path "\$dir/../lib" --argv0 "\$0" "\$dir/../dynbin/$n" "\$@"
	EOF
	chmod 755 "$n.sh.zapp/bin/$n"
}

# syscalls FILE CMD...: one launch under strace -f, its calls into FILE;
# prints how many system calls it made.
syscalls() {
	local f=$1
	shift
	strace -f -qq -o "$f" "$@" >/dev/null 2>&1 || bench_die "$* failed under strace"
	grep -vc -e '+++ exited' -e '--- SIG' "$f"
}

# a trivial program that could exec (it imports execv, never called), so
# that the redirect variant's program carries the library
printf '#include <unistd.h>\nint main(int c, char **v) { if (c > 99) execv(v[0], v); return 0; }\n' >true0.c
gcc -O2 -o true0 true0.c
"$bin/zapp-assemble" -q --no-redirect -o true0.zapp true0
"$bin/zapp-assemble" -q --no-redirect -o curl.zapp /usr/bin/curl
"$bin/zapp-assemble" -q -o true0.rt.zapp true0
"$bin/zapp-assemble" -q -o curl.rt.zapp /usr/bin/curl
for n in true0 curl; do
	[ "$(readelf -dW "$n.rt.zapp/dynbin/$n" | grep -c 'NEEDED.*libzapp-rt')" != 0 ] ||
		bench_die "$n.rt.zapp/dynbin/$n does not load libzapp-rt.so.1"
done
launchers true0
launchers curl

bench_tsv launch-params prog label rounds per_round warmup libraries phoff
bench_tsv launch-syscalls prog variant syscalls
bench_tsv launch-jumploader-calls prog call count
for n in true0 curl; do
	args=()
	if [ $n = curl ]; then native=/usr/bin/curl args=(--version) label='curl --version'
	else native=$PWD/true0 label='trivial program (libc only)'; fi
	declare -A var=([native]=$native [jumploader]=$PWD/$n.zapp/bin/$n [redirect]=$PWD/$n.rt.zapp/bin/$n
		[execloader]=$PWD/$n.exec.zapp/bin/$n
		[shell]=$PWD/$n.sh.zapp/bin/$n [direct]=$PWD/$n.zapp/dynbin/$n)
	# the variants do the same before they are timed
	"$native" "${args[@]}" >expected.out
	for v in jumploader redirect execloader shell direct; do
		"${var[$v]}" "${args[@]}" >check.out || bench_die "$v: ${var[$v]} failed"
		cmp -s expected.out check.out || bench_die "$v: ${var[$v]} does not print what $native prints"
	done
	bench_say "$label: $((rounds * per)) launches per variant"
	bench_launch "launch-$n" -r "$rounds" -n "$per" -w "$warm" \
		native "$native" "${args[@]}" ::: \
		jumploader "${var[jumploader]}" "${args[@]}" ::: \
		redirect "${var[redirect]}" "${args[@]}" ::: \
		execloader "${var[execloader]}" "${args[@]}" ::: \
		shell "${var[shell]}" "${args[@]}" ::: \
		direct "${var[direct]}" "${args[@]}"
	for v in native jumploader redirect execloader shell direct; do
		bench_row launch-syscalls $n $v "$(syscalls "strace-$v.out" "${var[$v]}" "${args[@]}")"
	done
	awk -v n=$n '{ sub(/^[0-9]+ +/, "") } NR == 1 { next } /^brk\(/ { exit }
		{ c = $0; sub(/\(.*/, "", c); if (!(c in k)) o[++m] = c; k[c]++ }
		END { for (i = 1; i <= m; i++) printf "%s\t%s\t%d\n", n, o[i], k[o[i]] }' \
		strace-jumploader.out >>"$data/launch-jumploader-calls.tsv"
	phoff=$(readelf -hW "$n.zapp/dynbin/$n" | sed -n 's/.*Start of program headers: *\([0-9]*\).*/\1/p')
	bench_row launch-params $n "$label" "$rounds" "$per" "$warm" "$(($(ls "$n.zapp/lib" | wc -l) - 1))" "$phoff"

	# the same Zapp with the host's loader, as zapp-assemble wrote it
	# before it edited the loader
	cp -a "$n.zapp" "$n.today.zapp"
	cp --remove-destination "$(readlink -f /lib64/ld-linux-x86-64.so.2)" "$n.today.zapp/lib/ld-linux-x86-64.so.2"
	cmp -s "$n.zapp/lib/ld-linux-x86-64.so.2" "$n.today.zapp/lib/ld-linux-x86-64.so.2" &&
		bench_die "$n.zapp: its loader is the host's, not edited"
	"$n.today.zapp/bin/$n" "${args[@]}" >check.out && cmp -s expected.out check.out ||
		bench_die "today: $n.today.zapp/bin/$n does not print what $native prints"
	bench_say "$label: the host's loader against the edited one, $((rounds * per)) launches each"
	bench_launch "launch-$n-loader" -r "$rounds" -n "$per" -w "$warm" \
		today "$PWD/$n.today.zapp/bin/$n" "${args[@]}" ::: \
		hermetic "${var[jumploader]}" "${args[@]}"
	bench_row launch-syscalls $n today-loader "$(syscalls strace-today.out "$n.today.zapp/bin/$n" "${args[@]}")"
	bench_row launch-syscalls $n hermetic-loader "$(syscalls strace-hermetic.out "${var[jumploader]}" "${args[@]}")"
	bench_say "$label: hermetic/today $(awk -F'\t' '$1 == "hermetic" { print "wall " $9 " (rounds " $10 "-" $11 "), cpu " $14 " (rounds " $15 "-" $16 ")" }' "$data/launch-$n-loader.tsv")"
	unset var
done

# The trivial program built for i386 (gcc -m32), through jumploader-i386:
# native, jumploader and direct only (the other launchers are x86-64's).
if gcc -m32 -O2 -o true32 true0.c 2>/dev/null && ./true32; then
	ZAPP_JUMPLOADER=$B/lib/zapp/jumploader-i386 "$bin/zapp-assemble" -q --no-redirect -o true32.zapp true32 ||
		bench_die "zapp-assemble of the i386 true32 failed"
	true32.zapp/bin/true32 || bench_die "true32.zapp/bin/true32 failed"
	bench_say "trivial i386 program: $((rounds * per)) launches per variant"
	bench_launch launch-true32 -r "$rounds" -n "$per" -w "$warm" \
		native "$PWD/true32" ::: jumploader "$PWD/true32.zapp/bin/true32" ::: \
		direct "$PWD/true32.zapp/dynbin/true32"
	bench_row launch-syscalls true32 native "$(syscalls strace-native.out "$PWD/true32")"
	bench_row launch-syscalls true32 jumploader "$(syscalls strace-jumploader.out "$PWD/true32.zapp/bin/true32")"
	bench_row launch-syscalls true32 direct "$(syscalls strace-direct.out "$PWD/true32.zapp/dynbin/true32")"
	phoff=$(readelf -hW true32.zapp/dynbin/true32 | sed -n 's/.*Start of program headers: *\([0-9]*\).*/\1/p')
	bench_row launch-params true32 'trivial i386 program (gcc -m32, libc only)' "$rounds" "$per" "$warm" \
		"$(($(ls true32.zapp/lib | wc -l) - 1))" "$phoff"
else
	bench_say "no gcc -m32 here: no i386 launch"
fi
rm -rf ./*.zapp
