#!/bin/bash
# Interruptions and full disks.  A large assembly (git, curl and ssh, and a
# tree of ~2000 files) is interrupted at random points with SIGINT, SIGTERM
# and SIGKILL, fresh and over an existing OUT (--force): OUT is always
# either absent or as it was, or complete (identical to an uninterrupted
# run, and zapp-check passes).  SIGINT and SIGTERM leave no temporary
# directory; SIGKILL cannot be caught and may leave .OUT.zapp-tmp-*.  A
# full disk or a file size limit gives a clear error and no OUT.
. "$(dirname "$0")/lib.sh"

programs="/usr/bin/git /usr/bin/curl /usr/bin/ssh"
runs=${ZAPP_INTERRUPT_RUNS:-4}	# per kind of interruption below (3 kinds)

# digest DIR: types, modes and paths, then the content of every file.
digest() {
	(cd "$1" && find . -printf '%y %m %p\n' | LC_ALL=C sort &&
	 find . -type f -print0 | LC_ALL=C sort -z | xargs -0 -r sha256sum)
}

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# interrupt SIGNAL OUT ARGS...: start zapp-assemble -q -o OUT ARGS (with
# SIGINT at its default, as from a terminal: a background job of a script
# starts with it ignored), send SIGNAL after a random delay within the
# duration of a whole run, and record "SIGNAL DELAY STATUS OUTCOME" in
# runs.log, OUTCOME being absent, old (as before) or new (complete).
# Fails when OUT is anything else, or a caught signal left a temporary
# directory.
interrupt() {
	local sig=$1 out=$2 status=0 delay outcome; shift 2
	delay=$(( RANDOM % (whole_ms * 13 / 10 + 1) ))
	env --default-signal=INT zapp-assemble -q -o "$out" "$@" 2>>err &
	local pid=$!
	sleep "$(printf '%d.%03d' $((delay / 1000)) $((delay % 1000)))"
	kill -s "$sig" "$pid" 2>/dev/null || true
	{ wait "$pid"; } 2>/dev/null || status=$?	# (no "Killed" notice)
	if [ ! -e "$out" ]; then
		outcome=absent
		[ "$status" != 0 ] || { echo "exit 0 without $out"; return 1; }
	elif digest "$out" | cmp -s - new.digest; then
		outcome=new
		zapp-check -q "$out" || return 1
	elif [ -f old.digest ] && digest "$out" | cmp -s - old.digest; then
		outcome=old
		[ "$status" != 0 ] || { echo "exit 0 with the old $out"; return 1; }
	else
		echo "$out is neither absent, as it was, nor complete (SIG$sig after ${delay}ms, exit $status)"
		digest "$out" | diff new.digest - | head -n 20
		return 1
	fi
	case $sig:$status in
	INT:0|INT:130|TERM:0|TERM:143|KILL:0|KILL:137) ;;
	*) echo "SIG$sig after ${delay}ms: exit status $status"; return 1 ;;
	esac
	local tmps
	tmps=$(find "$(dirname "$out")" -maxdepth 1 -name ".$(basename "$out").zapp-tmp-*" | wc -l)
	if [ "$tmps" != 0 ]; then
		if [ "$sig" != KILL ]; then
			echo "SIG$sig after ${delay}ms left a temporary directory"
			return 1
		fi
		find "$(dirname "$out")" -maxdepth 1 -name ".$(basename "$out").zapp-tmp-*" -exec rm -rf {} +
	fi
	echo "$sig $delay $status $outcome $tmps" >>runs.log
}

test_expect_success 'setup: a large input, its Zapp, and how long it takes' '
	mkdir -p big/bin big/share/data big/lib &&
	cp /usr/bin/gzip /usr/bin/tar big/bin/ &&
	perl -e "for my \$i (1..2000) { open(my \$f, \">\", \"big/share/data/f\$i\") or die;
		print \$f ((\"data \$i \" x 16) x ((\$i * 7919) % 600)) }" &&
	test "$(find big -type f | wc -l)" -gt 2000 &&
	start=$(now_ms) &&
	zapp-assemble -q -o new.zapp $programs big &&
	echo "whole_ms=$(( $(now_ms) - start ))" | tee timing &&
	zapp-check -q new.zapp && digest new.zapp >new.digest &&
	zapp-assemble -q -o old.zapp /usr/bin/ssh && digest old.zapp >old.digest.saved &&
	rm -rf new.zapp
'
. ./timing 2>/dev/null || whole_ms=500
[ "$whole_ms" -gt 0 ] || whole_ms=1

test_expect_success "SIGINT and SIGTERM at $runs random points each: OUT absent or complete, no temporary directory" '
	rm -f old.digest &&
	for i in $(seq 1 "$runs"); do
		interrupt INT out.zapp $programs big || exit 1
		rm -rf out.zapp
		interrupt TERM out.zapp $programs big || exit 1
		rm -rf out.zapp
	done &&
	test -z "$(ls -A | grep zapp-tmp)"
'

test_expect_success "SIGKILL at $runs random points: OUT absent or complete" '
	rm -f old.digest &&
	for i in $(seq 1 "$runs"); do
		interrupt KILL out.zapp $programs big || exit 1
		rm -rf out.zapp
	done
'

test_expect_success "--force over an existing Zapp, interrupted at $runs random points: the old one or the new one, whole" '
	cp old.digest.saved old.digest &&
	for i in $(seq 1 "$runs"); do
		rm -rf out.zapp && cp -r old.zapp out.zapp &&
		interrupt INT out.zapp --force $programs big || exit 1
		rm -rf out.zapp && cp -r old.zapp out.zapp &&
		interrupt KILL out.zapp --force $programs big || exit 1
	done
'

test_expect_success 'what the interruptions hit (runs.log: signal, delay, status, outcome, temporary directories left)' '
	cat runs.log &&
	expect_eq $((runs * 5)) "$(wc -l <runs.log)" "runs" &&
	say "outcomes: $(cut -d" " -f4 runs.log | sort | uniq -c | tr "\n" " ")" &&
	say "SIGKILL runs that left a temporary directory: $(awk "\$1 == \"KILL\" && \$5 > 0" runs.log | wc -l)"
'

test_expect_success 'a file size limit (RLIMIT_FSIZE): a clear error, no OUT, no temporary directory' '
	status=0 &&
	(ulimit -f 2048 && zapp-assemble -q -o limited.zapp $programs) 2>err || status=$? &&
	expect_eq 1 "$status" "exit status (not SIGXFSZ, 153)" &&
	expect_file_contains err ": File too large" &&
	test ! -e limited.zapp && test -z "$(ls -A | grep "limited.zapp.zapp-tmp")"
'

test_expect_success ROOT 'a full disk (a 16 MiB tmpfs, then one of 40 inodes): a clear error, the disk left empty' '
	mkdir disk &&
	unshare -m --propagation private sh -c "
		mount -t tmpfs -o size=16m tmpfs disk || exit 99
		zapp-assemble -q -o disk/out.zapp $programs big 2>err1; echo \$? >status1
		ls -A disk >left1
		umount disk && mount -t tmpfs -o nr_inodes=40 tmpfs disk || exit 99
		zapp-assemble -q -o disk/out.zapp $programs big 2>err2; echo \$? >status2
		ls -A disk >left2
	" &&
	expect_eq 1 "$(cat status1)" "exit status on a full disk" &&
	expect_file_contains err1 "No space left on device" &&
	test ! -s left1 &&
	expect_eq 1 "$(cat status2)" "exit status without free inodes" &&
	expect_file_contains err2 "No space left on device" &&
	test ! -s left2
'

test_done
