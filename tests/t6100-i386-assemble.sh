#!/bin/sh
# 32-bit x86 (i386) glibc programs become Zapps: a C program linked with
# zlib and the example's C++ program built with zapp-cc -m32 / zapp-c++
# -m32 and installed to a stage, and a prebuilt Debian i386 program (pigz)
# with its libraries from a root of Debian's i386 packages (--sysroot).
# Each is assembled with the 32-bit jumploader and the 32-bit loader,
# moved to a path with spaces, run there and in an empty root; zapp-check
# passes and names i386.  A Zapp holds programs of one architecture:
# mixing i386 and x86-64 is an error naming both files and both machines.

. "$(dirname "$0")/lib.sh"

if ! printf '#include <errno.h>\n#include <stdio.h>\nint main(void){return errno;}\n' >m32.c ||
   ! gcc -m32 -o m32 m32.c 2>/dev/null || ! ./m32; then
	skip_all="gcc -m32 cannot build and run a 32-bit C program here (gcc-12-multilib, linux-libc-dev:i386)"
	test_done
fi

test_lazy_prereq ZLIB32 'printf "#include <zlib.h>\nint main(void){return !zlibVersion();}\n" >z32.c && gcc -m32 -o z32 z32.c -lz && ./z32'
test_lazy_prereq CXX32 'printf "#include <string>\nint main(){return std::string(\"x\").size() - 1;}\n" >x32.cc && g++ -m32 -o x32 x32.cc && ./x32'

# debs_i386: a root of Debian's i386 libc6, zlib1g and pigz, unpacked from
# their packages (apt-get download, which needs the i386 architecture added
# to dpkg: make deps does it), kept in $ZAPP_BUILD/debs-i386 from one run
# to the next.
test_lazy_prereq DEBS_I386 '
	cache=$ZAPP_BUILD/debs-i386 &&
	mkdir -p "$cache" &&
	if ! ls "$cache"/pigz_*_i386.deb >/dev/null 2>&1; then
		(cd "$cache" && apt-get download -q libc6:i386 zlib1g:i386 pigz:i386) >/dev/null 2>&1
	fi &&
	ls "$cache"/libc6_*_i386.deb "$cache"/zlib1g_*_i386.deb "$cache"/pigz_*_i386.deb >/dev/null
'

SP="$TRASH/moved here/with spaces"
mkdir -p "$SP"

cat >zinfo.c <<'EOF'
#include <stdio.h>
#include <string.h>
#include <zlib.h>

/* Compress argv[1] and back; print zlib's version, the pointer size and
 * the round trip. */
int main(int argc, char **argv)
{
	const char *in = argc > 1 ? argv[1] : "hello";
	unsigned char z[256], back[256];
	uLongf zn = sizeof z, bn = sizeof back;

	if (compress(z, &zn, (const unsigned char *)in, strlen(in) + 1) != Z_OK ||
	    uncompress(back, &bn, z, zn) != Z_OK)
		return 1;
	printf("zlib %s, %d-bit: %s\n", zlibVersion(), (int)(8 * sizeof(void *)), back);
	return argc > 2 ? 7 : 0;
}
EOF

cat >conv.c <<'EOF'
#include <iconv.h>
#include <stdio.h>
#include <string.h>

/* Convert "zażółć" to ISO-8859-2 (glibc's ISO8859-2.so gconv module)
 * and print the bytes in octal. */
int main(void)
{
	char in[] = "za\305\274\303\263\305\202\304\207", out[32], *ip = in, *op = out;
	size_t il = strlen(in), ol = sizeof out;
	iconv_t c = iconv_open("ISO-8859-2", "UTF-8");

	if (c == (iconv_t)-1 || iconv(c, &ip, &il, &op, &ol) == (size_t)-1) {
		perror("iconv");
		return 1;
	}
	for (char *p = out; p < op; p++)
		printf("%s%o", p > out ? " " : "", (unsigned char)*p);
	printf("\n");
	return 0;
}
EOF

CONV="172 141 277 363 263 346"

test_expect_success ZLIB32,CXX32 'setup: zapp-cc -m32 builds the example, a zlib program and an iconv one, installed to a stage' '
	cp -r "$ZAPP_SRC/examples/hello" ex &&
	make -C ex CC="zapp-cc -m32" CXX="zapp-c++ -m32" >build.log 2>&1 &&
	make -C ex install DESTDIR="$TRASH/stage" >>build.log 2>&1 &&
	zapp-cc -m32 -O2 -o stage/usr/local/bin/zinfo zinfo.c -lz &&
	zapp-cc -m32 -O2 -o stage/usr/local/bin/conv conv.c &&
	expect_eq "$CONV" "$(stage/usr/local/bin/conv)" &&
	file -L stage/usr/local/bin/hello++ | grep -q "ELF 32-bit LSB .* Intel 80386" &&
	file -L stage/usr/local/bin/zinfo | grep -q "ELF 32-bit LSB .* Intel 80386" &&
	expect_eq "zlib $(printf "#include <zlib.h>\nZLIB_VERSION\n" | gcc -m32 -E -P - | tr -d "\" " | tail -n 1), 32-bit: abc" \
		"$(stage/usr/local/bin/zinfo abc)"
'

test_expect_success ZLIB32,CXX32 'the stage is assembled with the 32-bit jumploader and loader' '
	zapp-assemble -o s.zapp stage/usr/local >out 2>err &&
	expect_file_contains out "loader ld-linux.so.2" &&
	expect_eq "$(wc -c <"$ZAPP_BUILD/lib/zapp/jumploader-i386")" "$(wc -c <s.zapp/bin/hello++)" "launcher size" &&
	readelf -hW s.zapp/bin/hello++ | grep -q "Machine: *Intel 80386" &&
	test -f s.zapp/lib/ld-linux.so.2 && test -f s.zapp/lib/libz.so.1 && test -f s.zapp/lib/libstdc++.so.6 &&
	for f in s.zapp/lib/libz.so.1 s.zapp/lib/libc.so.6 s.zapp/lib/libstdc++.so.6 s.zapp/lib/libgcc_s.so.1; do
		file -L "$f" | grep -q "ELF 32-bit LSB shared object, Intel 80386" || fail "$f is not i386" || exit 1
	done
'

test_expect_success ZLIB32,CXX32 'zapp-check passes and names i386' '
	zapp-check s.zapp >out &&
	grep -q "^s.zapp: ok: i386, 5 programs, 5 launchers, " out
'

test_expect_success ZLIB32,CXX32 'moved to a path with spaces, the programs run on the Zapp'"'"'s libraries' '
	mv s.zapp "$SP/" &&
	expect_eq "Hello from libgreet, world!" "$("$SP/s.zapp/bin/hello")" &&
	"$SP/s.zapp/bin/hello++" abc >out &&
	printf "%s\n" "Hello from libgreet, abc!" "hello++ says: 3 letters" >want &&
	test_cmp want out &&
	"$SP/s.zapp/bin/zinfo" "moved" >out &&
	grep -q ", 32-bit: moved\$" out &&
	test_must_fail_with 7 "$SP/s.zapp/bin/zinfo" x exit &&
	expect_eq "$CONV" "$("$SP/s.zapp/bin/conv")" "iconv through the Zapp'"'"'s 32-bit gconv modules"
'

test_expect_success ZLIB32,CXX32,ROOT 'and in an empty root' '
	rm -rf root && mkdir -p root/opt && cp -a "$SP/s.zapp" "root/opt/s z.zapp" &&
	expect_eq "Hello from libgreet, root!" "$(run_in_empty_root root "/opt/s z.zapp/bin/hello" root)" &&
	run_in_empty_root root "/opt/s z.zapp/bin/hello++" xyz >out &&
	printf "%s\n" "Hello from libgreet, xyz!" "hello++ says: 3 letters" >want &&
	test_cmp want out &&
	run_in_empty_root root "/opt/s z.zapp/bin/zinfo" empty >out &&
	grep -q ", 32-bit: empty\$" out &&
	expect_eq "$CONV" "$(run_in_empty_root root "/opt/s z.zapp/bin/conv")" "iconv in an empty root"
'

test_expect_success DEBS_I386 'setup: a root of Debian i386 packages with pigz' '
	mkdir deb-root &&
	for d in "$ZAPP_BUILD"/debs-i386/*.deb; do dpkg -x "$d" deb-root || exit 1; done &&
	file deb-root/usr/bin/pigz | grep -q "ELF 32-bit LSB .*Intel 80386" &&
	test -e deb-root/lib/i386-linux-gnu/libz.so.1 &&
	test -e deb-root/lib/ld-linux.so.2
'

test_expect_success DEBS_I386 'Debian'"'"'s i386 pigz is assembled from that root, its libraries from its multiarch directory' '
	zapp-assemble -v --sysroot deb-root -o pigz.zapp deb-root/usr/bin/pigz >out 2>err &&
	zapp-check pigz.zapp >check.out &&
	grep -q "^pigz.zapp: ok: i386, 1 program, 1 launcher, " check.out &&
	cmp deb-root/lib/i386-linux-gnu/libz.so.1 pigz.zapp/lib/libz.so.1 &&
	build_id() { readelf -nW "$1" | sed -n "s/.*Build ID: //p"; } &&
	test -n "$(build_id deb-root/lib/i386-linux-gnu/libc.so.6)" &&
	expect_eq "$(build_id deb-root/lib/i386-linux-gnu/libc.so.6)" "$(build_id pigz.zapp/lib/libc.so.6)" "libc build ID" &&
	expect_eq "$(stat -L -c %s deb-root/lib/ld-linux.so.2)" "$(stat -c %s pigz.zapp/lib/ld-linux.so.2)" "loader size" &&
	! cmp -s deb-root/lib/ld-linux.so.2 pigz.zapp/lib/ld-linux.so.2 &&
	grep -F "lib/ld-linux.so.2: /lib/i386-linux-gnu/:/usr/lib/i386-linux-gnu/:/lib/:/usr/lib/ (the host'"'"'s default library directories) made to lead nowhere" out
'

test_expect_success DEBS_I386 'moved to a path with spaces and in an empty root, it compresses and decompresses' '
	mv pigz.zapp "$SP/" &&
	"$SP/pigz.zapp/bin/pigz" --version 2>&1 | grep -q "^pigz 2\." &&
	printf "i386 pigz\n" | "$SP/pigz.zapp/bin/pigz" -c >x.gz &&
	expect_eq "i386 pigz" "$(gzip -dc x.gz)" &&
	expect_eq "i386 pigz" "$("$SP/pigz.zapp/bin/pigz" -dc x.gz)" &&
	{ ! test_have_prereq ROOT || {
		rm -rf proot && mkdir proot && cp -a "$SP/pigz.zapp" "proot/p z.zapp" && cp x.gz proot/ &&
		expect_eq "i386 pigz" "$(run_in_empty_root proot "/p z.zapp/bin/pigz" -dc /x.gz)"
	}; }
'

test_expect_success 'a 64-bit library of the name on the search path is passed over, as the 32-bit loader passes it over' '
	mkdir -p sp64/bin sp64/lib64first sp64/lib32 &&
	printf "int v(void){return 64;}\n" >v.c &&
	gcc -shared -fPIC -Wl,-soname,libv.so.1 -o sp64/lib64first/libv.so.1 v.c &&
	printf "int v(void){return 32;}\n" >v32.c &&
	gcc -m32 -shared -fPIC -Wl,-soname,libv.so.1 -o sp64/lib32/libv.so.1 v32.c &&
	printf "int v(void); int main(void){return v();}\n" >usev.c &&
	gcc -m32 -o sp64/bin/usev usev.c sp64/lib32/libv.so.1 \
		-Wl,--disable-new-dtags,-rpath,"$TRASH/sp64/lib64first:$TRASH/sp64/lib32" &&
	test_must_fail_with 32 sp64/bin/usev &&
	zapp-assemble -o v.zapp sp64/bin/usev 2>err &&
	cmp sp64/lib32/libv.so.1 v.zapp/lib/libv.so.1 &&
	zapp-check -q v.zapp &&
	test_must_fail_with 32 v.zapp/bin/usev
'

test_expect_success 'an i386 tree'"'"'s lib32/ is one of its library directories, as lib64/ is of an x86-64 one' '
	mkdir -p t32/bin t32/lib32 &&
	printf "int q(void){return 5;}\n" >q.c &&
	gcc -m32 -shared -fPIC -Wl,-soname,libq.so.1 -o t32/lib32/libq.so.1 q.c &&
	printf "int q(void); int main(void){return q();}\n" >useq.c &&
	gcc -m32 -o t32/bin/useq useq.c t32/lib32/libq.so.1 &&
	zapp-assemble -q -o t32.zapp t32 &&
	test -f t32.zapp/lib32/libq.so.1 && zapp-check -q t32.zapp &&
	mv t32.zapp "$SP/" && test_must_fail_with 5 "$SP/t32.zapp/bin/useq"
'

test_expect_success 'an i386 and an x86-64 program: an error naming both files and both machines, either order' '
	printf "int main(void){return 0;}\n" >m.c &&
	gcc -m32 -o p32 m.c && gcc -o p64 m.c &&
	test_must_fail_with 1 zapp-assemble -q -o mix.zapp p32 p64 2>err &&
	expect_eq "zapp-assemble: p64: architecture mismatch: this is x86-64; the Zapp'"'"'s programs are i386, as p32 is (a Zapp holds programs of one architecture)" "$(cat err)" &&
	test ! -e mix.zapp &&
	test_must_fail_with 1 zapp-assemble -q -o mix.zapp p64 p32 2>err &&
	expect_eq "zapp-assemble: p32: architecture mismatch: this is 32-bit i386; the Zapp'"'"'s programs are x86-64, as p64 is (a Zapp holds programs of one architecture)" "$(cat err)" &&
	test ! -e mix.zapp
'

test_expect_success 'adding an x86-64 program to an i386 Zapp is the same error' '
	zapp-assemble -q -o one.zapp p32 &&
	zapp-check one.zapp | grep -q "^one.zapp: ok: i386, 1 program, " &&
	tree_digest one.zapp >before &&
	test_must_fail_with 1 zapp-assemble -q --add -o one.zapp p64 2>err &&
	expect_file_contains err "zapp-assemble: p64: architecture mismatch: this is x86-64; the Zapp'"'"'s programs are i386, as one.zapp/dynbin/p32 is (a Zapp holds programs of one architecture)" &&
	tree_digest one.zapp >after && test_cmp before after &&
	cp p32 q32 && zapp-assemble -q --add -o one.zapp q32 &&
	zapp-check one.zapp | grep -q "^one.zapp: ok: i386, 2 programs, 2 launchers, " &&
	one.zapp/bin/q32
'

test_expect_success 'zapp-check finds an x86-64 program in an i386 Zapp, naming both' '
	zapp-assemble -q -o six.zapp p64 &&
	rm -rf mixed.zapp && cp -a one.zapp mixed.zapp &&
	cp six.zapp/dynbin/p64 mixed.zapp/dynbin/zz64 && cp six.zapp/bin/p64 mixed.zapp/bin/zz64 &&
	test_must_fail_with 1 zapp-check mixed.zapp >out 2>err &&
	expect_file_contains err "zapp-check: dynbin/zz64: architecture mismatch: this is x86-64; the Zapp'"'"'s programs are i386, as dynbin/p32 is (a Zapp holds programs of one architecture)"
'

test_expect_success 'zapp-check checks an i386 program as the x86-64 jumploader put over its launcher will: in its words' '
	rm -rf hand.zapp && cp -a one.zapp hand.zapp &&
	cp "$ZAPP_BUILD/lib/zapp/jumploader-x86_64" hand.zapp/bin/p32 &&
	test_must_fail_with 1 zapp-check hand.zapp >out 2>err &&
	expect_file_contains err "zapp-check: dynbin/p32: the jumploader will not start it: not a 64-bit ELF file" &&
	expect_file_contains err "zapp-check: lib/ld-linux.so.2: the jumploader will not start it as the loader: not a 64-bit ELF file" &&
	test_must_fail_with 126 hand.zapp/bin/p32 2>err &&
	expect_file_contains err "zapp: p32: cannot run program '"'"'$TRASH/hand.zapp/dynbin/p32'"'"': not a 64-bit ELF file"
'

test_expect_success 'a jumploader of another machine given for an i386 Zapp is refused' '
	test_must_fail_with 1 zapp-assemble -q --jumploader "$ZAPP_BUILD/lib/zapp/jumploader-x86_64" -o j.zapp p32 2>err &&
	expect_eq "zapp-assemble: $ZAPP_BUILD/lib/zapp/jumploader-x86_64: cannot use as the jumploader: it is for x86-64, the Zapp'"'"'s programs are i386" "$(cat err)" &&
	test ! -e j.zapp &&
	zapp-assemble -q --jumploader "$ZAPP_BUILD/lib/zapp/jumploader-i386" -o j.zapp p32 && j.zapp/bin/p32
'

test_done
