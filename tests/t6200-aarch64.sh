#!/bin/sh
# AArch64 from this x86-64 machine: a program built with Debian's cross
# compiler through zapp-cc, and Debian's arm64 curl from a root of its
# packages (tests/fetch-debs.sh), assembled with --sysroot; the Zapp has
# jumploader-aarch64 as its launchers and names its machine; it runs under
# qemu-user moved to a path with spaces and in an empty root (qemu copied
# in): curl --version, argv[0], /proc/self/exe as qemu reports it, the
# exit status and a death by signal; mixing it with an x86-64 program is
# an error.

. "$(dirname "$0")/lib.sh"
. "$ZAPP_SRC/tests/empty-root.sh"

QEMU=$(command -v qemu-aarch64-static)
if ! test -x "$ZAPP_BUILD/lib/zapp/jumploader-aarch64"; then
	skip_all="no jumploader-aarch64 (install gcc-aarch64-linux-gnu and rebuild)"
elif test -z "$QEMU"; then
	skip_all="no qemu-aarch64-static (package qemu-user-static)"
elif ! command -v aarch64-linux-gnu-gcc >/dev/null; then
	skip_all="no aarch64-linux-gnu-gcc (package gcc-aarch64-linux-gnu)"
elif ! R=$(sh "$ZAPP_SRC/tests/fetch-debs.sh" curl-arm64 arm64 curl 2>"$TRASH/fetch.err"); then
	skip_all="no Debian arm64 packages here: $(cat "$TRASH/fetch.err")"
fi
if test -n "$skip_all"; then
	test_done
fi

test_expect_success 'setup: a program built for AArch64 with zapp-cc, linked with the root'"'"'s zlib' '
	cat >p.c <<-\EOF &&
	#include <signal.h>
	#include <stdio.h>
	#include <string.h>
	#include <unistd.h>
	#include <zlib.h>
	int main(int argc, char **argv)
	{
		char exe[4096];
		ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
		exe[n > 0 ? n : 0] = 0;
		if (argc > 1 && strcmp(argv[1], "die") == 0)
			raise(SIGTERM);
		printf("argv0=%s exe=%s zlib=%s argc=%d\n", argv[0], exe, zlibVersion(), argc);
		return 3;
	}
	EOF
	ZAPP_CC=aarch64-linux-gnu-gcc zapp-cc -O2 -o p p.c "$R/lib/aarch64-linux-gnu/libz.so.1" &&
	file p | grep -q "ARM aarch64" &&
	rpath_of p | grep -qx "RPATH \$ORIGIN/../lib"
'

test_expect_success 'assembled with --sysroot: AArch64 launchers, the root'"'"'s loader and libraries' '
	zapp-assemble -q -o Z --sysroot "$R" ./p "$R/usr/bin/curl" &&
	file Z/bin/curl | grep -q "ARM aarch64" &&
	aarch64-linux-gnu-objcopy --remove-section .zapp_stamp Z/bin/curl j1 &&
	aarch64-linux-gnu-objcopy --remove-section .zapp_stamp "$ZAPP_BUILD/lib/zapp/jumploader-aarch64" j2 &&
	cmp j1 j2 &&
	test -f Z/lib/ld-linux-aarch64.so.1 && test -f Z/lib/libcurl.so.4 &&
	zapp-check Z >out && grep -q "^Z: ok: AArch64, 2 programs" out &&
	mv Z "$TRASH/moved zapp"
'

test_expect_success 'under qemu-user, moved: curl --version, and the program with its argv[0] and /proc/self/exe' '
	"$QEMU" "$TRASH/moved zapp/bin/curl" --version >out &&
	head -n 1 out | grep -q "^curl 7[.0-9]* (aarch64-unknown-linux-gnu)" &&
	test_must_fail_with 3 "$QEMU" "$TRASH/moved zapp/bin/p" a "b c" >out &&
	expect_eq "argv0=$TRASH/moved zapp/bin/p exe=$TRASH/moved zapp/bin/p zlib=1.2.13 argc=3" "$(cat out)" "the program" &&
	(cd "moved zapp" && test_must_fail_with 3 "$QEMU" bin/p >../out) &&
	grep -q "^argv0=bin/p exe=$TRASH/moved zapp/bin/p " out
'

test_expect_success 'a death by signal comes through' '
	test_must_fail_with 143 "$QEMU" "$TRASH/moved zapp/bin/p" die
'

test_expect_success ROOT 'in an empty root, with qemu copied in' '
	mkdir -p root && cp -a "moved zapp" "root/a zapp" && cp "$QEMU" root/qemu &&
	run_in_empty_root root /qemu "/a zapp/bin/curl" --version >out &&
	head -n 1 out | grep -q "^curl 7[.0-9]* (aarch64-unknown-linux-gnu)" &&
	test_must_fail_with 3 run_in_empty_root root /qemu "/a zapp/bin/p" x >out &&
	grep -q "^argv0=/a zapp/bin/p exe=/a zapp/bin/p zlib=" out
'

test_expect_success 'an AArch64 program and an x86-64 one do not go in one Zapp' '
	test_must_fail_with 1 zapp-assemble -q -o M --sysroot "$R" ./p /usr/bin/true 2>err &&
	grep -q "architecture mismatch" err && test ! -e M
'

test_done
