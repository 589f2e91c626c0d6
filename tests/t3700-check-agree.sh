#!/bin/bash
# Verdicts that agree: what zapp-check passes runs and loads nothing from
# outside the Zapp; what zapp-assemble refuses, zapp-check refuses, in the
# same words; what zapp-assemble writes, zapp-check passes.  Messages that
# show a string from a hostile input quote its control bytes.
. "$(dirname "$0")/lib.sh"

POKE="$ZAPP_SRC/tests/tools/elf-poke.py"
ESC=$(printf '\033')

# refused_by_check ZAPP MESSAGE: zapp-check fails and says MESSAGE
refused_by_check() {
	test_must_fail_with 1 zapp-check "$1" 2>err || { cat err; return 1; }
	expect_file_contains err "$2"
}

test_expect_success 'setup: a good Zapp of a program and its library, an evil library beside it' '
	echo "int xval(void){return 42;}" >l.c &&
	gcc -shared -fPIC -o libx.so l.c &&
	echo "int xval(void){return 666;}" >e.c &&
	mkdir -p evil && gcc -shared -fPIC -o evil/libx.so e.c &&
	printf "#include <stdio.h>\nint xval(void);\nint main(void){printf(\"%%d\\\\n\",xval());}\n" >x.c &&
	mkdir -p st/bin st/lib && gcc -o st/bin/x x.c -L. -lx &&
	cp libx.so st/lib/ && zapp-assemble -q -o good st &&
	zapp-check -q good && expect_eq 42 "$(good/bin/x)"
'

# item 4: every $ORIGIN entry stays inside the Zapp

test_expect_success 'a program rpath entry out of the Zapp: the evil library is loaded, zapp-check names the entry' '
	rm -rf out1 && cp -a good out1 &&
	gcc -o out1/dynbin/x x.c -L. -lx -Wl,--disable-new-dtags,-rpath,"\$ORIGIN/../../evil:\$ORIGIN/../lib" &&
	expect_eq 666 "$(out1/bin/x)" &&
	refused_by_check out1 "zapp-check: dynbin/x: rpath entry '"'"'\$ORIGIN/../../evil'"'"' leads out of the Zapp (with \$ORIGIN bin)" &&
	expect_file_contains err "zapp-check: out1: 1 problem"
'

test_expect_success 'a library rpath entry out of the Zapp: $ORIGIN is its own directory' '
	rm -rf out2 && cp -a good out2 &&
	gcc -shared -fPIC -o out2/lib/libx.so l.c -Wl,--disable-new-dtags,-rpath,"\$ORIGIN/../..:\$ORIGIN/." &&
	refused_by_check out2 "zapp-check: lib/libx.so: rpath entry '"'"'\$ORIGIN/../..'"'"' leads out of the Zapp (with \$ORIGIN lib)" &&
	expect_file_lacks err "\$ORIGIN/.'"'"'"
'

test_expect_success 'an rpath entry without $ORIGIN is relative to the current directory: zapp-check says so' '
	rm -rf out3 && cp -a good out3 &&
	gcc -o out3/dynbin/x x.c -L. -lx -Wl,--disable-new-dtags,-rpath,"evil:\$ORIGIN/../lib" &&
	expect_eq 666 "$(out3/bin/x)" &&
	refused_by_check out3 "zapp-check: dynbin/x: rpath entry '"'"'evil'"'"' is relative to the current directory, not to the Zapp"
'

test_expect_success 'zapp-assemble never writes an entry out of the Zapp: the evil library stays out, moved and in an empty root' '
	rm -rf est && mkdir -p est/bin est/lib && cp libx.so est/lib/ &&
	gcc -o est/bin/x x.c -L. -lx -Wl,--disable-new-dtags,-rpath,"\$ORIGIN/../../evil:\$ORIGIN/../lib:evil" &&
	zapp-assemble -q -o agreed est &&
	expect_eq "RPATH \$ORIGIN/../lib" "$(rpath_of agreed/dynbin/x)" &&
	zapp-check -q agreed && expect_eq 42 "$(agreed/bin/x)" &&
	mkdir -p root/opt/evil && cp -a agreed root/opt/moved && cp evil/libx.so root/opt/evil/ &&
	zapp-check -q root/opt/moved &&
	expect_eq 42 "$(run_in_empty_root root /opt/moved/bin/x)"
'

test_expect_success 'names of one program at two depths: a copy each, no entry that climbs out from either launcher' '
	rm -rf dep && mkdir -p dep/bin dep/libexec/app dep/lib && cp libx.so dep/lib/ &&
	gcc -o dep/bin/x x.c -L. -lx && ln dep/bin/x dep/libexec/app/x &&
	zapp-assemble -q -o dep.zapp dep &&
	expect_eq "RPATH \$ORIGIN/../lib" "$(rpath_of dep.zapp/dynbin/x)" &&
	expect_eq "RPATH \$ORIGIN/../../lib" "$(rpath_of dep.zapp/dynbin/libexec/app/x)" &&
	zapp-check -q dep.zapp &&
	mkdir -p droot/opt/lib && cp -a dep.zapp droot/opt/ && cp evil/libx.so droot/opt/lib/ &&
	expect_eq 42 "$(run_in_empty_root droot /opt/dep.zapp/bin/x)" &&
	expect_eq 42 "$(run_in_empty_root droot /opt/dep.zapp/libexec/app/x)"
'

# item 5: the tools agree

test_expect_success 'no DT_NULL ends the dynamic section: zapp-check and zapp-assemble refuse it, in the same words' '
	rm -rf nonull && cp -a good nonull && python3 "$POKE" nonull/dynbin/x no_dt_null &&
	refused_by_check nonull "zapp-check: dynbin/x: unreadable ELF file: no DT_NULL ends the dynamic section: the loader would read past it" &&
	cp st/bin/x xnonull && python3 "$POKE" xnonull no_dt_null &&
	test_must_fail_with 1 zapp-assemble -q -o bad.zapp xnonull 2>err &&
	expect_file_contains err "zapp-assemble: xnonull: cannot read its ELF headers: no DT_NULL ends the dynamic section: the loader would read past it" &&
	test ! -e bad.zapp &&
	rm -rf tnonull && cp -a st tnonull && python3 "$POKE" tnonull/bin/x no_dt_null &&
	test_must_fail_with 1 zapp-assemble -q -o bad.zapp tnonull 2>err &&
	expect_file_contains err "no DT_NULL ends the dynamic section" &&
	test ! -e bad.zapp
'

test_expect_success 'the DT_NULL-less program given with its rpath already right: still refused' '
	mkdir -p pre/bin pre/lib && cp libx.so pre/lib/ &&
	gcc -o pre/bin/x x.c -L. -lx -Wl,--disable-new-dtags,-rpath,"\$ORIGIN/../lib" &&
	python3 "$POKE" pre/bin/x no_dt_null &&
	test_must_fail_with 1 zapp-assemble -q -o bad.zapp pre 2>err &&
	expect_file_contains err "zapp-assemble: pre/bin/x: cannot read its ELF headers: no DT_NULL ends the dynamic section" &&
	test ! -e bad.zapp
'

# a static-pie of no libc (glibc'"'"'s refuses to start with an rpath at all,
# natively too; musl'"'"'s ignores it): it exits 7
static_pie() {
	cat >sp.c <<-\EOF
	void _start(void) { __asm__ volatile("mov $60, %eax; mov $7, %edi; syscall"); }
	EOF
	gcc -O2 -fPIE -nostdlib -static-pie -Wl,--no-dynamic-linker "$@" sp.c
}

test_expect_success 'a static-pie carrying an absolute rpath: no loader reads it, zapp-assemble and zapp-check pass it, it runs' '
	mkdir -p sp/bin && static_pie -o sp/bin/sp -Wl,--disable-new-dtags,-rpath,/usr/lib/x86_64-linux-gnu &&
	expect_eq "RPATH /usr/lib/x86_64-linux-gnu" "$(rpath_of sp/bin/sp)" &&
	test_must_fail_with 7 sp/bin/sp &&
	zapp-assemble -q -o sp.zapp sp && zapp-check -q sp.zapp &&
	cmp sp/bin/sp sp.zapp/bin/sp &&
	test_must_fail_with 7 sp.zapp/bin/sp &&
	mkdir -p sproot/opt && cp -a sp.zapp sproot/opt/ &&
	test_must_fail_with 7 run_in_empty_root sproot /opt/sp.zapp/bin/sp
'

test_lazy_prereq STATIC 'echo "int main(void){return 0;}" >m.c && gcc -static -o m m.c'

test_expect_success STATIC 'a static program of another architecture: zapp-assemble and zapp-check refuse it, in the same words' '
	echo "int main(void){return 0;}" >m.c && gcc -static -o a64 m.c && python3 "$POKE" a64 machine=243 &&
	test_must_fail_with 1 zapp-assemble -q -o bad.zapp a64 2>err &&
	expect_file_contains err "zapp-assemble: a64: architecture mismatch: this is RISC-V; zapp assembles x86-64, i386 and AArch64 programs" &&
	test ! -e bad.zapp &&
	rm -rf sa && cp -a good sa && cp a64 sa/bin/a64 &&
	refused_by_check sa "zapp-check: bin/a64: architecture mismatch: this is RISC-V; zapp assembles x86-64, i386 and AArch64 programs"
'

test_expect_success STATIC 'a static program of another architecture in a tree is left out, with a warning' '
	rm -rf sat && cp -a st sat && cp a64 sat/bin/a64 &&
	zapp-assemble -o sat.zapp sat 2>err >out &&
	expect_file_contains err "zapp-assemble: warning: sat/bin/a64: left out, a static program this Zapp'"'"'s machine cannot run: architecture mismatch: this is RISC-V" &&
	test ! -e sat.zapp/bin/a64 && zapp-check -q sat.zapp
'

# item 12: control bytes of an input are quoted

test_expect_success 'a DT_NEEDED and a file name holding ESC sequences and a newline are quoted' '
	gcc -shared -fPIC -o libq.so l.c -Wl,-soname,"libq${ESC}[31m
x.so" &&
	name="x${ESC}[31m
y" && mkdir -p qt/bin && gcc -o "qt/bin/$name" x.c -L. -lq -Wl,-rpath-link,. &&
	test_must_fail_with 1 zapp-assemble -o bad.zapp qt 2>err &&
	expect_file_contains err "libq\\033[31m\\nx.so" &&
	expect_file_contains err "x\\033[31m\\ny" &&
	! grep -q "$ESC" err && expect_eq 0 "$(grep -c "^x.so" err || :)" &&
	test ! -e bad.zapp
'

test_expect_success 'zapp-check quotes them too, and its summary line' '
	rm -rf "q${ESC}z" && cp -a good "q${ESC}z" &&
	cp "qt/bin/x${ESC}[31m
y" "q${ESC}z/dynbin/x" &&
	test_must_fail_with 1 zapp-check "q${ESC}z" 2>err &&
	expect_file_contains err "zapp-check: dynbin/x: needs libq\\033[31m\\nx.so, which is not found inside the Zapp" &&
	expect_file_contains err "zapp-check: q\\033z: 2 problems" &&
	! grep -q "$ESC" err &&
	zapp-check good >out && ! grep -q "$ESC" out
'

test_expect_success 'printable UTF-8 is shown as it is; C1 controls and broken UTF-8 are quoted' '
	mkdir -p ut/bin && gcc -o "ut/bin/été" x.c -L. -lq -Wl,-rpath-link,. &&
	test_must_fail_with 1 zapp-assemble -o bad.zapp ut 2>err &&
	expect_file_contains err "bin/été" &&
	bad=$(printf "b\302\233x\377") && mkdir -p ub/bin && gcc -o "ub/bin/$bad" x.c -L. -lq -Wl,-rpath-link,. &&
	test_must_fail_with 1 zapp-assemble -o bad.zapp ub 2>err &&
	expect_file_contains err "bin/b\\302\\233x\\377"
'

test_done
