#!/bin/bash
# Containment.  zapp-assemble writes nothing outside OUT, its temporary
# sibling and (--force, --add) its lock file beside OUT, whatever the input
# tree holds (hostile names, links out of it, a library naming a path,
# rpaths leading out) and whether it succeeds or fails; zapp-check writes nothing at all.  A Zapp'd program loads no
# library and no loader from the host, even with LD_LIBRARY_PATH pointing
# there.
. "$(dirname "$0")/lib.sh"

command -v strace >/dev/null || { skip_all="strace is missing (Debian package strace)"; test_done; }


# writes TRACE ALLOWED-PREFIX...: from an strace log, the paths the traced
# processes created, opened for writing, removed, renamed, or changed the
# mode or times of, that start with none of the prefixes (printed; the
# status is 1 if there is any).  Bytes outside ASCII, escaped by strace, are
# decoded.  With strace -y, a path relative to a directory descriptor
# (openat, unlinkat, ...) is joined to that directory's path, and paths
# under the current directory are made relative to it.
writes_outside() {
	perl -MCwd -e '
		my ($trace, @ok) = @ARGV;
		my $cwd = getcwd();
		my %write = map { $_ => 1 } qw(creat mkdir mkdirat unlink unlinkat rmdir rename renameat
			renameat2 chmod fchmodat utimensat utime utimes link linkat symlink symlinkat
			truncate mknod mknodat chown lchown fchownat);
		open(my $t, "<", $trace) or die "$trace: $!";
		my $bad = 0;
		while (<$t>) {
			next unless /^\d+\s+(\w+)\((.*)\)\s+=\s+(-?\d+)/;
			my ($call, $args, $ret) = ($1, $2, $3);
			next if $ret < 0;
			next unless $write{$call} || ($call =~ /^open/ && $args =~ /O_WRONLY|O_RDWR|O_CREAT|O_TRUNC/);
			while ($args =~ /(?:(?:\d+|AT_FDCWD)<((?:[^>\\]|\\.)*)>,\s*)?"((?:[^"\\]|\\.)*)"/g) {
				my ($dir, $p) = ($1, $2);
				for ($dir, $p) {
					next unless defined;
					s/\\([0-7]{3})/chr(oct($1))/ge;
					s/\\x([0-9a-f]{2})/chr(hex($1))/ge;
					s/\\n/\n/g;
				}
				$p = "$dir/$p" if defined $dir && substr($p, 0, 1) ne "/";
				$p = substr($p, length($cwd) + 1) if substr($p, 0, length($cwd) + 1) eq "$cwd/";
				next if grep { substr($p, 0, length $_) eq $_ } @ok;
				print "outside: $call $p\n";
				$bad = 1;
			}
		}
		exit $bad' "$@"
}

# changed_since STAMP DIR: what under DIR was modified or had its inode
# changed after STAMP, NUL-separated (names may hold newlines).
changed_since() {
	find "$2" \( -newer "$1" -o -cnewer "$1" \) -print0
}

test_expect_success 'setup: a watched area with a hostile input tree, files it points at, a place for OUT' '
	mkdir -p W/in/tree/bin W/in/tree/share W/in/tree/lib W/outside W/out &&
	gcc -o W/in/tree/bin/m -x c - <<-\EOF &&
	#include <stdio.h>
	int main(void) { puts("m"); return 0; }
	EOF
	for n in -rf "*" "a
b" "\$(touch pwned)"; do cp W/in/tree/bin/m "W/in/tree/bin/$n" || exit 1; done &&
	for n in ... .hidden "back\\slash" " lead" "quote'\''s" "$(printf "\377x")" "semi;colon"; do
		echo "$n" >"W/in/tree/share/$n" || exit 1
	done &&
	echo secret >W/outside/secret && mkdir W/outside/dir && echo deep >W/outside/dir/f &&
	ln -s ../../../outside/secret W/in/tree/share/to-secret &&
	ln -s ../../../outside/dir W/in/tree/share/to-dir &&
	ln -s "$TRASH/W/outside/secret" W/in/tree/share/abs-secret &&
	ln -s /etc/passwd W/in/tree/share/passwd &&
	ln -s ../bin/m W/in/tree/share/alias &&
	ln W/outside/secret W/in/tree/share/hardlink &&
	mkfifo W/in/tree/share/fifo &&
	echo "int s(void){return 3;}" >s.c &&
	gcc -shared -fPIC -Wl,-soname,../../../../escaped.so -o W/in/badlib.so s.c &&
	mkdir -p W/in/esc/bin && echo "int s(void); int main(void){return s();}" >sm.c &&
	gcc -shared -fPIC -Wl,-soname,libout.so -o W/outside/libout.so s.c &&
	gcc -o W/in/esc/bin/em sm.c W/outside/libout.so -Wl,--disable-new-dtags,-rpath,"\$ORIGIN/../../../outside" &&
	sleep 1 && touch -d "@$(date +%s)" stamp
'

test_expect_success 'assembling the hostile tree writes only OUT and its temporary sibling' '
	strace -f -y -s 4096 -o trace1 zapp-assemble -o W/out/x.zapp W/in/tree 2>err &&
	zapp-check W/out/x.zapp &&
	writes_outside trace1 W/out/x.zapp W/out/.x.zapp.zapp-tmp- &&
	grep -q "W/out/.x.zapp.zapp-tmp-" trace1 &&
	test -f "W/out/x.zapp/share/back\\slash" && test -f "W/out/x.zapp/share/$(printf "\377x")" &&
	test -f "W/out/x.zapp/bin/\$(touch pwned)" && test ! -e pwned && test ! -e W/in/tree/pwned &&
	expect_file_contains err "share/to-secret: skipped: a symbolic link that leaves the input" &&
	expect_file_contains err "share/abs-secret: skipped: a symbolic link that leaves the input" &&
	test ! -e W/out/x.zapp/share/to-secret && test ! -e W/out/x.zapp/share/to-dir &&
	test ! -e W/out/x.zapp/share/passwd && test ! -e W/out/x.zapp/share/fifo &&
	expect_eq m "$(W/out/x.zapp/share/alias)"
'

test_expect_success 'so do --force, --add, and failing runs (a soname with .., an rpath out, OUT inside the input)' '
	strace -f -y -s 4096 -o trace2 zapp-assemble -q --force -o W/out/x.zapp W/in/tree &&
	writes_outside trace2 W/out/x.zapp W/out/.x.zapp.zapp-tmp- W/out/.x.zapp.zapp-lock &&
	strace -f -y -s 4096 -o trace3 zapp-assemble -q --add -o W/out/x.zapp /usr/bin/ssh &&
	writes_outside trace3 W/out/x.zapp W/out/.x.zapp.zapp-tmp- W/out/.x.zapp.zapp-lock &&
	test_must_fail_with 1 strace -f -y -s 4096 -o trace4 zapp-assemble -q -o W/out/y.zapp W/in/badlib.so &&
	test_must_fail_with 1 strace -f -y -s 4096 -o trace5 zapp-assemble -q -o W/out/y.zapp W/in/esc &&
	test_must_fail_with 1 strace -f -y -s 4096 -o trace6 zapp-assemble -q -o W/in/tree/share/y.zapp W/in/tree &&
	for t in trace4 trace5 trace6; do
		writes_outside $t W/out/.y.zapp.zapp-tmp- || exit 1
	done &&
	test ! -e W/out/y.zapp
'

test_expect_success 'zapp-check writes nothing at all' '
	strace -f -y -s 4096 -o trace7 zapp-check -q W/out/x.zapp &&
	writes_outside trace7 /nothing-is-allowed
'

test_expect_success 'nothing in the watched area changed but OUT' '
	changed_since stamp W >changed &&
	grep -z -c ^W/out/x.zapp/ changed &&
	grep -z -v -x -e W/out -e W/out/x.zapp changed | grep -z -v "^W/out/x.zapp/" | tr "\0" "\n" >elsewhere || true &&
	test ! -s elsewhere || { echo "changed outside OUT:"; cat elsewhere; false; } &&
	expect_eq secret "$(cat W/outside/secret)"
'

# loads_only_inside ZAPP TRACE: every library or loader TRACE shows opened
# (successfully), and every program executed, is a file inside ZAPP.  TRACE
# is strace -ff output (no pid column, no interleaving).
loads_only_inside() {
	local zapp=$(realpath "$1")
	perl -pe "s/\\\\([0-7]{3})/chr(oct(\$1))/ge" "$2" |
	grep -v -e ENOENT -e ENOTDIR | grep -E "^(open|openat|execve)\(" |
	sed -n "s/^\(open\|openat\|execve\)(\(AT_FDCWD, \)\{0,1\}\"\([^\"]*\)\".*/\3/p" >opened &&
	grep -E "\.so(\.[0-9.]+)?$|/ld-linux" opened >loaded || true
	: >leaks
	while IFS= read -r p; do
		case $(realpath -m "$p") in "$zapp"/*) ;; *) echo "$p" >>leaks ;; esac
	done <loaded
	test -s loaded || { echo "no library seen opened in $2"; return 1; }
	test ! -s leaks || { echo "opened outside $zapp:"; cat leaks; return 1; }
}

test_expect_success 'the example Zapp loads nothing from the host (library, plugin, helper, C++)' '
	build_example "$TRASH/ex" &&
	mkdir "moved here" && zapp-assemble -q -o "moved here/hello.zapp" ex/stage/usr/local &&
	h="$TRASH/moved here/hello.zapp" &&
	for args in "bin/hello" "bin/hello --plugin" "bin/hello --helper" "bin/hello++"; do
		set -- $args && rm -f trace.hello* &&
		LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu:/lib/x86_64-linux-gnu \
			strace -ff -s 4096 -e trace=open,openat,execve -o trace.hello "$h/$1" ${2:-} >/dev/null &&
		cat trace.hello.* >trace.all &&
		loads_only_inside "$h" trace.all || exit 1
	done
'

test_expect_success 'a Zapp of /usr/bin/curl loads nothing from the host, with LD_LIBRARY_PATH set to it' '
	zapp-assemble -q --glibc-pieces=none -o curl.zapp /usr/bin/curl &&
	echo local >page.txt &&
	LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu:/lib/x86_64-linux-gnu \
		strace -ff -s 4096 -e trace=open,openat,execve -o trace.curl \
		curl.zapp/bin/curl -s "file://$TRASH/page.txt" >got &&
	expect_eq local "$(cat got)" &&
	cat trace.curl.* >trace.all &&
	loads_only_inside curl.zapp trace.all &&
	expect_eq "$(grep -c . loaded)" "$(find curl.zapp/lib -maxdepth 1 -type f | wc -l)" "libraries opened: the loader and each library once"
'

test_done
