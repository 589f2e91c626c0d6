#!/bin/sh
# rpath_set (through the test tool set-rpath) on copies of real programs
# and libraries: a long search path that cannot fit in place makes the file
# grow.  Readers must see exactly the new DT_RPATH and every other dynamic
# entry unchanged, eu-elflint must still pass, the programs must still run,
# and the loader must really search the new path.

. "$(dirname "$0")/lib.sh"

SET=$ZAPP_BUILD/tests/tools/set-rpath
LDSO=/lib64/ld-linux-x86-64.so.2
LDSO32=/lib/ld-linux.so.2
MULTI=/usr/lib/x86_64-linux-gnu
if ! [ -x "$SET" ]; then
	skip_all="set-rpath is not built (tests/tools/build.mk)"
	test_done
fi
if ! [ -x "$LDSO" ]; then
	skip_all="no x86-64 dynamic loader here"
	test_done
fi

# A directory whose name alone is longer than any search path these files
# hold: the new string never fits in place.
LIBDIR=$TRASH/lib-$(printf '%0200d' 0 | tr 0 L)
RP="/nonexistent/first:$LIBDIR:/nonexistent/last"
mkdir -p "$LIBDIR"

# dyn_rest FILE: the dynamic entries but the search paths and the string
# table's place and size, one per line, in order.
dyn_rest() {
	readelf -dW "$1" | sed -n 's/^ *\(0x[0-9a-f]*\) *\(([A-Z_0-9]*)\) *\(.*\)$/\1 \2 \3/p' |
		grep -vE '\((RPATH|RUNPATH|STRTAB|STRSZ|NULL)\)'
}

# paths FILE: the DT_RPATH and DT_RUNPATH lines, as "RPATH value".
paths() {
	readelf -dW "$1" | sed -n 's/.*(\(RPATH\|RUNPATH\)).*: \[\(.*\)\]$/\1 \2/p'
}

elflint_ok() { eu-elflint --gnu-ld --quiet "$1" >/dev/null 2>&1; }

# consistent FILE: the string table's section agrees with DT_STRTAB and
# DT_STRSZ, the dynamic section with PT_DYNAMIC.
consistent() {
	strtab=$(readelf -dW "$1" | awk '/\(STRTAB\)/ {print $3}')
	strsz=$(readelf -dW "$1" | awk '/\(STRSZ\)/ {print $3}')
	set -- $(readelf -SW "$1" | sed 's/^ *\[ *[0-9]*\] *//' | awk '$1 == ".dynstr" {print $3, $5}') \
		$(readelf -SW "$1" | sed 's/^ *\[ *[0-9]*\] *//' | awk '$1 == ".dynamic" {print $3, $4}') \
		$(readelf -lW "$1" | awk '$1 == "DYNAMIC" {print $3, $2}') "$1"
	[ $((0x$1)) = $((strtab)) ] || fail "$7: DT_STRTAB $strtab, .dynstr at 0x$1"
	[ $((0x$2)) = "$strsz" ] || fail "$7: DT_STRSZ $strsz, .dynstr size 0x$2"
	[ $((0x$3)) = $(($5)) ] && [ $((0x$4)) = $(($6)) ] || fail "$7: .dynamic and PT_DYNAMIC disagree"
}

# edit_and_check ORIG COPY [VALUE]: set VALUE (default $RP) on COPY (a copy
# of ORIG) and check what must hold whatever the file is.
edit_and_check() {
	orig=$1 copy=$2 value=${3:-$RP}
	"$SET" "$copy" "$value" || return 1
	paths "$copy" >got && printf 'RPATH %s\n' "$value" >want && cmp want got ||
		fail "$copy: search paths are not exactly [$value]" || return 1
	dyn_rest "$orig" >dyn.before && dyn_rest "$copy" >dyn.after && cmp dyn.before dyn.after ||
		fail "$copy: other dynamic entries changed" || return 1
	consistent "$copy" || return 1
	if elflint_ok "$orig"; then
		elflint_ok "$copy" || { eu-elflint --gnu-ld "$copy"; fail "$copy: eu-elflint fails"; return 1; }
	fi
}

# resolved LOADER FILE: what the loader resolves for FILE, without addresses.
resolved() {
	"$1" --list "$2" | sed 's/ *(0x[0-9a-f]*)$//'
}

test_expect_success 'setup: fingerprints of the inputs' '
	for f in /usr/bin/curl /usr/bin/git $MULTI/libcurl.so.4; do
		test -f "$f" || continue
		sha256sum "$f"
	done >"$TRASH/inputs.sha256" &&
	test -s "$TRASH/inputs.sha256"
'

test_expect_success 'a PIE program (curl) grows, runs, and its loader searches the new path' '
	cp /usr/bin/curl curl &&
	size=$(wc -c <curl) &&
	edit_and_check /usr/bin/curl curl &&
	test $(wc -c <curl) -gt $size &&
	readelf -lW curl | grep -q "^ *PHDR" &&
	./curl --version >version && grep -q "^curl " version &&
	cp "$MULTI/libcurl.so.4" "$LIBDIR/" &&
	LD_DEBUG=libs ./curl --version >/dev/null 2>debug &&
	expect_file_contains debug "(RPATH from file ./curl)" &&
	expect_file_contains debug "calling init: $LIBDIR/libcurl.so.4" &&
	"$LDSO" --verify ./curl
'

test_expect_success 'the search path can change kind, shrink in place, and go' '
	cp curl curl2 && size=$(wc -c <curl2) &&
	"$SET" --runpath curl2 "$LIBDIR" &&
	paths curl2 >got && printf "RUNPATH %s\n" "$LIBDIR" >want && cmp want got &&
	"$SET" curl2 "/x" &&
	paths curl2 >got && printf "RPATH /x\n" >want && cmp want got &&
	test $(wc -c <curl2) = $size &&
	./curl2 --version >/dev/null &&
	"$SET" --remove curl2 &&
	paths curl2 >got && test ! -s got &&
	./curl2 --version >/dev/null &&
	dyn_rest /usr/bin/curl >before && dyn_rest curl2 >after && cmp before after
'

test_expect_success 'git grows and runs' '
	cp /usr/bin/git git &&
	edit_and_check /usr/bin/git git &&
	./git --version | grep -q "^git version" &&
	cp "$MULTI/libz.so.1" "$LIBDIR/" &&
	resolved "$LDSO" ./git >deps &&
	expect_file_contains deps "libz.so.1 => $LIBDIR/libz.so.1"
'

test_expect_success 'a non-PIE program grows and runs' '
	printf "#include <stdio.h>\n#include <zlib.h>\nint main(void) { printf(\"z %%s\\\\n\", zlibVersion()); return 0; }\n" >z.c &&
	gcc -no-pie -o nopie z.c -lz &&
	readelf -hW nopie | grep -q "Type: *EXEC" &&
	cp nopie nopie.orig &&
	edit_and_check nopie.orig nopie &&
	./nopie | grep -q "^z " &&
	LD_DEBUG=libs ./nopie 2>debug >/dev/null &&
	expect_file_contains debug "calling init: $LIBDIR/libz.so.1"
'

test_lazy_prereq LLD '
	printf "int main(void) { return 0; }\n" >m.c && gcc -fuse-ld=lld -o m m.c
'
test_expect_success LLD 'a program whose dynamic table must move (lld leaves no spare slot)' '
	gcc -fuse-ld=lld -o lld z.c -lz &&
	cp lld lld.orig &&
	edit_and_check lld.orig lld &&
	test "$(readelf -lW lld | awk "\$1 == \"DYNAMIC\" {print \$2}")" != \
	     "$(readelf -lW lld.orig | awk "\$1 == \"DYNAMIC\" {print \$2}")" &&
	./lld | grep -q "^z "
'

test_expect_success 'a C++ program grows and runs, with its libstdc++ from the new path' '
	printf "#include <iostream>\nint main() { std::cout << \"c++ ok\" << std::endl; }\n" >p.cc &&
	g++ -o cxx p.cc && cp cxx cxx.orig &&
	edit_and_check cxx.orig cxx &&
	test "$(./cxx)" = "c++ ok" &&
	cp "$(g++ -print-file-name=libstdc++.so.6)" "$LIBDIR/" &&
	resolved "$LDSO" ./cxx >deps &&
	expect_file_contains deps "libstdc++.so.6 => $LIBDIR/libstdc++.so.6"
'

test_expect_success 'C++ exceptions still unwind through a grown library with a large .bss' '
	printf "#include <stdexcept>\nchar big[1 << 20];\nvoid thrower(int x) { big[x] = 1; if (x) throw std::runtime_error(\"boom\"); }\n" >thrower.cc &&
	printf "#include <cstdio>\n#include <stdexcept>\nvoid thrower(int);\nint main() { try { thrower(1); } catch (const std::exception &e) { std::puts(e.what()); return 0; } return 1; }\n" >catcher.cc &&
	mkdir -p exc && g++ -shared -fPIC -O2 -s -o exc/libthrower.so thrower.cc &&
	g++ -o exc/catcher catcher.cc -Lexc -lthrower -Wl,-rpath,"\$ORIGIN" &&
	test "$(exc/catcher)" = boom &&
	cp exc/libthrower.so libthrower.orig &&
	edit_and_check libthrower.orig exc/libthrower.so &&
	test "$(exc/catcher)" = boom
'

test_expect_success 'a shared library (libcurl) grows; the loader uses its path for its needs' '
	cp "$MULTI/libcurl.so.4" libcurl.so.4 &&
	edit_and_check "$MULTI/libcurl.so.4" libcurl.so.4 &&
	resolved "$LDSO" ./libcurl.so.4 >deps &&
	expect_file_contains deps "libz.so.1 => $LIBDIR/libz.so.1" &&
	rm "$LIBDIR/libcurl.so.4" && cp libcurl.so.4 "$LIBDIR/" &&
	./curl --version | grep -q "^curl "
'

# 32-bit x86: gcc-multilib gives gcc -m32 and, through libc6-i386, the
# 32-bit loader and libc in /lib32 (multiarch libc6:i386 would put them in
# /lib/i386-linux-gnu).  The libc used is the one the 32-bit loader
# resolves, wherever that is.
test_lazy_prereq I386 '
	printf "int main(void) { return 0; }\n" >m.c &&
	gcc -m32 -o m m.c && ./m && test -x "$LDSO32"
'

# libc32 PROGRAM: the path of the libc.so.6 the 32-bit loader gives PROGRAM.
libc32() {
	resolved "$LDSO32" "$1" | sed -n "s/^[[:space:]]*libc\.so\.6 => \(\/.*\)$/\1/p"
}

test_expect_success I386 'i386 programs (PIE and not) grow and run' '
	printf "#include <stdio.h>\nint main(void) { puts(\"hi32\"); return 0; }\n" >hello32.c &&
	gcc -m32 -o hello32 hello32.c &&
	gcc -m32 -no-pie -o hello32np hello32.c &&
	libc=$(libc32 ./hello32) && test -f "$libc" &&
	for p in hello32 hello32np; do
		cp $p $p.orig && edit_and_check $p.orig $p && test "$(./$p)" = hi32 || exit 1
	done &&
	mkdir -p "$LIBDIR/32" &&
	cp "$libc" "$LIBDIR/32/" &&
	"$SET" hello32 "$LIBDIR/32:$RP" &&
	expect_eq "$LIBDIR/32/libc.so.6" "$(libc32 ./hello32)" "libc of hello32" &&
	test "$(./hello32)" = hi32
'

test_expect_success I386 'an i386 shared library grows' '
	lib=$(dirname "$(libc32 ./hello32.orig)")/libm.so.6 &&
	readelf -hW "$lib" | grep -q "Machine: *Intel 80386" &&
	cp "$lib" lib32.so && edit_and_check "$lib" lib32.so &&
	resolved "$LDSO32" ./lib32.so >deps &&
	expect_file_contains deps "libc.so.6 => " && ! grep -q "not found" deps
'

# Up to 30 dynamic ELF files from a directory, spread over its sorted list.
pick() {
	for f in "$@"; do
		[ -f "$f" ] && [ ! -L "$f" ] || continue
		head -c 4 "$f" 2>/dev/null | grep -q "ELF" || continue
		readelf -dW "$f" 2>/dev/null | grep -q "(NEEDED)" || continue
		echo "$f"
	done >all.list
	n=$(wc -l <all.list)
	step=$(( n > 30 ? n / 30 : 1 ))
	awk -v s=$step "NR % s == 0" all.list | head -n 30
}

test_expect_success 'the same edit on many programs and libraries of the system' '
	{ pick /usr/bin/*; pick $MULTI/*.so*; } >files &&
	test $(wc -l <files) -ge 40 &&
	: >results &&
	while read -r f; do
		b=many.$(basename "$f")
		cp "$f" $b || exit 1
		# keep what the file had, its $ORIGIN made absolute (the copy
		# lives elsewhere), so the loader resolves the same libraries
		old=$(paths "$f" | sed -e "s/^[A-Z]* //" -e "s|\$ORIGIN|${f%/*}|g" -e "s|\${ORIGIN}|${f%/*}|g")
		value="/nonexistent/$(printf "%0150d" 0)"
		[ -n "$old" ] && value="$old:$value"
		edit_and_check "$f" $b "$value" || exit 1
		resolved "$LDSO" "$f" >deps.orig 2>&1 || true
		resolved "$LDSO" ./$b >deps.copy 2>&1 || { cat deps.copy; fail "$b: ld.so --list fails"; exit 1; }
		cmp deps.orig deps.copy || { diff deps.orig deps.copy; fail "$b: resolves differently"; exit 1; }
		case $f in
		/usr/bin/*) "$LDSO" --verify ./$b || { fail "$b: ld.so --verify fails"; exit 1; } ;;
		esac
		echo "$f" >>results
	done <files &&
	test $(wc -l <results) = $(wc -l <files)
'
[ -s results ] && say "# $(wc -l <results) system files edited and verified"

test_expect_success 'a FIFO is refused at once, by set-rpath and zapp-fix-rpath' '
	mkfifo fifo &&
	test_must_fail_with 1 timeout 10 "$SET" fifo /x 2>err &&
	grep -q "fifo: not a regular file" err &&
	test_must_fail_with 1 timeout 10 "$SET" --remove fifo &&
	timeout 10 "$ZAPP_BUILD/lib/zapp/zapp-fix-rpath" fifo
'

# nonul FILE COPY: COPY is FILE with the last byte of .dynstr (a NUL) made
# a letter and DT_NEEDED pointing at it: a string that runs off the table.
nonul() {
	python3 - "$1" "$2" <<-\EOF
	import struct, subprocess, sys
	src, dst = sys.argv[1:]
	b = bytearray(open(src, "rb").read())
	for l in subprocess.check_output(["readelf", "-SW", src]).decode().splitlines():
	    f = l.split("]", 1)[-1].split()
	    if f and f[0] == ".dynstr":
	        off, size = int(f[3], 16), int(f[4], 16)
	    if f and f[0] == ".dynamic":
	        dyn, dsize = int(f[3], 16), int(f[4], 16)
	b[off + size - 1] = ord("A")
	for i in range(dyn, dyn + dsize, 16):
	    if struct.unpack_from("<q", b, i)[0] == 1:
	        struct.pack_into("<qQ", b, i, 1, size - 1)
	        break
	open(dst, "wb").write(b)
	EOF
}

test_expect_success 'a DT_NEEDED without a NUL in the string table is refused, the file left alone' '
	printf "int main(void) { return 0; }\n" >nonul.c &&
	cc -o nonul.orig nonul.c -Wl,--disable-new-dtags,-rpath,/a &&
	nonul nonul.orig nonul.bad &&
	for v in "$RP" /b; do
		cp nonul.bad nonul.copy &&
		test_must_fail_with 1 "$SET" nonul.copy "$v" 2>err &&
		grep -q "not terminated" err &&
		cmp nonul.bad nonul.copy || exit 1
	done &&
	test_must_fail_with 1 "$SET" --remove nonul.copy &&
	cmp nonul.bad nonul.copy
'

# Found by fuzz_rpath_set: a segment whose bss reaches the top of the user
# address space leaves no room above for the new one, which was placed
# past it (a file neither the kernel nor the jumploader can load).
test_expect_success 'no room above the load segments: refused, not grown past user space' '
	printf "int f(void) { return 1; }\n" >top.c &&
	cc -shared -fPIC -o top.so top.c &&
	v=$(readelf -lW top.so | awk "\$1 == \"LOAD\" { n++; if (n == 2) print \$3 }") &&
	python3 "$ZAPP_SRC/tests/tools/elf-poke.py" top.so load.1.memsz=$((0x7ffffffff000 - v + 1)) &&
	cp top.so top.copy &&
	test_must_fail_with 1 "$SET" top.copy "$RP" 2>err &&
	grep -q "no room for a new segment" err
'

test_expect_success 'the inputs are untouched' '
	sha256sum -c --quiet "$TRASH/inputs.sha256"
'

test_done
