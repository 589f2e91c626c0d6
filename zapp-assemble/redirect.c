/* zapp-assemble/redirect.c: run-time redirection (docs/design.md).  The
 * map lib/zapp/hostpaths names, for each host file the Zapp holds a copy
 * of that a program may exec or dlopen, where that copy is:
 * "HOSTPATH\tZAPPPATH\n", sorted by HOSTPATH in byte order.  A program
 * input is listed under the name it was given, that name with its
 * directory resolved (/bin/sh is /usr/bin/sh on a merged /usr) and its
 * real path (/usr/bin/dash), each leading to its launcher (bin/sh), so
 * that an exec of it starts a Zapp program; a library input leads to the
 * library.  An included file (--include, --files-from, --from-strace,
 * --detect) a program may exec or dlopen is listed under the paths the
 * placement rule reads back from its place, when they are the same file.  The maps of the Zapps read back (inputs, OUT with --add) are
 * not copied: their lines whose copies stay are kept in the new one, and
 * the library is the one installed with zapp.  Paths holding control
 * characters are not listed.
 *
 * When the map is not empty, the Zapp gets lib/libzapp-rt.so.1, and each
 * program started by glibc's loader that can exec or dlopen gets it as its
 * first DT_NEEDED (made in the same edit as its rpath, write.c): one whose
 * start-up closure (itself and the libraries it needs, directly or not)
 * imports one of the functions the library interposes
 * (zapp-rt/interposed.h).  Anything else it may load comes through
 * dlopen, which it then imports.  Without a map they get it all the
 * same: it keeps their dlopens of absolute paths from the host's system
 * libraries (zapp-rt/syslib.c), and what their launchers added to the
 * environment from the host programs they run (zapp-rt/hostenv.c).  A
 * program that
 * cannot stays exactly as it was before redirection existed: no library,
 * no edit, no cost; a Zapp none of whose programs can has no map and no
 * library.  Static
 * programs, and programs of another libc, cannot be given the library;
 * nor can a Zapp whose libc.so.6 is older than glibc 2.34 (its dlopen is
 * in libdl.so.2): a warning says so. */
#include "assemble.h"
#include "report.h"
#include "searchpath.h"
#include "target.h"
#include "zelf.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define RT_NAME "libzapp-rt.so.1"	/* REDIRECT_LIB is lib/ RT_NAME */

static int printable(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return 0;
	return 1;
}

static int add_line(struct strlist *lines, const char *host, const char *zapp)
{
	char line[2 * PATH_MAX + 2];
	if (host[0] != '/' || !printable(host) || !printable(zapp)
	    || snprintf(line, sizeof line, "%s\t%s", host, zapp) >= (int)sizeof line)
		return 0;
	if (strlist_contains(lines, line))
		return 0;
	return strlist_push(lines, line) < 0 ? zfail("out of memory") : 0;
}

/* An absolute path, lexically normalised, from a name relative to the
 * current directory or absolute. */
static int absolute(const char *name, char *out, size_t len)
{
	char joined[PATH_MAX * 2], norm[PATH_MAX], cwd[PATH_MAX];
	if (name[0] == '/')
		snprintf(joined, sizeof joined, "%s", name + 1);
	else if (!getcwd(cwd, sizeof cwd) || snprintf(joined, sizeof joined, "%s/%s", cwd + 1, name) >= (int)sizeof joined)
		return -1;
	if (path_normalize(joined, norm, sizeof norm) < 0 || snprintf(out, len, "/%s", norm) >= (int)len)
		return -1;
	if (strcmp(out, "/.") == 0)
		out[1] = '\0';
	return 0;
}

/* The entry a file input became, when it is one a program may exec or
 * dlopen: its launcher, its static program or script, its library. */
static const struct entry *entry_of_input(const struct plan *p, const char *input, const struct stat *st)
{
	char rel[PATH_MAX];
	const struct entry *e;
	snprintf(rel, sizeof rel, "bin/%s", path_basename(input));
	if ((e = plan_find(p, rel))) {
		const struct entry *f = e->kind == ENTRY_JUMPLOADER ? e->target : e;
		if ((e->kind == ENTRY_JUMPLOADER || e->kind == ENTRY_STATIC || e->kind == ENTRY_FILE)
		    && f && f->src && !f->drop && ((f->src_dev == st->st_dev && f->src_ino == st->st_ino)
						   || same_file_content(f->src, input)))
			return e;
	}
	for (size_t i = 0; i < p->n; i++)
		if (p->e[i]->kind == ENTRY_LIBRARY && !p->e[i]->from_tree && p->e[i]->src
		    && p->e[i]->src_dev == st->st_dev && p->e[i]->src_ino == st->st_ino)
			return p->e[i];
	/* a program given another name (--rename): a launcher in bin/ of it */
	for (size_t i = 0; i < p->n; i++) {
		const struct entry *l = p->e[i], *f = l->target;
		if (l->kind == ENTRY_JUMPLOADER && !l->from_tree && strncmp(l->dest, "bin/", 4) == 0
		    && !strchr(l->dest + 4, '/') && f && f->src && !f->drop && f->src_dev == st->st_dev
		    && f->src_ino == st->st_ino)
			return l;
	}
	return NULL;
}

/* The names of a file input: as given, with its directory resolved, real. */
static int input_lines(struct plan *p, struct strlist *lines, const char *input)
{
	char abs[PATH_MAX], dir[PATH_MAX], rdir[PATH_MAX], name[PATH_MAX * 2], real[PATH_MAX];
	struct stat st;
	const struct entry *e;
	if (stat(input, &st) < 0 || !S_ISREG(st.st_mode) || !(e = entry_of_input(p, input, &st)))
		return 0;
	if (absolute(input, abs, sizeof abs) == 0 && add_line(lines, abs, e->dest) < 0)
		return -1;
	snprintf(dir, sizeof dir, "%s", abs);
	char *slash = strrchr(dir, '/');
	if (slash && slash != dir) {
		*slash = '\0';
		if (realpath(dir, rdir) && snprintf(name, sizeof name, "%s/%s", strcmp(rdir, "/") ? rdir : "",
						    path_basename(abs)) < (int)sizeof name
		    && add_line(lines, name, e->dest) < 0)
			return -1;
	}
	if (realpath(input, real) && add_line(lines, real, e->dest) < 0)
		return -1;
	return 0;
}

/* The host names of a file of the Zapp at place: where the placement rule
 * would have taken it from (each prefix, and /), when that is the same
 * file: /usr/lib/git-core/git-upload-pack and, on a merged /usr,
 * /lib/git-core/git-upload-pack.  Not its real path as such: a file of
 * several names (git and its helpers) is each name's own. */
static int placed_lines(const struct options *o, struct strlist *lines, const struct entry *f,
			const char *place)
{
	char cand[PATH_MAX * 2];
	struct stat st;
	for (size_t i = 0; i <= o->prefixes.n; i++) {
		const char *pre = i < o->prefixes.n ? o->prefixes.v[i] : "";
		if (strcmp(pre, "/") == 0)
			pre = "";
		if (snprintf(cand, sizeof cand, "%s/%s", pre, place) >= (int)sizeof cand)
			continue;
		if (stat(cand, &st) == 0 && st.st_dev == f->src_dev && st.st_ino == f->src_ino
		    && add_line(lines, cand, place) < 0)
			return -1;
	}
	return 0;
}

/* The included files a program may exec or dlopen (--include,
 * --files-from, --from-strace, --detect): an executable's launcher at its
 * place, a library, a static program or a script. */
static int included_lines(const struct plan *p, const struct options *o, struct strlist *lines)
{
	for (size_t i = 0; i < p->n; i++) {
		const struct entry *e = p->e[i], *f = e->kind == ENTRY_JUMPLOADER ? e->target : e;
		/* glibc's pieces: glibc loads its gconv modules itself, by
		   calls no library can interpose */
		if (!f || !f->included || f->included == 3 || f->drop || !f->src || f->src[0] != '/')
			continue;
		/* a program: each of its launchers (aliases too) */
		if (e->kind == ENTRY_JUMPLOADER || f->kind == ENTRY_LIBRARY || f->kind == ENTRY_STATIC
		    || (f->kind == ENTRY_FILE && (f->mode & 0111)))
			if (placed_lines(o, lines, f, e->dest) < 0)
				return -1;
	}
	return 0;
}

/* The lines of a Zapp's map (path: a Zapp read back) whose copies are
 * planned. */
static int old_lines(struct plan *p, struct strlist *lines, const char *path)
{
	FILE *f = fopen(path, "r");
	char line[2 * PATH_MAX + 4];
	int r = 0;
	if (!f)
		return zfail("cannot read %s: %s", path, strerror(errno));
	while (r == 0 && fgets(line, sizeof line, f)) {
		char *nl = strchr(line, '\n'), *tab = strchr(line, '\t');
		if (!nl || !tab || tab > nl)
			continue;
		*nl = *tab = '\0';
		if (plan_find(p, tab + 1))
			r = add_line(lines, line, tab + 1);
	}
	fclose(f);
	return r;
}

int redirect_read_back(struct options *o, const char *rel, const char *real)
{
	if (strcmp(rel, REDIRECT_MAP) != 0)
		return 0;
	if (!strlist_contains(&o->maps, real) && strlist_push(&o->maps, real) < 0)
		return zerr(NULL, "out of memory"), 1;	/* redirect_plan fails on it */
	return 1;
}

/* A program read back from a Zapp that already loads the library. */
static int carries_rt(const struct entry *e)
{
	for (size_t k = 0; e->kind == ENTRY_PROGRAM && e->has_info && k < e->info.nneeded; k++)
		if (strcmp(e->info.needed[k], RT_NAME) == 0)
			return 1;
	return 0;
}

/* Does this libc.so.6 define dlopen (glibc 2.34 and later)? */
static int libc_has_dlopen(const char *path)
{
	static const char *const dlopen_name[] = { "dlopen" };
	return zelf_dynsym_any(path, dlopen_name, 1, 1) == 1;
}

/* Programs glibc's loader starts, of the machine the library is built
 * for (an i386 Zapp's cannot load the x86-64 library): those that can
 * carry it. */
static int glibc_program(const struct entry *e)
{
	const struct target *t = target_build();
	return e->kind == ENTRY_PROGRAM && !e->drop && e->has_info && e->info.interp
	       && strncmp(path_basename(e->info.interp), "ld-linux", 8) == 0 && e->info.machine == t->machine
	       && e->info.elfclass == t->elfclass;
}

/* The library installed with zapp: BINDIR/../lib/zapp/, or $ZAPP_RT. */
static int find_rt(char *buf, size_t len)
{
	return installed_file("ZAPP_RT", RT_NAME, buf, len);
}

/* The library, into the plan.  A Zapp read back brought its own (the
 * closure found it there for its programs): the one installed with zapp
 * takes its place. */
static int add_rt(struct plan *p, const char *rt)
{
	struct stat st;
	struct entry *lib = plan_find(p, REDIRECT_LIB);
	if (lib && (!lib->from_tree || lib->kind == ENTRY_DIR))
		return zerr(REDIRECT_LIB, "an input holds a file of this name, which run-time redirection needs"), -1;
	if (stat(rt, &st) < 0)
		return zerr(rt, "cannot read the run-time redirection library: %s", strerror(errno)), -1;
	if (lib) {
		char *src = strdup(rt);
		if (!src)
			return zerr(NULL, "out of memory"), -1;
		free(lib->src);
		lib->src = src;
	} else if (!(lib = plan_add(p, REDIRECT_LIB, ENTRY_FILE, rt))) {
		return zerr(REDIRECT_LIB, "%s", zwhy()), -1;
	}
	lib->mode = 0644;
	lib->src_dev = st.st_dev;
	lib->src_ino = st.st_ino;
	lib->src_size = st.st_size;
	return 0;
}

int redirect_plan(struct plan *p, struct options *o, char **inputs, int n)
{
	struct strlist lines = { 0 }, chosen = { 0 };
	char rt[PATH_MAX], libc[PATH_MAX] = "";
	struct entry *e;
	int r = -1, carried = 0;
	/* programs read back from a Zapp that load the library need it, with
	 * or without redirection */
	for (size_t i = 0; i < p->n; i++)
		carried |= carries_rt(p->e[i]);
	if (o->no_redirect)
		goto library;
	for (size_t i = 0; i < o->maps.n; i++)
		if (old_lines(p, &lines, o->maps.v[i]) < 0) {
			zerr(o->maps.v[i], "%s", zwhy());
			goto out;
		}
	for (int i = 0; i < n; i++)
		if (input_lines(p, &lines, inputs[i]) < 0) {
			zerr(inputs[i], "%s", zwhy());
			goto out;
		}
	if (included_lines(p, o, &lines) < 0) {
		zerr(REDIRECT_MAP, "%s", zwhy());
		goto out;
	}
	if ((e = plan_find(p, "lib/libc.so.6")) && e->src)
		snprintf(libc, sizeof libc, "%s", e->src);
	if (!*libc || !libc_has_dlopen(libc)) {
		int any = 0;
		for (size_t i = 0; i < p->n; i++)
			any |= glibc_program(p->e[i]);
		if (any && lines.n)
			zwarn(*libc ? libc : "lib/libc.so.6", "no run-time redirection: this libc has no dlopen "
			      "(glibc before 2.34); programs that exec or dlopen host paths get the host's files");
		goto library;
	}
	/* the programs that can exec or dlopen; none: no map is needed.
	 * Without a map they need the library all the same: it keeps their
	 * dlopens from the host's system libraries (zapp-rt/syslib.c) and
	 * their host children from the environment their launchers added
	 * (zapp-rt/hostenv.c). */
	size_t given = 0, programs = 0;
	struct plan_imports *pi = plan_imports_new(p);
	if (!pi) {
		zerr(NULL, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < p->n; i++) {
		if (!glibc_program(p->e[i]))
			continue;
		programs++;
		if (plan_imports_interposed(pi, p->e[i]) && strlist_push(&chosen, p->e[i]->dest) == 0)
			given++;
	}
	plan_imports_free(pi);
	if (!given || !lines.n)
		goto chosen;
	if (plan_find(p, REDIRECT_MAP)) {
		zerr(REDIRECT_MAP, "an input holds a file of this name, which run-time redirection needs");
		goto out;
	}
	strlist_sort(&lines);
	size_t len = 0;
	for (size_t i = 0; i < lines.n; i++)
		len += strlen(lines.v[i]) + 1;
	struct entry *m = plan_add(p, REDIRECT_MAP, ENTRY_FILE, NULL);
	if (!m || !(m->content = malloc(len + 1))) {
		zerr(REDIRECT_MAP, "%s", m ? "out of memory" : zwhy());
		goto out;
	}
	m->mode = 0644;
	m->content_len = 0;
	for (size_t i = 0; i < lines.n; i++) {
		/* one line per host path: the first of a name given twice */
		const char *tab = strchr(lines.v[i], '\t');
		if (i && strncmp(lines.v[i - 1], lines.v[i], (size_t)(tab - lines.v[i]) + 1) == 0)
			continue;
		m->content_len += (size_t)sprintf(m->content + m->content_len, "%s\n", lines.v[i]);
	}
chosen:
	for (size_t i = 0; i < chosen.n; i++)
		plan_find(p, chosen.v[i])->add_needed = RT_NAME;
	if (o->verbose && lines.n)
		zerr(REDIRECT_MAP, "%zu host path%s redirected; %zu of %zu programs can exec or dlopen and load "
		     RT_NAME, lines.n, lines.n == 1 ? "" : "s", given, programs);
	else if (o->verbose && given)
		zerr(REDIRECT_LIB, "no host path redirected; %zu of %zu programs can exec or dlopen and load it",
		     given, programs);
library:
	if (!chosen.n && !carried) {
		r = 0;
		goto out;
	}
	if (find_rt(rt, sizeof rt) < 0 || access(rt, R_OK) < 0) {
		zerr(rt, "cannot find the run-time redirection library: %s (set ZAPP_RT, or use --no-redirect)",
		     strerror(errno));
		goto out;
	}
	r = add_rt(p, rt);
out:
	strlist_free(&lines);
	strlist_free(&chosen);
	return r;
}
