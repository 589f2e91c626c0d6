/* zapp-assemble/rpaths.c: the search path each ELF gets inside the Zapp.
 *
 * - A program: "$ORIGIN/<path from its jumploader's directory to lib>"
 *   ($ORIGIN of a program started by the jumploader is the jumploader's
 *   directory), one such entry per directory holding one of its
 *   jumploaders, then the $ORIGIN-relative entries it had that still lead
 *   inside the Zapp.
 * - A library of an input tree that had a search path: "$ORIGIN/<path from
 *   its directory to lib>", then its relative entries that stay inside.
 * - A library from the system that had a search path: "$ORIGIN".
 * - An included library (a plugin, a Python extension module) that needs
 *   any: "$ORIGIN/<path from its directory to lib>", whatever it had, so
 *   that what it needs is found in the Zapp whoever loads it.
 * Absolute entries are removed, with a warning: they name the build
 * machine's directories and would let the host's libraries in.  With
 * --host-lib, programs get the host's library directories at the end,
 * on purpose (host_libs.c).  Everything
 * is stored as DT_RPATH (see docs/design.md).  Files without a search path
 * that need none (libraries) are left as they are.
 */
#include "assemble.h"
#include "report.h"
#include "searchpath.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct buf {
	char s[8192];
	size_t n;
};

static void append(struct buf *b, const char *entry)
{
	/* no duplicates */
	const char *e;
	size_t l = strlen(entry), el;
	for (const char *c = b->n ? b->s : NULL; searchpath_next(&c, &e, &el); )
		if (el == l && strncmp(e, entry, l) == 0)
			return;
	if (b->n + l + 2 >= sizeof b->s)
		return;
	if (b->n)
		b->s[b->n++] = ':';
	memcpy(b->s + b->n, entry, l + 1);
	b->n += l;
}

static void origin_entry(struct buf *b, const char *from_dir, const char *to)
{
	char rel[PATH_MAX], entry[PATH_MAX + 8];
	if (path_relative(from_dir, to, rel, sizeof rel) < 0)
		return;
	if (strcmp(rel, ".") == 0)
		append(b, "$ORIGIN");
	else {
		snprintf(entry, sizeof entry, "$ORIGIN/%s", rel);
		append(b, entry);
	}
}

/* Keep the relative entries of old (a search path of the file whose
 * directory in its tree was src_dir) that lead inside the Zapp, re-aimed
 * from launch_dir (entries naming directories the Zapp does not hold are
 * dropped); warn about the absolute ones. */
static void keep_relative(const struct plan *plan, struct buf *b, const char *shown, const char *old, const char *src_dir,
			  const char *launch_dir, int quiet)
{
	char entry[PATH_MAX], joined[PATH_MAX * 2], target[PATH_MAX];
	const char *p;
	size_t l, tl;
	for (const char *c = old; searchpath_next(&c, &p, &l); ) {
		if (l && l < sizeof entry) {
			memcpy(entry, p, l);
			entry[l] = '\0';
			if ((tl = searchpath_is_origin(entry, l))) {
				const char *rest = entry + tl;
				snprintf(joined, sizeof joined, "%s/%s", src_dir ? src_dir : "", rest);
				struct entry *d;
				if (src_dir && path_normalize(joined, target, sizeof target) == 0
				    && (d = plan_find(plan, target)) && d->kind == ENTRY_DIR)
					origin_entry(b, launch_dir, target);
			} else if (entry[0] == '/' && !quiet) {
				zwarn(shown, "removed absolute rpath entry '%s'", entry);
			}
		}
	}
}

static int differs(const struct entry *e, const char *value)
{
	return e->info.runpath || !e->info.rpath || strcmp(e->info.rpath, value) != 0;
}

/* b without the entries that lead out of the Zapp from one of dirs, the
 * directories $ORIGIN can be (launchers at another depth share no program
 * file, scan.c; a Zapp read back may still have them). */
static void keep_inside(struct buf *b, const struct strlist *dirs)
{
	struct buf out = { .n = 0 };
	char entry[PATH_MAX], joined[PATH_MAX * 2], norm[PATH_MAX];
	const char *e;
	size_t l, tl;
	for (const char *c = b->n ? b->s : NULL; searchpath_next(&c, &e, &l); ) {
		int inside = l < sizeof entry;
		if (inside) {
			memcpy(entry, e, l);
			entry[l] = '\0';
		}
		tl = inside ? searchpath_is_origin(entry, l) : 0;
		for (size_t k = 0; inside && tl && k < dirs->n; k++) {
			snprintf(joined, sizeof joined, "%s/%s", dirs->v[k], entry + tl);
			inside = path_normalize(joined, norm, sizeof norm) == 0;
		}
		if (inside)
			append(&out, entry);
	}
	*b = out;
}

int rpaths_compute(struct plan *p, struct options *o)
{
	struct strlist host = { 0 };
	if (o->host_libs.n && host_libs_dirs(o, &host) < 0) {
		zerr(NULL, "%s", zwhy());
		return -1;
	}
	for (size_t i = 0; i < p->n; i++) {
		struct entry *e = p->e[i];
		struct buf b = { .n = 0 };
		char src_dir[PATH_MAX], own_dir[PATH_MAX];
		const char *old;
		if (!e->has_info || !e->info.has_dynamic)
			continue;
		old = e->info.runpath ? e->info.runpath : e->info.rpath;
		if (e->kind == ENTRY_PROGRAM) {
			if (e->from_tree)
				path_dirname(e->tree_rel, src_dir, sizeof src_dir);
			for (size_t k = 0; k < e->launch_dirs.n; k++) {
				origin_entry(&b, e->launch_dirs.v[k], "lib");
				for (size_t x = 0; x < e->extra_dirs.n; x++)
					origin_entry(&b, e->launch_dirs.v[k], e->extra_dirs.v[x]);
			}
			for (size_t k = 0; k < e->launch_dirs.n; k++)
				keep_relative(p, &b, e->dest, old, e->from_tree ? src_dir : NULL,
					      e->launch_dirs.v[k], o->quiet || k > 0);
			keep_inside(&b, &e->launch_dirs);
			for (size_t k = 0; k < host.n; k++)
				append(&b, host.v[k]);	/* --host-lib: after the Zapp's own */
		} else if (e->kind == ENTRY_LIBRARY && (old || e->extra_dirs.n || (e->included && e->info.nneeded))) {
			path_dirname(e->dest, own_dir, sizeof own_dir);
			origin_entry(&b, own_dir, "lib");
			for (size_t x = 0; x < e->extra_dirs.n; x++)
				origin_entry(&b, own_dir, e->extra_dirs.v[x]);
			if (e->from_tree)
				keep_relative(p, &b, e->dest, old, own_dir, own_dir, o->quiet);
			else
				keep_relative(p, &b, e->dest, old, NULL, own_dir, o->quiet);
		} else {
			continue;
		}
		if (b.n && differs(e, b.s) && !(e->new_rpath = strdup(b.s))) {
			strlist_free(&host);
			return zerr(NULL, "out of memory"), -1;
		}
	}
	strlist_free(&host);
	return 0;
}
