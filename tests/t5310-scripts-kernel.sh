#!/bin/bash
# A script's launcher builds the argv the kernel builds for its #! line
# (fs/binfmt_script.c): each line here is run by the kernel (execv, from a
# C caller: no shell's own fallback) and through the Zapp, and the two
# argv are the same but for the interpreter's path and the script's.  A
# line the kernel refuses is refused by both.  The launcher's system calls
# are counted: readlinkat, faccessat (the script is there) and execve.
. "$(dirname "$0")/lib.sh"

REAL=$(pwd -P)

test_expect_success 'setup: an interpreter that prints its argv, a caller' '
	mkdir -p i &&
	cat >show.c <<-\EOF &&
	#include <stdio.h>
	int main(int argc, char **argv)
	{
		for (int i = 0; i < argc; i++)
			printf("[%s]\n", argv[i]);
		return 0;
	}
	EOF
	gcc -O2 -o i/show show.c &&
	cat >caller.c <<-\EOF &&
	#include <errno.h>
	#include <stdio.h>
	#include <string.h>
	#include <unistd.h>
	int main(int argc, char **argv)
	{
		(void)argc;
		execv(argv[1], argv + 1);
		printf("execv: %s\n", strerror(errno));
		return 0;
	}
	EOF
	gcc -O2 -o caller caller.c
'

# line NAME BYTES...: the script t/bin/NAME, whose first bytes are printf's
line() {
	local name=$1; shift
	mkdir -p t/bin && printf "$@" >t/bin/$name && chmod +x t/bin/$name
}

test_expect_success 'the lines' '
	I=$REAL/i/show &&
	line plain "#!$I\n" &&
	line blanks "#! \t$I  -a  b \t\nrest\n" &&
	line nul "#!$I -x\0junk\n" &&
	line nulpath "#!$I\0 -x\n" &&
	line emptyarg "#!$I \0x\n" &&
	line noeol "#!$I -n" &&
	line cr "#!$I -c\r\n" &&
	long=$(head -c 400 /dev/zero | tr "\0" y) &&
	line longarg "#!$I $long\n" &&
	line env "#!/usr/bin/env -S $I one '\''two  three'\''\n" &&
	line refused_empty "#!\n" &&
	line refused_blanks "#!  \t\n" &&
	line refused_long "#!/$long\n" &&
	zapp-assemble -o z.zapp t 2>err &&
	expect_file_contains err "t/bin/refused_long: kept as it is, not a script" &&
	expect_file_contains err "t/bin/refused_empty: kept as it is, not a script" &&
	zapp-check z.zapp 2>/dev/null
'

for n in plain blanks nul nulpath emptyarg noeol cr longarg env; do
	test_expect_success "#! line $n: the argv the kernel builds" "
		./caller t/bin/$n 'a b' '' >native &&
		./caller z.zapp/bin/$n 'a b' '' >zapp &&
		sed -e '1s|.*|[INTERP]|' -e 's|^\[t/bin/$n\]\$|[SCRIPT]|' native >want &&
		sed -e '1s|.*|[INTERP]|' -e 's|^\[$REAL/z.zapp/dynbin/$n\]\$|[SCRIPT]|' zapp >got &&
		expect_eq '[$REAL/z.zapp/bin/show]' \"\$(head -n 1 zapp)\" 'the interpreter' &&
		test_cmp want got &&
		grep -qx '\[SCRIPT\]' got
	"
done

for n in refused_empty refused_blanks refused_long; do
	test_expect_success "#! line $n: refused by both" "
		./caller t/bin/$n >native && ./caller z.zapp/bin/$n >zapp &&
		expect_eq 'execv: Exec format error' \"\$(cat native)\" &&
		test_cmp native zapp
	"
done

test_expect_success STRACE 'a script launcher makes three system calls: readlinkat, faccessat, execve' '
	strace -f -qq -s 4096 -o trace ./caller z.zapp/bin/plain >/dev/null &&
	awk "/execve\\(\"z.zapp\\/bin\\/plain\"/ { on = 1; next } on && /execve\\(/ { print \$2; exit } on { print \$2 }" trace |
		sed "s/(.*//" >calls &&
	printf "readlinkat\nfaccessat\nexecve\n" >want &&
	test_cmp want calls &&
	grep -q "execve(\"$REAL/z.zapp/bin/show\", \[\"$REAL/z.zapp/bin/show\", \"$REAL/z.zapp/dynbin/plain\"\]" trace
'

test_done
