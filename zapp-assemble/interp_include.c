/* zapp-assemble/interp_include.c: each interpreter of the Zapp comes with
 * its run-time files (the table: interp_files.c), on by default,
 * --no-interp-files to go without.
 *
 * The interpreters are the dynamic programs given as files (the inputs,
 * and the interpreters brought in for scripts), not those of an input
 * tree (the tree holds its own files) or of a list (--files-from,
 * --from-strace, --detect: the list says what comes) or of a Zapp read
 * back.  Each directory of its row, under the program's prefix (the
 * host's or --sysroot's, the root the program came from), is included
 * through include_path, placed by the rule (docs/layout.md, rules 14-15:
 * /usr/lib/python3.11 is lib/python3.11), name by name, less the names
 * the row leaves out.  A file the Zapp holds already (the same one, by
 * --include or --detect) is held once; a directory in one of them that
 * an input holds at its place already (a Zapp read back with --add, whose
 * copies of the modules are edited) is the input's.  A directory that is not there
 * (a root without Python's standard library or perl's modules) is a
 * warning: the Zapp is made, and its interpreter lacks what the host's
 * lacks.
 *
 * Python's compiled files (__pycache__/X.cpython-311.pyc) say which
 * source they were compiled from by its modification time and size; the
 * copies in the Zapp have other times (the time of the copy, or
 * SOURCE_DATE_EPOCH), so Python would compile the standard library again
 * at each start (4.5 times as slow for `import json, sqlite3, ssl,
 * decimal, asyncio`) and write the results into the Zapp.  A .pyc whose
 * time and size are those of its source on the host, which the Zapp holds
 * the same, is written with the flags of PEP 552's unchecked hash-based
 * files instead (flags 1: not checked against the source), the rest of it
 * as it was.  Every .pyc of the Zapp (included, or of an input tree: a
 * staged Python's) is written so while the run-time files are on. */
#include "assemble.h"
#include "interp_files.h"
#include "report.h"
#include "searchpath.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

/* The bytes of the distinct source files of entries [from, p->n). */
static unsigned long long added_bytes(const struct plan *p, size_t from, size_t *files)
{
	unsigned long long bytes = 0;
	*files = 0;
	for (size_t i = from; i < p->n; i++)
		if (p->e[i]->src && p->e[i]->kind != ENTRY_DIR) {
			bytes += (unsigned long long)p->e[i]->src_size;
			(*files)++;
		}
	return bytes;
}

/* The directory dir (a host path) of an interpreter, at rel, less what
 * its row leaves out: each name in it at rel/NAME, the place the rule
 * gives it (the one way to include a file, include_path). */
static int include_dir(struct plan *p, struct options *o, const struct interp *it, const char *dir,
		       const char *rel, const char *from)
{
	struct dirent **names;
	struct strlist held = { 0 };
	int n, r = 0;
	/* the names in rel under which an input (a tree, a Zapp read back)
	 * holds files of its own: not those of included files, whose
	 * directories are planned for them */
	for (size_t i = 0; i < p->n; i++) {
		const struct entry *e = p->e[i];
		const char *sub = path_under(e->dest, rel);
		char name[PATH_MAX];
		if (!sub || !*sub || e->kind == ENTRY_DIR || e->included || !e->from_tree || !strchr(sub, '/'))
			continue;
		snprintf(name, sizeof name, "%.*s", (int)strcspn(sub, "/"), sub);
		if (!strlist_contains(&held, name) && strlist_push(&held, name) < 0)
			return strlist_free(&held), zerr(NULL, "out of memory"), -1;
	}
	if ((n = scandir(dir, &names, NULL, by_name)) < 0) {
		strlist_free(&held);
		return zerr(dir, "cannot read the directory (named by %s): %s", from, strerror(errno)), -1;
	}
	for (int i = 0; i < n; i++) {
		const char *name = names[i]->d_name;
		char path[PATH_MAX], dest[PATH_MAX];
		struct stat st;
		if (r < 0 || strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
			continue;
		if (interp_left_out(it, name)) {
			if (o->verbose)
				zerr(dir, "%s: left out (not one of the %s)", name, it->what);
			continue;
		}
		if (snprintf(path, sizeof path, "%s/%s", dir, name) >= (int)sizeof path
		    || snprintf(dest, sizeof dest, "%s/%s", rel, name) >= (int)sizeof dest) {
			r = (zerr(dir, "a name inside is too long"), -1);
			continue;
		}
		if (stat(path, &st) < 0) {
			zwarn(path, "skipped: a symbolic link that leads nowhere (%s)", strerror(errno));
			continue;
		}
		/* a directory an input holds already at its place (a Zapp read
		 * back, with --add: its copies of the modules are edited, its
		 * .pyc files unchecked) is the input's */
		const struct entry *have = plan_find(p, dest);
		if (have && have->kind == ENTRY_DIR && S_ISDIR(st.st_mode) && strlist_contains(&held, name)) {
			if (o->verbose)
				zerr(dest, "kept as the input holds it (not taken from %s)", path);
			continue;
		}
		r = include_path(p, o, path, dest, from);
		if (interrupted())
			r = -1;
	}
	for (int i = 0; i < n; i++)
		free(names[i]);
	free(names);
	strlist_free(&held);
	return r;
}

/* The run-time files of the interpreter e (its real file real). */
static int interp_one(struct plan *p, struct options *o, const struct interp *it, const char *real)
{
	struct strlist dirs = { 0 };
	char prefix[PATH_MAX], from[PATH_MAX + 32], dir[PATH_MAX * 2];
	const char *name = path_basename(real);
	size_t before = p->n, held = 0;
	int r = 0;
	if (prefix_of(real, prefix, sizeof prefix) < 0)
		return 0;	/* no prefix: nothing is relative to it */
	if (!strlist_contains(&o->prefixes, prefix) && strlist_push(&o->prefixes, prefix) < 0)
		return zerr(NULL, "out of memory"), -1;
	/* the prefix as the program was built for it: --sysroot's /usr is /usr */
	char root[PATH_MAX];
	const char *known = prefix, *in;
	if (*o->sysroot && realpath(o->sysroot, root) && strcmp(root, "/") && (in = path_under(prefix, root)))
		known = *in ? in - 1 : "/";	/* from its '/' */
	if (interp_dirs(it, name, real, known, &dirs) < 0) {
		strlist_free(&dirs);
		return zerr(real, "cannot read where its %s are: %s", it->what, zwhy()), -1;
	}
	snprintf(from, sizeof from, "the interpreter %s", real);
	for (size_t i = 0; r == 0 && i < dirs.n; i++) {
		struct stat st;
		snprintf(dir, sizeof dir, "%s%s%s", strcmp(prefix, "/") ? prefix : "", "/", dirs.v[i]);
		int e = stat(dir, &st) < 0 ? errno : 0;
		if (e || !S_ISDIR(st.st_mode)) {
			/* a by-name row lists the places one may be in */
			if (it->how == INTERP_COMPILED_IN)
				zwarn(dir, "not there (%s): the Zapp's %s comes without these %s",
				      e ? strerror(e) : "not a directory", name, it->what);
			continue;
		}
		held++;
		/* its place: where the rule puts the directory, by the name the
		 * program knows (share/perl/5.36), or by its real name when the
		 * Zapp holds that already (--detect's share/perl/5.36.0) */
		const char *rel = dirs.v[i];
		char rdir[PATH_MAX];
		const char *rrel = realpath(dir, rdir) ? path_under(rdir, prefix) : NULL;
		if (rrel && *rrel && !plan_find(p, rel) && plan_find(p, rrel) && plan_find(p, rrel)->kind == ENTRY_DIR)
			rel = rrel;
		if (o->verbose)
			zerr(rel, "%s: the %s of %s", dir, it->what, real);
		r = include_dir(p, o, it, dir, rel, from);
	}
	if (r == 0 && !held && dirs.n && it->how == INTERP_BY_NAME) {
		snprintf(dir, sizeof dir, "%s%s%s", strcmp(prefix, "/") ? prefix : "", "/", dirs.v[0]);
		zwarn(dir, "not there: the Zapp's %s comes without its %s", name, it->what);
	} else if (r == 0 && !dirs.n) {
		zwarn(real, "names no directory of its %s: the Zapp's %s comes without them", it->what, name);
	}
	strlist_free(&dirs);
	if (r == 0) {
		size_t files;
		unsigned long long bytes = added_bytes(p, before, &files);
		o->interp_files += files;
		o->interp_bytes += bytes;
		if (!strlist_contains(&o->interps, name) && strlist_push(&o->interps, name) < 0)
			return zerr(NULL, "out of memory"), -1;
		if (o->verbose)
			zerr(real, "its %s: %zu file%s, %.1f MiB", it->what, files, files == 1 ? "" : "s",
			     (double)bytes / (1024.0 * 1024.0));
	}
	return r;
}

static uint32_t le32(const unsigned char *b)
{
	return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

/* dir/__pycache__/X.TAG.pyc (dest): the source's place, dir/X.py. */
static int pyc_source(const char *pyc, char *out, size_t len)
{
	char dir[PATH_MAX], up[PATH_MAX];
	const char *base = path_basename(pyc);
	path_dirname(pyc, dir, sizeof dir);
	if (strcmp(path_basename(dir), "__pycache__") != 0)
		return -1;
	const char *dot = strchr(base, '.');
	if (!dot || dot == base)
		return -1;
	path_dirname(dir, up, sizeof up);
	return snprintf(out, len, "%s/%.*s.py", strcmp(dir, "__pycache__") ? up : ".", (int)(dot - base), base)
		       >= (int)len ? -1 : 0;
}

/* e, an included .pyc: unchecked when it was made from the source that
 * the Zapp holds beside it (see above). */
#define PYC_HELD (256 << 20)

static int pyc_unchecked(struct plan *p, struct entry *e)
{
	char srcdest[PATH_MAX], norm[PATH_MAX];
	unsigned char head[16];
	struct stat st;
	struct entry *py;
	if (pyc_source(e->dest, srcdest, sizeof srcdest) < 0 || path_normalize(srcdest, norm, sizeof norm) < 0
	    || !(py = plan_find(p, norm)) || py->kind != ENTRY_FILE || !py->src || stat(py->src, &st) < 0)
		return 0;
	int fd = open(e->src, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;	/* the write says why */
	if (read(fd, head, sizeof head) != (ssize_t)sizeof head || le32(head + 4) != 0
	    || le32(head + 8) != (uint32_t)st.st_mtime || le32(head + 12) != (uint32_t)st.st_size
	    || e->src_size > 64 * 1024 * 1024) {
		close(fd);
		return 0;	/* not a timestamp .pyc of that source */
	}
	char *buf = malloc((size_t)e->src_size + 1);
	size_t done = 0;
	while (buf && done < (size_t)e->src_size) {
		ssize_t n = pread(fd, buf + done, (size_t)e->src_size - done, (off_t)done);
		if (n <= 0)
			break;
		done += (size_t)n;
	}
	close(fd);
	if (!buf || done != (size_t)e->src_size) {
		free(buf);
		return buf ? 0 : (zerr(NULL, "out of memory"), -1);
	}
	buf[4] = 1;	/* hash-based, not checked (PEP 552) */
	e->content = buf;
	e->content_len = done;
	return 0;
}

int interp_include(struct plan *p, struct options *o)
{
	struct strlist done = { 0 };
	int r = 0;
	if (o->no_interp_files)
		return 0;
	/* p->programs grows with the files included */
	for (size_t i = 0; r == 0 && i < p->nprograms; i++) {
		const struct entry *e = p->programs[i];
		const struct interp *it;
		char real[PATH_MAX];
		if (e->kind != ENTRY_PROGRAM || e->from_tree || e->included || e->origin_path || !e->src
		    || !(it = interp_find(path_basename(e->src))) || !realpath(e->src, real)
		    || strlist_contains(&done, real))
			continue;
		if (strlist_push(&done, real) < 0)
			r = (zerr(NULL, "out of memory"), -1);
		else
			r = interp_one(p, o, it, real);
	}
	strlist_free(&done);
	/* the rewritten .pyc files are held in memory until the write: up to
	 * PYC_HELD bytes of them (Python's standard library has 14 MiB) */
	unsigned long long held = 0;
	size_t over = 0;
	for (size_t i = 0; r == 0 && i < p->n; i++) {
		struct entry *e = p->e[i];
		size_t l = strlen(e->dest);
		if (!(e->included || e->from_tree) || e->kind != ENTRY_FILE || !e->src || e->content || l <= 4
		    || strcmp(e->dest + l - 4, ".pyc") != 0)
			continue;
		if (held + (unsigned long long)e->src_size > PYC_HELD) {
			over++;
			continue;
		}
		r = pyc_unchecked(p, e);
		if (e->content)
			held += e->content_len;
	}
	if (r == 0 && over)
		zwarn(NULL, "%zu .pyc files are copied as they are, beyond the %d MiB of them written unchecked: "
		      "Python compiles their sources again when it loads them", over, PYC_HELD >> 20);
	return r;
}
