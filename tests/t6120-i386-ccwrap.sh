#!/bin/sh
# zapp-cc -m32 and zapp-c++ -m32 link 32-bit x86 programs and libraries
# with the $ORIGIN rpath, as they do 64-bit ones (t1100): the example's
# recursive make, a library found through -L, the XORIGIN placeholder
# fixed in an ELFCLASS32 file to the byte, -static without one.

. "$(dirname "$0")/lib.sh"

if ! printf '#include <errno.h>\n#include <stdio.h>\nint main(void){return errno;}\n' >m.c ||
   ! gcc -m32 -o m32 m.c 2>/dev/null || ! ./m32; then
	skip_all="gcc -m32 cannot build and run a 32-bit C program here (gcc-12-multilib, linux-libc-dev:i386)"
	test_done
fi

# rpaths FILE: the DT_RPATH and DT_RUNPATH lines of FILE, as "TAG VALUE".
rpaths() {
	readelf -d "$1" | sed -n 's/.*(\(RPATH\|RUNPATH\)).*\[\(.*\)\]$/\1 \2/p'
}

# is_i386 FILE: FILE is a 32-bit x86 ELF file.
is_i386() {
	readelf -hW "$1" >h && grep -q "Class: *ELF32" h && grep -q "Machine: *Intel 80386" h ||
	fail "$1 is not a 32-bit x86 ELF file"
}

test_expect_success 'the example builds with CC="zapp-cc -m32" CXX="zapp-c++ -m32" and installs' '
	cp -r "$ZAPP_SRC/examples/hello" ex &&
	make -C ex CC="zapp-cc -m32" CXX="zapp-c++ -m32" >build.log 2>&1 &&
	make -C ex install DESTDIR="$TRASH/stage" >>build.log 2>&1
'

test_expect_success 'every linked ELF is i386 and carries exactly $ORIGIN/../lib as DT_RPATH' '
	n=0 &&
	for f in ex/src/*/hello ex/src/*/hello-helper ex/src/*/hello++ ex/src/*/*.so*; do
		[ -L "$f" ] && continue
		is_i386 "$f" || exit 1
		expect_eq "RPATH \$ORIGIN/../lib" "$(rpaths "$f")" "rpath of $f" || exit 1
		n=$((n + 1))
	done &&
	expect_eq 5 "$n" "linked ELF files checked"
'

test_expect_success 'the installed 32-bit programs find their library through $ORIGIN' '
	expect_eq "Hello from libgreet, world!" "$(stage/usr/local/bin/hello)" &&
	stage/usr/local/bin/hello++ abc >out &&
	printf "%s\n" "Hello from libgreet, abc!" "hello++ says: 3 letters" >want &&
	test_cmp want out &&
	mkdir -p "moved here" && cp -a stage/usr/local "moved here/" &&
	expect_eq "Hello from libgreet, moved!" "$("moved here/local/bin/hello" moved)"
'

test_expect_success 'a 32-bit library linked through -L, then found next to the program at run time' '
	printf "int f(void){return 32;}\n" >f.c &&
	mkdir -p inst/lib inst/bin &&
	zapp-cc -m32 -fPIC -shared -Wl,-soname,libf.so.1 -o inst/lib/libf.so.1 f.c &&
	ln -s libf.so.1 inst/lib/libf.so &&
	printf "int f(void); int main(void){return f();}\n" >usef.c &&
	zapp-cc -m32 -o inst/bin/usef usef.c -Linst/lib -lf &&
	is_i386 inst/bin/usef && is_i386 inst/lib/libf.so.1 &&
	expect_eq "RPATH \$ORIGIN/../lib" "$(rpaths inst/bin/usef)" &&
	expect_eq "RPATH \$ORIGIN/../lib" "$(rpaths inst/lib/libf.so.1)" &&
	test_must_fail_with 32 inst/bin/usef
'

test_expect_success 'the fix of an ELFCLASS32 file touches only the X of XORIGIN' '
	zapp-cc -m32 -c m.c -o m.o &&
	zapp-cc -m32 m.o -o fixed &&
	ZAPP_DISABLE=1 zapp-cc -m32 m.o -Wl,--disable-new-dtags,-rpath,XORIGIN/../lib -o unfixed &&
	is_i386 fixed &&
	cmp -l fixed unfixed >diff || true &&
	expect_eq 1 "$(wc -l <diff)" "differing bytes" &&
	read off a b <diff &&
	expect_eq "44 130" "$a $b" "the byte: \$ (octal 44) against X (octal 130)"
'

test_lazy_prereq STATIC32 'printf "int main(void){return 0;}\n" >s.c && gcc -m32 -static -o s32 s.c && ./s32'

test_expect_success STATIC32 'a -m32 -static program gets no rpath and no dynamic section' '
	zapp-cc -m32 -static m.o -o st &&
	is_i386 st &&
	readelf -d st >d 2>&1 &&
	expect_file_contains d "There is no dynamic section" &&
	./st
'

test_done
