#!/bin/sh
# .ci/check-deps: the packages it checks are exactly the Makefile's
# DEPS_BUILD and DEPS_TEST (what `make deps` installs), each missing one is
# one line naming its Debian package, and `make check` asks it first.

. "$(dirname "$0")/lib.sh"

CHECK=$ZAPP_SRC/.ci/check-deps

# without CMD...: a directory of links to every command on PATH but CMD...,
# for a PATH on which they are missing.
without() {
	local dir=$TRASH/path-without-$1 d f name skip
	rm -rf "$dir" && mkdir "$dir" || return 1
	local IFS=:
	for d in $PATH; do
		unset IFS
		for f in "$d"/*; do
			name=${f##*/}
			skip=
			for c in "$@"; do [ "$name" = "$c" ] && skip=1; done
			[ -z "$skip" ] && [ -x "$f" ] && [ ! -e "$dir/$name" ] && ln -s "$f" "$dir/$name"
		done
	done
	unset IFS
	echo "$dir"
}

test_expect_success 'check-deps checks exactly the packages make deps installs' '
	make -s -C "$ZAPP_SRC" B="$TRASH/b" \
		--eval "zapp-print-deps: ; @echo \$(DEPS_BUILD) \$(DEPS_TEST)" zapp-print-deps >make.out &&
	tr " " "\n" <make.out | sed "/^$/d" | LC_ALL=C sort -u >make.list &&
	sh "$CHECK" --packages build test | LC_ALL=C sort -u >check.list &&
	test $(wc -l <make.list) -ge 20 &&
	test_cmp make.list check.list
'

test_expect_success 'this machine has every build and test dependency' '
	sh "$CHECK" build test 2>err &&
	test ! -s err
'

test_expect_success 'a missing test command: one line naming its package, exit 1' '
	p=$(without strace valgrind) &&
	test_must_fail_with 1 env PATH="$p" sh "$CHECK" test 2>err &&
	cat >want <<-\EOF &&
	zapp: test dependency missing: strace: install the Debian package strace (or run '"'"'make deps'"'"' as root)
	zapp: test dependency missing: valgrind: install the Debian package valgrind (or run '"'"'make deps'"'"' as root)
	EOF
	test_cmp want err &&
	PATH="$p" sh "$CHECK" build 2>err && test ! -s err
'

test_expect_success 'no 32-bit libc for gcc -m32: gcc-12-multilib is named' '
	mkdir -p fake &&
	real=$(command -v gcc) &&
	printf "#!/bin/sh\nfor a; do [ \"\$a\" = -m32 ] && { echo \"cannot find -lc\" >&2; exit 1; }; done\nexec %s \"\$@\"\n" "$real" >fake/gcc &&
	chmod +x fake/gcc &&
	test_must_fail_with 1 env PATH="$TRASH/fake:$PATH" sh "$CHECK" test 2>err &&
	expect_eq 1 "$(wc -l <err)" "lines" &&
	expect_file_contains err "zapp: test dependency missing: gcc -m32" &&
	expect_file_contains err "install the Debian package gcc-12-multilib"
'

test_expect_success 'a missing build dependency is named as one' '
	p=$(without musl-gcc) &&
	test_must_fail_with 1 env PATH="$p" sh "$CHECK" 2>err &&
	expect_eq "zapp: build dependency missing: musl-gcc: install the Debian package musl-tools (or run '"'"'make deps'"'"' as root)" "$(cat err)"
'

test_expect_success 'an unknown set is refused' '
	test_must_fail_with 2 sh "$CHECK" tests 2>err &&
	expect_file_contains err "check-deps: unknown set '"'"'tests'"'"' (build or test)"
'

test_expect_success 'make check checks the test dependencies before the tests' '
	make -n -C "$ZAPP_SRC" B="$TRASH/b" check >plan 2>&1 &&
	grep -n -x "sh .ci/check-deps test" plan >at &&
	grep -n "tests/run.sh" plan >run &&
	test "$(cut -d: -f1 at)" -lt "$(cut -d: -f1 run | head -n 1)"
'

test_done
