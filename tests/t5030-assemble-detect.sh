#!/bin/bash
# --detect: every file of the Debian package that owns each program input,
# from dpkg's database files: jq (its manual and documents too), nmap (its
# data files, found beside the program: a scan in an empty root), merged
# /usr (a program named /bin/...), and a diversion.
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

test_expect_success '--detect with a program no package owns warns; with no database it is an error' '
	cp /bin/true mine && zapp-assemble -o mine.zapp ./mine --detect >out 2>err &&
	expect_file_contains err "mine: --detect: no Debian package owns it" &&
	mkdir -p empty-sr/usr/bin && cp /bin/busybox empty-sr/usr/bin/t &&
	test_must_fail_with 1 zapp-assemble -q --sysroot "$PWD/empty-sr" -o e.zapp empty-sr/usr/bin/t --detect 2>err &&
	expect_file_contains err "--detect: cannot read the dpkg database" && test ! -e e.zapp
'

test_done
