/* zapp-assemble/include.c: the files beyond the closure — data, plugins,
 * helpers that programs load at run time — and where they go in the Zapp.
 *
 * They are named by --include SRC[=DEST], --files-from LIST, --from-strace
 * LOG and --detect, and by glibc_pieces.c.  Each goes where the placement
 * rule puts it (docs/layout.md, "Included files"), unless DEST says:
 *
 *   - The prefix of an input is, for a directory (an install tree), the
 *     directory itself; for a file, the directory above the nearest of
 *     its directories named bin, sbin, libexec, games, lib, lib64, lib32
 *     or libx32, links resolved: /bin/ls is /usr/bin/ls, of prefix /usr;
 *     /usr/local/bin/x is of /usr/local; /usr/lib/git-core/git of /usr.
 *   - A file keeps its path relative to the longest prefix it lies under
 *     (/usr/lib/python3.11/os.py -> lib/python3.11/os.py), or, under none,
 *     relative to / (or to --sysroot, when it lies there):
 *     /etc/ImageMagick-6/policy.xml -> etc/ImageMagick-6/policy.xml.
 *   - Its path is taken with its directories' links resolved, its own
 *     name as given: /usr/bin/python3 (a link) stays bin/python3, and is
 *     a copy of what it leads to.
 *
 * A file the Zapp holds already at that place is left as it is when it is
 * the same file or the same bytes, and refused when it is another.  A
 * directory is included whole; a link in it is what it leads to; a link
 * that leads nowhere, a FIFO, a socket or a device in it is skipped with
 * a warning; each directory is included once however many links lead to
 * it (a loop or a "diamond" of links is skipped with a warning).  Nothing
 * is dropped silently: a path that is missing, unreadable or of another
 * kind is an error, as is a place outside the Zapp or in dynbin/. */
#include "assemble.h"
#include "dpkg_db.h"
#include "zelf.h"
#include "hash.h"
#include "machine_paths.h"
#include "marker.h"
#include "report.h"
#include "searchpath.h"
#include "strace_log.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The directories a prefix is above. */
static const char *const prefix_dirs[] = {
	"bin", "sbin", "libexec", "games", "lib", "lib64", "lib32", "libx32",
};

int prefix_of(const char *real, char *out, size_t len)
{
	char dir[PATH_MAX];
	snprintf(dir, sizeof dir, "%s", real);
	for (;;) {
		char *slash = strrchr(dir, '/');
		if (!slash || slash == dir)
			return -1;
		*slash = '\0';		/* dir is now the file's directory, then its parent... */
		const char *name = strrchr(dir, '/') + 1;
		for (size_t i = 0; i < sizeof prefix_dirs / sizeof prefix_dirs[0]; i++)
			if (strcmp(name, prefix_dirs[i]) == 0) {
				size_t l = (size_t)(name - dir) - 1;
				if (l >= len)
					return -1;
				if (l == 0)
					snprintf(out, len, "/");
				else
					snprintf(out, len, "%.*s", (int)l, dir);
				return 0;
			}
	}
}

int include_prefixes(struct options *o, char *const *inputs, int n)
{
	for (int i = 0; i < n; i++) {
		char real[PATH_MAX], prefix[PATH_MAX];
		struct stat st;
		if (stat(inputs[i], &st) < 0 || !realpath(inputs[i], real))
			continue;	/* scan_input says why */
		if (S_ISDIR(st.st_mode))
			snprintf(prefix, sizeof prefix, "%s", real);
		else if (prefix_of(real, prefix, sizeof prefix) < 0)
			continue;
		if (!strlist_contains(&o->prefixes, prefix) && strlist_push(&o->prefixes, prefix) < 0)
			return zerr(NULL, "out of memory"), -1;
	}
	return 0;
}

/* With no input to give a prefix (a Zapp made from a list alone), the
 * programs of the list give it: each executable regular file in a
 * directory named bin, sbin, libexec or games (/usr/bin/python3.11 gives
 * /usr), so the list's files keep their places around them. */
static int list_prefixes(struct options *o, const char *const *paths, size_t n)
{
	static const char *const prog_dirs[] = { "bin", "sbin", "libexec", "games" };
	for (size_t i = 0; i < n; i++) {
		char real[PATH_MAX], dir[PATH_MAX], prefix[PATH_MAX];
		struct stat st;
		if (stat(paths[i], &st) < 0 || !S_ISREG(st.st_mode) || !(st.st_mode & 0111)
		    || !realpath(paths[i], real))
			continue;
		path_dirname(real, dir, sizeof dir);
		const char *name = strrchr(dir, '/') ? strrchr(dir, '/') + 1 : dir;
		int prog = 0;
		for (size_t k = 0; k < sizeof prog_dirs / sizeof prog_dirs[0]; k++)
			prog |= strcmp(name, prog_dirs[k]) == 0;
		if (!prog || prefix_of(real, prefix, sizeof prefix) < 0)
			continue;
		if (!strlist_contains(&o->prefixes, prefix) && strlist_push(&o->prefixes, prefix) < 0)
			return zfail("out of memory");
	}
	return 0;
}

/* path made absolute (relative to the working directory), its
 * directories' links resolved, its own name kept. */
static int host_path(const char *path, char *out, size_t len)
{
	char abs[PATH_MAX], dir[PATH_MAX], real[PATH_MAX], cwd[PATH_MAX];
	if (path[0] == '/')
		snprintf(abs, sizeof abs, "%s", path);
	else if (!getcwd(cwd, sizeof cwd) || snprintf(abs, sizeof abs, "%s/%s", cwd, path) >= (int)sizeof abs)
		return zfail("cannot make it absolute: %s", strerror(errno ? errno : ENAMETOOLONG));
	size_t l = strlen(abs);
	while (l > 1 && abs[l - 1] == '/')
		abs[--l] = '\0';
	char *slash = strrchr(abs, '/');
	const char *name = slash + 1;
	if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0 || !*name) {
		if (!realpath(abs, real))
			return zfail("%s", strerror(errno));
		return snprintf(out, len, "%s", real) >= (int)len ? zfail("path too long") : 0;
	}
	if (slash == abs)
		snprintf(dir, sizeof dir, "/");
	else
		snprintf(dir, sizeof dir, "%.*s", (int)(slash - abs), abs);
	/* lists name many files of one directory in a row */
	static char last_dir[PATH_MAX], last_real[PATH_MAX];
	if (last_dir[0] && strcmp(dir, last_dir) == 0)
		snprintf(real, sizeof real, "%s", last_real);
	else if (!realpath(dir, real))
		return zfail("%s", strerror(errno));
	else {
		snprintf(last_dir, sizeof last_dir, "%s", dir);
		snprintf(last_real, sizeof last_real, "%s", real);
	}
	if (snprintf(out, len, "%s%s%s", real, strcmp(real, "/") ? "/" : "", name) >= (int)len)
		return zfail("path too long");
	return 0;
}

/* Can rel hold an included file?  dynbin/ and the marker are the Zapp's. */
static int free_place(const char *rel)
{
	char norm[PATH_MAX];
	if (rel[0] == '/')
		return zfail("'%s' is an absolute path: a place in the Zapp is relative to its top", rel);
	for (const char *s = rel; *s; ) {
		size_t n = strcspn(s, "/");
		if (n == 2 && strncmp(s, "..", 2) == 0)
			return zfail("'%s' holds a '..' component: a place in the Zapp stays inside it", rel);
		s += n;
		while (*s == '/')
			s++;
	}
	if (path_normalize(rel, norm, sizeof norm) < 0 || !*norm || strcmp(norm, ".") == 0)
		return zfail("'%s' names no place inside the Zapp", rel);
	if (strcmp(norm, ZAPP_MARKER) == 0 || strcmp(norm, "dynbin") == 0 || strncmp(norm, "dynbin/", 7) == 0)
		return zfail("'%s' is the Zapp's own (dynbin/ holds its programs, %s is its marker)", norm, ZAPP_MARKER);
	return 0;
}

/* Where the file at host path abs goes: the rule above. */
static int place(const struct options *o, const char *abs, char *out, size_t len)
{
	const char *best = NULL, *rest = NULL;
	char root[PATH_MAX];
	for (size_t i = 0; i < o->prefixes.n; i++) {
		const char *r = path_under(abs, o->prefixes.v[i]);
		if (r && *r && (!best || strlen(o->prefixes.v[i]) > strlen(best))) {
			best = o->prefixes.v[i];
			rest = r;
		}
	}
	if (!best && *o->sysroot && realpath(o->sysroot, root) && (rest = path_under(abs, root)) && *rest)
		best = root;
	if (!best)
		rest = path_under(abs, "/");
	if (!rest || !*rest)
		return zfail("it has no place in the Zapp: it is the prefix of an input (give it as an input, an install tree, instead)");
	if (snprintf(out, len, "%s", rest) >= (int)len)
		return zfail("path too long");
	return free_place(out);
}

/* The directories of one included path, each walked once. */
struct inc {
	struct plan *p;
	struct options *o;
	const char *from;	/* who named it, for messages */
	int explicit_dest;
	dev_t dev[64];		/* the directories being walked */
	ino_t ino[64];
	int depth;
	struct { dev_t dev; ino_t ino; int used; } *seen;
	size_t nseen, capseen;
};

/* 1 when the directory st is seen for the first time, 0 when again, -1. */
static int first_visit(struct inc *w, const struct stat *st)
{
	if (2 * (w->nseen + 1) > w->capseen) {
		size_t cap = w->capseen ? 2 * w->capseen : 64;
		struct inc old = *w;
		if (!(w->seen = calloc(cap, sizeof *w->seen)))
			return w->seen = old.seen, -1;
		w->capseen = cap;
		for (size_t i = 0; i < old.capseen; i++)
			if (old.seen[i].used) {
				uint64_t h = zhash(zhash(ZHASH_INIT, &old.seen[i].dev, sizeof(dev_t)), &old.seen[i].ino, sizeof(ino_t));
				size_t k = (size_t)h & (cap - 1);
				while (w->seen[k].used)
					k = (k + 1) & (cap - 1);
				w->seen[k] = old.seen[i];
			}
		free(old.seen);
	}
	uint64_t h = zhash(zhash(ZHASH_INIT, &st->st_dev, sizeof(dev_t)), &st->st_ino, sizeof(ino_t));
	size_t k = (size_t)h & (w->capseen - 1);
	while (w->seen[k].used) {
		if (w->seen[k].dev == st->st_dev && w->seen[k].ino == st->st_ino)
			return 0;
		k = (k + 1) & (w->capseen - 1);
	}
	w->seen[k].dev = st->st_dev;
	w->seen[k].ino = st->st_ino;
	w->seen[k].used = 1;
	w->nseen++;
	return 1;
}

static void where(const struct inc *w, char *buf, size_t len)
{
	if (w->from)
		snprintf(buf, len, " (named by %s)", w->from);
	else
		buf[0] = '\0';
}

/* The directories that hold rel, as entries of the plan. */
static int plan_parents(struct plan *p, const char *rel)
{
	char dir[PATH_MAX];
	snprintf(dir, sizeof dir, "%s", rel);
	for (char *s = strchr(dir, '/'); s; s = strchr(s + 1, '/')) {
		*s = '\0';
		struct entry *e = plan_find(p, dir);
		if (!e && !(e = plan_add(p, dir, ENTRY_DIR, NULL)))
			return zerr(dir, "%s", zwhy()), -1;
		if (e->kind != ENTRY_DIR)
			return zerr(dir, "the Zapp holds a file here, where an included file needs a directory (for %s)", rel), -1;
		*s = '/';
	}
	return 0;
}

/* The regular file shown (its real path real) at rel. */
static int inc_file(struct inc *w, const char *shown, const char *real, const char *rel, const struct stat *st)
{
	char why[PATH_MAX + 32], magic[4];
	struct entry *have = plan_find(w->p, rel);
	where(w, why, sizeof why);
	if (have) {
		const struct entry *same = have->kind == ENTRY_JUMPLOADER ? have->target : have;
		if (same && same->src && ((same->src_dev == st->st_dev && same->src_ino == st->st_ino)
					  || same_file_content(same->src, real)))
			return 0;	/* it is there already */
		if (have->kind == ENTRY_DIR)
			return zerr(rel, "cannot include %s%s here: the Zapp holds a directory of this name", shown, why), -1;
		return zerr(rel, "cannot include %s%s here: the Zapp holds another file of this name (%s)", shown, why,
			    same && same->src ? (same->shown ? same->shown : same->src) : "made by zapp-assemble"), -1;
	}
	/* readable now, so that nothing fails when the Zapp is written; an
	 * ELF file? */
	int fd = open(real, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return zerr(shown, "cannot include%s: %s", why, strerror(errno)), -1;
	ssize_t n = read(fd, magic, sizeof magic);
	int e = errno;
	close(fd);
	if (n < 0)
		return zerr(shown, "cannot include%s: %s", why, strerror(e)), -1;
	if (plan_parents(w->p, rel) < 0)
		return -1;
	return scan_included(w->p, w->o, rel, shown, real, st, n == 4 && memcmp(magic, ELFMAG, SELFMAG) == 0,
			     w->explicit_dest);
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

/* The directory shown (its real path real) at rel, whole. */
static int inc_dir(struct inc *w, const char *shown, const char *real, const char *rel, const struct stat *st)
{
	struct dirent **names;
	int n, r = 0, v;
	struct entry *e = plan_find(w->p, rel);
	for (int i = 0; i < w->depth; i++)
		if (w->dev[i] == st->st_dev && w->ino[i] == st->st_ino) {
			zwarn(shown, "skipped: a symbolic link loop");
			return 0;
		}
	if ((v = first_visit(w, st)) < 0)
		return zerr(NULL, "out of memory"), -1;
	if (!v) {
		zwarn(shown, "skipped: a second way to a directory included already (a \"diamond\" of links)");
		return 0;
	}
	if (w->depth == 64)
		return zerr(shown, "directories nested too deep"), -1;
	if (e && e->kind != ENTRY_DIR)
		return zerr(rel, "cannot include the directory %s here: the Zapp holds a file of this name", shown), -1;
	if (!e && (plan_parents(w->p, rel) < 0 || !(e = plan_add(w->p, rel, ENTRY_DIR, NULL))))
		return e ? -1 : (zerr(rel, "%s", zwhy()), -1);
	if ((n = scandir(real, &names, NULL, by_name)) < 0)
		return zerr(shown, "cannot read the directory: %s", strerror(errno)), -1;
	w->dev[w->depth] = st->st_dev;
	w->ino[w->depth++] = st->st_ino;
	for (int i = 0; i < n; i++) {
		const char *name = names[i]->d_name;
		char cshown[PATH_MAX], creal[PATH_MAX], crel[PATH_MAX];
		struct stat cst;
		if (r < 0 || strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
			continue;
		if (snprintf(cshown, sizeof cshown, "%s/%s", shown, name) >= (int)sizeof cshown
		    || snprintf(creal, sizeof creal, "%s%s%s", real, strcmp(real, "/") ? "/" : "", name) >= (int)sizeof creal
		    || snprintf(crel, sizeof crel, "%s/%s", rel, name) >= (int)sizeof crel) {
			r = (zerr(shown, "a name inside is too long"), -1);
			continue;
		}
		if (lstat(creal, &cst) < 0) {
			r = (zerr(cshown, "cannot read: %s", strerror(errno)), -1);
			continue;
		}
		if (S_ISLNK(cst.st_mode)) {
			char to[PATH_MAX];
			if (stat(creal, &cst) < 0 || !realpath(creal, to)) {
				zwarn(cshown, "skipped: a symbolic link that leads nowhere (%s)", strerror(errno));
				continue;
			}
			snprintf(creal, sizeof creal, "%s", to);
		}
		if (S_ISDIR(cst.st_mode))
			r = inc_dir(w, cshown, creal, crel, &cst);
		else if (S_ISREG(cst.st_mode))
			r = inc_file(w, cshown, creal, crel, &cst);
		else
			zwarn(cshown, "skipped: not a regular file, directory or link (a FIFO, socket or device)");
		if (interrupted())
			r = -1;
	}
	for (int i = 0; i < n; i++)
		free(names[i]);
	free(names);
	w->depth--;
	return r;
}

/* Is path inside OUT (as it is before the assembly)?  main.c refuses an
 * --include there; a list's path there is skipped. */
static int in_out(const struct options *o, const char *path)
{
	static char out_real[PATH_MAX];
	static int known = -1;
	char real[PATH_MAX];
	if (known < 0)
		known = realpath(o->out, out_real) != NULL;
	return known && realpath(path, real) && path_under(real, out_real);
}

int include_path(struct plan *p, struct options *o, const char *path, const char *dest, const char *from)
{
	struct inc w = { .p = p, .o = o, .from = from, .explicit_dest = dest != NULL };
	char abs[PATH_MAX], rel[PATH_MAX], why[PATH_MAX + 32];
	struct stat st;
	int r;
	where(&w, why, sizeof why);
	if (stat(path, &st) < 0)
		return zerr(path, "cannot include%s: %s", why, strerror(errno)), -1;
	if (from && in_out(o, path)) {
		/* a list of files a run of the Zapp itself used, most likely */
		zwarn(path, "skipped: a file of %s, the Zapp being made%s", o->out, why);
		return 0;
	}
	if (!S_ISDIR(st.st_mode) && !S_ISREG(st.st_mode))
		return zerr(path, "cannot include%s: not a regular file or directory (a FIFO, socket or device)", why), -1;
	if (host_path(path, abs, sizeof abs) < 0)
		return zerr(path, "cannot include%s: %s", why, zwhy()), -1;
	if (dest) {
		if (free_place(dest) < 0)
			return zerr(path, "cannot include%s: %s", why, zwhy()), -1;
		path_normalize(dest, rel, sizeof rel);
	} else if (place(o, abs, rel, sizeof rel) < 0) {
		return zerr(path, "cannot include%s: %s", why, zwhy()), -1;
	}
	struct stat lst;
	char real[PATH_MAX];
	if (lstat(abs, &lst) == 0 && !S_ISLNK(lst.st_mode))
		snprintf(real, sizeof real, "%s", abs);	/* its directories are real already */
	else if (!realpath(abs, real))
		return zerr(path, "cannot include%s: %s", why, strerror(errno)), -1;
	if (o->verbose && from == NULL)
		zerr(rel, "%s (included)", abs);
	r = S_ISDIR(st.st_mode) ? inc_dir(&w, abs, real, rel, &st) : inc_file(&w, abs, real, rel, &st);
	free(w.seen);
	return r;
}

/* The whole of a list (or standard input) in *buf. */
static int read_list(const char *name, char **buf, size_t *size)
{
	FILE *f = strcmp(name, "-") == 0 ? stdin : fopen(name, "re");
	size_t n = 0, cap = 0;
	*buf = NULL;
	if (!f)
		return zfail("%s", strerror(errno));
	for (;;) {
		if (n + 65536 + 1 > cap) {
			char *v = realloc(*buf, cap = cap ? cap * 2 : 131072);
			if (!v) {
				if (f != stdin)
					fclose(f);
				return zfail("out of memory");
			}
			*buf = v;
		}
		size_t r = fread(*buf + n, 1, 65536, f);
		n += r;
		if (r < 65536)
			break;
	}
	int bad = ferror(f), e = errno;
	if (f != stdin)
		fclose(f);
	if (bad)
		return zfail("%s", strerror(e));
	(*buf)[n] = '\0';
	*size = n;
	return 0;
}

/* --files-from: one path a line, each ending in "\n" (the last one may
 * not), empty lines ignored; no comments, no quoting: a name is the whole
 * line. */
static int files_from(struct plan *p, struct options *o, const char *list)
{
	const char *shown = strcmp(list, "-") == 0 ? "standard input" : list;
	char *buf, from[PATH_MAX + 64];
	size_t size = 0, line = 0, paths = 0;
	int r = 0;
	if (read_list(list, &buf, &size) < 0) {
		free(buf);
		return zerr(shown, "cannot read the list of files: %s", zwhy()), -1;
	}
	if (!o->prefixes.n) {
		struct strlist lines = { 0 };
		for (char *s = buf; s < buf + size; ) {
			char *nl = memchr(s, '\n', (size_t)(buf + size - s));
			char *end = nl ? nl : buf + size;
			char c = *end;
			*end = '\0';
			if (*s && strlen(s) == (size_t)(end - s) && strlist_push(&lines, s) < 0)
				r = zfail("out of memory");
			*end = c;
			s = end + 1;
		}
		if (r == 0 && list_prefixes(o, (const char *const *)lines.v, lines.n) < 0)
			r = -1;
		strlist_free(&lines);
		if (r < 0) {
			free(buf);
			return zerr(shown, "%s", zwhy()), -1;
		}
	}
	for (char *s = buf; r == 0 && s < buf + size; ) {
		char *nl = memchr(s, '\n', (size_t)(buf + size - s));
		char *end = nl ? nl : buf + size;
		line++;
		if (memchr(s, '\0', (size_t)(end - s))) {
			r = (zerr(shown, "line %zu holds a NUL byte: not a list of paths, one a line", line), -1);
			break;
		}
		*end = '\0';
		if (*s) {
			paths++;
			snprintf(from, sizeof from, "line %zu of %s", line, shown);
			r = include_path(p, o, s, NULL, from);
		}
		s = end + 1;
		if (interrupted())
			r = -1;
	}
	free(buf);
	if (r == 0 && !paths)
		return zerr(shown, "the list of files holds no path"), -1;
	return r;
}

/* Files a traced run used that are no part of what it is: the machine's
 * (machine_paths.h: /proc, /sys, devices, temporary and run-time files,
 * /etc/localtime, /etc/passwd, ...), the working directory (its output,
 * most likely). */
static int traced_elsewhere(const char *path, const char *cwd)
{
	if (machine_path(path))
		return 1;
	return cwd && strcmp(cwd, "/") != 0 && path_under(path, cwd) != NULL;
}

static int from_strace(struct plan *p, struct options *o, const char *log)
{
	struct strlist paths = { 0 };
	char cwd[PATH_MAX], from[PATH_MAX + 16];
	const char *here = getcwd(cwd, sizeof cwd) ? cwd : NULL;
	FILE *f = fopen(log, "re");
	int r = 0;
	if (!f)
		return zerr(log, "cannot read the strace log: %s", strerror(errno)), -1;
	r = strace_log_read(f, log, &paths);
	fclose(f);
	if (r < 0) {
		strlist_free(&paths);
		return zerr(log, "cannot use as an strace log: %s", zwhy()), -1;
	}
	snprintf(from, sizeof from, "the strace log %s", log);
	if (!o->prefixes.n && list_prefixes(o, (const char *const *)paths.v, paths.n) < 0) {
		strlist_free(&paths);
		return zerr(log, "%s", zwhy()), -1;
	}
	for (size_t i = 0; r == 0 && i < paths.n; i++) {
		struct stat st;
		const char *path = paths.v[i];
		if (traced_elsewhere(path, here))
			continue;
		if (stat(path, &st) < 0 || !S_ISREG(st.st_mode)) {
			if (o->verbose)
				zerr(path, "not included: %s", errno == ENOENT ? "it is gone" : "not a regular file");
			continue;
		}
		r = include_path(p, o, path, NULL, from);
		if (interrupted())
			r = -1;
	}
	strlist_free(&paths);
	return r;
}

/* --detect: every file of the packages that own the file inputs. */
static int detect(struct plan *p, struct options *o, char *const *inputs, int n)
{
	struct strlist files = { 0 }, pkgs = { 0 }, unowned = { 0 }, progs = { 0 };
	char from[64];
	int r = 0;
	for (int i = 0; i < n; i++) {
		struct stat st;
		char abs[PATH_MAX];
		if (stat(inputs[i], &st) == 0 && S_ISREG(st.st_mode) && host_path(inputs[i], abs, sizeof abs) == 0
		    && strlist_push(&progs, abs) < 0)
			return zerr(NULL, "out of memory"), -1;
	}
	if (!progs.n)
		return zerr(NULL, "--detect: no input is a file a package could own"), -1;
	if (dpkg_owned_files(o->sysroot, progs.v, progs.n, &pkgs, &files, &unowned) < 0)
		r = (zerr(NULL, "--detect: %s", zwhy()), -1);
	for (size_t i = 0; r == 0 && i < unowned.n; i++)
		zwarn(unowned.v[i], "--detect: no Debian package owns it");
	for (size_t i = 0; r == 0 && o->verbose && i < pkgs.n; i++)
		zerr(pkgs.v[i], "--detect: every file of this package is included");
	for (size_t i = 0; r == 0 && i < files.n; i++) {
		struct stat st;
		const char *path = files.v[i];
		if (stat(path, &st) < 0) {
			if (o->verbose)
				zerr(path, "--detect: not included: %s", strerror(errno));
			continue;
		}
		if (S_ISDIR(st.st_mode))
			continue;	/* the package's directories are not its files */
		if (!S_ISREG(st.st_mode)) {
			if (o->verbose)
				zerr(path, "--detect: not included: not a regular file");
			continue;
		}
		snprintf(from, sizeof from, "--detect");
		r = include_path(p, o, path, NULL, from);
		if (interrupted())
			r = -1;
	}
	strlist_free(&files);
	strlist_free(&pkgs);
	strlist_free(&unowned);
	strlist_free(&progs);
	return r;
}

/* --include SRC[=DEST]: an argument that names an existing path is SRC
 * whole (a name may hold '='); else SRC ends at its first '='. */
static int include_arg(struct plan *p, struct options *o, const char *arg)
{
	struct stat st;
	const char *eq = strchr(arg, '=');
	if (!eq || lstat(arg, &st) == 0)
		return include_path(p, o, arg, NULL, NULL);
	char src[PATH_MAX];
	if ((size_t)(eq - arg) >= sizeof src)
		return zerr(arg, "cannot include: path too long"), -1;
	snprintf(src, sizeof src, "%.*s", (int)(eq - arg), arg);
	if (!eq[1])
		return zerr(src, "cannot include: '%s' gives no place after '='", arg), -1;
	return include_path(p, o, src, eq + 1, NULL);
}

int include_inputs(struct plan *p, struct options *o, char *const *inputs, int n)
{
	for (size_t i = 0; i < o->include.n; i++)
		if (include_arg(p, o, o->include.v[i]) < 0 || interrupted())
			return -1;
	for (size_t i = 0; i < o->files_from.n; i++)
		if (files_from(p, o, o->files_from.v[i]) < 0 || interrupted())
			return -1;
	for (size_t i = 0; i < o->straces.n; i++)
		if (from_strace(p, o, o->straces.v[i]) < 0 || interrupted())
			return -1;
	if (o->detect && (detect(p, o, inputs, n) < 0 || interrupted()))
		return -1;
	return 0;
}
