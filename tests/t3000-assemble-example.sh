#!/bin/bash
# The whole flow on the example: zapp-cc build, make install DESTDIR,
# zapp-assemble, zapp-check, then run the Zapp from awkward places.
. "$(dirname "$0")/lib.sh"

test_expect_success 'the example is built with zapp-cc and staged' '
	build_example "$TRASH" &&
	tree_digest stage >stage.before
'

test_expect_success 'zapp-assemble lays out bin/, dynbin/, lib/ and the rest' '
	zapp-assemble -o hello.zapp stage/usr/local >summary &&
	expect_file_contains summary "hello.zapp: 3 programs (3 launchers)" &&
	for f in bin/hello bin/hello++ dynbin/hello dynbin/hello++ \
		libexec/hello/hello-helper dynbin/libexec/hello/hello-helper \
		lib/ld-linux-x86-64.so.2 lib/libc.so.6 lib/libgreet.so.1 lib/libstdc++.so.6 \
		lib/libhello-shout.so share/hello/message.txt; do
		test -f "hello.zapp/$f" || fail "missing $f" || exit 1
	done &&
	test -x hello.zapp/bin/hello && test -x hello.zapp/libexec/hello/hello-helper
'

test_expect_success 'the input was not modified' '
	tree_digest stage >stage.after &&
	cmp stage.before stage.after
'

test_expect_success 'the Zapp holds no symbolic links' '
	expect_eq "" "$(find hello.zapp -type l)"
'

test_expect_success 'bin/ holds static jumploaders; dynbin/ the real programs' '
	readelf -lW hello.zapp/bin/hello >l &&
	expect_file_lacks l INTERP &&
	readelf -lW hello.zapp/dynbin/hello >l &&
	expect_file_contains l "Requesting program interpreter"
'

test_expect_success 'each program carries the $ORIGIN path from its jumploader to lib/' '
	expect_eq "RPATH \$ORIGIN/../lib" "$(rpath_of hello.zapp/dynbin/hello)" &&
	expect_eq "RPATH \$ORIGIN/../../lib" "$(rpath_of hello.zapp/dynbin/libexec/hello/hello-helper)"
'

test_expect_success 'zapp-check passes' '
	zapp-check hello.zapp >out &&
	expect_file_contains out "ok: x86-64, 3 programs, 3 launchers"
'

dest="$TRASH/Ünïcödé dir/with spaces"
test_expect_success 'moved to a path with spaces and non-ASCII letters, it runs' '
	mkdir -p "$dest" &&
	cp -r hello.zapp "$dest/" &&
	rm -rf stage src &&
	cd / &&
	expect_eq "Hello from libgreet, world!" "$("$dest/hello.zapp/bin/hello")" &&
	expect_eq "PLUGIN LOADED" "$("$dest/hello.zapp/bin/hello" --plugin)" &&
	expect_eq "A message kept in share/hello." "$("$dest/hello.zapp/bin/hello" --data)" &&
	"$dest/hello.zapp/bin/hello" --helper >helper.out &&
	printf "%s\n" "Hello from libgreet, from hello!" "helper argv[0]=hello-helper" >want &&
	cmp want helper.out &&
	"$dest/hello.zapp/bin/hello++" Zapp >cxx.out &&
	printf "%s\n" "Hello from libgreet, Zapp!" "hello++ says: 4 letters" >want &&
	cmp want cxx.out
'

test_expect_success 'it opens no library or loader outside itself' '
	command -v strace >/dev/null || { echo "strace missing"; exit 1; }
	strace -f -e trace=open,openat,execve -o trace "$dest/hello.zapp/bin/hello" --plugin >/dev/null &&
	# strace writes bytes outside ASCII as octal escapes: decode them first
	perl -pe "s/\\\\([0-7]{3})/chr(oct(\$1))/ge" trace >trace.decoded &&
	grep -E "\.so|ld-linux" trace.decoded | grep -v ENOENT | grep -v -F "$dest/hello.zapp/" >leaks || true &&
	test ! -s leaks || { cat leaks; false; }
'

test_expect_success ROOT 'it runs in an empty root: only the Zapp and a private /proc' '
	mkdir root &&
	cp -r hello.zapp root/ &&
	run_in_empty_root root /hello.zapp/bin/hello >out &&
	expect_eq "Hello from libgreet, world!" "$(cat out)" &&
	run_in_empty_root root /hello.zapp/bin/hello --helper >out &&
	expect_file_contains out "helper argv[0]=hello-helper" &&
	run_in_empty_root root /hello.zapp/bin/hello++ >out &&
	expect_file_contains out "hello++ says: 3 letters"
'

test_expect_success ROOT 'it runs from a read-only bind mount' '
	mkdir ro &&
	unshare -m --propagation private sh -c "
		mount --bind \"$TRASH/hello.zapp\" \"$TRASH/ro\" &&
		mount -o remount,bind,ro \"$TRASH/ro\" &&
		! touch \"$TRASH/ro/x\" 2>/dev/null &&
		\"$TRASH/ro/bin/hello\" --plugin
	" >out &&
	expect_eq "PLUGIN LOADED" "$(cat out)"
'

test_expect_success 'the same input gives a byte-identical tree; SOURCE_DATE_EPOCH sets every time' '
	build_example "$TRASH/again" &&
	SOURCE_DATE_EPOCH=1700000000 zapp-assemble -q -o one.zapp again/stage/usr/local &&
	SOURCE_DATE_EPOCH=1700000000 zapp-assemble -q -o two.zapp again/stage/usr/local &&
	tree_digest one.zapp >one && tree_digest two.zapp >two &&
	cmp one two &&
	expect_eq "1700000000" "$(find one.zapp -printf "%T@\n" | sed "s/\..*//" | sort -u)"
'

test_expect_success 'zapp-check fails, naming the problem, when a library is deleted' '
	cp -r one.zapp broken1.zapp &&
	rm broken1.zapp/lib/libgreet.so.1 &&
	test_must_fail_with 1 zapp-check broken1.zapp 2>err &&
	expect_file_contains err "zapp-check: dynbin/hello: needs libgreet.so.1, which is not found inside the Zapp"
'

test_expect_success 'zapp-check fails when an absolute rpath is planted' '
	cp -r one.zapp broken2.zapp &&
	patchelf --set-rpath /usr/lib/x86_64-linux-gnu broken2.zapp/dynbin/hello &&
	test_must_fail_with 1 zapp-check broken2.zapp 2>err &&
	expect_file_contains err "zapp-check: dynbin/hello: absolute rpath entry '\''/usr/lib/x86_64-linux-gnu'\''"
'

test_expect_success 'zapp-check fails on a link out of the Zapp, a missing loader, a lost program' '
	cp -r one.zapp broken3.zapp &&
	ln -s /etc/passwd broken3.zapp/share/leak &&
	rm broken3.zapp/lib/ld-linux-x86-64.so.2 broken3.zapp/dynbin/hello++ &&
	test_must_fail_with 1 zapp-check broken3.zapp 2>err &&
	expect_file_contains err "share/leak: symbolic link leaves the Zapp (to /etc/passwd)" &&
	expect_file_contains err "bin/hello: the loader lib/ld-linux-x86-64.so.2 of its program is missing" &&
	expect_file_contains err "bin/hello++: starts dynbin/hello++, which is not in the Zapp"
'

test_done
