/* zapp-assemble/write.c: materialise the plan in a directory — copies,
 * search-path edits on the copies, stamped jumploaders — in sorted order,
 * so the same inputs give the same tree. */
#include "assemble.h"
#include "report.h"
#include "rpath.h"
#include "searchpath.h"
#include "stamp_io.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int make_parents(const char *top, const char *rel)
{
	char path[PATH_MAX];
	int n = snprintf(path, sizeof path, "%s/%s", top, rel);
	if (n >= (int)sizeof path)
		return zfail("path too long");
	for (char *s = path + strlen(top) + 1; (s = strchr(s, '/')); s++) {
		*s = '\0';
		if (mkdir(path, 0755) < 0 && errno != EEXIST)
			return zfail("cannot create directory %s: %s", path + strlen(top) + 1, strerror(errno));
		*s = '/';
	}
	return 0;
}

static int write_jumploader(struct options *o, struct entry *e, const char *path)
{
	char dir[PATH_MAX], target[PATH_MAX], libdir[PATH_MAX], deflt[PATH_MAX];
	if (copy_file(o->jumploader, path, 0755) < 0)
		return -1;
	path_dirname(e->dest, dir, sizeof dir);
	if (path_relative(dir, e->target->dest, target, sizeof target) < 0
	    || path_relative(dir, "lib", libdir, sizeof libdir) < 0)
		return zfail("cannot compute the path to its program");
	snprintf(deflt, sizeof deflt, "../dynbin/%s", path_basename(e->dest));
	if (strcmp(target, deflt) == 0 && strcmp(libdir, "../lib") == 0)
		return 0;	/* the defaults: bin/NAME -> dynbin/NAME */
	return stamp_write(path, target, libdir);
}

static int write_entry(struct options *o, struct entry *e, const char *top)
{
	char path[PATH_MAX];
	snprintf(path, sizeof path, "%s/%s", top, e->dest);
	/* entries come sorted: most share the parent of the one before */
	static char made[PATH_MAX];
	char parent[PATH_MAX];
	path_dirname(e->dest, parent, sizeof parent);
	if (strcmp(parent, made) != 0) {
		if (make_parents(top, e->dest) < 0)
			return -1;
		snprintf(made, sizeof made, "%s", parent);
	}
	switch (e->kind) {
	case ENTRY_DIR:
		if (mkdir(path, 0755) < 0 && errno != EEXIST)
			return zfail("cannot create the directory: %s", strerror(errno));
		return 0;
	case ENTRY_JUMPLOADER:
		if (write_jumploader(o, e, path) < 0)
			return -1;
		break;
	default:
		if (copy_file(e->src, path, e->mode) < 0)
			return -1;
		if (e->new_rpath && rpath_set(path, DT_RPATH, e->new_rpath) < 0)
			return zfail("cannot set its rpath to '%s': %s", e->new_rpath, zwhy());
		break;
	}
	/* files are created with their mode (the umask is 0) plus u+w for
	 * the edits: only a mode without u+w needs setting afterwards */
	if ((e->kind == ENTRY_DIR || !(e->mode & S_IWUSR)) && chmod(path, e->mode) < 0)
		return zfail("cannot set its mode: %s", strerror(errno));
	return 0;
}

/* With SOURCE_DATE_EPOCH set, every file and directory gets that time. */
static int set_times(struct plan *p, const char *top)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	char path[PATH_MAX], *end;
	struct timespec ts[2];
	if (!sde || !*sde)
		return 0;
	errno = 0;
	long long t = strtoll(sde, &end, 10);
	if (*end || errno || t < 0)
		return zerr("SOURCE_DATE_EPOCH", "not a number of seconds: '%s'", sde), -1;
	ts[0].tv_sec = ts[1].tv_sec = (time_t)t;
	ts[0].tv_nsec = ts[1].tv_nsec = 0;
	/* files before their directories: sorted order, walked backwards */
	for (size_t i = p->n; i-- > 0; ) {
		snprintf(path, sizeof path, "%s/%s", top, p->e[i]->dest);
		if (utimensat(AT_FDCWD, path, ts, AT_SYMLINK_NOFOLLOW) < 0)
			return zerr(p->e[i]->dest, "cannot set its time: %s", strerror(errno)), -1;
	}
	/* directories made only as parents */
	for (size_t i = p->n; i-- > 0; ) {
		char dir[PATH_MAX];
		path_dirname(p->e[i]->dest, dir, sizeof dir);
		while (strcmp(dir, ".") != 0) {
			if (snprintf(path, sizeof path, "%s/%s", top, dir) < (int)sizeof path)
				utimensat(AT_FDCWD, path, ts, 0);
			char *slash = strrchr(dir, '/');
			if (slash)
				*slash = '\0';
			else
				strcpy(dir, ".");
		}
	}
	return utimensat(AT_FDCWD, top, ts, 0) < 0 ? -1 : 0;
}

int write_plan(struct plan *p, struct options *o, const char *dir)
{
	plan_sort(p);
	for (size_t i = 0; i < p->n; i++) {
		if (write_entry(o, p->e[i], dir) < 0) {
			zerr(p->e[i]->dest, "%s", zwhy());
			return -1;
		}
		if (outdir_interrupted())
			return -1;
	}
	return set_times(p, dir);
}
