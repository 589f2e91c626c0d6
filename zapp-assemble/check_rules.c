/* zapp-assemble/check_rules.c: what makes a Zapp complete.
 *  - every jumploader starts a program that is there, with a lib directory
 *    that is there, holding the loader the program names;
 *  - every dynamically linked program is started by a jumploader;
 *  - every DT_NEEDED resolves inside the Zapp the way the bundled loader
 *    resolves it: $ORIGIN of a program is its jumploader's directory; an
 *    object without DT_RUNPATH is searched in its own DT_RPATH and then in
 *    its program's; no system directory counts;
 *  - no search-path entry is absolute, none still says XORIGIN;
 *  - no symbolic link leaves the Zapp (check_scan.c).
 */
#include "check.h"
#include "report.h"
#include "searchpath.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void check_problem(struct check *c, const char *rel, const char *fmt, ...)
{
	char msg[2048];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	c->problems++;
	fprintf(stderr, "%s: %s: %s\n", zapp_prog, rel, msg);
}

/* Zapp-relative directories of a search path, $ORIGIN being origin. */
static void zapp_dirs(const char *value, const char *origin, struct strlist *out)
{
	struct strlist raw = { 0 };
	char norm[PATH_MAX];
	if (!value)
		return;
	searchpath_expand(value, origin, &raw, NULL);
	for (size_t i = 0; i < raw.n; i++)
		if (raw.v[i][0] != '/' && path_normalize(raw.v[i], norm, sizeof norm) == 0)
			strlist_push(out, norm);
	strlist_free(&raw);
}

static struct entry *find(struct check *c, const struct strlist *dirs, const char *name)
{
	char rel[PATH_MAX * 2], norm[PATH_MAX];
	for (size_t i = 0; i < dirs->n; i++) {
		snprintf(rel, sizeof rel, "%s/%s", dirs->v[i], name);
		if (path_normalize(rel, norm, sizeof norm) < 0)
			continue;
		struct entry *e = plan_find(&c->inv, norm);
		if (e && e->has_info && e->info.type == ET_DYN)
			return e;
	}
	return NULL;
}

static void own_dir(const struct entry *e, char *out, size_t len)
{
	path_dirname(e->dest, out, len);
}

/* Everything program p (started from launch_dir) loads, found inside. */
static void check_closure(struct check *c, struct entry *p, const char *launch_dir)
{
	struct entry **queue = malloc((c->inv.n + 1) * sizeof *queue);
	size_t head = 0, tail = 0;
	const char *loader = p->info.interp ? path_basename(p->info.interp) : "";
	if (!queue)
		return;
	queue[tail++] = p;
	p->program = p;
	while (head < tail) {
		struct entry *o = queue[head++];
		char origin[PATH_MAX];
		struct strlist dirs = { 0 };
		if (o == p)
			snprintf(origin, sizeof origin, "%s", launch_dir);
		else
			own_dir(o, origin, sizeof origin);
		if (!o->info.runpath) {
			zapp_dirs(o->info.rpath, origin, &dirs);
			if (o != p && !p->info.runpath)
				zapp_dirs(p->info.rpath, launch_dir, &dirs);
		}
		zapp_dirs(o->info.runpath, origin, &dirs);
		for (size_t k = 0; k < o->info.nneeded; k++) {
			const char *name = o->info.needed[k];
			struct entry *lib;
			if (strcmp(name, loader) == 0)
				continue;	/* the loader itself, loaded already */
			if (!(lib = find(c, &dirs, name))) {
				if (o == p)
					check_problem(c, o->dest, "needs %s, which is not found inside the Zapp", name);
				else
					check_problem(c, o->dest, "needs %s, which is not found inside the Zapp (for %s)",
						      name, p->dest);
				continue;
			}
			if (lib->program != p) {
				lib->program = p;
				queue[tail++] = lib;
			}
		}
		strlist_free(&dirs);
	}
	free(queue);
}

static void check_search_path(struct check *c, struct entry *e)
{
	const char *values[2] = { e->info.rpath, e->info.runpath };
	for (int i = 0; i < 2; i++) {
		const char *v = values[i];
		for (const char *s = v; s && *s; ) {
			size_t l = strcspn(s, ":");
			if (s[0] == '/')
				check_problem(c, e->dest, "absolute rpath entry '%.*s'", (int)l, s);
			if (l >= 7 && strncmp(s, "XORIGIN", 7) == 0)
				check_problem(c, e->dest, "XORIGIN left in its rpath '%s'", v);
			s += l;
			if (*s == ':')
				s++;
		}
	}
}

static void check_jumploader(struct check *c, struct entry *j)
{
	struct entry *t, *d;
	char dir[PATH_MAX];
	c->launchers++;
	if (!j->stamp_target || !j->stamp_libdir)
		return;	/* reported by the scan */
	t = plan_find(&c->inv, j->stamp_target);
	if (!t || t->kind != ENTRY_FILE) {
		check_problem(c, j->dest, "starts %s, which is not in the Zapp", j->stamp_target);
		return;
	}
	if (!t->has_info || (elf_role_of(&t->info) != ELF_ROLE_PROGRAM
			     && elf_role_of(&t->info) != ELF_ROLE_STATIC)) {
		check_problem(c, j->dest, "starts %s, which is not an ELF program", j->stamp_target);
		return;
	}
	d = plan_find(&c->inv, j->stamp_libdir);
	if (!d || d->kind != ENTRY_DIR) {
		check_problem(c, j->dest, "its library directory %s is not in the Zapp", j->stamp_libdir);
		return;
	}
	if (t->info.interp) {
		char loader[PATH_MAX * 2];
		snprintf(loader, sizeof loader, "%s/%s", j->stamp_libdir, path_basename(t->info.interp));
		if (!plan_find(&c->inv, loader))
			check_problem(c, j->dest, "the loader %s of its program is missing", loader);
	}
	path_dirname(j->dest, dir, sizeof dir);
	if (!strlist_contains(&t->launch_dirs, dir))
		strlist_push(&t->launch_dirs, dir);
}

void check_rules(struct check *c)
{
	for (size_t i = 0; i < c->inv.n; i++)
		if (c->inv.e[i]->kind == ENTRY_JUMPLOADER)
			check_jumploader(c, c->inv.e[i]);
	for (size_t i = 0; i < c->inv.n; i++) {
		struct entry *e = c->inv.e[i];
		if (!e->has_info)
			continue;
		check_search_path(c, e);
		enum elf_role role = elf_role_of(&e->info);
		if (role == ELF_ROLE_LIBRARY)
			c->libraries++;
		if (role != ELF_ROLE_PROGRAM)
			continue;
		c->programs++;
		if (e->launch_dirs.n == 0) {
			check_problem(c, e->dest, "no jumploader starts this program: it would need the host's loader %s",
				      e->info.interp);
			continue;
		}
		for (size_t k = 0; k < e->launch_dirs.n; k++)
			check_closure(c, e, e->launch_dirs.v[k]);
	}
	/* libraries no program loads (plugins): their own search path, then lib/ */
	for (size_t i = 0; i < c->inv.n; i++) {
		struct entry *e = c->inv.e[i];
		char origin[PATH_MAX];
		struct strlist dirs = { 0 };
		if (!e->has_info || e->program || elf_role_of(&e->info) != ELF_ROLE_LIBRARY)
			continue;
		own_dir(e, origin, sizeof origin);
		zapp_dirs(e->info.runpath ? e->info.runpath : e->info.rpath, origin, &dirs);
		strlist_push(&dirs, "lib");
		for (size_t k = 0; k < e->info.nneeded; k++)
			if (!find(c, &dirs, e->info.needed[k]) && strncmp(e->info.needed[k], "ld-linux", 8) != 0)
				check_problem(c, e->dest, "needs %s, which is not found inside the Zapp",
					      e->info.needed[k]);
		strlist_free(&dirs);
	}
}
