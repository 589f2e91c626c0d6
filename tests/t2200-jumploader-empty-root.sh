#!/bin/sh
# A Zapp needs nothing but the kernel and /proc: it runs in a root that
# holds only the Zapp, and without /proc it says what is missing.

. "$(dirname "$0")/lib.sh"
. "$ZAPP_SRC/tests/jumploader/lib-jumploader.sh"

# in_root NAME ZAPP: an otherwise empty root directory NAME holding ZAPP
# at /Z.
in_root() {
	rm -rf "$1" && mkdir "$1" && cp -a "$2" "$1/Z"
}

# check_root_run ROOT: what /Z/bin/showme saw, run in ROOT, is in out.
check_root_run() {
	expect_eq /Z/bin/showme "$(jl_field out "argv\[0\]")" argv0 &&
	expect_eq "in root" "$(jl_field out "argv\[1\]")" argv1 &&
	expect_eq /Z/bin/showme "$(jl_field out exe)" exe &&
	expect_eq / "$(jl_field out cwd)" cwd &&
	expect_eq ok "$(jl_field out auxv)" "aux vector" &&
	expect_eq "Z proc" "$(LC_ALL=C ls "$1" | tr "\n" " " | sed "s/ \$//")" "the root holds"
}

test_expect_success 'setup: glibc, C++, musl and static Zapps' '
	jl_make_zapp Zglibc showme gcc -O2 "$JL_SRC/showme.c" $JL_RPATH &&
	jl_make_zapp Zcxx showme g++ -O2 "$JL_SRC/showme-cxx.cc" $JL_RPATH &&
	jl_make_zapp Zmusl showme musl-gcc -O2 "$JL_SRC/showme.c" $JL_RPATH &&
	jl_make_zapp Zstatic showme gcc -O2 -static "$JL_SRC/showme.c"
'

test_expect_success ROOT 'a glibc Zapp runs in an empty root' '
	in_root r1 Zglibc &&
	run_in_empty_root r1 /Z/bin/showme "in root" --maps >out &&
	check_root_run r1 &&
	grep -q " /Z/lib/libc.so.6\$" out &&
	grep -q " /Z/lib/ld-linux-x86-64.so.2\$" out
'

test_expect_success ROOT 'a C++ Zapp runs in an empty root' '
	in_root r2 Zcxx &&
	run_in_empty_root r2 /Z/bin/showme --maps >out &&
	expect_eq /Z/bin/showme "$(jl_field out exe)" exe &&
	expect_eq "thrown through 3 frames" "$(jl_field out caught)" exception &&
	grep -q " /Z/lib/libstdc++.so.6\$" out
'

test_expect_success ROOT 'a musl Zapp runs in an empty root' '
	in_root r3 Zmusl &&
	run_in_empty_root r3 /Z/bin/showme "in root" --maps >out &&
	check_root_run r3 &&
	grep -q " /Z/lib/ld-musl-x86_64.so.1\$" out
'

test_expect_success ROOT 'a static Zapp runs in an empty root' '
	in_root r4 Zstatic &&
	run_in_empty_root r4 /Z/bin/showme "in root" >out &&
	check_root_run r4
'

test_expect_success ROOT 'a Zapp invoked through a relative path in the empty root' '
	in_root r5 Zglibc &&
	run_in_empty_root r5 Z/bin/showme "in root" >out &&
	expect_eq Z/bin/showme "$(jl_field out "argv\[0\]")" argv0 &&
	expect_eq /Z/bin/showme "$(jl_field out exe)" exe
'

test_expect_success ROOT 'a jumploader at the top of the root (its directory is /)' '
	rm -rf r7 && mkdir r7 &&
	cp Zglibc/bin/showme r7/showme && cp -a Zglibc/dynbin Zglibc/lib r7/ &&
	run_in_empty_root r7 /showme --maps >out &&
	expect_eq /showme "$(jl_field out exe)" exe &&
	grep -q " /dynbin/showme\$" out &&
	grep -q " /lib/libc.so.6\$" out
'

test_expect_success ROOT 'without /proc: 127, and says /proc is not mounted' '
	in_root r6 Zglibc &&
	chroot r6 /Z/bin/showme >out 2>err && status=0 || status=$?
	expect_eq 127 "$status" "exit status" &&
	echo "zapp: cannot find own location: /proc is not mounted" >want &&
	cmp want err &&
	! test -s out
'

test_done
