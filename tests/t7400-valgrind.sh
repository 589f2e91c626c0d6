#!/bin/bash
# Memory: zapp-assemble, zapp-check and zapp-cc under valgrind (memcheck),
# on real programs and on their error paths: no invalid access, no use of
# uninitialised memory, no definitely lost block.
. "$(dirname "$0")/lib.sh"

command -v valgrind >/dev/null || { skip_all="valgrind is missing (Debian package valgrind)"; test_done; }
if readelf -d "$ZAPP_BUILD/bin/zapp-assemble" 2>/dev/null | grep -q "libasan"; then
	skip_all="the tools are built with AddressSanitizer (SANITIZE=1), which valgrind cannot run"
	test_done
fi

# vg STATUS CMD...: CMD under valgrind exits with STATUS (99: valgrind found
# an error), and valgrind reports nothing.
vg() {
	local want=$1 got=0; shift
	valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
		--log-file=vg.log "$@" >vg.out 2>vg.err || got=$?
	if [ -s vg.log ] || [ "$got" != "$want" ]; then
		printf 'FAIL: %s: exit status %s, expected %s; valgrind says:\n' "$*" "$got" "$want" >&2
		cat vg.log vg.err >&2
		return 1
	fi
}

test_expect_success 'zapp-assemble of curl, and zapp-check of the result' '
	vg 0 zapp-assemble -q -o curl.zapp /usr/bin/curl &&
	vg 0 zapp-check -q curl.zapp
'

test_expect_success 'zapp-assemble --force and --add (the existing Zapp scanned as input)' '
	vg 0 zapp-assemble -q --force -o curl.zapp /usr/bin/curl /usr/bin/ssh &&
	vg 0 zapp-assemble -q --add -o curl.zapp /usr/bin/git &&
	vg 0 zapp-check -q curl.zapp
'

test_expect_success 'error paths: another architecture, a truncated file, a missing library, an existing OUT' '
	echo "int main(void){return 0;}" >m.c &&
	gcc -o m m.c &&
	if gcc -m32 -o m32 m.c 2>/dev/null; then
		vg 1 zapp-assemble -q -o out.zapp m m32 &&
		expect_file_contains vg.err "architecture mismatch"
	fi &&
	head -c 100 m >cut &&
	vg 1 zapp-assemble -q -o out.zapp cut &&
	mkdir -p t/bin && echo "int f(void);int main(void){return f();}" >n.c &&
	echo "int f(void){return 0;}" >f.c && gcc -shared -fPIC -o libf.so f.c &&
	gcc -o t/bin/n n.c -L. -lf && rm libf.so &&
	vg 1 zapp-assemble -q -o out.zapp t &&
	expect_file_contains vg.err "libf.so: library not found" &&
	vg 1 zapp-assemble -q -o curl.zapp m
'

test_expect_success 'zapp-check finding problems' '
	cp -r curl.zapp broken.zapp && rm broken.zapp/lib/libz.so.1 &&
	vg 1 zapp-check -q broken.zapp &&
	expect_file_contains vg.err "needs libz.so.1, which is not found inside the Zapp"
'

test_expect_success 'zapp-cc: a link (the XORIGIN fix), a compile, --zapp-explain' '
	vg 0 zapp-cc -o m2 m.c &&
	rpath_of m2 | grep -q "RPATH \$ORIGIN/../lib" &&
	vg 0 zapp-cc -c -o m.o m.c && test -f m.o &&
	vg 0 zapp-cc --zapp-explain -o x x.c &&
	expect_file_contains vg.out "links, gets the rpath"
'

test_done
