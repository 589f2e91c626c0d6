/* zapp-assemble/check_env.c: the environment each launcher sets for its
 * program (its stamp's entries, runenv.h):
 *  - every part of a value that starts with $ZAPP names what the Zapp
 *    holds: a directory (a file for the table's file variables, either
 *    for a user's own);
 *  - every entry the table has for the launcher's program, where the Zapp
 *    holds its directory, is set: else the program reaches for the host's
 *    copy of what the Zapp holds (a Zapp made before launchers set them);
 *  - a program that cannot do without the files of a table entry (its
 *    "without": Tcl's library, for TCL_LIBRARY) has them in the Zapp:
 *    else it runs only where the host has them (a Zapp assembled with
 *    --no-interp-files);
 *  - no libtool archive names an absolute libdir (libtool_la.h): libltdl
 *    would open the host's module there before the Zapp's;
 *  - with -v, each launcher's program, entries, and the run-time files it
 *    can reach: the directories its entries name, and the data directories
 *    beside it (share/NAME*, lib/NAME*, ... of the Zapp, which programs
 *    that find their data relative to themselves use).
 */
#include "check.h"
#include "libtool_la.h"
#include "report.h"
#include "runenv.h"
#include "searchpath.h"

#include <fnmatch.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* dir/part, normalised; "" for the top itself.  -1 when it leaves. */
static int zapp_join(const char *dir, const char *part, char *out, size_t len)
{
	char joined[PATH_MAX * 2];
	snprintf(joined, sizeof joined, "%s/%s", *dir ? dir : ".", part);
	if (path_normalize(joined, out, len) < 0)
		return -1;
	if (strcmp(out, ".") == 0)
		out[0] = '\0';
	return 0;
}

/* Files of the Zapp at or below dir. */
static size_t files_under(const struct check *c, const char *dir)
{
	size_t n = 0, l = strlen(dir);
	for (size_t i = 0; i < c->inv.n; i++) {
		const struct entry *e = c->inv.e[i];
		if (e->kind != ENTRY_DIR && (!l || (strncmp(e->dest, dir, l) == 0 && e->dest[l] == '/')))
			n++;
	}
	return n;
}

static int inv_has_file(void *ctx, const char *rel)
{
	const struct entry *e = plan_find(ctx, rel);
	return e && e->kind != ENTRY_DIR;
}

/* The libraries of p's closure, started from launch_dir, by name: each
 * object's search path (and its program's) and lib/ (the closure itself
 * is proved by check_rules.c; this only names what it reaches). */
static void closure_names(struct check *c, const struct entry *p, const char *launch_dir, struct strlist *libs)
{
	struct strlist todo = { 0 };
	const struct entry *queue[4096];
	size_t head = 0, tail = 0;
	queue[tail++] = p;
	while (head < tail) {
		const struct entry *o = queue[head++];
		struct strlist dirs = { 0 };
		char origin[PATH_MAX];
		if (o == p)
			snprintf(origin, sizeof origin, "%s", launch_dir);
		else
			path_dirname(o->dest, origin, sizeof origin);
		searchpath_expand(o->info.runpath ? o->info.runpath : o->info.rpath, origin, &dirs, NULL);
		if (o != p)
			searchpath_expand(p->info.rpath, launch_dir, &dirs, NULL);
		strlist_push(&dirs, "lib");
		for (size_t k = 0; k < o->info.nneeded; k++) {
			const char *name = o->info.needed[k];
			if (strlist_contains(libs, name))
				continue;
			strlist_push(libs, name);
			for (size_t d = 0; d < dirs.n && tail < sizeof queue / sizeof *queue; d++) {
				char rel[PATH_MAX * 2], norm[PATH_MAX];
				const struct entry *l;
				snprintf(rel, sizeof rel, "%s/%s", dirs.v[d], name);
				if (dirs.v[d][0] == '/' || path_normalize(rel, norm, sizeof norm) < 0)
					continue;
				if ((l = plan_find(&c->inv, norm)) && l->has_info) {
					queue[tail++] = l;
					break;
				}
			}
		}
		strlist_free(&dirs);
	}
	strlist_free(&todo);
}

/* Each $ZAPP part of each entry is in the Zapp; with -v, say so. */
static void check_entries(struct check *c, const struct entry *j, struct strlist *reached)
{
	for (size_t i = 0; i < j->stamp_env.n; i++) {
		size_t l;
		const char *entry = runenv_entry_name(j->stamp_env.v[i], &l), *eq = entry + l;
		char name[256], rel[PATH_MAX];
		struct strlist parts = { 0 };
		const struct runenv_var *v;
		snprintf(name, sizeof name, "%.*s", (int)l, entry);
		v = runenv_find(name);
		if (c->verbose)
			zprint(stdout, "%s: sets %s%s", j->dest, entry,
			       entry != j->stamp_env.v[i] ? " (when the locale asked for is there)" : "");
		if (!j->stamp_top)
			continue;	/* reported by the scan */
		runenv_zapp_paths(eq + 1, &parts);
		for (size_t k = 0; k < parts.n; k++) {
			const struct entry *t;
			if (zapp_join(j->stamp_top, parts.v[k], rel, sizeof rel) < 0) {
				check_problem(c, j->dest, "%s leads out of the Zapp ($ZAPP/%s)", name, parts.v[k]);
				continue;
			}
			t = *rel ? plan_find(&c->inv, rel) : NULL;
			if (*rel && !t)
				check_problem(c, j->dest, "%s names %s, which is not in the Zapp", name, rel);
			else if (t && v && v->kind == RUNENV_FILE && t->kind == ENTRY_DIR)
				check_problem(c, j->dest, "%s names %s, which is a directory, not a file", name, rel);
			else if (t && v && v->kind != RUNENV_FILE && t->kind != ENTRY_DIR)
				check_problem(c, j->dest, "%s names %s, which is not a directory", name, rel);
			else if (!strlist_contains(reached, rel))
				strlist_push(reached, rel);
		}
		strlist_free(&parts);
	}
}

/* The table's entries for the launcher j are all there. */
static void check_expected(struct check *c, const struct entry *j, const struct entry *t, char **values)
{
	struct strlist libs = { 0 }, want = { 0 };
	char dir[PATH_MAX];
	path_dirname(j->dest, dir, sizeof dir);
	if (t->has_info)
		closure_names(c, t, dir, &libs);
	runenv_entries(values, path_basename(j->dest), libs.v, NULL, &want);
	for (size_t i = 0; i < want.n; i++) {
		char name[256];
		struct strlist parts = { 0 };
		size_t l;
		const char *wn = runenv_entry_name(want.v[i], &l), *eq = wn + l;
		snprintf(name, sizeof name, "%.*s", (int)l, wn);
		if (runenv_entry_value(&j->stamp_env, name))
			continue;
		runenv_zapp_paths(eq + 1, &parts);
		check_problem(c, j->dest, "the Zapp holds %s, but this launcher does not set %s: its program "
			      "would use the host's (assemble the Zapp again)", parts.n ? parts.v[0] : "it", name);
		strlist_free(&parts);
	}
	for (size_t i = 0; i < runenv_table_size; i++) {
		const struct runenv_var *v = &runenv_table[i];
		if (values[i] || !v->without || !runenv_applies(v, path_basename(j->dest), libs.v)
		    || runenv_entry_value(&j->stamp_env, v->name))
			continue;
		check_problem(c, j->dest, "the Zapp holds nothing %s would name (%s), which its program needs: "
			      "%s where the host has none (assembled with --no-interp-files? assemble it again "
			      "without, or --include them)", v->name, v->paths[0], v->without);
	}
	strlist_free(&libs);
	strlist_free(&want);
}

/* With -v: the data directories of the Zapp named like the program. */
static void say_data(struct check *c, const struct entry *j, const struct entry *t, struct strlist *reached)
{
	/* its own name, and its program's (bin/python3 starts python3.11) */
	static const char *const where[] = { "share/%s*", "lib/%s*", "lib/*-linux-gnu*/%s*",
					     "libexec/%s*", "etc/%s*", NULL };
	const char *names[2] = { path_basename(j->dest), path_basename(t->dest) };
	char top[PATH_MAX], pat[PATH_MAX * 2], rel[PATH_MAX], stem[256];
	snprintf(top, sizeof top, "%s", j->stamp_top ? j->stamp_top : "");
	for (int n = 0; n < 2; n++) {
		/* "python3" reaches lib/python3.11: the name without its version */
		size_t l = strlen(names[n]);
		while (l > 1 && (names[n][l - 1] == '.' || (names[n][l - 1] >= '0' && names[n][l - 1] <= '9')))
			l--;
		snprintf(stem, sizeof stem, "%.*s", (int)l, names[n]);
		for (const char *const *w = where; *w; w++) {
			char p[PATH_MAX];
			snprintf(p, sizeof p, *w, stem);
			if (zapp_join(top, p, pat, sizeof pat) < 0)
				continue;
			for (size_t i = 0; i < c->inv.n; i++) {
				const struct entry *e = c->inv.e[i];
				if (e->kind != ENTRY_DIR || fnmatch(pat, e->dest, FNM_PATHNAME | FNM_PERIOD) != 0)
					continue;
				snprintf(rel, sizeof rel, "%s", e->dest);
				if (!strlist_contains(reached, rel))
					strlist_push(reached, rel);
			}
		}
	}
}

/* Libtool archives that send libltdl to the host's directory. */
static void check_archives(struct check *c)
{
	for (size_t i = 0; i < c->inv.n; i++) {
		const struct entry *e = c->inv.e[i];
		size_t n = strlen(e->dest);
		char libdir[PATH_MAX];
		if (e->kind == ENTRY_FILE && !e->has_info && n > 3 && strcmp(e->dest + n - 3, ".la") == 0
		    && la_names_host_dir(e->src, libdir, sizeof libdir))
			check_problem(c, e->dest, "libtool archive with libdir '%s': libltdl opens the module "
				      "there, the host's, before the Zapp's (assemble the Zapp again)", libdir);
	}
}

void check_env(struct check *c)
{
	struct strlist dirs = { 0 };
	char **values = calloc(runenv_table_size, sizeof *values);
	struct runenv_zapp z = { &dirs, inv_has_file, &c->inv };
	for (size_t i = 0; i < c->inv.n; i++)
		if (c->inv.e[i]->kind == ENTRY_DIR)
			strlist_push(&dirs, c->inv.e[i]->dest);
	strlist_sort(&dirs);
	check_archives(c);
	if (!values || runenv_values(&z, values) < 0) {
		zerr(NULL, "out of memory");
		c->problems++;
		free(values);
		strlist_free(&dirs);
		return;
	}
	for (size_t i = 0; i < c->inv.n; i++) {
		struct entry *j = c->inv.e[i], *t;
		struct strlist reached = { 0 };
		if (j->kind != ENTRY_JUMPLOADER || !j->stamp_target)
			continue;
		t = plan_find(&c->inv, j->stamp_target);
		if (c->verbose)
			zprint(stdout, "%s: starts %s", j->dest, j->stamp_target);
		check_entries(c, j, &reached);
		if (!t || t->kind == ENTRY_DIR) {
			strlist_free(&reached);
			continue;	/* reported by check_rules.c */
		}
		check_expected(c, j, t, values);
		if (c->verbose) {
			say_data(c, j, t, &reached);
			strlist_sort(&reached);
			for (size_t k = 0; k < reached.n; k++)
				zprint(stdout, "%s: reaches %s/ (%zu file%s)", j->dest, reached.v[k],
				       files_under(c, reached.v[k]), files_under(c, reached.v[k]) == 1 ? "" : "s");
		}
		strlist_free(&reached);
	}
	runenv_values_free(values);
	free(values);
	strlist_free(&dirs);
}
