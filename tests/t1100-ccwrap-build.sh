#!/bin/bash
# Real builds through zapp-cc and zapp-c++: the recursive-make example, C++,
# shared and static links, failures passed through, XORIGIN fixed precisely.
. "$(dirname "$0")/lib.sh"

# rpaths FILE: the DT_RPATH and DT_RUNPATH lines of FILE, as "TAG VALUE".
rpaths() {
	readelf -d "$1" | sed -n 's/.*(\(RPATH\|RUNPATH\)).*\[\(.*\)\]$/\1 \2/p'
}

test_expect_success 'the example builds by three levels of recursive make with CC=zapp-cc' '
	cp -r "$ZAPP_SRC/examples/hello" ex &&
	make -C ex CC=zapp-cc CXX=zapp-c++ >build.log 2>&1 &&
	make -C ex install DESTDIR="$TRASH/stage" >>build.log 2>&1 &&
	grep -c "Entering directory" build.log >levels &&
	grep -q "Entering directory .*/ex/src/lib" build.log
'

test_expect_success 'every linked ELF carries exactly $ORIGIN/../lib as DT_RPATH' '
	n=0 &&
	for f in ex/src/*/hello ex/src/*/hello-helper ex/src/*/hello++ ex/src/*/*.so*; do
		[ -L "$f" ] && continue
		expect_eq "RPATH \$ORIGIN/../lib" "$(rpaths "$f")" "rpath of $f" || exit 1
		n=$((n + 1))
	done &&
	expect_eq 5 "$n" "linked ELF files checked"
'

test_expect_success 'no ELF keeps XORIGIN in its search path' '
	for f in $(find ex stage -type f); do
		rpaths "$f" 2>/dev/null | grep XORIGIN && exit 1
	done; true
'

test_expect_success 'a string literal "XORIGIN" in the program still prints unchanged' '
	expect_eq XORIGIN "$(stage/usr/local/bin/hello --literal)"
'

test_expect_success 'the installed programs find their library through $ORIGIN' '
	expect_eq "Hello from libgreet, world!" "$(stage/usr/local/bin/hello)" &&
	stage/usr/local/bin/hello++ abc >out &&
	printf "%s\n" "Hello from libgreet, abc!" "hello++ says: 3 letters" >want &&
	cmp want out
'

test_expect_success 'the fix touches only the X of XORIGIN: compare with an unfixed link' '
	printf "int main(void){return 0;}\n" >m.c &&
	zapp-cc -c m.c -o m.o &&
	zapp-cc m.o -o fixed &&
	ZAPP_DISABLE=1 zapp-cc m.o -Wl,--disable-new-dtags,-rpath,XORIGIN/../lib -o unfixed &&
	cmp -l fixed unfixed >diff || true &&
	expect_eq 1 "$(wc -l <diff)" "differing bytes" &&
	read off a b <diff &&
	expect_eq "44 130" "$a $b" "the byte: \$ (octal 44) against X (octal 130)"
'

test_expect_success 'XORIGIN the user put in LDFLAGS is fixed too, RUNPATH or RPATH' '
	zapp-cc m.o -Wl,-rpath,XORIGIN/../share/lib -o two &&
	expect_eq "RPATH \$ORIGIN/../share/lib:\$ORIGIN/../lib" "$(rpaths two)" &&
	ZAPP_DISABLE=1 zapp-cc m.o -Wl,--enable-new-dtags,-rpath,XORIGIN/x -o rp &&
	expect_eq "RUNPATH XORIGIN/x" "$(rpaths rp)" &&
	zapp-cc m.o -Wl,--enable-new-dtags,-rpath,XORIGIN/x -o rp2 &&
	expect_eq "RPATH \$ORIGIN/x:\$ORIGIN/../lib" "$(rpaths rp2)"
'

test_expect_success 'a -shared library gets the rpath' '
	zapp-cc -fPIC -shared -o libm1.so m.c &&
	expect_eq "RPATH \$ORIGIN/../lib" "$(rpaths libm1.so)"
'

test_expect_success 'a -static program gets no rpath and no dynamic section' '
	zapp-cc -static m.o -o st &&
	readelf -d st >d 2>&1 &&
	expect_file_contains d "There is no dynamic section" &&
	./st
'

test_expect_success 'a partial link (-r) stays an object without rpath' '
	zapp-cc -r m.o -o part.o &&
	readelf -h part.o | grep -q "REL (Relocatable file)" &&
	test -z "$(readelf -d part.o 2>/dev/null | grep -i path)"
'

test_expect_success 'a failing compile: status and stderr pass through unchanged' '
	printf "int main(void){ return undeclared; }\n" >bad.c &&
	status=0; gcc -c bad.c -o bad.o 2>want.err || status=$? &&
	zstatus=0; zapp-cc -c bad.c -o bad.o 2>got.err || zstatus=$? &&
	expect_eq "$status" "$zstatus" "exit status" &&
	test "$status" -ne 0 &&
	cmp want.err got.err
'

test_expect_success 'a failing link: status and stderr pass through, no output fixed' '
	printf "int f(void); int main(void){ return f(); }\n" >undef.c &&
	status=0; gcc undef.c -o u1 2>want.err || status=$? &&
	zstatus=0; zapp-cc undef.c -o u2 2>got.err || zstatus=$? &&
	expect_eq "$status" "$zstatus" "exit status" &&
	test ! -e u2 &&
	sed "s/u1/u2/g; s/\/tmp\/cc[A-Za-z0-9]*\.o/TMP/g" want.err >want.norm &&
	sed "s/\/tmp\/cc[A-Za-z0-9]*\.o/TMP/g" got.err >got.norm &&
	cmp want.norm got.norm
'

test_expect_success 'a real tool killed by a signal: the wrapper dies of the same signal' '
	printf "#!/bin/sh\nkill -TERM \$\$\n" >killer && chmod +x killer &&
	status=0; ZAPP_CC=$TRASH/killer zapp-cc m.o -o x || status=$? &&
	expect_eq 143 "$status" "status (128 + SIGTERM)"
'

test_expect_success 'a link whose output is not an ELF file (-o /dev/null) is left alone' '
	zapp-cc m.o -o /dev/null
'

test_done
