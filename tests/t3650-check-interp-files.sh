#!/bin/bash
# True verdicts for interpreters: a Zapp whose Python will not find its
# standard library where it looks (getpath: lib/python3.11/os.py from its
# launcher's directory up, lib/python3.11/lib-dynload, PYTHONHOME, a
# pyvenv.cfg's home) is refused by zapp-check, naming the launcher, the
# program and what is missing, and it really fails in an empty root; a
# Zapp that holds them passes and runs there.  A Python is known by what
# it is, not by its name: dynbin/python3 is Debian's python3.11 by its
# Py_Version, a program that calls Py_BytesMain from libpython3.11.so.1.0
# (the shape of a --enable-shared build) by that library.  perl without
# its core modules starts and runs what uses none: a warning, exit 0.
. "$(dirname "$0")/lib.sh"
. "$ZAPP_SRC/tests/lib-complete.sh"

PY=/usr/bin/python3
LIBPY=/usr/lib/x86_64-linux-gnu/libpython3.11.so.1.0
test_lazy_prereq PY311 '[ "$(readlink -f $PY)" = /usr/bin/python3.11 ] && test -f /usr/lib/python3.11/os.py &&
	test -d /usr/lib/python3.11/lib-dynload'
test_lazy_prereq LIBPY311 'test -f $LIBPY && test -f /usr/lib/python3.11/os.py'
test_lazy_prereq PERL536 'test -x /usr/bin/perl && test -f /usr/lib/x86_64-linux-gnu/perl-base/strict.pm'

# refused ZAPP MESSAGE: zapp-check exits 1, says MESSAGE, and no "ok"
refused() {
	test_must_fail_with 1 zapp-check "$1" >out 2>err || { cat out err; return 1; }
	expect_file_contains err "$2" && expect_file_lacks out "ok"
}

# fails_in_root ZAPP MESSAGE ARGS...: bin/python3 ARGS fails in an empty
# root holding only ZAPP, saying MESSAGE (skipped without ROOT)
fails_in_root() {
	local z=$1 m=$2; shift 2
	test_have_prereq ROOT || return 0
	rm -rf root && min_root root && cp -a "$z" root/Z &&
	! in_root root /Z/bin/python3 "$@" >rout 2>rerr && expect_file_contains rerr "$m"
}

# runs_in_root ZAPP PROG: ZAPP/bin/PROG prints 42 in an empty root
runs_in_root() {
	test_have_prereq ROOT || return 0
	rm -rf root && min_root root && cp -a "$1" root/Z &&
	in_root root /Z/bin/$2 -c "import json, ssl; print(42)" >rout 2>rerr || { cat rerr; return 1; }
	expect_eq 42 "$(cat rout)"
}

NOLIB="zapp-check: bin/python3: the Zapp holds no lib/python3.11/os.py in bin or a directory above it, by which its program (dynbin/python3, python3.11) finds its standard library: Python cannot start"

test_expect_success PY311 'python3 with --no-interp-files: refused, named by what it is (dynbin/python3 is python3.11), and it cannot start' '
	zapp-assemble -q --no-interp-files -o bare.zapp $PY &&
	test ! -e bare.zapp/dynbin/python3.11 && test ! -e bare.zapp/lib/python3.11 &&
	refused bare.zapp "$NOLIB" &&
	expect_file_contains err "(assembled with --no-interp-files? assemble it again without, or --include them)" &&
	expect_file_contains err "zapp-check: bare.zapp: 1 problem" &&
	fails_in_root bare.zapp "init_fs_encoding" -c "print(42)"
'

test_expect_success PY311 'python3 with its standard library: ok, and it runs in an empty root' '
	zapp-assemble -q -o py.zapp $PY && zapp-check py.zapp >out &&
	expect_file_contains out "py.zapp: ok:" &&
	runs_in_root py.zapp python3
'

test_expect_success PY311 'lib/python3.11/os.py removed after assembly: refused, and it cannot start (the .pyc in __pycache__ is no landmark)' '
	cp -a py.zapp noos.zapp && rm noos.zapp/lib/python3.11/os.py &&
	test -f noos.zapp/lib/python3.11/__pycache__/os.cpython-311.pyc &&
	refused noos.zapp "$NOLIB" &&
	fails_in_root noos.zapp "Could not find platform independent libraries" -c "print(42)"
'

test_expect_success PY311 'a sourceless lib/python3.11/os.pyc is a landmark too: ok, and it runs' '
	cp -a py.zapp pyc.zapp && mv pyc.zapp/lib/python3.11/__pycache__/os.cpython-311.pyc pyc.zapp/lib/python3.11/os.pyc &&
	rm pyc.zapp/lib/python3.11/os.py && zapp-check -q pyc.zapp && runs_in_root pyc.zapp python3
'

# (the map of host paths, lib/zapp/hostpaths, names files under the
# link, which that check does not follow: problems of their own)
test_expect_success PY311 'lib/python3.11 a link to a directory of the Zapp: Python follows it, so does the look for its landmarks' '
	cp -a py.zapp link.zapp && mv link.zapp/lib/python3.11 link.zapp/lib/py311 && ln -s py311 link.zapp/lib/python3.11 &&
	{ zapp-check link.zapp 2>err; true; } && expect_file_lacks err "bin/python3:" &&
	runs_in_root link.zapp python3
'

test_expect_success PY311 'lib-dynload removed: refused, and each start says so and _ssl is missing' '
	cp -a py.zapp nodyn.zapp && rm -r nodyn.zapp/lib/python3.11/lib-dynload &&
	refused nodyn.zapp "zapp-check: bin/python3: the Zapp holds no lib/python3.11/lib-dynload in bin or a directory above it, where its program (dynbin/python3, python3.11) finds the extension modules of its standard library" &&
	fails_in_root nodyn.zapp "Could not find platform dependent libraries" -c "import ssl" &&
	if test_have_prereq ROOT; then expect_file_contains rerr "No module named '"'"'_ssl'"'"'"; fi
'

test_expect_success PY311 'a PYTHONHOME the launcher sets is where it looks: one without the standard library is refused' '
	zapp-assemble -q -o home.zapp $PY --env "PYTHONHOME=\$ZAPP/bin" &&
	refused home.zapp "zapp-check: bin/python3: sets PYTHONHOME=\$ZAPP/bin, but the Zapp holds no lib/python3.11/os.py under bin, which its program (dynbin/python3, python3.11) needs: Python cannot start" &&
	fails_in_root home.zapp "init_fs_encoding" -c "print(42)" &&
	zapp-assemble -q -o home2.zapp $PY --env "PYTHONHOME=\$ZAPP" && zapp-check -q home2.zapp &&
	runs_in_root home2.zapp python3
'

test_expect_success PY311 'a pyvenv.cfg above the launcher whose home is the host'"'"'s: refused, and it cannot start' '
	cp -a py.zapp venv.zapp && echo "home = /usr/bin" >venv.zapp/pyvenv.cfg &&
	refused venv.zapp "zapp-check: bin/python3: pyvenv.cfg says home = /usr/bin: its program (dynbin/python3, python3.11) looks for its standard library from there, not from the Zapp" &&
	fails_in_root venv.zapp "init_fs_encoding" -c "print(42)"
'

# The shape of a Python built with --enable-shared (tests/real's
# python3.11): Programs/python.c, main calling Py_BytesMain, linked
# against libpython3.11.so.1.0; named py, which is no name of the table.
test_expect_success LIBPY311 'a program of libpython3.11.so.1.0 that is Python'"'"'s main: refused alone, ok and running with the standard library' '
	printf "int Py_BytesMain(int, char **);\nint main(int c, char **v) { return Py_BytesMain(c, v); }\n" >py.c &&
	mkdir -p st/bin && gcc -o st/bin/py py.c $LIBPY &&
	zapp-assemble -q -o shared.zapp st && test -f shared.zapp/lib/libpython3.11.so.1.0 &&
	refused shared.zapp "zapp-check: bin/py: the Zapp holds no lib/python3.11/os.py in bin or a directory above it, by which its program (dynbin/py, python3.11) finds its standard library: Python cannot start" &&
	if test_have_prereq ROOT; then
		rm -rf root && min_root root && cp -a shared.zapp root/Z &&
		! in_root root /Z/bin/py -c "print(42)" 2>rerr && expect_file_contains rerr "init_fs_encoding"
	fi &&
	# the prefix of a tree is the tree: /usr/lib/python3.11 by the rule is
	# usr/lib/python3.11 there, where Python does not look
	zapp-assemble -q -o shared1.zapp st --include /usr/lib/python3.11 && test -d shared1.zapp/usr/lib/python3.11 &&
	refused shared1.zapp "zapp-check: bin/py: the Zapp holds no lib/python3.11/os.py" &&
	zapp-assemble -q -o shared2.zapp st --include /usr/lib/python3.11=lib/python3.11 && zapp-check -q shared2.zapp &&
	runs_in_root shared2.zapp py
'

test_expect_success LIBPY311 'a program that embeds Python (no Py_BytesMain) is not judged as one' '
	printf "void Py_Initialize(void);\nint main(int c, char **v) { (void)v; if (c > 5) Py_Initialize(); return 0; }\n" >emb.c &&
	mkdir -p est/bin && gcc -o est/bin/emb emb.c $LIBPY &&
	zapp-assemble -q -o emb.zapp est && zapp-check emb.zapp >out && expect_file_contains out "emb.zapp: ok:"
'

test_expect_success PERL536 'perl without its core modules: a warning, exit 0; it runs what uses none, not use strict' '
	zapp-assemble -q --no-interp-files -o pbare.zapp /usr/bin/perl &&
	zapp-check pbare.zapp >out 2>err &&
	expect_file_contains out "pbare.zapp: ok:" &&
	expect_file_contains err "zapp-check: warning: bin/perl: the Zapp holds no strict.pm in a directory this launcher names (PERL5LIB), where its program (dynbin/perl, perl) finds its core modules: it runs only what uses none" &&
	if test_have_prereq ROOT; then
		rm -rf root && min_root root && cp -a pbare.zapp root/P &&
		in_root root /P/bin/perl -e "print 42" >rout && expect_eq 42 "$(cat rout)" &&
		! in_root root /P/bin/perl -e "use strict; print 42" 2>rerr && expect_file_contains rerr "strict.pm"
	fi &&
	zapp-assemble -q -o perl.zapp /usr/bin/perl && zapp-check perl.zapp >out 2>err && test_cmp /dev/null err
'

test_done
