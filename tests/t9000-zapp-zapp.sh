#!/bin/sh
# make zapp: the toolchain as a Zapp (and its installer), for a machine
# that has no package of zapp.  Copied into an empty root with a prebuilt
# program (Debian's jq, its libraries in the root's /lib as on a target
# system) it runs zapp-assemble --version, assembles the program there, no
# host toolchain in sight, and the result passes its own zapp-check there
# and runs; the installer installs the toolchain, which runs.

. "$(dirname "$0")/lib.sh"
. "$ZAPP_SRC/tests/empty-root.sh"

if readelf -d "$ZAPP_BUILD/bin/zapp-assemble" 2>/dev/null | grep -q "libasan"; then
	skip_all="the tools are built with AddressSanitizer (SANITIZE=1), whose runtime must be a program's first library, where a Zapp puts libzapp-rt.so.1"
	test_done
fi

test_expect_success 'make zapp makes the toolchain Zapp and its installer' '
	make -s -C "$ZAPP_SRC" zapp B="${ZAPP_BUILD#$ZAPP_SRC/}" ZAPP_OUT="$TRASH/zapp" >make.log 2>&1 ||
		{ tail -n 20 make.log; false; } &&
	zapp-check zapp >out && grep -q "^zapp: ok: x86-64, [0-9]* programs" out &&
	test -x zapp.sh &&
	zapp/bin/zapp-assemble --version | grep -q "^zapp-assemble (zapp) " &&
	for f in jumploader-x86_64 jumploader-i386 libzapp-rt.so.1; do
		test -f "zapp/lib/zapp/$f" && test ! -x "zapp/lib/zapp/$f" || fail "lib/zapp/$f" || return 1
	done
'

test_expect_success ROOT 'in an empty root with a prebuilt program: assembled there, checked there, run there' '
	mkdir -p root/opt root/tmp && cp -a zapp "root/opt/the zapp" &&
	mkdir -p root/usr/bin && cp /usr/bin/jq root/usr/bin/ &&
	ldd /usr/bin/jq | sed -n "s/.*=> \(\/[^ ]*\) .*/\1/p; s/^[[:space:]]*\(\/[^ ]*\) .*/\1/p" >libs &&
	while read -r l; do mkdir -p "root$(dirname "$l")" && cp -L "$l" "root$l" || return 1; done <libs &&
	test ! -e root/usr/bin/gcc && test ! -e root/usr/bin/cc &&
	run_in_empty_root root "/opt/the zapp/bin/zapp-assemble" --version >out &&
	grep -q "^zapp-assemble (zapp) " out &&
	run_in_empty_root root "/opt/the zapp/bin/zapp-assemble" -q -o /opt/jq.zapp /usr/bin/jq &&
	run_in_empty_root root "/opt/the zapp/bin/zapp-check" /opt/jq.zapp >out &&
	grep -q "^/opt/jq.zapp: ok: x86-64, 1 program" out &&
	run_in_empty_root root /opt/jq.zapp/bin/jq -n 1+1 >out && expect_eq 2 "$(cat out)" "jq assembled in the root"
'

test_expect_success 'the installer installs the toolchain, which runs' '
	sh zapp.sh --prefix "$TRASH/inst dir" >out &&
	"inst dir/zapp/bin/zapp-assemble" -q -o j2 /usr/bin/jq && j2/bin/jq --version >/dev/null &&
	"inst dir/zapp/bin/zapp-check" -q j2
'

test_done
