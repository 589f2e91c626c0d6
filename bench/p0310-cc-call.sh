#!/bin/bash
# bench/p0310-cc-call.sh [full|quick]: what one compiler call costs through
# zapp-cc, the way a build calls it ($ZAPP_BUILD/bin/zapp-cc), against the
# compiler called directly; N calls each, interleaved (bench/spawnloop).
#
#   cc-compile   gcc -c one.c               against zapp-cc -c one.c
#   cc-link      gcc -o one one.c           against zapp-cc -o one one.c
#   cc-alone     the wrapper's own cost, the compiler being true(1):
#                true, execstub true (bench/execstub.c: one execve of a
#                tiny static program, the least a wrapper can cost) and
#                zapp-cc -c one.c with ZAPP_CC=true
#
# Data:
#   cc-compile.tsv, cc-link.tsv, cc-alone.tsv   spawnloop summaries (and
#                -samples.tsv), one row per variant
#   cc-syscalls.tsv  call, variant, system calls, execve calls, failed ones
#                (strace -f, one call)
#   cc-params.tsv    calls (per variant), the wrapper's program
#                interpreter and DT_NEEDED ("static" if none), its size
. "${0%/*}/lib.sh"
bench_need strace

rounds=$(bench_pick 10 2) per=$(bench_pick 30 10) warm=5
printf 'int main(void) { return 0; }\n' >one.c
gcc=$(type -P gcc) true=$(type -P true)

bench_say "compile only: $((rounds * per)) calls each"
ZAPP_CC=gcc bench_launch cc-compile -r "$rounds" -n "$per" -w "$warm" \
	gcc "$gcc" -c -o one-gcc.o one.c ::: \
	zapp-cc "$bin/zapp-cc" -c -o one-zapp.o one.c
bench_say "link: $((rounds * per)) calls each"
ZAPP_CC=gcc bench_launch cc-link -r "$rounds" -n "$per" -w "$warm" \
	gcc "$gcc" -o one-gcc one.c ::: \
	zapp-cc "$bin/zapp-cc" -o one-zapp one.c
[ -z "$(readelf -dW one-gcc | grep -e '(RPATH)' -e '(RUNPATH)')" ] || bench_die "gcc's output has a search path"
[ "$(readelf -dW one-zapp | sed -n 's/.*(RPATH).*\[\(.*\)\]$/\1/p')" = '$ORIGIN/../lib' ] ||
	bench_die "zapp-cc's output does not have the rpath \$ORIGIN/../lib"
bench_say "the wrapper alone: $((rounds * per * 2)) calls each"
ZAPP_CC=$true bench_launch cc-alone -r "$((rounds * 2))" -n "$per" -w "$warm" \
	true "$true" -c -o one-true.o one.c ::: \
	execstub "$tools/execstub" "$true" -c -o one-true.o one.c ::: \
	zapp-cc "$bin/zapp-cc" -c -o one-true.o one.c

# calls VARIANT CMD...: one call under strace -f
calls() {
	local v=$1 f
	shift
	f=strace-$v.out
	strace -f -qq -o "$f" "$@" >/dev/null 2>&1 || bench_die "$* failed under strace"
	printf '%s\t%s\t%s\n' "$(grep -vc -e '+++ exited' -e '--- SIG' "$f")" "$(grep -c ' execve(' "$f")" \
		"$(grep -c ' execve(.* = -1 ' "$f" || true)"
}
bench_tsv cc-syscalls call variant syscalls execve execve_failed
for v in gcc zapp-cc; do
	c=$gcc
	[ $v = gcc ] || c=$bin/zapp-cc
	bench_row cc-syscalls compile $v "$(ZAPP_CC=gcc calls $v-c "$c" -c -o one-x.o one.c)"
	bench_row cc-syscalls link $v "$(ZAPP_CC=gcc calls $v-l "$c" -o one-x one.c)"
done
bench_row cc-syscalls alone true "$(calls true "$true" -c -o one-x.o one.c)"
bench_row cc-syscalls alone execstub "$(calls execstub "$tools/execstub" "$true" -c -o one-x.o one.c)"
bench_row cc-syscalls alone zapp-cc "$(ZAPP_CC=$true calls zapp-cc "$bin/zapp-cc" -c -o one-x.o one.c)"

interp=$(readelf -lW "$bin/zapp-cc" | sed -n 's/.*Requesting program interpreter: \(.*\)]$/\1/p')
needed=$(readelf -dW "$bin/zapp-cc" | sed -n 's/.*(NEEDED).*\[\(.*\)\]$/\1/p' | tr '\n' ' ' | sed 's/ $//')
bench_tsv cc-params calls interpreter needed bytes
bench_row cc-params $((rounds * per)) "${interp:-none}" "${needed:-static}" "$(stat -L -c %s "$bin/zapp-cc")"
