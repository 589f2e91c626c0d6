#!/bin/sh
# A Zapp'd program never loads a host system library by an absolute path:
# a dlopen of a file under /lib, /usr/lib, /usr/local/lib (and their
# 32- and 64-bit kin) that the Zapp does not hold fails as it would where
# the file is missing, so that the program's own fallback runs, and
# dlerror still names the file.  One the Zapp holds is served from the
# Zapp; a library elsewhere (a user's own plugin) loads as before; so
# does the Zapp's own library when the Zapp itself is installed under a
# system directory.  The programs that can dlopen carry libzapp-rt.so.1
# also when the Zapp has no map.  curl's SASL plugins, which
# `curl --version` dlopens from /usr/lib/x86_64-linux-gnu/sasl2, are no
# longer opened.
#
# The host "system" plugin lives in a tmpfs over /usr/local/lib, in a
# private mount namespace: the machine's own directories are not touched.

. "$(dirname "$0")/lib.sh"

SRC=$ZAPP_SRC/tests/redirect
Z="$TRASH/moved Zapp"
ZLIB=/usr/lib/x86_64-linux-gnu/libz.so.1

test_lazy_prereq NS 'test "$(id -u)" = 0 && unshare -m true'
test_lazy_prereq CURL 'command -v curl && test -d /usr/lib/x86_64-linux-gnu/sasl2'

# in_ns SCRIPT ARG0: sh -c SCRIPT ARG0 in a private mount namespace whose
# /usr/local/lib is an empty tmpfs
in_ns() {
	unshare -m sh -c 'mount --make-rprivate / && mount -t tmpfs zapp-test /usr/local/lib && '"$1" "$2"
}

test_expect_success 'setup: a runner that dlopens, a Zapp of an install tree holding it (no map), moved' '
	gcc -O2 -o runner "$SRC/runner.c" -pthread &&
	mkdir -p tree/bin && cp runner tree/bin/ &&
	gcc -O2 -fPIC -shared -DPLUGIN_NAME="\"user\"" -o user.so "$SRC/plugin.c" &&
	gcc -O2 -fPIC -shared -DPLUGIN_NAME="\"host\"" -o host.so "$SRC/plugin.c" &&
	zapp-assemble -q -o Z tree &&
	zapp-check Z &&
	test ! -e Z/lib/zapp/hostpaths &&
	test -f Z/lib/libzapp-rt.so.1 &&
	readelf -dW Z/dynbin/runner | grep "(NEEDED)" | head -n 1 | grep -q "\[libzapp-rt.so.1\]" &&
	mv Z "$Z"
'

test_expect_success 'a host system library the Zapp does not hold: natively it loads, in the Zapp it fails, naming it' '
	test -f "$ZLIB" &&
	test_must_fail_with 126 ./runner dlopen "$ZLIB" 2>native.err &&
	grep -q "runner: dlsym" native.err &&
	test_must_fail_with 126 "$Z/bin/runner" dlopen "$ZLIB" 2>zapp.err &&
	grep -qF "runner: dlopen: /dev/null$ZLIB: cannot open shared object file" zapp.err &&
	test_must_fail_with 126 "$Z/bin/runner" dlmopen "$ZLIB" 2>zapp.err &&
	grep -qF "runner: dlopen: /dev/null$ZLIB" zapp.err
'

test_expect_success 'spelt with //, . and .. it is still the host system library' '
	test_must_fail_with 126 "$Z/bin/runner" dlopen "/usr//lib/./x86_64-linux-gnu/../x86_64-linux-gnu/libz.so.1" 2>zapp.err &&
	grep -q "runner: dlopen: /dev/null/usr//lib" zapp.err
'

test_expect_success 'a library outside the system directories (a user plugin) loads' '
	expect_eq user "$("$Z/bin/runner" dlopen "$TRASH/user.so")" "the user plugin" &&
	mkdir -p "$TRASH/usr/lib" && cp user.so "$TRASH/usr/lib/" &&
	expect_eq user "$("$Z/bin/runner" dlopen "$TRASH/usr/lib/user.so")" "a plugin in a directory merely named usr/lib"
'

test_expect_success NS,STRACE 'a plugin in /usr/local/lib: natively it loads; in the Zapp it does not and is not opened; held by the Zapp it is the Zapp copy' '
	in_ns "mkdir /usr/local/lib/zt && cp host.so /usr/local/lib/zt/plugin.so &&
		./runner dlopen /usr/local/lib/zt/plugin.so >native.out &&
		! strace -f -qq -e trace=open,openat -o zapp.tr \"\$0\" dlopen /usr/local/lib/zt/plugin.so >zapp.out 2>zapp.err &&
		zapp-assemble -q -o H runner /usr/local/lib/zt/plugin.so &&
		strace -f -qq -e trace=open,openat -o held.tr H/bin/runner dlopen /usr/local/lib/zt/plugin.so >held.out &&
		rm /usr/local/lib/zt/plugin.so &&
		H/bin/runner dlopen /usr/local/lib/zt/plugin.so >gone.out" "$Z/bin/runner" &&
	expect_eq host "$(cat native.out)" "natively" &&
	test ! -s zapp.out &&
	grep -qF "/dev/null/usr/local/lib/zt/plugin.so: cannot open shared object file" zapp.err &&
	! grep "\"/usr/local/lib/zt/plugin.so\"" zapp.tr | grep -q . &&
	expect_eq host "$(cat held.out)" "the Zapp copy of the plugin" &&
	grep -q "\"$TRASH/H/lib/plugin.so\"" held.tr &&
	! grep "\"/usr/local/lib/zt/plugin.so\"" held.tr | grep -q . &&
	expect_eq host "$(cat gone.out)" "the Zapp copy, the host file gone"
'

test_expect_success NS 'a Zapp installed under /usr/local/lib loads its own library by its absolute path' '
	mkdir -p own/lib/plugins && cp user.so own/lib/plugins/own.so && cp runner own/ &&
	in_ns "mkdir /usr/local/lib/zapps && zapp-assemble -q -o /usr/local/lib/zapps/O \"\$0\" own/lib/plugins/own.so &&
		/usr/local/lib/zapps/O/bin/runner dlopen /usr/local/lib/zapps/O/lib/own.so >own.out &&
		! /usr/local/lib/zapps/O/bin/runner dlopen /usr/local/lib/zapps/Other/lib/own.so 2>other.err" "$TRASH/own/runner" &&
	expect_eq user "$(cat own.out)" "the Zapp own library" &&
	grep -qF "/dev/null/usr/local/lib/zapps/Other/lib/own.so" other.err
'

test_expect_success 'with --no-redirect the program is left as it was and loads the host library' '
	zapp-assemble -q --no-redirect -o N tree &&
	test ! -e N/lib/libzapp-rt.so.1 &&
	test_must_fail_with 126 N/bin/runner dlopen "$ZLIB" 2>n.err &&
	grep -q "runner: dlsym" n.err
'

test_expect_success STRACE,CURL 'curl --version in its Zapp opens no host SASL plugin (it did: 9 host libraries)' '
	zapp-assemble -q -o C /usr/bin/curl &&
	strace -f -qq -e trace=open,openat -o tr C/bin/curl --version >out &&
	grep -q "^curl " out &&
	! grep "\"/usr/lib/x86_64-linux-gnu/sasl2/[^\"]*\.so\"" tr | grep -v " = -1 " | grep -q . &&
	! grep "\"/\(usr/\)\?lib/[^\"]*\.so[.0-9]*\"" tr | grep -v " = -1 " | grep -q .
'

test_lazy_prereq GITSSH 'command -v git && command -v ssh'

# host_libs_opened TRACE ZAPP: the libraries and loaders outside ZAPP that
# the trace shows opened (successfully), one per line
host_libs_opened() {
	grep -v " = -1 " "$1" | sed -n "s/.*open[a-z]*([^\"]*\"\([^\"]*\)\".*/\1/p" |
		grep "\.so\([.0-9]*\)\?$\|/ld-linux" | grep -v "^$2/" | LC_ALL=C sort -u
}

test_expect_success STRACE,CURL,GITSSH 'curl --version, git --version and ssh -V of a Zapp open no library or loader of the host' '
	zapp-assemble -q -o "$TRASH/H zapp" /usr/bin/curl /usr/bin/git /usr/bin/ssh &&
	for cmd in "curl --version" "git --version" "ssh -V"; do
		strace -f -qq -e trace=open,openat,execve -o tr "$TRASH/H zapp/bin/${cmd%% *}" ${cmd#* } >/dev/null 2>&1 &&
		host_libs_opened tr "$TRASH/H zapp" >opened &&
		{ test ! -s opened || { cat opened >&2; fail "$cmd opened host libraries"; }; } || return 1
	done
'

test_expect_success STRACE,CURL 'a library removed from the Zapp fails to load, as in an empty root: the host copy is not used' '
	cp -a "$TRASH/H zapp" R && rm R/lib/libz.so.1 &&
	test_must_fail_with 127 R/bin/curl --version 2>err &&
	grep -q "libz.so.1: cannot open shared object file: No such file or directory" err
'

test_done
