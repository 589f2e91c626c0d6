/* zapp-assemble/outdir.c: the output directory.  A Zapp is assembled in a
 * temporary directory beside OUT and moved into place with one rename, so
 * OUT is either absent (or as it was) or complete; an interruption
 * (SIGINT, SIGTERM, SIGHUP) removes the temporary directory. */
#include "assemble.h"
#include "report.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static volatile sig_atomic_t caught;

static void on_signal(int sig)
{
	caught = sig;
}

int outdir_interrupted(void)
{
	return caught != 0;
}

void outdir_reraise(void)
{
	int sig = caught ? caught : SIGINT;
	signal(sig, SIG_DFL);
	raise(sig);
	_exit(128 + sig);
}

static void catch_signals(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	/* past RLIMIT_FSIZE, a write fails with EFBIG (reported, cleaned up)
	 * instead of killing the process and leaving the directory behind */
	signal(SIGXFSZ, SIG_IGN);
}

static int unlink_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st; (void)ftw;
	if (flag == FTW_DP || flag == FTW_D)
		return rmdir(path) < 0 && errno != ENOENT ? -1 : 0;
	return unlink(path) < 0 && errno != ENOENT ? -1 : 0;
}

int remove_tree(const char *path)
{
	return nftw(path, unlink_one, 32, FTW_DEPTH | FTW_PHYS);
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

int outdir_begin(struct options *o, char *tmp, size_t len)
{
	char dir[PATH_MAX], base[NAME_MAX + 1];
	struct stat st;
	catch_signals();
	split(o->out, dir, sizeof dir, base, sizeof base);
	if (!*base || strcmp(base, ".") == 0 || strcmp(base, "..") == 0)
		return zerr(o->out, "not a name for a new directory"), -1;
	if (lstat(o->out, &st) == 0) {
		if (!o->force && !o->add)
			return zerr(o->out, "already exists: use --force to replace it, or --add to add to it"), -1;
		if (!S_ISDIR(st.st_mode))
			return zerr(o->out, "already exists and is not a directory"), -1;
	} else if (o->add) {
		return zerr(o->out, "cannot add to it: %s", strerror(errno)), -1;
	}
	if (snprintf(tmp, len, "%s/.%s.zapp-tmp-XXXXXX", dir, base) >= (int)len)
		return zerr(o->out, "path too long"), -1;
	if (!mkdtemp(tmp))
		return zerr(o->out, "cannot create: %s", strerror(errno)), -1;
	if (chmod(tmp, 0755) < 0) {
		int e = errno;
		outdir_abort(tmp);
		return zerr(o->out, "cannot create: %s", strerror(e)), -1;
	}
	return 0;
}

int outdir_commit(struct options *o, const char *tmp)
{
	struct stat st;
	/* Only --force and --add replace: without them, an OUT that appeared
	 * since outdir_begin (another assembly, a user) is left alone, and
	 * RENAME_NOREPLACE below fails. */
	if ((o->force || o->add) && lstat(o->out, &st) == 0) {
		/* swap the new tree in with one system call, then drop the old */
		if (renameat2(AT_FDCWD, tmp, AT_FDCWD, o->out, RENAME_EXCHANGE) < 0) {
			zerr(o->out, "cannot replace: %s", strerror(errno));
			return -1;
		}
		if (remove_tree(tmp) < 0)
			zwarn(tmp, "the previous content could not be removed: %s", strerror(errno));
		return 0;
	}
	if (renameat2(AT_FDCWD, tmp, AT_FDCWD, o->out, RENAME_NOREPLACE) < 0) {
		zerr(o->out, "cannot create: %s", strerror(errno));
		return -1;
	}
	return 0;
}

void outdir_abort(const char *tmp)
{
	if (tmp && *tmp)
		remove_tree(tmp);
}
