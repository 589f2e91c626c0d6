/* zapp-assemble/outdir.c: the output directory.  A Zapp is assembled in a
 * temporary directory beside OUT and moved into place with one rename, so
 * OUT is either absent (or as it was) or complete; an interruption
 * (signals.c) removes the temporary directory.
 *
 * --force and --add replace OUT only when it is a Zapp: a directory that
 * holds the marker (marker.h), or one made before the marker existed (a
 * lib/ with a loader and a bin/ with a jumploader).  Anything else — a
 * directory of the user's, a file, a symbolic link — is refused and left
 * as it is.  The check is made twice: at the start, so that nothing is
 * planned in vain, and on the directory itself right before the exchange;
 * after it, only the directory that was checked is removed.
 *
 * --force and --add hold a lock on OUT from outdir_check to the end: an
 * flock on the file .NAME.zapp-lock beside OUT (never on OUT, which the
 * exchange replaces), so that assemblies into one Zapp take turns and
 * each --add reads the Zapp that the one before it made.  The lock file
 * is created O_EXCL; the assembly that created it removes it, while it
 * still holds the lock; a waiter finds the name gone or naming another
 * file, and takes it again.  A file of that name that zapp-assemble did
 * not create (or one an assembly killed by SIGKILL left) is locked as it
 * is, and never written or removed. */
#include "assemble.h"
#include "marker.h"
#include "report.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

static struct {
	int fd;			/* -1: no lock held */
	int created;		/* the file is ours: removed when the lock goes */
	char path[PATH_MAX];
} lock = { .fd = -1 };

/* Remove everything inside the directory dirfd (which is closed), without
 * following links: only what is inside that very directory goes, and
 * nothing of another file system mounted inside it. */
static int empty_dir(int dirfd, dev_t dev)
{
	DIR *d = fdopendir(dirfd);
	struct dirent *de;
	int r = 0, err = 0;
	if (!d) {
		close(dirfd);
		return -1;
	}
	while ((de = readdir(d))) {
		const char *name = de->d_name;
		if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
			continue;
		if (unlinkat(dirfd, name, 0) == 0 || errno == ENOENT)
			continue;
		if (errno != EISDIR && errno != EPERM) {
			r = -1;
			err = err ? err : errno;
			continue;
		}
		struct stat st;
		int sub = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (sub >= 0 && (fstat(sub, &st) < 0 || st.st_dev != dev)) {
			close(sub);
			errno = EXDEV;
			sub = -1;
		}
		if (sub < 0 || empty_dir(sub, dev) < 0 || unlinkat(dirfd, name, AT_REMOVEDIR) < 0) {
			r = -1;
			err = err ? err : errno;
		}
	}
	closedir(d);
	errno = err;
	return r;
}

/* Remove the tree at path, if it is still the directory (dev, ino). */
static int remove_tree(const char *path, int dirfd, dev_t dev, ino_t ino)
{
	struct stat st;
	int e;
	if (empty_dir(dirfd, dev) < 0)
		return -1;
	if (lstat(path, &st) < 0 || !S_ISDIR(st.st_mode) || st.st_dev != dev || st.st_ino != ino)
		return errno = ESTALE, -1;
	return rmdir(path) < 0 && (e = errno) != ENOENT ? (errno = e, -1) : 0;
}

static void remove_tmp(const char *tmp)
{
	struct stat st;
	int fd;
	if (!tmp || !*tmp)
		return;
	if ((fd = open(tmp, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) < 0)
		return;
	if (fstat(fd, &st) < 0) {
		close(fd);
		return;
	}
	remove_tree(tmp, fd, st.st_dev, st.st_ino);
}

/* Open OUT, which exists, as the Zapp that --force or --add may replace:
 * its descriptor, or -1 after saying why not. */
static int open_zapp(struct options *o, struct stat *st)
{
	char why[1200];
	int fd = -1, v;
	if (lstat(o->out, st) < 0)
		snprintf(why, sizeof why, "%s", strerror(errno));
	else if (S_ISLNK(st->st_mode))
		snprintf(why, sizeof why, "a symbolic link");
	else if (!S_ISDIR(st->st_mode))
		snprintf(why, sizeof why, "not a directory");
	else if ((fd = open(o->out, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) < 0)
		snprintf(why, sizeof why, "%s", strerror(errno));
	else if (fstat(fd, st) < 0 || !S_ISDIR(st->st_mode))
		snprintf(why, sizeof why, "not a directory");
	else if ((v = zapp_layout(fd, o->out, why, sizeof why)) > ZAPP_LAYOUT_VERSION && o->add) {
		/* its layout is newer than the one this zapp knows how to add to */
		zerr(o->out, "cannot add to it: it is a Zapp of layout version %d; this zapp-assemble makes version %d",
		     v, ZAPP_LAYOUT_VERSION);
		close(fd);
		return -1;
	} else if (v > 0)
		return fd;
	if (fd >= 0)
		close(fd);
	if (o->add && !o->force)
		zerr(o->out, "cannot add to it: it is not a Zapp (%s)", why);
	else
		zerr(o->out, "not replaced: it is not a Zapp (%s): remove it yourself or choose another -o", why);
	return -1;
}

static void split(const char *out, char *dir, size_t dlen, char *base, size_t blen)
{
	char copy[PATH_MAX];
	size_t l;
	snprintf(copy, sizeof copy, "%s", out);
	l = strlen(copy);
	while (l > 1 && copy[l - 1] == '/')
		copy[--l] = '\0';
	char *s = strrchr(copy, '/');
	if (!s) {
		snprintf(dir, dlen, ".");
		snprintf(base, blen, "%s", copy);
	} else {
		snprintf(base, blen, "%s", s + 1);
		if (s == copy)
			snprintf(dir, dlen, "/");
		else {
			*s = '\0';
			snprintf(dir, dlen, "%s", copy);
		}
	}
}

/* Take the lock of OUT (dir/base), waiting for another assembly that
 * holds it. */
static int take_lock(struct options *o, const char *dir, const char *base)
{
	struct stat st, now;
	int said = 0;
	if (snprintf(lock.path, sizeof lock.path, "%s/.%s.zapp-lock", dir, base) >= (int)sizeof lock.path)
		return zerr(o->out, "path too long"), -1;
	for (;;) {
		int fd, created = 1;
		fd = open(lock.path, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
		if (fd < 0 && errno == EEXIST) {
			created = 0;
			fd = open(lock.path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
			if (fd < 0 && errno == ENOENT)
				continue;	/* removed by its holder meanwhile */
		}
		if (fd < 0)
			return zerr(lock.path, "cannot lock %s: %s", o->out, strerror(errno)), -1;
		if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
			close(fd);
			return zerr(lock.path, "cannot lock %s: not a regular file", o->out), -1;
		}
		if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
			if (errno != EWOULDBLOCK) {
				int e = errno;
				close(fd);
				return zerr(lock.path, "cannot lock %s: %s", o->out, strerror(e)), -1;
			}
			if (!said++ && !o->quiet)
				fprintf(stderr, "%s: %s: waiting for another assembly into it to finish\n", zapp_prog, o->out);
			while (flock(fd, LOCK_EX) < 0) {
				int e = errno;
				if (e == EINTR && !interrupted())
					continue;
				close(fd);
				if (e == EINTR)
					return -1;
				return zerr(lock.path, "cannot lock %s: %s", o->out, strerror(e)), -1;
			}
		}
		/* the lock holds only while the name is still this file */
		if (lstat(lock.path, &now) == 0 && now.st_dev == st.st_dev && now.st_ino == st.st_ino) {
			lock.fd = fd;
			lock.created = created;
			return 0;
		}
		close(fd);
	}
}

static void drop_lock(void)
{
	struct stat st, now;
	if (lock.fd < 0)
		return;
	/* ours, and still at its name: removed while it is held */
	if (lock.created && fstat(lock.fd, &st) == 0 && lstat(lock.path, &now) == 0
	    && now.st_dev == st.st_dev && now.st_ino == st.st_ino)
		unlink(lock.path);
	close(lock.fd);
	lock.fd = -1;
}

void outdir_abort(const char *tmp)
{
	remove_tmp(tmp);
	drop_lock();
}

int outdir_check(struct options *o)
{
	char dir[PATH_MAX], base[NAME_MAX + 1];
	struct stat st;
	split(o->out, dir, sizeof dir, base, sizeof base);
	if (!*base || strcmp(base, ".") == 0 || strcmp(base, "..") == 0)
		return zerr(o->out, "not a name for a new directory"), -1;
	if (lstat(o->out, &st) < 0) {
		if (o->add)
			return zerr(o->out, "cannot add to it: %s", strerror(errno)), -1;
		return 0;
	}
	if (!o->force && !o->add)
		return zerr(o->out, "already exists: use --force to replace it, or --add to add to it"), -1;
	/* OUT is read (--add) and replaced by one assembly at a time */
	if (take_lock(o, dir, base) < 0)
		return -1;
	if (lstat(o->out, &st) < 0) {
		int e = errno;
		drop_lock();
		if (o->add)
			return zerr(o->out, "cannot add to it: %s", strerror(e)), -1;
		return 0;
	}
	int fd = open_zapp(o, &st);
	if (fd < 0) {
		drop_lock();
		return -1;
	}
	close(fd);
	return 0;
}

int outdir_begin(struct options *o, char *tmp, size_t len)
{
	char dir[PATH_MAX], base[NAME_MAX + 1];
	split(o->out, dir, sizeof dir, base, sizeof base);
	if (snprintf(tmp, len, "%s/.%s.zapp-tmp-XXXXXX", dir, base) >= (int)len)
		return zerr(o->out, "path too long"), -1;
	if (!mkdtemp(tmp))
		return zerr(o->out, "cannot create: %s", strerror(errno)), -1;
	if (set_mode(tmp, 0755) < 0) {
		int e = errno;
		remove_tmp(tmp);
		return zerr(o->out, "cannot create: %s", strerror(e)), -1;
	}
	return 0;
}

/* Put the tree at tmp in OUT's place, and OUT's old tree at old (tmp
 * itself with RENAME_EXCHANGE). */
static int swap_in(const char *tmp, const char *out, char *old, size_t len)
{
	snprintf(old, len, "%s", tmp);
	if (renameat2(AT_FDCWD, tmp, AT_FDCWD, out, RENAME_EXCHANGE) == 0)
		return 0;
	if (errno != EINVAL || snprintf(old, len, "%s.old", tmp) >= (int)len)
		return -1;
	/* a file system without RENAME_EXCHANGE (FAT before Linux 6.0, FUSE):
	 * OUT is moved aside (to a name as unique as tmp), then the new tree
	 * in; for a moment there is no OUT */
	if (rename(out, old) < 0)
		return -1;
	if (rename(tmp, out) < 0) {
		int e = errno;
		rename(old, out);
		errno = e;
		return -1;
	}
	return 0;
}

static int swap_back(const char *tmp, const char *out, const char *old)
{
	if (strcmp(old, tmp) == 0)
		return renameat2(AT_FDCWD, tmp, AT_FDCWD, out, RENAME_EXCHANGE);
	return rename(out, tmp) < 0 || rename(old, out) < 0 ? -1 : 0;
}

int outdir_commit(struct options *o, char *tmp)
{
	char old[PATH_MAX + 8];
	struct stat st, now;
	/* Only --force and --add replace: without them, an OUT that appeared
	 * since outdir_check (another assembly, a user) is left alone, and
	 * RENAME_NOREPLACE below fails. */
	if (!(o->force || o->add) || lstat(o->out, &st) < 0) {
		if (renameat2(AT_FDCWD, tmp, AT_FDCWD, o->out, RENAME_NOREPLACE) == 0)
			return 0;
		/* a file system without RENAME_NOREPLACE (FUSE): rename() does
		 * not replace a file or a directory that holds anything */
		if (errno != EINVAL || lstat(o->out, &now) == 0 || rename(tmp, o->out) < 0)
			return zerr(o->out, "cannot create: %s", errno == EINVAL ? strerror(EEXIST) : strerror(errno)), -1;
		return 0;
	}
	/* OUT is checked again now, by its descriptor: it may have been
	 * replaced since outdir_check */
	int fd = open_zapp(o, &st);
	if (fd < 0)
		return -1;
	/* swap the new tree in with one system call, then drop the old */
	if (swap_in(tmp, o->out, old, sizeof old) < 0) {
		zerr(o->out, "cannot replace: %s", strerror(errno));
		close(fd);
		return -1;
	}
	/* old must now be the directory that was checked; if OUT changed
	 * between the check and the exchange, swap back and touch nothing */
	if (lstat(old, &now) < 0 || now.st_dev != st.st_dev || now.st_ino != st.st_ino) {
		close(fd);
		if (swap_back(tmp, o->out, old) < 0) {
			zerr(o->out, "changed while it was being replaced, and could not be put back (it is now %s): %s",
			     old, strerror(errno));
			tmp[0] = '\0';	/* not ours any more: never removed */
			return -1;
		}
		return zerr(o->out, "not replaced: it changed while it was being replaced"), -1;
	}
	if (remove_tree(old, fd, st.st_dev, st.st_ino) < 0)
		zwarn(old, "the previous content could not be removed: %s", strerror(errno));
	return 0;
}
