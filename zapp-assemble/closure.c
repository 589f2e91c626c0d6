/* zapp-assemble/closure.c: every library the programs need, found the way
 * the dynamic loader would find it, from the ELF headers alone (no loader
 * is run), and planned as lib/NAME under the name DT_NEEDED asks for; and
 * each program's loader, as lib/<basename of PT_INTERP>.
 *
 * A library of an input tree keeps its place and wins over any other file
 * of its name: inside the Zapp, lib/ is searched first.  Other libraries
 * are searched in the needing object's own DT_RPATH (and its program's,
 * as glibc does when the object has no DT_RUNPATH) or DT_RUNPATH, then in
 * the input trees' lib directories, then in the system's directories
 * (ld.so.conf, then the defaults) inside --sysroot.  Files of another class
 * or machine are passed over, as the loader passes them over.
 */
#include "assemble.h"
#include "launch_check.h"
#include "report.h"
#include "searchpath.h"
#include "target.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct search {
	struct options *o;
	struct strlist system;		/* system library directories */
	struct strlist tree_dirs;	/* lib directories of the input trees */
	struct strlist cache_name;	/* name -> where the shared part of the search found it */
	struct strlist cache_path;	/* "" for not found */
};

static const struct strlist *owner_trees;	/* real paths of the input trees */

static const char *in_tree(struct options *o, const char *real)
{
	for (size_t i = 0; i < o->trees.n; i++)
		if (path_under(real, o->trees.v[i]))
			return o->trees.v[i];
	return NULL;
}

/* Is dir/name a library the loader would take for this program? */
/* The headers of the library usable() accepted last, kept for the entry
 * that plans it (plan_shared), so that each library is read once. */
static struct elf_info last_info;
static char last_path[PATH_MAX];

static int usable(const char *dir, const char *name, const struct elf_info *want, char *out, size_t len)
{
	struct stat st;
	struct elf_info info;
	if (snprintf(out, len, "%s/%s", dir, name) >= (int)len)
		return 0;
	if (stat(out, &st) < 0 || !S_ISREG(st.st_mode))
		return 0;
	if (elf_info_read(out, &info) < 0)
		return 0;
	int ok = info.machine == want->machine && info.elfclass == want->elfclass && info.type == ET_DYN;
	if (!ok) {
		elf_info_free(&info);
		return 0;
	}
	if (last_path[0])
		elf_info_free(&last_info);
	last_info = info;
	snprintf(last_path, sizeof last_path, "%s", out);
	return 1;
}

/* The headers of the library at path: those usable() kept, or read now. */
static int library_info(const char *path, struct elf_info *info)
{
	if (last_path[0] && strcmp(last_path, path) == 0) {
		*info = last_info;
		last_path[0] = '\0';
		return 0;
	}
	return elf_info_read(path, info);
}

static int search_dirs(const struct strlist *dirs, const char *name, const struct elf_info *want,
		       char *out, size_t len)
{
	for (size_t i = 0; i < dirs->n; i++)
		if (usable(dirs->v[i], name, want, out, len))
			return 1;
	return 0;
}

/* Entries already warned about, "src\tentry": one warning each. */
static struct strlist warned;

static void warn_entry(struct options *o, const char *src, const char *entry, const char *why)
{
	char key[PATH_MAX * 2];
	snprintf(key, sizeof key, "%s\t%s", src, entry);
	if (o->quiet || strlist_contains(&warned, key))
		return;
	strlist_push(&warned, key);
	zwarn(src, "rpath entry '%s' not searched: %s", entry, why);
}

/* The directories of a DT_RPATH/DT_RUNPATH value of the file at src.
 * Nothing outside the inputs and the system is read: absolute entries are
 * taken inside --sysroot ("..", as in a chroot, stops at it); an $ORIGIN
 * entry (origin: src's directory) is searched only when it leads, symbolic
 * links resolved, inside the input tree src belongs to, or else inside
 * --sysroot when there is one; other relative entries (relative to the
 * working directory of whoever runs the program) are not searched. */
static int object_dirs(struct options *o, const char *value, const char *src, struct strlist *dirs)
{
	char origin[PATH_MAX], src_real[PATH_MAX], root_real[PATH_MAX];
	const char *limit = NULL;
	if (!value)
		return 0;
	path_dirname(src, origin, sizeof origin);
	if (realpath(src, src_real))
		limit = in_tree(o, src_real);
	if (!limit && *o->sysroot && realpath(o->sysroot, root_real))
		limit = root_real;
	const char *p;
	size_t len;
	for (const char *c = value; searchpath_next(&c, &p, &len); ) {
		char entry[PATH_MAX];
		if (len && len < sizeof entry) {
			memcpy(entry, p, len);
			entry[len] = '\0';
			struct strlist one = { 0 };
			if (searchpath_expand(entry, origin, &one, NULL) < 0)
				return -1;
			for (size_t i = 0; i < one.n; i++) {
				char full[PATH_MAX];
				if (entry[0] == '/') {
					if (path_join_root(o->sysroot, one.v[i], full, sizeof full) == 0)
						strlist_push(dirs, full);
				} else if (!searchpath_is_origin(entry, len)) {
					warn_entry(o, src, entry, "it is relative to the working directory");
				} else if (!realpath(one.v[i], full)) {
					continue;	/* no such directory: nothing to find there */
				} else if (limit && !path_under(full, limit)) {
					warn_entry(o, src, entry, limit == root_real ? "it leads out of --sysroot"
										 : "it leads out of the input");
				} else {
					strlist_push(dirs, full);
				}
			}
			strlist_free(&one);
		}
	}
	return 0;
}

/* Find name for object e; 1 with the path in out, 0 when not found. */
static int find_library(struct search *s, struct entry *e, const char *name, char *out, size_t len)
{
	struct strlist own = { 0 };
	int found = 0;
	if (!e->info.runpath) {
		object_dirs(s->o, e->info.rpath, e->src, &own);
		if (e->program && e->program != e && !e->program->info.runpath)
			object_dirs(s->o, e->program->info.rpath, e->program->src, &own);
	}
	object_dirs(s->o, e->info.runpath, e->src, &own);
	found = search_dirs(&own, name, &e->info, out, len);
	strlist_free(&own);
	if (found)
		return 1;
	for (size_t i = 0; i < s->cache_name.n; i++)
		if (strcmp(s->cache_name.v[i], name) == 0) {
			snprintf(out, len, "%s", s->cache_path.v[i]);
			return out[0] != '\0';
		}
	found = search_dirs(&s->tree_dirs, name, &e->info, out, len)
		|| search_dirs(&s->system, name, &e->info, out, len);
	strlist_push(&s->cache_name, name);
	strlist_push(&s->cache_path, found ? out : "");
	return found;
}

/* Plan src as dest (a library or the loader), or check that what is
 * planned there already is the same file. */
static int plan_shared(struct plan *p, struct entry *by, const char *dest, const char *src,
		       enum entry_kind kind)
{
	struct entry *have = plan_find(p, dest);
	if (have) {
		if (have->from_tree && have->kind != ENTRY_LOADER)
			return 0;	/* the tree's own library wins */
		if (have->src && same_file_content(have->src, src))
			return 0;
		zerr(dest, "two different libraries claim this name: %s (needed by %s) and %s (needed by %s)",
		     have->src ? have->src : "?", have->needed_by ? have->needed_by : "the input",
		     src, by->dest);
		return -1;
	}
	struct entry *e = plan_add(p, dest, kind, src);
	if (!e)
		return zerr(dest, "%s", zwhy()), -1;
	e->mode = 0755;
	e->needed_by = by->dest;
	e->program = by->kind == ENTRY_PROGRAM ? by : by->program;
	if (kind == ENTRY_LIBRARY) {
		if (library_info(src, &e->info) < 0)
			return zerr(src, "cannot read its ELF headers: %s", zwhy()), -1;
		e->has_info = 1;
	}
	return 0;
}

/* A library of an input tree keeps its place.  When that place is not lib/
 * (Meson and Debian put libraries in lib/x86_64-linux-gnu/), the program
 * whose closure loads it must search there too. */
static int reach_tree_library(struct entry *e, const char *found)
{
	char dir[PATH_MAX], real[PATH_MAX];
	struct entry *owner = e->kind == ENTRY_PROGRAM || !e->program ? e : e->program;
	const char *root;
	path_dirname(found, dir, sizeof dir);
	if (!realpath(dir, real))
		return 0;
	for (size_t i = 0; i < owner_trees->n; i++) {
		root = owner_trees->v[i];
		const char *rel = path_under(real, root);
		if (!rel)
			continue;
		if (!*rel)
			rel = ".";
		if (strcmp(rel, "lib") != 0 && !strlist_contains(&owner->extra_dirs, rel)
		    && strlist_push(&owner->extra_dirs, rel) < 0)
			return zerr(NULL, "out of memory"), -1;
		return 0;
	}
	return 0;
}

static int resolve_needed(struct search *s, struct plan *p, struct entry *e, const char *name)
{
	char dest[PATH_MAX], found[PATH_MAX], real[PATH_MAX];
	if (strchr(name, '/')) {
		zerr(e->dest, "needs '%s' by a path, which a Zapp cannot provide", name);
		return -1;
	}
	snprintf(dest, sizeof dest, "lib/%s", name);
	struct entry *have = plan_find(p, dest);
	if (have && have->from_tree)
		return 0;
	if (!find_library(s, e, name, found, sizeof found)) {
		/* The loader takes a library its process has loaded already by
		 * that name, without searching (systemd's private libraries
		 * need each other that way): so does the Zapp, from lib/. */
		if (have)
			return 0;
		zerr(name, "library not found: needed by %s", e->src ? e->src : e->dest);
		return -1;
	}
	if (s->o->trees.n && realpath(found, real) && in_tree(s->o, real))
		return reach_tree_library(e, found);
	if (s->o->verbose && !have)
		fprintf(stderr, "%s: %s: %s (for %s)\n", zapp_prog, dest, found, e->dest);
	return plan_shared(p, e, dest, found, ENTRY_LIBRARY);
}

static int resolve_loader(struct plan *p, struct options *o, struct entry *e)
{
	char path[PATH_MAX], dest[PATH_MAX];
	const char *interp = e->info.interp, *base = strrchr(interp, '/');
	struct stat st;
	base = base ? base + 1 : interp;
	if (!*base || strcmp(base, "..") == 0 || strcmp(base, ".") == 0) {
		zerr(e->src, "its interpreter '%s' is not a file name", interp);
		return -1;
	}
	snprintf(path, sizeof path, "%s%s", interp[0] == '/' ? o->sysroot : "", interp);
	if (stat(path, &st) < 0 || !S_ISREG(st.st_mode)) {
		zerr(interp, "loader not found: needed by %s%s%s", e->src,
		     *o->sysroot ? " in " : "", o->sysroot);
		return -1;
	}
	if (launch_check(path, LAUNCH_LOADER) < 0) {
		zerr(path, "the jumploader will not start it as the loader: %s", zwhy());
		return -1;
	}
	snprintf(dest, sizeof dest, "lib/%s", base);
	return plan_shared(p, e, dest, path, ENTRY_LOADER);
}

int closure_resolve(struct plan *p, struct options *o)
{
	struct search s = { .o = o };
	owner_trees = &o->trees;
	int failed = 0;
	if (searchpath_system(o->sysroot, &s.system) < 0)
		return zerr(NULL, "%s", zwhy()), -1;
	for (size_t i = 0; i < o->trees.n; i++) {
		char multiarch[80];
		snprintf(multiarch, sizeof multiarch, "lib/%s", target_build()->triplet);
		const char *const sub[] = { "lib", "lib64", multiarch };
		for (size_t k = 0; k < 3; k++) {
			char d[PATH_MAX];
			snprintf(d, sizeof d, "%s/%s", o->trees.v[i], sub[k]);
			strlist_push(&s.tree_dirs, d);
		}
	}
	/* p->n grows while this runs: new libraries are resolved in turn */
	for (size_t i = 0; i < p->n; i++) {
		struct entry *e = p->e[i];
		if (!e->has_info)
			continue;
		if (e->kind == ENTRY_PROGRAM && resolve_loader(p, o, e) < 0)
			failed++;
		for (size_t k = 0; k < e->info.nneeded; k++)
			if (resolve_needed(&s, p, e, e->info.needed[k]) < 0)
				failed++;
		if (interrupted())
			break;
	}
	strlist_free(&s.system);
	strlist_free(&s.tree_dirs);
	strlist_free(&s.cache_name);
	strlist_free(&s.cache_path);
	if (last_path[0]) {
		elf_info_free(&last_info);
		last_path[0] = '\0';
	}
	strlist_free(&warned);
	return failed ? -1 : 0;
}
