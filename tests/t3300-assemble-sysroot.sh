#!/bin/bash
# --sysroot: libraries and the loader come from another root, found through
# that root's ld.so.conf and default directories; absolute rpath entries are
# taken inside it too, and then removed from the Zapp with a warning.
. "$(dirname "$0")/lib.sh"

test_expect_success 'setup: a root with its own libc, loader, ld.so.conf and a library' '
	mkdir -p root/lib/x86_64-linux-gnu root/lib64 root/etc/ld.so.conf.d root/opt/extra/lib root/usr/lib &&
	for f in libc.so.6 ld-linux-x86-64.so.2; do
		cp /lib/x86_64-linux-gnu/$f root/lib/x86_64-linux-gnu/ || exit 1
	done &&
	cp /lib/x86_64-linux-gnu/ld-linux-x86-64.so.2 root/lib64/ &&
	echo "include /etc/ld.so.conf.d/*.conf" >root/etc/ld.so.conf &&
	echo "/opt/extra/lib" >root/etc/ld.so.conf.d/extra.conf &&
	printf "int answer(void){return 42;}\n" >a.c &&
	gcc -shared -fPIC -Wl,-soname,libanswer.so.1 -o root/opt/extra/lib/libanswer.so.1 a.c &&
	printf "int answer(void); int main(void){return answer();}\n" >m.c &&
	gcc -o m m.c root/opt/extra/lib/libanswer.so.1
'

test_expect_success 'without --sysroot the library is not found on this host' '
	test_must_fail_with 1 zapp-assemble -q -o no.zapp m 2>err &&
	expect_file_contains err "zapp-assemble: libanswer.so.1: library not found: needed by m"
'

test_expect_success 'with --sysroot it is found through the root'"'"'s ld.so.conf include' '
	zapp-assemble -v --sysroot root -o yes.zapp m 2>err &&
	expect_file_contains err "lib/libanswer.so.1: root/opt/extra/lib/libanswer.so.1" &&
	cmp root/opt/extra/lib/libanswer.so.1 yes.zapp/lib/libanswer.so.1 &&
	zapp-check yes.zapp &&
	status=0 && yes.zapp/bin/m || status=$? &&
	expect_eq 42 "$status" "exit status"
'

test_expect_success 'the loader and libc come from the root, not from the host' '
	expect_file_contains err "lib/libc.so.6: root/lib/x86_64-linux-gnu/libc.so.6"
'

test_expect_success 'an absolute rpath entry is searched inside the root, then removed with a warning' '
	gcc -o p m.c root/opt/extra/lib/libanswer.so.1 -Wl,--disable-new-dtags,-rpath,/opt/extra/lib &&
	rm root/etc/ld.so.conf.d/extra.conf &&
	zapp-assemble --sysroot root -o abs.zapp p 2>warn &&
	expect_file_contains warn "zapp-assemble: warning: dynbin/p: removed absolute rpath entry '\''/opt/extra/lib'\''" &&
	expect_eq "RPATH \$ORIGIN/../lib" "$(rpath_of abs.zapp/dynbin/p)" &&
	zapp-check abs.zapp
'

test_expect_success 'a --sysroot that does not exist is refused' '
	test_must_fail_with 2 zapp-assemble --sysroot nowhere -o x.zapp m 2>err &&
	expect_file_contains err "zapp-assemble: nowhere: cannot use as --sysroot: No such file or directory"
'

test_done
