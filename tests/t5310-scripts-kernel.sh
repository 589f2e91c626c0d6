#!/bin/bash
# A script's launcher builds the argv the kernel builds for its #! line
# (fs/binfmt_script.c): each line here is run by the kernel (execv, from a
# C caller: no shell's own fallback) and through the Zapp, and the two
# argv are the same but for the interpreter's path and the script's.  A
# line the kernel refuses is refused by both.  The launcher's system calls
# are counted: readlinkat, faccessat (the script is there) and execve; in
# direct mode (a #!/bin/sh script, dash), those of the interpreter's own
# launcher with the faccessat of the script after the readlinkat.
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

test_lazy_prereq DASH '
	test "$(readlink -f /bin/sh)" = /usr/bin/dash
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

# random lines: blanks, the interpreter, a blank or a NUL, then bytes of
# blanks, NUL, CR, letters, quotes, a newline or none, and padding past
# the kernel's 256 bytes for some; seeded, so a failure can be replayed
RANDOM_LINES=${ZAPP_TEST_SEED:-5310}
test_expect_success "60 random #! lines (seed $RANDOM_LINES): the argv the kernel builds" '
	I=$REAL/i/show &&
	mkdir -p r/bin &&
	awk -v seed=$RANDOM_LINES -v I="$I" "BEGIN {
		srand(seed)
		split(\" |\\\\t|\\\\000|\\\\r|a|b|-|\\\\047|x=y\", alpha, \"|\")
		for (n = 1; n <= 60; n++) {
			l = \"#!\"
			k = int(rand() * 3); for (i = 0; i < k; i++) l = l (rand() < .5 ? \" \" : \"\\\\t\")
			l = l I (rand() < .7 ? \" \" : rand() < .5 ? \"\\\\t\" : \"\\\\000\")
			k = int(rand() * 12); for (i = 0; i < k; i++) l = l alpha[1 + int(rand() * 9)]
			if (rand() < .2) for (i = 0; i < 300; i++) l = l \"p\"
			if (rand() < .8) l = l \"\\\\n\"
			printf \"%s\\n\", l > \"lines\"
		}
	}" &&
	test $(wc -l <lines) = 60 && grep -q "000" lines && grep -q "pppp" lines && grep -q "\\\\r" lines &&
	n=0 && while IFS= read -r l; do
		n=$((n + 1)) && printf "$l" >r/bin/l$n && chmod +x r/bin/l$n || return 1
	done <lines &&
	zapp-assemble -q -o r.zapp r &&
	n=0 && while IFS= read -r l; do
		n=$((n + 1)) &&
		./caller r/bin/l$n "a b" >native &&
		./caller r.zapp/bin/l$n "a b" >zapp &&
		sed -e "1s|.*|[INTERP]|" -e "s|^\\[r/bin/l$n\\]\$|[SCRIPT]|" native >want &&
		sed -e "1s|.*|[INTERP]|" -e "s|^\\[$REAL/r.zapp/dynbin/l$n\\]\$|[SCRIPT]|" zapp >got &&
		test_cmp want got || { echo "line $n: $l" >&2; return 1; }
	done <lines &&
	grep -c "^\\[SCRIPT\\]\$" want >/dev/null
'

test_expect_success STRACE 'a script launcher makes three system calls: readlinkat, faccessat, execve' '
	strace -f -qq -s 4096 -o trace ./caller z.zapp/bin/plain >/dev/null &&
	awk "/execve\\(\"z.zapp\\/bin\\/plain\"/ { on = 1; next } on && /execve\\(/ { print \$2; exit } on { print \$2 }" trace |
		sed "s/(.*//" >calls &&
	printf "readlinkat\nfaccessat\nexecve\n" >want &&
	test_cmp want calls &&
	grep -q "execve(\"$REAL/z.zapp/bin/show\", \[\"$REAL/z.zapp/bin/show\", \"$REAL/z.zapp/dynbin/plain\"\]" trace
'

# names TRACE: the names of the system calls after the first execve to
# the loader's first (brk), one a line
names() {
	awk '/^execve\(/ { on = 1; next } on && /^brk\(/ { exit } on { sub(/\(.*/, ""); print }' "$1"
}

test_expect_success STRACE,DASH 'direct mode: the interpreter'\''s launcher'\''s system calls and one faccessat, no execve' '
	mkdir -p d/bin && printf "#!/bin/sh\necho \"\$0\" \"\$@\"\n" >d/bin/s && chmod +x d/bin/s &&
	zapp-assemble -q -o d.zapp d &&
	strace -qq -o dtrace d.zapp/bin/s "a b" >out &&
	expect_eq "$REAL/d.zapp/dynbin/s a b" "$(cat out)" &&
	strace -qq -o itrace d.zapp/bin/sh d.zapp/dynbin/s >/dev/null &&
	names dtrace >got && names itrace >launcher &&
	{ head -n 1 launcher && echo faccessat && tail -n +2 launcher; } >want &&
	test_cmp want got &&
	! grep -q "^execve" got &&
	# t2400'\''s 14 (readlinkat, 7 for the program, 6 for the loader), the
	# faccessat of the script, a pread64 of program headers beyond the
	# first page, two faccessat of the environment (LOCPATH)
	test $(grep -cv "^mmap\|^munmap" got) -le 18 &&
	grep -q "^faccessat(AT_FDCWD, \"$REAL/d.zapp/dynbin/s\", F_OK) = 0" dtrace &&
	test $(grep -c "^execve(" dtrace) = 1
'

test_done
