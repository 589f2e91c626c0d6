#!/bin/sh
# Grown files and the tools users run on them: patchelf --set-rpath on a
# zapp-grown program (the dynbin/ file of a Zapp) or library must give a
# file that still runs natively, and through the Zapp, also moved and in
# an empty root; eu-elflint accepts grown files.  (GNU strip and objcopy
# rearrange the new segment their own way: docs/elf-editing.md says how.)

. "$(dirname "$0")/lib.sh"

SET=$ZAPP_BUILD/tests/tools/set-rpath
if ! command -v patchelf >/dev/null || ! command -v eu-elflint >/dev/null; then
	skip_all="patchelf or eu-elflint is not installed"
	test_done
fi
if ! [ -x "$SET" ]; then
	skip_all="set-rpath is not built (tests/tools/build.mk)"
	test_done
fi

# A search path longer than any string of these files: patchelf must grow
# the file too (it moves the program headers back to the file's start).
LONG=/nonexistent/$(printf '%0300d' 0)

elflint_ok() { eu-elflint --gnu-ld --quiet "$1" >/dev/null 2>&1; }

# loads FILE: how many PT_LOAD the file has.
loads() { readelf -lW "$1" | grep -c '^ *LOAD'; }

test_expect_success 'setup: a program and its library, assembled into a Zapp' '
	echo "int xval(void){return 42;}" >l.c &&
	cc -shared -fPIC -o libx.so l.c &&
	printf "#include <stdio.h>\nint xval(void);\nint main(void){printf(\"%%d\\\\n\",xval());}\n" >x.c &&
	mkdir -p st/bin st/lib &&
	cc -o st/bin/x x.c -L. -lx &&
	cp libx.so st/lib/ &&
	zapp-assemble -q -o good st &&
	expect_eq 42 "$(good/bin/x)" &&
	test $(loads good/dynbin/x) -gt $(loads st/bin/x)
'

test_expect_success 'patchelf --set-rpath (growing) on the original works: the reference' '
	cp st/bin/x ref &&
	patchelf --set-rpath "$PWD/st/lib:$LONG" ref &&
	expect_eq 42 "$(./ref)"
'

test_expect_success 'patchelf --set-rpath on a grown dynbin file: runs natively' '
	cp good/dynbin/x p1 &&
	patchelf --set-rpath "$PWD/good/lib:$LONG" p1 &&
	expect_eq 42 "$(./p1)"
'

test_expect_success 'patchelf --set-rpath inside the Zapp: runs through bin/, moved, in an empty root' '
	cp -R good patched &&
	patchelf --set-rpath "\$ORIGIN/../lib:$LONG" patched/dynbin/x &&
	expect_eq 42 "$(patched/bin/x)" &&
	expect_eq 42 "$(patched/dynbin/x)" &&
	mkdir -p root/deep/er &&
	mv patched root/deep/er/moved.zapp &&
	expect_eq 42 "$(root/deep/er/moved.zapp/bin/x)" &&
	expect_eq 42 "$(run_in_empty_root "$PWD/root" /deep/er/moved.zapp/bin/x)"
'

test_expect_success 'patchelf --set-rpath twice, after a second growth' '
	cp good/dynbin/x p2 &&
	"$SET" p2 "$PWD/good/lib:/nonexistent/$(printf "%0400d" 0)" &&
	expect_eq 42 "$(./p2)" &&
	patchelf --set-rpath "$PWD/good/lib:$LONG" p2 &&
	expect_eq 42 "$(./p2)" &&
	patchelf --set-rpath "$PWD/good/lib:$LONG:$LONG" p2 &&
	expect_eq 42 "$(./p2)"
'

test_expect_success 'eu-elflint accepts the grown files' '
	mkdir -p glib &&
	cp libx.so glib/libx.so &&
	"$SET" glib/libx.so "$LONG" &&
	cc -no-pie -o np x.c -L. -lx &&
	cp np np.grown &&
	"$SET" np.grown "$PWD/st/lib:$LONG" &&
	for f in good/dynbin/x glib/libx.so np.grown; do
		elflint_ok "$f" || { eu-elflint --gnu-ld "$f"; fail "$f: eu-elflint"; exit 1; }
	done
'

test_expect_success 'a grown library, then patchelf --set-rpath on it: still loads' '
	patchelf --set-rpath "$LONG:$LONG" glib/libx.so &&
	cc -o y x.c -L. -lx -Wl,-rpath,"$PWD/glib" &&
	expect_eq 42 "$(./y)"
'

# patchelf 0.14 asserts on an ET_EXEC file whose last section (by offset)
# is one it replaces: .dynstr, after growth (docs/elf-editing.md).  It
# writes nothing then; the file must still run.
test_expect_success 'a grown non-PIE program: patchelf works or refuses, the file runs' '
	expect_eq 42 "$(./np.grown)" &&
	cp np.grown np.before &&
	if patchelf --set-rpath "$PWD/st/lib:$LONG:$LONG" np.grown 2>err; then
		:
	else
		grep -q "lastReplaced" err && cmp np.before np.grown
	fi &&
	expect_eq 42 "$(./np.grown)"
'

test_done
