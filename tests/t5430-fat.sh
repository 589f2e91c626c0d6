#!/bin/sh
# USB sticks: zapp-check --fat reports what FAT32 and exFAT would refuse or
# change in a Zapp (names one when case is folded, names with a character
# they refuse, a file of 4 GiB or more, and the hard links they copy);
# zapp-assemble --fat warns the same and makes the Zapp.  A Zapp written
# into a FAT32 image with mtools and copied back out (no mount) keeps its
# names and bytes and runs in an empty root once given the permissions a
# default mount shows; one copied onto exFAT (a loop device and exfat-fuse,
# in a private mount namespace) runs from the stick itself.

. "$(dirname "$0")/lib.sh"
. "$ZAPP_SRC/tests/empty-root.sh"

test_lazy_prereq MTOOLS 'command -v mcopy && command -v mkfs.vfat'
test_lazy_prereq EXFAT 'test "$(id -u)" = 0 && command -v mkfs.exfat && command -v mount.exfat-fuse &&
	test -c /dev/fuse && command -v losetup && unshare -m true'

test_expect_success 'setup: a clean Zapp, and one with names and a size FAT cannot keep' '
	zapp-assemble -q -o clean /usr/bin/jq &&
	cp -a clean bad && touch bad/lib/Foo.so bad/lib/foo.so "bad/lib/a:b" bad/lib/trail. &&
	truncate -s 4500M bad/lib/big
'

test_expect_success 'a clean Zapp is ok for FAT32 and exFAT' '
	zapp-check --fat clean >out &&
	grep -qx "clean: ok for FAT32 and exFAT" out
'

test_expect_success 'every name FAT or exFAT would refuse or change, and the 4.5 GiB file, are reported' '
	test_must_fail_with 1 zapp-check --fat bad 2>err &&
	grep -q "^zapp-check: lib/foo.so: is one name with lib/Foo.so when case is folded" err &&
	grep -q "^zapp-check: lib/a:b: it holds one of" err &&
	grep -q "^zapp-check: lib/trail.: it ends with a dot or a space" err &&
	grep -q "^zapp-check: lib/big: is 4.4 GiB, more than FAT32 holds in a file" err &&
	grep -q "^zapp-check: bad: 4 problems$" err &&
	zapp-check bad
'

test_expect_success 'hard links are reported as copies, with what they cost' '
	mkdir -p t/bin t/share && cp /usr/bin/true t/bin/ && head -c 300000 /dev/urandom >t/share/a && cp t/share/a t/share/b &&
	zapp-assemble -q -o h t &&
	test "$(stat -c %i h/share/a)" = "$(stat -c %i h/share/b)" &&
	zapp-check --fat -v h >out &&
	grep -q "^share/b: is a hard link, which FAT and exFAT make a copy of (0.3 MiB more)$" out &&
	grep -q "^h: on FAT or exFAT, [1-9][0-9]* hard links\? become" out
'

test_expect_success 'zapp-assemble --fat warns of the same and makes the Zapp' '
	mkdir -p w/bin w/share && cp /usr/bin/true w/bin/ && touch "w/share/x?y" w/share/AUX.txt &&
	zapp-assemble --fat -o W w 2>err >/dev/null &&
	grep -q "warning: share/x?y: on FAT or exFAT: it holds one of" err &&
	grep -q "warning: share/AUX.txt: on FAT or exFAT: it is a DOS device name" err &&
	test -x W/bin/true &&
	zapp-assemble -q -o W2 w 2>err && test ! -s err
'

test_expect_success MTOOLS 'through a FAT32 image and back (mtools): names and bytes stay; it runs in an empty root' '
	mkfs.vfat -F 32 -C stick.img 131072 >/dev/null &&
	mcopy -s -i stick.img clean ::/jq &&
	mdir -i stick.img ::/jq/bin | grep -qi "^jq " &&
	mkdir back && mcopy -s -i stick.img ::/jq back/ &&
	diff -r clean back/jq &&
	chmod -R 755 back/jq &&
	mkdir -p root && mv back/jq "root/the stick" &&
	run_in_empty_root root "/the stick/bin/jq" -n "1+1" >out &&
	expect_eq 2 "$(cat out)" "jq from the stick"
'

test_expect_success EXFAT 'onto exFAT: it runs from the stick itself' '
	truncate -s 128M ex.img && mkfs.exfat ex.img >/dev/null && mkdir -p mnt &&
	loop=$(losetup -f --show ex.img) &&
	unshare -m sh -c "mount.exfat-fuse -o noatime $loop mnt && cp -r clean mnt/jq &&
		mnt/jq/bin/jq -n 1+2 >ex.out; s=\$?; umount mnt; exit \$s"; s=$?
	losetup -d "$loop"
	test $s = 0 && expect_eq 3 "$(cat ex.out)" "jq run from exFAT"
'

test_done
