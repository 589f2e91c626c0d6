#!/bin/bash
# zapp-cc is a small static program without libelf: a compile step costs one
# execve of it before the compiler's own; after a link it becomes
# lib/zapp/zapp-fix-rpath, found from its own real location, never in PATH.
. "$(dirname "$0")/lib.sh"

printf 'int main(void) { return 0; }\n' >m.c

# SANITIZE=1 builds the wrapper dynamically (the sanitizers cannot link
# statically), like the fixer.
test_lazy_prereq STATIC_CC '! readelf -d "$ZAPP_BUILD/lib/zapp/zapp-fix-rpath" | grep -q libasan'

# execs CMD...: the programs CMD and its children executed, one a line.
# (LeakSanitizer cannot run under ptrace: SANITIZE=1 builds check no leaks
# here.)
execs() {
	ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 \
		strace -f -qq -e trace=execve -o trace.out "$@" &&
	sed -n 's/.*execve("\([^"]*\)".* = 0$/\1/p' trace.out
}

test_expect_success 'the fixer is in lib/zapp' '
	test -x "$ZAPP_BUILD/lib/zapp/zapp-fix-rpath"
'

test_expect_success STATIC_CC 'zapp-cc, zapp-c++ and zapp-ld are static programs' '
	for t in zapp-cc zapp-c++ zapp-ld; do
		file -L "$ZAPP_BUILD/bin/$t" >file.out &&
		expect_file_contains file.out "statically linked" &&
		expect_eq "" "$(readelf -lW "$ZAPP_BUILD/bin/$t" | grep -e INTERP -e DYNAMIC)" "$t: PT_INTERP or PT_DYNAMIC" || exit 1
	done
'

test_expect_success STRACE 'a compile step: the wrapper, then the compiler, nothing else' '
	execs zapp-cc -c m.c -o m.o >progs &&
	printf "%s\n" "$ZAPP_BUILD/bin/zapp-cc" "$(command -v cc)" >want &&
	head -n 2 progs >got && cmp want got &&
	expect_file_lacks progs zapp-fix-rpath &&
	test -f m.o
'

test_expect_success STRACE 'a link step: the compiler as a child, then the wrapper becomes the fixer' '
	execs zapp-cc m.o -o m >progs &&
	expect_eq "$ZAPP_BUILD/lib/zapp/zapp-fix-rpath" "$(tail -n 1 progs)" "the last program run" &&
	expect_eq 1 "$(grep -c zapp-fix-rpath progs)" "runs of the fixer" &&
	expect_eq "RPATH \$ORIGIN/../lib" "$(rpath_of m)"
'

test_expect_success 'a copied toolchain, called through a link from elsewhere, uses its own fixer, not PATH' '
	mkdir -p "tool chain/bin" "tool chain/lib/zapp" decoy links &&
	cp "$ZAPP_BUILD/bin/zapp-cc" "tool chain/bin/" &&
	cp "$ZAPP_BUILD/lib/zapp/zapp-fix-rpath" "tool chain/lib/zapp/" &&
	printf "#!/bin/sh\necho decoy >>\"$TRASH/decoy.log\"\nexit 1\n" >decoy/zapp-fix-rpath &&
	chmod +x decoy/zapp-fix-rpath &&
	ln -s "../tool chain/bin/zapp-cc" links/cc-wrap &&
	PATH=$TRASH/decoy:$TRASH/links:/usr/bin:/bin &&
	cc-wrap m.o -o m2 &&
	expect_eq "RPATH \$ORIGIN/../lib" "$(rpath_of m2)" &&
	test ! -e decoy.log
'

test_expect_success 'without its fixer, a compile still works and a link fails clearly' '
	mkdir -p alone/bin && cp "$ZAPP_BUILD/bin/zapp-cc" alone/bin/ &&
	alone/bin/zapp-cc -c m.c -o m3.o &&
	test_must_fail_with 1 alone/bin/zapp-cc m3.o -o m3 2>err &&
	expect_file_contains err "zapp-cc: m3: cannot fix XORIGIN in the run-time search path: cannot run $TRASH/alone/lib/zapp/zapp-fix-rpath: No such file or directory"
'

test_expect_success 'the fixer given bad usage, or a file it cannot fix: a message and a status' '
	fixer=$ZAPP_BUILD/lib/zapp/zapp-fix-rpath &&
	test_must_fail_with 2 "$fixer" 2>err &&
	expect_file_contains err "Usage: zapp-fix-rpath" &&
	test_must_fail_with 2 "$fixer" --bogus x 2>err &&
	echo data >notelf && "$fixer" --for zapp-cc -- notelf && expect_eq data "$(cat notelf)" &&
	head -c 200 m >cut && test_must_fail_with 1 "$fixer" --for zapp-ld cut 2>err &&
	expect_file_contains err "zapp-ld: cut: cannot fix XORIGIN in the run-time search path: "
'

test_expect_success ROOT,STATIC_CC 'in a root without /proc the wrapper finds its fixer from the path it was run by' '
	mkdir -p root/bin root/opt/z/bin root/opt/z/lib/zapp root/w &&
	cp "$(command -v busybox)" root/bin/busybox &&
	cp "$ZAPP_BUILD/bin/zapp-cc" root/opt/z/bin/ &&
	printf "#!/bin/busybox sh\necho fixer-ran \"\$@\"\n" >root/opt/z/lib/zapp/zapp-fix-rpath &&
	chmod +x root/opt/z/lib/zapp/zapp-fix-rpath &&
	ln -s ../opt/z/bin/zapp-cc root/bin/zcc &&
	test ! -e root/proc &&
	ZAPP_CC="/bin/busybox true" chroot root /bin/zcc x.o -o /w/prog >out &&
	expect_eq "fixer-ran --for zcc -- /w/prog" "$(cat out)"
'

test_done
