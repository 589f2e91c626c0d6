#!/bin/bash
# A Zapp made from a traced run alone: zapp-trace writes what python3
# loaded on `import sqlite3`, zapp-assemble --files-from takes nothing else.
. "$(dirname "$0")/lib.sh"
. "$ZAPP_SRC/tests/lib-complete.sh"

[ -x "$DEB_PY" ] || { skip_all="python3 is not installed"; test_done; }

test_expect_success 'trace python3 importing sqlite3' '
	zapp-trace -o py.list -- "$DEB_PY" -c "import sqlite3" &&
	grep "^/usr/bin/python3.11$" py.list &&
	grep "/sqlite3/__init__.py$" py.list &&
	grep "/_sqlite3.cpython-311-x86_64-linux-gnu.so$" py.list
'

test_expect_success 'assembled from that list alone' '
	zapp-assemble -q -o t.zapp --files-from py.list &&
	zapp-check t.zapp
'

test_expect_success ROOT 'in an empty root it imports sqlite3' '
	min_root root && cp -a t.zapp "root/t zapp" &&
	in_root root "/t zapp/bin/python3" -c "import sqlite3; print(sqlite3.sqlite_version)" >out &&
	grep "^3\." out
'

test_done
