#!/bin/bash
# glibc's name service in a Zapp: users and hosts are looked up with the
# Zapp's glibc (files and dns are in its libc.so.6), also where the
# machine's /etc/nsswitch.conf names modules the Zapp does not hold.
. "$(dirname "$0")/lib.sh"
. "$ZAPP_SRC/tests/lib-complete.sh"

[ -x /usr/bin/getent ] || { skip_all="getent is not installed (libc-bin)"; test_done; }

test_expect_success 'getent' '
	zapp-assemble -q -o nss.zapp /usr/bin/getent && zapp-check nss.zapp
'

nss_root() {
	rm -rf root && min_root root && cp -a nss.zapp "root/nss zapp" &&
	echo "127.0.0.1 localhost" >root/etc/hosts &&
	echo "10.9.8.7 far.example.org far" >>root/etc/hosts &&
	printf "%s\n" "$@" >root/etc/nsswitch.conf
}

test_expect_success ROOT 'files: a user and a host name' '
	nss_root "passwd: files" "group: files" "hosts: files" &&
	in_root root "/nss zapp/bin/getent" passwd root >out &&
	expect_eq "root:x:0:0:root:/:/nonexistent" "$(cat out)" &&
	in_root root "/nss zapp/bin/getent" hosts far.example.org >out &&
	grep "^10.9.8.7 *far.example.org" out
'

test_expect_success ROOT 'modules the Zapp does not hold are passed over, no crash, no hang' '
	nss_root "passwd: files systemd sss" "group: files systemd sss" \
		"hosts: files mdns4_minimal [NOTFOUND=return] dns myhostname" &&
	in_root root "/nss zapp/bin/getent" passwd root >out &&
	expect_eq "root:x:0:0:root:/:/nonexistent" "$(cat out)" &&
	in_root root "/nss zapp/bin/getent" hosts far.example.org >out &&
	grep "^10.9.8.7 *far.example.org" out &&
	st=0 && { in_root root "/nss zapp/bin/getent" passwd nosuchuser || st=$?; } &&
	expect_eq 2 "$st" "getent for a user nobody has"
'

test_done
