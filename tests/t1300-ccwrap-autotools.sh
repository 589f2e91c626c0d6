#!/bin/bash
# A real autotools package, as a user builds it: Debian's GNU hello source,
# CC=zapp-cc ./configure && make.  gnulib, recursive make, config tests.
. "$(dirname "$0")/lib.sh"

if ! src=$(sh "$ZAPP_SRC/tests/fetch-source.sh" hello 2>reason); then
	skip_all="Debian source of hello not available: $(cat reason)"
	test_done
fi

test_expect_success 'CC=zapp-cc ./configure && make builds GNU hello' '
	cp -a "$src" hello &&
	cd hello &&
	{ CC=zapp-cc ./configure --prefix=/usr/local >../configure.log 2>&1 ||
		{ tail -n 20 ../configure.log; false; }; } &&
	{ make -j2 >../make.log 2>&1 || { tail -n 20 ../make.log; false; }; } &&
	test -x hello
'

test_expect_success 'its hello carries the $ORIGIN rpath and still greets' '
	readelf -d hello/hello >d &&
	expect_file_contains d "Library rpath: [\$ORIGIN/../lib]" &&
	expect_file_lacks d XORIGIN &&
	expect_eq "Hello, world!" "$(hello/hello)"
'

test_expect_success 'configure saw a working compiler: its tests compiled and linked' '
	grep -q "checking whether the C compiler works... yes" configure.log
'

test_done
