#!/bin/bash
# Bad input: each gives a clear message and a non-zero exit, leaves no
# partial output, and leaves the inputs as they were.
. "$(dirname "$0")/lib.sh"

# fails_cleanly STATUS MESSAGE ARGS...: zapp-assemble ARGS exits STATUS,
# says MESSAGE, and leaves no temporary or partial directory behind.
fails_cleanly() {
	local status=$1 msg=$2; shift 2
	ls -A >before.ls
	test_must_fail_with "$status" zapp-assemble "$@" 2>err || return 1
	expect_file_contains err "$msg" || return 1
	ls -A | grep -v -x -e err -e before.ls -e after.ls >after.ls
	grep -v -x -e err -e before.ls -e after.ls before.ls | cmp - after.ls ||
		{ echo "left behind:"; diff before.ls after.ls; return 1; }
}

test_expect_success 'setup: a small tree with a program' '
	mkdir -p tree/bin &&
	printf "int main(void){return 0;}\n" >m.c &&
	gcc -o tree/bin/m m.c &&
	tree_digest tree >tree.before
'

test_expect_success 'a nonexistent input' '
	fails_cleanly 1 "zapp-assemble: nope: cannot read: No such file or directory" -o out.zapp nope
'

test_expect_success 'a text file that is not a script' '
	echo "just text" >notes.txt &&
	fails_cleanly 1 "zapp-assemble: notes.txt: not a program: neither an ELF file nor a script starting with #!" -o out.zapp notes.txt
'

test_expect_success 'a truncated ELF file' '
	head -c 100 tree/bin/m >trunc && chmod +x trunc &&
	fails_cleanly 1 "zapp-assemble: trunc: cannot read its ELF headers:" -o out.zapp trunc &&
	head -c 3000 tree/bin/m >trunc2 && chmod +x trunc2 &&
	fails_cleanly 1 "zapp-assemble: trunc2: cannot read its ELF headers:" -o out.zapp trunc2
'

test_expect_success 'an empty directory' '
	mkdir empty &&
	fails_cleanly 1 "zapp-assemble: empty: nothing to assemble: the directory is empty" -o out.zapp empty
'

test_expect_success 'an output that cannot be written' '
	fails_cleanly 1 "zapp-assemble: /proc/out.zapp: cannot create:" -o /proc/out.zapp tree &&
	touch afile &&
	fails_cleanly 1 "zapp-assemble: afile/out.zapp: cannot create: Not a directory" -o afile/out.zapp tree
'

test_expect_success 'an output that exists already is refused without --force' '
	mkdir out.zapp && echo keep >out.zapp/mine &&
	fails_cleanly 1 "zapp-assemble: out.zapp: already exists: use --force to replace it, or --add to add to it" -o out.zapp tree &&
	expect_eq keep "$(cat out.zapp/mine)"
'

test_expect_success '--force refuses it too: it is not a Zapp (t3400 has the rest)' '
	fails_cleanly 1 "zapp-assemble: out.zapp: not replaced: it is not a Zapp (no .zapp)" --force -o out.zapp tree &&
	expect_eq keep "$(cat out.zapp/mine)"
'

test_expect_success '--force replaces a Zapp whole' '
	rm -rf out.zapp && zapp-assemble -q -o out.zapp /usr/bin/true && echo keep >out.zapp/mine &&
	zapp-assemble -q --force -o out.zapp tree &&
	test ! -e out.zapp/mine && test -f out.zapp/bin/m && test ! -e out.zapp/bin/true &&
	zapp-check out.zapp &&
	expect_eq "" "$(ls -A | grep zapp-tmp)"
'

test_expect_success 'an output inside the input is refused' '
	fails_cleanly 1 "is inside the input tree: it would copy itself" -o tree/out.zapp tree
'

test_expect_success 'a library that cannot be found is an error naming it and who needs it' '
	printf "void lost(void){}\n" >lost.c &&
	gcc -shared -fPIC -Wl,-soname,liblost.so.1 -o liblost.so.1 lost.c &&
	printf "void lost(void); int main(void){lost(); return 0;}\n" >needs.c &&
	gcc -o needs needs.c ./liblost.so.1 &&
	fails_cleanly 1 "zapp-assemble: liblost.so.1: library not found: needed by needs" -o out2.zapp needs
'

test_expect_success 'a program of another architecture is an error' '
	cp tree/bin/m arm && printf "\363\000" | dd of=arm bs=1 seek=18 conv=notrunc 2>/dev/null &&
	fails_cleanly 1 "zapp-assemble: arm: architecture mismatch: this is RISC-V; zapp assembles x86-64, i386 and AArch64 programs" -o out2.zapp arm
'

test_expect_success 'two different libraries claiming one name are an error' '
	mkdir -p a/lib b/lib &&
	printf "int v(void){return 1;}\n" >v1.c && printf "int v(void){return 2;}\n" >v2.c &&
	gcc -shared -fPIC -Wl,-soname,libv.so.1 -o a/lib/libv.so.1 v1.c &&
	gcc -shared -fPIC -Wl,-soname,libv.so.1 -o b/lib/libv.so.1 v2.c &&
	printf "int v(void); int main(void){return v();}\n" >usev.c &&
	gcc -o a/usev1 usev.c a/lib/libv.so.1 -Wl,-rpath,"$TRASH/a/lib" &&
	gcc -o b/usev2 usev.c b/lib/libv.so.1 -Wl,-rpath,"$TRASH/b/lib" &&
	fails_cleanly 1 "zapp-assemble: lib/libv.so.1: two different libraries claim this name" -o out3.zapp a/usev1 b/usev2
'

test_expect_success 'the inputs are unchanged after all this' '
	tree_digest tree >tree.after &&
	cmp tree.before tree.after
'

test_expect_success 'a set-uid program: the bit is dropped, with a warning' '
	mkdir -p suid/bin && cp tree/bin/m suid/bin/m && chmod 4755 suid/bin/m &&
	zapp-assemble -q -o suid.zapp suid 2>err || true &&
	zapp-assemble -o suid2.zapp suid 2>err &&
	expect_file_contains err "set-uid/set-gid bit dropped" &&
	expect_eq 755 "$(stat -c %a suid2.zapp/dynbin/m)"
'

test_expect_success 'a FIFO in the input is skipped with a warning, never read' '
	mkdir -p fifo/bin && cp tree/bin/m fifo/bin/ && mkfifo fifo/pipe &&
	timeout 20 zapp-assemble -o fifo.zapp fifo 2>err &&
	expect_file_contains err "fifo/pipe: skipped: not a regular file" &&
	test ! -e fifo.zapp/pipe
'

test_expect_success 'an alias link becomes a second stamped jumploader, not a second copy' '
	mkdir -p alias/bin && cp tree/bin/m alias/bin/m3.11 && ln -s m3.11 alias/bin/m3 &&
	zapp-assemble -q -o alias.zapp alias &&
	test -f alias.zapp/bin/m3 && test ! -L alias.zapp/bin/m3 &&
	test ! -e alias.zapp/dynbin/m3 && test -f alias.zapp/dynbin/m3.11 &&
	alias.zapp/bin/m3 && zapp-check alias.zapp
'

test_expect_success 'static programs are copied as they are, scripts into dynbin/ (layout.md rule 3)' '
	mkdir -p mixed/bin && gcc -static -o mixed/bin/st m.c &&
	printf "#!/bin/sh\necho script ran\n" >mixed/bin/sc && chmod +x mixed/bin/sc &&
	zapp-assemble -q -o mixed.zapp mixed &&
	cmp mixed/bin/st mixed.zapp/bin/st && cmp mixed/bin/sc mixed.zapp/dynbin/sc &&
	expect_eq "script ran" "$(mixed.zapp/bin/sc)"
'

test_expect_success '--add puts more programs into an existing Zapp, sharing lib/' '
	zapp-assemble -q -o suite.zapp tree &&
	mkdir -p more/bin && cp tree/bin/m more/bin/other &&
	zapp-assemble -q --add -o suite.zapp more &&
	test -f suite.zapp/bin/m && test -f suite.zapp/bin/other &&
	suite.zapp/bin/other && zapp-check suite.zapp
'

test_expect_success 'a library kept in lib/x86_64-linux-gnu (Meson, Debian) is reached by the rpath' '
	mkdir -p multi/bin multi/lib/x86_64-linux-gnu &&
	printf "int f(void){return 7;}\n" >f.c &&
	gcc -shared -fPIC -Wl,-soname,libf.so.0 -o multi/lib/x86_64-linux-gnu/libf.so.0.4.0 f.c &&
	ln -s libf.so.0.4.0 multi/lib/x86_64-linux-gnu/libf.so.0 &&
	printf "int f(void); int main(void){return f();}\n" >usef.c &&
	gcc -o multi/bin/usef usef.c multi/lib/x86_64-linux-gnu/libf.so.0 &&
	zapp-assemble -q -o multi.zapp multi &&
	expect_eq "RPATH \$ORIGIN/../lib:\$ORIGIN/../lib/x86_64-linux-gnu" "$(rpath_of multi.zapp/dynbin/usef)" &&
	zapp-check multi.zapp &&
	status=0 && multi.zapp/bin/usef || status=$? &&
	expect_eq 7 "$status" "exit status of usef (f returns 7)"
'

test_expect_success 'a library needed by name that the process has loaded already is not searched again' '
	mkdir -p priv &&
	printf "int b(void){return 5;}\n" >b.c &&
	printf "int b(void); int a(void){return b();}\n" >a.c &&
	gcc -shared -fPIC -Wl,-soname,libb.so -o priv/libb.so b.c &&
	gcc -shared -fPIC -Wl,-soname,liba.so -o priv/liba.so a.c priv/libb.so \
		-Wl,--enable-new-dtags,-rpath,/nowhere &&
	printf "int a(void); int main(void){return a();}\n" >pa.c &&
	gcc -o pa pa.c -Wl,--no-as-needed priv/libb.so priv/liba.so -Wl,--enable-new-dtags,-rpath,"$TRASH/priv" &&
	readelf -d pa | grep -F "[libb.so]" &&
	status=0 && ./pa || status=$? && expect_eq 5 "$status" "native run" &&
	zapp-assemble -q -o priv.zapp pa &&
	zapp-check priv.zapp &&
	status=0 && priv.zapp/bin/pa || status=$? && expect_eq 5 "$status" "run from the Zapp"
'

test_expect_success 'the caller'"'"'s umask does not change the Zapp' '
	(umask 077 && zapp-assemble -q -o u077.zapp tree) &&
	(umask 022 && zapp-assemble -q -o u022.zapp tree) &&
	tree_digest u077.zapp >d077 && tree_digest u022.zapp >d022 &&
	cmp d077 d022 &&
	expect_eq 755 "$(stat -c %a u077.zapp/lib)"
'

test_done
