#!/bin/bash
# A complete Zapp of Debian's gdb, whose embedded Python needs its standard
# library: --detect brings gdb's own files (/usr/share/gdb), --include the
# Python library.  gdb finds both relative to its own location.
. "$(dirname "$0")/lib.sh"
. "$ZAPP_SRC/tests/lib-complete.sh"

[ -x /usr/bin/gdb ] && [ -d /usr/lib/python3.11 ] ||
	{ skip_all="gdb or python3.11 is not installed (make deps installs gdb)"; test_done; }

test_expect_success 'gdb: --detect, and --include of the Python library' '
	zapp-assemble -q -o gdb.zapp /usr/bin/gdb --detect --include /usr/lib/python3.11 &&
	test -d gdb.zapp/share/gdb/python &&
	zapp-check gdb.zapp
'

test_expect_success 'moved, gdb runs Python' '
	mkdir -p "moved here" && cp -a gdb.zapp "moved here/" &&
	"moved here/gdb.zapp/bin/gdb" -nx -batch -ex "python print(6*7)" >out 2>err &&
	expect_eq 42 "$(cat out)"
'

test_expect_success ROOT 'in an empty root, gdb runs Python' '
	min_root root && cp -a gdb.zapp "root/gdb zapp" &&
	in_root root "/gdb zapp/bin/gdb" -nx -batch -ex "python print(6*7)" >out 2>err &&
	expect_eq 42 "$(cat out)" &&
	! grep -i "could not find" err
'

test_expect_success STRACE 'on the build host it opens no host copy of what it holds' '
	expect_no_host_copies "$PWD/gdb.zapp" gdb.zapp/bin/gdb -nx -batch -ex "python print(6*7)"
'

test_done
