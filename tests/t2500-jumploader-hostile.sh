#!/bin/sh
# Hostile surroundings: the jumploader fails only where the kernel would,
# and in the same way.  A FIFO or socket as the program or the loader is
# refused at once (never waited on); a stack as small as the program can
# live with is enough for the jumploader too; a name ending in " (deleted)"
# is a name; AT_PHDR is where the kernel would have put it.

. "$(dirname "$0")/lib.sh"
. "$ZAPP_SRC/tests/jumploader/lib-jumploader.sh"

REAL=$(pwd -P)

fresh() {
	rm -rf "$1" && cp -a Z "$1"
}

prog() { echo "$REAL/$1/dynbin/showme"; }
ldso() { echo "$REAL/$1/lib/ld-linux-x86-64.so.2"; }

# under_stack KIB CMD...: CMD with a stack limit of KIB KiB.
under_stack() {
	local kib=$1
	shift
	sh -c 'ulimit -s "$1" && shift && exec "$@"' sh "$kib" "$@"
}

test_expect_success 'setup: a working Zapp, a static one' '
	jl_build_helper stamp &&
	jl_make_zapp Z showme gcc -O2 "$JL_SRC/showme.c" $JL_RPATH &&
	Z/bin/showme >out &&
	expect_eq ok "$(jl_field out auxv)" &&
	jl_make_zapp S showme gcc -O2 -static "$JL_SRC/showme.c" &&
	S/bin/showme >out &&
	expect_eq ok "$(jl_field out auxv)"
'

# The kernel gives EACCES at once for a FIFO; without O_NONBLOCK the
# jumploader's open would wait for a writer.
test_expect_success 'program is a FIFO: 126 at once, as the kernel' '
	fresh fifo && rm fifo/dynbin/showme && mkfifo fifo/dynbin/showme &&
	{ timeout 10 fifo/dynbin/showme 2>/dev/null && st=0 || st=$?; } &&
	expect_eq 126 "$st" "the kernel, starting the FIFO" &&
	refused 126 "zapp: showme: cannot run program '"'"'$(prog fifo)'"'"': Permission denied" \
		timeout 10 fifo/bin/showme
'

test_expect_success 'loader is a FIFO: 126 at once' '
	fresh lfifo && rm lfifo/lib/ld-linux-x86-64.so.2 &&
	mkfifo lfifo/lib/ld-linux-x86-64.so.2 &&
	refused 126 "zapp: showme: cannot run loader '"'"'$(ldso lfifo)'"'"': Permission denied" \
		timeout 10 lfifo/bin/showme
'

test_expect_success 'program is a symlink to a FIFO elsewhere: 126 at once' '
	fresh lnfifo && rm lnfifo/dynbin/showme && mkfifo far.fifo &&
	ln -s "$REAL/far.fifo" lnfifo/dynbin/showme &&
	refused 126 "zapp: showme: cannot run program '"'"'$(prog lnfifo)'"'"': Permission denied" \
		timeout 10 lnfifo/bin/showme
'

# open(2) of a socket fails with ENXIO; the kernel refuses to execute one
# with EACCES.
test_lazy_prereq PYTHON3 'python3 -c "import socket"'
test_expect_success PYTHON3 'program is a socket: 126, Permission denied, as the kernel' '
	fresh sock && rm sock/dynbin/showme &&
	python3 -c "import socket,sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])" \
		sock/dynbin/showme &&
	test -S sock/dynbin/showme &&
	{ sock/dynbin/showme 2>/dev/null && st=0 || st=$?; } &&
	expect_eq 126 "$st" "the kernel, starting the socket" &&
	refused 126 "zapp: showme: cannot run program '"'"'$(prog sock)'"'"': Permission denied" \
		timeout 10 sock/bin/showme
'

test_expect_success 'program is a character device: 126, Permission denied' '
	fresh chr && rm chr/dynbin/showme && ln -s /dev/null chr/dynbin/showme &&
	refused 126 "zapp: showme: cannot run program '"'"'$(prog chr)'"'"': Permission denied" \
		timeout 10 chr/bin/showme
'

# The kernel refuses a device, a FIFO or a socket for execution before it
# opens it (may_open); the jumploader opened a device (O_NONBLOCK) and then
# refused it.  Now the type is known (newfstatat) before any open, and only
# a regular file is opened.
test_expect_success STRACE 'a device as the program or the loader is never opened' '
	fresh ldev && rm ldev/lib/ld-linux-x86-64.so.2 &&
	ln -s /dev/null ldev/lib/ld-linux-x86-64.so.2 &&
	for z in chr:dynbin/showme ldev:lib/ld-linux-x86-64.so.2; do
		dev=$REAL/${z%%:*}/${z#*:} z=${z%%:*} &&
		strace -f -qq -e trace=openat,open,newfstatat,fstatat64 -o "$z.trace" timeout 10 $z/bin/showme 2>err && st=0 || st=$?
		expect_eq 126 "$st" "$z: status" && expect_file_contains err "Permission denied" &&
		grep -F "\"$dev\"" "$z.trace" >calls &&
		grep -q "stat.*S_IFCHR" calls &&
		! grep -E "open(at)?\(" calls || { cat "$z.trace" >&2; exit 1; }
	done
'

# Between the check of the type and the open, the file may be swapped for
# another: the one read must be the one checked.  strace holds the
# jumploader's first openat (the program's) back for 3 s, long enough for
# the program to be replaced by a copy (a new inode) after its
# newfstatat: the descriptor's fstat tells the swap, and it is refused.
test_expect_success STRACE 'a program swapped between the check and the open is refused' '
	fresh swap && rm -f swap.trace &&
	{ strace -f -qq -o swap.trace -e trace=newfstatat,openat \
		-e inject=openat:delay_enter=3000000:when=1 swap/bin/showme >out 2>err; echo $? >status; } &
	n=0 && while ! grep -q "newfstatat(.*dynbin/showme\"" swap.trace 2>/dev/null && test $n -lt 200; do
		sleep 0.05; n=$((n + 1))
	done &&
	cp swap/dynbin/showme swap/new && mv swap/new swap/dynbin/showme &&
	wait &&
	expect_eq 126 "$(cat status)" "exit status" &&
	expect_file_contains err "zapp: showme: cannot run program '"'"'$(prog swap)'"'"': it was replaced while being opened" &&
	test ! -s out
'

# Strings from the inputs -- the launcher's own name, and through it the
# program path, and the program's PT_INTERP -- reach the message quoted,
# as zapp-assemble and zapp-check quote theirs: "\033", "\n", "\007".
ESC=$(printf '\033')
NL=$(printf '\nx') NL=${NL%x}
BEL=$(printf '\007')
test_expect_success 'a launcher name holding ESC, BEL and a newline: quoted in the message' '
	rm -rf Q && mkdir -p Q/bin Q/dynbin && cp "$JL" "Q/bin/x${ESC}]0;t${BEL}${NL}y" &&
	refused 127 "zapp: x\\033]0;t\\007\\ny: cannot open program '"'"'$REAL/Q/dynbin/x\\033]0;t\\007\\ny'"'"': No such file or directory" \
		"Q/bin/x${ESC}]0;t${BEL}${NL}y"
'

test_expect_success 'a PT_INTERP holding ESC and a newline: quoted in the message' '
	fresh qi &&
	gcc -O2 -o qi/dynbin/showme "$JL_SRC/showme.c" $JL_RPATH \
		"-Wl,-dynamic-linker=/lib64/ld${ESC}[2J${NL}x.so" &&
	refused 127 "zapp: showme: cannot open loader '"'"'$REAL/qi/lib/ld\\033[2J\\nx.so'"'"': No such file or directory" \
		qi/bin/showme
'

test_expect_success 'valid UTF-8 is kept, a lone byte above 0x7f and a C1 control are quoted' '
	rm -rf U && mkdir -p U/bin U/dynbin &&
	u=$(printf "\303\251\302\233\377") && cp "$JL" "U/bin/$u" &&
	refused 127 "zapp: $(printf "\303\251")\\302\\233\\377: cannot open program '"'"'$REAL/U/dynbin/$(printf "\303\251")\\302\\233\\377'"'"': No such file or directory" \
		"U/bin/$u"
'

# The jumploader used 35 KiB of stack (jl_main's frame alone was 0x87a8
# bytes): under ulimit -s 32 it died of SIGSEGV before the program started.
# Wherever the program itself runs, its Zapp must run.  The kernel places
# the top of the stack up to 8 KiB lower at random, so the least stack a
# program needs varies from run to run: without randomisation (setarch -R)
# the comparison is exact at every size; with it, sizes well above the
# program's own need must always do.
test_lazy_prereq SETARCH_R 'setarch -R true'
test_expect_success SETARCH_R 'a small stack: the Zapp runs at every size its program runs at' '
	ran=0 &&
	for kib in 12 14 16 18 20 22 24 28 32 36 40 44 48 52 56; do
		for z in Z S; do
			under_stack $kib setarch -R $z/dynbin/showme >native 2>&1 || continue
			ran=$((ran + 1))
			under_stack $kib setarch -R $z/bin/showme >out 2>&1 || {
				st=$?; cat out >&2
				fail "$z under ulimit -s $kib: status $st, its program runs" || exit 1
			}
			expect_eq ok "$(jl_field out auxv)" "$z under $kib KiB" || exit 1
		done
	done &&
	test $ran -ge 20 || fail "the program itself ran only $ran times"
'

test_expect_success 'a small stack, randomised: ulimit -s 32, 40 and 48 KiB' '
	for kib in 32 40 48; do
		for z in Z S Z S Z S; do
			under_stack $kib $z/bin/showme >out 2>&1 || {
				st=$?; cat out >&2
				fail "$z under ulimit -s $kib: status $st" || exit 1
			}
			expect_eq ok "$(jl_field out auxv)" "$z under $kib KiB" || exit 1
		done
	done
'

test_expect_success 'a small stack: errors are reported, not a crash' '
	fresh nostack && rm nostack/dynbin/showme &&
	refused 127 "zapp: showme: cannot open program '"'"'$(prog nostack)'"'"': No such file or directory" \
		under_stack 16 nostack/bin/showme
'

# Only the launch runs with the small stack (host tools in the test may
# need more); 40 KiB leaves unshare, mount and chroot room to spare.
test_expect_success ROOT 'a small stack, in an empty root' '
	mkdir -p root && cp -a S root/S &&
	{ (ulimit -s 40 && run_in_empty_root root /S/bin/showme) >out 2>err &&
		st=0 || st=$?; } &&
	expect_eq 0 "$st" "status" || { cat err >&2; exit 1; }
	expect_eq /S/bin/showme "$(jl_field out exe)" &&
	expect_eq ok "$(jl_field out auxv)"
'

# /proc/self/exe of a file whose name ends in " (deleted)" reads just as
# that of a deleted file; the jumploader took every such name for a deleted
# one and looked for dynbin/x instead of dynbin/"x (deleted)".
test_expect_success 'a program named "x (deleted)" runs' '
	rm -rf D && mkdir -p D/bin D/dynbin &&
	cp Z/dynbin/showme "D/dynbin/x (deleted)" && cp -a Z/lib D/lib &&
	cp "$JL" "D/bin/x (deleted)" &&
	"D/bin/x (deleted)" >out &&
	expect_eq "$REAL/D/bin/x (deleted)" "$(jl_field out exe)" &&
	expect_eq ok "$(jl_field out auxv)" &&
	ln -s "D/bin/x (deleted)" plain &&
	./plain >out &&
	expect_eq ok "$(jl_field out auxv)"
'

test_expect_success 'a program named "x (deleted)" that is missing: named in full' '
	rm "D/dynbin/x (deleted)" &&
	refused 127 "zapp: x (deleted): cannot open program '"'"'$REAL/D/dynbin/x (deleted)'"'"': No such file or directory" \
		"D/bin/x (deleted)"
'

# The jumploader replaced while it starts: strace holds it before it reads
# /proc/self/exe, the file is replaced meanwhile, and the kernel's suffix
# must be dropped.
test_lazy_prereq STRACE_DELAY 'strace -o /dev/null -e inject=readlinkat:delay_enter=1 true'
test_expect_success STRACE,STRACE_DELAY 'a launcher replaced while it starts still finds its program' '
	for n in showme "x (deleted)"; do
		rm -rf R && mkdir -p R/bin R/dynbin && cp -a Z/lib R/lib &&
		cp Z/dynbin/showme "R/dynbin/$n" && cp "$JL" "R/bin/$n" &&
		strace -o /dev/null -e trace=readlinkat \
			-e inject=readlinkat:delay_enter=1500000:when=1 \
			"R/bin/$n" >out &
		pid=$! &&
		sleep 0.5 &&
		cp "R/bin/$n" R/bin/new && mv -f R/bin/new "R/bin/$n" &&
		wait $pid || fail "$n: status $?" || exit 1
		expect_eq "$REAL/R/bin/$n (deleted)" "$(jl_field out exe)" "$n" &&
		expect_eq ok "$(jl_field out auxv)" || exit 1
	done
'

# Found by the battery (t7600): a text segment whose p_filesz is a byte
# short of its p_memsz.  The kernel zeroes the rest of the last file page
# only in a writable segment (elf_load: clear_user faults on a read-only
# one, and the error is ignored), so the program runs; the jumploader
# zeroed it in every segment, wiped the last byte of .fini (its ret) and
# the Zapp died of SIGSEGV.
test_expect_success 'a text segment a byte short in the file: runs as the kernel runs it' '
	jl_make_zapp T showme gcc -O2 -no-pie "$JL_SRC/showme.c" $JL_RPATH &&
	k=$(readelf -lW T/dynbin/showme | awk "\$1 == \"LOAD\" { if (/ R E /) { print n + 0; exit } n++ }") &&
	test -n "$k" &&
	python3 "$ZAPP_SRC/tests/tools/elf-poke.py" T/dynbin/showme load.$k.filesz=-1 &&
	{ T/dynbin/showme >kout 2>&1 && kst=0 || kst=$?; } &&
	{ T/bin/showme >out 2>&1 && st=0 || st=$?; } &&
	expect_eq 0 "$kst" "the kernel-started program" &&
	expect_eq "$kst" "$st" "the Zapp" &&
	expect_eq ok "$(jl_field out auxv)"
'

# zero_first_filesz FILE: set p_filesz of the first PT_LOAD of FILE to 0
# (it then maps as zeroes, program headers included).
zero_first_filesz() {
	python3 - "$1" <<-\EOF
	import struct, sys
	f = open(sys.argv[1], "r+b")
	d = f.read()
	phoff, = struct.unpack_from("<Q", d, 32)
	phnum, = struct.unpack_from("<H", d, 56)
	for i in range(phnum):
	    o = phoff + 56 * i
	    if struct.unpack_from("<I", d, o)[0] == 1:
	        f.seek(o + 32)
	        f.write(struct.pack("<Q", 0))
	        break
	EOF
}

# AT_PHDR pointed at a private copy of the headers when no PT_LOAD held
# them: glibc's loader took its load bias from it and crashed (139), where
# the kernel-started program reads zeroes at AT_PHDR and exits 127.
test_expect_success PYTHON3 'first PT_LOAD with p_filesz 0: what the kernel-started program does' '
	fresh zf && zero_first_filesz zf/dynbin/showme &&
	{ zf/dynbin/showme >kout 2>kerr && kst=0 || kst=$?; } &&
	{ zf/bin/showme >out 2>err && st=0 || st=$?; } &&
	expect_eq 127 "$kst" "the kernel-started program" &&
	expect_eq "$kst" "$st" "the Zapp" &&
	test_cmp kerr err
'

# A static-pie relocates itself through AT_PHDR: the kernel-started one
# dies of SIGSEGV, and so may its Zapp, but not otherwise.
test_expect_success PYTHON3 'first PT_LOAD with p_filesz 0, static-pie: ends as the kernel-started one' '
	jl_make_zapp SP showme gcc -O2 -static-pie "$JL_SRC/showme.c" &&
	SP/bin/showme >out && expect_eq ok "$(jl_field out auxv)" &&
	zero_first_filesz SP/dynbin/showme &&
	{ SP/dynbin/showme >kout 2>kerr && kst=0 || kst=$?; } &&
	{ SP/bin/showme >out 2>err && st=0 || st=$?; } &&
	expect_eq "$kst" "$st" "status, against the kernel-started program"
'

test_done
