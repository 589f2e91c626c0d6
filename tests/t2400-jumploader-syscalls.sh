#!/bin/sh
# The jumploader's own start-up work stays small: the system calls it
# makes between the execve and the loader's first one are counted (strace
# -i: the jumploader's calls are those made from inside its image, a
# prefix of the trace), and may not grow.  The faccessat2 it checks the
# execute permission with has a fallback that still refuses.

. "$(dirname "$0")/lib.sh"
. "$ZAPP_SRC/tests/jumploader/lib-jumploader.sh"

REAL=$(pwd -P)

# What the jumploader may make at most, besides its mappings:
#   readlinkat of /proc/self/exe
#   program: newfstatat, openat, fstat, faccessat2, pread64 (first KiB),
#            close
#   loader:  newfstatat, openat, fstat, pread64 (first KiB), close
# and one more pread64 when the program headers lie beyond the first KiB.
# (The newfstatat lets the file type be checked before the file is
# opened: a device is never opened, t2500.)
JL_FIXED=12

if ! test_have_prereq STRACE; then
	skip_all="strace is missing or cannot trace here (Debian package strace)"
	test_done
fi

# poke64 FILE OFFSET VALUE: write VALUE as 8 little-endian bytes at OFFSET.
poke64() {
	local v=$3 i=0 bytes=
	while [ $i -lt 8 ]; do
		bytes="$bytes\\$(printf %03o $((v & 255)))"
		v=$((v >> 8)) i=$((i + 1))
	done
	printf "$bytes" | dd of="$1" bs=1 seek="$2" conv=notrunc 2>/dev/null
}

# loads FILE: "NLOAD NBSS": its PT_LOADs, and those with p_memsz > p_filesz.
loads() {
	readelf -lW "$1" | awk '$1 == "LOAD" { n++; if ($6 != $5) b++ }
		END { printf "%d %d\n", n, b }'
}

# jl_calls ZAPP_EXE TRACE: trace one launch into TRACE and write TRACE.jl,
# the jumploader's system calls, one per line.  They are told apart by
# their instruction pointer: every one lies in the jumploader's image
# (under 16 KiB), the first one after the execve included; the next call
# comes from the loader, whose reservation the trace shows.  Fails unless
# the trace is that shape and the loader goes on to open libc.so.6.
jl_calls() {
	strace -f -i -qq -o "$2" "$1" >/dev/null || return 1
	awk -v out="$2.jl" '
	function hex(s,   i, c, v) {
		v = 0
		for (i = 1; i <= length(s); i++) {
			c = index("0123456789abcdef", tolower(substr(s, i, 1)))
			if (c == 0) return -1
			v = v * 16 + c - 1
		}
		return v
	}
	{
		if (!match($0, /\[[0-9a-f]+\] /)) next
		ip = hex(substr($0, RSTART + 1, RLENGTH - 3))
		call = substr($0, RSTART + RLENGTH)
		if (state == 0) {
			if (call ~ /^execve\(/ && call ~ /= 0$/) state = 1
			next
		}
		if (state == 1) { first = ip; state = 2 }
		if (state == 2) {
			d = ip - first; if (d < 0) d = -d
			if (d < 16384) {
				print call >out
				if (call ~ /^mmap\(NULL, [0-9]+, PROT_NONE,/) {
					split(call, a, /[ ,]+/)
					res = call; sub(/.*= /, "", res)
					lo = hex(substr(res, 3)); hi = lo + a[2]
				}
				next
			}
			if (ip < lo || ip >= hi) { print "first call after the jumploader is not the loader'"'"'s: " call; bad = 1 }
			state = 3
			next
		}
		d = ip - first; if (d < 0) d = -d
		if (d < 16384) { print "the jumploader ran again: " call; bad = 1 }
		if (call ~ /^openat\(.*libc\.so\.6", /) libc = 1
	}
	END {
		if (state < 3) { print "the trace never left the jumploader"; bad = 1 }
		if (!libc) { print "the loader did not open libc.so.6"; bad = 1 }
		exit bad
	}' "$2" >&2
}

# check_budget TRACE EXTRA FILE...: the jumploader made at most JL_FIXED +
# EXTRA calls besides mapping ones, and at most 1 + NLOAD + 2 * NBSS
# mapping calls for each FILE it mapped.
check_budget() {
	local t=$1 extra=$2 f maps=0 n b other mapping
	shift 2
	for f in "$@"; do
		read -r n b <<-EOF
		$(loads "$f")
		EOF
		maps=$((maps + 1 + n + 2 * b))
	done
	mapping=$(grep -c -E '^(mmap|munmap|mprotect)\(' "$t.jl")
	other=$(grep -c -v -E '^(mmap|munmap|mprotect)\(' "$t.jl")
	say "# jumploader system calls: $((mapping + other)) ($other + $mapping mapping)"
	test "$other" -le $((JL_FIXED + extra)) &&
	test "$mapping" -le "$maps" || {
		printf 'FAIL: %s calls besides mappings (at most %s), %s mapping calls (at most %s):\n' \
			"$other" $((JL_FIXED + extra)) "$mapping" "$maps" >&2
		sed 's/^/| /' "$t.jl" >&2
		return 1
	}
}

test_expect_success 'setup: a hand-made Zapp and an assembled one' '
	jl_make_zapp Z showme gcc -O2 "$JL_SRC/showme.c" $JL_RPATH &&
	gcc -O2 -o showme "$JL_SRC/showme.c" &&
	zapp-assemble -q --glibc-pieces=none -o A.zapp ./showme &&
	Z/bin/showme >/dev/null && A.zapp/bin/showme >/dev/null
'

test_expect_success 'headers in the first KiB: one pread64 per file' '
	jl_calls Z/bin/showme trace &&
	check_budget trace 0 Z/dynbin/showme Z/lib/ld-linux-x86-64.so.2 &&
	expect_eq 2 "$(grep -c "^pread64(" trace.jl)" "pread64 calls"
'

test_expect_success 'the execute permission is checked on the descriptor' '
	expect_eq 1 "$(grep -c "^faccessat2([0-9]*, \"\", X_OK, AT_EMPTY_PATH)" trace.jl)" faccessat2 &&
	! grep -q "^faccessat(" trace.jl &&
	expect_eq 2 "$(grep -c "^close(" trace.jl)" "close calls"
'

test_expect_success 'program headers moved to the end of the file (assembled): one more pread64' '
	ph=$(readelf -hW A.zapp/dynbin/showme | sed -n "s/.*Start of program headers: *\([0-9]*\).*/\1/p") &&
	jl_calls A.zapp/bin/showme atrace &&
	check_budget atrace 1 A.zapp/dynbin/showme A.zapp/lib/ld-linux-x86-64.so.2 &&
	pr=$(grep -c "^pread64(" atrace.jl) &&
	phn=$(readelf -hW A.zapp/dynbin/showme | sed -n "s/.*Number of program headers: *\([0-9]*\).*/\1/p") &&
	if test $((ph + 56 * phn)) -gt 1024; then expect_eq 3 "$pr" "pread64 calls"; else expect_eq 2 "$pr" "pread64 calls"; fi
'

test_expect_success 'a PT_INTERP string beyond the first page is read on its own' '
	rm -rf I && cp -a Z I &&
	f=I/dynbin/showme && size=$(wc -c <"$f") &&
	off=$(( (size + 4095) / 4096 * 4096 + 4096 )) &&
	interp=$(jl_interp "$f") &&
	dd if=/dev/zero of="$f" bs=1 count=0 seek="$off" 2>/dev/null &&
	printf "%s\0" "$interp" >>"$f" &&
	ph=$(readelf -lW "$f" | awk "\$1 == \"Type\" { s = 1; next } s && \$1 == \"INTERP\" { print i + 0; exit } s { i++ }") &&
	phoff=$(readelf -hW "$f" | sed -n "s/.*Start of program headers: *\([0-9]*\).*/\1/p") &&
	poke64 "$f" $((phoff + 56 * ph + 8)) "$off" &&
	poke64 "$f" $((phoff + 56 * ph + 32)) $(( ${#interp} + 1 )) &&
	readelf -lW "$f" | grep -q "INTERP *0x0*$(printf %x "$off") " &&
	I/bin/showme >out &&
	expect_eq "$REAL/I/bin/showme" "$(jl_field out exe)" &&
	jl_calls I/bin/showme itrace &&
	expect_eq 3 "$(grep -c "^pread64(" itrace.jl)" "pread64 calls" &&
	grep -q "^pread64([0-9]*, \"$interp\\\\0\", $(( ${#interp} + 1 )), $off)" itrace.jl
'

# The jumploader's own memory.  A page of its .bss costs a page fault and
# the kernel's zeroing of the page on its first write; its buffers, each
# sized for the longest path and each on pages of its own, cost ten of
# them a launch.  Now they are carved one after the other from one arena,
# each taking only the bytes it needs: a static program started through
# its launcher faults at most 4 pages more than the same program started
# by the kernel (7 more before, 2 now, for glibc's static "nothing").  The fewest faults of 5
# launches each (from wait4's ru_minflt) are compared: the count of a
# launch is all but fixed; it is not a time.
test_expect_success 'its own memory costs a page fault or two, not one per buffer' '
	printf "int main(void) { return 0; }\n" >nothing.c &&
	jl_make_zapp T nothing gcc -O2 -static nothing.c &&
	T/bin/nothing && T/dynbin/nothing &&
	/usr/bin/python3 - T/dynbin/nothing T/bin/nothing >faults <<-\EOF &&
	import os, sys
	for p in sys.argv[1:]:
	    best = None
	    for _ in range(5):
	        pid = os.posix_spawn(p, [p], os.environ)
	        _, status, ru = os.wait4(pid, 0)
	        assert status == 0, p
	        best = ru.ru_minflt if best is None else min(best, ru.ru_minflt)
	    print(best)
	EOF
	{ read -r native && read -r launched; } <faults &&
	say "# page faults: $native started by the kernel, $launched through the launcher" &&
	test "$launched" -le $((native + 4)) || {
		echo "FAIL: $launched page faults through the launcher, $native without" >&2
		false
	}
'

for e in ENOSYS EINVAL EPERM; do
test_expect_success "without faccessat2 ($e): checked by path, still refused" '
	strace -f -qq -o ftrace -e inject=faccessat2:error='$e' Z/bin/showme >out &&
	expect_eq "$REAL/Z/bin/showme" "$(jl_field out exe)" &&
	grep -q "^[0-9]* *faccessat(AT_FDCWD, \"$REAL/Z/dynbin/showme\", X_OK) = 0" ftrace &&
	rm -rf N && cp -a Z N && chmod a-x N/dynbin/showme &&
	status=0 && strace -f -qq -o ftrace -e inject=faccessat2:error='$e' N/bin/showme >out 2>err || status=$? &&
	expect_eq 126 "$status" "exit status" &&
	expect_file_contains err "cannot run program '"'"'$REAL/N/dynbin/showme'"'"': Permission denied"
'
done

test_done
