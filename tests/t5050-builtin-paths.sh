#!/bin/bash
# Directories compiled into libraries that a Zapp's copy must not keep
# (libzapp/builtin_paths.c): glibc's gconv directory and module cache,
# always; setlocale's locale.alias directory where the Zapp holds a copy.
# The Zapp's glibc never loads another glibc's gconv modules, and
# zapp-check reports a library that still names the host's.
. "$(dirname "$0")/lib.sh"

gconv=/usr/lib/x86_64-linux-gnu/gconv
[ -f $gconv/EBCDIC-US.so ] && [ -x /usr/bin/iconv ] ||
	{ skip_all="glibc's gconv modules are not at $gconv (Debian's libc6)"; test_done; }

# count_in FILE STRING: how many strings of FILE (between NULs) are STRING
count_in() {
	tr '\0\n' '\n\0' <"$1" | grep -c -x -F "$2" || :
}

test_expect_success 'zapp-assemble -v says which strings of lib/libc.so.6 it made lead nowhere' '
	zapp-assemble -v -o "ic zapp" /usr/bin/iconv >out &&
	grep -F "lib/libc.so.6: $gconv (glibc'"'"'s gconv modules) made to lead nowhere" out &&
	grep -F "lib/libc.so.6: $gconv/gconv-modules.cache (glibc'"'"'s gconv module cache) made to lead nowhere" out &&
	expect_eq 0 "$(count_in "ic zapp/lib/libc.so.6" "$gconv")" &&
	expect_eq 1 "$(count_in "ic zapp/lib/libc.so.6" "/dev/null/86_64-linux-gnu/gconv/gconv-modules.cache")" &&
	cmp -s /lib/x86_64-linux-gnu/libc.so.6 "ic zapp/lib/libc.so.6" && exit 1
	expect_eq "$(stat -c %s /lib/x86_64-linux-gnu/libc.so.6)" "$(stat -c %s "ic zapp/lib/libc.so.6")" &&
	zapp-check "ic zapp"
'

test_expect_success 'the launcher'"'"'s GCONV_PATH serves the conversion from the Zapp'"'"'s modules' '
	printf abc | "ic zapp/bin/iconv" -f UTF-8 -t EBCDIC-US | od -An -tx1 >out &&
	expect_eq "81 82 83" "$(tr -s " " <out | sed "s/^ //")"
'

test_expect_success 'without GCONV_PATH'"'"'s directories, the Zapp'"'"'s glibc loads no module of the host'"'"'s glibc (which the host'"'"'s iconv does)' '
	printf abc | GCONV_PATH= /usr/bin/iconv -f UTF-8 -t EBCDIC-US >/dev/null &&
	! printf abc | GCONV_PATH= "ic zapp/bin/iconv" -f UTF-8 -t EBCDIC-US >/dev/null 2>err &&
	grep "failed to start conversion processing" err &&
	printf "h\303\251" | GCONV_PATH= "ic zapp/bin/iconv" -f UTF-8 -t UCS-4LE | od -An -tx1 >out &&
	expect_eq "68 00 00 00 e9 00 00 00" "$(tr -s " " <out | sed "s/^ //")"
'

test_expect_success STRACE 'on the build host, the Zapp'"'"'s iconv opens nothing in the host'"'"'s gconv directory' '
	strace -f -qq -e trace=open,openat -o trace "ic zapp/bin/iconv" -f UTF-8 -t EBCDIC-US </dev/null &&
	grep -F "ic zapp/lib/x86_64-linux-gnu/gconv/EBCDIC-US.so" trace &&
	! grep -F "\"$gconv" trace
'

test_expect_success 'zapp-check reports a glibc that names the host'"'"'s gconv directory (a Zapp made before, or a library put in by hand)' '
	cp -a "ic zapp" old.zapp &&
	cp --remove-destination /lib/x86_64-linux-gnu/libc.so.6 old.zapp/lib/libc.so.6 &&
	test_must_fail_with 1 zapp-check old.zapp 2>err &&
	grep -F "zapp-check: lib/libc.so.6: reads $gconv of the host (glibc'"'"'s gconv modules), compiled into it: assemble the Zapp again" err &&
	grep -F "$gconv/gconv-modules.cache of the host" err &&
	grep -F "old.zapp: 2 problems" err
'

test_expect_success 'assembled again from that Zapp, the library is edited; from an edited one, it stays as it is' '
	zapp-assemble -q -o again.zapp old.zapp &&
	cmp "ic zapp/lib/libc.so.6" again.zapp/lib/libc.so.6 &&
	zapp-assemble -q -o again2.zapp "ic zapp" &&
	cmp "ic zapp/lib/libc.so.6" again2.zapp/lib/libc.so.6 &&
	zapp-check again.zapp && zapp-check again2.zapp
'

test_lazy_prereq ALIAS 'test -f /usr/share/locale/locale.alias'
test_expect_success ALIAS 'locale.alias: the host'"'"'s is read unless the Zapp holds a copy; the message catalogs'"'"' directory stays' '
	expect_eq 2 "$(count_in "ic zapp/lib/libc.so.6" /usr/share/locale)" &&
	zapp-assemble -q -o al.zapp /usr/bin/iconv --include /usr/share/locale/locale.alias &&
	test -f al.zapp/share/locale/locale.alias &&
	expect_eq 1 "$(count_in al.zapp/lib/libc.so.6 /usr/share/locale)" &&
	expect_eq 1 "$(count_in al.zapp/lib/libc.so.6 /dev/null//locale)" &&
	zapp-check al.zapp
'

test_expect_success ALIAS,STRACE 'with its copy, the Zapp'"'"'s setlocale does not read the host'"'"'s locale.alias' '
	LANG=de_DE.UTF-8 strace -f -qq -e trace=open,openat -o trace2 "ic zapp/bin/iconv" -l >/dev/null &&
	grep -F "\"/usr/share/locale/locale.alias\"" trace2 &&
	LANG=de_DE.UTF-8 strace -f -qq -e trace=open,openat -o trace3 al.zapp/bin/iconv -l >/dev/null &&
	! grep -F "/usr/share/locale/locale.alias" trace3
'

test_done
