#!/bin/sh
# A jumploader that the kernel starts with AT_SECURE (set-user-ID or
# set-group-ID) refuses to run: it would load code chosen by whoever can
# write next to it.

. "$(dirname "$0")/lib.sh"
. "$ZAPP_SRC/tests/jumploader/lib-jumploader.sh"

REAL=$(pwd -P)
# set-user-ID bits count on the file system the test runs on
findmnt -no OPTIONS -T "$REAL" 2>/dev/null | tr , "\n" | grep -qx nosuid ||
	test_set_prereq SUID_MOUNT

# as_nobody CMD...: run CMD as uid and gid 65534, no supplementary groups.
as_nobody() {
	setpriv --reuid=65534 --regid=65534 --clear-groups "$@"
}

test_expect_success 'setup: a Zapp anyone can run' '
	jl_make_zapp Z showme gcc -O2 "$JL_SRC/showme.c" $JL_RPATH &&
	chmod -R a+rX Z && chmod a+x "$REAL"
'

test_expect_success ROOT,SUID_MOUNT 'without the set-user-ID bit, nobody can run it' '
	as_nobody Z/bin/showme >out &&
	expect_eq "$REAL/Z/bin/showme" "$(jl_field out exe)" exe
'

test_expect_success ROOT,SUID_MOUNT 'set-user-ID: refused with 126' '
	cp -a Z suid && chown root suid/bin/showme && chmod u+s suid/bin/showme &&
	as_nobody suid/bin/showme >out 2>err && status=0 || status=$?
	expect_eq 126 "$status" "exit status" &&
	echo "zapp: showme: refusing to run set-user-ID or set-group-ID (AT_SECURE is set)" >want &&
	cmp want err &&
	! test -s out
'

test_expect_success ROOT,SUID_MOUNT 'set-group-ID: refused with 126' '
	cp -a Z sgid && chgrp root sgid/bin/showme && chmod g+s sgid/bin/showme &&
	as_nobody sgid/bin/showme >out 2>err && status=0 || status=$?
	expect_eq 126 "$status" "exit status" &&
	echo "zapp: showme: refusing to run set-user-ID or set-group-ID (AT_SECURE is set)" >want &&
	cmp want err
'

test_done
