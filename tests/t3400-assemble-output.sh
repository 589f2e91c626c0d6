#!/bin/bash
# The output side of zapp-assemble: --force and --add replace only a Zapp
# (the .zapp marker) and leave anything else byte for byte as it was, also
# when OUT is swapped while the assembly runs; every launcher is stamped
# with its program, so it can be renamed or copied; -q silences every
# warning; a bad option is one line and exit 2; SIGINT, SIGTERM and SIGHUP
# are caught from the start (and stay ignored when the caller ignores
# them); files of equal content are hard links, or copies where the file
# system has no hard links; programs of one size are compared byte for
# byte only when their first 4 KiB agree.
. "$(dirname "$0")/lib.sh"

# A stick's file system without hard links: vfat would do, but this kernel
# may have no vfat module and FUSE's fusefat loses a directory's files when
# it is renamed; exFAT through FUSE (Debian's exfat-fuse and exfatprogs) has
# what matters here: link() fails with EPERM, there is no RENAME_EXCHANGE.
test_lazy_prereq EXFAT '
	command -v mkfs.exfat && command -v mount.exfat-fuse && command -v losetup &&
	[ -c /dev/fuse ] && [ "$(id -u)" = 0 ]
'

# no_tmp: no temporary directory of zapp-assemble is left here
no_tmp() {
	local left
	left=$(find . -maxdepth 2 -name '.*.zapp-tmp-*')
	[ -z "$left" ] || { echo "left behind: $left"; return 1; }
}

# stopped PID: wait until the process is stopped (SIGSTOP delivered)
stopped() {
	local i
	for i in $(seq 1 500); do
		[ "$(sed 's/.*) \(.\).*/\1/' "/proc/$1/stat" 2>/dev/null)" = T ] && return 0
		sleep 0.01
	done
	return 1
}

# wait_for PID GLOB: wait until a path matching GLOB exists while PID
# runs; fails when PID ended first
wait_for() {
	local i
	for i in $(seq 1 3000); do
		compgen -G "$2" >/dev/null && return 0
		kill -0 "$1" 2>/dev/null || return 1
		sleep 0.005
	done
	return 1
}

test_expect_success 'setup: a library with link names, programs, a tree of many files' '
	mkdir -p src stage/bin stage/lib &&
	echo "int foo(void) { return 42; }" >src/foo.c &&
	printf "#include <stdio.h>\nint foo(void);\nint main(void) { printf(\"foo=%%d\\\\n\", foo()); return 0; }\n" >src/main.c &&
	gcc -shared -fPIC -Wl,-soname,libfoo.so.1 -o stage/lib/libfoo.so.1.2 src/foo.c &&
	ln -s libfoo.so.1.2 stage/lib/libfoo.so.1 && ln -s libfoo.so.1 stage/lib/libfoo.so &&
	gcc -o stage/bin/usefoo src/main.c -Lstage/lib -lfoo -Wl,-rpath,"\$ORIGIN/../lib" &&
	cp stage/bin/usefoo stage/bin/usefoo-copy &&
	mkdir stage/share && echo "the same words" >stage/share/a.txt && cp stage/share/a.txt stage/share/b.txt &&
	mkdir -p many/bin && cp /usr/bin/true many/bin/ &&
	perl -e "for my \$d (1..10) { mkdir \"many/share\"; mkdir \"many/share/d\$d\";
		for my \$f (1..400) { open(my \$h, \">\", \"many/share/d\$d/f\$f\") or die; print \$h \"file \$d \$f\\n\" } }" &&
	test "$(find many -type f | wc -l)" -gt 4000
'

# --- item 3: --force and --add replace only a Zapp ---------------------

test_expect_success 'every Zapp holds the marker .zapp, "zapp-layout 1", the same each time' '
	zapp-assemble -q -o a.zapp /usr/bin/gzip &&
	printf "zapp-layout 1\n" >want && test_cmp want a.zapp/.zapp &&
	SOURCE_DATE_EPOCH=1000000000 zapp-assemble -q -o b.zapp /usr/bin/gzip &&
	test_cmp want b.zapp/.zapp &&
	expect_eq 1000000000 "$(stat -c %Y b.zapp/.zapp)" "time of the marker" &&
	zapp-check -q a.zapp && rm -rf b.zapp
'

test_expect_success '--force refuses a directory that is not a Zapp and leaves it byte for byte' '
	mkdir -p mydata/sub && echo x >mydata/important.txt && echo y >mydata/sub/more.txt &&
	tree_digest mydata >before &&
	test_must_fail_with 1 zapp-assemble -f -o mydata /usr/bin/gzip 2>err &&
	echo "zapp-assemble: mydata: not replaced: it is not a Zapp (no .zapp): remove it yourself or choose another -o" >want &&
	test_cmp want err &&
	tree_digest mydata >after && test_cmp before after && no_tmp
'

test_expect_success '--force refuses a symbolic link, a file, and a directory whose .zapp is not a marker' '
	ln -s mydata link-to-dir &&
	test_must_fail_with 1 zapp-assemble -f -o link-to-dir /usr/bin/gzip 2>err &&
	expect_file_contains err "link-to-dir: not replaced: it is not a Zapp (a symbolic link)" &&
	expect_eq mydata "$(readlink link-to-dir)" "the link" &&
	ln -s a.zapp link-to-zapp && tree_digest a.zapp >zapp-before &&
	test_must_fail_with 1 zapp-assemble -f -o link-to-zapp /usr/bin/gzip 2>err &&
	expect_file_contains err "(a symbolic link)" &&
	tree_digest a.zapp >zapp-after && test_cmp zapp-before zapp-after &&
	echo data >afile &&
	test_must_fail_with 1 zapp-assemble -f -o afile /usr/bin/gzip 2>err &&
	expect_file_contains err "afile: not replaced: it is not a Zapp (not a directory)" &&
	expect_eq data "$(cat afile)" "the file" &&
	for kind in link dir text; do
		rm -rf fake && mkdir fake && echo keep >fake/keep &&
		case $kind in
		link) ln -s /etc/hostname fake/.zapp ;;
		dir) mkdir fake/.zapp ;;
		text) echo "my notes" >fake/.zapp ;;
		esac &&
		tree_digest fake >before &&
		test_must_fail_with 1 zapp-assemble -f -o fake /usr/bin/gzip 2>err &&
		expect_file_contains err "fake: not replaced: it is not a Zapp (.zapp " &&
		tree_digest fake >after && test_cmp before after || exit 1
	done &&
	no_tmp
'

test_expect_success '--add refuses a directory that is not a Zapp, and leaves it' '
	tree_digest mydata >before &&
	test_must_fail_with 1 zapp-assemble -a -o mydata /usr/bin/gzip 2>err &&
	echo "zapp-assemble: mydata: cannot add to it: it is not a Zapp (no .zapp)" >want &&
	test_cmp want err &&
	tree_digest mydata >after && test_cmp before after && no_tmp
'

test_expect_success '--force over a Zapp replaces it; so does --add, and the marker stays' '
	zapp-assemble -q -f -o a.zapp /usr/bin/gzip /usr/bin/true &&
	test -f a.zapp/bin/true && test -f a.zapp/.zapp &&
	zapp-assemble -q -a -o a.zapp stage &&
	test -f a.zapp/bin/true && test -f a.zapp/bin/usefoo &&
	printf "zapp-layout 1\n" >want && test_cmp want a.zapp/.zapp &&
	a.zapp/bin/usefoo && zapp-check -q a.zapp && no_tmp
'

test_expect_success 'a Zapp of a newer layout may be replaced, not added to' '
	zapp-assemble -q -o v2.zapp /usr/bin/gzip && echo "zapp-layout 2" >v2.zapp/.zapp &&
	tree_digest v2.zapp >before &&
	test_must_fail_with 1 zapp-assemble -a -o v2.zapp /usr/bin/true 2>err &&
	expect_file_contains err "v2.zapp: cannot add to it: it is a Zapp of layout version 2; this zapp-assemble makes version 1" &&
	tree_digest v2.zapp >after && test_cmp before after &&
	zapp-assemble -q -f -o v2.zapp /usr/bin/true &&
	printf "zapp-layout 1\n" >want && test_cmp want v2.zapp/.zapp && no_tmp
'

test_expect_success 'a Zapp from before the marker (a loader in lib/, a jumploader in bin/) may be replaced; a look-alike may not' '
	zapp-assemble -q -o old.zapp /usr/bin/gzip && rm old.zapp/.zapp &&
	zapp-check -q old.zapp &&
	zapp-assemble -q -f -o old.zapp /usr/bin/true &&
	test -f old.zapp/.zapp && test -f old.zapp/bin/true && test ! -e old.zapp/bin/gzip &&
	mkdir -p lookalike/lib lookalike/bin &&
	cp /lib64/ld-linux-x86-64.so.2 lookalike/lib/ && cp /usr/bin/gzip lookalike/bin/ &&
	tree_digest lookalike >before &&
	test_must_fail_with 1 zapp-assemble -f -o lookalike /usr/bin/true 2>err &&
	expect_file_contains err "not replaced: it is not a Zapp (no .zapp)" &&
	tree_digest lookalike >after && test_cmp before after
'

test_expect_success 'OUT swapped for a user directory while the Zapp is written: refused, both left whole' '
	zapp-assemble -q -o race.zapp /usr/bin/gzip && tree_digest race.zapp >zapp-before &&
	{ zapp-assemble -q -f -o race.zapp many 2>err & } && pid=$! &&
	wait_for $pid ".race.zapp.zapp-tmp-*" &&
	kill -STOP $pid && stopped $pid &&
	mv race.zapp race-was.zapp && mkdir race.zapp && echo x >race.zapp/important.txt &&
	tree_digest race.zapp >before &&
	kill -CONT $pid && status=0 && { wait $pid || status=$?; } &&
	expect_eq 1 "$status" "exit status" &&
	expect_file_contains err "race.zapp: not replaced: it is not a Zapp (no .zapp)" &&
	tree_digest race.zapp >after && test_cmp before after &&
	tree_digest race-was.zapp >zapp-after && test_cmp zapp-before zapp-after && no_tmp
'

test_expect_success STRACE 'OUT swapped between the last check and the exchange: swapped back, both left whole' '
	rm -rf race.zapp race-was.zapp &&
	zapp-assemble -q -o race.zapp /usr/bin/gzip && tree_digest race.zapp >zapp-before &&
	{ strace -f -qq -o /dev/null -e trace=renameat2 -e inject=renameat2:delay_enter=1500000:when=1 \
		zapp-assemble -q -f -o race.zapp /usr/bin/true 2>err & } && pid=$! &&
	wait_for $pid ".race.zapp.zapp-tmp-*/.zapp" && sleep 0.5 &&
	mv race.zapp race-was.zapp && mkdir race.zapp && echo x >race.zapp/important.txt &&
	tree_digest race.zapp >before &&
	status=0 && { wait $pid || status=$?; } &&
	expect_eq 1 "$status" "exit status" &&
	expect_file_contains err "race.zapp: not replaced: it changed while it was being replaced" &&
	tree_digest race.zapp >after && test_cmp before after &&
	tree_digest race-was.zapp >zapp-after && test_cmp zapp-before zapp-after && no_tmp
'

test_expect_success ROOT '--force removes the old tree, but nothing of a file system mounted inside it' '
	zapp-assemble -q -o mnt.zapp /usr/bin/gzip && mkdir mnt.zapp/share &&
	unshare -m --propagation private sh -c "
		mount -t tmpfs tmpfs mnt.zapp/share || exit 99
		echo precious >mnt.zapp/share/data
		zapp-assemble -f -o mnt.zapp /usr/bin/true >/dev/null 2>err; echo \$? >status
		cat .mnt.zapp.zapp-tmp-*/share/data >kept
	" &&
	expect_eq 0 "$(cat status)" "exit status" &&
	expect_eq precious "$(cat kept)" "the file on the mounted file system" &&
	expect_file_contains err "the previous content could not be removed: Invalid cross-device link" &&
	test -f mnt.zapp/bin/true && rm -rf .mnt.zapp.zapp-tmp-*
'

test_expect_success 'zapp-check checks the marker: accepted absent, refused when corrupt or from a newer layout' '
	zapp-assemble -q -o m.zapp /usr/bin/gzip &&
	echo "zapp-layout one" >m.zapp/.zapp &&
	test_must_fail_with 1 zapp-check m.zapp 2>err &&
	expect_file_contains err "zapp-check: .zapp: not a Zapp marker" &&
	echo "zapp-layout 2" >m.zapp/.zapp &&
	test_must_fail_with 1 zapp-check m.zapp 2>err &&
	expect_file_contains err "made for layout version 2" &&
	rm m.zapp/.zapp && zapp-check -q m.zapp
'

# --- item 6: launchers renamed or copied --------------------------------

test_expect_success 'every launcher is stamped with its program, also the ones at the default place' '
	zapp-assemble -q -o r.zapp /usr/bin/gzip stage &&
	zapp-check -q r.zapp &&
	for l in gzip usefoo; do
		od -An -c "r.zapp/bin/$l" | tr -d " \n" | grep -qF "../dynbin/$l\\0" ||
			{ echo "bin/$l is not stamped with ../dynbin/$l"; exit 1; }
	done
'

test_expect_success 'a launcher renamed, and one copied under a second name, start their program from a moved Zapp' '
	mv r.zapp/bin/gzip r.zapp/bin/gz && cp r.zapp/bin/usefoo r.zapp/bin/foo-again &&
	mv r.zapp moved.zapp &&
	echo hello | moved.zapp/bin/gz | moved.zapp/bin/gz -d >out && expect_eq hello "$(cat out)" &&
	expect_eq foo=42 "$(moved.zapp/bin/foo-again)" &&
	zapp-check -q moved.zapp
'

test_expect_success ROOT 'the renamed and the copied launcher in an empty root' '
	mkdir -p root && cp -r moved.zapp root/z &&
	expect_eq foo=42 "$(run_in_empty_root root /z/bin/foo-again)" &&
	run_in_empty_root root /z/bin/gz --version >out && expect_file_contains out "Jean-loup Gailly"
'

test_expect_success 'an unstamped launcher of an older Zapp is still accepted by zapp-check and runs' '
	zapp-assemble -q --glibc-pieces=none -o u.zapp /usr/bin/gzip &&
	rm u.zapp/bin/gzip && cp "$ZAPP_BUILD/lib/zapp/jumploader-x86_64" u.zapp/bin/gzip &&
	zapp-check -q u.zapp && u.zapp/bin/gzip --version >out && expect_file_contains out gzip
'

# --- item 7: -q ----------------------------------------------------------

test_expect_success '-q: no warning from any step; without it they are there; errors still print' '
	mkdir -p warn/bin warn/share &&
	echo "int main(void) { return 0; }" >src/true.c &&
	gcc -o warn/bin/abs src/true.c -Wl,--disable-new-dtags,-rpath,/nonexistent/lib &&
	ln -s nowhere warn/share/dangling &&
	cp /usr/bin/true warn/bin/suid && chmod u+s warn/bin/suid &&
	zapp-assemble -o w1.zapp warn >/dev/null 2>err &&
	expect_file_contains err "warning: warn/share/dangling: skipped" &&
	expect_file_contains err "set-uid/set-gid bit dropped" &&
	expect_file_contains err "removed absolute rpath entry" &&
	zapp-assemble -q -o w2.zapp warn >out 2>err &&
	test ! -s out && test ! -s err &&
	test_must_fail_with 1 zapp-assemble -q -o w3.zapp warn /nonexistent 2>err &&
	expect_file_contains err "/nonexistent: cannot read"
'

# --- item 12: bad options ------------------------------------------------

test_expect_success 'an unknown option or a missing argument: one line, exit 2 (zapp-assemble and zapp-check)' '
	check_usage() {
		local want=$1; shift
		test_must_fail_with 2 "$@" >out 2>err &&
		echo "$want" >want && test_cmp want err && test ! -s out
	}
	check_usage "zapp-assemble: unknown option '\''--x'\'' (see --help)" zapp-assemble --x -o o.zapp /usr/bin/true &&
	check_usage "zapp-assemble: unknown option '\''-x'\'' (see --help)" zapp-assemble -x -o o.zapp /usr/bin/true &&
	check_usage "zapp-assemble: option '\''--output'\'' needs an argument (see --help)" zapp-assemble /usr/bin/true --output &&
	check_usage "zapp-assemble: option '\''-o'\'' needs an argument (see --help)" zapp-assemble /usr/bin/true -o &&
	check_usage "zapp-assemble: option '\''--sysroot'\'' needs an argument (see --help)" zapp-assemble -o o.zapp /usr/bin/true --sysroot &&
	check_usage "zapp-assemble: option '\''--force'\'' takes no argument (see --help)" zapp-assemble --force=yes -o o.zapp /usr/bin/true &&
	check_usage "zapp-assemble: option '\''--ver'\'' is ambiguous (see --help)" zapp-assemble --ver &&
	check_usage "zapp-assemble: no input given (see --help)" zapp-assemble -o o.zapp &&
	check_usage "zapp-check: unknown option '\''--x'\'' (see --help)" zapp-check --x a.zapp &&
	check_usage "zapp-check: unknown option '\''-z'\'' (see --help)" zapp-check -qz a.zapp &&
	check_usage "zapp-check: give exactly one Zapp directory (see --help)" zapp-check &&
	test ! -e o.zapp &&
	zapp-assemble --help >out && expect_file_contains out "Usage: zapp-assemble"
'

# --- code health: signals caught from the start of main ---------------

test_expect_success STRACE 'SIGINT during the scan: caught, then dies of it; no OUT, no temporary directory' '
	# each directory listing of the scan takes 0.2 s more: once the first
	# is done, the scan has seconds to go
	{ env --default-signal=INT strace -qq -o trace -e trace=getdents64 \
		-e inject=getdents64:delay_exit=200000 zapp-assemble -q -o int.zapp many & } && spid=$! &&
	wait_for $spid trace && for i in $(seq 1 400); do grep -q getdents64 trace && break; sleep 0.01; done &&
	pid=$(pgrep -P $spid) && test -n "$pid" &&
	kill -INT $pid &&
	status=0 && { wait $spid || status=$?; } &&
	expect_eq 130 "$status" "exit status" &&
	test ! -e int.zapp && no_tmp &&
	# caught (not killed outright): it raised the signal again itself
	expect_file_contains trace "si_code=SI_TKILL, si_pid=$pid" &&
	expect_file_contains trace "+++ killed by SIGINT +++"
'

test_expect_success STRACE 'the handlers are in place before the first input is read' '
	# SIGINT at its default whatever the caller did (a background job of a
	# script starts with it ignored, and an ignored signal stays ignored)
	strace -f -qq -o trace -e trace=rt_sigaction,openat \
		env --default-signal=INT zapp-assemble -q -o st.zapp stage &&
	first_handler=$(grep -n "rt_sigaction(SIGINT, {sa_handler=0x" trace | head -n 1 | cut -d: -f1) &&
	first_input=$(grep -n "openat(.*\"stage/" trace | head -n 1 | cut -d: -f1) &&
	test -n "$first_handler" && test -n "$first_input" &&
	test "$first_handler" -lt "$first_input"
'

test_expect_success 'a SIGHUP the caller ignores (nohup) stays ignored: the Zapp is made' '
	(trap "" HUP && exec zapp-assemble -q -o hup.zapp many) & pid=$! &&
	wait_for $pid ".hup.zapp.zapp-tmp-*" &&
	kill -HUP $pid && status=0 && { wait $pid || status=$?; } &&
	expect_eq 0 "$status" "exit status" && zapp-check -q hup.zapp && no_tmp
'

# --- item 11: identical files are hard links ----------------------------

test_expect_success 'the link names of a library are one file; so are files of equal bytes, and launchers of one stamp' '
	zapp-assemble -q -o h.zapp stage &&
	expect_eq "$(stat -c %i h.zapp/lib/libfoo.so.1.2)" "$(stat -c %i h.zapp/lib/libfoo.so.1)" "libfoo.so.1" &&
	expect_eq "$(stat -c %i h.zapp/lib/libfoo.so.1.2)" "$(stat -c %i h.zapp/lib/libfoo.so)" "libfoo.so" &&
	expect_eq 3 "$(stat -c %h h.zapp/lib/libfoo.so.1)" "links of libfoo" &&
	expect_eq "$(stat -c %i h.zapp/share/a.txt)" "$(stat -c %i h.zapp/share/b.txt)" "two files of the same bytes" &&
	expect_eq "$(stat -c %i h.zapp/bin/usefoo)" "$(stat -c %i h.zapp/bin/usefoo-copy)" "the launchers of one program" &&
	zapp-check -q h.zapp &&
	mv h.zapp hm.zapp && expect_eq foo=42 "$(hm.zapp/bin/usefoo)" && expect_eq foo=42 "$(hm.zapp/bin/usefoo-copy)"
'

test_expect_success 'two launchers of one program in one directory (an alias) are one file' '
	mkdir -p al && cp -a stage/bin stage/lib al/ && ln -s usefoo al/bin/foo-alias &&
	zapp-assemble -q -o al.zapp al &&
	expect_eq "$(stat -c %i al.zapp/bin/usefoo)" "$(stat -c %i al.zapp/bin/foo-alias)" "the launchers" &&
	expect_eq foo=42 "$(al.zapp/bin/foo-alias)" && zapp-check -q al.zapp
'

# Programs of one size (Debian's netpbm has some 200 of 14280 bytes) are
# told apart by their first 4 KiB; only those that agree there are
# compared byte for byte.
test_expect_success 'programs of one size: a copy is an alias; one that differs only after its first 4 KiB has its own copy' '
	mkdir -p same4k && printf "int main(void){return 1;}\n" >same4k/one.c &&
	printf "int main(void){return 2;}\n" >same4k/two.c &&
	gcc -Wl,--build-id=none -o same4k/one same4k/one.c && gcc -Wl,--build-id=none -o same4k/two same4k/two.c &&
	cp same4k/one same4k/one-copy &&
	expect_eq "$(stat -c %s same4k/one)" "$(stat -c %s same4k/two)" "sizes" &&
	cmp -n 4096 same4k/one same4k/two && ! cmp -s same4k/one same4k/two &&
	zapp-assemble -q -o s4.zapp same4k/one same4k/two same4k/one-copy &&
	expect_eq "dynbin/one dynbin/two" "$(cd s4.zapp && echo dynbin/*)" "the programs" &&
	expect_eq "$(stat -c %i s4.zapp/bin/one)" "$(stat -c %i s4.zapp/bin/one-copy)" "the launchers of one" &&
	status=0 && { s4.zapp/bin/one-copy || status=$?; } && expect_eq 1 $status "one-copy" &&
	status=0 && { s4.zapp/bin/two || status=$?; } && expect_eq 2 $status "two"
'

test_expect_success STRACE '40 programs of one size that differ in their first 4 KiB are read once, not each against all the others' '
	mkdir -p alike && printf "int main(void){return 0;}\n" >alike.c && gcc -c -o alike.o alike.c &&
	for i in $(seq 10 49); do
		gcc -Wl,--build-id=0x$i$i$i$i -o alike/p$i alike.o || exit 1
	done &&
	expect_eq 1 "$(stat -c %s alike/* | sort -u | wc -l)" "sizes" &&
	! cmp -s -n 4096 alike/p10 alike/p11 &&
	strace -f -qq -y -e trace=read,pread64 -o trace zapp-assemble -q -o alike.zapp alike/* &&
	expect_eq 40 "$(find alike.zapp/dynbin -type f | wc -l)" "programs" &&
	read=$(awk "/^[0-9]+ +p?read(64)?\\([0-9]+<[^>]*\\/alike\\/p[0-9]+>/ && / = [0-9]+\$/ { n += \$NF } END { print n + 0 }" trace) &&
	size=$(cat alike/* | wc -c) &&
	{ [ "$read" -gt 0 ] && [ "$read" -lt $((2 * size)) ]; } ||
		fail "zapp-assemble read $read bytes of 40 programs of $size bytes together"
'

test_expect_success ROOT 'the hard-linked Zapp in an empty root' '
	mkdir -p hroot && cp -a hm.zapp hroot/z &&
	expect_eq foo=42 "$(run_in_empty_root hroot /z/bin/usefoo-copy)"
'

test_expect_success 'the same inputs give the same tree and the same links' '
	zapp-assemble -q -o d1.zapp stage /usr/bin/gzip && zapp-assemble -q -o d2.zapp stage /usr/bin/gzip &&
	tree_digest d1.zapp >d1 && tree_digest d2.zapp >d2 && test_cmp d1 d2 &&
	(cd d1.zapp && find . -type f -printf "%n %p\n" | LC_ALL=C sort) >l1 &&
	(cd d2.zapp && find . -type f -printf "%n %p\n" | LC_ALL=C sort) >l2 &&
	test_cmp l1 l2 && grep -q "^3 ./lib/libfoo.so$" l1
'

test_expect_success STRACE 'where link() is refused (EPERM, as on FAT) copies are made; past EMLINK a new copy' '
	strace -f -qq -o /dev/null -e trace=link -e inject=link:error=EPERM zapp-assemble -q -o nl.zapp stage &&
	expect_eq 1 "$(stat -c %h nl.zapp/lib/libfoo.so.1)" "links" &&
	zapp-check -q nl.zapp && expect_eq foo=42 "$(nl.zapp/bin/usefoo)" &&
	# the second link (lib/libfoo.so.1 to lib/libfoo.so; the first is
	# bin/usefoo-copy to bin/usefoo) fails: a copy, which lib/libfoo.so.1.2
	# is then linked to
	strace -f -qq -o /dev/null -e trace=link -e inject=link:error=EMLINK:when=2 zapp-assemble -q -o ml.zapp stage &&
	expect_eq 2 "$(stat -c %h ml.zapp/bin/usefoo)" "links of the launcher" &&
	expect_eq 1 "$(stat -c %h ml.zapp/lib/libfoo.so)" "links of the first copy" &&
	expect_eq 2 "$(stat -c %h ml.zapp/lib/libfoo.so.1)" "links of the copy made past EMLINK" &&
	expect_eq "$(stat -c %i ml.zapp/lib/libfoo.so.1)" "$(stat -c %i ml.zapp/lib/libfoo.so.1.2)" "libfoo.so.1.2" &&
	zapp-check -q ml.zapp && expect_eq foo=42 "$(ml.zapp/bin/usefoo)"
'

test_expect_success EXFAT 'a Zapp written onto a FAT-family stick (exFAT, no hard links): copies, runs, can be replaced' '
	truncate -s 96M stick.img && mkfs.exfat stick.img >/dev/null && mkdir stick &&
	dev=$(losetup -f --show stick.img) &&
	status=0 && {
		mount.exfat-fuse "$dev" stick >/dev/null 2>&1 &&
		zapp-assemble -q -o stick/app.zapp stage &&
		expect_eq 1 "$(stat -c %h stick/app.zapp/lib/libfoo.so.1)" "links on exFAT" &&
		mv stick/app.zapp stick/moved.zapp &&
		expect_eq foo=42 "$(stick/moved.zapp/bin/usefoo)" &&
		zapp-check -q stick/moved.zapp &&
		zapp-assemble -q -f -o stick/moved.zapp stage /usr/bin/true &&
		stick/moved.zapp/bin/true && test -z "$(ls -A stick | grep zapp-tmp)" || status=1
	}
	umount stick 2>/dev/null; losetup -d "$dev"
	expect_eq 0 "$status" "on exFAT"
'

test_done
