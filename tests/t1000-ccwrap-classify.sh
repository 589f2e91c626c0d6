#!/bin/bash
# zapp-cc classifies invocations like ccache does: compile-only steps reach
# the real compiler byte for byte, link steps get the rpath flag once.
. "$(dirname "$0")/lib.sh"

FLAG='-Wl,--disable-new-dtags,-rpath,XORIGIN/../lib'

# A recorder standing in for the compiler: logs its argv, one per line,
# with a line "--" after each invocation.
cat >record <<'EOS'
#!/bin/sh
for a in "$@"; do printf '%s\n' "$a"; done >>"$RECORD_LOG"
echo -- >>"$RECORD_LOG"
exit 0
EOS
chmod +x record
export RECORD_LOG=$TRASH/log ZAPP_CC="$TRASH/record" ZAPP_CXX="$TRASH/record" ZAPP_LD="$TRASH/record"

# passes_through ARGS...: the recorder got exactly ARGS.
passes_through() {
	: >"$RECORD_LOG"
	zapp-cc "$@" || return 1
	printf '%s\n' "$@" -- >want
	cmp want "$RECORD_LOG" || { diff want "$RECORD_LOG"; return 1; }
}
# injects ARGS...: the recorder got ARGS plus the flag, once, at the end.
injects() {
	: >"$RECORD_LOG"
	zapp-cc "$@" || return 1
	printf '%s\n' "$@" "$FLAG" -- >want
	cmp want "$RECORD_LOG" || { diff want "$RECORD_LOG"; return 1; }
	expect_eq 1 "$(grep -c -x -F -- "$FLAG" "$RECORD_LOG")" "count of injected flags"
}

test_expect_success 'compile-only invocations pass through byte for byte' '
	passes_through -c -O2 -o x.o x.c &&
	passes_through -S x.c &&
	passes_through -E -DX=1 x.c &&
	passes_through -M x.c &&
	passes_through -MM -MF dep.d x.c &&
	passes_through -fsyntax-only x.c &&
	passes_through -c -MD -MF x.d "-DMSG=\"two words\"" x.c
'

test_expect_success 'queries pass through: --version, -v alone, -dump*, -print-*, -###' '
	passes_through --version &&
	passes_through -v &&
	passes_through -dumpversion &&
	passes_through -dumpmachine &&
	passes_through -print-file-name=libc.so &&
	passes_through -print-prog-name=ld &&
	passes_through -print-search-dirs &&
	passes_through -### x.c -o x &&
	passes_through --help
'

test_expect_success 'no input files, or only headers: nothing is linked' '
	passes_through &&
	passes_through -O2 &&
	passes_through x.h &&
	passes_through -x c-header x.inc -o x.gch
'

test_expect_success 'a link step gets the rpath flag exactly once' '
	injects x.c -o x &&
	injects x.o y.o -o prog -lm &&
	injects -shared -fPIC -o libx.so x.c &&
	injects -v x.o -o x &&
	injects x.o
'

test_expect_success 'option values are not mistaken for options: -o -c is a link' '
	injects x.o -o -c &&
	injects -x c x.c -MF -c -o y
'

test_expect_success 'the flag is not added twice when the user already has it' '
	: >"$RECORD_LOG" &&
	zapp-cc x.o -o x "$FLAG" &&
	expect_eq 1 "$(grep -c -x -F -- "$FLAG" "$RECORD_LOG")" "count"
'

test_expect_success '-static and partial links (-r) get no rpath' '
	passes_through -static x.o -o x &&
	passes_through -static-pie x.o -o x &&
	passes_through -r a.o b.o -o ab.o &&
	passes_through -Wl,-r a.o b.o -o ab.o &&
	passes_through -nostdlib -Wl,--relocatable a.o -o ab.o &&
	passes_through -Xlinker -r a.o -o ab.o
'

test_expect_success 'arguments inside a response file count' '
	printf "%s\n" "-c" "x.c" >compile.rsp &&
	passes_through @compile.rsp -o x.o &&
	printf "%s\n" "\"-Wl,-r\"" "a.o" >partial.rsp &&
	passes_through @partial.rsp -o ab.o &&
	printf "%s\n" "@compile.rsp" >nested.rsp &&
	passes_through @nested.rsp &&
	printf "%s\n" "x.o" "-o" "prog" >link.rsp &&
	injects @link.rsp
'

test_expect_success 'a missing response file is an ordinary argument, as for gcc' '
	injects @nonexistent.rsp -o x
'

test_expect_success 'zapp-c++ uses ZAPP_CXX and zapp-ld uses ZAPP_LD with ld syntax' '
	: >"$RECORD_LOG" &&
	zapp-c++ x.cc -o x &&
	printf "%s\n" x.cc -o x "$FLAG" -- >want && cmp want "$RECORD_LOG" &&
	: >"$RECORD_LOG" &&
	zapp-ld -o x crt1.o x.o -lc &&
	printf "%s\n" -o x crt1.o x.o -lc --disable-new-dtags -rpath XORIGIN/../lib -- >want &&
	cmp want "$RECORD_LOG" &&
	: >"$RECORD_LOG" &&
	zapp-ld -r a.o b.o -o ab.o &&
	printf "%s\n" -r a.o b.o -o ab.o -- >want && cmp want "$RECORD_LOG" &&
	: >"$RECORD_LOG" &&
	zapp-ld --version &&
	printf "%s\n" --version -- >want && cmp want "$RECORD_LOG"
'

test_expect_success 'ZAPP_CC may hold several words, split without a shell' '
	cat >prefix <<-\EOS &&
	#!/bin/sh
	echo "prefix-run $1" >>"$RECORD_LOG"
	exec "$@"
	EOS
	chmod +x prefix &&
	: >"$RECORD_LOG" &&
	ZAPP_CC="$TRASH/prefix   $TRASH/record" zapp-cc -c "a b.c" &&
	printf "%s\n" "prefix-run $TRASH/record" -c "a b.c" -- >want &&
	cmp want "$RECORD_LOG"
'

test_expect_success 'ZAPP_DISABLE=1 passes a link through untouched' '
	: >"$RECORD_LOG" &&
	ZAPP_DISABLE=1 zapp-cc x.o -o x &&
	printf "%s\n" x.o -o x -- >want && cmp want "$RECORD_LOG"
'

test_expect_success 'a ZAPP_CC that names the wrapper itself is refused' '
	test_must_fail_with 2 env ZAPP_CC=zapp-cc zapp-cc -c x.c 2>err &&
	expect_file_contains err "zapp-cc: ZAPP_CC: '\''zapp-cc'\'' names zapp-cc itself"
'

test_expect_success 'a real tool that cannot be found: exit 127 and a clear message' '
	test_must_fail_with 127 env ZAPP_CC=/nonexistent/cc zapp-cc -c x.c 2>err &&
	expect_file_contains err "zapp-cc: /nonexistent/cc: cannot run the real tool: No such file or directory" &&
	test_must_fail_with 127 env ZAPP_CC=/nonexistent/cc zapp-cc x.c -o x 2>err &&
	expect_file_contains err "cannot run the real tool"
'

test_expect_success '--zapp-version and --zapp-explain speak for the wrapper' '
	zapp-cc --zapp-version >out &&
	grep -E "^zapp-cc \(zapp\) [0-9]+\.[0-9]+\.[0-9]+$" out &&
	zapp-cc --zapp-explain -c x.c >out &&
	expect_file_contains out "does not link; output x.o" &&
	zapp-cc --zapp-explain -static x.o -o x >out &&
	expect_file_contains out "a static link: links; output x"
'

# explains WANT ARGS...: --zapp-explain ARGS prints exactly WANT.
explains() {
	local want=$1; shift
	expect_eq "$want" "$(zapp-cc --zapp-explain "$@")" "zapp-cc --zapp-explain $*"
}

test_expect_success '--zapp-explain names the files the compiler writes, as gcc names them' '
	explains "-c: compiling only: does not link; output st.o" -c st.c &&
	explains "-c: compiling only: does not link; output x.o" -c src/x.c &&
	explains "-c: compiling only: does not link; outputs a.o b.o" -c a.c sub/b.cc &&
	explains "-c: compiling only: does not link; output lib/x.o" -c x.c -o lib/x.o &&
	explains "-c: compiling only: does not link; output y.o" -c x.o -x c y &&
	explains "-c: compiling only: does not link; output s.o" -c s.S &&
	explains "-c: compiling only: does not link; output h.h.gch" -c h.h &&
	explains "-c: compiling only: does not link; no output file" -c x.o &&
	explains "-S: compiling to assembly only: does not link; output x.s" -S -c src/x.c &&
	explains "-S: compiling to assembly only: does not link; output on standard output" -S -o - x.c &&
	explains "-E: preprocessing only: does not link; output on standard output" -E -c x.c &&
	explains "-E: preprocessing only: does not link; output x.i" -E x.c -o x.i &&
	explains "-M/-MM without -MD/-MMD: does not link; output on standard output" -M x.c &&
	explains "-M/-MM without -MD/-MMD: does not link; output x.d" -MM -MF x.d x.c &&
	explains "only headers: a precompiled header: does not link; output inc/all.h.gch" inc/all.h &&
	explains "-fsyntax-only: checking only: does not link; no output file" -fsyntax-only x.c &&
	explains "a query (--version, -dump*, -print-*, --help): does not link; output on standard output" --version &&
	explains "a link: links, gets the rpath; output a.out" x.c &&
	explains "a link: links, gets the rpath; output prog" x.o -o prog &&
	explains "a link: links, gets the rpath; output libx.so" -shared -o libx.so x.o &&
	expect_eq "a link: links, gets the rpath; output a.out" "$(zapp-ld --zapp-explain x.o -lc)" &&
	expect_eq "a partial link (-r): links; output ab.o" "$(zapp-ld --zapp-explain -r a.o b.o --output=ab.o)"
'

test_expect_success 'the outputs --zapp-explain names are the ones gcc writes' '
	mkdir -p gcc src && printf "int f(void) { return 1; }\n" >src/x.c &&
	cp src/x.c y.c && printf "int g(void);\n" >src/h.h &&
	for args in "-c ../src/x.c ../y.c" "-S ../src/x.c" "-c ../src/h.h" "-c -o x1.o ../y.c"; do
		(cd gcc && rm -f ./* ../src/*.gch && gcc $args) &&
		want=$(cd gcc && ls; ls ../src/*.gch 2>/dev/null | sed "s|^\.\./||") &&
		got=$(cd gcc && zapp-cc --zapp-explain $args | sed -n "s/.*; outputs* //p" | tr " " "\n" | sed "s|^\.\./||" | sort) &&
		expect_eq "$(echo "$want" | sort)" "$got" "outputs of gcc $args" || exit 1
	done
'

test_done
