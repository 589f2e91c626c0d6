#!/bin/bash
# True verdicts: what the jumploader or the loader will refuse, zapp-check
# refuses too, naming the file and the reason, and zapp-assemble refuses
# it at assembly; what the kernel starts, the jumploader starts; a good
# Zapp still passes.  The jumploader's own checks (jumploader/elf_check.c)
# are the ones zapp-check and zapp-assemble apply.
. "$(dirname "$0")/lib.sh"

POKE="$ZAPP_SRC/tests/tools/elf-poke.py"

# hostile NAME EDIT...: a copy of the good Zapp whose dynbin/x is edited
hostile() {
	local name=$1; shift
	rm -rf "$name" && cp -a good "$name" && python3 "$POKE" "$name/dynbin/x" "$@"
}

# refused_by_check ZAPP MESSAGE: zapp-check fails and says MESSAGE
refused_by_check() {
	test_must_fail_with 1 zapp-check "$1" 2>err || { cat err; return 1; }
	expect_file_contains err "$2"
}

# refused_by_jumploader ZAPP STATUS MESSAGE: bin/x exits STATUS saying MESSAGE
refused_by_jumploader() {
	test_must_fail_with "$2" "$1/bin/x" 2>err || { cat err; return 1; }
	expect_file_contains err "$3"
}

test_expect_success 'setup: a good Zapp of a program and its library' '
	echo "int xval(void){return 42;}" >l.c &&
	gcc -shared -fPIC -o libx.so l.c &&
	printf "#include <stdio.h>\nint xval(void);\nint main(void){printf(\"%%d\\\\n\",xval());}\n" >x.c &&
	mkdir -p st/bin st/lib && gcc -o st/bin/x x.c -L. -lx &&
	cp libx.so st/lib/ && zapp-assemble -q -o good st &&
	zapp-check -q good && expect_eq 42 "$(good/bin/x)"
'

test_expect_success 'the good Zapp still passes after a move, also in an empty root' '
	mkdir -p root/opt && cp -a good root/opt/moved &&
	zapp-check -q root/opt/moved &&
	expect_eq 42 "$(run_in_empty_root root /opt/moved/bin/x)"
'

test_lazy_prereq M32 'echo "int f(void){return 1;}" >m32.c && gcc -m32 -shared -fPIC -o m32.so m32.c'

test_expect_success M32 'a 32-bit lib/libx.so: the loader passes it over, zapp-check says so' '
	rm -rf w32 && cp -a good w32 && gcc -m32 -shared -fPIC -o w32/lib/libx.so l.c &&
	refused_by_check w32 "zapp-check: dynbin/x: needs libx.so, which is not found inside the Zapp: lib/libx.so is 32-bit i386, which the loader passes over" &&
	test_must_fail_with 127 w32/bin/x 2>err && expect_file_contains err "libx.so"
'

test_expect_success 'a static-pie as lib/libx.so: zapp-check refuses it' '
	rm -rf spie && cp -a good spie &&
	echo "int main(void){return 0;}" >m.c && gcc -static-pie -o spie/lib/libx.so m.c &&
	refused_by_check spie "zapp-check: dynbin/x: needs libx.so, which is not found inside the Zapp: lib/libx.so is a position-independent executable, which the loader cannot load as a library" &&
	test_must_fail_with 127 spie/bin/x 2>err && expect_file_contains err "libx.so"
'

test_expect_success 'a program of another machine (e_machine 243): refused by both, same words' '
	hostile m243 machine=243 &&
	refused_by_check m243 "zapp-check: dynbin/x: the jumploader will not start it: wrong architecture (ELF machine 243, expected 62 for x86-64)" &&
	refused_by_jumploader m243 126 "wrong architecture (ELF machine 243, expected 62 for x86-64)"
'

# The kernel starts these, and so does the jumploader now (fs/binfmt_elf.c
# is the reference): zapp-check passes them, bin/x runs as dynbin/x runs.
# runs_as_natively ZAPP: zapp-check passes it, the kernel runs its
# dynbin/x, the jumploader its bin/x, both printing 42
runs_as_natively() {
	zapp-check -q "$1" && expect_eq 42 "$("$1/dynbin/x")" && expect_eq 42 "$("$1/bin/x")"
}

test_expect_success 'p_align over 1 GiB: the kernel and the jumploader start it' '
	hostile big-align load.0.align=0x80000000 load.1.align=0x80000000 && runs_as_natively big-align &&
	hostile huge-align load.0.align=0x8000000000000000 && runs_as_natively huge-align
'

test_expect_success 'p_align not a power of two: the kernel and the jumploader start it' '
	hostile odd-align load.1.align=0x1800 && runs_as_natively odd-align
'

test_expect_success 'overlapping PT_LOAD: the kernel and the jumploader start it' '
	hostile overlap load.0.memsz=0x1800 && runs_as_natively overlap
'

test_expect_success 'two PT_INTERP: the first counts, for the kernel and the jumploader' '
	hostile interp2 interp2 && runs_as_natively interp2
'

# The jumploader refuses these although the kernel starts them (see
# docs/jumploader.md for why): zapp-check refuses them too.
test_expect_success 'e_phnum 74: refused by both, in the same words' '
	hostile phnum74 grow_phdrs=74 &&
	refused_by_check phnum74 "zapp-check: dynbin/x: the jumploader will not start it: corrupt ELF header (bad number of program headers)" &&
	refused_by_jumploader phnum74 126 "corrupt ELF header (bad number of program headers)"
'

test_expect_success 'EI_VERSION 0: refused by both' '
	hostile eiv ei_version=0 &&
	test_must_fail_with 1 zapp-check eiv 2>err && expect_file_contains err "zapp-check: dynbin/x: " &&
	refused_by_jumploader eiv 126 "unknown ELF version"
'

# Found by the battery (t7600): a fixed-address program with a segment at
# address 0 passed zapp-check; the kernel-started one dies of SIGSEGV for
# any user but root (vm.mmap_min_addr), and the jumploader failed to map
# it.  Both refuse it now, in the same words.
test_expect_success 'a non-PIE program with a segment below 0x10000: refused by both, same words' '
	rm -rf low && mkdir -p lowst/bin lowst/lib && gcc -no-pie -o lowst/bin/x x.c -L. -lx &&
	cp libx.so lowst/lib/ && zapp-assemble -q -o low lowst && expect_eq 42 "$(low/bin/x)" &&
	python3 "$POKE" low/dynbin/x load.0.vaddr=0 &&
	refused_by_check low "zapp-check: dynbin/x: the jumploader will not start it: corrupt segment (fixed address below 0x10000, which programs cannot map)" &&
	refused_by_jumploader low 126 "corrupt segment (fixed address below 0x10000, which programs cannot map)" &&
	cp lowst/bin/x lowx && python3 "$POKE" lowx load.0.vaddr=0 &&
	test_must_fail_with 1 zapp-assemble -q -o bad.zapp lowx 2>err &&
	expect_file_contains err "zapp-assemble: lowx: " &&
	test ! -e bad.zapp
'

# Found by the battery: a p_align of 2^47 (which the kernel masks its base
# with, the jumploader honours up to 1 GiB) made the segment zapp-assemble
# adds when it grows a file lie at 2^47, past the user address space:
# zapp-assemble exited 0 and zapp-check then refused its Zapp.
test_expect_success 'p_align 2^47 on a program whose rpath grows the file: a Zapp that runs' '
	rm -rf galign && mkdir -p galign/bin galign/lib && cp libx.so galign/lib/ &&
	gcc -o galign/bin/x x.c -L. -lx &&
	python3 "$POKE" galign/bin/x load.0.align=0x800000000000 &&
	zapp-assemble -q -o galign.zapp galign &&
	zapp-check galign.zapp &&
	expect_eq 42 "$(galign.zapp/bin/x)"
'

# Found by the battery: a loader whose PT_GNU_RELRO lies past its image.
# Started by the kernel, its mprotect after relocation meets unmapped
# memory and it exits 127 with its own message; in a Zapp the loader has
# the program's image as a neighbour, which it made read-only, and died
# of SIGSEGV.  Both tools refuse it now, in the same words.
test_expect_success 'a loader with PT_GNU_RELRO past its image: refused by both, same words' '
	rm -rf relro && cp -a good relro && ld=$(ls relro/lib | grep "^ld-linux") &&
	python3 "$POKE" "relro/lib/$ld" relro.vaddr=0x100000 &&
	cp "relro/lib/$ld" ld-relro && chmod +x ld-relro &&
	gcc -o ref-relro m.c "-Wl,-dynamic-linker=$PWD/ld-relro" "-Wl,-rpath,$(dirname "$(gcc -print-file-name=libc.so.6)")" &&
	test_must_fail_with 127 ./ref-relro 2>kerr && expect_file_contains kerr "memory protection" &&
	refused_by_check relro "zapp-check: lib/$ld: the jumploader will not start it as the loader: corrupt segment (PT_GNU_RELRO outside the loadable segments)" &&
	refused_by_jumploader relro 126 "corrupt segment (PT_GNU_RELRO outside the loadable segments)"
'

test_expect_success 'a loader the jumploader refuses: zapp-check names it' '
	rm -rf badld && cp -a good badld && ld=$(ls badld/lib | grep "^ld-linux") &&
	python3 "$POKE" "badld/lib/$ld" machine=243 &&
	refused_by_check badld "zapp-check: lib/$ld: the jumploader will not start it as the loader: wrong architecture (ELF machine 243, expected 62 for x86-64)" &&
	refused_by_jumploader badld 126 "wrong architecture (ELF machine 243, expected 62 for x86-64)"
'

test_expect_success 'a program without execute permission: refused by both' '
	rm -rf noexec && cp -a good noexec && chmod a-x noexec/dynbin/x &&
	refused_by_check noexec "zapp-check: dynbin/x: the jumploader will not start it: Permission denied" &&
	refused_by_jumploader noexec 126 "Permission denied"
'

test_expect_success 'zapp-assemble refuses at assembly what the jumploader would refuse, in its words' '
	rm -rf hst && mkdir -p hst/bin hst/lib && cp st/bin/x hst/bin/x && cp st/lib/libx.so hst/lib/ &&
	python3 "$POKE" hst/bin/x grow_phdrs=74 &&
	test_must_fail_with 1 zapp-assemble -q -o bad.zapp hst 2>err &&
	expect_file_contains err "zapp-assemble: hst/bin/x: the jumploader will not start it: corrupt ELF header (bad number of program headers)" &&
	test ! -e bad.zapp &&
	test_must_fail_with 1 zapp-assemble -q -o bad.zapp hst/bin/x 2>err &&
	expect_file_contains err "zapp-assemble: hst/bin/x: the jumploader will not start it: corrupt ELF header (bad number of program headers)" &&
	test ! -e bad.zapp
'

test_expect_success 'zapp-assemble refuses a program of another machine given to it' '
	cp st/bin/x x243 && python3 "$POKE" x243 machine=243 &&
	test_must_fail_with 1 zapp-assemble -q -o bad.zapp x243 2>err &&
	expect_file_contains err "zapp-assemble: x243: architecture mismatch: this is RISC-V; zapp assembles x86-64, i386 and AArch64 programs" &&
	test ! -e bad.zapp
'

test_expect_success 'zapp-assemble takes what the kernel and the jumploader start' '
	rm -rf hst && mkdir -p hst/bin hst/lib && cp st/bin/x hst/bin/x && cp st/lib/libx.so hst/lib/ &&
	python3 "$POKE" hst/bin/x load.1.align=0x1800 interp2 &&
	zapp-assemble -q -o odd.zapp hst && zapp-check -q odd.zapp && expect_eq 42 "$(odd.zapp/bin/x)"
'

test_expect_success 'zapp-assemble refuses a loader the jumploader would refuse' '
	rm -rf sysroot && mkdir -p sysroot/lib64 sysroot/usr/lib/x86_64-linux-gnu &&
	cp /lib64/ld-linux-x86-64.so.2 sysroot/lib64/ &&
	cp /lib/x86_64-linux-gnu/libc.so.6 sysroot/usr/lib/x86_64-linux-gnu/ &&
	python3 "$POKE" sysroot/lib64/ld-linux-x86-64.so.2 machine=243 &&
	test_must_fail_with 1 zapp-assemble -q --sysroot sysroot -o bad.zapp st 2>err &&
	expect_file_contains err "ld-linux-x86-64.so.2: the jumploader will not start it as the loader: wrong architecture (ELF machine 243, expected 62 for x86-64)" &&
	test ! -e bad.zapp
'

test_done
