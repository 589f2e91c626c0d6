/* tests/unit/dyn_edit.c: dyn_edit() making a DT_NEEDED the first one, on
 * small programs built here with cc: a new entry in spare slots and with
 * the dynamic table moving, a name already needed moved to the front in
 * place, the name already first (untouched), twice (idempotent), with the
 * search path set in the same single write, on a file grown before,
 * 32-bit, a string already in the table reused; refusals that leave the
 * file as it was.  Each result is checked by readelf, eu-elflint and by
 * running it: the added library is loaded first. */
#include "rpath.h"
#include "zelf.h"
#include "report.h"
#include "scratch.h"
#include "tap.h"

#include <stdarg.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static void copy(const char *from, const char *to)
{
	sh("cp %s/%s %s/%s", dir, from, dir, to);
}

static int same(const char *a, const char *b)
{
	return sh("cmp -s %s/%s %s/%s", dir, a, dir, b) == 0;
}

static long long size_of(const char *name)
{
	struct stat st;
	return stat(at(name), &st) == 0 ? (long long)st.st_size : -1;
}

static int edit(const char *name, const char *needed, const char *rpath)
{
	struct dyn_edit d = { .set_path = rpath != NULL, .tag = DT_RPATH, .value = rpath, .needed = needed };
	int r = dyn_edit(at(name), &d);
	if (r < 0)
		printf("# dyn_edit %s: %s\n", name, zwhy());
	return r;
}

/* The first DT_NEEDED, as readelf says it. */
static int first_needed_is(const char *name, const char *lib)
{
	return sh("cd %s && test \"$(readelf -dW %s | sed -n 's/.*(NEEDED).*\\[\\(.*\\)\\]/\\1/p' | head -n 1)\" = %s",
		  dir, name, lib) == 0;
}

static int count_needed(const char *name, const char *lib)
{
	char cmd[1024];
	snprintf(cmd, sizeof cmd, "readelf -dW %s/%s | grep -c '(NEEDED).*\\[%s\\]'", dir, name, lib);
	FILE *p = popen(cmd, "r");
	int n = -1;
	if (p) {
		if (fscanf(p, "%d", &n) != 1)
			n = -1;
		pclose(p);
	}
	return n;
}

static int loads(const char *name)
{
	return sh("cd %s && eu-elflint --gnu-ld --quiet %s && test \"$(LD_LIBRARY_PATH=. ./%s)\" = \"first hi\"",
		  dir, name, name) == 0;
}

static int count_loads(const char *name)
{
	char cmd[1024];
	snprintf(cmd, sizeof cmd, "readelf -lW %s/%s | grep -c '^ *LOAD'", dir, name);
	FILE *p = popen(cmd, "r");
	int n = -1;
	if (p) {
		if (fscanf(p, "%d", &n) != 1)
			n = -1;
		pclose(p);
	}
	return n;
}

static int build(const char *name, const char *flags)
{
	return sh("cd %s && cc -o %s main.c %s >/dev/null 2>&1", dir, name, flags) == 0;
}

static void new_entry(void)
{
	ok(build("p", "-Wl,--no-as-needed -L. -lother"), "build a program needing libother.so");
	int loads0 = count_loads("p");
	copy("p", "moved");
	is_int(edit("moved", "libfirst.so", NULL), 0, "add a DT_NEEDED whose name the string table lacks");
	ok(first_needed_is("moved", "libfirst.so"), "it is the first DT_NEEDED");
	ok(loads("moved"), "the program runs and loads it first; eu-elflint is content");
	is_int(count_loads("moved"), loads0 + 1, "one load segment more (the moved tables)");

	copy("moved", "again");
	is_int(edit("again", "libfirst.so", NULL), 0, "the same edit again");
	ok(same("moved", "again"), "already first: the file is untouched");

	copy("moved", "spare");
	is_int(edit("spare", "libsecond.so", NULL), 0, "a second one, into the spare slots the move left");
	ok(first_needed_is("spare", "libsecond.so") && count_needed("spare", "libfirst.so") == 1,
	   "the new one first, the earlier one kept");
	is_int(count_loads("spare"), loads0 + 2, "a string appended: the string table moved once more");
}

static void moved_to_front(void)
{
	ok(build("q", "-Wl,--no-as-needed -L. -lother -lfirst"), "build a program needing libother.so, then libfirst.so");
	ok(!first_needed_is("q", "libfirst.so"), "libfirst.so is not its first DT_NEEDED");
	copy("q", "front");
	is_int(edit("front", "libfirst.so", NULL), 0, "make libfirst.so the first");
	ok(first_needed_is("front", "libfirst.so") && count_needed("front", "libfirst.so") == 1,
	   "first, and once");
	is_int(size_of("front"), size_of("q"), "in place: the file keeps its size");
	ok(loads("front"), "it runs and loads libfirst.so first");
}

static void with_rpath(void)
{
	copy("p", "both");
	is_int(edit("both", "libfirst.so", "$ORIGIN/../lib:/opt/x"), 0, "a DT_NEEDED and a new DT_RPATH at once");
	ok(first_needed_is("both", "libfirst.so"), "the DT_NEEDED is first");
	ok(sh("readelf -dW %s/both | grep -q 'RPATH.*\\[\\$ORIGIN/../lib:/opt/x\\]'", dir) == 0, "the rpath is set");
	is_int(count_loads("both"), count_loads("p") + 1, "one growth for both edits");
	ok(loads("both"), "it runs");

	/* a file grown before, by rpath_set alone */
	copy("p", "grown");
	is_int(rpath_set(at("grown"), DT_RPATH, "/a/long/path/that/does/not/fit/anywhere/in/the/table"), 0,
	       "grow a file by setting its rpath");
	is_int(edit("grown", "libfirst.so", "/a/long/path/that/does/not/fit/anywhere/in/the/table"), 0,
	       "then add the DT_NEEDED, the rpath unchanged");
	ok(first_needed_is("grown", "libfirst.so") && loads("grown"), "the grown file edited runs, libfirst.so first");

	copy("p", "keep");
	is_int(edit("keep", "libfirst.so", NULL), 0, "without a search path given");
	ok(sh("readelf -dW %s/keep | grep -q 'R.*PATH'", dir) != 0, "none is added");
}

static void reused_string(void)
{
	/* libfirst.so is a tail of "libnotlibfirst.so": its string is reused */
	ok(build("t", "-Wl,--no-as-needed -L. -lnotlibfirst"), "build a program needing libnotlibfirst.so");
	copy("t", "tail");
	long long strsz0 = -1, strsz1 = -1;
	char cmd[1024];
	snprintf(cmd, sizeof cmd, "readelf -dW %s/t | awk '/STRSZ/{print $3}'", dir);
	FILE *p = popen(cmd, "r");
	if (p) { if (fscanf(p, "%lld", &strsz0) != 1) strsz0 = -1; pclose(p); }
	is_int(edit("tail", "libfirst.so", NULL), 0, "add libfirst.so");
	snprintf(cmd, sizeof cmd, "readelf -dW %s/tail | awk '/STRSZ/{print $3}'", dir);
	p = popen(cmd, "r");
	if (p) { if (fscanf(p, "%lld", &strsz1) != 1) strsz1 = -1; pclose(p); }
	ok(strsz0 > 0 && strsz0 == strsz1, "the string table did not grow (%lld, %lld bytes)", strsz0, strsz1);
	ok(first_needed_is("tail", "libfirst.so") && loads("tail"), "it runs, libfirst.so first");
}

static void class32(void)
{
	if (sh("cd %s && cc -m32 -fPIC -shared -o 32/libfirst.so first.c && cc -m32 -fPIC -shared -o 32/libother.so other.c"
	       " && cc -m32 -o 32/p main.c -Wl,--no-as-needed -L32 -lother", dir) != 0) {
		printf("ok %d # skip no 32-bit compiler\n", ++tap_n);
		return;
	}
	is_int(edit("32/p", "libfirst.so", "$ORIGIN"), 0, "32-bit: a DT_NEEDED and an rpath");
	ok(first_needed_is("32/p", "libfirst.so"), "32-bit: first");
	ok(sh("cd %s/32 && eu-elflint --gnu-ld --quiet p && test \"$(./p)\" = \"first hi\"", dir) == 0,
	   "32-bit: it runs (through its $ORIGIN rpath), libfirst.so first");
}

static void refused(void)
{
	if (sh("cd %s && cc -static -o static main.c >/dev/null 2>&1", dir) == 0) {
		copy("static", "static-before");
		ok(edit("static", "libfirst.so", NULL) < 0 && strstr(zwhy(), "static"), "a static program is refused (%s)", zwhy());
		ok(same("static", "static-before"), "and left as it was");
	}
	copy("p", "badname");
	ok(edit("badname", "lib/first.so", NULL) < 0, "a name with a slash is refused (%s)", zwhy());
	ok(edit("badname", "", NULL) < 0, "an empty name is refused");
	ok(same("badname", "p"), "the file is untouched");
	ok(edit("does-not-exist", "libfirst.so", NULL) < 0, "a missing file fails (%s)", zwhy());
	sh("printf 'not an ELF file' > %s/text", dir);
	ok(edit("text", "libfirst.so", NULL) < 0, "a text file fails (%s)", zwhy());
}

int main(void)
{
	if (scratch_make("zapp-unit-dyn-edit") < 0)
		return printf("1..0 # skip no temporary directory\n"), 0;
	if (sh("cd %s && mkdir 32 && printf '#include <stdio.h>\\nint main(void) { puts(\"hi\"); return 0; }\\n' > main.c"
	       " && printf '#include <stdio.h>\\n__attribute__((constructor)) static void f(void) { fputs(\"first \", stdout); }\\n' > first.c"
	       " && printf 'int other_lib;\\n' > other.c"
	       " && cc -fPIC -shared -o libfirst.so first.c && cc -fPIC -shared -o libsecond.so other.c"
	       " && cc -fPIC -shared -o libother.so other.c && cc -fPIC -shared -o libnotlibfirst.so other.c", dir) != 0) {
		printf("1..0 # skip no C compiler\n");
		sh("rm -rf %s", dir);
		return 0;
	}
	new_entry();
	moved_to_front();
	with_rpath();
	reused_string();
	class32();
	refused();
	int r = tap_done();
	if (!r)
		sh("rm -rf %s", dir);
	else
		printf("# files kept in %s\n", dir);
	return r;
}
