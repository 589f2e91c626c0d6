#!/bin/bash
# Python with its standard library (--include /usr/lib/python3.11), and
# glibc's run-time pieces that come with every Zapp holding glibc: gconv
# modules (iconv to EBCDIC), the C.UTF-8 locale, the NSS modules "files"
# and "dns" (a user and a host looked up in an empty root whose
# nsswitch.conf names modules the Zapp does not hold).
. "$(dirname "$0")/lib.sh"

py=/usr/bin/python3.11
test_lazy_prereq PY311 'test -x $py && test -f /usr/lib/python3.11/lib-dynload/_ssl.cpython-311-x86_64-linux-gnu.so'
gconv=/usr/lib/x86_64-linux-gnu/gconv

# timed_root ROOT CMD...: run_in_empty_root, killed after 30 s
timed_root() {
	timeout 30 bash -c '. "$ZAPP_SRC/tests/empty-root.sh" && run_in_empty_root "$@"' bash "$@"
}

test_expect_success PY311 'python3 with --include /usr/lib/python3.11: extension modules get rpaths reaching lib/ and bring their libraries' '
	zapp-assemble -q -o py.zapp /usr/bin/python3 --include /usr/lib/python3.11 &&
	test -f py.zapp/lib/python3.11/os.py &&
	dynload=py.zapp/lib/python3.11/lib-dynload &&
	expect_eq "RPATH \$ORIGIN/../.." "$(rpath_of $dynload/_ssl.cpython-311-x86_64-linux-gnu.so)" &&
	test -f py.zapp/lib/libssl.so.3 && test -f py.zapp/lib/libsqlite3.so.0 &&
	zapp-check py.zapp &&
	mv py.zapp "py thon.zapp" &&
	"py thon.zapp/bin/python3" -c "import json, sqlite3, ssl, decimal, sys; print(42, sys.prefix)" >actual &&
	expect_eq "42 $PWD/py thon.zapp" "$(cat actual)"
'

test_expect_success PY311,STRACE 'on the build host, the Zapp'"'"'s python opens no file of the host'"'"'s standard library' '
	strace -f -e trace=open,openat,stat,newfstatat -o trace "py thon.zapp/bin/python3" -c "import json, sqlite3, ssl, decimal" &&
	! grep "\"/usr/lib/python3" trace
'

test_expect_success PY311,ROOT 'the Zapp'"'"'s python in an empty root: json, sqlite3, ssl, decimal' '
	rm -rf root && mkdir -p "root/a b" && cp -a "py thon.zapp" "root/a b/py.zapp" &&
	expect_eq 42 "$(run_in_empty_root root "/a b/py.zapp/bin/python3" -c "import json, sqlite3, ssl, decimal; print(42)")"
'

test_lazy_prereq PIP 'test -f /usr/lib/python3/dist-packages/pip/__main__.py'
test_expect_success PY311,PIP 'python3 -m pip --version reports the pip of the Zapp (lib/python3/dist-packages, by the rule), also in an empty root' '
	zapp-assemble -q -o pip.zapp /usr/bin/python3 --include /usr/lib/python3.11 --include /usr/lib/python3/dist-packages/pip &&
	test -f pip.zapp/lib/python3/dist-packages/pip/__main__.py &&
	mv pip.zapp "p ip.zapp" && "p ip.zapp/bin/python3" -m pip --version >out &&
	expect_file_contains out "from $PWD/p ip.zapp/lib/python3/dist-packages/pip (python 3.11)" &&
	if test_have_prereq ROOT; then
		rm -rf root && mkdir -p "root/a b" && mv "p ip.zapp" "root/a b/pip.zapp" &&
		run_in_empty_root root "/a b/pip.zapp/bin/python3" -m pip --version >out &&
		expect_file_contains out "from /a b/pip.zapp/lib/python3/dist-packages/pip (python 3.11)"
	fi
'

test_expect_success 'a Zapp holding glibc holds the gconv configuration and common modules, C.UTF-8, libnss_files and libnss_dns' '
	zapp-assemble -q -o ic.zapp /usr/bin/iconv /usr/bin/locale /usr/bin/getent &&
	g=ic.zapp/lib/x86_64-linux-gnu/gconv &&
	for f in gconv-modules gconv-modules.cache gconv-modules.d/gconv-modules-extra.conf EBCDIC-US.so ISO8859-1.so ISO-2022-JP.so libJIS.so; do
		test -f $g/$f || fail "no $g/$f"
	done &&
	test ! -e $g/IBM1390.so &&
	test -f ic.zapp/lib/locale/C.utf8/LC_CTYPE &&
	test -f ic.zapp/lib/libnss_files.so.2 && test -f ic.zapp/lib/libnss_dns.so.2 &&
	expect_eq "RPATH \$ORIGIN/../..:\$ORIGIN" "$(rpath_of $g/ISO-2022-JP.so)" &&
	test ! -e ic.zapp/lib/libJIS.so &&
	zapp-check ic.zapp
'

test_expect_success '--glibc-pieces=all holds every gconv module of the host, --glibc-pieces=none no piece' '
	zapp-assemble -q --glibc-pieces=all -o all.zapp /usr/bin/iconv &&
	(cd $gconv && find . -type f | sort) >want && (cd all.zapp/lib/x86_64-linux-gnu/gconv && find . -type f | sort) >got &&
	test_cmp want got && zapp-check all.zapp &&
	test -f all.zapp/lib/locale/C.utf8/LC_CTYPE && test -f all.zapp/lib/libnss_files.so.2 &&
	zapp-assemble -q --glibc-pieces=none -o none.zapp /usr/bin/iconv &&
	test ! -e none.zapp/lib/x86_64-linux-gnu && test ! -e none.zapp/lib/locale && test ! -e none.zapp/lib/libnss_files.so.2 &&
	zapp-check none.zapp && test ! -e none.zapp/lib/libnss_dns.so.2 &&
	test_must_fail_with 2 zapp-assemble --glibc-pieces=most -o x.zapp /usr/bin/iconv 2>err &&
	expect_file_contains err "--glibc-pieces takes common, all or none" && test ! -e x.zapp
'

test_expect_success 'two Zapps that hold the pieces merge into one, and one is added to the other: the pieces once' '
	zapp-assemble -q -o env.zapp /usr/bin/env &&
	zapp-assemble -q -o both.zapp ic.zapp env.zapp && zapp-check both.zapp &&
	test -f both.zapp/lib/x86_64-linux-gnu/gconv/EBCDIC-US.so && both.zapp/bin/env true &&
	cp -a ic.zapp added.zapp && zapp-assemble -q --add -o added.zapp env.zapp && zapp-check added.zapp &&
	tree_digest both.zapp >a && tree_digest added.zapp >b && test_cmp a b
'

test_expect_success 'a Zapp of a static program or without libc gets none of them' '
	zapp-assemble -q -o bb.zapp /bin/busybox && test ! -e bb.zapp/lib/locale
'

test_expect_success ROOT 'in an empty root: iconv to EBCDIC-US and the C.UTF-8 locale, from the Zapp'"'"'s pieces (the launchers set GCONV_PATH and LOCPATH)' '
	rm -rf root && mkdir -p "root/i c" && cp -a ic.zapp "root/i c/ic.zapp" &&
	printf abc >abc &&
	run_in_empty_root root "/i c/ic.zapp/bin/iconv" -f UTF-8 -t EBCDIC-US <abc >ebcdic &&
	expect_eq " 81 82 83" "$(od -An -tx1 ebcdic)" &&
	expect_eq UTF-8 "$(LC_ALL=C.UTF-8 run_in_empty_root root "/i c/ic.zapp/bin/locale" charmap)" &&
	: without the pieces, the same fails &&
	zapp-assemble -q --glibc-pieces=none -o "root/i c/bare.zapp" /usr/bin/iconv /usr/bin/locale &&
	{ ! run_in_empty_root root "/i c/bare.zapp/bin/iconv" -f UTF-8 -t EBCDIC-US <abc >/dev/null 2>&1; } &&
	expect_eq ANSI_X3.4-1968 "$(LC_ALL=C.UTF-8 run_in_empty_root root "/i c/bare.zapp/bin/locale" charmap 2>/dev/null)"
'

test_expect_success ROOT 'in an empty root whose nsswitch.conf names modules the Zapp lacks: a user and a host are found, nothing hangs' '
	mkdir -p root/etc &&
	echo "root:x:0:0:root:/root:/bin/sh" >root/etc/passwd && echo "root:x:0:" >root/etc/group &&
	echo "127.0.0.1 localhost" >root/etc/hosts &&
	printf "passwd: files systemd sss\ngroup: files systemd\nhosts: files mdns4_minimal [NOTFOUND=return] dns myhostname\n" >root/etc/nsswitch.conf &&
	timed_root root "/i c/ic.zapp/bin/getent" passwd root >out &&
	expect_eq "root:x:0:0:root:/root:/bin/sh" "$(cat out)" &&
	timed_root root "/i c/ic.zapp/bin/getent" hosts localhost >out &&
	expect_file_contains out "127.0.0.1" &&
	{ timed_root root "/i c/ic.zapp/bin/getent" passwd nosuchuser; test $? = 2; }
'

test_done
