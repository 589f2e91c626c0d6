#!/bin/sh
# --rename OLD=NEW: a program given as a file gets another name in the
# Zapp, so that two programs of one name from different places can be in
# one Zapp (exodus's -r).  OLD is the input as given, or its name (the
# first input of that name); the map of host paths leads to the new
# launcher; a --rename that finds no input is an error that leaves
# nothing; NEW must be a file name.

. "$(dirname "$0")/lib.sh"

test_expect_success 'setup: two programs named tool, in two places; one that execs' '
	mkdir a b &&
	printf "#include <stdio.h>\nint main(void){puts(\"tool of %s\");return 0;}\n" a >a.c &&
	printf "#include <stdio.h>\nint main(void){puts(\"tool of %s\");return 0;}\n" b >b.c &&
	gcc -O2 -o a/tool a.c && gcc -O2 -o b/tool b.c &&
	gcc -O2 -o runner "$ZAPP_SRC/tests/redirect/runner.c" -pthread
'

test_expect_success 'without --rename two inputs of one name are an error' '
	test_must_fail_with 1 zapp-assemble -q -o X a/tool b/tool 2>err &&
	grep -q "two inputs are named bin/tool" err && test ! -e X
'

test_expect_success 'by the input'"'"'s path: both are in the Zapp, each under its name' '
	zapp-assemble -q -o Z --rename "$TRASH/b/tool=btool" a/tool "$TRASH/b/tool" &&
	expect_eq "tool of a" "$(Z/bin/tool)" "bin/tool" &&
	expect_eq "tool of b" "$(Z/bin/btool)" "bin/btool" &&
	zapp-check -q Z
'

test_expect_success 'by its name: the first input of that name' '
	zapp-assemble -q -o N --rename tool=first a/tool b/tool &&
	expect_eq "tool of a" "$(N/bin/first)" "bin/first" &&
	expect_eq "tool of b" "$(N/bin/tool)" "bin/tool"
'

test_expect_success 'the map of host paths leads to the new name' '
	zapp-assemble -q -o M --rename runner=run2 runner "$TRASH/b/tool" &&
	grep -qF "$TRASH/runner	bin/run2" M/lib/zapp/hostpaths &&
	M/bin/run2 execve "$TRASH/runner" execve "$TRASH/b/tool" >out &&
	expect_eq "tool of b" "$(cat out)" "runner run through the map"
'

test_expect_success 'a --rename that finds no input is an error, and nothing is made' '
	test_must_fail_with 1 zapp-assemble -q -o Y --rename nope=x a/tool 2>err &&
	grep -q "^zapp-assemble: --rename nope=x: no program given as a file is nope$" err &&
	test ! -e Y && ! ls -A | grep -q zapp-tmp
'

test_expect_success 'NEW must be a file name; OLD=NEW must be given' '
	test_must_fail_with 2 zapp-assemble -q -o Y --rename tool=a/b a/tool &&
	test_must_fail_with 2 zapp-assemble -q -o Y --rename tool= a/tool &&
	test_must_fail_with 2 zapp-assemble -q -o Y --rename tool a/tool &&
	test ! -e Y
'

test_done
