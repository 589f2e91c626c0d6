/* zapp-assemble/check_rules.c: what makes a Zapp complete.
 *  - every jumploader starts a program that is there, with a lib directory
 *    that is there, holding the loader the program names; the program and
 *    the loader pass the jumploader's own checks (launch_check.h);
 *  - every dynamically linked program is started by a jumploader;
 *  - every DT_NEEDED resolves inside the Zapp the way the bundled loader
 *    resolves it: $ORIGIN of a program is its jumploader's directory; an
 *    object without DT_RUNPATH is searched in its own DT_RPATH and then in
 *    its program's; no system directory counts; a candidate of another
 *    class or machine is passed over, one that is no loadable library
 *    (text, a program, a static-pie) is a problem;
 *  - no search-path entry is absolute (but a program's, in a Zapp that
 *    leaves libraries to the host: lib/zapp/hostlibs), none still says
 *    XORIGIN, none is relative without $ORIGIN (the current directory),
 *    none leads out of the Zapp from any directory $ORIGIN can be;
 *  - a DT_NEEDED name that lib/zapp/hostlibs lists (fnmatch patterns, one
 *    per line, no '/') is the host's at run time, not looked for;
 *  - no executable static program is of another architecture;
 *  - no symbolic link leaves the Zapp (check_scan.c);
 *  - every script's launcher has its script and its interpreter, and no
 *    executable #! file is left to run the host's interpreter.
 */
#include "check.h"
#include "interp_direct.h"
#include "launch_check.h"
#include "libc_kind.h"
#include "report.h"
#include "searchpath.h"
#include "shebang.h"
#include "target.h"

#include <errno.h>
#include <fnmatch.h>
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
	zerr(rel, "%s", msg);
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

/* The library the loader takes for name from dirs, for an object of
 * program p, or NULL.  Candidates of another class or machine are passed
 * over, as the loader passes them over (*why then says so, when nothing
 * else is found); a candidate the loader finds but cannot load (not an ELF
 * library: text, an object file, a program) ends the search: *why says
 * why.  why holds at least 512 bytes; "" when nothing was seen. */
static struct entry *find(struct check *c, const struct strlist *dirs, const char *name,
			  const struct entry *p, char *why, size_t len)
{
	char rel[PATH_MAX * 2], norm[PATH_MAX], buf[32];
	why[0] = '\0';
	for (size_t i = 0; i < dirs->n; i++) {
		snprintf(rel, sizeof rel, "%s/%s", dirs->v[i], name);
		if (path_normalize(rel, norm, sizeof norm) < 0)
			continue;
		struct entry *e = plan_find(&c->inv, norm);
		if (!e || e->kind == ENTRY_DIR)
			continue;
		if (!e->has_info) {
			snprintf(why, len, "%s is not an ELF file the loader can read", norm);
			return NULL;
		}
		if (p && (e->info.elfclass != p->info.elfclass || e->info.machine != p->info.machine)) {
			snprintf(why, len, "%s is %s%s, which the loader passes over", norm,
				 e->info.elfclass == ELFCLASS32 ? "32-bit " : "64-bit ",
				 elf_machine_name(e->info.machine, buf, sizeof buf));
			continue;
		}
		if (e->info.type != ET_DYN || (e->info.flags_1 & DF_1_PIE)) {
			snprintf(why, len, "%s is %s, which the loader cannot load as a library", norm,
				 e->info.type == ET_DYN ? "a position-independent executable"
				 : e->info.type == ET_EXEC ? "an executable" : "not a shared object");
			return NULL;
		}
		return e;
	}
	return NULL;
}

/* Does lib/zapp/hostlibs leave name to the host? */
static int host_named(const struct check *c, const char *name)
{
	for (size_t i = 0; i < c->host_libs.n; i++)
		if (fnmatch(c->host_libs.v[i], name, 0) == 0)
			return 1;
	return 0;
}

/* lib/zapp/hostlibs, into c->host_libs: one pattern per line, no '/'. */
static void read_host_libs(struct check *c)
{
	const struct entry *e = plan_find(&c->inv, "lib/zapp/hostlibs");
	char line[4096];
	size_t n = 0;
	FILE *f;
	if (!e || e->kind == ENTRY_DIR || !e->src)
		return;
	if (!(f = fopen(e->src, "r"))) {
		check_problem(c, e->dest, "cannot read: %s", strerror(errno));
		return;
	}
	while (fgets(line, sizeof line, f)) {
		size_t l = strcspn(line, "\n");
		n++;
		if (line[l] != '\n') {
			check_problem(c, e->dest, "line %zu does not end with a newline", n);
			break;
		}
		line[l] = '\0';
		if (!*line || strchr(line, '/'))
			check_problem(c, e->dest, "line %zu: '%s' is not a library name or pattern", n, line);
		else
			strlist_push(&c->host_libs, line);
	}
	fclose(f);
}

/* "needs NAME, which is not found inside the Zapp" and why, for p. */
static void not_found(struct check *c, const struct entry *o, const struct entry *p, const char *name,
		      const char *why)
{
	char ctx[PATH_MAX + 16] = "";
	if (p && o != p)
		snprintf(ctx, sizeof ctx, " (for %s)", p->dest);
	if (*why)
		check_problem(c, o->dest, "needs %s, which is not found inside the Zapp%s: %s", name, ctx, why);
	else
		check_problem(c, o->dest, "needs %s, which is not found inside the Zapp%s", name, ctx);
}

static void own_dir(const struct entry *e, char *out, size_t len)
{
	path_dirname(e->dest, out, len);
}

/* Everything program p (started from launch_dir) loads, found inside.
 *
 * The search order is glibc's (the object's DT_RPATH unless it has a
 * DT_RUNPATH, then its program's DT_RPATH unless either has one, then its
 * DT_RUNPATH), as in closure.c's find_library, but derived here again on
 * purpose (musl's differs: the object's DT_RUNPATH, else its DT_RPATH, then
 * those of each object that loaded it first, up to the program; and the
 * names it answers itself, libc.so among them, libc_kind.h), as in
 * closure.c's find_library, but derived here again on
 * purpose: zapp-assemble searches the input and the build machine, with
 * the objects where they were; zapp-check judges the finished Zapp alone,
 * as the bundled loader will see it ($ORIGIN the launcher's directory,
 * paths inside the Zapp, no system directory).  Sharing one function would
 * let one mistake in it pass both tools: the checker is the second,
 * independent reading that proves the first. */
static void check_closure(struct check *c, struct entry *p, const char *launch_dir)
{
	struct entry **queue = malloc((c->inv.n + 1) * sizeof *queue);
	size_t *by = malloc((c->inv.n + 1) * sizeof *by);	/* who loaded queue[i] first */
	size_t head = 0, tail = 0;
	const char *loader = p->info.interp ? path_basename(p->info.interp) : "";
	int musl = libc_kind_of(p->info.interp) == LIBC_MUSL;
	if (!queue || !by) {
		free(queue);
		free(by);
		return;
	}
	by[tail] = 0;
	queue[tail++] = p;
	p->program = p;
	while (head < tail) {
		size_t at = head;
		struct entry *o = queue[head++];
		char origin[PATH_MAX];
		struct strlist dirs = { 0 };
		if (o == p)
			snprintf(origin, sizeof origin, "%s", launch_dir);
		else
			own_dir(o, origin, sizeof origin);
		if (musl) {
			for (size_t i = at;; i = by[i]) {
				const struct entry *l = queue[i];
				char lo[PATH_MAX];
				if (l == p)
					snprintf(lo, sizeof lo, "%s", launch_dir);
				else
					own_dir(l, lo, sizeof lo);
				zapp_dirs(l->info.runpath ? l->info.runpath : l->info.rpath, lo, &dirs);
				if (i == 0)
					break;
			}
		} else if (!o->info.runpath) {
			zapp_dirs(o->info.rpath, origin, &dirs);
			if (o != p && !p->info.runpath)
				zapp_dirs(p->info.rpath, launch_dir, &dirs);
		}
		if (!musl)
			zapp_dirs(o->info.runpath, origin, &dirs);
		for (size_t k = 0; k < o->info.nneeded; k++) {
			const char *name = o->info.needed[k];
			struct entry *lib;
			char why[PATH_MAX + 256];
			if (strcmp(name, loader) == 0 || (musl && libc_musl_self(name)))
				continue;	/* the loader itself, loaded already */
			if (host_named(c, name))
				continue;	/* the host's, at run time */
			if (!(lib = find(c, &dirs, name, p, why, sizeof why))) {
				not_found(c, o, p, name, why);
				continue;
			}
			if (lib->program != p) {
				lib->program = p;
				by[tail] = at;
				queue[tail++] = lib;
			}
		}
		strlist_free(&dirs);
	}
	free(queue);
	free(by);
}

/* Where each entry of e's search paths leads, for every directory its
 * $ORIGIN may be (a program's: each of its launchers' directories;
 * anything else's: its own), as the loader reads it: an absolute entry
 * names the host, a relative one without $ORIGIN the current directory
 * (an empty one the loader skips), a $ORIGIN one must stay inside the
 * Zapp.  A static program's are not read by any loader (musl's static-pie
 * ignores them; glibc's will not start with one, inside a Zapp or out). */
static void check_search_path(struct check *c, struct entry *e)
{
	const char *values[2] = { e->info.rpath, e->info.runpath }, *s;
	const struct strlist *origins = &e->launch_dirs;
	char own[PATH_MAX], joined[PATH_MAX * 2], norm[PATH_MAX];
	struct strlist self = { 0 };
	size_t l, tl;
	enum elf_role role = elf_role_of(&e->info);
	if (role == ELF_ROLE_STATIC)
		return;
	if (role != ELF_ROLE_PROGRAM) {
		own_dir(e, own, sizeof own);
		strlist_push(&self, own);
		origins = &self;
	}
	for (int i = 0; i < 2; i++)
		for (const char *cur = values[i]; searchpath_next(&cur, &s, &l); ) {
			if (l && s[0] == '/' && (!c->host_libs.n || role != ELF_ROLE_PROGRAM))
				check_problem(c, e->dest, "absolute rpath entry '%.*s'", (int)l, s);
			else if (l && s[0] == '/')
				continue;	/* the host's directories, for its libraries */
			else if ((tl = searchpath_is_origin(s, l)) && s[0] == 'X')
				check_problem(c, e->dest, "XORIGIN left in its rpath '%s'", values[i]);
			else if (l && !tl)
				check_problem(c, e->dest, "rpath entry '%.*s' is relative to the current directory, "
					      "not to the Zapp", (int)l, s);
			else if (l)
				for (size_t k = 0; k < origins->n; k++) {
					snprintf(joined, sizeof joined, "%s/%.*s", origins->v[k], (int)(l - tl), s + tl);
					if (path_normalize(joined, norm, sizeof norm) < 0) {
						check_problem(c, e->dest, "rpath entry '%.*s' leads out of the Zapp "
							      "(with $ORIGIN %s)", (int)l, s, origins->v[k]);
						break;
					}
				}
		}
	strlist_free(&self);
}

/* The Zapp's machine is its first dynamically linked program's; every
 * other program, and every static one (which runs as it is), must be of
 * it (target.h; zapp-assemble refuses or leaves out any other, in these
 * words). */
static void check_machines(struct check *c)
{
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < c->inv.n; i++) {
			const struct entry *e = c->inv.e[i];
			if (!e->has_info)
				continue;
			enum elf_role role = elf_role_of(&e->info);
			if (pass == 0 ? role != ELF_ROLE_PROGRAM : role != ELF_ROLE_STATIC || !(e->mode & 0111))
				continue;
			if (target_decide(e->dest, e->info.machine, e->info.elfclass) < 0)
				check_problem(c, e->dest, "%s", zwhy());
		}
}

/* What the jumploader (of machine t) checks before it starts a file
 * (launch_check.h), once for each file however many launchers start it. */
static void check_launch(struct check *c, struct strlist *verified, const struct entry *e,
			 enum launch_role role, const struct target *t)
{
	if (strlist_contains(verified, e->dest))
		return;
	strlist_push(verified, e->dest);
	if (launch_check(e->src, role, t) < 0)
		check_problem(c, e->dest, "the jumploader will not start it%s: %s",
			      role == LAUNCH_LOADER ? " as the loader" : "", zwhy());
}

/* The machine of the jumploader a launcher is a copy of: its program and
 * loader are checked as that one will check them (an x86-64 one copied
 * over an i386 Zapp's launcher refuses its program as "not a 64-bit ELF
 * file").  NULL, with the problem said, for one of no machine zapp has a
 * jumploader for. */
static const struct target *launcher_target(struct check *c, const struct entry *j)
{
	const struct target *t = NULL;
	struct elf_info ji;
	char m[32];
	if (elf_info_read(j->src, &ji) < 0) {
		check_problem(c, j->dest, "unreadable ELF file: %s", zwhy());
		return NULL;
	}
	t = target_of(ji.machine);
	if (!t || t->elfclass != ji.elfclass || !target_assembles(t)) {
		check_problem(c, j->dest, "a launcher for %s%s, which zapp has no jumploader for",
			      ji.elfclass == ELFCLASS32 ? "32-bit " : "", elf_machine_name(ji.machine, m, sizeof m));
		t = NULL;
	}
	elf_info_free(&ji);
	return t;
}

/* The program a launcher starts (a program's, or a script's in direct
 * mode), its library directory and its loader. */
static void check_started(struct check *c, struct entry *j, struct strlist *verified)
{
	struct entry *t, *d, *l;
	char dir[PATH_MAX];
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
	const struct target *lt = launcher_target(c, j);
	if (!lt)
		return;
	check_launch(c, verified, t, LAUNCH_PROGRAM, lt);
	d = plan_find(&c->inv, j->stamp_libdir);
	if (!d || d->kind != ENTRY_DIR) {
		check_problem(c, j->dest, "its library directory %s is not in the Zapp", j->stamp_libdir);
		return;
	}
	if (t->info.interp) {
		char loader[PATH_MAX * 2];
		snprintf(loader, sizeof loader, "%s/%s", j->stamp_libdir, path_basename(t->info.interp));
		if (!(l = plan_find(&c->inv, loader)) || l->kind == ENTRY_DIR)
			check_problem(c, j->dest, "the loader %s of its program is missing", loader);
		else
			check_launch(c, verified, l, LAUNCH_LOADER, lt);
	}
	path_dirname(j->dest, dir, sizeof dir);
	if (!strlist_contains(&t->launch_dirs, dir))
		strlist_push(&t->launch_dirs, dir);
}

static void check_jumploader(struct check *c, struct entry *j, struct strlist *verified)
{
	c->launchers++;
	check_started(c, j, verified);
}

/* A script's launcher in direct mode starts its interpreter's program as
 * the interpreter's launcher does (the same program and library
 * directory), and that program's $ORIGIN search path leads to the same
 * directories from both (interp_direct.h); the environment entries are
 * checked as every launcher's. */
static void check_direct(struct check *c, struct entry *j, struct strlist *verified)
{
	struct entry *n = plan_find(&c->inv, j->interp), *t;
	char da[PATH_MAX], db[PATH_MAX];
	if (!n || n->kind == ENTRY_DIR)
		return;	/* missing: said with the chain */
	if (n->kind != ENTRY_JUMPLOADER || n->interp || !n->stamp_target || !n->stamp_libdir) {
		check_problem(c, j->dest, "its stamp is corrupt: direct mode, but its interpreter %s is no program's launcher",
			      j->interp);
		return;
	}
	if (strcmp(n->stamp_target, j->stamp_target) != 0 || strcmp(n->stamp_libdir, j->stamp_libdir) != 0) {
		check_problem(c, j->dest, "its stamp is corrupt: direct mode starts %s with %s, its interpreter %s starts %s with %s",
			      j->stamp_target, j->stamp_libdir, j->interp, n->stamp_target, n->stamp_libdir);
		return;
	}
	check_started(c, j, verified);
	path_dirname(n->dest, da, sizeof da);
	path_dirname(j->dest, db, sizeof db);
	if ((t = plan_find(&c->inv, j->stamp_target)) && t->has_info
	    && (!interp_direct_origin_same(t->info.rpath, da, db) || !interp_direct_origin_same(t->info.runpath, da, db)))
		check_problem(c, j->dest, "in direct mode, but the search path of %s leads elsewhere from %s than from %s",
			      j->stamp_target, *db ? db : ".", *da ? da : ".");
}

/* The launcher of a script: its script is there, and its interpreter is a
 * launcher or a static program of the Zapp, through at most
 * SHEBANG_CHAIN_MAX scripts, as the kernel follows them. */
static void check_script_launcher(struct check *c, struct entry *j, struct strlist *verified)
{
	struct entry *s, *t = j;
	int depth = 1;
	c->launchers++;
	c->scripts++;
	if (!j->interp || !j->stamp_script)
		return;	/* reported by the scan */
	if (!(s = plan_find(&c->inv, j->stamp_script)) || s->kind != ENTRY_FILE)
		check_problem(c, j->dest, "its script %s is not in the Zapp", j->stamp_script);
	else
		s->script_seen = 1;	/* started by its launcher */
	if (c->verbose)
		zprint(stdout, "%s: runs %s with %s%s", j->dest, j->stamp_script, j->interp,
		       j->stamp_target ? " (direct mode)" : "");
	if (j->stamp_target)
		check_direct(c, j, verified);
	while (t->interp && depth <= SHEBANG_CHAIN_MAX) {
		struct entry *n = plan_find(&c->inv, t->interp);
		if (!n || n->kind == ENTRY_DIR) {
			check_problem(c, j->dest, "its script's interpreter %s is not in the Zapp", t->interp);
			return;
		}
		if (n->kind != ENTRY_JUMPLOADER
		    && !(n->has_info && elf_role_of(&n->info) == ELF_ROLE_STATIC && (n->mode & 0111))) {
			check_problem(c, j->dest, "its script's interpreter %s is neither a launcher nor a static program",
				      t->interp);
			return;
		}
		if (n->interp)
			depth++;
		t = n;
	}
	if (depth > SHEBANG_CHAIN_MAX)
		check_problem(c, j->dest, "a chain of more than %d scripts, each the interpreter of the one before (Linux stops there)",
			      SHEBANG_CHAIN_MAX);
}

/* An executable file with a #! line that no launcher starts: run by the
 * kernel, it reaches the host's interpreter.  A language's module keeps
 * its #! (it is imported, not run); a line the kernel refuses is said. */
static void check_script(struct check *c, struct entry *e)
{
	struct shebang sb;
	char path[PATH_MAX];
	if (e->kind != ENTRY_FILE || e->has_info || e->script_seen || !(e->mode & 0111) || shebang_is_module(e->dest))
		return;
	snprintf(path, sizeof path, "%s/%s", c->top, e->dest);
	if (shebang_read(path, &sb) < 0 || sb.kind == SHEBANG_NONE)
		return;
	if (sb.kind == SHEBANG_REFUSED) {
		zwarn(e->dest, "starts with #! but is no script Linux runs: %s", sb.why);
		return;
	}
	if (shebang_is_env(&sb) || sb.interp[0] == '/')
		check_problem(c, e->dest, "a script with no launcher: its #! line runs %s%s%s of the host",
			      sb.interp, sb.has_arg ? " " : "", sb.has_arg ? sb.arg : "");
}

void check_rules(struct check *c)
{
	struct strlist verified = { 0 };
	read_host_libs(c);
	check_machines(c);
	for (size_t i = 0; i < c->inv.n; i++)
		if (c->inv.e[i]->kind == ENTRY_JUMPLOADER && c->inv.e[i]->interp)
			check_script_launcher(c, c->inv.e[i], &verified);
		else if (c->inv.e[i]->kind == ENTRY_JUMPLOADER)
			check_jumploader(c, c->inv.e[i], &verified);
	strlist_free(&verified);
	for (size_t i = 0; i < c->inv.n; i++)
		check_script(c, c->inv.e[i]);
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
		switch (libc_kind_of(e->info.interp)) {
		case LIBC_GLIBC: c->glibc_programs++; break;
		case LIBC_MUSL: c->musl_programs++; break;
		default: break;
		}
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
		/* a library built against musl (it needs libc.so) is loaded by
		 * musl, which answers libc.so and its kin itself */
		int musl = 0;
		for (size_t k = 0; k < e->info.nneeded; k++)
			musl |= libc_musl_own(e->info.needed[k]);
		for (size_t k = 0; k < e->info.nneeded; k++) {
			char why[PATH_MAX + 256];
			if (!host_named(c, e->info.needed[k]) && !find(c, &dirs, e->info.needed[k], e, why, sizeof why)
			    && strcmp(e->info.needed[k], target_zapp()->loader) != 0
			    && !(musl && libc_musl_self(e->info.needed[k])))
				not_found(c, e, NULL, e->info.needed[k], why);
		}
		strlist_free(&dirs);
	}
}
