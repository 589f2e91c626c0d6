#!/bin/sh
# zapp-dedup ZAPP...: the files several Zapps on one file system hold with
# the same bytes, mode and owner become one inode; every name keeps its
# bytes and mode, the Zapps still pass zapp-check and run; the bytes saved
# are reported; a second run finds nothing; -n changes nothing; a file of
# another mode, of another file system, or of a directory that is no Zapp
# is left as it is.

. "$(dirname "$0")/lib.sh"

test_lazy_prereq NS 'test "$(id -u)" = 0 && unshare -m true'

# content FILE DIR...: every file's path, mode and SHA-256 below the DIRs
content() {
	out=$1; shift
	find "$@" -type f -printf "%p %m\n" | LC_ALL=C sort >"$out.modes" &&
	find "$@" -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum >"$out"
}

test_expect_success 'setup: two Zapps that share glibc, two trees with one file in two modes' '
	zapp-assemble -q -o A /usr/bin/jq && zapp-assemble -q -o B /usr/bin/gzip &&
	mkdir -p t1/share t2/share t1/bin t2/bin && cp /usr/bin/true t1/bin/ && cp /usr/bin/true t2/bin/ &&
	printf "data\n" >t1/share/d && cp t1/share/d t2/share/d &&
	chmod 644 t1/share/d && chmod 600 t2/share/d &&
	zapp-assemble -q -o C t1 && zapp-assemble -q -o D t2 &&
	test "$(stat -c %i A/lib/libc.so.6)" != "$(stat -c %i B/lib/libc.so.6)" &&
	content before A B C D
'

test_expect_success '-n says what it would do and changes nothing' '
	zapp-dedup -n A B C D >out &&
	grep -q "^[1-9][0-9]* files would be made one with another: [0-9.]* MiB to be saved$" out &&
	test "$(stat -c %i A/lib/libc.so.6)" != "$(stat -c %i B/lib/libc.so.6)"
'

test_expect_success 'the shared files become one inode, and the bytes saved are said' '
	zapp-dedup A B C D >out &&
	grep -q "^[1-9][0-9]* files made one with another: [1-9][0-9.]* MiB saved$" out &&
	test "$(stat -c %i A/lib/libc.so.6)" = "$(stat -c %i B/lib/libc.so.6)" &&
	test "$(stat -c %i A/lib/ld-linux-x86-64.so.2)" = "$(stat -c %i B/lib/ld-linux-x86-64.so.2)"
'

test_expect_success 'every name keeps its bytes and mode; both Zapps pass zapp-check and run' '
	content after A B C D &&
	test_cmp before after && test_cmp before.modes after.modes &&
	zapp-check -q A && zapp-check -q B && zapp-check -q C && zapp-check -q D &&
	A/bin/jq --version && printf "x\n" | B/bin/gzip | B/bin/gzip -d >out && test "$(cat out)" = x
'

test_expect_success 'a file of another mode stays a file of its own' '
	test "$(stat -c %i C/share/d)" != "$(stat -c %i D/share/d)"
'

test_expect_success 'a second run finds nothing to do' '
	zapp-dedup A B C D >out &&
	grep -q "^0 files made one with another: 0.0 MiB saved$" out
'

test_expect_success 'a directory that is no Zapp is refused and left as it is' '
	mkdir mine && cp A/lib/libc.so.6 mine/ &&
	test_must_fail_with 1 zapp-dedup A mine 2>err &&
	grep -q "^zapp-dedup: mine: not a Zapp, left as it is" err &&
	test "$(stat -c %h mine/libc.so.6)" = 1
'

test_expect_success NS 'never across file systems' '
	mkdir other &&
	unshare -m sh -c "mount --make-rprivate / && mount -t tmpfs zapp-test other &&
		cp -a B other/E && zapp-dedup A other/E >out &&
		test \"\$(stat -c %h other/E/lib/libc.so.6)\" = 1" &&
	grep -q "^0 files made one" out
'

test_expect_success 'usage errors' '
	test_must_fail_with 2 zapp-dedup &&
	test_must_fail_with 2 zapp-dedup --bogus A &&
	zapp-dedup --version | grep -q "^zapp-dedup (zapp) " &&
	zapp-dedup --help | grep -q "^Usage: zapp-dedup"
'

test_done
