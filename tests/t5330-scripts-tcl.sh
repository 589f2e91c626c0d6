#!/bin/bash
# Tcl scripts and tclsh in a Zapp (docs/design.md, "The interpreters'
# run-time files"): Debian's tclsh8.6 comes with its library,
# share/tcltk/tcl8.6 (init.tcl, the encodings, the modules msgcat and
# http), and its launchers point Tcl at it with TCL_LIBRARY and
# TCL8_6_TM_PATH: Tcl looks for init.tcl in the directory compiled into
# libtcl8.6.so before any place relative to itself, and Debian's tm.tcl
# names /usr/share/tcltk/tcl8.6/tcl8 for the modules.  A tree of scripts
# (#!/usr/bin/tclsh, #!/usr/bin/env tclsh) and tclsh8.6 alone, moved to a
# path with spaces and run in an empty root: $argv0 and $argv as the
# kernel and the host's tclsh give them, `info library` inside the Zapp,
# package require, the encodings; a host program Tcl starts sees neither
# variable.  With --no-interp-files, zapp-check says the Zapp cannot run.
. "$(dirname "$0")/lib.sh"
. "$ZAPP_SRC/tests/lib-complete.sh"

LIB=/usr/share/tcltk/tcl8.6
[ "$(readlink -f /usr/bin/tclsh)" = /usr/bin/tclsh8.6 ] && [ -f $LIB/init.tcl ] && [ -f $LIB/encoding/cp1252.enc ] &&
	ls $LIB/tcl8/msgcat-*.tm >/dev/null 2>&1 ||
	{ skip_all="Debian's tclsh8.6 with its library $LIB is not installed (make deps installs tcl)"; test_done; }

# the modules' versions, as the host's tclsh finds them
MSGCAT=$(echo 'puts [package require msgcat]' | /usr/bin/tclsh8.6) &&
HTTP=$(echo 'puts [package require http]' | /usr/bin/tclsh8.6) &&
PATCHLEVEL=$(echo 'puts [info patchlevel]' | /usr/bin/tclsh8.6) || { skip_all="the host's tclsh8.6 does not run"; test_done; }

# What each script prints: its $argv0 and $argv, Tcl's library, two
# modules of it, the system encoding, a conversion from UTF-8 and one to
# cp1252 (an encoding of a file of the library, encoding/cp1252.enc:
# UTF-8 is built in), and the variables TCL* that the program named by
# $CHILD (a host program, a word list) sees, when CHILD is set.
cat >what.tcl <<\EOF
puts "argv0=$argv0"
foreach a $argv { puts "arg=<$a>" }
puts "argc=$argc"
puts "library=[info library]"
puts "msgcat=[package require msgcat] http=[package require http]"
binary scan [encoding convertto cp1252 [encoding convertfrom utf-8 "\xe2\x82\xac"]] H* euro
puts "system=[encoding system] utf-8=[scan [encoding convertfrom utf-8 "\xc3\xa9"] %c] cp1252=$euro"
if {[info exists env(CHILD)]} {
	set seen {}
	foreach l [split [exec {*}$env(CHILD)] \n] { if {[string match TCL* $l]} { lappend seen $l } }
	puts "child=$seen own=[info exists env(TCL_LIBRARY)]"
}
EOF

# want_tcl Z SCRIPT ARG...: what SCRIPT (dynbin/SCRIPT of the Zapp Z, or
# a path) prints with the arguments ARG, CHILD set, LANG=C.UTF-8
want_tcl() {
	local z=$1 s=$2; shift 2
	case $s in /*) printf "argv0=%s\n" "$s" ;; *) printf "argv0=%s\n" "$z/dynbin/$s" ;; esac
	for a; do printf "arg=<%s>\n" "$a"; done
	printf "argc=%s\n" $#
	printf "library=%s\n" "$z/share/tcltk/tcl8.6"
	printf "msgcat=%s http=%s\n" "$MSGCAT" "$HTTP"
	printf "system=utf-8 utf-8=233 cp1252=80\n"
	printf "child= own=1\n"
}

test_expect_success 'a tree of Tcl scripts assembles; tclsh comes from the host with its library' '
	mkdir -p app/bin &&
	{ echo "#!/usr/bin/tclsh" && cat what.tcl; } >app/bin/tool.tcl &&
	{ echo "#!/usr/bin/env tclsh" && cat what.tcl; } >app/bin/tool2.tcl &&
	chmod +x app/bin/tool.tcl app/bin/tool2.tcl &&
	zapp-assemble -o z.zapp app >out &&
	expect_file_contains out "1 program (3 launchers), 2 scripts (interpreters brought in: /usr/bin/tclsh)" &&
	expect_file_contains out "are the run-time files of tclsh8.6" &&
	test -f z.zapp/share/tcltk/tcl8.6/init.tcl && test -f z.zapp/share/tcltk/tcl8.6/encoding/cp1252.enc &&
	ls z.zapp/share/tcltk/tcl8.6/tcl8/msgcat-*.tm &&
	cmp app/bin/tool.tcl z.zapp/dynbin/tool.tcl && cmp app/bin/tool2.tcl z.zapp/dynbin/tool2.tcl &&
	zapp-check -v z.zapp >check &&
	expect_file_contains check "bin/tclsh: sets TCL_LIBRARY=\$ZAPP/share/tcltk/tcl8.6" &&
	expect_file_contains check "bin/tclsh: sets TCL8_6_TM_PATH=\$ZAPP/share/tcltk/tcl8.6/tcl8" &&
	expect_file_contains check "z.zapp: ok: "
'

test_expect_success 'natively, the kernel and the host'"'"'s tclsh: the same, with the host'"'"'s library' '
	env LANG=C.UTF-8 CHILD=/usr/bin/env "$PWD/z.zapp/dynbin/tool.tcl" "a b" "" c >out &&
	want_tcl "$PWD/z.zapp" tool.tcl "a b" "" c | sed "s|^library=.*|library=$LIB|; s|^child=.*|child= own=0|" >want &&
	test_cmp want out
'

test_expect_success 'moved to a path with spaces: $argv0, $argv, its library, msgcat and http, encodings; the host'"'"'s env sees no TCL_*' '
	mkdir "moved here" && cp -a z.zapp "moved here/z zapp" && z="$PWD/moved here/z zapp" &&
	for s in tool.tcl tool2.tcl; do
		env LANG=C.UTF-8 CHILD=/usr/bin/env "$z/bin/$s" "a b" "" c >out &&
		want_tcl "$z" $s "a b" "" c >want &&
		test_cmp want out || return 1
	done
'

# A root with the Zapp, and a static busybox outside it as the host
# program a script starts.
test_expect_success ROOT 'in an empty root' '
	min_root root && cp -a z.zapp "root/z zapp" && mkdir root/bin && cp /bin/busybox root/bin/ &&
	for s in tool.tcl tool2.tcl; do
		in_root root LANG=C.UTF-8 "CHILD=/bin/busybox env" "/z zapp/bin/$s" "a b" "" >out 2>err ||
			{ cat err; return 1; }
		want_tcl "/z zapp" $s "a b" "" >want && test_cmp want out && test_cmp /dev/null err || return 1
	done
'

test_expect_success 'tclsh8.6 alone: its library, TCL_LIBRARY, and zapp-check says ok' '
	zapp-assemble -o tclsh.zapp /usr/bin/tclsh8.6 >out &&
	expect_file_contains out "are the run-time files of tclsh8.6" &&
	zapp-check -v tclsh.zapp >check &&
	expect_file_contains check "bin/tclsh8.6: sets TCL_LIBRARY=\$ZAPP/share/tcltk/tcl8.6" &&
	expect_file_contains check "tclsh.zapp: ok: " &&
	mv tclsh.zapp "tcl sh.zapp" &&
	echo "puts [info patchlevel]" | "tcl sh.zapp/bin/tclsh8.6" >out && expect_eq "$PATCHLEVEL" "$(cat out)"
'

test_expect_success ROOT 'tclsh8.6 alone in an empty root: info patchlevel, and the script'"'"'s checks' '
	rm -rf root && min_root root && cp -a "tcl sh.zapp" "root/tcl sh" && mkdir root/bin && cp /bin/busybox root/bin/ &&
	cp what.tcl root/tmp/ &&
	echo "puts [info patchlevel]" | in_root root "/tcl sh/bin/tclsh8.6" >out 2>err || { cat err; false; } &&
	expect_eq "$PATCHLEVEL" "$(cat out)" && test_cmp /dev/null err &&
	in_root root LANG=C.UTF-8 "CHILD=/bin/busybox env" "/tcl sh/bin/tclsh8.6" /tmp/what.tcl "a b" "" >out 2>err ||
		{ cat err; false; } &&
	want_tcl "/tcl sh" /tmp/what.tcl "a b" "" >want && test_cmp want out && test_cmp /dev/null err
'

test_expect_success STRACE 'on the build host it opens no host copy of a file of its library' '
	expect_no_host_copies "$PWD/tcl sh.zapp" env LANG=C.UTF-8 "tcl sh.zapp/bin/tclsh8.6" what.tcl "a b"
'

test_expect_success 'the variables are the user'"'"'s when set: TCL_LIBRARY empty leaves Tcl to the host' '
	echo "puts [info library]" | env TCL_LIBRARY= "tcl sh.zapp/bin/tclsh8.6" >out &&
	expect_eq $LIB "$(cat out)"
'

test_expect_success '--no-interp-files: tclsh8.6 alone, and zapp-check says it cannot run' '
	zapp-assemble -q -o bare.zapp --no-interp-files /usr/bin/tclsh8.6 &&
	test ! -e bare.zapp/share/tcltk &&
	test_must_fail_with 1 zapp-check bare.zapp >out 2>err &&
	expect_file_contains err "zapp-check: bin/tclsh8.6: the Zapp holds nothing TCL_LIBRARY would name (share/tcltk/tcl8.[0-9]*), which its program needs: Tcl_Init finds no init.tcl" &&
	expect_file_lacks out "ok" &&
	if test_have_prereq ROOT; then
		rm -rf broot && min_root broot && cp -a bare.zapp broot/Z &&
		echo "puts [package require msgcat]" >broot/tmp/m.tcl &&
		test_must_fail_with 1 in_root broot /Z/bin/tclsh8.6 /tmp/m.tcl 2>err &&
		expect_file_contains err "Can'"'"'t find a usable init.tcl"
	fi
'

test_done
