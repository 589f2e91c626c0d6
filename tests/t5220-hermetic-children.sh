#!/bin/sh
# What a Zapp adds to its programs' environment stays in the Zapp: a host
# program that a Zapp'd program starts (execve, execvp, posix_spawn,
# posix_spawnp, system, popen) gets the environment the Zapp'd program
# was given, without the entries its launcher added (GCONV_PATH and
# LOCPATH naming the Zapp's glibc pieces, which the host's glibc would
# load) -- byte for byte what the same program passes natively.  A value
# the user set stays; so do the user's own --env entries; a program of
# the Zapp that is run gets the entries (its launcher adds them).

. "$(dirname "$0")/lib.sh"

SRC=$ZAPP_SRC/tests/redirect
Z="$TRASH/moved Zapp"
E=/usr/bin/env

# sorted_env CMD...: what CMD prints, sorted, without env's own "_" line
sorted_env() {
	"$@" >raw.out && grep -v "^_=" raw.out | LC_ALL=C sort
}

test_expect_success 'setup: a runner in an install tree, its Zapp moved; its own environment has the entries' '
	mkdir -p tree/bin && gcc -O2 -o tree/bin/runner "$SRC/runner.c" -pthread &&
	zapp-assemble -q -o Z --env "MY_DATA=\$ZAPP/share/x" tree &&
	mv Z "$Z" &&
	zapp-assemble -q -o W tree/bin/runner "$E" &&
	W/bin/env >own &&
	grep -q "^GCONV_PATH=$TRASH/W/lib/" own &&
	test -d "$Z/lib/x86_64-linux-gnu/gconv"
'

for call in "execve $E" "execv $E" "execl $E" "execvp env" "execlp env" "spawn $E" "spawnp env" "system env" "popen r env"
do
	test_expect_success "a host program run by $call gets the environment the program was given" '
		sorted_env env -u GCONV_PATH -u LOCPATH MY_DATA="$Z/share/x" tree/bin/runner '"$call"' >native &&
		sorted_env "$Z/bin/runner" '"$call"' >zapp &&
		test_cmp native zapp &&
		! grep -q "^GCONV_PATH=\|^LOCPATH=" zapp &&
		grep -qx "MY_DATA=$Z/share/x" zapp
	'
done

test_expect_success 'a value the user set is passed on as it is' '
	GCONV_PATH=/x/gconv LOCPATH="$Z/lib/locale:/y" "$Z/bin/runner" execve "$E" >out &&
	grep -qx "GCONV_PATH=/x/gconv" out &&
	grep -qx "LOCPATH=$Z/lib/locale:/y" out
'

test_expect_success 'a program of the Zapp run by a Zapp program gets the entries' '
	W/bin/runner execve "$E" >out &&
	grep -q "^GCONV_PATH=$TRASH/W/lib/" out &&
	W/bin/runner spawnp env >out &&
	grep -q "^GCONV_PATH=$TRASH/W/lib/" out
'

test_expect_success 'a thread with a small stack execs a host program with a large environment' '
	cat >bigenv.c <<-\EOF &&
	#include <pthread.h>
	#include <stdio.h>
	#include <stdlib.h>
	#include <unistd.h>
	extern char **environ;
	static void *go(void *arg)
	{
		char *argv[] = { "/usr/bin/env", NULL };
		(void)arg;
		execve(argv[0], argv, environ);
		perror("execve");
		exit(126);
	}
	int main(void)
	{
		pthread_attr_t a;
		pthread_t t;
		char name[32];
		for (int i = 0; i < 20000; i++) {
			snprintf(name, sizeof name, "ZAPP_TEST_%d", i);
			setenv(name, "x", 1);
		}
		pthread_attr_init(&a);
		pthread_attr_setstacksize(&a, 65536);
		pthread_create(&t, &a, go, NULL);
		pthread_join(t, NULL);
		return 1;
	}
	EOF
	mkdir -p big/bin && gcc -O2 -o big/bin/bigenv bigenv.c -pthread &&
	zapp-assemble -q -o BZ big && BZ/bin/bigenv >out &&
	test "$(grep -c "^ZAPP_TEST_" out)" = 20000 &&
	! grep -q "^GCONV_PATH=" out
'

test_expect_success 'execle and execvpe with an environment of their own pass it as it is' '
	"$Z/bin/runner" execle "$E" A=b >out &&
	printf "FROM=runner\nA=b\n" >expect &&
	test_cmp expect out &&
	"$Z/bin/runner" execvpe env A=b >out &&
	test_cmp expect out
'

test_done
