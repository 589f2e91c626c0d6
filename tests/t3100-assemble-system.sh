#!/bin/bash
# Prebuilt system programs, assembled straight from /usr/bin: no rpath to
# start with (the ELF must grow), dozens of libraries, run in an empty root.
. "$(dirname "$0")/lib.sh"

progs="/usr/bin/curl /usr/bin/ssh /usr/bin/git"
for p in $progs; do
	[ -x "$p" ] || { skip_all="$p is not installed (make deps installs curl, openssh-client, git)"; test_done; }
done

test_expect_success 'curl, ssh and git are assembled from /usr/bin into one Zapp' '
	zapp-assemble -o sys.zapp $progs >summary 2>warnings &&
	expect_file_contains summary "sys.zapp: 3 programs (3 launchers)" &&
	test -f sys.zapp/bin/curl && test -f sys.zapp/dynbin/curl &&
	test -f sys.zapp/lib/libcurl.so.4 && test -f sys.zapp/lib/libcrypto.so.3
'

test_expect_success 'each got an rpath it did not have; zapp-check passes' '
	for p in curl ssh git; do
		expect_eq "RPATH \$ORIGIN/../lib" "$(rpath_of sys.zapp/dynbin/$p)" || exit 1
	done &&
	zapp-check sys.zapp
'

test_expect_success 'the edited programs still pass eu-elflint as the originals do' '
	for p in curl ssh git; do
		if eu-elflint --gnu-ld /usr/bin/$p >/dev/null 2>&1; then
			eu-elflint --gnu-ld sys.zapp/dynbin/$p || exit 1
		fi
	done
'

test_expect_success '--version works relocated, from a path with spaces' '
	mkdir -p "moved here/ü" && cp -r sys.zapp "moved here/ü/" &&
	"moved here/ü/sys.zapp/bin/curl" --version | head -n 1 | grep "^curl " &&
	"moved here/ü/sys.zapp/bin/git" --version | grep "^git version" &&
	"moved here/ü/sys.zapp/bin/ssh" -V 2>&1 | grep "^OpenSSH"
'

test_expect_success ROOT '--version works in an empty root' '
	mkdir root && cp -r sys.zapp root/ &&
	# git opens /dev/null first thing, ssh looks up its user before -V:
	# a root holding nothing at all runs neither, natively or not
	mkdir root/dev root/etc && mknod -m 666 root/dev/null c 1 3 &&
	echo "root:x:0:0:root:/:/bin/sh" >root/etc/passwd &&
	run_in_empty_root root /sys.zapp/bin/curl --version >out &&
	grep "^curl " out &&
	run_in_empty_root root /sys.zapp/bin/git --version >out &&
	grep "^git version" out &&
	run_in_empty_root root /sys.zapp/bin/ssh -V 2>out &&
	grep "^OpenSSH" out
'

test_done
