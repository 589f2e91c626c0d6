#!/bin/bash
# Complete Zapps of programs that need one directory each beyond their
# libraries: openssl's providers, iconv's gconv modules (glibc's own, which
# every Zapp of glibc holds), the terminal programs' terminfo and a UTF-8
# locale, nmap's data files.  Each moved, and run in an empty root.
. "$(dirname "$0")/lib.sh"
. "$ZAPP_SRC/tests/lib-complete.sh"

for p in /usr/bin/openssl /usr/bin/iconv /usr/bin/tmux /usr/bin/nano /usr/bin/nmap; do
	[ -x "$p" ] || { skip_all="$p is not installed (make deps installs openssl, tmux, nano, nmap)"; test_done; }
done

test_expect_success 'openssl: --include of its providers' '
	zapp-assemble -q -o ssl.zapp /usr/bin/openssl --include /usr/lib/x86_64-linux-gnu/ossl-modules &&
	zapp-check ssl.zapp
'

test_expect_success ROOT 'in an empty root: the legacy provider loads' '
	min_root root && cp -a ssl.zapp "root/ssl zapp" &&
	in_root root "/ssl zapp/bin/openssl" list -providers -provider legacy >out &&
	grep -A3 "^  legacy" out | grep "status: active"
'

test_expect_success 'iconv: nothing but the program' '
	zapp-assemble -q -o iconv.zapp /usr/bin/iconv &&
	test -f iconv.zapp/lib/x86_64-linux-gnu/gconv/IBM037.so &&
	zapp-check iconv.zapp
'

test_expect_success ROOT 'in an empty root: UTF-8 to EBCDIC-US' '
	cp -a iconv.zapp "root/iconv zapp" &&
	printf abc | in_root root "/iconv zapp/bin/iconv" -f UTF-8 -t EBCDIC-US | od -An -c >out &&
	expect_eq "201 202 203" "$(tr -s " " <out | sed "s/^ //")"
'

test_expect_success 'tmux and nano: --include of terminfo' '
	zapp-assemble -q -o term.zapp /usr/bin/tmux /usr/bin/nano --include /usr/lib/terminfo &&
	zapp-check term.zapp
'

# A pane's command of one word runs through /bin/sh, which the root lacks;
# of several words it is run as it is.
test_expect_success ROOT 'in an empty root: versions, a detached session started and killed' '
	cp -a term.zapp "root/term zapp" &&
	in_root root TERM=xterm "/term zapp/bin/tmux" -V | grep "^tmux 3" &&
	in_root root TERM=xterm "/term zapp/bin/nano" --version | grep "GNU nano" &&
	in_root root TERM=xterm "/term zapp/bin/tmux" -S /tmp/tmux.sock \
		new-session -d -s t -x 80 -y 24 "/term zapp/bin/nano" /tmp/notes &&
	in_root root TERM=xterm "/term zapp/bin/tmux" -S /tmp/tmux.sock has-session -t t &&
	in_root root TERM=xterm "/term zapp/bin/tmux" -S /tmp/tmux.sock kill-server &&
	! in_root root TERM=xterm "/term zapp/bin/tmux" -S /tmp/tmux.sock has-session -t t 2>/dev/null
'

test_expect_success 'nmap: --include of its data files' '
	zapp-assemble -q -o nmap.zapp /usr/bin/nmap --include /usr/share/nmap &&
	zapp-check nmap.zapp
'

test_expect_success ROOT 'in an empty root: version, and a scan naming the service from its file' '
	cp -a nmap.zapp "root/nmap zapp" &&
	in_root root "/nmap zapp/bin/nmap" --version | grep "^Nmap version" &&
	in_root root "/nmap zapp/bin/nmap" -sT -p 1 127.0.0.1 >out 2>err &&
	grep "^1/tcp .* tcpmux" out
'

test_expect_success STRACE 'on the build host: no host copies' '
	expect_no_host_copies "$PWD/ssl.zapp" ssl.zapp/bin/openssl list -providers -provider legacy &&
	printf abc >abc &&
	expect_no_host_copies "$PWD/iconv.zapp" iconv.zapp/bin/iconv -f UTF-8 -t EBCDIC-US abc &&
	expect_no_host_copies "$PWD/nmap.zapp" nmap.zapp/bin/nmap -sT -p 1 127.0.0.1 &&
	TERM=xterm expect_no_host_copies "$PWD/term.zapp" term.zapp/bin/nano --version
'

test_done
