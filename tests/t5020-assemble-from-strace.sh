#!/bin/bash
# --from-strace LOG: the program of t5000 traced by strace in its usual
# formats (-f, -ff -o, -y, -tt), assembled from the log with nothing else
# named, moved and run, and run in an empty root; a log of garbage is an
# error that leaves nothing.
# --from-strace leaves out what a run opened in /tmp: the scratch
# directory must be elsewhere
case ${ZAPP_TEST_TMP:-/tmp} in
/tmp | /tmp/* | /run | /run/* | /dev/*) export ZAPP_TEST_TMP=/var/tmp ;;
esac
. "$(dirname "$0")/lib.sh"

if ! test_have_prereq STRACE; then
	skip_all='strace cannot trace here'
	test_done
fi

test_expect_success 'setup: a program that reads a data file, dlopens a plugin and runs a helper, all found beside it' '
	cat >app.c <<-\EOC &&
	#include <dlfcn.h>
	#include <limits.h>
	#include <stdio.h>
	#include <string.h>
	#include <sys/wait.h>
	#include <unistd.h>
	int main(void)
	{
		char self[PATH_MAX], path[PATH_MAX + 64], line[128];
		ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
		if (n < 0) return 2;
		self[n] = 0;
		*strrchr(self, 0x2f) = 0;
		snprintf(path, sizeof path, "%s/../share/app/data.txt", self);
		FILE *f = fopen(path, "r");
		if (!f || !fgets(line, sizeof line, f)) { printf("no data at %s\n", path); return 3; }
		printf("data %s", line);
		fclose(f);
		snprintf(path, sizeof path, "%s/../lib/app/plugins/plug.so", self);
		void *h = dlopen(path, RTLD_NOW);
		if (!h) { printf("no plugin: %s\n", dlerror()); return 4; }
		const char *(*plug)(void) = (const char *(*)(void))dlsym(h, "plug");
		printf("plugin %s\n", plug());
		snprintf(path, sizeof path, "%s/../libexec/app/helper", self);
		fflush(stdout);
		pid_t pid = fork();
		if (pid == 0) { execl(path, "helper", (char *)0); perror(path); _exit(5); }
		int st; waitpid(pid, &st, 0);
		f = fopen("out.tmp", "w");
		if (f) fclose(f);
		return WIFEXITED(st) ? WEXITSTATUS(st) : 6;
	}
	EOC
	printf "#include <zlib.h>\nconst char *plug(void) { return zlibVersion()[0] ? \"zlib\" : \"?\"; }\n" >plug.c &&
	printf "#include <stdio.h>\n#include <zlib.h>\nint main(void) { printf(\"helper %%s\\\\n\", zlibVersion()[0] ? \"zlib\" : \"?\"); return 0; }\n" >helper.c &&
	mkdir -p "p fx/bin" "p fx/share/app" "p fx/lib/app/plugins" "p fx/libexec/app" "p fx/share/unused" run &&
	gcc -o "p fx/bin/app" app.c -ldl &&
	gcc -shared -fPIC -o "p fx/lib/app/plugins/plug.so" plug.c -lz &&
	gcc -o "p fx/libexec/app/helper" helper.c -lz &&
	echo hello >"p fx/share/app/data.txt" && echo no >"p fx/share/unused/u.txt" &&
	printf "data hello\nplugin zlib\nhelper zlib\n" >expect
'

# from_log NAME LOG...: assemble NAME.zapp from the program and the logs
# (named from run/, the working directory of the traced runs); it holds
# the data, the plugin and the helper, not the unused file nor anything of
# the working directory, and runs moved and in an empty root
from_log() {
	local name=$1; shift
	local args= l
	for l in "$@"; do args="$args --from-strace $l"; done
	(cd run && zapp-assemble -q -o "../$name.zapp" "../p fx/bin/app" $args) &&
	test -f "$name.zapp/share/app/data.txt" && test -f "$name.zapp/lib/app/plugins/plug.so" &&
	test -f "$name.zapp/libexec/app/helper" && test -f "$name.zapp/dynbin/libexec/app/helper" &&
	test ! -e "$name.zapp/share/unused" &&
	{ ! find "$name.zapp" -name out.tmp | grep -q .; } &&
	{ ! find "$name.zapp" -path "*/proc/*" -o -path "*/dev/*" | grep -q .; } &&
	zapp-check "$name.zapp" >/dev/null &&
	mv "$name.zapp" "moved $name.zapp" && "moved $name.zapp/bin/app" >actual && test_cmp expect actual &&
	if test_have_prereq ROOT; then
		rm -rf root && mkdir -p "root/r s" && mv "moved $name.zapp" "root/r s/z.zapp" &&
		(cd / && run_in_empty_root "$TRASH/root" "/r s/z.zapp/bin/app") >actual && test_cmp expect actual
	fi
}

test_expect_success 'strace -f -o LOG' '
	(cd run && strace -f -o ../f.log "../p fx/bin/app") >actual && test_cmp expect actual &&
	grep -q "^[0-9][0-9]* " f.log &&
	from_log f ../f.log
'

test_expect_success 'strace -f on the terminal ([pid N] prefixes), -tt and -y' '
	(cd run && strace -f -tt -y "../p fx/bin/app" 2>../tty.log >/dev/null) &&
	grep -q "^\[pid " tty.log && grep -q "</" tty.log &&
	from_log tty ../tty.log
'

test_expect_success 'strace -ff -o LOG: one log a process, each given' '
	(cd run && strace -ff -o ../ff "../p fx/bin/app") >actual && test_cmp expect actual &&
	expect_eq 2 "$(ls ff.* | wc -l)" &&
	from_log ff $(ls ff.* | sed "s|^|../|")
'

test_expect_success 'strace -f -ttt -r -yy -s 16 (strace does not cut paths; -s cuts the argv strings)' '
	(cd run && strace -f -ttt -r -yy -s 16 -o ../s.log "../p fx/bin/app") >actual && test_cmp expect actual &&
	from_log s ../s.log
'

test_expect_success 'a relative path without -y is skipped with a warning' '
	(cd run && strace -f -o ../rel.log cat ../expect >/dev/null) &&
	(cd run && zapp-assemble -o ../rel.zapp "../p fx/bin/app" --from-strace ../rel.log >/dev/null 2>../err) &&
	expect_file_contains err "skipped: the relative path '"'"'../expect'"'"' has no directory to it (trace with strace -y)" &&
	test ! -e rel.zapp/expect
'

test_expect_success 'a log of garbage, an empty log, a log that does not exist: errors that leave nothing' '
	mkdir -p out && printf "garbage\n\001\002\003\nnot strace\n" >garbage.log && : >empty.log &&
	test_must_fail_with 1 zapp-assemble -q -o out/g.zapp "p fx/bin/app" --from-strace garbage.log 2>err &&
	expect_file_contains err "zapp-assemble: garbage.log: cannot use as an strace log: not an strace log: no line of it is a system call" &&
	test_must_fail_with 1 zapp-assemble -q -o out/g.zapp "p fx/bin/app" --from-strace empty.log 2>err &&
	expect_file_contains err "empty.log: cannot use as an strace log: not an strace log: it is empty" &&
	test_must_fail_with 1 zapp-assemble -q -o out/g.zapp "p fx/bin/app" --from-strace no.log 2>err &&
	expect_file_contains err "no.log: cannot read the strace log: No such file or directory" &&
	expect_eq "" "$(ls -A out)"
'

test_done
