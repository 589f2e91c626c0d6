#!/bin/bash
# What zapp-assemble makes of its inputs as users give them: programs
# through symbolic links, existing Zapps, big trees with files no program
# needs, links inside trees, inputs with nothing to run.  Each Zapp is
# moved before it is run, and run in an empty root too.
. "$(dirname "$0")/lib.sh"

# distinct_bytes DIR...: the bytes of the distinct files (by inode) under DIR
distinct_bytes() {
	find -L "$@" -type f -printf '%D:%i %s\n' | sort -u | awk '{ n += $2 } END { print n + 0 }'
}

# launchers ZAPP: zapp-check's count of launchers
zapp_counts() {
	zapp-check "$1" | sed -n 's/.*: ok: x86-64, //p'
}

test_expect_success 'setup: a library, programs that need it, a jumploader' '
	printf "int answer(void){return 42;}\n" >a.c &&
	printf "#include <stdio.h>\nint answer(void); int main(void){printf(\"%%d\\\\n\", answer()); return 0;}\n" >p.c &&
	printf "int main(void){return 0;}\n" >t.c &&
	gcc -o true0 t.c
'

# 5: $ORIGIN of a program given through a link is its real directory
test_expect_success 'a program given through a symbolic link: $ORIGIN is its real directory, the name is the link'"'"'s' '
	mkdir -p jdk/real/bin jdk/real/lib/priv usr/bin &&
	gcc -shared -fPIC -Wl,-soname,libjli.so -o jdk/real/lib/priv/libjli.so a.c &&
	gcc -o jdk/real/bin/java-real p.c jdk/real/lib/priv/libjli.so -Wl,--disable-new-dtags,-rpath,"\$ORIGIN/../lib/priv" &&
	ln -s ../../jdk/real/bin/java-real usr/bin/java &&
	expect_eq 42 "$(usr/bin/java)" &&
	zapp-assemble -o j.zapp usr/bin/java >out 2>err &&
	test -f j.zapp/bin/java && test ! -e j.zapp/bin/java-real &&
	test -f j.zapp/lib/libjli.so &&
	zapp-check j.zapp &&
	mv j.zapp moved-j.zapp && expect_eq 42 "$(moved-j.zapp/bin/java)" &&
	mkdir root && mv moved-j.zapp root/j.zapp &&
	expect_eq 42 "$(run_in_empty_root root /j.zapp/bin/java)"
'

test_expect_success 'inside a tree too: bin/tool -> ../lib/pkg/bin/tool with rpath $ORIGIN/..' '
	mkdir -p tt/bin tt/lib/pkg/bin &&
	gcc -shared -fPIC -Wl,-soname,libpk.so.1 -o tt/lib/pkg/libpk.so.1 a.c &&
	gcc -o tt/lib/pkg/bin/tool p.c tt/lib/pkg/libpk.so.1 -Wl,--disable-new-dtags,-rpath,"\$ORIGIN/.." &&
	ln -s ../lib/pkg/bin/tool tt/bin/tool &&
	expect_eq 42 "$(tt/bin/tool)" &&
	zapp-assemble -o tt.zapp tt >out 2>err &&
	expect_file_contains out "2 programs (2 launchers)" &&
	expect_eq 2 "$(find tt.zapp/dynbin -type f | wc -l)" &&
	zapp-check tt.zapp && mv tt.zapp tt2.zapp &&
	expect_eq 42 "$(tt2.zapp/bin/tool)" && expect_eq 42 "$(tt2.zapp/lib/pkg/bin/tool)" &&
	rm -rf root && mkdir root && mv tt2.zapp root/tt.zapp &&
	expect_eq 42 "$(run_in_empty_root root /tt.zapp/bin/tool)"
'

# 4: a Zapp as an input
test_expect_success 'setup: two Zapps, one with a helper in libexec/' '
	mkdir -p ta/bin ta/lib ta/libexec/ta && cp true0 ta/bin/jc &&
	gcc -shared -fPIC -Wl,-soname,liba.so.1 -o ta/lib/liba.so.1 a.c &&
	gcc -o ta/libexec/ta/helper p.c ta/lib/liba.so.1 -Wl,--disable-new-dtags,-rpath,"\$ORIGIN/../../lib" &&
	zapp-assemble -q --glibc-pieces=none -o a.zapp ta && zapp-check -q a.zapp &&
	zapp-assemble -q -o b.zapp /usr/bin/env && zapp-check -q b.zapp
'

test_expect_success 'a Zapp given as an input is read back: its programs, launchers and libraries' '
	zapp-assemble -o c.zapp a.zapp >out 2>err &&
	expect_file_contains out "c.zapp: 2 programs (2 launchers), 2 libraries (2 from the input, 0 from the system), loader ld-linux-x86-64.so.2" &&
	test ! -e c.zapp/dynbin/dynbin && test ! -e c.zapp/dynbin/bin &&
	expect_eq "2 programs, 2 launchers, 3 libraries" "$(zapp_counts c.zapp)" &&
	mv c.zapp c2.zapp && c2.zapp/bin/jc && expect_eq 42 "$(c2.zapp/libexec/ta/helper)"
'

test_expect_success 'two Zapps merged into one, and a Zapp with a program' '
	zapp-assemble -o d.zapp a.zapp b.zapp >out 2>err &&
	expect_file_contains out "d.zapp: 3 programs (3 launchers)" &&
	zapp-check d.zapp && d.zapp/bin/jc && d.zapp/bin/env true &&
	zapp-assemble -o e.zapp a.zapp /usr/bin/env >out 2>err &&
	zapp-check e.zapp && e.zapp/bin/env true
'

test_expect_success '--add of a Zapp into a Zapp: they share the loader and libc' '
	cp -a a.zapp a-add.zapp &&
	zapp-assemble --add -o a-add.zapp b.zapp >out 2>err &&
	expect_file_contains out "loader ld-linux-x86-64.so.2" &&
	zapp-check a-add.zapp && a-add.zapp/bin/env true && a-add.zapp/bin/jc &&
	expect_eq 42 "$(a-add.zapp/libexec/ta/helper)"
'

# 8: a big tree with libraries no program needs
test_expect_success 'setup: a tree with a good program, a 32-bit library and program, a library with a missing need, a plugin' '
	mkdir -p big/bin big/lib/plugins big/lib/clang/rt big/share &&
	gcc -shared -fPIC -Wl,-soname,libok.so.1 -o big/lib/libok.so.1 a.c &&
	gcc -o big/bin/good p.c big/lib/libok.so.1 &&
	gcc -m32 -shared -fPIC -o big/lib/clang/rt/libclang_rt.asan-i386.so a.c &&
	gcc -shared -fPIC -Wl,-soname,libgone.so.1 -o libgone.so.1 a.c &&
	gcc -shared -fPIC -Wl,-soname,libhalf.so.1 -o big/lib/libhalf.so.1 a.c -Wl,--no-as-needed ./libgone.so.1 &&
	printf "#include <math.h>\ndouble plug(double x){return sqrt(x);}\n" >plug.c &&
	gcc -shared -fPIC -o big/lib/plugins/plug.so plug.c big/lib/libok.so.1 -lm &&
	mkdir -p big/lib/perf-core && gcc -m32 -o big/lib/perf-core/perf-read-vdso32 t.c &&
	echo notes >big/share/README
'

test_expect_success 'it is assembled: the unusable libraries are left out with a warning, the plugin brings what it needs' '
	zapp-assemble -o big.zapp big >out 2>err &&
	expect_file_contains err "zapp-assemble: warning: lib/clang/rt/libclang_rt.asan-i386.so: left out: a library no program needs, and it is 32-bit i386, the programs 64-bit x86-64" &&
	expect_file_contains err "zapp-assemble: warning: lib/libhalf.so.1: left out: a library no program needs, and libgone.so.1: library not found: needed by big/lib/libhalf.so.1" &&
	expect_file_contains err "zapp-assemble: warning: big/lib/perf-core/perf-read-vdso32: left out, no jumploader of this Zapp could start it: architecture mismatch: this is 32-bit i386; the Zapp'"'"'s programs are x86-64, as big/bin/good is (a Zapp holds programs of one architecture)" &&
	test ! -e big.zapp/lib/libhalf.so.1 && test ! -e big.zapp/lib/clang/rt/libclang_rt.asan-i386.so &&
	test ! -e big.zapp/lib/perf-core/perf-read-vdso32 && test ! -e big.zapp/dynbin/lib/perf-core &&
	test -f big.zapp/lib/plugins/plug.so && test -f big.zapp/lib/libm.so.6 &&
	test -f big.zapp/share/README &&
	zapp-check big.zapp &&
	mv big.zapp big2.zapp && expect_eq 42 "$(big2.zapp/bin/good)" &&
	rm -rf root && mkdir root && mv big2.zapp root/big.zapp &&
	expect_eq 42 "$(run_in_empty_root root /big.zapp/bin/good)"
'

test_expect_success 'a library nothing needs whose search path must change but cannot be edited (bytes appended) is left out' '
	mkdir -p ext/bin ext/lib/python3/site-packages && cp true0 ext/bin/ &&
	gcc -shared -fPIC -o ext/lib/python3/site-packages/_ext.so plug.c -lm -Wl,--disable-new-dtags,-rpath,/opt/build/lib &&
	printf "12345678" >>ext/lib/python3/site-packages/_ext.so &&
	zapp-assemble -o ext.zapp ext >out 2>err &&
	expect_file_contains err "zapp-assemble: warning: lib/python3/site-packages/_ext.so: left out: a library no program needs, and lib/python3/site-packages/_ext.so: its search path must change, and it cannot be edited: 8 bytes follow the last header or section" &&
	test ! -e ext.zapp/lib/python3/site-packages/_ext.so && zapp-check ext.zapp
'

test_expect_success 'a program whose closure is incomplete stays an error' '
	mkdir -p big-bad/bin big-bad/lib && cp big/lib/libhalf.so.1 big-bad/lib/ &&
	gcc -o big-bad/bin/half p.c big-bad/lib/libhalf.so.1 &&
	test_must_fail_with 1 zapp-assemble -o bad.zapp big-bad 2>err &&
	expect_file_contains err "zapp-assemble: libgone.so.1: library not found: needed by big-bad/lib/libhalf.so.1" &&
	test ! -e bad.zapp &&
	mkdir -p big-32/bin big-32/lib &&
	gcc -m32 -shared -fPIC -Wl,-soname,libok.so.1 -o big-32/lib/libok.so.1 a.c &&
	cp big/bin/good big-32/bin/ &&
	test_must_fail_with 1 zapp-assemble -o bad.zapp big-32 2>err &&
	expect_file_contains err "zapp-assemble: lib/libok.so.1: needed by dynbin/good, but the loader cannot use this file of the input: 32-bit i386" &&
	test ! -e bad.zapp
'

test_expect_success 'a library the process has loaded already by that name needs no search (systemd'"'"'s private libraries)' '
	mkdir -p sd/bin sd/lib/priv &&
	gcc -shared -fPIC -Wl,-soname,libshared.so -o sd/lib/priv/libshared.so a.c &&
	gcc -shared -fPIC -Wl,-soname,libcore.so -o sd/lib/priv/libcore.so t.c -Wl,--no-as-needed sd/lib/priv/libshared.so &&
	gcc -o sd/bin/sd p.c -Wl,--no-as-needed sd/lib/priv/libshared.so sd/lib/priv/libcore.so \
		-Wl,--enable-new-dtags,-rpath,"\$ORIGIN/../lib/priv" &&
	expect_eq 42 "$(sd/bin/sd)" &&
	zapp-assemble -o sd.zapp sd >out 2>err &&
	zapp-check sd.zapp && mv sd.zapp sd2.zapp && expect_eq 42 "$(sd2.zapp/bin/sd)"
'

test_expect_success 'a library no program needs, that needs one the input has elsewhere (dlopen'"'"'ed first, as the JDK'"'"'s libjvm.so), is kept' '
	mkdir -p jd/bin jd/lib/server &&
	gcc -shared -fPIC -Wl,-soname,libjvm.so -o jd/lib/server/libjvm.so a.c &&
	gcc -shared -fPIC -o jd/lib/libjava.so t.c -Wl,--no-as-needed jd/lib/server/libjvm.so -Wl,--disable-new-dtags,-rpath,"\$ORIGIN" &&
	cp true0 jd/bin/java &&
	zapp-assemble -o jd.zapp jd >out 2>err &&
	expect_file_lacks err "left out" &&
	test -f jd.zapp/lib/libjava.so && test -f jd.zapp/lib/server/libjvm.so
'

test_expect_success 'a library needed by an $ORIGIN path that leads to a library of the input' '
	mkdir -p py/bin py/lib "pyb/\$ORIGIN" pyb/lib &&
	gcc -shared -fPIC -o pyb/lib/libpy.so.1 a.c &&
	(cd pyb && gcc -o ../py/bin/python ../p.c "\$ORIGIN/../lib/libpy.so.1") &&
	cp pyb/lib/libpy.so.1 py/lib/ &&
	expect_eq 42 "$(py/bin/python)" &&
	zapp-assemble -o py.zapp py >out 2>err &&
	mv py.zapp py2.zapp && expect_eq 42 "$(py2.zapp/bin/python)" &&
	rm -rf root && mkdir root && mv py2.zapp root/py.zapp &&
	expect_eq 42 "$(run_in_empty_root root /py.zapp/bin/python)" &&
	rm py/lib/libpy.so.1 &&
	test_must_fail_with 1 zapp-assemble -o py3.zapp py 2>err &&
	expect_file_contains err "zapp-assemble: dynbin/python: needs '"'"'\$ORIGIN/../lib/libpy.so.1'"'"' by a path, which leads to no library of the input"
'

# issue 11, item 1: candidates the loader would not load are passed over
test_expect_success 'a text file, an empty file, an object, a core file, a PIE named libq.so.1 are passed over' '
	printf "int q(void){return 7;}\n" >q.c &&
	printf "int q(void); int main(void){return q() == 7 ? 0 : 1;}\n" >m.c &&
	mkdir -p cand/bin cand/bad cand/good &&
	gcc -shared -fPIC -Wl,-soname,libq.so.1 -o cand/good/libq.so.1 q.c &&
	gcc -o cand/bin/m m.c cand/good/libq.so.1 -Wl,--disable-new-dtags,-rpath,"\$ORIGIN/../bad:\$ORIGIN/../good" &&
	gcc -c -o q.o q.c &&
	cp q.o core && printf "\004" | dd of=core bs=1 seek=16 conv=notrunc 2>/dev/null &&
	gcc -pie -fPIE -o pie m.c cand/good/libq.so.1 &&
	for bad in text empty object core pie; do
		case $bad in
		text) echo "/* GNU ld script: a linker reads it, the dynamic loader cannot load it */ INPUT(-lq)" >cand/bad/libq.so.1; why="not an ELF file";;
		empty) : >cand/bad/libq.so.1; why="too short for an ELF file";;
		object) cp q.o cand/bad/libq.so.1; why="an object file";;
		core) cp core cand/bad/libq.so.1; why="a core file";;
		pie) cp pie cand/bad/libq.so.1; why="a position-independent executable";;
		esac &&
		rm -rf cand.zapp &&
		zapp-assemble -q -o cand.zapp cand/bin/m &&
		cmp cand/good/libq.so.1 cand.zapp/lib/libq.so.1 &&
		zapp-check -q cand.zapp && cand.zapp/bin/m &&
		mv cand/good cand/gone &&
		test_must_fail_with 1 zapp-assemble -q -o none.zapp cand/bin/m 2>err &&
		mv cand/gone cand/good &&
		expect_file_contains err "zapp-assemble: libq.so.1: library not found: needed by cand/bin/m (passed over " &&
		expect_file_contains err "cand/bad/libq.so.1: $why" || exit 1
	done
'

test_expect_success 'a file of the tree at lib/NAME that the loader cannot load is an error for a program that needs NAME' '
	mkdir -p tq/bin tq/lib && gcc -o tq/bin/m m.c cand/good/libq.so.1 &&
	echo "/* GNU ld script: a linker reads it, the dynamic loader cannot load it */ INPUT(-lq)" >tq/lib/libq.so.1 &&
	test_must_fail_with 1 zapp-assemble -o tq.zapp tq 2>err &&
	expect_file_contains err "zapp-assemble: lib/libq.so.1: needed by dynbin/m, but the loader cannot use this file of the input: not an ELF file" &&
	rm tq/lib/libq.so.1 && cp pie tq/lib/libq.so.1 &&
	test_must_fail_with 1 zapp-assemble -o tq.zapp tq 2>err &&
	expect_file_contains err "zapp-assemble: lib/libq.so.1: needed by dynbin/m, but the input has a program of this name there, which the loader cannot load" &&
	test ! -e tq.zapp
'

# 9: the summary, and inputs with nothing to run
test_expect_success 'the summary names the loader when it is an input, is added to, or comes with libc' '
	zapp-assemble --glibc-pieces=none -o ld.zapp /usr/bin/ld.so true0 >out 2>err &&
	expect_file_contains out "ld.zapp: 1 program (1 launcher), 1 library (0 from the input, 1 from the system), loader ld-linux-x86-64.so.2" &&
	zapp-check ld.zapp &&
	zapp-assemble -o ld2.zapp /lib64/ld-linux-x86-64.so.2 true0 >out 2>err &&
	expect_file_contains out "loader ld-linux-x86-64.so.2" &&
	cp -a b.zapp add.zapp && zapp-assemble --add -o add.zapp true0 >out 2>err &&
	expect_file_contains out "add.zapp: 2 programs (2 launchers)" &&
	expect_file_contains out "loader ld-linux-x86-64.so.2" &&
	mkdir -p plugdir/lib/plugins && cp big/lib/plugins/plug.so big/lib/libok.so.1 plugdir/lib/plugins/ &&
	cp -a b.zapp add2.zapp && zapp-assemble --add -o add2.zapp plugdir >out 2>err &&
	expect_file_contains out "loader ld-linux-x86-64.so.2" &&
	zapp-check add2.zapp
'

test_expect_success 'static programs are programs in the summary' '
	gcc -static -o st t.c &&
	zapp-assemble --glibc-pieces=none -o st.zapp st true0 >out 2>err &&
	expect_file_contains out "st.zapp: 2 programs (1 launcher, 1 static), 1 library (0 from the input, 1 from the system), loader ld-linux-x86-64.so.2, 0 other files"
'

test_expect_success 'an input with nothing to run is an error, unless it is added to a Zapp' '
	test_must_fail_with 1 zapp-assemble -o p.zapp plugdir 2>err &&
	expect_file_contains err "zapp-assemble: p.zapp: nothing to run: the inputs hold no program or script (to add only data or libraries to a Zapp, use --add)" &&
	test ! -e p.zapp &&
	test_must_fail_with 1 zapp-assemble -o p.zapp big/lib/libok.so.1 2>err &&
	expect_file_contains err "nothing to run" && test ! -e p.zapp &&
	mkdir -p onlylinks/bin && ln -s /nonexistent onlylinks/bin/x && ln -s ../../../etc/passwd onlylinks/bin/y &&
	test_must_fail_with 1 zapp-assemble -o p.zapp onlylinks 2>err &&
	expect_file_contains err "zapp-assemble: onlylinks: nothing to assemble: every name in it was skipped" &&
	test ! -e p.zapp &&
	cp -a b.zapp add3.zapp &&
	test_must_fail_with 1 zapp-assemble --add -o add3.zapp onlylinks 2>err &&
	expect_file_contains err "every name in it was skipped" &&
	mkdir -p data/share && echo hi >data/share/hi &&
	zapp-assemble -q --add -o add3.zapp data && test -f add3.zapp/share/hi && zapp-check -q add3.zapp
'

# 10: a link loop is skipped and leaves nothing
test_expect_success 'a symbolic link loop makes no directory' '
	mkdir -p loop/bin loop/share/doc && cp true0 loop/bin/ && echo d >loop/share/doc/d &&
	ln -s .. loop/share/up && ln -s ../.. loop/share/doc/top &&
	zapp-assemble -o loop.zapp loop >out 2>err &&
	expect_file_contains err "zapp-assemble: warning: loop/share/up: skipped: a symbolic link loop" &&
	expect_file_contains err "zapp-assemble: warning: loop/share/doc/top: skipped: a symbolic link loop" &&
	test ! -e loop.zapp/share/up && test ! -e loop.zapp/share/doc/top && test -f loop.zapp/share/doc/d
'

# 11: links are not copies
test_expect_success 'setup: a tree whose links would be copies' '
	mkdir -p ln/bin ln/lib ln/share/perl/5.36.0 &&
	gcc -shared -fPIC -Wl,-soname,libbig.so.1 -o ln/lib/libbig.so.1.2.3 a.c &&
	for n in libbig.so libbig.so.1 libbig.so.1.2; do ln -s libbig.so.1.2.3 ln/lib/$n; done &&
	head -c 1048576 /dev/urandom >ln/share/perl/5.36.0/big.bin &&
	ln -s 5.36.0 ln/share/perl/5.36 &&
	gcc -o ln/bin/git p.c ln/lib/libbig.so.1.2.3 -Wl,--disable-new-dtags,-rpath,"\$ORIGIN/../lib" &&
	ln -s git ln/bin/git-upload-pack && ln ln/bin/git ln/bin/git-hard &&
	mkdir -p ln/libexec/git-core && ln -s ../../bin/git ln/libexec/git-core/git-receive-pack
'

test_expect_success 'a program link is a launcher of the same dynbin/ file at the same depth, of a copy at another; data and library links are hard links' '
	zapp-assemble --glibc-pieces=none -o ln.zapp ln >out 2>err &&
	expect_file_contains out "ln.zapp: 2 programs (4 launchers)" &&
	expect_eq "2 programs, 4 launchers, 6 libraries" "$(zapp_counts ln.zapp)" &&
	expect_eq 2 "$(find ln.zapp/dynbin -type f | wc -l)" &&
	expect_eq 4 "$(stat -c %h ln.zapp/lib/libbig.so.1)" &&
	expect_eq "$(stat -c %i ln.zapp/share/perl/5.36.0/big.bin)" "$(stat -c %i ln.zapp/share/perl/5.36/big.bin)" &&
	zapp=$(du -s -B1 --apparent-size ln.zapp | cut -f1) &&
	src=$(distinct_bytes ln /lib/x86_64-linux-gnu/libc.so.6 /lib64/ld-linux-x86-64.so.2) &&
	test "$zapp" -lt $((src + 200000)) &&
	mv ln.zapp ln2.zapp && expect_eq 42 "$(ln2.zapp/bin/git-upload-pack)" &&
	expect_eq 42 "$(ln2.zapp/libexec/git-core/git-receive-pack)"
'

test_expect_success 'a copy of a program, a link given as a file input, a link leaving the tree to a planned program' '
	mkdir -p gc/usr/bin gc/usr/lib/git-core &&
	gcc -o gc/usr/bin/git p.c ln/lib/libbig.so.1 && cp gc/usr/bin/git gc/usr/lib/git-core/git &&
	ln -s git gc/usr/lib/git-core/git-upload-pack &&
	zapp-assemble -o gc.zapp gc/usr/bin/git gc/usr/lib/git-core/git-upload-pack ln/lib/libbig.so.1 >out 2>err &&
	expect_file_contains out "gc.zapp: 1 program (2 launchers)" &&
	expect_eq 1 "$(find gc.zapp/dynbin -type f | wc -l)" &&
	zapp-check gc.zapp && expect_eq 42 "$(gc.zapp/bin/git-upload-pack)" &&
	cp ln/lib/libbig.so.1.2.3 gc/usr/lib/libbig.so.1 &&
	zapp-assemble -o gc-tree.zapp gc/usr >out 2>err &&
	expect_file_contains out "gc-tree.zapp: 2 programs (3 launchers)" &&
	expect_eq 2 "$(find gc-tree.zapp/dynbin -type f | wc -l)" &&
	zapp-check gc-tree.zapp && expect_eq 42 "$(gc-tree.zapp/lib/git-core/git-upload-pack)" &&
	mkdir -p out-tree/bin && ln -s "$PWD/gc/usr/bin/git" out-tree/bin/git2 &&
	zapp-assemble -o gc2.zapp gc/usr/bin/git out-tree ln/lib/libbig.so.1 >out 2>err &&
	expect_file_contains out "gc2.zapp: 1 program (2 launchers)" &&
	expect_file_lacks err "skipped" &&
	zapp-check gc2.zapp && expect_eq 42 "$(gc2.zapp/bin/git2)"
'

test_done
