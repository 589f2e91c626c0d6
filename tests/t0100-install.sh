#!/bin/bash
# make install lays out the toolchain, and the installed toolchain is itself
# relocatable: its tools find their jumploader from their own location.
. "$(dirname "$0")/lib.sh"

test_expect_success 'make install puts the tools, the jumploader and the manuals in place' '
	make -s -C "$ZAPP_SRC" install DESTDIR="$TRASH/inst" PREFIX=/opt/zapp >install.log 2>&1 &&
	for f in bin/zapp-cc bin/zapp-c++ bin/zapp-ld bin/zapp-assemble bin/zapp-check bin/zapp-trace bin/zapp-dedup \
		lib/zapp/jumploader-x86_64 lib/zapp/jumploader-i386 lib/zapp/libzapp-rt.so.1 lib/zapp/single-x86_64 \
		share/man/man1/zapp-cc.1 share/man/man1/zapp-assemble.1 share/man/man1/zapp-check.1 \
		share/man/man1/zapp-trace.1 share/man/man1/zapp-dedup.1 \
		share/man/man7/zapp-jumploader.7; do
		test -f "inst/opt/zapp/$f" || fail "missing $f" || exit 1
	done &&
	expect_eq "" "$(find inst -type l)"
'

test_expect_success 'moved elsewhere, the installed zapp-assemble finds its jumploader' '
	mv inst/opt/zapp "moved toolchain" &&
	mkdir -p tree/bin &&
	printf "#include <stdio.h>\nint main(void){puts(\"moved ok\");return 0;}\n" >m.c &&
	"moved toolchain/bin/zapp-cc" -o tree/bin/m m.c &&
	PATH=/usr/bin:/bin "$TRASH/moved toolchain/bin/zapp-assemble" -q -o m.zapp tree &&
	# the launcher is that jumploader, stamped: the same less the stamp
	objcopy --remove-section .zapp_stamp "moved toolchain/lib/zapp/jumploader-x86_64" jl.unstamped &&
	objcopy --remove-section .zapp_stamp m.zapp/bin/m m.unstamped && cmp jl.unstamped m.unstamped &&
	expect_eq "moved ok" "$(m.zapp/bin/m)"
'

test_expect_success 'moved elsewhere, the installed zapp-assemble finds its redirection library; ZAPP_RT overrides it' '
	# a program that can exec: it gets the library
	printf "#include <unistd.h>\nint main(int c, char **v){if (c > 1) execv(v[1], v + 1);return 0;}\n" >e.c &&
	"moved toolchain/bin/zapp-cc" -o tree/bin/e e.c &&
	PATH=/usr/bin:/bin "$TRASH/moved toolchain/bin/zapp-assemble" -q -o r.zapp tree/bin/e &&
	cmp "moved toolchain/lib/zapp/libzapp-rt.so.1" r.zapp/lib/libzapp-rt.so.1 &&
	expect_eq "moved ok" "$(r.zapp/bin/e "$TRASH/tree/bin/m")" &&
	mv "moved toolchain/lib/zapp/libzapp-rt.so.1" my-rt &&
	test_must_fail_with 1 "moved toolchain/bin/zapp-assemble" -q -o y.zapp tree/bin/e 2>err &&
	expect_file_contains err "cannot find the run-time redirection library" &&
	test ! -e y.zapp &&
	ZAPP_RT=$TRASH/my-rt "moved toolchain/bin/zapp-assemble" -q -o y.zapp tree/bin/e &&
	cmp my-rt y.zapp/lib/libzapp-rt.so.1 &&
	mv my-rt "moved toolchain/lib/zapp/libzapp-rt.so.1"
'

test_expect_success 'ZAPP_JUMPLOADER overrides the jumploader; a missing one is a clear error' '
	cp "moved toolchain/lib/zapp/jumploader-x86_64" my-jl &&
	rm "moved toolchain/lib/zapp/jumploader-x86_64" &&
	test_must_fail_with 1 "moved toolchain/bin/zapp-assemble" -q -o x.zapp tree 2>err &&
	expect_file_contains err "cannot find the jumploader" &&
	test ! -e x.zapp &&
	ZAPP_JUMPLOADER=$TRASH/my-jl "moved toolchain/bin/zapp-assemble" -q -o x.zapp tree &&
	expect_eq "moved ok" "$(x.zapp/bin/m)"
'

test_expect_success 'every tool answers --help and --version' '
	for t in zapp-assemble zapp-check zapp-trace; do
		$t --help | grep -q "^Usage: $t" || exit 1
		$t --version | grep -E -q "^$t \(zapp\) [0-9]+\.[0-9]+\.[0-9]+$" || exit 1
	done &&
	zapp-cc --zapp-help | grep -q "^Usage: zapp-cc" &&
	zapp-ld --zapp-version | grep -q "^zapp-ld (zapp)"
'

test_done
