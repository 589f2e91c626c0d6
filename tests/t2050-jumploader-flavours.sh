#!/bin/sh
# Every kind of program a Zapp may hold runs through the jumploader: PIE,
# non-PIE at fixed addresses, static, static-pie, C++ on libstdc++, and
# musl, dynamic or static; the kernel's loading rules are kept (bss,
# executable stack, large p_align).

. "$(dirname "$0")/lib.sh"
. "$ZAPP_SRC/tests/jumploader/lib-jumploader.sh"

REAL=$(pwd -P)
SHOWME=$JL_SRC/showme.c

# check_run ZAPP: run ZAPP/bin/showme --maps into out, and check what every
# flavour must show: argv[0], /proc/self/exe, comm and the aux vector.
check_run() {
	"$1/bin/showme" --maps >out &&
	expect_eq "$1/bin/showme" "$(jl_field out "argv\[0\]")" argv0 &&
	expect_eq "$REAL/$1/bin/showme" "$(jl_field out exe)" exe &&
	expect_eq showme "$(jl_field out comm)" comm &&
	expect_eq ok "$(jl_field out auxv)" "aux vector ($(grep ^auxv out))"
}

# loader_start ZAPP LOADER: where ZAPP/lib/LOADER is mapped, per out.
loader_start() {
	grep " $REAL/$1/lib/$2\$" out | head -n 1 | cut -d- -f1 | sed "s/^0*/0x/"
}

test_expect_success 'non-PIE (ET_EXEC at 0x400000)' '
	jl_make_zapp Znopie showme gcc -O2 -no-pie "$SHOWME" $JL_RPATH &&
	readelf -hW Znopie/dynbin/showme | grep -q "Type: *EXEC" &&
	check_run Znopie &&
	grep -q "^00400000-[0-9a-f]* r..p 00000000 .* $REAL/Znopie/dynbin/showme\$" out &&
	expect_eq "$(loader_start Znopie ld-linux-x86-64.so.2)" "$(jl_field out at_base)" AT_BASE
'

test_expect_success 'static (no loader, no lib/)' '
	jl_make_zapp Zstatic showme gcc -O2 -static "$SHOWME" &&
	test -z "$(jl_interp Zstatic/dynbin/showme)" &&
	! test -e Zstatic/lib &&
	check_run Zstatic &&
	expect_eq 0 "$(jl_field out at_base)" AT_BASE &&
	grep -q "^00400000-.* $REAL/Zstatic/dynbin/showme\$" out
'

test_expect_success 'static-pie (entered at its own e_entry, AT_BASE 0)' '
	jl_make_zapp Zstaticpie showme gcc -O2 -static-pie "$SHOWME" &&
	readelf -hW Zstaticpie/dynbin/showme | grep -q "Type: *DYN" &&
	test -z "$(jl_interp Zstaticpie/dynbin/showme)" &&
	check_run Zstaticpie &&
	expect_eq 0 "$(jl_field out at_base)" AT_BASE
'

test_expect_success 'C++ on the Zapp'"'"'s libstdc++, exceptions unwinding' '
	jl_make_zapp Zcxx showme g++ -O2 "$JL_SRC/showme-cxx.cc" $JL_RPATH &&
	test -f Zcxx/lib/libstdc++.so.6 &&
	Zcxx/bin/showme --maps >out &&
	expect_eq Zcxx/bin/showme "$(jl_field out "argv\[0\]")" argv0 &&
	expect_eq "$REAL/Zcxx/bin/showme" "$(jl_field out exe)" exe &&
	expect_eq "thrown through 3 frames" "$(jl_field out caught)" exception &&
	grep -q " $REAL/Zcxx/lib/libstdc++.so.6\$" out &&
	grep -q " $REAL/Zcxx/lib/libgcc_s.so.1\$" out
'

test_expect_success 'musl, dynamically linked, on its bundled ld-musl' '
	jl_make_zapp Zmusl showme musl-gcc -O2 "$SHOWME" $JL_RPATH &&
	expect_eq /lib/ld-musl-x86_64.so.1 "$(jl_interp Zmusl/dynbin/showme)" PT_INTERP &&
	test -f Zmusl/lib/ld-musl-x86_64.so.1 &&
	check_run Zmusl &&
	grep -q " $REAL/Zmusl/lib/ld-musl-x86_64.so.1\$" out &&
	! grep -q " /lib/\| /usr/lib/" out &&
	expect_eq "$(loader_start Zmusl ld-musl-x86_64.so.1)" "$(jl_field out at_base)" AT_BASE
'

test_expect_success 'musl, statically linked' '
	jl_make_zapp Zmuslstatic showme musl-gcc -O2 -static "$SHOWME" &&
	test -z "$(jl_interp Zmuslstatic/dynbin/showme)" &&
	check_run Zmuslstatic &&
	expect_eq 0 "$(jl_field out at_base)" AT_BASE
'

for flavour in "pie gcc" "nopie gcc -no-pie" "static gcc -static" \
	       "staticpie gcc -static-pie" "musl musl-gcc"; do
	name=${flavour%% *} compile=${flavour#* }
	rpath=$JL_RPATH
	case $name in static*) rpath= ;; esac
	test_expect_success "the bss is zero and writable ($name)" '
		jl_make_zapp Zbss$name bss $compile -O2 "$JL_SRC/bss.c" $rpath &&
		Zbss$name/bin/bss >out &&
		echo "data=42 bss=zero" >want &&
		cmp want out
	'
done

test_expect_success 'a program linked with -z execstack gets an executable stack' '
	jl_make_zapp Zexecstack showme gcc -O2 -Wl,-z,execstack "$SHOWME" $JL_RPATH &&
	readelf -lW Zexecstack/dynbin/showme | grep GNU_STACK | grep -q RWE &&
	check_run Zexecstack &&
	grep -q "rwxp .* \[stack\]\$" out &&
	jl_make_zapp Znoexecstack showme gcc -O2 "$SHOWME" $JL_RPATH &&
	check_run Znoexecstack &&
	grep -q "rw-p .* \[stack\]\$" out
'

test_expect_success 'a PIE with 2 MiB p_align is placed 2 MiB-aligned' '
	jl_make_zapp Zalign showme gcc -O2 -Wl,-z,max-page-size=0x200000 "$SHOWME" $JL_RPATH &&
	readelf -lW Zalign/dynbin/showme | grep LOAD | grep -q "0x200000\$" &&
	for i in 1 2 3; do
		check_run Zalign &&
		start=$(grep " $REAL/Zalign/dynbin/showme\$" out | head -n 1 | cut -d- -f1) &&
		expect_eq 0 $((0x$start % 0x200000)) "offset of 0x$start in 2 MiB" || exit 1
	done
'

test_lazy_prereq UNLIMITED_STACK '(ulimit -s unlimited)'
test_expect_success UNLIMITED_STACK 'the legacy address space layout (unlimited stack)' '
	(ulimit -s unlimited && check_run Znoexecstack) &&
	(ulimit -s unlimited && check_run Znopie) &&
	grep -q "^00400000-.* $REAL/Znopie/dynbin/showme\$" out &&
	(ulimit -s unlimited && check_run Zmusl)
'

test_lazy_prereq SETARCH_R 'setarch -R true'
test_expect_success SETARCH_R 'without address randomisation (setarch -R)' '
	for z in Znoexecstack Znopie Zstatic Zmusl; do
		setarch -R $z/bin/showme >out &&
		expect_eq "$REAL/$z/bin/showme" "$(jl_field out exe)" "$z: exe" &&
		expect_eq ok "$(jl_field out auxv)" "$z: aux vector" || exit 1
	done
'

test_done
