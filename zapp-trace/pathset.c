/* zapp-trace/pathset.c: the paths a run used and wrote, what of them is
 * listed, and the list itself (the format zapp-assemble --files-from
 * reads: one absolute path per line, in byte order, no duplicates,
 * nothing else).
 *
 * A path is listed when the run used it (opened it to read, looked at it,
 * executed it) or it is the real path of one that was, it does not lie in /proc, /sys, /dev, /run, /tmp or the
 * directory the command started in, the run did not write it, and at the
 * end of the run it names a regular file (through symbolic links).  A
 * name holding a newline cannot be listed: it is left out with a
 * warning. */
#include "trace.h"
#include "hash.h"
#include "report.h"
#include "machine_paths.h"
#include "searchpath.h"
#include "strlist.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct pset {
	char **slot;
	size_t cap, n;
};

static struct pset used, written;
static char start_dir[PATH_MAX];

static uint64_t hash_str(const char *s)
{
	return zhash(ZHASH_INIT, s, strlen(s));
}

static int pset_has(const struct pset *s, const char *p)
{
	if (!s->cap)
		return 0;
	for (size_t i = hash_str(p) & (s->cap - 1);; i = (i + 1) & (s->cap - 1)) {
		if (!s->slot[i])
			return 0;
		if (strcmp(s->slot[i], p) == 0)
			return 1;
	}
}

static void pset_put(struct pset *s, char *owned)
{
	for (size_t i = hash_str(owned) & (s->cap - 1);; i = (i + 1) & (s->cap - 1))
		if (!s->slot[i]) {
			s->slot[i] = owned;
			s->n++;
			return;
		}
}

static void pset_add(struct pset *s, const char *p)
{
	if (pset_has(s, p))
		return;
	if (2 * (s->n + 1) > s->cap) {
		struct pset g = { calloc(s->cap ? 2 * s->cap : 1024, sizeof *g.slot), s->cap ? 2 * s->cap : 1024, 0 };
		if (!g.slot) {
			zerr(NULL, "out of memory");
			exit(1);
		}
		for (size_t i = 0; i < s->cap; i++)
			if (s->slot[i])
				pset_put(&g, s->slot[i]);
		free(s->slot);
		*s = g;
	}
	char *c = strdup(p);
	if (!c) {
		zerr(NULL, "out of memory");
		exit(1);
	}
	pset_put(s, c);
}

void paths_set_start_dir(const char *real_cwd)
{
	snprintf(start_dir, sizeof start_dir, "%s", strcmp(real_cwd, "/") == 0 ? "" : real_cwd);
}

int paths_excluded(const char *abs)
{
	if (machine_path(abs))
		return 1;
	return *start_dir && path_under(abs, start_dir);
}

void paths_used(const char *abs)
{
	if (abs[0] == '/' && !paths_excluded(abs))
		pset_add(&used, abs);
}

void paths_written(const char *abs)
{
	if (abs[0] == '/')
		pset_add(&written, abs);
}

static int by_bytes(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t k = write(fd, p, n);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return -1;
		p += k;
		n -= (size_t)k;
	}
	return 0;
}

int paths_write_list(int fd)
{
	struct strlist l = { 0 };
	char real[PATH_MAX];
	for (size_t i = 0; i < used.cap; i++) {
		const char *p = used.slot[i];
		struct stat st;
		if (!p || pset_has(&written, p) || stat(p, &st) < 0 || !S_ISREG(st.st_mode))
			continue;
		/* the name and, when it differs, the file it leads to */
		for (int k = 0; k < 2; k++) {
			if (k == 1 && (!realpath(p, real) || strcmp(real, p) == 0 || pset_has(&used, real) ||
				       pset_has(&written, real) || paths_excluded(real)))
				break;
			const char *name = k == 0 ? p : real;
			if (strchr(name, '\n')) {
				zwarn(name, "left out of the list: its name holds a newline");
				continue;
			}
			if (strlist_push(&l, name) < 0) {
				strlist_free(&l);
				errno = ENOMEM;
				return -1;
			}
		}
	}
	if (l.n)
		qsort(l.v, l.n, sizeof *l.v, by_bytes);
	/* one buffer, written in large pieces */
	size_t cap = 1 << 16, o = 0;
	char *buf = malloc(cap);
	int r = buf ? 0 : -1;
	for (size_t i = 0; r == 0 && i <= l.n; i++) {
		size_t len = i < l.n ? strlen(l.v[i]) : 0;
		if (i == l.n || o + len + 1 > cap) {
			r = write_all(fd, buf, o);
			o = 0;
		}
		if (i == l.n || r < 0)
			break;
		if (i > 0 && strcmp(l.v[i], l.v[i - 1]) == 0)
			continue;	/* two names lead to one file */
		if (len + 1 > cap) {
			r = write_all(fd, l.v[i], len) < 0 ? -1 : write_all(fd, "\n", 1);
			continue;
		}
		memcpy(buf + o, l.v[i], len);
		buf[o + len] = '\n';
		o += len + 1;
	}
	int e = errno;
	free(buf);
	strlist_free(&l);
	errno = e;
	return r;
}

int proc_link(pid_t tid, int fd, char *out, size_t len)
{
	char link[64];
	if (fd == PROC_CWD)
		snprintf(link, sizeof link, "/proc/%d/cwd", (int)tid);
	else if (fd == PROC_EXE)
		snprintf(link, sizeof link, "/proc/%d/exe", (int)tid);
	else
		snprintf(link, sizeof link, "/proc/%d/fd/%d", (int)tid, fd);
	ssize_t n = readlink(link, out, len - 1);
	if (n < 0 || (size_t)n >= len - 1)
		return -1;
	out[n] = '\0';
	return 0;
}

int path_absolute(pid_t tid, int dirfd, const char *path, char *out, size_t len)
{
	char base[PATH_MAX], real[PATH_MAX];
	size_t o = 0;
	if (path[0] != '/') {
		if (proc_link(tid, dirfd == AT_FDCWD ? PROC_CWD : dirfd, base, sizeof base) < 0 || base[0] != '/')
			return -1;
	} else {
		base[0] = '\0';
	}
	/* components of base, then of path */
	for (int part = 0; part < 2; part++) {
		const char *s = part == 0 ? base : path;
		while (*s) {
			while (*s == '/')
				s++;
			size_t c = strcspn(s, "/");
			if (c == 0)
				break;
			if (c == 1 && s[0] == '.') {
				/* nothing */
			} else if (c == 2 && s[0] == '.' && s[1] == '.') {
				/* the parent of the real directory, as the kernel goes */
				out[o] = '\0';
				if (o && realpath(out, real) && strlen(real) < len) {
					strcpy(out, real);
					o = strlen(out);
				}
				while (o > 0 && out[o - 1] != '/')
					o--;
				if (o > 0)
					o--;
			} else {
				if (o + 1 + c + 1 > len)
					return -1;
				out[o++] = '/';
				memcpy(out + o, s, c);
				o += c;
			}
			s += c;
		}
	}
	if (o == 0)
		out[o++] = '/';
	out[o] = '\0';
	return 0;
}
