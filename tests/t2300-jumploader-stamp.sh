#!/bin/sh
# Where the jumploader looks: the stamp record (written by zapp-assemble,
# here by tests/jumploader/stamp.c) names the program and the library
# directory relative to bin/; the loader is the basename of PT_INTERP in
# that directory.

. "$(dirname "$0")/lib.sh"
. "$ZAPP_SRC/tests/jumploader/lib-jumploader.sh"

REAL=$(pwd -P)

test_expect_success 'setup' '
	jl_build_helper stamp &&
	jl_make_zapp Z showme gcc -O2 "$JL_SRC/showme.c" $JL_RPATH
'

test_expect_success 'a stamped layout: programs/ and libraries/' '
	mkdir -p S/bin S/programs &&
	gcc -O2 -o S/programs/real-showme "$JL_SRC/showme.c" \
		-Wl,--disable-new-dtags,-rpath,"\$ORIGIN/../libraries" &&
	cp -a Z/lib S/libraries &&
	cp "$JL" S/bin/showme &&
	./stamp S/bin/showme ../programs/real-showme ../libraries &&
	printf "ZAPP-STAMP-4\n../programs/real-showme\n../libraries\n" >want &&
	./stamp --show S/bin/showme >got && cmp want got &&
	S/bin/showme --maps >out &&
	expect_eq "$REAL/S/bin/showme" "$(jl_field out exe)" exe &&
	expect_eq ok "$(jl_field out auxv)" "aux vector" &&
	grep -q " $REAL/S/programs/real-showme\$" out &&
	grep -q " $REAL/S/libraries/ld-linux-x86-64.so.2\$" out &&
	grep -q " $REAL/S/libraries/libc.so.6\$" out
'

test_expect_success 'the stamped program path is the one reported missing' '
	cp -a S S2 && rm S2/programs/real-showme &&
	refused 127 "zapp: showme: cannot open program '"'"'$REAL/S2/programs/real-showme'"'"': No such file or directory" \
		S2/bin/showme
'

test_expect_success 'only the library directory stamped: the program is ../dynbin/NAME' '
	cp -a Z L && mv L/lib L/libs && ./stamp L/bin/showme "" ../libs &&
	L/bin/showme --maps >out &&
	grep -q " $REAL/L/dynbin/showme\$" out &&
	grep -q " $REAL/L/libs/ld-linux-x86-64.so.2\$" out
'

test_expect_success 'leading ./ and ../ are resolved against bin/, the rest kept' '
	cp -a Z D && ./stamp D/bin/showme ./../nowhere/./showme ./.././lib/ &&
	refused 127 "zapp: showme: cannot open program '"'"'$REAL/D/nowhere/./showme'"'"': No such file or directory" \
		D/bin/showme &&
	./stamp D/bin/showme ../../../../../../../../../../../../../../../../../../.. "" &&
	refused 126 "zapp: showme: cannot run program '"'"'/'"'"': Is a directory" \
		D/bin/showme
'

test_expect_success 'an absolute stamped path is used as it is' '
	cp -a Z A && ./stamp A/bin/showme "$REAL/Z/dynbin/showme" "$REAL/Z/lib" &&
	rm -r A/dynbin A/lib &&
	A/bin/showme --maps >out &&
	expect_eq "$REAL/A/bin/showme" "$(jl_field out exe)" exe &&
	grep -q " $REAL/Z/dynbin/showme\$" out
'

test_expect_success 'a stamp record with a bad magic: 126' '
	cp -a Z M && ./stamp --bad-magic M/bin/showme &&
	refused 126 "zapp: showme: corrupt stamp record (bad magic)" M/bin/showme
'

test_expect_success 'a stamp record with an unterminated path: 126' '
	cp -a Z U && ./stamp --unterminated U/bin/showme &&
	refused 126 "zapp: showme: corrupt stamp record (target path not NUL-terminated)" U/bin/showme
'

test_expect_success 'the loader is looked up by the basename of PT_INTERP' '
	mkdir -p I/bin I/dynbin &&
	gcc -O2 -o I/dynbin/showme "$JL_SRC/showme.c" $JL_RPATH \
		-Wl,--dynamic-linker=/opt/nowhere/ld-zapp-test.so.7 &&
	expect_eq /opt/nowhere/ld-zapp-test.so.7 "$(jl_interp I/dynbin/showme)" PT_INTERP &&
	cp "$JL" I/bin/showme && cp -a Z/lib I/lib &&
	refused 127 "zapp: showme: cannot open loader '"'"'$REAL/I/lib/ld-zapp-test.so.7'"'"': No such file or directory" \
		I/bin/showme &&
	cp Z/lib/ld-linux-x86-64.so.2 I/lib/ld-zapp-test.so.7 &&
	I/bin/showme --maps >out &&
	expect_eq ok "$(jl_field out auxv)" "aux vector" &&
	grep -q " $REAL/I/lib/ld-zapp-test.so.7\$" out
'

test_done
