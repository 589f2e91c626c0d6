#!/bin/sh
# --host-lib PATTERN, the way out for host drivers: a library of that name
# is not brought into the Zapp; the program loads the host's, found in the
# host's library directories at the end of its search path, with what the
# host's driver needs that the Zapp does not hold.  Off by default: the
# driver of the build machine is bundled.  A Zapp assembled again keeps
# the list; zapp-check accepts the names it lists.  A host without the
# driver fails as a machine without it does; one whose driver needs a
# newer glibc than the Zapp's is refused by the loader, naming the version.
#
# The "host" is a tmpfs over /usr/local/lib (a directory of the loader's
# configuration) in a private mount namespace: the machine's own
# directories are not touched.

. "$(dirname "$0")/lib.sh"

SRC=$ZAPP_SRC/tests/hostlib
Z="$TRASH/moved Zapp"

test_lazy_prereq NS 'test "$(id -u)" = 0 && unshare -m true && grep -rqs "^/usr/local/lib$" /etc/ld.so.conf /etc/ld.so.conf.d'

# on_host SCRIPT ARG0: sh -c SCRIPT ARG0 where /usr/local/lib holds the
# host's driver (from $TRASH/host), in a private mount namespace
on_host() {
	HOST="$TRASH/host" unshare -m sh -c 'mount --make-rprivate / && mount -t tmpfs zapp-test /usr/local/lib &&
		cp "$HOST"/* /usr/local/lib/ && '"$1" "$2"
}

test_expect_success 'setup: a program linked with the build machine'"'"'s driver; the host'"'"'s driver and its own library' '
	mkdir -p build host &&
	gcc -O2 -fPIC -shared -DVENDOR="\"build machine\"" -Wl,-soname,libfakegl.so.1 -o build/libfakegl.so.1 "$SRC/fakegl.c" &&
	ln -s libfakegl.so.1 build/libfakegl.so &&
	gcc -O2 -o app "$SRC/app.c" -Lbuild -lfakegl -Wl,-rpath,"$TRASH/build" &&
	gcc -O2 -fPIC -shared -Wl,-soname,libfakedrm.so.1 -o host/libfakedrm.so.1 "$SRC/fakedrm.c" &&
	gcc -O2 -fPIC -shared -o host/libfakegl_icd.so "$SRC/icd.c" -Lhost -l:libfakedrm.so.1 &&
	gcc -O2 -fPIC -shared -DVENDOR="\"host driver\"" -Wl,-soname,libfakegl.so.1 -o host/libfakegl.so.1 "$SRC/fakegl.c" &&
	./app >out && grep -qx "gl: build machine" out
'

test_expect_success 'by default the build machine'"'"'s driver is bundled' '
	zapp-assemble -q -o D app &&
	test -f D/lib/libfakegl.so.1 &&
	test ! -e D/lib/zapp/hostlibs &&
	D/bin/app >out && grep -qx "gl: build machine" out
'

test_expect_success '--host-lib: not bundled, listed, the host directories last in the program'"'"'s search path' '
	zapp-assemble -q -o Z --host-lib "libfakegl*" app &&
	test ! -e Z/lib/libfakegl.so.1 &&
	printf "libfakegl*\n" >expect && test_cmp expect Z/lib/zapp/hostlibs &&
	rpath=$(rpath_of Z/dynbin/app) &&
	case "$rpath" in "RPATH \$ORIGIN/../lib:"*/usr/local/lib:*) ;; *) fail "rpath $rpath" ;; esac &&
	zapp-check Z >out &&
	grep -q "left to the host (lib/zapp/hostlibs): 1 name" out &&
	mv Z "$Z"
'

test_expect_success NS 'on a host with the driver the program loads the host'"'"'s, and the driver the library it needs' '
	on_host "\"\$0\"/bin/app >out" "$Z" &&
	printf "gl: host driver\nicd: icd with the host'"'"'s drm\n" >expect &&
	test_cmp expect out
'

test_expect_success NS 'a driver left to the host loads by its absolute path too (as a Vulkan loader opens its ICDs); another host library does not' '
	gcc -O2 -o runner "$ZAPP_SRC/tests/redirect/runner.c" -pthread &&
	gcc -O2 -fPIC -shared -DPLUGIN_NAME="\"host icd\"" -o host/libfakegl_vk.so "$ZAPP_SRC/tests/redirect/plugin.c" &&
	cp host/libfakegl_vk.so host/libother_vk.so &&
	mkdir -p rtree/bin && cp runner rtree/bin/ &&
	zapp-assemble -q -o R --host-lib "libfakegl*" rtree &&
	on_host "\"\$0\"/bin/runner dlopen /usr/local/lib/libfakegl_vk.so >vk.out &&
		! \"\$0\"/bin/runner dlopen /usr/local/lib/libother_vk.so 2>other.err" "$TRASH/R" &&
	expect_eq "host icd" "$(cat vk.out)" "the driver left to the host" &&
	grep -q "/dev/null/usr/local/lib/libother_vk.so" other.err
'

test_expect_success NS 'a bare name: the list'"'"'s loads from the host; one the Zapp holds from the Zapp; any other host library does not' '
	mkdir -p rtree/lib && gcc -O2 -fPIC -shared -DPLUGIN_NAME="\"held\"" -o rtree/lib/libheld.so "$ZAPP_SRC/tests/redirect/plugin.c" &&
	rm -rf R && zapp-assemble -q -o R --host-lib "libfakegl*" rtree &&
	test -f /usr/lib/x86_64-linux-gnu/libz.so.1 &&
	on_host "\"\$0\"/bin/runner dlopen libfakegl_vk.so >vk.out &&
		\"\$0\"/bin/runner dlopen libheld.so >held.out &&
		! \"\$0\"/bin/runner dlopen libz.so.1 2>z.err" "$TRASH/R" &&
	expect_eq "host icd" "$(cat vk.out)" "the list names it" &&
	expect_eq held "$(cat held.out)" "the Zapp holds it" &&
	grep -q "runner: dlopen: /dev/null/libz.so.1" z.err
'

test_expect_success NS,STRACE 'the program opens nothing of the host but the driver and what the driver needs' '
	on_host "strace -f -qq -e trace=open,openat -o \"\$0\".tr \"\$0\"/bin/app >/dev/null" "$Z" &&
	grep -v " = -1 " "$Z.tr" | sed -n "s/.*open[a-z]*([^\"]*\"\([^\"]*\.so[.0-9]*\)\".*/\1/p" |
		grep -v "^$Z/" | LC_ALL=C sort -u >opened &&
	printf "%s\n" /usr/local/lib/libfakedrm.so.1 /usr/local/lib/libfakegl.so.1 /usr/local/lib/libfakegl_icd.so >expect &&
	test_cmp expect opened
'

test_expect_success 'without the driver on the host it fails as on a machine without it' '
	test_must_fail_with 127 "$Z/bin/app" 2>err &&
	grep -q "libfakegl.so.1: cannot open shared object file" err
'

test_expect_success NS 'a host driver built for a newer glibc is refused by the loader, naming the version' '
	mkdir -p future &&
	gcc -O2 -fPIC -shared -nostdlib -Wl,-soname,libc.so.6 -Wl,--version-script="$SRC/futurelibc.map" \
		-o future/libc.so.6 "$SRC/futurelibc.c" &&
	gcc -O2 -fPIC -shared -Wl,-soname,libfakegl.so.1 -o future/libfakegl.so.1 "$SRC/future.c" future/libc.so.6 &&
	cp future/libfakegl.so.1 host/ &&
	! on_host "\"\$0\"/bin/app 2>err" "$Z" &&
	grep -q "GLIBC_2.99.*not found (required by /usr/local/lib/libfakegl.so.1)" err
'

test_expect_success 'assembled again from the Zapp, the list stays; patterns merge' '
	zapp-assemble -q -o Z2 --host-lib "libOther.so.*" "$Z" &&
	printf "libOther.so.*\nlibfakegl*\n" >expect && test_cmp expect Z2/lib/zapp/hostlibs &&
	test ! -e Z2/lib/libfakegl.so.1 &&
	zapp-check Z2
'

test_expect_success 'zapp-check: a name the list does not cover is missing; a damaged list is a problem' '
	cp -a "$Z" B && printf "libnothing*\n" >B/lib/zapp/hostlibs &&
	test_must_fail_with 1 zapp-check B 2>err &&
	grep -q "needs libfakegl.so.1, which is not found inside the Zapp" err &&
	printf "lib/x.so\n" >B/lib/zapp/hostlibs &&
	test_must_fail_with 1 zapp-check B 2>err &&
	grep -q "hostlibs: line 1: .lib/x.so. is not a library name or pattern" err
'

test_expect_success 'a pattern with a slash or an empty one is a usage error' '
	test_must_fail_with 2 zapp-assemble -q -o X --host-lib /usr/lib/libGL.so.1 app 2>err &&
	grep -q "without ./." err && test ! -e X &&
	test_must_fail_with 2 zapp-assemble -q -o X --host-lib "" app &&
	test ! -e X
'

test_done
