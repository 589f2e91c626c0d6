#!/bin/bash
# A complete Zapp of Debian's perl with its core modules: perl's @INC is
# compiled in (/usr/share/perl/5.36, ...); the Zapp points it at its own
# copies.
. "$(dirname "$0")/lib.sh"
. "$ZAPP_SRC/tests/lib-complete.sh"

[ -x /usr/bin/perl ] && [ -f /usr/share/perl/5.36/JSON/PP.pm ] ||
	{ skip_all="perl or its modules are not installed (make deps installs perl)"; test_done; }

test_expect_success 'perl: --detect, and --include of the core modules' '
	zapp-assemble -q -o perl.zapp /usr/bin/perl --detect \
		--include /usr/share/perl/5.36 --include /usr/lib/x86_64-linux-gnu/perl/5.36 &&
	zapp-check perl.zapp
'

test_expect_success ROOT 'in an empty root: JSON::PP' '
	min_root root && cp -a perl.zapp "root/perl zapp" &&
	in_root root "/perl zapp/bin/perl" -MJSON::PP -e "print JSON::PP->new->encode([42])" >out &&
	expect_eq "[42]" "$(cat out)"
'

test_expect_success STRACE 'on the build host it opens no host copy of a module it holds' '
	expect_no_host_copies "$PWD/perl.zapp" perl.zapp/bin/perl -MJSON::PP -e "print JSON::PP->new->encode([42])"
'

test_done
