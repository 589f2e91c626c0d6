/* zapp-assemble/closure.c: every library the programs need, found the way
 * the dynamic loader would find it, from the ELF headers alone (no loader
 * is run), and planned as lib/NAME under the name DT_NEEDED asks for; and
 * each program's loader, as lib/<basename of PT_INTERP>.
 *
 * The closure grows from the programs (and the libraries given as files):
 * what they need, what that needs, and so on; a name that cannot be had
 * is an error.  The other libraries of the input trees (plugins, or a
 * whole /usr/lib) are tried afterwards, one at a time: one whose own
 * needs can all be met is a library of the Zapp, and brings what it
 * needs; one of another architecture, or that needs what cannot be had,
 * is left out, with a warning (the loader could not load it: zapp-check
 * would rightly call the Zapp incomplete), and brings nothing.
 *
 * A library of an input tree keeps its place and wins over any other file
 * of its name: inside the Zapp, lib/ is searched first.  Other libraries
 * are searched in the needing object's own DT_RPATH (and its program's,
 * as glibc does when the object has no DT_RUNPATH) or DT_RUNPATH, then in
 * the input trees' lib directories, then in the system's directories
 * (ld.so.conf, then the defaults) inside --sysroot.  Files of another class
 * or machine are passed over, as the loader passes them over.  The loader
 * stops at any other file it cannot load (not ELF, too short, an object or
 * core file, an executable, no dynamic section): zapp passes over those
 * too, since the Zapp will not hold them, and names them when nothing else
 * is found.
 */
#include "assemble.h"
#include "launch_check.h"
#include "libc_kind.h"
#include "report.h"
#include "searchpath.h"
#include "target.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct search {
	struct options *o;
	struct plan *p;
	struct strlist system;		/* system library directories */
	struct strlist musl_system;	/* musl's loader's (searchpath_musl) */
	int musl_system_read;
	struct strlist tree_dirs;	/* lib directories of the input trees */
	struct strlist cache_name;	/* name -> where the shared part of the search found it */
	struct strlist cache_path;	/* "" for not found */
	struct strlist cache_note;	/* what it passed over */
	/* The headers of the library usable() accepted last, kept for the
	 * entry that plans it (plan_shared), so that each library is read once. */
	struct elf_info last_info;
	char last_path[PATH_MAX];
	char passed[PATH_MAX + 128];	/* the first file the current search passed over, and why */
	char subject[PATH_MAX];		/* why the last resolution failed: subject ... */
	char why[PATH_MAX * 3];		/* ... and message */
	struct entry **queue;		/* entries whose needs are being resolved */
	size_t nqueue, queue_cap;
	struct strlist loaded_name;	/* the names libraries were given by so far ... */
	struct entry **loaded;		/* ... the entries ... */
	struct entry **loaded_in;	/* ... and the program whose process loads them */
	size_t loaded_cap;
	int alone;			/* trying the libraries no program needs */
	char loader_ok[PATH_MAX];	/* the loader launch_check passed last: checked
					   once for the programs that share it */
};

/* The program whose process loads e (NULL: a library nothing reached). */
static struct entry *process_of(struct entry *e)
{
	return e->kind == ENTRY_PROGRAM ? e : e->program;
}

/* The C library whose loader loads e: its program's, or for a library
 * no program reached, musl's when it needs musl's libc by one of musl's
 * own names. */
static enum libc_kind libc_of(const struct entry *e)
{
	const struct entry *p = e->kind == ENTRY_PROGRAM ? e : e->program;
	if (p && p->info.interp)
		return libc_kind_of(p->info.interp);
	for (size_t k = 0; k < e->info.nneeded; k++)
		if (libc_musl_own(e->info.needed[k]))
			return LIBC_MUSL;
	return LIBC_GLIBC;
}

static struct entry *loaded_by_name(const struct search *s, const char *name, const struct entry *in)
{
	for (size_t i = 0; i < s->loaded_name.n; i++)
		if (s->loaded_in[i] == in && strcmp(s->loaded_name.v[i], name) == 0)
			return s->loaded[i];
	return NULL;
}

/* Remember that the process of e loaded t by name, as the loader's list of
 * loaded objects does. */
static int remember_loaded(struct search *s, struct entry *e, const char *name, struct entry *t)
{
	struct entry *in = process_of(e);
	if (loaded_by_name(s, name, in))
		return 0;
	if (s->loaded_name.n == s->loaded_cap) {
		size_t cap = s->loaded_cap ? s->loaded_cap * 2 : 256;
		struct entry **v = realloc(s->loaded, cap * sizeof *v), **w;
		if (v)
			s->loaded = v;
		if (!v || !(w = realloc(s->loaded_in, cap * sizeof *w)))
			return zerr(NULL, "out of memory"), -1;
		s->loaded_in = w;
		s->loaded_cap = cap;
	}
	s->loaded[s->loaded_name.n] = t;
	s->loaded_in[s->loaded_name.n] = in;
	return strlist_push(&s->loaded_name, name) < 0 ? (zerr(NULL, "out of memory"), -1) : 0;
}

/* Forget the names remembered since there were n. */
static void forget_loaded(struct search *s, size_t n)
{
	while (s->loaded_name.n > n)
		free(s->loaded_name.v[--s->loaded_name.n]);
	if (s->loaded_name.v)
		s->loaded_name.v[s->loaded_name.n] = NULL;
}

/* Record why a resolution failed; NULL. */
static struct entry *failure(struct search *s, const char *subject, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static struct entry *failure(struct search *s, const char *subject, const char *fmt, ...)
{
	va_list ap;
	snprintf(s->subject, sizeof s->subject, "%s", subject);
	va_start(ap, fmt);
	vsnprintf(s->why, sizeof s->why, fmt, ap);
	va_end(ap);
	return NULL;
}

static const char *in_tree(struct options *o, const char *real)
{
	for (size_t i = 0; i < o->trees.n; i++)
		if (path_under(real, o->trees.v[i]))
			return o->trees.v[i];
	return NULL;
}

static const char *arch_name(const struct elf_info *info, char *buf, size_t len)
{
	char m[32];
	snprintf(buf, len, "%s%s", info->elfclass == ELFCLASS32 ? "32-bit " : info->elfclass == ELFCLASS64 ? "64-bit " : "",
		 elf_machine_name(info->machine, m, sizeof m));
	return buf;
}

/* Can the loader of want (a program or library) load info as a library?
 * NULL: yes; "": no, and it passes over it (another class or machine);
 * else why it would stop there. */
static const char *library_verdict(const struct elf_info *info, const struct elf_info *want)
{
	if (info->elfclass != want->elfclass || info->machine != want->machine)
		return "";
	if (info->data != want->data)
		return "its byte order is not the program's";
	switch (info->type) {
	case ET_DYN: break;
	case ET_REL: return "an object file, not a shared library";
	case ET_CORE: return "a core file, not a shared library";
	case ET_EXEC: return "an executable, not a shared library";
	default: return "not a shared library";
	}
	if (!info->has_dynamic)
		return "a file without a dynamic section, not a shared library";
	if (info->flags_1 & DF_1_PIE)
		return "a position-independent executable, not a shared library";
	return NULL;
}

/* library_verdict() of the file at path, read now; info is kept when it
 * is usable (the caller frees it). */
static const char *file_verdict(const char *path, const struct elf_info *want, struct elf_info *info)
{
	struct stat st;
	const char *v;
	memset(info, 0, sizeof *info);
	if (stat(path, &st) < 0)
		return "";
	if (S_ISDIR(st.st_mode))
		return "a directory";
	if (!S_ISREG(st.st_mode))
		return "not a regular file";
	if (!zelf_is_elf_file(path))
		return st.st_size < 64 ? "too short for an ELF file" : "not an ELF file";
	if (elf_info_read(path, info) < 0)
		return "its ELF headers cannot be read";
	if ((v = library_verdict(info, want)))
		elf_info_free(info);
	return v;
}

/* Is dir/name a library the loader would take for want? */
static int usable(struct search *s, const char *dir, const char *name, const struct elf_info *want,
		  char *out, size_t len)
{
	struct elf_info info;
	const char *why;
	if (snprintf(out, len, "%s/%s", dir, name) >= (int)len || access(out, F_OK) < 0)
		return 0;
	if ((why = file_verdict(out, want, &info))) {
		if (*why && !s->passed[0])
			snprintf(s->passed, sizeof s->passed, "%s: %s", out, why);
		return 0;
	}
	if (s->last_path[0])
		elf_info_free(&s->last_info);
	s->last_info = info;
	snprintf(s->last_path, sizeof s->last_path, "%s", out);
	return 1;
}

/* The headers of the library at path: those usable() kept, or read now. */
static int library_info(struct search *s, const char *path, struct elf_info *info)
{
	if (s->last_path[0] && strcmp(s->last_path, path) == 0) {
		*info = s->last_info;
		s->last_path[0] = '\0';
		return 0;
	}
	return elf_info_read(path, info);
}

static int search_dirs(struct search *s, const struct strlist *dirs, const char *name,
		       const struct elf_info *want, char *out, size_t len)
{
	for (size_t i = 0; i < dirs->n; i++)
		if (usable(s, dirs->v[i], name, want, out, len))
			return 1;
	return 0;
}

/* Entries already warned about, "src\tentry": one warning each. */

static void warn_entry(struct options *o, const char *src, const char *entry, const char *why)
{
	char key[PATH_MAX * 2];
	snprintf(key, sizeof key, "%s\t%s", src, entry);
	if (o->quiet || strlist_contains(&o->warned, key))
		return;
	strlist_push(&o->warned, key);
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

/* Find name for object e; 1 with the path in out, 0 when not found (and
 * s->passed says what was passed over). */
static int find_library(struct search *s, struct entry *e, const char *name, char *out, size_t len)
{
	struct strlist own = { 0 };
	const char *as = e->origin_path ? e->origin_path : e->src;
	int found = 0, musl = libc_of(e) == LIBC_MUSL;
	s->passed[0] = '\0';
	if (musl) {
		/* musl: the DT_RUNPATH, else the DT_RPATH, of the object and of
		 * each one that loaded it first, up to its program */
		const struct entry *by = e;
		for (int depth = 0; by && depth < 64; depth++) {
			object_dirs(s->o, by->info.runpath ? by->info.runpath : by->info.rpath,
				    by->origin_path ? by->origin_path : by->src, &own);
			if (by->kind == ENTRY_PROGRAM || !by->needed_by)
				break;
			const struct entry *next = plan_find(s->p, by->needed_by);
			by = next && next->has_info && next != by ? next : NULL;
		}
	} else if (!e->info.runpath) {
		object_dirs(s->o, e->info.rpath, as, &own);
		if (e->program && e->program != e && !e->program->info.runpath)
			object_dirs(s->o, e->program->info.rpath,
				    e->program->origin_path ? e->program->origin_path : e->program->src, &own);
	}
	if (!musl)
		object_dirs(s->o, e->info.runpath, as, &own);
	found = search_dirs(s, &own, name, &e->info, out, len);
	strlist_free(&own);
	if (found)
		return 1;
	/* the shared part of the search: glibc's and musl's apart */
	char key[PATH_MAX];
	snprintf(key, sizeof key, "%s%s", musl ? "musl\t" : "", name);
	if (musl && !s->musl_system_read) {
		const struct entry *p = e->kind == ENTRY_PROGRAM ? e : e->program;
		char interp[PATH_MAX];
		if (p && p->info.interp)
			snprintf(interp, sizeof interp, "%s", p->info.interp);
		else
			snprintf(interp, sizeof interp, "/lib/%s", target_build()->musl);
		s->musl_system_read = 1;
		if (searchpath_musl(s->o->sysroot, interp, &s->musl_system) < 0)
			zerr(NULL, "%s", zwhy());
	}
	for (size_t i = 0; i < s->cache_name.n; i++)
		if (strcmp(s->cache_name.v[i], key) == 0) {
			snprintf(out, len, "%s", s->cache_path.v[i]);
			if (!s->passed[0])
				snprintf(s->passed, sizeof s->passed, "%s", s->cache_note.v[i]);
			return out[0] != '\0';
		}
	char before[sizeof s->passed];
	snprintf(before, sizeof before, "%s", s->passed);
	s->passed[0] = '\0';
	found = search_dirs(s, &s->tree_dirs, name, &e->info, out, len)
		|| search_dirs(s, musl ? &s->musl_system : &s->system, name, &e->info, out, len);
	strlist_push(&s->cache_name, key);
	strlist_push(&s->cache_path, found ? out : "");
	strlist_push(&s->cache_note, s->passed);
	if (before[0])
		snprintf(s->passed, sizeof s->passed, "%s", before);
	return found;
}

/* Plan src as dest (a library or the loader), or check that what is
 * planned there already is the same file: the entry, or NULL. */
static struct entry *plan_shared(struct search *s, struct entry *by, const char *dest, const char *src,
				 enum entry_kind kind)
{
	struct entry *have = plan_find(s->p, dest);
	struct stat st;
	if (have) {
		int same = have->src && same_file_content(have->src, src);
		if (kind == ENTRY_LOADER && have->kind == ENTRY_LIBRARY && (same || have->from_tree))
			have->kind = ENTRY_LOADER;	/* given as an input, or in a tree */
		if (have->from_tree && have->kind != ENTRY_LOADER)
			return have;	/* the tree's own library wins */
		if (same || (have->from_tree && kind == ENTRY_LOADER))
			return have;
		enum libc_kind a = have->program ? libc_of(have->program) : LIBC_UNKNOWN, b = libc_of(by);
		if (kind == ENTRY_LIBRARY && a != b && a != LIBC_UNKNOWN)
			return failure(s, dest, "a %s program and a %s program need two different libraries of this name: "
				       "%s (needed by %s) and %s (needed by %s); one Zapp has one lib/: "
				       "assemble them into two Zapps", libc_kind_name(a), libc_kind_name(b),
				       have->src ? have->src : "?", have->needed_by ? have->needed_by : "the input",
				       src, by->dest);
		return failure(s, dest, "two different libraries claim this name: %s (needed by %s) and %s (needed by %s)",
			       have->src ? have->src : "?", have->needed_by ? have->needed_by : "the input",
			       src, by->dest);
	}
	struct entry *e = plan_add(s->p, dest, kind, src);
	if (!e)
		return failure(s, dest, "%s", zwhy());
	e->mode = 0755;
	e->needed_by = by->dest;
	e->program = by->kind == ENTRY_PROGRAM ? by : by->program;
	if (stat(src, &st) == 0) {
		e->src_dev = st.st_dev;
		e->src_ino = st.st_ino;
		e->src_size = st.st_size;
	}
	if (kind == ENTRY_LIBRARY) {
		if (library_info(s, src, &e->info) < 0)
			return failure(s, src, "cannot read its ELF headers: %s", zwhy());
		e->has_info = 1;
	}
	return e;
}

/* A library of an input tree keeps its place.  When that place is not lib/
 * (Meson and Debian put libraries in lib/x86_64-linux-gnu/), the program
 * whose closure loads it must search there too.  Its entry, or NULL. */
static struct entry *reach_tree_library(struct search *s, struct entry *e, const char *found, const char *name)
{
	char dir[PATH_MAX], real[PATH_MAX], rel[PATH_MAX * 2];
	struct entry *owner = e->kind == ENTRY_PROGRAM || !e->program ? e : e->program;
	path_dirname(found, dir, sizeof dir);
	if (!realpath(dir, real))
		return NULL;
	for (size_t i = 0; i < s->o->trees.n; i++) {
		const char *in = path_under(real, s->o->trees.v[i]);
		if (!in)
			continue;
		if (strcmp(in, "lib") != 0 && !strlist_contains(&owner->extra_dirs, *in ? in : ".")
		    && strlist_push(&owner->extra_dirs, *in ? in : ".") < 0)
			return failure(s, name, "out of memory");
		snprintf(rel, sizeof rel, "%s%s%s", in, *in ? "/" : "", name);
		return plan_find(s->p, rel);
	}
	return NULL;
}

/* What the tree's file t, found for e under the name it needs, is worth:
 * t, or NULL when the loader cannot use it. */
static struct entry *tree_library(struct search *s, struct entry *e, struct entry *t)
{
	struct elf_info info;
	const char *why;
	char a[64];
	if (t->needed < 0)
		return failure(s, t->dest, "needed by %s, but left out: its own needs cannot be met", e->dest);
	if (t->has_info)
		why = library_verdict(&t->info, &e->info);
	else if (!(why = file_verdict(t->src, &e->info, &info)))
		elf_info_free(&info);
	if (!why && t->kind != ENTRY_LIBRARY && t->kind != ENTRY_LOADER)
		why = "not a shared library";
	if (!why)
		return t;
	if (!*why)
		why = t->has_info ? arch_name(&t->info, a, sizeof a) : "of another architecture";
	return failure(s, t->dest, "needed by %s, but the loader cannot use this file of the input: %s", e->dest, why);
}

/* A library of the input trees that the loader would know by name (its
 * file name or its soname): for a library no program needs, which is
 * loaded by dlopen, it may well be loaded already (the JDK's libjava.so
 * needs libjvm.so, which java loads from lib/server/ first). */
static struct entry *tree_library_named(struct search *s, const char *name)
{
	for (size_t i = 0; i < s->p->n; i++) {
		struct entry *t = s->p->e[i];
		if (t->from_tree && t->kind == ENTRY_LIBRARY && t->needed >= 0 && !t->drop
		    && (strcmp(path_basename(t->dest), name) == 0 || (t->info.soname && strcmp(t->info.soname, name) == 0)))
			return t;
	}
	return NULL;
}

/* A DT_NEEDED by an $ORIGIN path (python-build-standalone's
 * "$ORIGIN/../lib/libpython3.12.so.1.0"): the library of the input it
 * leads to from each directory e is started from (its launchers') or lies
 * in (a library); NULL (see s->why). */
static struct entry *provide_by_origin(struct search *s, struct entry *e, const char *name)
{
	size_t tok = searchpath_is_origin(name, strlen(name));
	const struct strlist *dirs = e->kind == ENTRY_PROGRAM ? &e->launch_dirs : NULL;
	struct entry *t = NULL;
	if (!tok || (dirs && !dirs->n))
		return failure(s, e->dest, "needs '%s' by a path, which a Zapp cannot provide", name);
	for (size_t k = 0; k < (dirs ? dirs->n : 1); k++) {
		char dir[PATH_MAX], joined[PATH_MAX * 2], norm[PATH_MAX];
		if (dirs)
			snprintf(dir, sizeof dir, "%s", dirs->v[k]);
		else
			path_dirname(e->dest, dir, sizeof dir);
		snprintf(joined, sizeof joined, "%s/%s", dir, name + tok);
		if (path_normalize(joined, norm, sizeof norm) < 0 || !(t = plan_find(s->p, norm)) || !t->from_tree)
			return failure(s, e->dest, "needs '%s' by a path, which leads to no library of the input", name);
		if (!(t = tree_library(s, e, t)))
			return NULL;
	}
	return t;
}

/* An included file e found a library beside itself ($ORIGIN: a gconv
 * module needs libJIS.so from its own directory): the entry that includes
 * that library too, at its place beside e, or NULL. */
static struct entry *included_beside(struct search *s, const struct entry *e, const char *found)
{
	char a[PATH_MAX], b[PATH_MAX], dest[PATH_MAX * 2];
	struct entry *t;
	path_dirname(e->src, a, sizeof a);
	path_dirname(found, b, sizeof b);
	if (strcmp(a, b) != 0)
		return NULL;
	path_dirname(e->dest, a, sizeof a);
	snprintf(dest, sizeof dest, "%s/%s", a, path_basename(found));
	t = plan_find(s->p, dest);
	return t && t->included && t->src && same_file_content(t->src, found) ? t : NULL;
}

/* musl's loader answers name (libc.so) itself: the Zapp holds its libc
 * under that name too when it is one of musl's own (libc.so, Alpine's
 * libc.musl-x86_64.so.1), as the same file as the loader (a hard link),
 * so that a reader of lib/ finds what the program needs; for the other
 * names musl answers (glibc's libc.so.6, libm.so.6, ...), the loader and
 * no file.  The entry, or NULL (see s->why). */
static struct entry *musl_self(struct search *s, struct entry *e, const char *name, const char *dest)
{
	const struct entry *p = e->kind == ENTRY_PROGRAM ? e : e->program;
	char loader[PATH_MAX];
	snprintf(loader, sizeof loader, "lib/%s", p && p->info.interp ? path_basename(p->info.interp)
									: target_build()->musl);
	struct entry *l = plan_find(s->p, loader), *have = plan_find(s->p, dest);
	const char *who = e->shown ? e->shown : e->src ? e->src : e->dest;
	if (!l || !l->src)
		return failure(s, name, "needed by %s, which is musl's libc, but the Zapp holds no %s", who, loader);
	if (!libc_musl_own(name)) {
		/* glibc's libc.so.6, libpthread.so.0, ...: musl answers them
		 * too, and the Zapp holds no file of that name for it */
		if (!s->o->quiet && !s->alone)
			zwarn(who, "needs %s, which musl's loader answers with itself (a library built for glibc?)", name);
		return l;
	}
	if (have && have->src && !same_file_content(have->src, l->src))
		return failure(s, dest, "needed by %s as musl's libc (%s), but this name is %s, another file "
			       "(needed by %s): musl and glibc programs cannot share one lib/ name",
			       e->dest, loader, have->src, have->needed_by ? have->needed_by : "the input");
	return plan_shared(s, e, dest, l->src, ENTRY_LIBRARY);
}

/* The entry that gives e the library name, or NULL (see s->why). */
static struct entry *provide(struct search *s, struct entry *e, const char *name)
{
	char dest[PATH_MAX], found[PATH_MAX], real[PATH_MAX];
	const char *who = e->shown ? e->shown : e->src ? e->src : e->dest;
	struct entry *inc;
	if (strchr(name, '/'))
		return provide_by_origin(s, e, name);
	snprintf(dest, sizeof dest, "lib/%s", name);
	struct entry *have = plan_find(s->p, dest);
	if (have && have->from_tree)
		return tree_library(s, e, have);
	if (have && have->kind == ENTRY_JUMPLOADER)	/* a program of a tree's lib/ */
		return failure(s, dest, "needed by %s, but the input has a program of this name there, which the loader cannot load",
			       e->dest);
	if (libc_musl_self(name) && libc_of(e) == LIBC_MUSL)
		return musl_self(s, e, name, dest);
	if (!find_library(s, e, name, found, sizeof found)) {
		/* The loader takes a library its process has loaded already by
		 * that name, without searching (systemd's private libraries
		 * need each other that way): so does the Zapp. */
		struct entry *t = have ? have : loaded_by_name(s, name, process_of(e));
		if (!t && s->alone)
			t = tree_library_named(s, name);
		if (t)
			return t;
		if (s->passed[0])
			return failure(s, name, "library not found: needed by %s (passed over %s)", who, s->passed);
		return failure(s, name, "library not found: needed by %s", who);
	}
	if (e->included && (inc = included_beside(s, e, found)))
		return tree_library(s, e, inc);
	if (s->o->trees.n && realpath(found, real) && in_tree(s->o, real)) {
		struct entry *t = reach_tree_library(s, e, found, name);
		if (!t)
			return failure(s, name, "needed by %s: found at %s, which this Zapp does not hold", who, found);
		return tree_library(s, e, t);
	}
	if (s->o->verbose && !have)
		zerr(dest, "%s (for %s)", found, e->dest);
	return plan_shared(s, e, dest, found, ENTRY_LIBRARY);
}

/* The loader e names; NULL (see s->why). */
static struct entry *resolve_loader(struct search *s, struct entry *e)
{
	char path[PATH_MAX], dest[PATH_MAX];
	const char *interp = e->info.interp, *base = strrchr(interp, '/');
	const char *sysroot = s->o->sysroot;
	struct stat st;
	base = base ? base + 1 : interp;
	if (!*base || strcmp(base, "..") == 0 || strcmp(base, ".") == 0)
		return failure(s, e->shown ? e->shown : e->src, "its interpreter '%s' is not a file name", interp);
	snprintf(path, sizeof path, "%s%s", interp[0] == '/' ? sysroot : "", interp);
	snprintf(dest, sizeof dest, "lib/%s", base);
	if (stat(path, &st) < 0 || !S_ISREG(st.st_mode)) {
		struct entry *have = plan_find(s->p, dest);
		if (have && have->from_tree) {	/* a Zapp's own */
			if (have->kind == ENTRY_LIBRARY)
				have->kind = ENTRY_LOADER;
			return have;
		}
		return failure(s, interp, "loader not found: needed by %s%s%s", e->shown ? e->shown : e->src,
			       *sysroot ? " in " : "", sysroot);
	}
	/* what the jumploader will check before it starts the loader */
	if (strcmp(s->loader_ok, path) != 0) {
		if (launch_check(path, LAUNCH_LOADER, target_zapp()) < 0)
			return failure(s, path, "the jumploader will not start it as the loader: %s", zwhy());
		snprintf(s->loader_ok, sizeof s->loader_ok, "%s", path);
	}
	return plan_shared(s, e, dest, path, ENTRY_LOADER);
}

static int enqueue(struct search *s, struct entry *e, int state)
{
	if (s->nqueue == s->queue_cap) {
		size_t cap = s->queue_cap ? s->queue_cap * 2 : 256;
		struct entry **v = realloc(s->queue, cap * sizeof *v);
		if (!v)
			return zerr(NULL, "out of memory"), -1;
		s->queue = v;
		s->queue_cap = cap;
	}
	e->needed = state;
	s->queue[s->nqueue++] = e;
	return 0;
}

/* Resolve the needs of the queue's entries from index `from` on, and of
 * what they bring in turn, each marked state.  report: say every failure
 * and count them; else stop at the first (s->why says it).  The number
 * of failures. */
static int grow(struct search *s, size_t from, int state, int report)
{
	int failed = 0;
	for (size_t i = from; i < s->nqueue; i++) {
		struct entry *e = s->queue[i], *t;
		if (!e->has_info)
			continue;
		if (e->info.interp && e->kind == ENTRY_PROGRAM) {
			if (!(t = resolve_loader(s, e))) {
				if (!report)
					return 1;
				zerr(s->subject, "%s", s->why);
				failed++;
			}
		} else if (e->info.interp) {
			/* libc names its loader too: a Zapp of libraries only
			 * gets the loader that goes with its libc */
			resolve_loader(s, e);
		}
		for (size_t k = 0; k < e->info.nneeded; k++) {
			const char *pattern = host_lib(s->o, e->info.needed[k]);
			if (pattern) {	/* the host's, at run time (host_libs.c) */
				if (s->o->verbose)
					zerr(e->info.needed[k], "left to the host (--host-lib '%s'; for %s)", pattern,
					     e->dest);
				continue;
			}
			if (!(t = provide(s, e, e->info.needed[k]))) {
				if (!report)
					return 1;
				zerr(s->subject, "%s", s->why);
				failed++;
				continue;
			}
			if (remember_loaded(s, e, e->info.needed[k], t) < 0)
				return failed + 1;
			if (t->needed == 0) {
				/* a library of a tree is loaded by this program's
				 * process (its search path applies, as glibc has it) */
				if (t->from_tree && !t->program && process_of(e) != t)
					t->program = process_of(e);
				if (enqueue(s, t, state) < 0)
					return failed + 1;
			}
		}
		if (interrupted())
			return failed + 1;
	}
	return failed;
}

/* The libraries of the input that the queue holds from index from on
 * and whose search path will change: can they be edited?  (A Python
 * extension with bytes appended cannot; a program's is an error when it is
 * written, a library's that nothing needs is left out.)  0, or 1 (see
 * s->why). */
static int editable(struct search *s, size_t from)
{
	for (size_t i = from; i < s->nqueue; i++) {
		struct entry *t = s->queue[i];
		struct zelf z;
		int ok;
		if (!t->from_tree || !t->has_info || (!t->info.rpath && !t->info.runpath && !t->extra_dirs.n))
			continue;
		if (zelf_open(&z, t->src) < 0)
			ok = 0;
		else {
			ok = zelf_check_tail(&z) == 0;
			zelf_close(&z);
		}
		if (!ok) {
			failure(s, t->dest, "its search path must change, and it cannot be edited: %s", zwhy());
			return 1;
		}
	}
	return 0;
}

/* A library of a tree that nothing of the Zapp needs: a library of the
 * Zapp if all its needs can be met, else left out. */
static int try_alone(struct search *s, struct entry *l, const struct elf_info *ref)
{
	size_t n = s->p->n, from = s->nqueue, names = s->loaded_name.n;
	char a[64], b[64];
	int r;
	if (ref && (l->info.elfclass != ref->elfclass || l->info.machine != ref->machine)) {
		zwarn(l->dest, "left out: a library no program needs, and it is %s, the programs %s",
		      arch_name(&l->info, a, sizeof a), arch_name(ref, b, sizeof b));
	} else {
		if (enqueue(s, l, 2) < 0)
			return -1;
		if ((r = grow(s, from, 2, 0)) == 0)
			r = editable(s, from);
		if (r == 0) {
			for (size_t i = from; i < s->nqueue; i++)
				s->queue[i]->needed = 1;
			return 0;
		}
		if (interrupted())
			return -1;
		zwarn(l->dest, "left out: a library no program needs, and %s: %s", s->subject, s->why);
		/* what it brought goes, what it reached is tried on its own */
		for (size_t i = from; i < s->nqueue; i++)
			s->queue[i]->needed = 0;
		s->nqueue = from;
		forget_loaded(s, names);
		plan_truncate(s->p, n);
	}
	l->needed = -1;
	l->drop = 1;
	return 0;
}

struct file_key {
	dev_t dev;
	ino_t ino;
};

static int by_key(const void *a, const void *b)
{
	const struct file_key *x = a, *y = b;
	if (x->dev != y->dev)
		return x->dev < y->dev ? -1 : 1;
	return x->ino < y->ino ? -1 : x->ino > y->ino;
}

/* An included library placed by the rule (a system library in a traced
 * run's list, /usr/lib/x86_64-linux-gnu/libc.so.6) that the closure holds
 * as lib/NAME already is a second copy that nothing would load: left out. */
static int drop_included_twins(struct plan *p)
{
	size_t n = 0;
	struct file_key *k = malloc((p->n + 1) * sizeof *k);
	if (!k)
		return zerr(NULL, "out of memory"), -1;
	for (size_t i = 0; i < p->n; i++) {
		struct entry *e = p->e[i];
		if ((e->kind == ENTRY_LOADER || (e->kind == ENTRY_LIBRARY && e->needed > 0)) && !e->included && e->src)
			k[n++] = (struct file_key){ e->src_dev, e->src_ino };
	}
	qsort(k, n, sizeof *k, by_key);
	for (size_t i = 0; n && i < p->n; i++) {
		struct entry *e = p->e[i];
		struct file_key key = { e->src_dev, e->src_ino };
		if (e->kind == ENTRY_LIBRARY && e->included == 1 && e->needed == 0
		    && bsearch(&key, k, n, sizeof *k, by_key)) {
			e->needed = -1;
			e->drop = 1;
		}
	}
	free(k);
	return 0;
}

int closure_resolve(struct plan *p, struct options *o)
{
	struct search s = { .o = o, .p = p };
	const struct elf_info *ref = NULL;
	int failed = 0;
	if (!o->add && !p->runnable)
		return zerr(o->out, "nothing to run: the inputs hold no program or script (to add only data or libraries to a Zapp, use --add)"), -1;
	if (searchpath_system(o->sysroot, &s.system) < 0)
		return zerr(NULL, "%s", zwhy()), -1;
	for (size_t i = 0; i < o->trees.n; i++) {
		char multiarch[80];
		snprintf(multiarch, sizeof multiarch, "lib/%s", target_zapp()->triplet);
		/* lib64 or lib32: the machine's own (target.h) */
		const char *const sub[] = { "lib", target_zapp()->wordlib, multiarch };
		for (size_t k = 0; k < 3; k++) {
			char d[PATH_MAX];
			snprintf(d, sizeof d, "%s/%s", o->trees.v[i], sub[k]);
			strlist_push(&s.tree_dirs, d);
		}
	}
	/* the programs' closure (and that of libraries given as files) */
	size_t scanned = p->n;
	for (size_t i = 0; i < scanned && !failed; i++) {
		struct entry *e = p->e[i];
		if (e->kind == ENTRY_PROGRAM || (e->kind == ENTRY_LIBRARY && !e->from_tree)) {
			if (!ref)
				ref = &e->info;
			if (enqueue(&s, e, 1) < 0)
				failed++;
		}
	}
	if (!failed)
		failed = grow(&s, 0, 1, 1);
	/* glibc's run-time pieces, now that it is known whether the Zapp
	 * holds glibc; included libraries that the closure holds already */
	if (!failed && (glibc_pieces(p, o) < 0 || drop_included_twins(p) < 0))
		failed++;
	/* then each library of the trees, or included, that nothing needed */
	s.alone = 1;
	for (size_t i = 0; i < p->n && !failed; i++) {
		struct entry *e = p->e[i];
		if (e->kind == ENTRY_LIBRARY && e->from_tree && e->needed == 0 && try_alone(&s, e, ref) < 0)
			failed++;
	}
	plan_drop(p);
	strlist_free(&s.system);
	strlist_free(&s.musl_system);
	strlist_free(&s.tree_dirs);
	strlist_free(&s.cache_name);
	strlist_free(&s.cache_path);
	strlist_free(&s.cache_note);
	if (s.last_path[0])
		elf_info_free(&s.last_info);
	free(s.queue);
	strlist_free(&s.loaded_name);
	free(s.loaded);
	free(s.loaded_in);
	strlist_free(&o->warned);
	return failed || interrupted() ? -1 : 0;
}
