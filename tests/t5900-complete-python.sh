#!/bin/bash
# A complete Zapp of Debian's python3: the program, its standard library
# and pip, assembled with --include, moved, and run in an empty root.
# Python finds its library relative to its own location: no variable.
. "$(dirname "$0")/lib.sh"
. "$ZAPP_SRC/tests/lib-complete.sh"

for f in "$DEB_PY" /usr/lib/python3.11/json/__init__.py /usr/lib/python3/dist-packages/pip/__init__.py; do
	[ -e "$f" ] || { skip_all="$f is not installed (make deps installs python3, python3-pip)"; test_done; }
done

test_expect_success 'python3 with its library and pip: --include' '
	zapp-assemble -q -o py.zapp "$DEB_PY" \
		--include /usr/lib/python3.11 --include /usr/lib/python3/dist-packages &&
	test -f py.zapp/lib/python3.11/os.py &&
	test -f py.zapp/lib/python3.11/lib-dynload/_ssl.cpython-311-x86_64-linux-gnu.so &&
	test -f py.zapp/lib/python3/dist-packages/pip/__init__.py &&
	zapp-check py.zapp
'

test_expect_success 'moved: json, sqlite3, ssl, decimal import' '
	mkdir -p "moved here" && cp -a py.zapp "moved here/" &&
	"moved here/py.zapp/bin/python3" -c "import json, sqlite3, ssl, decimal; print(42)" >out &&
	expect_eq 42 "$(cat out)"
'

test_expect_success 'sys.prefix and the modules are inside the Zapp' '
	Z=$(cd "moved here/py.zapp" && pwd -P) &&
	"moved here/py.zapp/bin/python3" -c "import sys, json, _ssl; print(sys.prefix); print(json.__file__); print(_ssl.__file__)" >out &&
	expect_eq "$Z" "$(sed -n 1p out)" &&
	expect_eq "$Z/lib/python3.11/json/__init__.py" "$(sed -n 2p out)" &&
	expect_eq "$Z/lib/python3.11/lib-dynload/_ssl.cpython-311-x86_64-linux-gnu.so" "$(sed -n 3p out)"
'

test_expect_success ROOT 'in an empty root: the imports, and pip reports the bundled pip' '
	min_root root && cp -a py.zapp "root/py zapp" &&
	in_root root "/py zapp/bin/python3" -c "import json, sqlite3, ssl, decimal; print(42)" >out &&
	expect_eq 42 "$(cat out)" &&
	in_root root "/py zapp/bin/python3" -m pip --version >out &&
	grep "^pip .* from /py zapp/lib/python3/dist-packages/pip " out
'

test_expect_success STRACE 'on the build host it opens no host copy of what it holds' '
	expect_no_host_copies "$PWD/py.zapp" py.zapp/bin/python3 -c "import json, sqlite3, ssl, decimal"
'

test_done
