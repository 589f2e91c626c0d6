/* zapp-assemble/write.c: materialise the plan in a directory — copies,
 * search-path edits on the copies, stamped jumploaders, the marker — in
 * sorted order, so the same inputs give the same tree.
 *
 * Files of equal content are written once: the first entry in sorted
 * order is a copy, the later ones are hard links to it.  Content is equal
 * when the sources are one file (device and inode) or hold the same bytes,
 * and the same edit is made (the same rpath, the same stamp) and the modes
 * are the same.  Where the file system has no hard links (FAT: EPERM),
 * they are copies. */
#include "assemble.h"
#include "hash.h"
#include "marker.h"
#include "report.h"
#include "rpath.h"
#include "searchpath.h"
#include "stamp_io.h"
#include "zelf.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Files of one size, mode and edit but another source are told apart by
 * a hash of their first FINGERPRINT bytes (read from the descriptor the
 * copy is made from); at most MAX_COMPARED whose hash is the same are
 * compared byte for byte before a new file is simply copied. */
#define FINGERPRINT 4096
#define MAX_COMPARED 4

/* A file written, that a later one of the same content becomes a link to. */
struct written {
	off_t size;
	mode_t mode;
	char *edit;		/* "rpath" or "target\nlibdir" (stamps); NULL: none */
	dev_t dev;		/* its source */
	ino_t ino;
	char *src;
	uint64_t print;		/* hash of the first FINGERPRINT bytes */
	char *dest;		/* the copy in the Zapp */
	int first;		/* the first of its content (the others: same source as one) */
	struct written *next;	/* same bucket */
};

struct writer {
	struct options *o;
	const char *top;
	char made[PATH_MAX];	/* the parent directory made last */
	struct written **bucket;
	size_t nbucket;		/* a power of two */
	int no_links;		/* the file system has no hard links: copies */
	int no_reflink;		/* nor reflinks (copy.c) */
};

/* The hash of the first bytes of the file open as fd; 0 if unreadable. */
static uint64_t fingerprint(int fd, off_t size)
{
	unsigned char buf[FINGERPRINT];
	size_t want = size < FINGERPRINT ? (size_t)size : FINGERPRINT;
	ssize_t n = pread(fd, buf, want, 0);
	return n == (ssize_t)want ? zhash(ZHASH_INIT, buf, want) | 1 : 0;
}

static size_t bucket_of(const struct writer *w, off_t size, mode_t mode, const char *edit)
{
	uint64_t h = zhash(ZHASH_INIT, &size, sizeof size);
	h = zhash(h, &mode, sizeof mode);
	if (edit)
		h = zhash(h, edit, strlen(edit));
	return (size_t)h & (w->nbucket - 1);
}

static int same_key(const struct written *r, off_t size, mode_t mode, const char *edit)
{
	return r->size == size && r->mode == mode
	       && (r->edit && edit ? strcmp(r->edit, edit) == 0 : r->edit == edit);
}

/* The file already written with the content that src (st), edited by edit,
 * will have; *same_source when it came from that very file. */
static struct written *find_written(struct writer *w, const char *src, const struct stat *st,
				    uint64_t print, mode_t mode, const char *edit, int *same_source)
{
	struct written *r, *b = w->bucket[bucket_of(w, st->st_size, mode, edit)];
	int compared = 0;
	*same_source = 1;
	for (r = b; r; r = r->next)
		if (same_key(r, st->st_size, mode, edit) && r->dev == st->st_dev && r->ino == st->st_ino)
			return r;
	*same_source = 0;
	if (!print)
		return NULL;
	for (r = b; r && compared < MAX_COMPARED; r = r->next)
		if (r->first && r->print == print && same_key(r, st->st_size, mode, edit)) {
			compared++;
			if (st->st_size == 0 || same_file_content(r->src, src))
				return r;
		}
	return NULL;
}

static int remember(struct writer *w, const char *src, const struct stat *st, uint64_t print,
		    mode_t mode, const char *edit, const char *dest, int first)
{
	struct written *r = calloc(1, sizeof *r);
	if (!r || !(r->src = strdup(src)) || !(r->dest = strdup(dest)) || (edit && !(r->edit = strdup(edit)))) {
		if (r) {
			free(r->src);
			free(r->dest);
		}
		free(r);
		return zfail("out of memory");
	}
	r->size = st->st_size;
	r->mode = mode;
	r->dev = st->st_dev;
	r->ino = st->st_ino;
	r->print = print;
	r->first = first;
	size_t i = bucket_of(w, st->st_size, mode, edit);
	r->next = w->bucket[i];
	w->bucket[i] = r;
	return 0;
}

static void writer_free(struct writer *w)
{
	for (size_t i = 0; i < w->nbucket; i++)
		for (struct written *r = w->bucket[i], *next; r; r = next) {
			next = r->next;
			free(r->edit);
			free(r->src);
			free(r->dest);
			free(r);
		}
	free(w->bucket);
}

/* A hard link at path to the file written as dest: 1 when made, 0 when
 * the file system cannot (then it is copied), -1 on an error. */
static int link_to(struct writer *w, const char *dest, const char *path)
{
	char target[PATH_MAX];
	if (w->no_links)
		return 0;
	snprintf(target, sizeof target, "%s/%s", w->top, dest);
	if (link(target, path) == 0)
		return 1;
	switch (errno) {
	case EPERM: case EOPNOTSUPP: case EXDEV:
		w->no_links = 1;	/* FAT, some FUSE and network file systems */
		return 0;
	case EMLINK:			/* too many links to that one: a new copy */
		return 0;
	default:
		return zfail("cannot link it to %s: %s", dest, strerror(errno));
	}
}

/* The file at dest (path) with the content of src, edited (an rpath, or a
 * stamp), and mode: a link to an equal file written before, or a copy. */
static int write_file(struct writer *w, const char *dest, const char *path, const char *src,
		      mode_t mode, const char *rpath, const char *needed, const char *target, const char *libdir)
{
	char stamp[2 * PATH_MAX + 2], both[PATH_MAX + 8192];
	const char *edit = rpath;
	if (needed) {	/* the edit of a program given the redirection library */
		snprintf(both, sizeof both, "needed %s\n%s", needed, rpath ? rpath : "");
		edit = both;
	}
	struct stat st;
	struct written *r = NULL;
	int same_source, in, linked;
	if (target) {
		snprintf(stamp, sizeof stamp, "%s\n%s", target, libdir);
		edit = stamp;
	}
	if ((in = open(src, O_RDONLY | O_CLOEXEC)) < 0)
		return zfail("cannot open %s: %s", src, strerror(errno));
	if (fstat(in, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(in);
		return zfail("%s is not a regular file", src);
	}
	uint64_t print = fingerprint(in, st.st_size);
	if (!w->no_links && (r = find_written(w, src, &st, print, mode, edit, &same_source))) {
		if ((linked = link_to(w, r->dest, path)) != 0) {
			close(in);
			if (linked < 0)
				return -1;
			/* a source of this content seen for the first time */
			return same_source ? 0 : remember(w, src, &st, print, mode, edit, r->dest, 0);
		}
	}
	int c = copy_fd_to(in, st.st_size, src, path, mode, &w->no_reflink);
	close(in);
	if (c < 0)
		return -1;
	struct dyn_edit de = { .set_path = rpath != NULL, .tag = DT_RPATH, .value = rpath, .needed = needed };
	if (needed && dyn_edit(path, &de) < 0)
		return zfail("cannot make %s its first DT_NEEDED%s: %s", needed, rpath ? " and set its rpath" : "", zwhy());
	if (!needed && rpath && rpath_set(path, DT_RPATH, rpath) < 0)
		return zfail("cannot set its rpath to '%s': %s", rpath, zwhy());
	if (target && stamp_write(path, target, libdir) < 0)
		return zfail("cannot stamp it: %s", zwhy());
	/* files are created with their mode (the umask is 0) plus u+w for
	 * the edits: only a mode without u+w needs setting afterwards */
	if (!(mode & S_IWUSR) && set_mode(path, mode) < 0)
		return zfail("cannot set its mode: %s", strerror(errno));
	if (r) {	/* too many links to the first copy: this one is linked to now */
		free(r->dest);
		if (!(r->dest = strdup(dest)))
			return zfail("out of memory");
		return 0;
	}
	return remember(w, src, &st, print, mode, edit, dest, 1);
}

int set_mode(const char *path, mode_t mode)
{
	if (chmod(path, mode) == 0)
		return 0;
	/* a file system that keeps no modes (FAT: EPERM, some FUSE ones:
	 * ENOSYS) gives the ones its mount says; the file is ours */
	return errno == EPERM || errno == ENOSYS || errno == EOPNOTSUPP ? 0 : -1;
}

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

/* Every jumploader is stamped with its program and library directory, so
 * that it keeps starting its program under any other name. */
static int write_jumploader(struct writer *w, struct entry *e, const char *path)
{
	char dir[PATH_MAX], target[PATH_MAX], libdir[PATH_MAX];
	path_dirname(e->dest, dir, sizeof dir);
	if (path_relative(dir, e->target->dest, target, sizeof target) < 0
	    || path_relative(dir, "lib", libdir, sizeof libdir) < 0)
		return zfail("cannot compute the path to its program");
	if (strlen(target) >= ZAPP_STAMP_PATH_MAX || strlen(libdir) >= ZAPP_STAMP_PATH_MAX)
		return zfail("the path to its program is too long for the stamp (%d bytes at most)",
			     ZAPP_STAMP_PATH_MAX - 1);
	return write_file(w, e->dest, path, w->o->jumploader, 0755, NULL, NULL, target, libdir);
}

/* An input's own marker (an existing Zapp, with --add) is replaced by the
 * new one; any other file of that name is not the input's to give. */
static int is_old_marker(struct entry *e)
{
	char dir[PATH_MAX];
	int fd, v;
	if (e->kind != ENTRY_FILE || !e->src)
		return 0;
	path_dirname(e->src, dir, sizeof dir);
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		return 0;
	v = marker_read(fd);
	close(fd);
	return v > 0;
}

/* A file zapp makes (the redirection map), from its bytes. */
static int write_content(const char *path, const char *buf, size_t len, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
	size_t done = 0;
	if (fd < 0)
		return zfail("cannot create it: %s", strerror(errno));
	while (done < len) {
		ssize_t n = write(fd, buf + done, len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			close(fd);
			return zfail("cannot write it: %s", n < 0 ? strerror(errno) : "no space");
		}
		done += (size_t)n;
	}
	return close(fd) < 0 ? zfail("cannot write it: %s", strerror(errno)) : 0;
}

static int write_entry(struct writer *w, struct entry *e)
{
	char path[PATH_MAX], parent[PATH_MAX];
	if (strcmp(e->dest, ZAPP_MARKER) == 0) {
		if (is_old_marker(e))
			return 0;
		return zfail("an input holds a file of this name, which is the Zapp's marker");
	}
	if (snprintf(path, sizeof path, "%s/%s", w->top, e->dest) >= (int)sizeof path)
		return zfail("path too long");
	/* entries come sorted: most share the parent of the one before */
	path_dirname(e->dest, parent, sizeof parent);
	if (strcmp(parent, w->made) != 0) {
		if (make_parents(w->top, e->dest) < 0)
			return -1;
		snprintf(w->made, sizeof w->made, "%s", parent);
	}
	switch (e->kind) {
	case ENTRY_DIR:
		if (mkdir(path, 0755) < 0 && errno != EEXIST)
			return zfail("cannot create the directory: %s", strerror(errno));
		if (set_mode(path, e->mode) < 0)
			return zfail("cannot set its mode: %s", strerror(errno));
		return 0;
	case ENTRY_JUMPLOADER:
		return write_jumploader(w, e, path);
	default:
		if (e->content)
			return write_content(path, e->content, e->content_len, e->mode);
		return write_file(w, e->dest, path, e->src, e->mode, e->new_rpath, e->add_needed, NULL, NULL);
	}
}

static int write_marker(const char *top)
{
	int fd = open(top, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return zerr(top, "cannot open: %s", strerror(errno)), -1;
	int r = marker_write(fd);
	close(fd);
	if (r < 0)
		zerr(ZAPP_MARKER, "%s", zwhy());
	return r;
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
	snprintf(path, sizeof path, "%s/%s", top, ZAPP_MARKER);
	if (utimensat(AT_FDCWD, path, ts, AT_SYMLINK_NOFOLLOW) < 0)
		return zerr(ZAPP_MARKER, "cannot set its time: %s", strerror(errno)), -1;
	/* files before their directories: sorted order, walked backwards */
	for (size_t i = p->n; i-- > 0; ) {
		if (strcmp(p->e[i]->dest, ZAPP_MARKER) == 0)
			continue;
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

/* What can be known of each file whose rpath is set before anything is
 * copied: that its bytes all belong to its headers and sections, so it
 * can be rewritten (rpath_set checks it again on the copy).  A program of
 * 4 GiB with data appended is refused at once, not once it is copied. */
static int check_edits(struct plan *p)
{
	int r = 0;
	for (size_t i = 0; i < p->n && !interrupted(); i++) {
		struct entry *e = p->e[i];
		struct zelf z;
		int ok;
		if ((!e->new_rpath && !e->add_needed) || !e->src || zelf_open(&z, e->src) < 0)
			continue;	/* unreadable: the write says why */
		ok = zelf_check_tail(&z) == 0;
		zelf_close(&z);
		if (!ok) {
			zerr(e->dest, "cannot set its rpath to '%s': %s", e->new_rpath, zwhy());
			r = -1;
		}
	}
	return r;
}

int write_plan(struct plan *p, struct options *o, const char *dir)
{
	struct writer w = { .o = o, .top = dir, .made = "." };
	int r = 0;
	for (w.nbucket = 256; w.nbucket < p->n; w.nbucket *= 2)
		;
	if (!(w.bucket = calloc(w.nbucket, sizeof *w.bucket)))
		return zerr(NULL, "out of memory"), -1;
	plan_sort(p);
	r = check_edits(p);
	for (size_t i = 0; i < p->n && r == 0; i++) {
		if (write_entry(&w, p->e[i]) < 0) {
			zerr(p->e[i]->dest, "%s", zwhy());
			r = -1;
		} else if (interrupted()) {
			r = -1;
		}
	}
	writer_free(&w);
	if (r == 0)
		r = write_marker(dir);
	return r < 0 ? -1 : set_times(p, dir);
}
