#!/bin/sh
# --tar FILE: the Zapp as a tar archive, through libarchive.  Alone, only
# FILE is written (no directory, nothing left in a temporary place); with
# -o OUT, both.  The same inputs give the same bytes, whatever the time or
# the directory (sorted entries, owner 0, SOURCE_DATE_EPOCH or 0 for every
# time, gzip without its time stamp), for each compression the name asks
# for.  Plain tar -x makes a Zapp that runs moved and in an empty root;
# hard links stay hard links.  An existing FILE is never replaced; a
# reader that goes away leaves nothing behind.

. "$(dirname "$0")/lib.sh"
. "$ZAPP_SRC/tests/empty-root.sh"

test_lazy_prereq ZSTD 'command -v zstd'
test_lazy_prereq XZ 'command -v xz'

test_expect_success 'setup: an install tree with a program and two equal data files' '
	build_example "$TRASH/ex" &&
	cp -a ex/stage/usr/local tree &&
	mkdir -p tree/share/ex && printf "same bytes\n" >tree/share/ex/a && cp tree/share/ex/a tree/share/ex/b
'

test_expect_success '--tar alone writes only the archive, named after what it holds' '
	mkdir one && (cd one && zapp-assemble --tar ex.tar.gz ../tree >../out) &&
	grep -q "^ex.tar.gz: [0-9]* programs (" out &&
	ls -A one >list && printf "ex.tar.gz\n" >expect && test_cmp expect list &&
	tar -tzf one/ex.tar.gz >names && head -n 1 names >first && printf "ex/\n" >expect && test_cmp expect first &&
	grep -qx "ex/bin/hello" names
'

for c in tar tar.gz tgz XZ:tar.xz ZSTD:tar.zst
do
	pre=${c%%:*} suf=${c#*:}
	[ "$pre" = "$c" ] && pre=
	test_expect_success $pre "the same inputs give the same .$suf, at another time and place" '
		mkdir -p "t1-$suf" "t2 $suf" &&
		(cd "t1-$suf" && zapp-assemble -q --tar "z.$suf" ../tree) &&
		sleep 1 &&
		(cd "t2 $suf" && zapp-assemble -q --tar "z.$suf" ../tree) &&
		cmp "t1-$suf/z.$suf" "t2 $suf/z.$suf" &&
		mkdir "x $suf" && tar -xf "t1-$suf/z.$suf" -C "x $suf" &&
		"x $suf/z/bin/hello" >out && test -s out &&
		zapp-check -q "x $suf/z"
	'
done

test_lazy_prereq BUSYBOX 'test -x /bin/busybox && /bin/busybox tar --help 2>&1 | grep -q -- -z'

test_expect_success BUSYBOX 'busybox tar extracts it too, and the Zapp runs' '
	mkdir bb && /bin/busybox tar -xzf "t1-tar.gz/z.tar.gz" -C bb &&
	bb/z/bin/hello >out && test -s out && zapp-check -q bb/z &&
	diff -r "x tar.gz/z" bb/z
'

test_expect_success 'with SOURCE_DATE_EPOCH, touching the inputs changes no byte' '
	mkdir s1 s2 &&
	(cd s1 && SOURCE_DATE_EPOCH=1700000000 zapp-assemble -q --tar z.tar.xz ../tree) &&
	find tree -exec touch -h -d "2001-02-03 04:05" {} + &&
	(cd s2 && SOURCE_DATE_EPOCH=1700000000 zapp-assemble -q --tar z.tar.xz ../tree) &&
	cmp s1/z.tar.xz s2/z.tar.xz
'

test_expect_success 'into a missing directory: a clear error, nothing written' '
	test_must_fail_with 1 zapp-assemble -q --tar no/such/dir/z.tar tree 2>err &&
	grep -q "^zapp-assemble: .*no/such/dir" err && test ! -e no
'

test_expect_success 'owner 0 without names, every time SOURCE_DATE_EPOCH (or 0), modes as in the Zapp' '
	SOURCE_DATE_EPOCH=1700000000 zapp-assemble -q -o d --tar d.tar tree &&
	tar --numeric-owner -tvf d.tar >tv &&
	! grep -v " 0/0 " tv | grep -q . &&
	! grep -v " 2023-11-14 22:13 " tv | grep -q . &&
	grep -q "^-rwxr-xr-x .* d/bin/hello$" tv &&
	zapp-assemble -q --tar e.tar tree && tar --numeric-owner -tvf e.tar | grep -q " 1970-01-01 00:00 e/bin/hello$"
'

test_expect_success 'with -o OUT both: the archive holds OUT under its name, byte for byte' '
	mkdir xd && tar -xf d.tar -C xd &&
	diff -r d xd/d &&
	cmp d/bin/hello xd/d/bin/hello
'

test_expect_success 'hard links of the Zapp stay hard links in the archive and after it' '
	grep -q "^h.* d/share/ex/b link to d/share/ex/a$" tv &&
	test "$(stat -c %i xd/d/share/ex/a)" = "$(stat -c %i xd/d/share/ex/b)"
'

test_expect_success ROOT 'extracted by plain tar, moved, it runs in an empty root' '
	mkdir -p root && tar -xf d.tar -C root && mv root/d "root/a zapp" &&
	run_in_empty_root root "/a zapp/bin/hello" >out &&
	d/bin/hello >expect && test_cmp expect out
'

test_expect_success 'an existing FILE is not replaced, and nothing is left' '
	printf "mine\n" >taken.tar &&
	test_must_fail_with 1 zapp-assemble -q --tar taken.tar tree 2>err &&
	grep -q "taken.tar: already exists: not replaced" err &&
	printf "mine\n" >expect && test_cmp expect taken.tar &&
	test_must_fail_with 1 zapp-assemble -q -o T --tar taken.tar tree &&
	test ! -e T && ! ls -A | grep -q "zapp-tmp"
'

test_expect_success 'a name that is no tar archive'"'"'s, and --add without -o, are usage errors' '
	test_must_fail_with 2 zapp-assemble -q --tar z.zip tree 2>err &&
	grep -q "not the name of a tar archive" err && test ! -e z.zip &&
	test_must_fail_with 2 zapp-assemble -q --add --tar z.tar tree &&
	test_must_fail_with 2 zapp-assemble -q --tar .tar tree
'

test_expect_success '--tar - writes standard output; a reader that goes away leaves nothing behind' '
	mkdir p && (cd p && zapp-assemble -q --tar - ../tree | tar -tf - >../names) &&
	grep -qx "zapp/bin/hello" names && test -z "$(ls -A p)" &&
	(cd p && { zapp-assemble -q --tar - ../tree 2>../err; echo $? >../status; } | head -c 10 >/dev/null) &&
	test "$(cat status)" = 1 && test -z "$(ls -A p)"
'

test_done
