#!/bin/sh
# --installer FILE: a POSIX sh script that carries the Zapp (its archive,
# base64, in a here-document) and installs it into
# ${PREFIX:-$HOME/.local/opt}/NAME: the archive's SHA-256 checked before
# anything is installed, extracted beside the target and renamed into
# place.  Read from a pipe (`... | ssh HOST sh -s`) by dash, and by
# busybox sh with busybox's tar in a root that holds only musl and a
# static busybox; run as a file; --list, --force (a Zapp only), a damaged
# archive, the defaults.

. "$(dirname "$0")/lib.sh"
. "$ZAPP_SRC/tests/empty-root.sh"

test_lazy_prereq DASH 'command -v dash'
test_lazy_prereq BUSYBOX 'test -x /bin/busybox && /bin/busybox tar --help 2>&1 | grep -q -- -z'

test_expect_success 'setup: the example, staged' '
	build_example "$TRASH/build" && cp -a build/stage/usr/local tree &&
	zapp-assemble -q -o ex tree && ex/bin/hello >expect
'

test_expect_success DASH 'read from a pipe by dash: installed under --prefix, says how to put bin/ on PATH' '
	zapp-assemble -q --installer - -o x tree | dash -s -- --prefix "$TRASH/pre fix" >out &&
	"pre fix/x/bin/hello" >got && test_cmp expect got &&
	grep -qx "x: installed in $TRASH/pre fix/x" out &&
	grep -qF "export PATH=\"$TRASH/pre fix/x/bin:\$PATH\"" out &&
	zapp-check -q "pre fix/x" && test -d x &&
	test -z "$(ls -A "pre fix" | grep -v "^x$")"
'

test_expect_success 'alone, only the script is written, executable, named after the Zapp' '
	mkdir one && (cd one && zapp-assemble -q --installer ex.sh ../tree) &&
	ls -A one >list && printf "ex.sh\n" >want && test_cmp want list &&
	test -x one/ex.sh && head -n 1 one/ex.sh | grep -qx "#!/bin/sh"
'

test_expect_success 'run as a file, with $PREFIX; then $HOME/.local/opt' '
	PREFIX="$TRASH/p1" sh one/ex.sh >out && "p1/ex/bin/hello" >got && test_cmp expect got &&
	HOME="$TRASH/home" sh one/ex.sh >out && home/.local/opt/ex/bin/hello >got && test_cmp expect got
'

test_expect_success '--list prints the files and installs nothing' '
	sh one/ex.sh --prefix "$TRASH/p2" --list >out &&
	grep -qx "ex/bin/hello" out && test ! -e p2/ex && test -z "$(ls -A p2)"
'

test_expect_success 'an installed Zapp is replaced only with --force; a directory that is no Zapp never' '
	test_must_fail_with 1 sh one/ex.sh --prefix "$TRASH/p1" 2>err &&
	grep -q "p1/ex exists: --force replaces it when it is a Zapp" err &&
	printf "old\n" >p1/ex/marker-of-the-old-one &&
	sh one/ex.sh --prefix "$TRASH/p1" --force >out &&
	test ! -e p1/ex/marker-of-the-old-one && p1/ex/bin/hello >got && test_cmp expect got &&
	mkdir -p p3/ex && printf "mine\n" >p3/ex/data &&
	test_must_fail_with 1 sh one/ex.sh --prefix "$TRASH/p3" --force 2>err &&
	grep -q "is not a Zapp (no .zapp): not replaced" err && test "$(cat p3/ex/data)" = mine &&
	test -z "$(ls -A p1 p3 | grep zapp-install)"
'

test_expect_success 'a damaged archive is refused before anything is installed, and nothing is left' '
	awk "in_archive && ++n == 40 { \$0 = (substr(\$0, 1, 1) == \"A\" ? \"B\" : \"A\") substr(\$0, 2) }
		/^zapp_install / { in_archive = 1 } { print }" one/ex.sh >bad.sh &&
	! cmp -s one/ex.sh bad.sh &&
	test_must_fail_with 1 sh bad.sh --prefix "$TRASH/p4" 2>err &&
	grep -q "the archive is\( damaged\|\)" err && test ! -e p4/ex && test -z "$(ls -A p4 2>/dev/null)"
'

test_expect_success 'interrupted while it extracts: no partial directory, nothing left' '
	mkdir -p slow &&
	printf "#!/bin/sh\nkill -TERM \$PPID\nexec /bin/tar \"\$@\"\n" >slow/tar && chmod +x slow/tar &&
	test_must_fail_with 1 env PATH="$TRASH/slow:$PATH" sh one/ex.sh --prefix "$TRASH/p5" &&
	test ! -e p5/ex && test -z "$(ls -A p5)"
'

test_expect_success 'a prefix it cannot write in: a clear error' '
	test_must_fail_with 1 sh one/ex.sh --prefix /proc/zapp-no-such-dir 2>err &&
	grep -q "zapp-install: ex: cannot create /proc/zapp-no-such-dir" err
'

test_expect_success 'an unknown option is refused' '
	test_must_fail_with 1 sh one/ex.sh --bogus 2>err && grep -q "unknown option" err
'

test_expect_success ROOT,BUSYBOX 'busybox sh reads it from a pipe, with busybox tar, in a root of musl and busybox alone' '
	mkdir -p mroot/bin mroot/lib mroot/tmp &&
	cp /bin/busybox mroot/bin/ &&
	for t in sh tar base64 sha256sum mkdir mv rm mktemp sed pwd; do ln -s busybox mroot/bin/$t; done &&
	cp /lib/x86_64-linux-musl/libc.so mroot/lib/ld-musl-x86_64.so.1 &&
	zapp-assemble -q --installer - -o y tree | run_in_empty_root mroot /bin/sh -s -- --prefix /opt >out &&
	grep -qx "y: installed in /opt/y" out &&
	run_in_empty_root mroot /opt/y/bin/hello >got && test_cmp expect got
'

test_done
