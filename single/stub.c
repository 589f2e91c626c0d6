/* single/stub.c: the front of a one-file Zapp (zapp-assemble --single).
 *
 * The file is this program, then the Zapp packed (single/pack.h), then a
 * trailer that says where the pack is, its SHA-256 (the key), the Zapp's
 * name and the program to run.  At each run:
 *
 * 1. the cache directory is $XDG_CACHE_HOME/zapp, else $HOME/.cache/zapp,
 *    else the passwd home's .cache/zapp; the Zapp lives in it as KEY/NAME;
 * 2. when KEY/ is not there yet, the pack is unpacked into a directory of
 *    the stub's own beside it (.KEY.PID) and renamed to KEY: of two first
 *    runs at once, one rename wins, the other removes its copy and takes
 *    the winner's (never a half-written Zapp: KEY only ever appears whole);
 * 3. one execve of KEY/NAME/bin/PROG, with the arguments and environment
 *    it was given: argv[0] as invoked; PROG is argv[0]'s name when the
 *    Zapp has a program of that name (a link named after one of them),
 *    else the trailer's.
 *
 * Nothing is written anywhere else: no /tmp (which may be noexec), no
 * FUSE, no user namespace.  Static, built with musl. */
#include "pack.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *prog_name = "zapp-single";

static _Noreturn void die(const char *what, const char *why)
{
	fprintf(stderr, "%s: %s: %s\n", prog_name, what, why);
	exit(126);
}

/* a "/" b into out (len bytes); a path too long is an error */
static void join(char *out, size_t len, const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la + 1 + lb + 1 > len)
		die(a, "path too long");
	memcpy(out, a, la);
	out[la] = '/';
	memcpy(out + la + 1, b, lb + 1);
}

static int read_at(int fd, void *buf, size_t n, off_t off)
{
	size_t got = 0;
	while (got < n) {
		ssize_t r = pread(fd, (char *)buf + got, n - got, off + (off_t)got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		got += (size_t)r;
	}
	return 0;
}

static int mkdirs(char *path)
{
	for (char *s = path + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		int r = mkdir(path, 0755);
		*s = '/';
		if (r < 0 && errno != EEXIST)
			return -1;
	}
	return mkdir(path, 0755) < 0 && errno != EEXIST ? -1 : 0;
}

/* The cache directory: $XDG_CACHE_HOME/zapp, $HOME/.cache/zapp or the
 * passwd home's. */
static void cache_dir(char *out, size_t len)
{
	const char *x = getenv("XDG_CACHE_HOME"), *h = getenv("HOME");
	struct passwd *pw;
	int n = -1;
	if (x && x[0] == '/')
		n = snprintf(out, len, "%s/zapp", x);
	else if (h && h[0] == '/')
		n = snprintf(out, len, "%s/.cache/zapp", h);
	else if ((pw = getpwuid(getuid())) && pw->pw_dir && pw->pw_dir[0] == '/')
		n = snprintf(out, len, "%s/.cache/zapp", pw->pw_dir);
	if (n >= (int)len)
		die("the cache directory", "path too long");
	if (n < 0)
		die("no cache directory", "no $XDG_CACHE_HOME, no $HOME and no home in the user database: "
					  "set XDG_CACHE_HOME");
}

/* A path of the pack, checked: relative, no "..", no empty component. */
static int safe(const char *p)
{
	if (!*p || p[0] == '/')
		return 0;
	for (const char *s = p; *s;) {
		const char *e = strchr(s, '/');
		size_t n = e ? (size_t)(e - s) : strlen(s);
		if (n == 0 || (n == 1 && s[0] == '.') || (n == 2 && s[0] == '.' && s[1] == '.'))
			return 0;
		s += n + (e != NULL);
	}
	return 1;
}

static void remove_tree(const char *path);

/* Unpack the pack at off (size bytes) of fd into dir. */
static void unpack(int fd, off_t off, uint64_t size, const char *dir)
{
	static char buf[1 << 16];
	off_t end = off + (off_t)size;
	while (off < end) {
		struct pack_rec r;
		char rel[PATH_MAX], path[2 * PATH_MAX + 2], target[PATH_MAX], tpath[2 * PATH_MAX + 2];
		if (read_at(fd, &r, sizeof r, off) < 0)
			die("the pack", "cut short");
		off += sizeof r;
		if (r.kind == PACK_END)
			return;
		if (r.pathlen == 0 || r.pathlen >= sizeof rel || read_at(fd, rel, r.pathlen, off) < 0)
			die("the pack", "a damaged entry");
		rel[r.pathlen] = '\0';
		off += r.pathlen;
		if (!safe(rel))
			die(rel, "a path that leaves the Zapp");
		join(path, sizeof path, dir, rel);
		switch (r.kind) {
		case PACK_DIR:
			if (mkdir(path, 0700) < 0 && errno != EEXIST)
				die(path, strerror(errno));
			break;
		case PACK_FILE: {
			int out = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
			if (out < 0)
				die(path, strerror(errno));
			for (uint64_t left = r.size; left;) {
				size_t n = left < sizeof buf ? (size_t)left : sizeof buf;
				if (read_at(fd, buf, n, off) < 0)
					die("the pack", "cut short");
				for (size_t w = 0; w < n;) {
					ssize_t k = write(out, buf + w, n - w);
					if (k < 0 && errno == EINTR)
						continue;
					if (k <= 0)
						die(path, k < 0 ? strerror(errno) : "no space");
					w += (size_t)k;
				}
				off += (off_t)n;
				left -= n;
			}
			if (fchmod(out, r.mode & 07777) < 0 || close(out) < 0)
				die(path, strerror(errno));
			break;
		}
		case PACK_LINK:
			if (r.size == 0 || r.size >= sizeof target || read_at(fd, target, (size_t)r.size, off) < 0)
				die("the pack", "a damaged link");
			target[r.size] = '\0';
			off += (off_t)r.size;
			if (!safe(target))
				die(target, "a link that leaves the Zapp");
			join(tpath, sizeof tpath, dir, target);
			if (link(tpath, path) < 0)
				die(path, strerror(errno));
			break;
		default:
			die("the pack", "an entry of an unknown kind");
		}
	}
}

/* Directories get their modes once their files are in (a read-only one
 * could hold nothing otherwise): a second pass over the directory records. */
static void dir_modes(int fd, off_t off, uint64_t size, const char *dir)
{
	off_t end = off + (off_t)size;
	while (off < end) {
		struct pack_rec r;
		char rel[PATH_MAX], path[2 * PATH_MAX + 2];
		if (read_at(fd, &r, sizeof r, off) < 0 || r.kind == PACK_END)
			return;
		off += sizeof r;
		if (r.pathlen >= sizeof rel || read_at(fd, rel, r.pathlen, off) < 0)
			return;
		rel[r.pathlen] = '\0';
		off += r.pathlen + (r.kind == PACK_DIR ? 0 : (off_t)r.size);
		if (r.kind == PACK_DIR) {
			join(path, sizeof path, dir, rel);
			chmod(path, r.mode & 07777);
		}
	}
}

#include <dirent.h>

static void remove_tree(const char *path)
{
	struct stat st;
	if (lstat(path, &st) < 0)
		return;
	if (S_ISDIR(st.st_mode)) {
		DIR *d;
		struct dirent *de;
		chmod(path, 0700);
		if ((d = opendir(path))) {
			while ((de = readdir(d))) {
				char sub[PATH_MAX];
				if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
					continue;
				join(sub, sizeof sub, path, de->d_name);
				remove_tree(sub);
			}
			closedir(d);
		}
		rmdir(path);
	} else {
		unlink(path);
	}
}

int main(int argc, char **argv, char **envp)
{
	char self[PATH_MAX], cache[PATH_MAX], zapp[PATH_MAX + 80], tmp[PATH_MAX + 80], prog[3 * PATH_MAX];
	struct pack_trailer t;
	struct stat st;
	ssize_t n;
	(void)argc;
	if ((n = readlink("/proc/self/exe", self, sizeof self - 1)) < 0)
		die("/proc/self/exe", strerror(errno));
	self[n] = '\0';
	int fd = open(self, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) < 0)
		die(self, strerror(errno));
	if (st.st_size < (off_t)sizeof t || read_at(fd, &t, sizeof t, st.st_size - (off_t)sizeof t) < 0
	    || memcmp(t.magic, PACK_MAGIC, sizeof t.magic) != 0)
		die(self, "no Zapp packed in it");
	t.name[sizeof t.name - 1] = t.main[sizeof t.main - 1] = t.key[sizeof t.key - 1] = '\0';
	prog_name = t.name;
	cache_dir(cache, sizeof cache);
	join(zapp, sizeof zapp, cache, t.key);
	if (stat(zapp, &st) < 0) {
		if (mkdirs(cache) < 0)
			die(cache, strerror(errno));
		char own[sizeof t.key + 32];
		snprintf(own, sizeof own, ".%s.%ld", t.key, (long)getpid());
		join(tmp, sizeof tmp, cache, own);
		remove_tree(tmp);	/* a name of ours: a dead run's of this pid */
		if (mkdir(tmp, 0700) < 0)
			die(tmp, strerror(errno));
		unpack(fd, (off_t)t.offset, t.size, tmp);
		dir_modes(fd, (off_t)t.offset, t.size, tmp);
		chmod(tmp, 0755);
		if (rename(tmp, zapp) < 0) {
			int e = errno;
			remove_tree(tmp);	/* ours */
			if ((e != EEXIST && e != ENOTEMPTY) || stat(zapp, &st) < 0)
				die(zapp, strerror(e));
		}
	}
	close(fd);
	const char *base = strrchr(argv[0] ? argv[0] : "", '/');
	base = base ? base + 1 : argv[0] ? argv[0] : "";
	char binpath[PATH_MAX + 300];
	join(binpath, sizeof binpath, zapp, t.name);
	memcpy(binpath + strlen(binpath), "/bin", 5);
	join(prog, sizeof prog, binpath, base);
	if (!*base || base[0] == '.' || access(prog, X_OK) < 0)
		join(prog, sizeof prog, binpath, t.main);
	execve(prog, argv, envp);
	fprintf(stderr, "%s: cannot run %s: %s\n", prog_name, prog, strerror(errno));
	return errno == ENOENT ? 127 : 126;
}
