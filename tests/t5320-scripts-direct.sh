#!/bin/bash
# A #!/bin/sh or #!/bin/bash script's launcher in direct mode (docs/jumploader.md,
# "Scripts"): it maps the Zapp's dash or bash and the loader itself, with
# the argv the kernel builds for the #! line, in one execve.  What the
# script sees is what it sees when the kernel runs it ($0, its arguments,
# an empty one and ones with spaces, $BASH, the pid, the exit status, a
# death by a signal, comm), moved to a path with spaces and in an empty
# root; /proc/self/exe is the script's launcher.  A script at another
# depth (libexec/sub/), a perl script and --script-exec keep the exec mode.
. "$(dirname "$0")/lib.sh"
. "$ZAPP_SRC/tests/lib-complete.sh"

[ -x /bin/bash ] && [ -x /usr/bin/perl ] && [ "$(readlink -f /bin/sh)" = /usr/bin/dash ] ||
	{ skip_all="needs /bin/sh to be dash, /bin/bash and /usr/bin/perl"; test_done; }

REAL=$(pwd -P)

# each script prints $0, its arguments one a line, its comm, its pid, and
# (where readlink is, not in an empty root) what /proc/self/exe is;
# "exit N" and "kill" as its last arguments end it so
SCRIPT_BODY='printf "0=%s\n" "$0"
for a; do printf "arg=<%s>\n" "$a"; done
read -r comm </proc/$$/comm; printf "comm=%s\n" "$comm"
printf "pid=%s\n" "$$"
if command -v readlink >/dev/null; then printf "exe=%s\n" "$(readlink /proc/$$/exe)"; fi
case "$*" in *"exit "*) eval "exit \${$#}" ;; *kill) kill -TERM $$ ;; esac'

test_expect_success 'setup: sh and bash scripts in bin/, one in libexec/sub/, a perl one' '
	mkdir -p app/bin app/libexec/sub &&
	{ echo "#!/bin/sh"; echo "$SCRIPT_BODY"; } >app/bin/d.sh &&
	{ echo "#!/bin/bash"; echo "printf \"BASH=%s\n\" \"\$BASH\""; echo "$SCRIPT_BODY"; } >app/bin/d.bash &&
	{ echo "#!/bin/sh -e"; echo "case \$- in *e*) echo errexit ;; esac"; echo "$SCRIPT_BODY"; } >app/bin/e.sh &&
	{ echo "#!/bin/sh"; echo "$SCRIPT_BODY"; } >app/libexec/sub/deep.sh &&
	printf "#!/usr/bin/perl\nprint \"X=\$^X\\\\n\";\n" >app/bin/p.pl &&
	chmod +x app/bin/* app/libexec/sub/deep.sh &&
	zapp-assemble -v -o z.zapp app >out 2>err &&
	expect_file_contains out "bin/d.sh: runs bin/sh itself (direct mode)" &&
	expect_file_contains out "bin/e.sh: runs bin/sh itself (direct mode)" &&
	expect_file_contains out "bin/d.bash: runs bin/bash itself (direct mode)" &&
	expect_file_contains out "libexec/sub/deep.sh: runs bin/sh through its launcher (exec mode)" &&
	expect_file_contains out "bin/p.pl: runs bin/perl through its launcher (exec mode)" &&
	zapp-check -v z.zapp >out &&
	expect_file_contains out "bin/d.sh: runs dynbin/d.sh with bin/sh (direct mode)" &&
	! grep "deep.sh.*direct" out &&
	mkdir "moved here" && cp -a z.zapp "moved here/z zapp"
'

# strip_exe FILE: FILE without its exe= line
strip_exe() { grep -v "^exe=" "$1"; }

# same_as_native NAME ARGS...: the script run by the kernel from app/bin
# and through the moved Zapp print the same but for the script's path
# ($0: the Zapp's copy in dynbin/), the pid, /proc/self/exe and $BASH
# (the interpreter's path)
same_as_native() {
	local n=$1 z="$REAL/moved here/z zapp"; shift
	"$REAL/app/bin/$n" "$@" >native &&
	"$z/bin/$n" "$@" >zapp &&
	sed -e "s|^0=$REAL/app/bin/|0=DIR/|" -e "/^pid=/d" -e "/^exe=/d" -e "/^BASH=/d" native >want &&
	sed -e "s|^0=$z/dynbin/|0=DIR/|" -e "/^pid=/d" -e "/^exe=/d" -e "/^BASH=/d" zapp >got &&
	test_cmp want got && grep -q "^0=DIR/$n\$" got
}

test_expect_success 'sh, direct mode: $0, arguments with spaces and an empty one, comm as natively' '
	same_as_native d.sh "a b" "" "  c " &&
	grep -qx "comm=d.sh" got &&
	grep -qx "arg=<>" got
'

test_expect_success 'sh -e, direct mode: the #! argument comes through' '
	same_as_native e.sh "a b" "" &&
	grep -qx errexit got &&
	z="$REAL/moved here/z zapp" &&
	"$z/bin/e.sh" x >out && grep -qx "arg=<x>" out
'

test_expect_success 'bash, direct mode: $0, $BASH (the Zapp'\''s bin/bash, from argv[0]), arguments, comm' '
	same_as_native d.bash "a b" "" c &&
	z="$REAL/moved here/z zapp" &&
	"$z/bin/d.bash" >out &&
	grep -qx "BASH=$z/bin/bash" out
'

test_expect_success '/proc/self/exe: the script'\''s launcher in direct mode, the interpreter'\''s in exec mode' '
	z="$REAL/moved here/z zapp" &&
	"$z/bin/d.sh" >out && grep -qx "exe=$z/bin/d.sh" out &&
	"$z/bin/d.bash" >out && grep -qx "exe=$z/bin/d.bash" out &&
	"$z/libexec/sub/deep.sh" q >out && grep -qx "exe=$z/bin/sh" out &&
	grep -qx "0=$z/dynbin/libexec/sub/deep.sh" out && grep -qx "arg=<q>" out
'

test_expect_success 'the pid is the one the shell started' '
	z="$REAL/moved here/z zapp" &&
	for t in bin/d.sh bin/d.bash libexec/sub/deep.sh; do
		"$z/$t" >out &
		pid=$!
		wait $pid
		grep -qx "pid=$pid" out || fail "$t: $(cat out)"
	done
'

test_expect_success 'the exit status and a death by SIGTERM come through' '
	z="$REAL/moved here/z zapp" &&
	test_must_fail_with 3 "$z/bin/d.sh" exit 3 &&
	test_must_fail_with 5 "$z/bin/d.bash" exit 5 &&
	{ "$z/bin/d.sh" kill >/dev/null; st=$?; } ; expect_eq 143 $st "sh: status of a SIGTERM" &&
	{ "$z/bin/d.bash" kill >/dev/null; st=$?; } ; expect_eq 143 $st "bash: status of a SIGTERM" &&
	{ "$REAL/app/bin/d.sh" kill >/dev/null; st=$?; } ; expect_eq 143 $st "natively"
'

test_expect_success 'an argv too long for direct mode'\''s 64 KiB goes the exec mode'\''s way, whole' '
	z="$REAL/moved here/z zapp" &&
	"$z/bin/d.sh" $(seq 1000) >out &&
	grep -qx "exe=$z/bin/d.sh" out && test $(grep -c "^arg=" out) = 1000 &&
	"$z/bin/d.sh" $(seq 10000) >out &&
	grep -qx "exe=$z/bin/sh" out && test $(grep -c "^arg=" out) = 10000 &&
	grep -qx "arg=<10000>" out
'

test_expect_success 'direct mode under a small stack limit (ulimit -s 128)' '
	z="$REAL/moved here/z zapp" &&
	(ulimit -s 128 && "$z/bin/d.sh" "a b" >out) &&
	grep -qx "arg=<a b>" out && grep -qx "exe=$z/bin/d.sh" out
'

test_expect_success 'a perl script stays in exec mode: $^X is the Zapp'\''s bin/perl' '
	z="$REAL/moved here/z zapp" &&
	"$z/bin/p.pl" >out &&
	expect_eq "X=$z/bin/perl" "$(cat out)"
'

test_expect_success ROOT 'in an empty root, direct and exec mode' '
	min_root root && cp -a z.zapp "root/z zapp" &&
	in_root root "/z zapp/bin/d.sh" "a b" "" >out &&
	printf "0=/z zapp/dynbin/d.sh\narg=<a b>\narg=<>\ncomm=d.sh\n" >want &&
	grep -v "^pid=" out >got && test_cmp want got &&
	in_root root "/z zapp/bin/d.bash" "a b" >out &&
	printf "BASH=/z zapp/bin/bash\n0=/z zapp/dynbin/d.bash\narg=<a b>\ncomm=d.bash\n" >want &&
	grep -v "^pid=" out >got && test_cmp want got &&
	in_root root "/z zapp/libexec/sub/deep.sh" "" >out &&
	printf "0=/z zapp/dynbin/libexec/sub/deep.sh\narg=<>\ncomm=sh\n" >want &&
	grep -v "^pid=" out >got && test_cmp want got
'

test_expect_success '--script-exec: every script'\''s launcher in exec mode' '
	zapp-assemble -v --script-exec -o x.zapp app >out 2>err &&
	expect_file_contains out "bin/d.sh: runs bin/sh through its launcher (exec mode)" &&
	expect_file_contains out "bin/d.bash: runs bin/bash through its launcher (exec mode)" &&
	! grep "direct mode" out &&
	zapp-check x.zapp &&
	x.zapp/bin/d.sh "a b" >out &&
	grep -qx "exe=$REAL/x.zapp/bin/sh" out && grep -qx "arg=<a b>" out
'

test_expect_success 'zapp-assemble --add keeps direct mode, and gives it to a new script' '
	cp -a z.zapp add.zapp && mkdir -p more/bin &&
	{ echo "#!/bin/sh"; echo "$SCRIPT_BODY"; } >more/bin/n.sh && chmod +x more/bin/n.sh &&
	zapp-assemble -v -a -o add.zapp more >out 2>err &&
	expect_file_contains out "bin/d.sh: runs bin/sh itself (direct mode)" &&
	expect_file_contains out "bin/n.sh: runs bin/sh itself (direct mode)" &&
	expect_file_contains out "bin/p.pl: runs bin/perl through its launcher (exec mode)" &&
	zapp-check add.zapp &&
	add.zapp/bin/n.sh "a b" >out &&
	grep -qx "exe=$REAL/add.zapp/bin/n.sh" out && grep -qx "arg=<a b>" out
'

test_expect_success 'a missing interpreter'\''s program or script: the messages and statuses of the exec mode' '
	cp -a z.zapp gone.zapp && rm gone.zapp/dynbin/sh gone.zapp/dynbin/d.bash &&
	test_must_fail_with 127 gone.zapp/bin/d.sh 2>err &&
	expect_eq "zapp: d.sh: cannot open program '\''$REAL/gone.zapp/dynbin/sh'\'': No such file or directory" "$(cat err)" &&
	test_must_fail_with 127 gone.zapp/bin/d.bash 2>err &&
	expect_eq "zapp: d.bash: cannot open script '\''$REAL/gone.zapp/dynbin/d.bash'\'': No such file or directory" "$(cat err)" &&
	chmod -x gone.zapp/dynbin/bash && cp app/bin/d.bash gone.zapp/dynbin/ &&
	test_must_fail_with 126 gone.zapp/bin/d.bash 2>err &&
	expect_eq "zapp: d.bash: cannot run program '\''$REAL/gone.zapp/dynbin/bash'\'': Permission denied" "$(cat err)"
'

# stamp_off ZAPP_FILE: the file offset of its .zapp_stamp section
stamp_off() { readelf -SW "$1" | sed -n 's/.*\] \.zapp_stamp  *PROGBITS  *[0-9a-f]*  *\([0-9a-f]*\) .*/\1/p'; }

# poke FILE OFFSET STRING: STRING and NULs to 512 bytes at OFFSET
poke() {
	dd if=/dev/zero of="$1" bs=1 seek=$2 count=512 conv=notrunc 2>/dev/null &&
	printf "%s" "$3" | dd of="$1" bs=1 seek=$2 conv=notrunc 2>/dev/null
}

test_expect_success 'zapp-check reports a corrupt direct-mode record' '
	cp -a z.zapp bad.zapp &&
	off=$(( 0x$(stamp_off bad.zapp/bin/d.sh) )) &&
	# the program field (stamp.h: after magic, target, libdir, top, env,
	# script, args) made the bash of bin/bash
	poke bad.zapp/bin/d.sh $(( off + 16 + 512 + 512 + 256 + 3072 + 512 + 256 )) ../dynbin/bash &&
	test_must_fail_with 1 zapp-check bad.zapp 2>err &&
	expect_file_contains err "bin/d.sh: its stamp is corrupt: direct mode starts dynbin/bash with lib, its interpreter bin/sh starts dynbin/sh with lib"
'

test_expect_success 'zapp-check reports direct mode from a directory whose $ORIGIN leads elsewhere' '
	cp -a z.zapp far.zapp &&
	f=far.zapp/libexec/sub/deep.sh && off=$(( 0x$(stamp_off $f) )) &&
	poke $f $(( off + 16 + 512 )) ../../lib &&
	poke $f $(( off + 16 + 512 + 512 + 256 + 3072 + 512 + 256 )) ../../dynbin/sh &&
	test_must_fail_with 1 zapp-check far.zapp 2>err &&
	expect_file_contains err "libexec/sub/deep.sh: in direct mode, but the search path of dynbin/sh leads elsewhere from libexec/sub than from bin"
'

test_done
