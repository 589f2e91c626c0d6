#!/bin/sh
# What is particular to the 32-bit x86 jumploader: non-PIE programs at
# 0x8048000, static and static-pie programs, the loader mapped above
# 2 GiB (a negative long on i386), C++ exceptions, the environment of the
# stamp (a new stack built below the old one), files of the wrong class
# or machine refused in its own words, and the system calls it makes
# (int $0x80 numbers: mmap2, fstat64, pread64 with its offset in two
# halves).

JL_ARCH=i386
. "$(dirname "$0")/lib.sh"

if ! printf '#include <errno.h>\n#include <stdio.h>\nint main(void){return errno;}\n' >m32.c ||
   ! gcc -m32 -o m32 m32.c 2>/dev/null || ! ./m32; then
	skip_all="gcc -m32 cannot build and run a 32-bit C program here (gcc-12-multilib, linux-libc-dev:i386)"
	test_done
fi

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

# loader_start ZAPP: where ZAPP/lib/ld-linux.so.2 is mapped, per out.
loader_start() {
	grep " $REAL/$1/lib/ld-linux.so.2\$" out | head -n 1 | cut -d- -f1 | sed "s/^0*/0x/"
}

test_expect_success 'the jumploader is a 32-bit x86 static-pie' '
	readelf -hW "$JL" >h &&
	grep -q "Class: *ELF32" h && grep -q "Machine: *Intel 80386" h && grep -q "Type: *DYN" h
'

test_expect_success 'PIE: the loader is mapped above 2 GiB, where the kernel puts it, and AT_BASE says so' '
	jl_make_zapp Zpie showme gcc -m32 -O2 "$SHOWME" $JL_RPATH &&
	check_run Zpie &&
	base=$(loader_start Zpie) &&
	expect_eq "$base" "$(jl_field out at_base)" AT_BASE &&
	test $((base)) -ge $((0x80000000)) || fail "the loader at $base, below 2 GiB"
'

test_expect_success 'non-PIE (ET_EXEC at 0x8048000)' '
	jl_make_zapp Znopie showme gcc -m32 -O2 -no-pie "$SHOWME" $JL_RPATH &&
	readelf -hW Znopie/dynbin/showme | grep -q "Type: *EXEC" &&
	check_run Znopie &&
	grep -q "^08048000-[0-9a-f]* r..p 00000000 .* $REAL/Znopie/dynbin/showme\$" out &&
	expect_eq "$(loader_start Znopie)" "$(jl_field out at_base)" AT_BASE
'

test_expect_success 'static (no loader, no lib/)' '
	jl_make_zapp Zstatic showme gcc -m32 -O2 -static "$SHOWME" &&
	test -z "$(jl_interp Zstatic/dynbin/showme)" &&
	! test -e Zstatic/lib &&
	check_run Zstatic &&
	expect_eq 0 "$(jl_field out at_base)" AT_BASE
'

test_expect_success 'static-pie (entered at its own e_entry, AT_BASE 0)' '
	jl_make_zapp Zstaticpie showme gcc -m32 -O2 -static-pie "$SHOWME" &&
	readelf -hW Zstaticpie/dynbin/showme | grep -q "Type: *DYN" &&
	check_run Zstaticpie &&
	expect_eq 0 "$(jl_field out at_base)" AT_BASE
'

test_expect_success 'C++ on the Zapp'"'"'s 32-bit libstdc++, exceptions unwinding' '
	jl_make_zapp Zcxx showme g++ -m32 -O2 "$JL_SRC/showme-cxx.cc" $JL_RPATH &&
	test -f Zcxx/lib/libstdc++.so.6 &&
	Zcxx/bin/showme --maps >out &&
	expect_eq "$REAL/Zcxx/bin/showme" "$(jl_field out exe)" exe &&
	expect_eq "thrown through 3 frames" "$(jl_field out caught)" exception &&
	grep -q " $REAL/Zcxx/lib/libstdc++.so.6\$" out
'

test_expect_success 'an x86-64 program or loader is refused in the 32-bit words' '
	rm -rf W && cp -a Zpie W && gcc -O2 -o W/dynbin/showme "$SHOWME" &&
	refused 126 "zapp: showme: cannot run program '"'"'$REAL/W/dynbin/showme'"'"': not a 32-bit ELF file" W/bin/showme &&
	cp Zpie/dynbin/showme W/dynbin/showme &&
	printf "\076\000" | dd of=W/dynbin/showme bs=1 seek=18 conv=notrunc 2>/dev/null &&
	refused 126 "zapp: showme: cannot run program '"'"'$REAL/W/dynbin/showme'"'"': wrong architecture (ELF machine 62, expected 3 for i386)" W/bin/showme &&
	cp Zpie/dynbin/showme W/dynbin/showme &&
	cp -L /lib64/ld-linux-x86-64.so.2 W/lib/ld-linux.so.2 &&
	refused 126 "zapp: showme: cannot run loader '"'"'$REAL/W/lib/ld-linux.so.2'"'"': not a 32-bit ELF file" W/bin/showme
'

test_expect_success 'zapp-assemble stamps it: a renamed launcher and the environment of --env' '
	mkdir -p st/bin && gcc -m32 -O2 -o st/bin/showme "$SHOWME" &&
	zapp-assemble -q --env "JL_TOP=\$ZAPP/top" --env JL_SET=new -o E.zapp st &&
	cp E.zapp/bin/showme E.zapp/bin/other &&
	JL_SET=old E.zapp/bin/other --env=env.out >out &&
	expect_eq "$REAL/E.zapp/bin/other" "$(jl_field out exe)" exe &&
	tr "\0" "\n" <env.out >env.txt &&
	expect_file_contains env.txt "JL_TOP=$REAL/E.zapp/top" &&
	expect_file_contains env.txt "JL_SET=old" &&
	expect_eq ok "$(jl_field out auxv)" "aux vector on the new stack"
'

test_expect_success STRACE 'its system calls are the i386 ones: mmap2, fstat64, pread64' '
	strace -f -o trace Zpie/bin/showme >out &&
	expect_eq 1 "$(grep -c "execve" trace)" "execve calls" &&
	sed -n "1,/ld-linux.so.2/p" trace >jl.trace &&
	grep -q "^[0-9]* *fstatat64(AT_FDCWD, \"[^\"]*/dynbin/showme\", {st_mode=S_IFREG" jl.trace &&
	grep -q "^[0-9]* *fstat64(3, {st_mode=S_IFREG" jl.trace &&
	grep -q "^[0-9]* *pread64(3, \"\\\\177ELF\\\\1" jl.trace &&
	grep -q "^[0-9]* *mmap2(NULL, [0-9]*, PROT_NONE, MAP_PRIVATE|MAP_ANONYMOUS|MAP_NORESERVE, -1, 0)" trace
'

test_done
