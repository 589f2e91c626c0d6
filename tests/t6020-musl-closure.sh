#!/bin/sh
# A musl program's libraries are found the way musl's loader finds them
# (its path file, else /lib:/usr/local/lib:/usr/lib, inside --sysroot;
# never glibc's directories); a Zapp may hold glibc and musl programs side
# by side, each on its own loader; two libraries of one name, one for each
# C library, are refused.

. "$(dirname "$0")/lib.sh"

cat >bar.c <<'EOF'
#ifndef WHO
#define WHO "musl"
#endif
const char *bar(void) { return WHO; }
EOF
cat >main.c <<'EOF'
#include <stdio.h>
const char *bar(void);
int main(void) { printf("bar=%s\n", bar()); return 0; }
EOF
cat >plain.c <<'EOF'
#include <stdio.h>
int main(int argc, char **argv) { printf("%s runs\n", argv[0]); return 0; }
EOF

test_expect_success 'setup: a root with musl, its path file and a musl library; a glibc decoy' '
	mkdir -p root/lib root/etc root/opt/musl/lib root/lib/x86_64-linux-gnu root/usr/lib/x86_64-linux-gnu &&
	cp -L /lib/ld-musl-x86_64.so.1 root/lib/ld-musl-x86_64.so.1 &&
	echo "/opt/musl/lib" >root/etc/ld-musl-x86_64.path &&
	musl-gcc -O2 -shared -fPIC -Wl,-soname,libbar.so.1 -o root/opt/musl/lib/libbar.so.1 bar.c &&
	gcc -O2 -shared -fPIC -DWHO="\"glibc\"" -Wl,--no-as-needed,-soname,libbar.so.1 -o glibc-libbar.so.1 bar.c &&
	readelf -dW glibc-libbar.so.1 | grep -qF "[libc.so.6]" &&
	cp glibc-libbar.so.1 root/lib/x86_64-linux-gnu/libbar.so.1 &&
	cp glibc-libbar.so.1 root/usr/lib/x86_64-linux-gnu/libbar.so.1 &&
	musl-gcc -O2 -o m main.c root/opt/musl/lib/libbar.so.1 &&
	! readelf -dW m | grep -q PATH
'

test_expect_success 'with --sysroot, the library is found through the root'"'"'s musl path file' '
	zapp-assemble -v --sysroot root -o p.zapp m >log 2>&1 &&
	expect_file_contains log "lib/libbar.so.1: root/opt/musl/lib/libbar.so.1" &&
	cmp root/opt/musl/lib/libbar.so.1 p.zapp/lib/libbar.so.1 &&
	zapp-check -q p.zapp &&
	expect_eq "bar=musl" "$(p.zapp/bin/m)" output
'

test_expect_success 'without a path file, in /usr/local/lib (musl'"'"'s default), never in glibc'"'"'s directories' '
	mv root/etc/ld-musl-x86_64.path root/etc/away &&
	test_must_fail_with 1 zapp-assemble --sysroot root -o q.zapp m 2>err &&
	expect_file_contains err "zapp-assemble: libbar.so.1: library not found: needed by m" &&
	! test -e q.zapp &&
	mkdir -p root/usr/local/lib && mv root/opt/musl/lib/libbar.so.1 root/usr/local/lib/ &&
	zapp-assemble -v --sysroot root -o q.zapp m >log 2>&1 &&
	expect_file_contains log "lib/libbar.so.1: root/usr/local/lib/libbar.so.1" &&
	expect_eq "bar=musl" "$(q.zapp/bin/m)" output
'

test_expect_success 'a path file that names no directory leaves musl none: not the defaults' '
	: >root/etc/ld-musl-x86_64.path &&
	test_must_fail_with 1 zapp-assemble --sysroot root -o r.zapp m 2>err &&
	expect_file_contains err "zapp-assemble: libbar.so.1: library not found: needed by m" &&
	printf "\n\n/nowhere:/usr/local/lib\n" >root/etc/ld-musl-x86_64.path &&
	zapp-assemble -q --sysroot root -o r.zapp m &&
	test -f r.zapp/lib/libbar.so.1 &&
	mv root/usr/local/lib/libbar.so.1 root/opt/musl/lib/ && mv root/etc/away root/etc/ld-musl-x86_64.path
'

test_expect_success 'a Zapp of a glibc and a musl program keeps each one'"'"'s loader' '
	gcc -O2 -o g plain.c && musl-gcc -O2 -o mp plain.c &&
	zapp-assemble -o both.zapp g mp >out &&
	expect_file_contains out "loaders ld-linux-x86-64.so.2 and ld-musl-x86_64.so.1" &&
	test -f both.zapp/lib/ld-linux-x86-64.so.2 && test -f both.zapp/lib/libc.so.6 &&
	test -f both.zapp/lib/ld-musl-x86_64.so.1 && test -f both.zapp/lib/libc.so &&
	expect_eq "both.zapp/bin/g runs" "$(both.zapp/bin/g)" glibc &&
	expect_eq "both.zapp/bin/mp runs" "$(both.zapp/bin/mp)" musl &&
	zapp-check both.zapp >out &&
	expect_file_contains out "ok: x86-64, 2 programs (1 glibc, 1 musl), 2 launchers"
'

test_expect_success ROOT 'and both run in an empty root' '
	mkdir -p er && cp -a both.zapp er/Z &&
	expect_eq "/Z/bin/g runs" "$(run_in_empty_root er /Z/bin/g)" glibc &&
	expect_eq "/Z/bin/mp runs" "$(run_in_empty_root er /Z/bin/mp)" musl
'

test_expect_success 'a glibc and a musl library of one name cannot share lib/: refused, nothing written' '
	gcc -O2 -o gb main.c glibc-libbar.so.1 -Wl,-rpath,"\$ORIGIN" &&
	mkdir -p gdir mdir && mv gb glibc-libbar.so.1 gdir/ && mv gdir/glibc-libbar.so.1 gdir/libbar.so.1 &&
	cp root/opt/musl/lib/libbar.so.1 mdir/ &&
	musl-gcc -O2 -o mdir/mb main.c mdir/libbar.so.1 -Wl,-rpath,"\$ORIGIN" &&
	expect_eq "bar=glibc" "$(gdir/gb)" "the glibc program natively" &&
	test_must_fail_with 1 zapp-assemble -o clash.zapp gdir/gb mdir/mb 2>err &&
	expect_file_contains err "zapp-assemble: lib/libbar.so.1: a glibc program and a musl program need two different libraries of this name:" &&
	expect_file_contains err "one Zapp has one lib/: assemble them into two Zapps" &&
	! test -e clash.zapp
'

test_expect_success 'a glibc library of a musl program: its libc.so.6 is musl'"'"'s, as musl has it, with a warning' '
	musl-gcc -O2 -o mg main.c gdir/libbar.so.1 -Wl,-rpath,"\$ORIGIN/gdir" &&
	expect_eq "bar=glibc" "$(./mg)" "natively, on musl" &&
	zapp-assemble -o mg.zapp mg >out 2>err &&
	expect_file_contains err "/gdir/libbar.so.1: needs libc.so.6, which musl'"'"'s loader answers with itself (a library built for glibc?)" &&
	! test -e mg.zapp/lib/libc.so.6 &&
	zapp-check -q mg.zapp &&
	expect_eq "bar=glibc" "$(mg.zapp/bin/mg)" "in the Zapp"
'

test_done
