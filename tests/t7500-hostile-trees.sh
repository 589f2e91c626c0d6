#!/bin/bash
# Hostile trees and concurrent use of zapp-assemble: input trees whose links
# would multiply the output (symbolic link "diamonds"), several --add into
# one Zapp at once, and huge sparse inputs.  Each is bounded by the input:
# the time taken, the files written and the bytes on disk.
. "$(dirname "$0")/lib.sh"

# distinct_inodes DIR: how many distinct files (inodes) DIR holds.
distinct_inodes() { find "$1" -type f -printf '%i\n' | sort -u | wc -l; }
# du_kib DIR: the KiB DIR takes on disk (each file once).
du_kib() { du -sk "$1" | cut -f1; }

test_expect_success 'setup: four programs' '
	for i in 1 2 3 4; do
		printf "#include <stdio.h>\nint main(void){printf(\"$i 42\\\\n\");}\n" >p$i.c &&
		gcc -o p$i p$i.c || return 1
	done
'

# --- item 10: symbolic link "diamonds" -------------------------------

test_expect_success '16 levels of directories that each link twice to the next: bounded by the input' '
	mkdir -p dia/bin && cp p1 dia/bin/p1 &&
	for i in $(seq 0 16); do
		mkdir -p dia/share/d$i && head -c 10000 /dev/urandom >dia/share/d$i/f || return 1
	done &&
	for i in $(seq 0 15); do
		ln -s ../d$((i + 1)) dia/share/d$i/a && ln -s ../d$((i + 1)) dia/share/d$i/b || return 1
	done &&
	start=$(date +%s) &&
	timeout 120 zapp-assemble --glibc-pieces=none -o dia.zapp dia >out 2>err &&
	end=$(date +%s) &&
	test $((end - start)) -lt 10 &&
	zapp-check -q dia.zapp &&
	: each link is one copy of what it leads to, each directory once in it &&
	links=$(find dia -type l | wc -l) && names=$(find dia | wc -l) &&
	got=$(find dia.zapp | wc -l) &&
	test "$got" -le $(( (links + 1) * (names + 8) )) || { echo "$got names for $names in the input"; return 1; } &&
	inodes=$(distinct_inodes dia.zapp) && test "$inodes" -le 30 || { echo "$inodes distinct files"; return 1; } &&
	kib=$(du_kib dia.zapp) && test "$kib" -lt 8192 || { echo "the Zapp takes $kib KiB"; return 1; } &&
	: the links of the input are there, as their directories &&
	cmp dia/share/d1/f dia.zapp/share/d0/a/f && cmp dia/share/d1/f dia.zapp/share/d0/b/f &&
	cmp dia/share/d16/f dia.zapp/share/d15/b/f &&
	cmp dia/share/d16/f dia.zapp/share/d0/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/f &&
	expect_file_contains err "skipped: a second way to $TRASH/dia/share/d2 inside one link'\''s copy (a \"diamond\" of links); it is there once" &&
	mkdir -p droot && cp -a dia.zapp droot/moved.zapp &&
	expect_eq "1 42" "$(run_in_empty_root droot /moved.zapp/bin/p1)"
'

# --- item 11: concurrent --add into one Zapp --------------------------

test_expect_success 'four --add at once into one Zapp: each waits its turn, all four land' '
	zapp-assemble -q -o z.zapp /bin/true &&
	for i in 1 2 3 4; do
		(timeout 120 zapp-assemble -a -o z.zapp p$i >out$i 2>err$i; echo $? >rc$i) &
	done &&
	wait &&
	for i in 1 2 3 4; do
		expect_eq 0 "$(cat rc$i)" "exit status of the add of p$i" || { cat err$i; return 1; }
		test -x z.zapp/bin/p$i || { echo "p$i lost"; ls z.zapp/bin; return 1; }
		expect_eq "$i 42" "$(z.zapp/bin/p$i)" "p$i through its launcher" || return 1
	done &&
	z.zapp/bin/true &&
	zapp-check -q z.zapp &&
	cat err1 err2 err3 err4 >err &&
	{ grep -v "^zapp-assemble: z.zapp: waiting for another assembly into it to finish$" err >other || :; } &&
	test_cmp /dev/null other &&
	ls -A >ls && expect_file_lacks ls zapp-lock && expect_file_lacks ls zapp-tmp
'

test_expect_success 'the Zapp added to runs moved, in an empty root' '
	mkdir -p root && mv z.zapp root/moved.zapp &&
	for i in 1 2 3 4; do
		expect_eq "$i 42" "$(run_in_empty_root root /moved.zapp/bin/p$i)" "p$i in an empty root" || return 1
	done
'

test_expect_success '--add waits for the lock an assembly holds, and says so' '
	zapp-assemble -q -o w.zapp p1 &&
	: a lock taken as zapp-assemble takes it, held 2 s &&
	(flock 9; sleep 2) 9>.w.zapp.zapp-lock &
	sleep 0.5 &&
	start=$(date +%s%N) &&
	zapp-assemble -a -o w.zapp p2 >/dev/null 2>err &&
	end=$(date +%s%N) &&
	wait &&
	expect_file_contains err "zapp-assemble: w.zapp: waiting for another assembly into it to finish" &&
	test $(( (end - start) / 1000000 )) -ge 1000 &&
	test -x w.zapp/bin/p1 && test -x w.zapp/bin/p2 && zapp-check -q w.zapp &&
	: a lock file zapp-assemble did not create is left as it was &&
	test -f .w.zapp.zapp-lock && rm .w.zapp.zapp-lock
'

test_expect_success 'a lock file that is not ours is neither written nor removed; a link or FIFO there is refused' '
	zapp-assemble -q -o v.zapp p1 &&
	echo "the user'\''s" >.v.zapp.zapp-lock && cp .v.zapp.zapp-lock keep &&
	zapp-assemble -q -a -o v.zapp p2 &&
	test_cmp keep .v.zapp.zapp-lock && test -x v.zapp/bin/p2 &&
	rm .v.zapp.zapp-lock && ln -s keep .v.zapp.zapp-lock &&
	test_must_fail_with 1 zapp-assemble -q -a -o v.zapp p3 2>err &&
	expect_file_contains err ".v.zapp.zapp-lock: cannot lock v.zapp:" &&
	test_cmp keep "$(readlink .v.zapp.zapp-lock)" && test ! -e v.zapp/bin/p3 &&
	rm .v.zapp.zapp-lock && mkfifo .v.zapp.zapp-lock &&
	test_must_fail_with 1 timeout 10 zapp-assemble -q -a -o v.zapp p3 2>err &&
	expect_file_contains err ".v.zapp.zapp-lock: cannot lock v.zapp: not a regular file" &&
	test -p .v.zapp.zapp-lock && rm .v.zapp.zapp-lock
'

# --- item 13: sparse and huge inputs ----------------------------------

test_expect_success 'a 4 GiB sparse data file keeps its holes: the Zapp stays small, and quickly made' '
	mkdir -p sp/bin sp/share && cp p1 sp/bin/p1 &&
	truncate -s 4G sp/share/data &&
	for off in 0 2147483648 4294967288; do
		printf "data@%s" $off | dd of=sp/share/data bs=1 seek=$off conv=notrunc status=none || return 1
	done &&
	truncate -s 4G sp/share/data &&
	start=$(date +%s) &&
	timeout 60 zapp-assemble -q -o sp.zapp sp &&
	end=$(date +%s) &&
	test $((end - start)) -lt 10 &&
	expect_eq 4294967296 "$(stat -c %s sp.zapp/share/data)" "size of the copy" &&
	kib=$(du_kib sp.zapp) && test "$kib" -lt 65536 || { echo "the Zapp takes $kib KiB"; return 1; } &&
	for off in 0 2147483648 4294967288; do
		want=$(printf "data@%s" $off | head -c 8) &&
		got=$(dd if=sp.zapp/share/data bs=1 skip=$off count=8 status=none) &&
		expect_eq "$want" "$got" "bytes at $off" || return 1
	done &&
	zapp-check -q sp.zapp && expect_eq "1 42" "$(sp.zapp/bin/p1)"
'

test_expect_success 'a 4 GiB sparse program is refused at once, before it is copied' '
	cp p1 huge && truncate -s 4G huge &&
	start=$(date +%s) &&
	test_must_fail_with 1 timeout 60 zapp-assemble -q -o huge.zapp huge 2>err &&
	end=$(date +%s) &&
	test $((end - start)) -lt 5 &&
	expect_file_contains err "zapp-assemble: dynbin/huge: cannot set its rpath to '\''\$ORIGIN/../lib'\'': " &&
	expect_file_contains err "bytes follow the last header or section (appended data?); rewriting the file would drop them" &&
	ls -A >ls && expect_file_lacks ls huge.zapp
'

test_expect_success STRACE 'a program with 64 MiB appended is refused without a byte of it copied' '
	cp p1 appended && head -c 64M /dev/urandom >>appended &&
	test_must_fail_with 1 strace -f -o trace zapp-assemble -q -o ap.zapp appended 2>err &&
	expect_file_contains err "zapp-assemble: dynbin/appended: cannot set its rpath to " &&
	! grep -E "open.*dynbin/appended.*O_CREAT" trace &&
	! grep -E "^[0-9]+ +(copy_file_range|sendfile|ioctl\(.*FICLONE)" trace &&
	ls -A >ls && expect_file_lacks ls ap.zapp
'

test_done
