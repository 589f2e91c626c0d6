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
	grep -F "\"/dev/fd/-1/libz.so.1\"" trace &&
	! grep -E "\"/(etc|lib|usr|lib64)/" trace &&
	! grep libz trace | grep -v -F -e "$Z/" -e "\"/dev/fd/-1/"
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
	grep -F "/dev/fd/-1/-linux-gnu (system search path)" help &&
	expect_eq 3 "$(grep -c -x -F "  /dev/fd/-1 (system search path)" help)" &&
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
	old/bin/dl >out; expect_eq "loaded libz.so.1" "$(cat out)" &&
	zapp-assemble -q -o mended old &&
	cmp "$Z/lib/ld-linux-x86-64.so.2" mended/lib/ld-linux-x86-64.so.2 &&
	zapp-check mended
'

test_done
