#!/bin/bash
# --detect: every file of the Debian package that owns each program input,
# from dpkg's database files: jq (its manual and documents too), nmap (its
# data files, found beside the program: a scan in an empty root), merged
# /usr (a program named /bin/...), and a diversion; the owners found from
# the lists a program's name suggests are those every list gives (dpkg -S),
# and a program whose package its name does not suggest is found too.
. "$(dirname "$0")/lib.sh"

test_lazy_prereq JQ 'test -x /usr/bin/jq && test -f /var/lib/dpkg/info/jq.list'
test_lazy_prereq NMAP 'test -x /usr/bin/nmap && test -f /var/lib/dpkg/info/nmap-common.list'

test_expect_success JQ '--detect on /usr/bin/jq: the files of the package jq, each at its place' '
	zapp-assemble -v -o jq.zapp /usr/bin/jq --detect >out 2>err &&
	expect_file_contains err "jq: --detect: every file of this package is included" &&
	while read -r f; do
		test -d "$f" && continue
		test -e "$f" || continue
		rel=${f#/usr/}
		test -f "jq.zapp/$rel" || fail "$f is not at jq.zapp/$rel"
	done </var/lib/dpkg/info/jq.list &&
	test -f jq.zapp/share/man/man1/jq.1.gz && zapp-check jq.zapp &&
	mv jq.zapp "j q.zapp" && expect_eq 42 "$(echo "{\"a\":42}" | "j q.zapp/bin/jq" .a)"
'

test_expect_success JQ 'merged /usr: /bin/jq is owned as /usr/bin/jq' '
	test "$(readlink -f /bin)" = /usr/bin &&
	zapp-assemble -q -o bjq.zapp /bin/jq --detect &&
	test -f bjq.zapp/share/man/man1/jq.1.gz && test -f bjq.zapp/bin/jq
'

test_expect_success NMAP '--detect on nmap: with nmap-common (the data), found beside the program' '
	zapp-assemble -q -o nm.zapp /usr/bin/nmap --detect &&
	test -f nm.zapp/share/nmap/nmap-services || {
		# the data is in nmap-common, which nmap depends on, not in nmap
		zapp-assemble -q -o nm2.zapp /usr/bin/nmap --detect --include /usr/share/nmap &&
		rm -rf nm.zapp && mv nm2.zapp nm.zapp
	} &&
	test -f nm.zapp/share/nmap/nmap-services && test -f nm.zapp/share/man/man1/nmap.1.gz &&
	zapp-check nm.zapp && mv nm.zapp "n m.zapp" &&
	"n m.zapp/bin/nmap" --version >out && expect_file_contains out "Nmap version"
'

test_expect_success NMAP,ROOT 'the nmap Zapp in an empty root: a TCP scan finds its services file in the Zapp' '
	mkdir -p "root/a b" root/etc && cp -a "n m.zapp" "root/a b/nm.zapp" &&
	echo "root:x:0:0:root:/root:/bin/sh" >root/etc/passwd && echo "root:x:0:" >root/etc/group &&
	run_in_empty_root root "/a b/nm.zapp/bin/nmap" -sT -p 1 127.0.0.1 >out 2>err &&
	expect_file_contains out "1/tcp" && expect_file_contains out "tcpmux" &&
	expect_file_lacks err "Unable to find nmap-services"
'

test_expect_success NMAP 'find /usr/share/nmap -name "*.lua" | zapp-assemble --files-from -: each script at its place' '
	find /usr/share/nmap -name "*.lua" | zapp-assemble -q -o lua.zapp /usr/bin/nmap --files-from - &&
	(cd /usr/share/nmap && find . -name "*.lua" | sort) >want &&
	(cd lua.zapp/share/nmap && find . -type f | sort) >got && test_cmp want got
'

# owners_agree PROG ZAPP: the packages zapp-assemble -v --detect named for
# PROG (in err) are those dpkg -S names for PROG, for its real path, and
# for both with and without /usr; every regular file they list is in ZAPP
# at its place, and ZAPP holds nothing else beyond the program's closure.
owners_agree() {
	real=$(readlink -f "$1") &&
	for p in "$1" "$real"; do
		case $p in /usr/*) echo "${p#/usr}" ;; *) echo "/usr$p" ;; esac
		echo "$p"
	done | sort -u | while read -r p; do
		dpkg-query -S "$p" 2>/dev/null | grep -v "^diversion by" | sed "s/: .*//" | tr -d " " | tr , "\n"
	done | sort -u >owners.want &&
	test -s owners.want &&
	sed -n "s/^zapp-assemble: \(.*\): --detect: every file of this package is included$/\1/p" err | sort >owners.got &&
	test_cmp owners.want owners.got &&
	while read -r pkg; do cat "/var/lib/dpkg/info/$pkg.list"; done <owners.want | sort -u >files.all &&
	n=0 && while read -r f; do
		test -d "$f" && continue
		test -f "$f" || continue
		rel=${f#/usr/} && rel=${rel#/} &&
		{ test -e "$2/$rel" || fail "$f is not at $2/$rel"; } || return 1
		n=$((n + 1))
	done <files.all &&
	test "$n" -gt 0 && say "$n files of $(tr "\n" " " <owners.want)"
}

test_lazy_prereq DPKG_QUERY 'command -v dpkg-query && test -f /var/lib/dpkg/info/coreutils.list'

test_expect_success DPKG_QUERY '--detect on /usr/bin/[: coreutils (no list its name suggests), every file of it' '
	zapp-assemble -v -o br.zapp "/usr/bin/[" --detect >out 2>err &&
	owners_agree "/usr/bin/[" br.zapp && expect_eq coreutils "$(cat owners.got)" &&
	test -f br.zapp/bin/ls && mv br.zapp "b r.zapp" && "b r.zapp/bin/[" 1 -lt 2 ]
'

test_expect_success DPKG_QUERY '--detect on dpkg-deb, git-upload-pack, python3: the owners every list gives' '
	for p in /usr/bin/dpkg-deb /usr/lib/git-core/git-upload-pack /usr/bin/python3 /usr/bin/nmap /bin/jq; do
		test -f "$p" || continue
		rm -rf one.zapp &&
		zapp-assemble -v -o one.zapp "$p" --detect >out 2>err &&
		owners_agree "$p" one.zapp || return 1
	done
'

test_expect_success NMAP,STRACE 'nmap is found in the list of its name: --detect reads 1 list of the database, not all' '
	strace -f -e trace=openat -o trace zapp-assemble -q -o nms.zapp /usr/bin/nmap --detect &&
	grep "/var/lib/dpkg/info/.*\.list\"" trace | grep -v ENOENT | sed "s/.*info\/\([^\"]*\)\".*/\1/" | sort -u >read &&
	expect_eq nmap.list "$(cat read)" && test -f nms.zapp/share/man/man1/nmap.1.gz
'

test_expect_success 'setup: a fake dpkg database in a --sysroot with a static program: lists, multi-arch names, a diversion, a file gone' '
	mkdir -p sr/var/lib/dpkg/info sr/usr/bin sr/usr/share/p sr/usr/share/q sr/etc &&
	cp /bin/busybox sr/usr/bin/prog && echo d >sr/usr/share/p/data && echo moved >sr/usr/share/p/data.distrib &&
	echo q >sr/usr/share/q/other &&
	printf "/.\n/usr\n/usr/bin\n/usr/bin/prog\n/usr/share/p\n/usr/share/p/data\n/usr/share/p/gone\n" >"sr/var/lib/dpkg/info/prog:amd64.list" &&
	printf "/usr/share/q/other\n" >sr/var/lib/dpkg/info/other.list &&
	printf "/usr/share/p/data\n/usr/share/p/data.distrib\nother\n" >sr/var/lib/dpkg/diversions
'

test_expect_success 'the fake database: the diverted file is taken from where it was moved' '
	zapp-assemble -v --sysroot "$PWD/sr" -o sr.zapp sr/usr/bin/prog --detect >out 2>err &&
	expect_file_contains err "prog:amd64: --detect: every file of this package is included" &&
	expect_file_contains err "sr/usr/share/p/gone: --detect: not included: No such file or directory" &&
	expect_eq moved "$(cat sr.zapp/share/p/data.distrib)" && test ! -e sr.zapp/share/p/data &&
	test ! -e sr.zapp/share/q
'

test_expect_success 'setup: a fake merged-/usr database: a list named like a program that does not own it, Multi-Arch: same instances, an unmerged name, a link and its file owned apart, a diversion' '
	mkdir -p ms/var/lib/dpkg/info ms/usr/bin ms/usr/share/tool ms/usr/share/mtool ms/usr/share/atool ms/usr/share/doc/tk &&
	ln -s usr/bin ms/bin &&
	for p in tool mtool atool real2; do cp /bin/busybox "ms/usr/bin/$p" || return 1; done &&
	ln -s real2 ms/usr/bin/link &&
	for f in tool/decoy mtool/a mtool/b atool/x doc/tk/copyright; do echo "$f" >"ms/usr/share/$f" || return 1; done &&
	i=ms/var/lib/dpkg/info &&
	printf "/.\n/usr/share/tool\n/usr/share/tool/decoy\n" >$i/tool.list &&
	printf "/.\n/usr/bin\n/usr/bin/tool\n/usr/share/doc/tk/copyright\n" >$i/toolkit-x.list &&
	printf "/usr/bin/mtool\n/usr/share/mtool/a\n" >"$i/mtool:amd64.list" &&
	printf "/usr/bin/mtool\n/usr/share/mtool/b\n" >"$i/mtool:i386.list" &&
	printf "/bin\n/bin/atool\n/usr/share/atool/x\n" >$i/atool.list &&
	printf "/usr/bin/link\n" >$i/link.list && printf "/usr/bin/real2\n" >$i/real2.list &&
	cp /bin/busybox ms/usr/bin/dv && cp /bin/busybox ms/usr/bin/dv.distrib &&
	printf "/usr/bin/dv\n/usr/share/doc/tk\n" >$i/dv.list && printf "/usr/bin/dv\n" >$i/dvr.list &&
	printf "/usr/bin/dv\n/usr/bin/dv.distrib\ndvr\n" >ms/var/lib/dpkg/diversions
'

# detect_owners PROG: the packages zapp-assemble -v --detect names for
# ms/usr/bin/PROG, one a line, into owners; its Zapp is PROG.zapp
detect_owners() {
	zapp-assemble -v --sysroot "$PWD/ms" -o "$1.zapp" "ms/usr/bin/$1" --detect >out 2>err &&
	sed -n "s/^zapp-assemble: \(.*\): --detect: every file of this package is included$/\1/p" err | sort >owners
}

test_expect_success 'the fake database: tool.list lists no /usr/bin/tool: the owner is toolkit-x, found in every list' '
	detect_owners tool && expect_eq toolkit-x "$(cat owners)" &&
	test -f tool.zapp/share/doc/tk/copyright && test ! -e tool.zapp/share/tool/decoy
'

test_expect_success 'the fake database: both Multi-Arch: same instances own mtool' '
	detect_owners mtool && expect_eq "mtool:amd64 mtool:i386" "$(echo $(cat owners))" &&
	test -f mtool.zapp/share/mtool/a && test -f mtool.zapp/share/mtool/b
'

test_expect_success 'the fake database: ms/usr/bin/atool is owned as /bin/atool (merged /usr)' '
	detect_owners atool && expect_eq atool "$(cat owners)" && test -f atool.zapp/share/atool/x
'

test_expect_success 'the fake database: a link and the file it leads to, owned by two packages: both' '
	detect_owners link && expect_eq "link real2" "$(echo $(cat owners))"
'

test_expect_success 'the fake database: a program a diversion moved is the diverter'"'"'s (dv.list'"'"'s is at dv.distrib)' '
	detect_owners dv && expect_eq dvr "$(cat owners)"
'

test_expect_success STRACE 'the fake database: atool and link are found in the lists their names suggest, no other is read' '
	for p in atool link mtool; do
		rm -rf "$p.zapp" &&
		strace -f -e trace=openat -o "trace.$p" zapp-assemble -q --sysroot "$PWD/ms" -o "$p.zapp" "ms/usr/bin/$p" --detect &&
		grep "dpkg/info/.*\.list\"" "trace.$p" | grep -v ENOENT | sed "s/.*info\/\([^\"]*\)\".*/\1/" | sort -u >"read.$p" || return 1
	done &&
	expect_eq atool.list "$(cat read.atool)" && expect_eq "link.list real2.list" "$(echo $(cat read.link))" &&
	expect_eq "mtool:amd64.list mtool:i386.list" "$(echo $(cat read.mtool))"
'

test_expect_success '--detect with a program no package owns warns; with no database it is an error' '
	cp /bin/true mine && zapp-assemble -o mine.zapp ./mine --detect >out 2>err &&
	expect_file_contains err "mine: --detect: no Debian package owns it" &&
	mkdir -p empty-sr/usr/bin && cp /bin/busybox empty-sr/usr/bin/t &&
	test_must_fail_with 1 zapp-assemble -q --sysroot "$PWD/empty-sr" -o e.zapp empty-sr/usr/bin/t --detect 2>err &&
	expect_file_contains err "--detect: cannot read the dpkg database" && test ! -e e.zapp
'

test_done
