/* tests/unit/interp_files.c: the table of interpreters
 * (zapp-assemble/interp_files.c) is sorted and well formed, each known
 * name finds one row and no other name finds any, and the directories of
 * a row come from the program's name or from the paths compiled into it,
 * under its prefix only. */
#include "../../zapp-assemble/interp_files.h"
#include "report.h"
#include "searchpath.h"
#include "tap.h"

#include <fnmatch.h>
#include <stdlib.h>
#include <unistd.h>

static const char *const known[] = {
	"perl", "perl5.36.0", "perl5.40.1", "python3.7", "python3.11", "python3.12", "python3.13", "tclsh8.6",
};
static const char *const unknown[] = {
	"python", "python3", "python3.11-config", "python3.11d", "python3.x", "python2.7", "perlbug", "perldoc",
	"perl5.36-x86_64-linux-gnu", "perlthanks", "pythonw", "", "tclsh", "tclsh8", "wish8.6", "tclsh9.0",
};

static void table(void)
{
	int sorted = 1, dirs = 1, out = 1, marks = 1;
	char norm[512];
	for (size_t i = 0; i < interp_table_size; i++) {
		const struct interp *it = &interp_table[i];
		if (i && strcmp(interp_table[i - 1].name, it->name) >= 0)
			sorted = 0, printf("# %s is not after %s\n", it->name, interp_table[i - 1].name);
		if (!it->dirs || !it->dirs[0] || !it->what || !*it->what)
			dirs = 0, printf("# %s has no directory, or says not what they are\n", it->name);
		for (const char *const *d = it->dirs; d && *d; d++) {
			size_t l = strlen(*d);
			if (!l || (*d)[0] == '/' || (*d)[l - 1] == '/' || path_normalize(*d, norm, sizeof norm) < 0
			    || strcmp(norm, *d) != 0 || strstr(*d, ".."))
				dirs = 0, printf("# %s: '%s' is not a plain path relative to a prefix\n", it->name, *d);
			if ((it->how == INTERP_BY_NAME) != (strstr(*d, "%N") || strstr(*d, "%V")))
				dirs = 0, printf("# %s: '%s': %%N or %%V is for rows by name, and only for them\n",
						 it->name, *d);
		}
		for (const char *const *p = it->leave_out; p && *p; p++)
			if (!**p || strchr(*p, '/'))
				out = 0, printf("# %s: leaves out '%s', which is no name in a directory\n", it->name, *p);
		for (const char *const *p = it->landmarks; p && *p; p++)
			if (!**p || strchr(*p, '/') || !it->fails || !*it->fails)
				marks = 0, printf("# %s: landmark '%s' is no name, or the row says not what fails\n",
						  it->name, *p);
		if (it->landmarks && !it->landmarks[0])
			marks = 0, printf("# %s: an empty list of landmarks\n", it->name);
	}
	ok(sorted, "the table is sorted by name, each name once");
	ok(dirs, "each row has directories, relative to the prefix, named as the row says");
	ok(out, "what a row leaves out are names");
	ok(marks, "a row's landmarks are names, and it says what fails without them");
}

/* A program of a Zapp is known by what it is: Debian's python3.11 under
 * the name python3 (its Py_Version), a program that needs
 * libpython3.12.so.1.0 and calls Py_BytesMain; not a program of neither. */
static void identify(void)
{
	char as[64] = "";
	char *none[] = { NULL };
	const struct interp *it = interp_identify("/nonexistent", "python3.11", none, 0, as, sizeof as);
	ok(it && strcmp(as, "python3.11") == 0, "a name of the table is its own row");
	it = interp_identify("/bin/true", "python3", none, 0, as, sizeof as);
	ok(!it, "a program that is not Python's main, named python3, is none");
	if (access("/usr/bin/python3.11", R_OK) < 0) {
		printf("ok %d - # SKIP no python3.11\n", ++tap_n);
		return;
	}
	as[0] = '\0';
	it = interp_identify("/usr/bin/python3.11", "python3", none, 0, as, sizeof as);
	ok(it && strcmp(as, "python3.11") == 0 && it->landmarks && it->to_start,
	   "Debian's python3.11 named python3: python3.11 by its Py_Version, needed to start");
}

static void lookups(void)
{
	int one = 1, none = 1;
	for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
		size_t rows = 0;
		for (size_t k = 0; k < interp_table_size; k++)
			rows += fnmatch(interp_table[k].name, known[i], 0) == 0;
		if (rows != 1 || !interp_find(known[i]))
			one = 0, printf("# %s: %zu rows\n", known[i], rows);
	}
	for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++)
		if (interp_find(unknown[i]))
			none = 0, printf("# %s: found as %s\n", unknown[i], interp_find(unknown[i])->name);
	ok(one, "each interpreter's name finds exactly one row");
	ok(none, "other names (links, wrappers, config scripts, debug builds) find none");
}

static const char *joined(const struct strlist *l)
{
	static char buf[2048];
	buf[0] = '\0';
	for (size_t i = 0; i < l->n; i++)
		snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "%s%s", i ? " " : "", l->v[i]);
	return buf;
}

static void by_name(void)
{
	struct strlist l = { 0 };
	const struct interp *it = interp_find("python3.11");
	ok(it && interp_dirs(it, "python3.11", "/nonexistent/python3.11", "/usr", &l) == 0,
	   "python3.11's directories need no file");
	is_str(joined(&l), "lib/python3.11 lib64/python3.11", "python3.11: lib/python3.11 (or lib64/)");
	strlist_free(&l);
	ok(it && interp_left_out(it, "config-3.11-x86_64-linux-gnu") && interp_left_out(it, "site-packages")
	   && interp_left_out(it, "dist-packages") && interp_left_out(it, "test"),
	   "python: its build files, the regression suite and other packages' directories are left out");
	ok(it && !interp_left_out(it, "lib-dynload") && !interp_left_out(it, "__pycache__")
	   && !interp_left_out(it, "os.py") && !interp_left_out(it, "encodings") && !interp_left_out(it, "tests"),
	   "python: lib-dynload, __pycache__ and the modules are kept");
	it = interp_find("tclsh8.6");
	ok(it && interp_dirs(it, "tclsh8.6", "/nonexistent/tclsh8.6", "/usr", &l) == 0, "tclsh8.6's need no file");
	is_str(joined(&l), "share/tcltk/tcl8.6", "tclsh8.6: share/tcltk/tcl8.6, by its version");
	strlist_free(&l);
	ok(it && !interp_left_out(it, "encoding") && !interp_left_out(it, "tcl8") && !interp_left_out(it, "init.tcl"),
	   "tcl: init.tcl, the encodings and the modules are kept");
}

static void compiled_in(void)
{
	const char *perl = "/usr/bin/perl";
	const struct interp *it = interp_find("perl");
	struct strlist l = { 0 };
	ok(it && interp_dirs(it, "perl", "/nonexistent/perl", "/usr", &l) < 0 && strlen(zwhy()) > 0,
	   "a perl that cannot be read is an error with a reason");
	strlist_free(&l);
	if (access(perl, R_OK) < 0 || access("/usr/share/perl/5.36", F_OK) < 0) {
		printf("ok %d - # SKIP no Debian 12 perl\n", ++tap_n);
		printf("ok %d - # SKIP no Debian 12 perl\n", ++tap_n);
		return;
	}
	ok(interp_dirs(it, "perl", perl, "/usr", &l) == 0, "Debian's perl is read");
	/* /usr/lib/x86_64-linux-gnu/perl5/5.36 and /usr/share/perl5 are other
	 * packages'; /usr/local/share/perl/5.36.0 is under another prefix */
	is_str(joined(&l), "lib/x86_64-linux-gnu/perl-base lib/x86_64-linux-gnu/perl/5.36 share/perl/5.36",
	       "Debian's perl: perl-base, perl/5.36, share/perl/5.36, as its @INC names them under /usr");
	strlist_free(&l);
}

int main(void)
{
	zapp_prog = "interp_files";
	table();
	lookups();
	identify();
	by_name();
	compiled_in();
	return tap_done();
}
