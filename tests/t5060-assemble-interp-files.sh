#!/bin/bash
# An interpreter given as a file comes with its run-time files, with no
# option: python3.11 with lib/python3.11, perl with its core modules
# (the directories of its compiled-in @INC that Debian's perl-base,
# perl-modules-5.36 and libperl5.36 fill).  Moved to a path with spaces
# and run in an empty root; on the build host they open no host copy;
# --no-interp-files gives the Zapp of the program alone, which zapp-check
# refuses for Python (it cannot start) and warns of for perl.
. "$(dirname "$0")/lib.sh"
. "$ZAPP_SRC/tests/lib-complete.sh"

PY=/usr/bin/python3
test_lazy_prereq PY311 '[ "$(readlink -f $PY)" = /usr/bin/python3.11 ] && test -f /usr/lib/python3.11/os.py &&
	test -f /usr/lib/python3.11/lib-dynload/_ssl.cpython-311-x86_64-linux-gnu.so'
test_lazy_prereq PERL536 'test -x /usr/bin/perl && test -f /usr/share/perl/5.36/JSON/PP.pm &&
	test -f /usr/lib/x86_64-linux-gnu/perl/5.36/POSIX.pm'

test_expect_success PY311 'python3 alone: its standard library with lib-dynload, not its build files, counted in the summary' '
	zapp-assemble -o py.zapp $PY >out &&
	expect_file_contains out "are the run-time files of python3.11" &&
	sed -n "s/.*; \([0-9]*\) files (\([0-9.]*\) MiB) are the.*/\1 \2/p" out >size &&
	read files mib <size && say "# python3.11: $files files, $mib MiB" &&
	test "$files" -gt 1000 && test "${mib%.*}" -lt 60 &&
	test -f py.zapp/lib/python3.11/os.py && test -f py.zapp/lib/python3.11/json/__init__.py &&
	dynload=py.zapp/lib/python3.11/lib-dynload &&
	expect_eq "RPATH \$ORIGIN/../.." "$(rpath_of $dynload/_ssl.cpython-311-x86_64-linux-gnu.so)" &&
	test -f py.zapp/lib/libssl.so.3 && test -f py.zapp/lib/libsqlite3.so.0 &&
	! ls -d py.zapp/lib/python3.11/config-3.11-* 2>/dev/null && test ! -e py.zapp/lib/python3.11/test &&
	test ! -e py.zapp/lib/python3 && zapp-check py.zapp
'

test_expect_success PY311 'moved to a path with spaces: json, sqlite3, ssl, decimal, from the Zapp'"'"'s prefix' '
	mv py.zapp "py thon.zapp" &&
	"py thon.zapp/bin/python3" -c "import json, sqlite3, ssl, decimal, sys; print(42, sys.prefix, json.__file__)" >actual &&
	expect_eq "42 $PWD/py thon.zapp $PWD/py thon.zapp/lib/python3.11/json/__init__.py" "$(cat actual)"
'

test_expect_success PY311,ROOT 'in an empty root' '
	min_root root && mkdir "root/a b" && cp -a "py thon.zapp" "root/a b/py.zapp" &&
	in_root root "/a b/py.zapp/bin/python3" -c "import json, sqlite3, ssl, decimal; print(42)" >out 2>err ||
		{ cat err; false; } &&
	expect_eq 42 "$(cat out)"
'

test_expect_success PY311,STRACE 'on the build host it opens no host copy of its standard library' '
	"py thon.zapp/bin/python3" -c "import json, sqlite3, ssl, decimal; print(42)" >out && expect_eq 42 "$(cat out)" &&
	expect_no_host_copies "$PWD/py thon.zapp" "py thon.zapp/bin/python3" -c "import json, sqlite3, ssl, decimal"
'

# The copies have new times, so timestamp .pyc files would all be stale:
# compiled again at each start, and written into the Zapp.
test_expect_success PY311,STRACE 'its compiled standard library is used as it is: no source read, nothing written' '
	touch before && sleep 1 &&
	env -u PYTHONDONTWRITEBYTECODE strace -f -qq -e trace=openat -o py.trace \
		"py thon.zapp/bin/python3" -c "import json, decimal; print(42)" >out && expect_eq 42 "$(cat out)" &&
	grep -q "\"$PWD/py thon.zapp/lib/python3.11/json/__pycache__/__init__.cpython-311.pyc\"" py.trace &&
	! grep "lib/python3.11/json/__init__.py\"" py.trace &&
	! grep "O_WRONLY\|O_RDWR" py.trace &&
	find "py thon.zapp" -newer before >new && test_cmp /dev/null new
'

# od -An -tx1 -j4 -N4 FILE: the flags of a .pyc
pyc_flags() { od -An -tx1 -j4 -N4 "$1" | tr -d " "; }
test_expect_success PY311 'an input tree'"'"'s .pyc of its source is written unchecked; a stale one, and all with --no-interp-files, as they are' '
	mkdir -p tree/bin tree/lib/app && cp /bin/true tree/bin/ &&
	echo "X = 42" >tree/lib/app/m.py && echo "Y = 1" >tree/lib/app/old.py &&
	/usr/bin/python3 -m py_compile tree/lib/app/m.py tree/lib/app/old.py &&
	touch -d @1000000000 tree/lib/app/old.py &&
	m=lib/app/__pycache__/m.cpython-311.pyc o=lib/app/__pycache__/old.cpython-311.pyc &&
	expect_eq 00000000 "$(pyc_flags tree/$m)" &&
	zapp-assemble -q -o pyc.zapp tree &&
	expect_eq 01000000 "$(pyc_flags pyc.zapp/$m)" && expect_eq 00000000 "$(pyc_flags pyc.zapp/$o)" &&
	cmp -i 8 tree/$m pyc.zapp/$m && cmp tree/$o pyc.zapp/$o &&
	cmp -n 4 tree/$m pyc.zapp/$m &&
	PYTHONPATH=pyc.zapp/lib/app /usr/bin/python3 -c "import m; print(m.X)" >out && expect_eq 42 "$(cat out)" &&
	zapp-assemble -q --no-interp-files -o pyc0.zapp tree && cmp tree/$m pyc0.zapp/$m
'

test_expect_success PY311 '--include of the same directory, or of more of it: one copy, no conflict' '
	zapp-assemble -q -o inc.zapp $PY --include /usr/lib/python3.11 &&
	zapp-check inc.zapp &&
	test -d inc.zapp/lib/python3.11/config-3.11-x86_64-linux-gnu &&
	inc.zapp/bin/python3 -c "import json, sqlite3; print(42)" >out && expect_eq 42 "$(cat out)" &&
	expect_eq 1 "$(find inc.zapp -name os.py | wc -l)" &&
	# a file of a package of it, named alone: the package still whole
	zapp-assemble -q -o one.zapp $PY --include /usr/lib/python3.11/json/decoder.py &&
	test -f one.zapp/lib/python3.11/json/__init__.py && test -f one.zapp/lib/python3.11/json/__pycache__/encoder.cpython-311.pyc &&
	one.zapp/bin/python3 -c "import json; print(json.dumps([42]))" >out && expect_eq "[42]" "$(cat out)"
'

test_expect_success PY311,PERL536 '--add of an interpreter to a Zapp that holds its files already: kept as the Zapp holds them' '
	zapp-assemble -q -o add.zapp /usr/bin/env --include /usr/lib/python3.11 &&
	zapp-assemble -a -o add.zapp /usr/bin/python3.11 >out &&
	expect_file_lacks out "run-time files" &&
	add.zapp/bin/python3.11 -c "import json, decimal; print(42)" >out && expect_eq 42 "$(cat out)" &&
	zapp-assemble -q -o padd.zapp /usr/bin/perl && zapp-assemble -q -a -o padd.zapp /usr/bin/perl5.36.0 &&
	padd.zapp/bin/perl5.36.0 -MJSON::PP -MStorable -e "print JSON::PP->new->encode([42])" >out &&
	expect_eq "[42]" "$(cat out)" && zapp-check add.zapp && zapp-check padd.zapp
'

test_expect_success PY311 '--no-interp-files: the program alone, as before (no standard library), which zapp-check refuses' '
	zapp-assemble -o bare.zapp --no-interp-files $PY >out &&
	expect_file_lacks out "run-time files" &&
	test ! -e bare.zapp/lib/python3.11 && test -f bare.zapp/dynbin/python3 &&
	test_must_fail_with 1 zapp-check bare.zapp 2>err &&
	expect_file_contains err "zapp-check: bin/python3: the Zapp holds no lib/python3.11/os.py in bin or a directory above it" &&
	if test_have_prereq ROOT; then
		min_root broot && cp -a bare.zapp broot/Z &&
		! in_root broot /Z/bin/python3 -c "print(42)" >out 2>err &&
		expect_file_contains err "No module named '"'"'encodings'"'"'"
	fi
'

test_expect_success PERL536 'perl alone: its core module directories, named by the perl program, and PERL5LIB to them' '
	zapp-assemble -o perl.zapp /usr/bin/perl >out &&
	expect_file_contains out "are the run-time files of perl" &&
	sed -n "s/.*; \([0-9]*\) files (\([0-9.]*\) MiB) are the.*/\1 \2/p" out >size &&
	read files mib <size && say "# perl: $files files, $mib MiB" &&
	test -f perl.zapp/share/perl/5.36/JSON/PP.pm && test -f perl.zapp/lib/x86_64-linux-gnu/perl/5.36/POSIX.pm &&
	test -f perl.zapp/lib/x86_64-linux-gnu/perl-base/strict.pm &&
	test ! -e perl.zapp/lib/x86_64-linux-gnu/perl/5.36/CORE && test ! -e perl.zapp/share/perl5 &&
	test ! -e perl.zapp/etc/perl && test ! -e perl.zapp/share/perl/5.36.0 && test ! -e perl.zapp/lib/x86_64-linux-gnu/perl5 &&
	zapp-check -v perl.zapp >check &&
	expect_file_contains check "bin/perl: sets PERL5LIB=\$ZAPP/lib/x86_64-linux-gnu/perl-base:\$ZAPP/lib/x86_64-linux-gnu/perl/5.36:\$ZAPP/share/perl/5.36"
'

test_expect_success PERL536 'moved to a path with spaces: JSON::PP, POSIX (perl-base), Storable (an XS module of perl/5.36)' '
	mv perl.zapp "pe rl.zapp" &&
	"pe rl.zapp/bin/perl" -MJSON::PP -e "print JSON::PP->new->encode([42])" >out && expect_eq "[42]" "$(cat out)" &&
	"pe rl.zapp/bin/perl" -MPOSIX -e "print floor(4.2), q( ), \$INC{q(POSIX.pm)}" >out &&
	expect_eq "4 $PWD/pe rl.zapp/lib/x86_64-linux-gnu/perl-base/POSIX.pm" "$(cat out)" &&
	"pe rl.zapp/bin/perl" -MStorable=dclone -e "print dclone([42])->[0], q( ), \$INC{q(Storable.pm)}" >out &&
	expect_eq "42 $PWD/pe rl.zapp/lib/x86_64-linux-gnu/perl/5.36/Storable.pm" "$(cat out)"
'

test_expect_success PERL536,ROOT 'in an empty root: JSON::PP and POSIX' '
	rm -rf root && min_root root && mkdir "root/a b" && cp -a "pe rl.zapp" "root/a b/perl.zapp" &&
	in_root root "/a b/perl.zapp/bin/perl" -MJSON::PP -e "print JSON::PP->new->encode([42])" >out 2>err ||
		{ cat err; false; } &&
	expect_eq "[42]" "$(cat out)" &&
	in_root root "/a b/perl.zapp/bin/perl" -MPOSIX -e "print floor(4.2)" >out 2>err || { cat err; false; } &&
	expect_eq 4 "$(cat out)"
'

test_expect_success PERL536,STRACE 'on the build host it opens no host copy of a module it holds' '
	"pe rl.zapp/bin/perl" -MJSON::PP -MPOSIX -e "print JSON::PP->new->encode([42])" >out && expect_eq "[42]" "$(cat out)" &&
	expect_no_host_copies "$PWD/pe rl.zapp" "pe rl.zapp/bin/perl" -MJSON::PP -MPOSIX -e "print JSON::PP->new->encode([42])"
'

test_expect_success PERL536 'with --detect and --include of the same directories: each once' '
	zapp-assemble -q -o det.zapp /usr/bin/perl --detect --include /usr/share/perl/5.36 &&
	zapp-check det.zapp &&
	expect_eq 1 "$(find det.zapp -name PP.pm -path "*JSON*" | wc -l)" &&
	det.zapp/bin/perl -MJSON::PP -MPOSIX -e "print JSON::PP->new->encode([42])" >out && expect_eq "[42]" "$(cat out)"
'

test_expect_success PERL536 '--no-interp-files: perl without its modules (zapp-check warns: it runs what uses none)' '
	zapp-assemble -q -o pbare.zapp --no-interp-files /usr/bin/perl &&
	test ! -e pbare.zapp/share/perl && test ! -e pbare.zapp/lib/x86_64-linux-gnu/perl-base &&
	zapp-check pbare.zapp 2>err && expect_file_contains err "zapp-check: warning: bin/perl: the Zapp holds no strict.pm"
'

# A root of its own: perl and the libraries it links, perl-base's modules
# and a share/perl/5.36 with one module the host does not have; no
# lib/.../perl/5.36.
test_expect_success PERL536 'a --sysroot perl takes the root'"'"'s modules, and a missing directory is a warning naming it' '
	R=$PWD/sys && mkdir -p $R/usr/bin $R/usr/lib/x86_64-linux-gnu $R/lib64 $R/usr/share/perl/5.36.0/Zapp &&
	cp /usr/bin/perl $R/usr/bin/ &&
	for l in libc.so.6 libm.so.6 libcrypt.so.1; do cp -L /lib/x86_64-linux-gnu/$l $R/usr/lib/x86_64-linux-gnu/ || return 1; done &&
	cp -L /lib64/ld-linux-x86-64.so.2 $R/lib64/ &&
	cp -a /usr/lib/x86_64-linux-gnu/perl-base $R/usr/lib/x86_64-linux-gnu/ &&
	ln -s 5.36.0 $R/usr/share/perl/5.36 &&
	echo "package Zapp::Sys; sub hi { q(from the root) } 1;" >$R/usr/share/perl/5.36.0/Zapp/Sys.pm &&
	zapp-assemble --sysroot $R -o sys.zapp $R/usr/bin/perl >out 2>err &&
	expect_file_contains err "zapp-assemble: warning: $R/usr/lib/x86_64-linux-gnu/perl/5.36: not there (No such file or directory): the Zapp'"'"'s perl comes without these core modules" &&
	test -f sys.zapp/share/perl/5.36/Zapp/Sys.pm && test ! -e sys.zapp/share/perl/5.36/JSON &&
	test -f sys.zapp/lib/x86_64-linux-gnu/perl-base/strict.pm && zapp-check sys.zapp &&
	mv sys.zapp "sy s.zapp" &&
	"sy s.zapp/bin/perl" -MZapp::Sys -e "print Zapp::Sys::hi()" >out && expect_eq "from the root" "$(cat out)"
'

test_expect_success PY311 'a python3.11 whose standard library is missing: a warning naming it, the Zapp is made, and zapp-check refuses it' '
	R=$PWD/pysys && mkdir -p $R/usr/bin && cp /usr/bin/python3.11 $R/usr/bin/ &&
	zapp-assemble -o nolib.zapp $R/usr/bin/python3.11 >out 2>err &&
	expect_file_contains err "zapp-assemble: warning: $R/usr/lib/python3.11: not there: the Zapp'"'"'s python3.11 comes without its standard library" &&
	test ! -e nolib.zapp/lib/python3.11 && test_must_fail_with 1 zapp-check nolib.zapp 2>err &&
	expect_file_contains err "zapp-check: bin/python3.11: the Zapp holds no lib/python3.11/os.py" &&
	zapp-assemble -q -o quiet.zapp $R/usr/bin/python3.11 2>err && test_cmp /dev/null err
'

# Where zapp-assemble brings in the interpreters of scripts (issue 13's
# script launchers), they come with their files too: a tree of scripts
# alone, no option, runs in an empty root.
test_lazy_prereq SCRIPT_LAUNCHERS 'mkdir -p t/bin && printf "#!/bin/sh\necho\n" >t/bin/s && chmod +x t/bin/s &&
	zapp-assemble -q -o t.zapp t && test -f t.zapp/dynbin/sh'
test_expect_success PY311,PERL536,SCRIPT_LAUNCHERS 'a tree of python and perl scripts alone: their interpreters brought in come with their files' '
	mkdir -p app/bin &&
	printf "#!/usr/bin/python3\nimport sys, json, sqlite3, ssl, decimal\nprint(json.dumps(sys.argv[1:]))\n" >app/bin/tool.py &&
	printf "#!/usr/bin/env perl\nuse JSON::PP; use POSIX; print JSON::PP->new->encode([@ARGV]), qq(\\n);\n" >app/bin/tool.pl &&
	chmod +x app/bin/tool.py app/bin/tool.pl &&
	zapp-assemble -o scripts.zapp app >out &&
	expect_file_contains out "are the run-time files of perl and python3.11" &&
	test -f scripts.zapp/lib/python3.11/os.py && test -f scripts.zapp/share/perl/5.36/JSON/PP.pm &&
	zapp-check scripts.zapp &&
	if test_have_prereq ROOT; then
		rm -rf root && min_root root && mkdir "root/a b" && cp -a scripts.zapp "root/a b/s.zapp" &&
		in_root root "/a b/s.zapp/bin/tool.py" a "b c" "" >out 2>err || { cat err; false; } &&
		expect_eq "[\"a\", \"b c\", \"\"]" "$(cat out)" &&
		in_root root "/a b/s.zapp/bin/tool.pl" a "b c" >out 2>err || { cat err; false; } &&
		expect_eq "[\"a\",\"b c\"]" "$(cat out)"
	fi
'

test_done
