#!/bin/bash
# Hostile inputs: files cut short at each header, header fields pointing
# past the end, broken dynamic sections, odd dependency graphs, names that
# try to leave the Zapp, odd file types and names in input trees.  Each case
# gives its message and exit status; no tool dies of a signal, and a
# failure leaves no output and no temporary directory behind.
. "$(dirname "$0")/lib.sh"


# assemble_fails STATUS MESSAGE ARGS...: zapp-assemble ARGS exits with
# STATUS (so not by a signal), says MESSAGE, and leaves the current
# directory as it was: no OUT, no temporary sibling.
assemble_fails() {
	local status=$1 msg=$2; shift 2
	ls -A >before.ls
	test_must_fail_with "$status" timeout 60 zapp-assemble "$@" 2>err || { cat err; return 1; }
	expect_file_contains err "$msg" || return 1
	ls -A | grep -v -x -e err -e before.ls -e after.ls >after.ls
	grep -v -x -e err -e before.ls -e after.ls before.ls | cmp -s - after.ls ||
		{ echo "left behind:"; diff before.ls after.ls; return 1; }
}

# assembles ARGS...: zapp-assemble succeeds, in bounded time, and zapp-check
# passes on the result (the last -o argument).
assembles() {
	local out= prev=
	for a in "$@"; do [ "$prev" = -o ] && out=$a; prev=$a; done
	timeout 60 zapp-assemble "$@" >/dev/null 2>err || { cat err; return 1; }	# (not -q: the warnings are checked)
	zapp-check -q "$out"
}

# put FILE OFFSET BYTES VALUE: a little-endian integer of 2, 4 or 8 bytes.
put() {
	perl -e 'my ($f, $o, $n, $v) = @ARGV;
		open(my $h, "+<", $f) or die "$f: $!"; binmode $h; seek($h, $o, 0);
		print $h pack($n == 8 ? "Q<" : $n == 4 ? "L<" : "S<", $v); close $h or die' "$@"
}

# dyn_patch FILE TAG FIELD VALUE: in FILE's dynamic section, set the tag
# (FIELD=tag) or the value (FIELD=val) of the first entry with TAG, or of
# every one with FIELD=all-tags.
dyn_patch() {
	perl -e 'my ($f, $off, $size, $tag, $field, $v) = @ARGV;
		open(my $h, "+<", $f) or die; binmode $h;
		for (my $o = $off; $o < $off + $size; $o += 16) {
			seek($h, $o, 0); read($h, my $t, 8);
			next if unpack("Q<", $t) != $tag;
			seek($h, $o + ($field eq "val" ? 8 : 0), 0); print $h pack("Q<", $v);
			last if $field ne "all-tags";
		}
		close $h or die' "$1" "$dyn_off" "$dyn_size" "$2" "$3" "$4"
}

test_expect_success 'setup: a program, where its headers and tables are' '
	printf "#include <stdio.h>\nint main(void){puts(\"hi\");return 0;}\n" >m.c &&
	gcc -o m m.c &&
	readelf -hlSW m >m.headers &&
	field() { sed -n "s/.*$1: *\([0-9]*\).*/\1/p" m.headers; } &&
	phoff=$(field "Start of program headers") && phnum=$(field "Number of program headers") &&
	shoff=$(field "Start of section headers") &&
	interp_off=$(( $(sed -n "s/^ *INTERP *\(0x[0-9a-f]*\) .*/\1/p" m.headers) )) &&
	dynstr_off=$(( 16#$(sed -n "s/.* \.dynstr *STRTAB *[0-9a-f]* \([0-9a-f]*\) .*/\1/p" m.headers) )) &&
	dyn_off=$(( $(sed -n "s/^ *DYNAMIC *\(0x[0-9a-f]*\) .*/\1/p" m.headers) )) &&
	dyn_size=$(( $(sed -n "s/^ *DYNAMIC *0x[0-9a-f]* 0x[0-9a-f]* 0x[0-9a-f]* \(0x[0-9a-f]*\) .*/\1/p" m.headers) )) &&
	size=$(stat -c %s m) &&
	test "$phoff" = 64 && test "$phnum" -gt 4 && test "$interp_off" -gt 64 &&
	test "$dynstr_off" -gt "$interp_off" && test "$dyn_off" -gt "$dynstr_off" &&
	test "$dyn_size" -gt 16 && test "$shoff" -gt "$dyn_off" &&
	echo "size=$size phoff=$phoff phnum=$phnum shoff=$shoff interp_off=$interp_off dynstr_off=$dynstr_off dyn_off=$dyn_off dyn_size=$dyn_size" | tee offsets
'
. ./offsets 2>/dev/null || true
# The truncation cases below: where the cut is, what zapp-assemble says.
trunc_cases="\
0:not a program: neither an ELF file nor a script starting with #!
3:not a program: neither an ELF file nor a script starting with #!
16:cannot read its ELF headers: cannot read: invalid ELF file data
63:cannot read its ELF headers: cannot read: invalid ELF file data
64:cannot read its ELF headers: corrupt ELF headers
$((phoff + 56 + 3)):cannot read its ELF headers: truncated: the program header table ($phnum entries at byte $phoff) runs past the end of the file
$((phoff + phnum * 56 - 1)):cannot read its ELF headers: truncated: the program header table
$((interp_off + 5)):cannot read its ELF headers: truncated: segment
$((dynstr_off + 16)):cannot read its ELF headers: truncated: segment
$((dyn_off + 24)):cannot read its ELF headers: truncated: segment
$shoff:cannot set its rpath to '\$ORIGIN/../lib'
$((shoff + 100)):cannot set its rpath to '\$ORIGIN/../lib'
$((size - 1)):cannot set its rpath to '\$ORIGIN/../lib'"

test_expect_success 'a file cut at each header boundary: a clear error, nothing written' '
	printf "%s\n" "$trunc_cases" >cases &&
	while IFS=: read -r n msg; do
		head -c "$n" m >cut && chmod +x cut &&
		say "cut at $n: $msg" &&
		assemble_fails 1 "$msg" -o out.zapp cut || exit 1
	done <cases
'

test_expect_success 'e_phoff and e_shoff past the end of the file' '
	cp m phoff && put phoff 32 8 $((size + 4096)) &&
	assemble_fails 1 "zapp-assemble: phoff: cannot read its ELF headers: corrupt ELF headers" -o out.zapp phoff &&
	cp m phoff2 && put phoff2 32 8 18446744073709551000 &&
	assemble_fails 1 "zapp-assemble: phoff2: cannot read its ELF headers: corrupt ELF headers" -o out.zapp phoff2 &&
	cp m shoff && put shoff 40 8 $((size + 4096)) &&
	assemble_fails 1 "zapp-assemble: dynbin/shoff: cannot set its rpath" -o out.zapp shoff
'

test_expect_success 'a huge segment: file size refused; memory size assembled and run (segments may overlap, as for the kernel)' '
	load2=$((phoff + 2 * 56)) &&
	cp m filesz && put filesz $((load2 + 32)) 8 1099511627776 &&
	assemble_fails 1 "cannot read its ELF headers: truncated: segment 2 ends at byte 1099511627776, past the end of the file" -o out.zapp filesz &&
	cp m memsz && put memsz $((load2 + 40)) 8 1099511627776 &&
	assembles -o memsz.zapp memsz &&
	expect_eq hi "$(memsz.zapp/bin/memsz)"
'

test_expect_success 'a dynamic section without DT_NULL' '
	cp m nonull && dyn_patch nonull 0 all-tags 21 &&
	! readelf -dW nonull | grep -q "(NULL)" &&
	assemble_fails 1 "zapp-assemble: nonull: cannot read its ELF headers: no DT_NULL ends the dynamic section" -o out.zapp nonull
'

test_expect_success 'string offsets and the string table outside the file' '
	cp m strpast && dyn_patch strpast 1 val 16777215 &&
	assemble_fails 1 "zapp-assemble: strpast: cannot read its ELF headers: string offset 16777215 is outside the dynamic string table" -o out.zapp strpast &&
	cp m strsz && dyn_patch strsz 10 val 1099511627776 &&
	assemble_fails 1 "zapp-assemble: strsz: cannot read its ELF headers: the dynamic string table cannot be read" -o out.zapp strsz &&
	cp m strtab && dyn_patch strtab 5 val 140737488289792 &&
	assemble_fails 1 "zapp-assemble: strtab: cannot read its ELF headers: the dynamic string table is not in the file" -o out.zapp strtab
'

test_expect_success 'two libraries that need each other: assembled, and it runs' '
	mkdir -p cyc/bin cyc/lib &&
	echo "int b(void); int a(void){return 1;}" >a.c &&
	echo "int a(void); int b(void){return a()+1;}" >b.c &&
	printf "#include <stdio.h>\nint b(void); int main(void){printf(\"%%d\\\\n\", b()); return 0;}\n" >cm.c &&
	gcc -shared -fPIC -Wl,-soname,libb.so.1 -o cyc/lib/libb.so.1 b.c &&
	gcc -shared -fPIC -Wl,-soname,liba.so.1 -o cyc/lib/liba.so.1 a.c -Wl,--no-as-needed cyc/lib/libb.so.1 &&
	gcc -shared -fPIC -Wl,-soname,libb.so.1 -o cyc/lib/libb.so.1 b.c -Wl,--no-as-needed cyc/lib/liba.so.1 &&
	gcc -o cyc/bin/cm cm.c -Wl,--no-as-needed cyc/lib/libb.so.1 -Wl,-rpath-link,cyc/lib &&
	readelf -d cyc/lib/liba.so.1 | grep -q "NEEDED.*libb.so.1" &&
	readelf -d cyc/lib/libb.so.1 | grep -q "NEEDED.*liba.so.1" &&
	assembles -o cyc.zapp cyc &&
	expect_eq 2 "$(timeout 20 cyc.zapp/bin/cm)"
'

test_expect_success 'a library that needs itself: assembled, and it runs' '
	mkdir -p selfl/bin selfl/lib &&
	echo "int s(void){return 7;}" >s.c &&
	echo "int s(void); int main(void){return s();}" >sm.c &&
	gcc -shared -fPIC -Wl,-soname,libself.so.1 -o selfl/lib/libself.so.1 s.c &&
	gcc -shared -fPIC -Wl,-soname,libself.so.1 -o libself.new s.c -Wl,--no-as-needed selfl/lib/libself.so.1 &&
	mv libself.new selfl/lib/libself.so.1 &&
	readelf -d selfl/lib/libself.so.1 | grep -q "NEEDED.*libself.so.1" &&
	gcc -o selfl/bin/sm sm.c selfl/lib/libself.so.1 &&
	assembles -o selfl.zapp selfl &&
	test_must_fail_with 7 timeout 20 selfl.zapp/bin/sm
'

test_expect_success 'a DT_NEEDED with a slash or dots is an error' '
	mkdir -p pth/bin pth/sub &&
	gcc -shared -fPIC -o pth/sub/libnoso.so s.c &&
	(cd pth && gcc -o bin/pm ../sm.c ./sub/libnoso.so) &&
	assemble_fails 1 "zapp-assemble: dynbin/pm: needs '\''./sub/libnoso.so'\'' by a path, which a Zapp cannot provide" -o out.zapp pth &&
	cp selfl/bin/sm up && perl -0777 -pi -e "s/libself\\.so\\.1\\0/..\\/libc.so.6\\0/" up &&
	readelf -d up | grep -q "NEEDED.*\[\.\./libc\.so\.6\]" &&
	assemble_fails 1 "zapp-assemble: dynbin/up: needs '\''../libc.so.6'\'' by a path, which a Zapp cannot provide" -o out.zapp up &&
	cp selfl/bin/sm dots && perl -0777 -pi -e "s/libself\\.so\\.1\\0/..\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0/" dots &&
	expect_eq "$(stat -c %s selfl/bin/sm)" "$(stat -c %s dots)" "size after the patch" &&
	assemble_fails 1 "zapp-assemble: ..: library not found: needed by dots" -o out.zapp dots
'

test_expect_success 'a library whose DT_SONAME climbs out is refused; nothing lands outside' '
	gcc -shared -fPIC -Wl,-soname,../../../escaped.so -o libesc.so s.c &&
	mkdir -p d1/d2/d3 && cd d1/d2/d3 &&
	assemble_fails 1 "zapp-assemble: ../../../libesc.so: its DT_SONAME '\''../../../escaped.so'\'' is not a file name" -o out.zapp ../../../libesc.so &&
	cd "$TRASH" && test ! -e escaped.so && test ! -e d1/escaped.so && test ! -e d1/d2/escaped.so
'

test_expect_success 'an $ORIGIN rpath out of the input tree is not followed' '
	mkdir -p esc/outside esc/in/tree/bin esc/in/tree/lib &&
	gcc -shared -fPIC -Wl,-soname,libout.so -o esc/outside/libout.so s.c &&
	gcc -o esc/in/tree/bin/em sm.c esc/outside/libout.so \
		-Wl,--disable-new-dtags,-rpath,"\$ORIGIN/../../../outside:\$ORIGIN/../../../../../../../../../../../etc" &&
	status=0 &&
	strace -f -e trace=open,openat,stat,newfstatat,statx,access -o trace \
		zapp-assemble -o esc.zapp esc/in/tree 2>err || status=$? &&
	expect_eq 1 "$status" "exit status" &&
	expect_file_contains err "zapp-assemble: warning: esc/in/tree/bin/em: rpath entry '\''\$ORIGIN/../../../outside'\'' not searched: it leads out of the input" &&
	expect_file_contains err "rpath entry '\''\$ORIGIN/../../../../../../../../../../../etc'\'' not searched: it leads out of the input" &&
	expect_file_contains err "zapp-assemble: libout.so: library not found: needed by esc/in/tree/bin/em" &&
	! grep -E "outside/|/etc/lib" trace &&
	test ! -e esc.zapp &&
	cp esc/outside/libout.so esc/in/tree/lib/ &&
	zapp-assemble -o esc.zapp esc/in/tree 2>err && zapp-check esc.zapp &&
	expect_file_contains err "not searched: it leads out of the input" &&
	test_must_fail_with 7 esc.zapp/bin/em
'

test_expect_success 'a relative rpath entry (from the working directory) is not followed' '
	mkdir -p rel/bin cwdlib &&
	gcc -shared -fPIC -Wl,-soname,libcwd.so -o cwdlib/libcwd.so s.c &&
	gcc -o rel/bin/rm sm.c cwdlib/libcwd.so -Wl,--disable-new-dtags,-rpath,cwdlib &&
	assemble_fails 1 "zapp-assemble: warning: rel/bin/rm: rpath entry '\''cwdlib'\'' not searched: it is relative to the working directory" -o rel.zapp rel &&
	expect_file_contains err "zapp-assemble: libcwd.so: library not found"
'

test_expect_success 'symbolic link loops in the input: warnings, and it ends' '
	mkdir -p loops/bin loops/share/deep && cp m loops/bin/ &&
	ln -s .. loops/share/deep/up &&
	ln -s self loops/share/self &&
	ln -s b loops/share/a && ln -s a loops/share/b &&
	assembles -o loops.zapp loops &&
	expect_file_contains err "zapp-assemble: warning: loops/share/deep/up: skipped: a symbolic link loop" &&
	expect_file_contains err "zapp-assemble: warning: loops/share/self: skipped: a symbolic link that leads nowhere (Too many levels of symbolic links)" &&
	expect_file_contains err "zapp-assemble: warning: loops/share/a: skipped: a symbolic link that leads nowhere" &&
	expect_eq hi "$(loops.zapp/bin/m)" &&
	test -z "$(find loops.zapp -type l)"
'

test_expect_success 'FIFOs, sockets and device nodes in the input: skipped with a warning, never opened' '
	mkdir -p odd/bin odd/share && cp m odd/bin/ &&
	mkfifo odd/share/fifo && ln -s fifo odd/share/to-fifo &&
	perl -MSocket -e "socket(my \$s, PF_UNIX, SOCK_STREAM, 0) or die; bind(\$s, pack_sockaddr_un(\"odd/share/sock\")) or die" &&
	test -S odd/share/sock &&
	if test_have_prereq ROOT; then mknod odd/share/zero c 1 5; fi &&
	strace -f -e trace=openat -o trace timeout 30 zapp-assemble -o odd.zapp odd >/dev/null 2>err &&
	zapp-check -q odd.zapp &&
	for f in fifo to-fifo sock; do
		expect_file_contains err "zapp-assemble: warning: odd/share/$f: skipped: not a regular file, directory or link (a FIFO, socket or device)" &&
		test ! -e odd.zapp/share/$f || exit 1
	done &&
	if test_have_prereq ROOT; then expect_file_contains err "odd/share/zero: skipped: not a regular file"; fi &&
	! grep -E "share/(fifo|to-fifo|sock|zero)\"" trace &&
	test_must_fail_with 1 timeout 30 zapp-assemble -q -o f.zapp odd/share/fifo 2>err &&
	expect_file_contains err "zapp-assemble: odd/share/fifo: not a program or directory"
'

test_expect_success 'names with spaces, newlines and bytes that are not UTF-8' '
	nl=$(printf "a\nb") && bad=$(printf "\377\376x") &&
	mkdir -p "names/bin" "names/share/$nl dir" "names/share/$bad" &&
	cp m "names/bin/my prog" && strip -o "names/bin/$bad" m && gcc -g -o "names/bin/$nl" m.c &&
	echo one >"names/share/$nl dir/file $nl" && echo two >"names/share/$bad/$bad.txt" &&
	out="out $nl $bad.zapp" &&
	assembles -o "$out" names &&
	expect_eq hi "$("$out/bin/my prog")" &&
	expect_eq hi "$("$out/bin/$bad")" &&
	expect_eq hi "$("$out/bin/$nl")" &&
	test -f "$out/dynbin/my prog" && test -f "$out/dynbin/$bad" && test -f "$out/dynbin/$nl" &&
	expect_eq one "$(cat "$out/share/$nl dir/file $nl")" &&
	expect_eq two "$(cat "$out/share/$bad/$bad.txt")"
'

test_expect_success 'paths near PATH_MAX: assembled when they fit, a clear error when not' '
	seg=$(printf "d%.0s" $(seq 1 200)) && p=deep/tree &&
	while [ ${#p} -lt 3900 ]; do p=$p/$seg; done &&
	mkdir -p "$p" && echo deep >"$p/f.txt" &&
	assembles -o deep.zapp deep/tree m &&
	expect_eq deep "$(cat "deep.zapp/${p#deep/tree/}/f.txt")" &&
	long=$(printf "L%.0s" $(seq 1 150)) && mkdir "$long" &&
	assemble_fails 1 ": path too long" -o "$long/x.zapp" deep/tree m &&
	test -z "$(ls -A "$long")" &&
	name=$(printf "o%.0s" $(seq 1 255)) &&
	assemble_fails 1 "zapp-assemble: $name: cannot create: File name too long" -o "$name" m
'

test_expect_success 'an input that is OUT, holds OUT, or lies inside OUT' '
	mkdir -p tree/bin && cp m tree/bin/ && ln -s tree tree-link &&
	tree_digest tree >tree.before &&
	assemble_fails 1 "zapp-assemble: tree/out.zapp: is inside the input tree: it would copy itself" -o tree/out.zapp tree &&
	assemble_fails 1 "zapp-assemble: tree: is inside the input tree: it would copy itself" --force -o tree tree &&
	assemble_fails 1 "zapp-assemble: tree-link/x.zapp: is inside the input tree: it would copy itself" -o tree-link/x.zapp tree &&
	assemble_fails 1 "zapp-assemble: tree/bin/../x.zapp: is inside the input tree" -o tree/bin/../x.zapp tree &&
	mkdir -p stage/usr/local/bin && cp m stage/usr/local/bin/ && echo mine >stage/notes &&
	assemble_fails 1 "zapp-assemble: stage: holds the input stage/usr/local: replacing it would delete that input" --force -o stage stage/usr/local &&
	expect_eq mine "$(cat stage/notes)" && test -f stage/usr/local/bin/m &&
	assembles -o a.zapp tree &&
	assemble_fails 1 "zapp-assemble: a.zapp: holds the input a.zapp/dynbin/m: replacing it would delete that input" --add -o a.zapp a.zapp/dynbin/m &&
	tree_digest tree >tree.after && cmp tree.before tree.after
'

test_expect_success 'a hostile --sysroot: ld.so.conf with a FIFO, includes of itself, .. out of the root' '
	mkdir -p sr/lib64 sr/lib/x86_64-linux-gnu sr/etc/ld.so.conf.d &&
	cp /lib64/ld-linux-x86-64.so.2 sr/lib64/ && cp /lib/x86_64-linux-gnu/libc.so.6 sr/lib/x86_64-linux-gnu/ &&
	printf "include ld.so.conf.d/*.conf\ninclude ld.so.conf\n/../../../../../../../lib/x86_64-linux-gnu\n" >sr/etc/ld.so.conf &&
	mkfifo sr/etc/ld.so.conf.d/fifo.conf && echo "include ../ld.so.conf" >sr/etc/ld.so.conf.d/loop.conf &&
	timeout 30 zapp-assemble -v --sysroot sr -o sr.zapp m 2>err &&
	expect_file_contains err "zapp-assemble: lib/libc.so.6: sr/lib/x86_64-linux-gnu/libc.so.6 (for dynbin/m)" &&
	zapp-check -q sr.zapp && expect_eq hi "$(sr.zapp/bin/m)"
'

test_expect_success 'zapp-check on a directory of all of the above: each problem named, exit 1, no signal' '
	mkdir -p hz/bin hz/lib hz/share &&
	head -c 100 m >hz/lib/cut-phdrs.so && head -c $((dyn_off + 24)) m >hz/lib/cut-dyn.so &&
	head -c 16 m >hz/lib/cut-ehdr.so && cp strpast nonull hz/lib/ && cp m hz/bin/plain &&
	mkfifo hz/share/fifo && ln -s .. hz/share/up && ln -s self hz/share/self &&
	ln -s /etc/passwd hz/share/out && cp -r names/share/* hz/share/ &&
	status=0 &&
	strace -f -e trace=openat -o trace timeout 30 zapp-check hz 2>err || status=$? &&
	expect_eq 1 "$status" "exit status" &&
	expect_file_contains err "zapp-check: lib/cut-phdrs.so: unreadable ELF file: truncated: the program header table" &&
	expect_file_contains err "zapp-check: lib/cut-dyn.so: unreadable ELF file: truncated: segment" &&
	expect_file_contains err "zapp-check: lib/cut-ehdr.so: unreadable ELF file:" &&
	expect_file_contains err "zapp-check: lib/strpast: unreadable ELF file: string offset 16777215 is outside the dynamic string table" &&
	expect_file_contains err "zapp-check: share/out: symbolic link leaves the Zapp (to /etc/passwd)" &&
	expect_file_contains err "zapp-check: bin/plain: no jumploader starts this program" &&
	expect_file_contains err "zapp-check: hz: " &&
	! grep -E "share/(fifo|up|self)\"" trace
'

test_done
