/* zapp-assemble/dpkg_db.c: dpkg's database, read as files: no dpkg
 * process is run.
 *
 * /var/lib/dpkg/info/PKG.list (PKG:ARCH.list for a package of a foreign
 * or "same" multi-arch) holds the paths a package installed, directories
 * too, one a line.  /var/lib/dpkg/diversions holds triples of lines: a
 * path, where the file of that path is moved to, and the package that
 * moved it (":" a local diversion): a package other than that one that
 * lists the path has its file at the second place. */
#include "dpkg_db.h"
#include "report.h"
#include "searchpath.h"

#include <dirent.h>
#include <fcntl.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct diversion {
	char *from, *to, *by;
};

/* The whole file path, NUL-terminated, in *buf; its size, or -1. */
static long slurp(const char *path, char **buf)
{
	struct stat st;
	long n = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	*buf = NULL;
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || !(*buf = malloc((size_t)st.st_size + 1))) {
		int e = S_ISREG(st.st_mode) ? errno : EINVAL;
		close(fd);
		errno = e;
		return -1;
	}
	while (n < st.st_size) {
		ssize_t r = read(fd, *buf + n, (size_t)(st.st_size - n));
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			int e = errno;
			close(fd);
			errno = e;
			return -1;
		}
		if (r == 0)
			break;		/* shorter than it was */
		n += r;
	}
	close(fd);
	(*buf)[n] = '\0';
	return n;
}

/* Does buf hold line as one of its lines? */
static int holds_line(const char *buf, size_t size, const char *line)
{
	size_t l = strlen(line);
	for (const char *s = buf; (s = memmem(s, size - (size_t)(s - buf), line, l)); s++)
		if ((s == buf || s[-1] == '\n') && (s[l] == '\n' || s[l] == '\0'))
			return 1;
	return 0;
}

static int read_diversions(const char *db, struct diversion **dv, size_t *n)
{
	char path[PATH_MAX + 16], *buf, *save = NULL, *l[3];
	snprintf(path, sizeof path, "%s/diversions", db);
	*dv = NULL;
	*n = 0;
	if (slurp(path, &buf) < 0) {
		free(buf);
		return errno == ENOENT ? 0 : zfail("cannot read %s: %s", path, strerror(errno));
	}
	for (char *s = strtok_r(buf, "\n", &save); s; ) {
		l[0] = s;
		l[1] = strtok_r(NULL, "\n", &save);
		l[2] = l[1] ? strtok_r(NULL, "\n", &save) : NULL;
		if (!l[2])
			break;
		struct diversion *v = realloc(*dv, (*n + 1) * sizeof *v);
		if (!v || !(v[*n].from = strdup(l[0])) || !(v[*n].to = strdup(l[1])) || !(v[*n].by = strdup(l[2]))) {
			free(buf);
			if (v)
				*dv = v;
			return zfail("out of memory");
		}
		*dv = v;
		(*n)++;
		s = strtok_r(NULL, "\n", &save);
	}
	free(buf);
	return 0;
}

/* Where the file package pkg lists as path is. */
static const char *diverted(const struct diversion *dv, size_t n, const char *path, const char *pkg)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(dv[i].from, path) == 0) {
			size_t l = strcspn(pkg, ":");
			if (strlen(dv[i].by) == l && strncmp(dv[i].by, pkg, l) == 0)
				return path;
			return dv[i].to;
		}
	return path;
}

/* The names path is known by in the database: as given and real, inside
 * root, with and without /usr. */
static int names_of(const char *root, const char *path, struct strlist *names)
{
	char real[PATH_MAX], alt[PATH_MAX + 8];
	const char *forms[2] = { path, realpath(path, real) ? real : NULL };
	for (int k = 0; k < 2; k++) {
		const char *in = forms[k];
		if (!in)
			continue;
		if (*root) {
			const char *under = path_under(in, root);
			if (!under)
				continue;
			snprintf(alt, sizeof alt, "/%s", under);
			in = alt[1] ? strdup(alt) : NULL;
			if (!in)
				continue;
		}
		char usr[PATH_MAX + 8];
		if (strncmp(in, "/usr/", 5) == 0)
			snprintf(usr, sizeof usr, "%s", in + 4);
		else
			snprintf(usr, sizeof usr, "/usr%s", in);
		int bad = (!strlist_contains(names, in) && strlist_push(names, in) < 0)
			  || (!strlist_contains(names, usr) && strlist_push(names, usr) < 0);
		if (*root)
			free((char *)in);
		if (bad)
			return zfail("out of memory");
	}
	return 0;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static int push_once(struct strlist *l, const char *s)
{
	return strlist_contains(l, s) || strlist_push(l, s) == 0 ? 0 : zfail("out of memory");
}

int dpkg_owned_files(const char *root, char *const *paths, size_t n, struct strlist *pkgs,
		     struct strlist *files, struct strlist *unowned)
{
	char db[PATH_MAX], info[PATH_MAX + 8];
	struct diversion *dv = NULL;
	size_t ndv = 0;
	struct strlist *names = calloc(n ? n : 1, sizeof *names);
	char *owned = calloc(n ? n : 1, 1);
	struct dirent **ent = NULL;
	int nent = 0, r = -1;
	if (!names || !owned) {
		zfail("out of memory");
		goto out;
	}
	snprintf(db, sizeof db, "%s/var/lib/dpkg", root);
	snprintf(info, sizeof info, "%s/info", db);
	for (size_t i = 0; i < n; i++)
		if (names_of(root, paths[i], &names[i]) < 0)
			goto out;
	if (read_diversions(db, &dv, &ndv) < 0)
		goto out;
	/* a file moved by a diversion is listed by its first name */
	for (size_t i = 0; i < n; i++)
		for (size_t d = 0; d < ndv; d++)
			if (strlist_contains(&names[i], dv[d].to) && !strlist_contains(&names[i], dv[d].from)
			    && strlist_push(&names[i], dv[d].from) < 0) {
				zfail("out of memory");
				goto out;
			}
	if ((nent = scandir(info, &ent, NULL, by_name)) < 0) {
		nent = 0;
		zfail("cannot read the dpkg database %s: %s", info, strerror(errno));
		goto out;
	}
	for (int k = 0; k < nent; k++) {
		const char *fn = ent[k]->d_name;
		size_t fl = strlen(fn);
		char path[PATH_MAX * 2], pkg[NAME_MAX + 1], *buf, *save = NULL;
		int mine = 0;
		if (fl < 6 || strcmp(fn + fl - 5, ".list") != 0)
			continue;
		snprintf(pkg, sizeof pkg, "%.*s", (int)(fl - 5), fn);
		snprintf(path, sizeof path, "%s/%s", info, fn);
		if (slurp(path, &buf) < 0) {
			free(buf);
			zfail("cannot read %s: %s", path, strerror(errno));
			goto out;
		}
		/* most lists hold none of the names: only those that do are
		 * read line by line */
		long size = (long)strlen(buf);
		int maybe = 0;
		for (size_t i = 0; i < n && !maybe; i++)
			for (size_t m = 0; m < names[i].n && !maybe; m++)
				maybe = holds_line(buf, (size_t)size, names[i].v[m]);
		for (char *s = maybe ? strtok_r(buf, "\n", &save) : NULL; s; s = strtok_r(NULL, "\n", &save)) {
			const char *at = diverted(dv, ndv, s, pkg);
			for (size_t i = 0; i < n; i++)
				if (strlist_contains(&names[i], at)) {
					owned[i] = 1;
					mine = 1;
				}
		}
		if (mine) {
			/* strtok_r cut the buffer: read it again, whole */
			free(buf);
			if (slurp(path, &buf) < 0) {
				free(buf);
				zfail("cannot read %s: %s", path, strerror(errno));
				goto out;
			}
			if (push_once(pkgs, pkg) < 0) {
				free(buf);
				goto out;
			}
			for (char *s = strtok_r(buf, "\n", &save); s; s = strtok_r(NULL, "\n", &save)) {
				char full[PATH_MAX * 2];
				if (s[0] != '/' || strcmp(s, "/.") == 0)
					continue;
				snprintf(full, sizeof full, "%s%s", root, diverted(dv, ndv, s, pkg));
				if (strlen(full) < PATH_MAX && strlist_push(files, full) < 0) {
					free(buf);
					zfail("out of memory");
					goto out;
				}
			}
		}
		free(buf);
	}
	for (size_t i = 0; i < n; i++)
		if (!owned[i] && strlist_push(unowned, paths[i]) < 0) {
			zfail("out of memory");
			goto out;
		}
	r = 0;
out:
	for (int k = 0; k < nent; k++)
		free(ent[k]);
	free(ent);
	for (size_t i = 0; names && i < n; i++)
		strlist_free(&names[i]);
	free(names);
	free(owned);
	for (size_t i = 0; i < ndv; i++) {
		free(dv[i].from);
		free(dv[i].to);
		free(dv[i].by);
	}
	free(dv);
	return r;
}
