/* zapp-dedup/main.c: zapp-dedup [-n] [-v] [-q] ZAPP...: hard-link the
 * files that several Zapps on one file system hold with the same bytes
 * (content-addressed, as exodus's data/ and ZL's cache dedup), and say
 * how many bytes that saved.
 *
 * Two files become one only when they are regular files of the same file
 * system with the same size, mode (never set-ID ones), owner and group,
 * and the same bytes: grouped by those and their SHA-256, then compared
 * byte for byte right before the link.  Of such files, the first in byte
 * order of their paths stays, every other is replaced by a hard link to
 * it: link(2) to a temporary name beside it, one more comparison, then
 * rename(2) over it, so that each name always holds those bytes, and an
 * interruption (SIGINT, SIGTERM, SIGHUP) leaves no temporary name.  The
 * content and the mode of a file never change; its time stamps become
 * the kept file's.  Only directories that are Zapps (their marker, or the
 * layout of one made before it) are touched; nothing outside them. */
#include "interrupts.h"
#include "marker.h"
#include "report.h"
#include "strlist.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct file {
	char *path;
	dev_t dev;
	ino_t ino;		/* its inode: after a link, the kept file's */
	ino_t orig;		/* the inode it had */
	off_t size;
	mode_t mode;
	uid_t uid;
	gid_t gid;
	nlink_t nlink;
	unsigned char sum[32];
	int summed;		/* 1 done, -1 unreadable */
};

struct files {
	struct file *v;
	size_t n, cap;
};

static volatile sig_atomic_t caught;
static char pending[PATH_MAX];	/* a temporary name of ours, or "" */

static void on_signal(int sig, siginfo_t *si, void *uc)
{
	(void)si;
	(void)uc;
	caught = sig;
}

static int add_file(struct files *f, const char *path, const struct stat *st)
{
	if (f->n == f->cap) {
		size_t cap = f->cap ? 2 * f->cap : 1024;
		struct file *v = realloc(f->v, cap * sizeof *v);
		if (!v)
			return zfail("out of memory"), -1;
		f->v = v;
		f->cap = cap;
	}
	struct file *e = &f->v[f->n];
	memset(e, 0, sizeof *e);
	if (!(e->path = strdup(path)))
		return zfail("out of memory"), -1;
	e->dev = st->st_dev;
	e->ino = e->orig = st->st_ino;
	e->size = st->st_size;
	e->mode = st->st_mode;
	e->uid = st->st_uid;
	e->gid = st->st_gid;
	e->nlink = st->st_nlink;
	f->n++;
	return 0;
}

/* Every regular file below dir (not following links, not leaving its file
 * system), into f. */
static int walk(struct files *f, const char *dir, dev_t dev, int depth)
{
	DIR *d;
	struct dirent *de;
	int r = 0;
	if (depth > 256)
		return zfail("%s: nested too deep", dir), -1;
	if (!(d = opendir(dir)))
		return zfail("%s: cannot read: %s", dir, strerror(errno)), -1;
	while (r == 0 && (de = readdir(d))) {
		char path[PATH_MAX];
		struct stat st;
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if (snprintf(path, sizeof path, "%s/%s", dir, de->d_name) >= (int)sizeof path) {
			r = zfail("%s/%s: path too long", dir, de->d_name);
			break;
		}
		if (lstat(path, &st) < 0) {
			r = zfail("%s: cannot read: %s", path, strerror(errno));
			break;
		}
		if (st.st_dev != dev)
			continue;	/* another file system mounted inside */
		if (S_ISDIR(st.st_mode))
			r = walk(f, path, dev, depth + 1);
		else if (S_ISREG(st.st_mode) && st.st_size > 0 && !(st.st_mode & (S_ISUID | S_ISGID)))
			r = add_file(f, path, &st);
	}
	closedir(d);
	return r;
}

static int sha256(struct file *e)
{
	unsigned char buf[65536];
	unsigned int len = 0;
	EVP_MD_CTX *c = EVP_MD_CTX_new();
	int fd = open(e->path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW), ok = 0;
	ssize_t n = -1;
	if (c && fd >= 0 && EVP_DigestInit_ex(c, EVP_sha256(), NULL) == 1) {
		while ((n = read(fd, buf, sizeof buf)) > 0)
			if (EVP_DigestUpdate(c, buf, (size_t)n) != 1)
				break;
		ok = n == 0 && EVP_DigestFinal_ex(c, e->sum, &len) == 1 && len == 32;
	}
	if (fd >= 0)
		close(fd);
	EVP_MD_CTX_free(c);
	e->summed = ok ? 1 : -1;
	return ok ? 0 : -1;
}

/* The order that puts files that may become one next to each other,
 * then by path. */
static int by_key(const void *a, const void *b)
{
	const struct file *x = a, *y = b;
#define CMP(f) if (x->f != y->f) return x->f < y->f ? -1 : 1
	CMP(dev);
	CMP(size);
	CMP(mode);
	CMP(uid);
	CMP(gid);
#undef CMP
	return strcmp(x->path, y->path);
}

/* Do the two files hold the same bytes now? */
static int same_bytes(const char *a, const char *b, off_t size)
{
	static unsigned char x[65536], y[65536];
	int fa = open(a, O_RDONLY | O_CLOEXEC | O_NOFOLLOW), fb = open(b, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	struct stat sa, sb;
	int same = fa >= 0 && fb >= 0 && fstat(fa, &sa) == 0 && fstat(fb, &sb) == 0 && S_ISREG(sa.st_mode)
		   && S_ISREG(sb.st_mode) && sa.st_size == size && sb.st_size == size;
	off_t done = 0;
	while (same && done < size) {
		size_t want = size - done < (off_t)sizeof x ? (size_t)(size - done) : sizeof x;
		ssize_t n = read(fa, x, want), m = read(fb, y, want);
		same = n > 0 && n == m && memcmp(x, y, (size_t)n) == 0;
		done += n > 0 ? n : 0;
	}
	if (fa >= 0)
		close(fa);
	if (fb >= 0)
		close(fb);
	return same;
}

/* Make victim a hard link of keep; 1 done, 0 left as it is (said why). */
static int link_over(const struct file *keep, const struct file *victim, int verbose)
{
	const char *slash = strrchr(victim->path, '/');
	int dl = slash ? (int)(slash - victim->path) : 1;
	int made = 0;
	for (int k = 0; k < 100 && !made; k++) {
		snprintf(pending, sizeof pending, "%.*s/.zapp-dedup.%ld.%d", dl, slash ? victim->path : ".",
			 (long)getpid(), k);
		if (link(keep->path, pending) == 0)
			made = 1;
		else if (errno != EEXIST) {
			zwarn(victim->path, "left as it is: cannot link %s here: %s", keep->path, strerror(errno));
			pending[0] = '\0';
			return 0;
		}
	}
	if (!made) {
		pending[0] = '\0';
		return 0;
	}
	if (!same_bytes(pending, victim->path, victim->size)) {
		unlink(pending);	/* ours */
		pending[0] = '\0';
		zwarn(victim->path, "left as it is: it changed while zapp-dedup ran");
		return 0;
	}
	if (rename(pending, victim->path) < 0) {
		int e = errno;
		unlink(pending);
		pending[0] = '\0';
		zwarn(victim->path, "left as it is: cannot replace it: %s", strerror(e));
		return 0;
	}
	pending[0] = '\0';
	if (verbose)
		zprint(stdout, "%s: now one file with %s", victim->path, keep->path);
	return 1;
}

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: zapp-dedup [-n] [-v] [-q] ZAPP...\n"
		"Hard-link the files that the Zapps hold with the same bytes, mode and owner\n"
		"on one file system, and say how many bytes that saves.\n"
		"  -n, --dry-run   say what would be linked, change nothing\n"
		"  -v, --verbose   name each file linked\n"
		"  -q, --quiet     no summary\n"
		"  -h, --help      this text\n"
		"  -V, --version   the version\n"
		"Only directories that are Zapps are read and changed; a file's content and\n"
		"mode never change; interrupted, it leaves every name with its bytes.\n");
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "dry-run", no_argument, NULL, 'n' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ 0 },
	};
	static const char shortopts[] = "nvqhV";
	struct files f = { 0 };
	int c, dry = 0, verbose = 0, quiet = 0, status = 0;
	unsigned long long saved = 0;
	size_t linked = 0;

	zapp_prog = "zapp-dedup";
	opterr = 0;
	while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		switch (c) {
		case 'n': dry = 1; break;
		case 'v': verbose = 1; break;
		case 'q': quiet = 1; break;
		case 'h': usage(stdout); return 0;
		case 'V': printf("zapp-dedup (zapp) %s\n", ZAPP_VERSION); return 0;
		default: return zbad_option(argv, shortopts, longopts);
		}
	}
	zapp_quiet = quiet;
	if (optind == argc)
		return zusage("give the Zapps to deduplicate");
	interrupts_catch(on_signal);
	for (int i = optind; i < argc; i++) {
		char why[256];
		struct stat st;
		int fd = open(argv[i], O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (fd < 0 || fstat(fd, &st) < 0) {
			zerr(argv[i], "cannot read: %s", strerror(errno));
			status = 1;
		} else if (zapp_layout(fd, argv[i], why, sizeof why) <= 0) {
			zerr(argv[i], "not a Zapp, left as it is: %s", why);
			status = 1;
		} else if (walk(&f, argv[i], st.st_dev, 0) < 0) {
			zerr(NULL, "%s", zwhy());
			status = 1;
		}
		if (fd >= 0)
			close(fd);
	}
	if (status)
		goto out;
	if (f.n)
		qsort(f.v, f.n, sizeof *f.v, by_key);
	/* each run of files that may be one: by SHA-256, the first path kept */
	for (size_t s = 0; s < f.n && !caught;) {
		size_t e = s + 1;
		while (e < f.n && by_key(&f.v[s], &f.v[e]) < 0 && f.v[e].dev == f.v[s].dev && f.v[e].size == f.v[s].size
		       && f.v[e].mode == f.v[s].mode && f.v[e].uid == f.v[s].uid && f.v[e].gid == f.v[s].gid)
			e++;
		for (size_t i = s; e - s > 1 && i < e && !caught; i++) {
			struct file *keep = &f.v[i];
			if (keep->summed == 0)
				sha256(keep);
			if (keep->summed < 0 || keep->path[0] == '\0')
				continue;
			for (size_t j = i + 1; j < e && !caught; j++) {
				struct file *v = &f.v[j];
				if (v->path[0] == '\0' || v->ino == keep->ino)
					continue;
				if (v->summed == 0)
					sha256(v);
				if (v->summed < 0 || memcmp(v->sum, keep->sum, 32) != 0)
					continue;
				int done = dry ? 1 : link_over(keep, v, verbose);
				if (done && dry && verbose)
					zprint(stdout, "%s: would be one file with %s", v->path, keep->path);
				if (done) {
					/* its old inode's bytes go with the last of its
					 * names, when every one is a name of these Zapps */
					size_t names = 0, left = 0;
					linked++;
					for (size_t k = s; k < e; k++)
						if (f.v[k].orig == v->orig) {
							names++;
							left += k != j && f.v[k].path[0] && f.v[k].ino == v->orig;
						}
					if (left == 0 && v->nlink == names)
						saved += (unsigned long long)v->size;
					v->ino = keep->ino;
					v->path[0] = '\0';	/* one with keep now */
				}
			}
		}
		s = e;
	}
	if (caught) {
		if (*pending)
			unlink(pending);	/* ours */
		zerr(NULL, "interrupted: %zu file%s linked so far, every name still holds its bytes", linked,
		     linked == 1 ? "" : "s");
		status = 1;
	} else if (!quiet) {
		zprint(stdout, "%zu file%s %s one with another: %.1f MiB %s", linked, linked == 1 ? "" : "s",
		       dry ? "would be made" : "made", (double)saved / (1024.0 * 1024.0), dry ? "to be saved" : "saved");
	}
out:
	for (size_t i = 0; i < f.n; i++)
		free(f.v[i].path);
	free(f.v);
	if (caught) {
		signal(caught, SIG_DFL);
		raise(caught);
	}
	return status;
}
