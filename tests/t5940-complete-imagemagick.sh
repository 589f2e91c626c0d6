#!/bin/bash
# A complete Zapp of Debian's ImageMagick, from what a run of it loads:
# zapp-trace lists the coder modules (dlopen'ed by absolute path) and the
# configuration files of /etc/ImageMagick-6; --files-from takes the list.
. "$(dirname "$0")/lib.sh"
. "$ZAPP_SRC/tests/lib-complete.sh"

[ -x /usr/bin/convert ] && [ -x /usr/bin/identify ] ||
	{ skip_all="ImageMagick is not installed (make deps installs imagemagick)"; test_done; }

test_expect_success 'traced runs of convert and identify' '
	zapp-trace -o convert.list -- /usr/bin/convert logo: x.png &&
	zapp-trace -o identify.list -- /usr/bin/identify x.png >/dev/null &&
	LC_ALL=C sort -u convert.list identify.list >im.list &&
	grep "/coders/png.so$" im.list &&
	grep "^/etc/ImageMagick-6/policy.xml$" im.list
'

test_expect_success 'assembled from the list' '
	zapp-assemble -q -o im.zapp /usr/bin/convert /usr/bin/identify --files-from im.list &&
	zapp-check im.zapp
'

test_expect_success ROOT 'in an empty root: convert logo: x.png, identify x.png' '
	min_root root && cp -a im.zapp "root/im zapp" &&
	in_root root "/im zapp/bin/convert" logo: /tmp/x.png &&
	in_root root "/im zapp/bin/identify" /tmp/x.png >out &&
	grep "^/tmp/x.png PNG 640x480 " out
'

test_expect_success STRACE 'on the build host: no host coder module, no host configuration' '
	expect_no_host_copies "$PWD/im.zapp" im.zapp/bin/convert logo: y.png &&
	test -s y.png
'

test_done
