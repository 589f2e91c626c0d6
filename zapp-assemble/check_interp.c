/* zapp-assemble/check_interp.c: each interpreter of the Zapp finds, where
 * it will look when it runs as bin/NAME, the run-time files it needs (the
 * table: interp_files.c, its landmarks): else it runs only on a host that
 * happens to have them (a Zapp assembled with --no-interp-files, or whose
 * files were removed after).  An interpreter is known by its program's
 * name, or by what it is (interp_identify: dynbin/python3, a hard link to
 * python3.11, is Python 3.11 by its Py_Version or its libpython3.11.so).
 *
 * Python (rows by name) looks as CPython 3.11's Modules/getpath.py does,
 * for a launcher whose directory (bin) is its executable's: the launcher
 * is what argv[0] names, a link to it resolved, and Python on Linux reads
 * no /proc/self/exe:
 *  - PYTHONHOME in the launcher's environment is PREFIX[:EXEC_PREFIX];
 *  - else a pyvenv.cfg beside the launcher or one directory above it with
 *    a "home =" line makes that home the place it searches from;
 *  - else a pybuilddir.txt (or Modules/Setup.local) beside the launcher
 *    makes it a build directory, whose standard library is Lib/ (Lib/os.py,
 *    climbing);
 *  - else the prefix is the nearest directory, from the launcher's up,
 *    that holds lib/pythonXY.zip or lib/pythonX.Y/os.py (or os.pyc), and
 *    the exec prefix the nearest that holds lib/pythonX.Y/lib-dynload
 *    (lib64/ for a platlibdir of lib64: the row's directories).
 * Above the Zapp's top is the host's; what is not found there falls back
 * to the compiled-in /usr.  Without its standard library Python cannot
 * start (a problem); without lib-dynload it says "Could not find platform
 * dependent libraries" at each start and imports _ssl, _json, ... from
 * the host or not at all (a problem too: as Tcl's Tcl_Init, each start
 * fails in part).
 *
 * perl (rows compiled in) reads its compiled-in @INC (the host's /usr)
 * and the directories the launcher's environment names (PERL5LIB): one of
 * them must hold strict.pm.  perl starts without any module, and runs
 * what uses none: a warning, not a problem (`use strict;` fails).
 */
#include "check.h"
#include "interp_files.h"
#include "report.h"
#include "runenv.h"
#include "searchpath.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* What the Zapp holds at dir/rel (dir "" is the top): 1 a file, 2 a
 * directory, 0 nothing.  Through a symbolic link of the Zapp (which the
 * inventory does not follow) when it stays inside, as Python's isfile
 * follows it. */
static int holds(const struct check *c, const char *dir, const char *rel)
{
	char joined[PATH_MAX * 2], norm[PATH_MAX], path[PATH_MAX * 2], real[PATH_MAX], top[PATH_MAX];
	const struct entry *e;
	struct stat st;
	const char *in;
	snprintf(joined, sizeof joined, "%s/%s", *dir ? dir : ".", rel);
	if (path_normalize(joined, norm, sizeof norm) < 0)
		return 0;
	if ((e = plan_find(&c->inv, norm)))
		return e->kind == ENTRY_DIR ? 2 : 1;
	snprintf(path, sizeof path, "%s/%s", c->top, norm);
	if (!realpath(path, real) || !realpath(c->top, top) || !(in = path_under(real, top)) || stat(real, &st) < 0)
		return 0;
	return S_ISDIR(st.st_mode) ? 2 : S_ISREG(st.st_mode) ? 1 : 0;
}

/* top/part, normalised, "" for the Zapp's top; a path that leaves it is
 * "..", which holds nothing. */
static void zapp_dir(const char *top, const char *part, char *out, size_t len)
{
	char joined[PATH_MAX * 2];
	snprintf(joined, sizeof joined, "%s/%s", *top ? top : ".", part);
	if (path_normalize(joined, out, len) < 0)
		snprintf(out, len, "..");
	else if (strcmp(out, ".") == 0)
		out[0] = '\0';
}

/* The nearest of dir and the directories above it, inside the Zapp, that
 * holds one of names[0..n) (what: 1 a file, 2 a directory), into found;
 * 0 when none does. */
static int search_up(const struct check *c, const char *dir, char *const *names, size_t n, int what,
		     char *found, size_t len)
{
	char d[PATH_MAX];
	snprintf(d, sizeof d, "%s", dir);
	for (;;) {
		for (size_t i = 0; i < n; i++)
			if (holds(c, d, names[i]) == what) {
				return snprintf(found, len, "%s%s%s", d, *d ? "/" : "", names[i]) < (int)len;
			}
		if (!*d)
			return 0;
		char up[PATH_MAX];
		path_dirname(d, up, sizeof up);
		snprintf(d, sizeof d, "%s", strcmp(up, ".") ? up : "");
	}
}

#define NO_FILES "(assembled with --no-interp-files? assemble it again without, or --include them)"

/* The row's directories for name, with each landmark, and the zip. */
static void python_names(const struct interp *it, const char *name, struct strlist *dirs, struct strlist *marks,
			 struct strlist *dynload)
{
	char b[PATH_MAX];
	interp_dirs(it, name, NULL, NULL, dirs);	/* by name: reads no file */
	for (size_t i = 0; i < dirs->n; i++) {
		char up[PATH_MAX];
		const char *v = name + strcspn(name, "0123456789");
		/* lib/python3.11 gives lib/python311.zip */
		path_dirname(dirs->v[i], up, sizeof up);
		if (snprintf(b, sizeof b, "%s/python%.*s%s.zip", up, (int)strcspn(v, "."), v,
			     v[strcspn(v, ".")] ? v + strcspn(v, ".") + 1 : "") < (int)sizeof b)
			strlist_push(marks, b);
		for (const char *const *m = it->landmarks; *m; m++) {
			snprintf(b, sizeof b, "%s/%s", dirs->v[i], *m);
			strlist_push(marks, b);
		}
		snprintf(b, sizeof b, "%s/lib-dynload", dirs->v[i]);
		strlist_push(dynload, b);
	}
}

/* A pyvenv.cfg of the Zapp at rel with a home line: 1 (home in out). */
static int venv_home(const struct check *c, const char *rel, char *out, size_t len)
{
	char path[PATH_MAX * 2], line[PATH_MAX];
	const struct entry *e = plan_find(&c->inv, rel);
	FILE *f;
	int r = 0;
	if (!e || e->kind == ENTRY_DIR)
		return 0;
	snprintf(path, sizeof path, "%s/%s", c->top, rel);
	if (!(f = fopen(path, "re")))
		return 0;
	while (!r && fgets(line, sizeof line, f)) {
		char *eq = strchr(line, '='), *k = line, *v;
		if (!eq)
			continue;
		*eq = '\0';
		k += strspn(k, " \t");
		for (char *s = eq; s > k && (s[-1] == ' ' || s[-1] == '\t'); *--s = '\0')
			;
		if (strcasecmp(k, "home") != 0)
			continue;
		v = eq + 1 + strspn(eq + 1, " \t");
		v[strcspn(v, "\r\n")] = '\0';
		snprintf(out, len, "%s", v);
		r = 1;
	}
	fclose(f);
	return r;
}

static void check_python(struct check *c, const struct entry *j, const struct entry *t, const struct interp *it,
			 const char *name)
{
	struct strlist dirs = { 0 }, marks = { 0 }, dynload = { 0 };
	char dir[PATH_MAX], up[PATH_MAX], rel[PATH_MAX], found[PATH_MAX], home[PATH_MAX];
	const char *ph = runenv_entry_value(&j->stamp_env, "PYTHONHOME");
	const char *where;
	path_dirname(j->dest, dir, sizeof dir);
	if (strcmp(dir, ".") == 0)
		dir[0] = '\0';
	where = *dir ? dir : ".";
	python_names(it, name, &dirs, &marks, &dynload);
	if (ph) {
		/* PREFIX[:EXEC_PREFIX]: the standard library is PREFIX's, found
		 * by no landmark; venvs and build directories are not looked for */
		struct strlist parts = { 0 };
		char prefix[PATH_MAX], pdir[PATH_MAX];
		int have = 0;
		snprintf(prefix, sizeof prefix, "%.*s", (int)strcspn(ph, ":"), ph);
		runenv_zapp_paths(prefix, &parts);
		if (parts.n != 1 || !j->stamp_top) {
			check_problem(c, j->dest, "sets PYTHONHOME=%s, whose prefix is not in the Zapp: its program "
				      "(%s, %s) takes its %s from the host", ph, t->dest, name, it->what);
		} else {
			zapp_dir(j->stamp_top, parts.v[0], pdir, sizeof pdir);
			for (size_t i = 0; i < marks.n && !have; i++)
				have = holds(c, pdir, marks.v[i]) == 1;
			if (!have)
				check_problem(c, j->dest, "sets PYTHONHOME=%s, but the Zapp holds no %s under %s, which "
					      "its program (%s, %s) needs: %s where the host has none", ph, marks.v[1],
					      *pdir ? pdir : ".", t->dest, name, it->fails);
		}
		strlist_free(&parts);
		goto out;
	}
	/* pyvenv.cfg: one directory above the launcher's, then beside it */
	path_dirname(where, up, sizeof up);
	snprintf(rel, sizeof rel, "%s", *dir && strcmp(up, ".") ? up : "");
	snprintf(rel + strlen(rel), sizeof rel - strlen(rel), "%spyvenv.cfg", *rel ? "/" : "");
	if (!*dir || !venv_home(c, rel, home, sizeof home)) {
		snprintf(rel, sizeof rel, "%s%spyvenv.cfg", dir, *dir ? "/" : "");
		if (!venv_home(c, rel, home, sizeof home))
			rel[0] = '\0';
	}
	if (*rel) {
		check_problem(c, j->dest, "%s says home = %s: its program (%s, %s) looks for its %s from there, "
			      "not from the Zapp", rel, home, t->dest, name, it->what);
		goto out;
	}
	if (holds(c, dir, "pybuilddir.txt") == 1 || holds(c, dir, "Modules/Setup.local") == 1) {
		char *lib[] = { "Lib/os.py" };
		if (!search_up(c, dir, lib, 1, 1, found, sizeof found))
			check_problem(c, j->dest, "%s is a build directory of Python (it holds %s), whose %s is Lib/: "
				      "the Zapp holds no Lib/os.py in %s or a directory above it, which its program "
				      "(%s, %s) needs: %s where the host has none", where,
				      holds(c, dir, "pybuilddir.txt") == 1 ? "pybuilddir.txt" : "Modules/Setup.local",
				      it->what, where, t->dest, name, it->fails);
		goto out;
	}
	if (!search_up(c, dir, marks.v, marks.n, 1, found, sizeof found)) {
		check_problem(c, j->dest, "the Zapp holds no %s in %s or a directory above it, by which its program "
			      "(%s, %s) finds its %s: %s where the host has none %s", marks.v[1], where, t->dest,
			      name, it->what, it->fails, NO_FILES);
		goto out;
	}
	if (!search_up(c, dir, dynload.v, dynload.n, 2, found, sizeof found))
		check_problem(c, j->dest, "the Zapp holds no %s in %s or a directory above it, where its program "
			      "(%s, %s) finds the extension modules of its %s: it says \"Could not find "
			      "platform dependent libraries\" at each start, and imports _ssl, _json, ... from the "
			      "host or not at all %s", dynload.v[0], where, t->dest, name, it->what, NO_FILES);
out:
	strlist_free(&dirs);
	strlist_free(&marks);
	strlist_free(&dynload);
}

/* perl: a landmark in a directory the launcher's environment names. */
static void check_modules(struct check *c, const struct entry *j, const struct entry *t, const struct interp *it,
			  const char *name)
{
	struct strlist parts = { 0 };
	int have = 0;
	if (!j->stamp_top)
		return;	/* the scan said why */
	for (size_t i = 0; i < j->stamp_env.n; i++) {
		size_t l;
		const char *e = runenv_entry_name(j->stamp_env.v[i], &l);
		runenv_zapp_paths(e + l + 1, &parts);
	}
	for (size_t i = 0; i < parts.n && !have; i++) {
		char d[PATH_MAX];
		zapp_dir(j->stamp_top, parts.v[i], d, sizeof d);
		for (const char *const *m = it->landmarks; *m && !have; m++)
			have = holds(c, d, *m) == 1;
	}
	if (!have && it->to_start)
		check_problem(c, j->dest, "the Zapp holds no %s in a directory this launcher names, where its "
			      "program (%s, %s) finds its %s: %s where the host has none %s", it->landmarks[0],
			      t->dest, name, it->what, it->fails, NO_FILES);
	else if (!have)
		zwarn(j->dest, "the Zapp holds no %s in a directory this launcher names (PERL5LIB), where its "
		      "program (%s, %s) finds its %s: it runs only what uses none where the host has none: %s %s",
		      it->landmarks[0], t->dest, name, it->what, it->fails, NO_FILES);
	strlist_free(&parts);
}

void check_interp(struct check *c)
{
	for (size_t i = 0; i < c->inv.n; i++) {
		const struct entry *j = c->inv.e[i], *t;
		const struct interp *it;
		char known[64];
		if (j->kind != ENTRY_JUMPLOADER || !j->stamp_target || j->stamp_script)
			continue;	/* a script's: its interpreter's launcher is checked */
		t = plan_find(&c->inv, j->stamp_target);
		if (!t || t->kind == ENTRY_DIR || !t->has_info || !t->src)
			continue;	/* reported by check_rules.c */
		if (!(it = interp_identify(t->src, path_basename(t->dest), t->info.needed, t->info.nneeded, known,
					   sizeof known))
		    && !(it = interp_identify(t->src, path_basename(j->dest), t->info.needed, t->info.nneeded,
					      known, sizeof known)))
			continue;
		if (!it->landmarks)
			continue;
		if (it->how == INTERP_BY_NAME)
			check_python(c, j, t, it, known);
		else
			check_modules(c, j, t, it, known);
	}
}
