#!/bin/bash
# The Zapp's glibc loader falls back on nothing of the host's
# (libzapp/builtin_paths.c): not /etc/ld.so.cache, not /etc/ld.so.preload,
# not the default directories; a name the Zapp does not hold fails as in an
# empty root.  And it probes no glibc-hwcaps/ and no hwcap-mask
# subdirectory of lib/; what is left of the legacy probing (the kernel's
# platform and tls/, which the loader's code names) stays.
. "$(dirname "$0")/lib.sh"

ldso=/lib64/ld-linux-x86-64.so.2
libz=/usr/lib/x86_64-linux-gnu/libz.so.1
[ -f $libz ] && [ -x $ldso ] ||
	{ skip_all="no glibc loader at $ldso or no $libz (zlib1g)"; test_done; }

cat >dl.c <<'EOF'
#include <dlfcn.h>
#include <stdio.h>
int main(int argc, char **argv)
{
	const char *name = argc > 1 ? argv[1] : "libz.so.1";
	if (!dlopen(name, RTLD_NOW)) {
		printf("dlopen: %s\n", dlerror());
		return 1;
	}
	printf("loaded %s\n", name);
	return 0;
}
EOF
cat >preload.c <<'EOF'
#include <unistd.h>
__attribute__((constructor)) static void hello(void) { write(2, "preloaded\n", 10); }
EOF

test_expect_success 'a program that dlopens libz.so.1, natively and as a Zapp that does not hold it, moved' '
	cc -o dl dl.c &&
	./dl >out && expect_eq "loaded libz.so.1" "$(cat out)" &&
	zapp-assemble -q -o z dl &&
	! test -e z/lib/libz.so.1 &&
	mkdir "moved here" && cp -a z "moved here/the zapp"
'

test_expect_success 'zapp-assemble -v says what it made of the loader, and zapp-check is content' '
	zapp-assemble -v -o zv dl >out &&
	l="lib/ld-linux-x86-64.so.2" &&
	grep -F "$l: /etc/ld.so.cache (the host'"'"'s cache of libraries) made to lead nowhere" out &&
	grep -F "$l: /etc/ld.so.preload (the host'"'"'s preloaded libraries) made to lead nowhere" out &&
	grep -F "$l: /lib/x86_64-linux-gnu/:/usr/lib/x86_64-linux-gnu/:/lib/:/usr/lib/ (the host'"'"'s default library directories) made to lead nowhere" out &&
	grep -F "$l: x86-64-v4:x86-64-v3:x86-64-v2 (glibc-hwcaps subdirectories) made to list nothing" out &&
	grep -F "$l: glibc.cpu.hwcap_mask (legacy hwcaps subdirectories) made to default to 0" out &&
	! grep "left as it is" out &&
	expect_eq "$(stat -L -c %s $ldso)" "$(stat -c %s zv/$l)" &&
	cmp z/$l zv/$l &&
	zapp-check zv
'

Z="moved here/the zapp"

test_expect_success 'a name the Zapp does not hold is not found, though the host has it in its cache and default directories' '
	test_must_fail_with 1 "$Z/bin/dl" >out &&
	expect_eq "dlopen: libz.so.1: cannot open shared object file: No such file or directory" "$(cat out)"
'

test_expect_success STRACE 'the loader opens nothing of the host'"'"'s looking for it' '
	test_must_fail_with 1 strace -f -qq -e trace=%file -o trace "$Z/bin/dl" >out &&
	grep -F "/dev/null/.cache" trace &&
	grep -F "\"/sys/-/libz.so.1\"" trace &&
	! grep -E "\"/(etc|lib|usr|lib64)/" trace &&
	! grep libz trace | grep -v -F -e "$Z/" -e "\"/sys/-/"
'

test_expect_success ROOT 'in an empty root, the same name fails the same way' '
	mkdir root && cp -a "$Z" root/Z &&
	test_must_fail_with 1 run_in_empty_root root /Z/bin/dl >out &&
	expect_eq "dlopen: libz.so.1: cannot open shared object file: No such file or directory" "$(cat out)"
'

test_expect_success 'a second name not held fails the same way as the first' '
	cat >dl2.c <<-\EOF &&
	#include <dlfcn.h>
	#include <stdio.h>
	int main(void)
	{
		printf("%s\n", dlopen("libz.so.1", RTLD_NOW) ? "loaded" : dlerror());
		printf("%s\n", dlopen("libzz.so.9", RTLD_NOW) ? "loaded" : dlerror());
		return 0;
	}
	EOF
	cc -o dl2 dl2.c && zapp-assemble -q -o "two names" dl2 &&
	"two names/bin/dl2" >out &&
	printf "%s\n" "libz.so.1: cannot open shared object file: No such file or directory" \
		"libzz.so.9: cannot open shared object file: No such file or directory" >want &&
	test_cmp want out
'

test_expect_success 'the libraries the Zapp holds are found, and LD_LIBRARY_PATH still reaches the host'"'"'s by choice' '
	"$Z/bin/dl" libc.so.6 >out && expect_eq "loaded libc.so.6" "$(cat out)" &&
	LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu "$Z/bin/dl" >out && expect_eq "loaded libz.so.1" "$(cat out)"
'

test_expect_success ROOT 'a host /etc/ld.so.preload is read by a host program, not by the Zapp'"'"'s' '
	cc -shared -fPIC -o "$TRASH/libpreload.so" preload.c &&
	mkdir etc && echo "$TRASH/libpreload.so" >etc/ld.so.preload &&
	cat >ns.sh <<-\EOF &&
	mount --bind "$1/etc" /etc || exit 99
	/bin/true 2>host.err
	"$2/bin/dl" libc.so.6 2>zapp.err >/dev/null || exit 98
	strace -f -qq -e trace=%file -o ptrace "$2/bin/dl" libc.so.6 >/dev/null 2>&1
	EOF
	unshare -m --propagation private sh ns.sh "$TRASH" "$Z" &&
	expect_eq preloaded "$(cat host.err)" &&
	expect_eq "" "$(cat zapp.err)" &&
	! grep -F ld.so.preload ptrace && grep -F "/dev/null/.preload" ptrace
'

# the platform's subdirectory: the kernel's AT_PLATFORM, or the one glibc
# names for an Intel CPU (haswell, xeon_phi); --help says which
platform=$($ldso --help | sed -n 's/^  \([a-z0-9_]*\) (AT_PLATFORM.*/\1/p')
test_expect_success STRACE 'the loader probes no glibc-hwcaps/ or hwcap-mask subdirectory of lib/: tls/, the platform'"'"'s and both are left (6 failed calls)' '
	test -n "$platform" &&
	strace -f -qq -e trace=openat,newfstatat,stat -o htrace "$Z/bin/dl" libc.so.6 >/dev/null &&
	! grep -F glibc-hwcaps htrace &&
	! grep -F x86_64/x86_64 htrace &&
	grep -F "$Z/bin/../lib/" htrace | grep -c -e ENOENT >n &&
	expect_eq 6 "$(cat n)" &&
	grep -F "$Z/bin/../lib/" htrace | grep "^[0-9]* *openat" | grep ENOENT >probes &&
	expect_eq 3 "$(wc -l <probes)" &&
	grep -F "\"$TRASH/$Z/bin/../lib/tls/lib" probes &&
	expect_eq 3 "$(grep -c -F -e "\"$TRASH/$Z/bin/../lib/tls/" -e "\"$TRASH/$Z/bin/../lib/$platform/" probes)"
'

test_expect_success 'ld.so --list and --help still work, and say where the loader searches' '
	(cd "$Z" && lib/ld-linux-x86-64.so.2 --list dynbin/dl) >out &&
	grep -F "libc.so.6 => $TRASH/$Z/dynbin/../lib/libc.so.6" out &&
	"$Z/lib/ld-linux-x86-64.so.2" --help >help &&
	grep -F "(libraries located via /dev/null/.cache)" help &&
	grep -F "/sys/-/6_64-linux-gnu (system search path)" help &&
	expect_eq 3 "$(grep -c -x -F "  /sys/- (system search path)" help)" &&
	grep -F "No subdirectories of glibc-hwcaps directories are searched." help &&
	"$Z/lib/ld-linux-x86-64.so.2" --verify "$Z/dynbin/dl"
'

test_expect_success 'a Zapp made again from the Zapp has the same loader; one with the host'"'"'s loader is reported and mended' '
	zapp-assemble -q -o again "$Z" &&
	cmp "$Z/lib/ld-linux-x86-64.so.2" again/lib/ld-linux-x86-64.so.2 &&
	zapp-check again &&
	cp -a "$Z" old && cp --remove-destination $ldso old/lib/ld-linux-x86-64.so.2 &&
	test_must_fail_with 1 zapp-check old 2>err &&
	grep -F "zapp-check: lib/ld-linux-x86-64.so.2: reads /etc/ld.so.cache of the host (the host'"'"'s cache of libraries), compiled into it: assemble the Zapp again" err &&
	grep -F "reads /etc/ld.so.preload of the host" err &&
	grep -F "reads /lib/x86_64-linux-gnu/:/usr/lib/x86_64-linux-gnu/:/lib/:/usr/lib/ of the host" err &&
	grep -F "probes glibc-hwcaps subdirectories (x86-64-v4:x86-64-v3:x86-64-v2) of each directory it searches" err &&
	grep -F "old: 5 problems" err &&
	old/bin/dl >out && expect_eq "loaded libz.so.1" "$(cat out)" &&
	zapp-assemble -q -o mended old &&
	cmp "$Z/lib/ld-linux-x86-64.so.2" mended/lib/ld-linux-x86-64.so.2 &&
	zapp-check mended
'

# The same for the loaders of the other machines (builtin_paths.c, GLIBC_LDSO):
# i386's (gcc -m32's, libc6-i386 in /lib32, which the host's libz.so.1:i386
# would be found in: lib32z1), and AArch64's, under qemu-user, from a root
# of Debian's arm64 packages (tests/fetch-debs.sh, as t6200).
test_lazy_prereq M32 'printf "#include <zlib.h>\nint main(void){return !zlibVersion();}\n" >z.c && gcc -m32 -o z z.c -lz && ./z'
JL32=$ZAPP_BUILD/lib/zapp/jumploader-i386

test_expect_success M32 'i386: a program that dlopens libz.so.1 natively, and as a Zapp that does not hold it, moved' '
	gcc -m32 -o dl32 dl.c &&
	./dl32 >out && expect_eq "loaded libz.so.1" "$(cat out)" &&
	ZAPP_JUMPLOADER=$JL32 zapp-assemble -q -o z32 dl32 &&
	! test -e z32/lib/libz.so.1 &&
	cp -a z32 "moved here/z32"
'

test_expect_success M32 'i386: zapp-assemble -v says what it made of the loader, and zapp-check is content' '
	ZAPP_JUMPLOADER=$JL32 zapp-assemble -v -o z32v dl32 >out &&
	l=lib/ld-linux.so.2 &&
	grep -F "$l: /etc/ld.so.cache (the host'"'"'s cache of libraries) made to lead nowhere" out &&
	grep -F "$l: /etc/ld.so.preload (the host'"'"'s preloaded libraries) made to lead nowhere" out &&
	grep -F "$l: /lib32/:/usr/lib32/:/lib/:/usr/lib/ (the host'"'"'s default library directories) made to lead nowhere" out &&
	grep -F "$l: glibc.cpu.hwcap_mask (legacy hwcaps subdirectories) made to default to 0" out &&
	! grep "left as it is" out &&
	cmp z32/$l z32v/$l &&
	zapp-check z32v >out && grep -q "^z32v: ok: i386" out
'

Z32="moved here/z32"
test_expect_success M32 'i386: the name is not found in the host'"'"'s cache or default directories' '
	test_must_fail_with 1 "$Z32/bin/dl32" >out &&
	expect_eq "dlopen: libz.so.1: cannot open shared object file: No such file or directory" "$(cat out)" &&
	"$Z32/bin/dl32" libc.so.6 >out && expect_eq "loaded libc.so.6" "$(cat out)"
'

test_expect_success M32,STRACE 'i386: no /etc/ld.so.cache, /etc/ld.so.preload or host directory is looked at, no sse2 subdirectory probed' '
	test_must_fail_with 1 strace -f -qq -e trace=%file -o trace32 "$Z32/bin/dl32" >out &&
	grep -F "\"/sys/-/libz.so.1\"" trace32 &&
	! grep -E "ld\.so\.(cache|preload)|\"/(etc|lib|lib32|usr)/" trace32 &&
	! grep libz trace32 | grep -v -F -e "$Z32/" -e "\"/sys/-/" &&
	! grep -F sse2 trace32 &&
	! grep -F glibc-hwcaps trace32 &&
	"$Z32/lib/ld-linux.so.2" --help >help &&
	grep -F "No subdirectories of glibc-hwcaps directories are searched." help &&
	grep -x -F "  sse2 (supported, masked)" help &&
	expect_eq 4 "$(grep -c -x -F "  /sys/- (system search path)" help)"
'

test_expect_success M32,ROOT 'i386: a host /etc/ld.so.preload is read by a host program, not by the Zapp'"'"'s' '
	gcc -m32 -shared -fPIC -o "$TRASH/libpreload32.so" preload.c &&
	mkdir etc32 && echo "$TRASH/libpreload32.so" >etc32/ld.so.preload &&
	cat >ns32.sh <<-\EOF &&
	mount --bind "$1/etc32" /etc || exit 99
	./dl32 libc.so.6 2>host32.err >/dev/null || exit 97
	"$2/bin/dl32" libc.so.6 2>zapp32.err >/dev/null || exit 98
	EOF
	unshare -m --propagation private sh ns32.sh "$TRASH" "$Z32" &&
	expect_eq preloaded "$(cat host32.err)" &&
	expect_eq "" "$(cat zapp32.err)"
'

test_expect_success M32 'i386: zapp-check reports a Zapp with the host'"'"'s loader, which a Zapp made again mends' '
	cp -a "$Z32" old32 && cp --remove-destination /lib32/ld-linux.so.2 old32/lib/ld-linux.so.2 &&
	test_must_fail_with 1 zapp-check old32 2>err &&
	grep -F "zapp-check: lib/ld-linux.so.2: reads /etc/ld.so.cache of the host (the host'"'"'s cache of libraries), compiled into it: assemble the Zapp again" err &&
	grep -F "reads /etc/ld.so.preload of the host" err &&
	grep -F "reads /lib32/:/usr/lib32/:/lib/:/usr/lib/ of the host" err &&
	grep -F "probes legacy hwcaps subdirectories (glibc.cpu.hwcap_mask) of each directory it searches" err &&
	grep -F "old32: 4 problems" err &&
	old32/bin/dl32 >out && expect_eq "loaded libz.so.1" "$(cat out)" &&
	zapp-assemble -q -o mended32 old32 &&
	cmp "$Z32/lib/ld-linux.so.2" mended32/lib/ld-linux.so.2 &&
	zapp-check mended32
'

# Debian's i386 glibc (libc6:i386, its directories /lib/i386-linux-gnu/...),
# whose loader would find the host's /lib32/libz.so.1 by the host's cache
test_lazy_prereq DEBS_I386 'sh "$ZAPP_SRC/tests/fetch-debs.sh" libc6-i386 i386 libc6'
test_expect_success M32,DEBS_I386 'i386: Debian'"'"'s libc6:i386 loader is edited too, and finds nothing of the host'"'"'s' '
	RI=$(sh "$ZAPP_SRC/tests/fetch-debs.sh" libc6-i386 i386 libc6) &&
	ZAPP_JUMPLOADER=$JL32 zapp-assemble -v -o zi --sysroot "$RI" ./dl32 >out &&
	grep -F "lib/ld-linux.so.2: /lib/i386-linux-gnu/:/usr/lib/i386-linux-gnu/:/lib/:/usr/lib/ (the host'"'"'s default library directories) made to lead nowhere" out &&
	grep -F "lib/ld-linux.so.2: glibc.cpu.hwcap_mask (legacy hwcaps subdirectories) made to default to 0" out &&
	! grep "left as it is" out &&
	! cmp -s zi/lib/ld-linux.so.2 "$RI/lib/i386-linux-gnu/ld-linux.so.2" &&
	zapp-check zi &&
	test_must_fail_with 1 zi/bin/dl32 >out &&
	expect_eq "dlopen: libz.so.1: cannot open shared object file: No such file or directory" "$(cat out)" &&
	cp -a zi oldi && cp --remove-destination "$RI/lib/i386-linux-gnu/ld-linux.so.2" oldi/lib/ld-linux.so.2 &&
	test_must_fail_with 1 zapp-check oldi 2>err &&
	grep -F "reads /lib/i386-linux-gnu/:/usr/lib/i386-linux-gnu/:/lib/:/usr/lib/ of the host" err
'

QEMU=$(command -v qemu-aarch64-static)
test_lazy_prereq AARCH64 '
	test -x "$ZAPP_BUILD/lib/zapp/jumploader-aarch64" && test -n "$QEMU" &&
	command -v aarch64-linux-gnu-gcc &&
	sh "$ZAPP_SRC/tests/fetch-debs.sh" curl-arm64 arm64 curl
'
test_have_prereq AARCH64 && R=$(sh "$ZAPP_SRC/tests/fetch-debs.sh" curl-arm64 arm64 curl)

test_expect_success AARCH64 'AArch64: a Zapp of the program, from the root, moved' '
	aarch64-linux-gnu-gcc -o dla dl.c &&
	zapp-assemble -q -o za --sysroot "$R" ./dla &&
	cp -a za "moved here/za"
'

test_expect_success AARCH64 'AArch64: zapp-assemble -v says what it made of the loader, and zapp-check is content' '
	zapp-assemble -v -o zav --sysroot "$R" ./dla >out &&
	l=lib/ld-linux-aarch64.so.1 &&
	grep -F "$l: /etc/ld.so.cache (the host'"'"'s cache of libraries) made to lead nowhere" out &&
	grep -F "$l: /etc/ld.so.preload (the host'"'"'s preloaded libraries) made to lead nowhere" out &&
	grep -F "$l: /lib/aarch64-linux-gnu/:/usr/lib/aarch64-linux-gnu/:/lib/:/usr/lib/ (the host'"'"'s default library directories) made to lead nowhere" out &&
	grep -F "$l: glibc.cpu.hwcap_mask (legacy hwcaps subdirectories) made to default to 0" out &&
	! grep "left as it is" out &&
	cmp za/$l zav/$l &&
	zapp-check zav >out && grep -q "^zav: ok: AArch64" out
'

test_expect_success AARCH64 'AArch64: the name is not found, the libraries the Zapp holds are' '
	test_must_fail_with 1 "$QEMU" "moved here/za/bin/dla" >out &&
	expect_eq "dlopen: libz.so.1: cannot open shared object file: No such file or directory" "$(cat out)" &&
	"$QEMU" "moved here/za/bin/dla" libc.so.6 >out && expect_eq "loaded libc.so.6" "$(cat out)"
'

test_expect_success AARCH64 'AArch64: qemu -strace shows no /etc/ld.so.cache, /etc/ld.so.preload, host directory or atomics subdirectory' '
	test_must_fail_with 1 "$QEMU" -strace "moved here/za/bin/dla" >out 2>qtrace &&
	grep -F "\"/sys/-/libz.so.1\"" qtrace &&
	! grep -E "ld\.so\.(cache|preload)|\"/(etc|lib|usr)/" qtrace &&
	! grep -F atomics qtrace &&
	"$QEMU" za/lib/ld-linux-aarch64.so.1 --help >help &&
	grep -F "No subdirectories of glibc-hwcaps directories are searched." help &&
	grep -x -F "  atomics (supported, masked)" help &&
	expect_eq 3 "$(grep -c -x -F "  /sys/- (system search path)" help)"
'

test_expect_success AARCH64,ROOT 'AArch64: a host /etc/ld.so.preload naming an AArch64 library is not read by the Zapp'"'"'s loader' '
	aarch64-linux-gnu-gcc -shared -fPIC -o "$TRASH/libpreloada.so" preload.c &&
	mkdir etca && echo "$TRASH/libpreloada.so" >etca/ld.so.preload &&
	cp -a za olda && cp --remove-destination "$R/lib/ld-linux-aarch64.so.1" olda/lib/ld-linux-aarch64.so.1 &&
	cat >nsa.sh <<-\EOF &&
	mount --bind "$1/etca" /etc || exit 99
	"$QEMU" olda/bin/dla libc.so.6 2>old.err >/dev/null || exit 97
	"$QEMU" "$2/bin/dla" libc.so.6 2>zappa.err >/dev/null || exit 98
	EOF
	QEMU=$QEMU unshare -m --propagation private sh nsa.sh "$TRASH" "moved here/za" &&
	expect_eq preloaded "$(cat old.err)" &&
	expect_eq "" "$(cat zappa.err)"
'

# the host has no AArch64 library of its own: one is put in its /usr/lib
# (and so /lib/) in a private mount namespace, where only the static qemu
# is started after the mount
test_expect_success AARCH64,ROOT 'AArch64: an AArch64 libz.so.1 in the host'"'"'s /usr/lib is found by the root'"'"'s loader, not by the Zapp'"'"'s' '
	mkdir fakelib && cp "$R/lib/aarch64-linux-gnu/libz.so.1" fakelib/ &&
	cat >nsl.sh <<-\EOF &&
	mount --bind "$1/fakelib" /usr/lib || exit 99
	"$QEMU" olda/bin/dla >old.out
	"$QEMU" "$2/bin/dla" >zappl.out
	exit 0
	EOF
	QEMU=$QEMU unshare -m --propagation private sh nsl.sh "$TRASH" "moved here/za" &&
	expect_eq "loaded libz.so.1" "$(cat old.out)" &&
	expect_eq "dlopen: libz.so.1: cannot open shared object file: No such file or directory" "$(cat zappl.out)"
'

test_expect_success AARCH64 'AArch64: zapp-check reports a Zapp with the root'"'"'s loader, which a Zapp made again mends' '
	rm -rf olda && cp -a za olda && cp --remove-destination "$R/lib/ld-linux-aarch64.so.1" olda/lib/ld-linux-aarch64.so.1 &&
	test_must_fail_with 1 zapp-check olda 2>err &&
	grep -F "zapp-check: lib/ld-linux-aarch64.so.1: reads /etc/ld.so.cache of the host" err &&
	grep -F "reads /etc/ld.so.preload of the host" err &&
	grep -F "reads /lib/aarch64-linux-gnu/:/usr/lib/aarch64-linux-gnu/:/lib/:/usr/lib/ of the host" err &&
	grep -F "probes legacy hwcaps subdirectories (glibc.cpu.hwcap_mask) of each directory it searches" err &&
	zapp-assemble -q -o mendeda olda &&
	cmp za/lib/ld-linux-aarch64.so.1 mendeda/lib/ld-linux-aarch64.so.1 &&
	zapp-check mendeda
'

test_done
