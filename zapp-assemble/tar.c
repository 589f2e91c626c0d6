/* zapp-assemble/tar.c: --tar FILE, the Zapp as a tar archive, written
 * through libarchive.
 *
 * The same inputs give the same bytes: the entries in byte order of their
 * paths, each under the Zapp's name (NAME/bin/jq), owner and group 0 with
 * no names, the modes of the Zapp (which come from the inputs, not from
 * the umask: main.c), every time SOURCE_DATE_EPOCH or 0, the format POSIX
 * ustar with pax headers only where ustar cannot say it (a long path);
 * the compression from FILE's name (.tar, .tar.gz or .tgz, .tar.xz,
 * .tar.zst), gzip without its time stamp.  Files that are one file in the
 * Zapp (hard links, rule 8) are one file in the archive: the first path,
 * and hard link entries after it.  Plain `tar -xf FILE` makes the Zapp.
 *
 * FILE is written as FILE.zapp-tmp-XXXXXX beside it and renamed into
 * place when complete (tar_commit, which --installer's script shares); an
 * existing FILE is never replaced (it is not the Zapp's to overwrite); "-"
 * is standard output. */
#include "assemble.h"
#include "dir_names.h"
#include "report.h"
#include "strlist.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct tar {
	struct archive *a;
	const char *top;	/* the Zapp written, a directory */
	const char *name;	/* its name in the archive */
	time_t mtime;
	struct strlist links;	/* "DEV:INO\tPATH" of files with more than one link */
	char buf[65536];
};

static time_t source_date(void)
{
	const char *s = getenv("SOURCE_DATE_EPOCH");
	char *end;
	long long v;
	if (!s || !*s)
		return 0;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || *end || v < 0)
		return 0;
	return (time_t)v;
}

/* The compression FILE's name asks for: 0, or -1 for a name that is no
 * tar archive's. */
static int set_filter(struct archive *a, const char *file)
{
	static const struct {
		const char *suffix;
		int (*add)(struct archive *);
	} filters[] = {
		{ ".tar", archive_write_add_filter_none },
		{ ".tar.gz", archive_write_add_filter_gzip },
		{ ".tar.xz", archive_write_add_filter_xz },
		{ ".tar.zst", archive_write_add_filter_zstd },
		{ ".tgz", archive_write_add_filter_gzip },
	};
	size_t n = strlen(file);
	if (strcmp(file, "-") == 0)
		return archive_write_add_filter_none(a) == ARCHIVE_OK ? 0 : zfail("%s", archive_error_string(a));
	for (size_t i = 0; i < sizeof filters / sizeof *filters; i++) {
		size_t l = strlen(filters[i].suffix);
		if (n > l && strcmp(file + n - l, filters[i].suffix) == 0) {
			if (filters[i].add(a) != ARCHIVE_OK
			    || (filters[i].add == archive_write_add_filter_gzip
				&& archive_write_set_filter_option(a, "gzip", "timestamp", NULL) != ARCHIVE_OK))
				return zfail("%s", archive_error_string(a)), -1;
			return 0;
		}
	}
	return zfail("not the name of a tar archive: .tar, .tar.gz, .tgz, .tar.xz or .tar.zst"), -1;
}

int tar_tree_name(const char *file, char *out, size_t len)
{
	static const char *const suffixes[] = { ".tar.gz", ".tar.xz", ".tar.zst", ".tgz", ".tar", ".sh", ".run" };
	const char *slash = strrchr(file, '/'), *base = slash ? slash + 1 : file;
	size_t bl = strlen(base), dl = slash ? (size_t)(slash - file) : 1;
	for (size_t i = 0; i < sizeof suffixes / sizeof *suffixes; i++) {
		size_t l = strlen(suffixes[i]);
		if (bl > l && strcmp(base + bl - l, suffixes[i]) == 0) {
			bl -= l;
			break;
		}
	}
	if (bl == 0 || (bl <= 2 && strncmp(base, "..", bl) == 0))
		return zfail("no name for the Zapp in it"), -1;
	if (snprintf(out, len, "%.*s/%.*s", (int)(slash ? dl : 1), slash ? file : ".", (int)bl, base) >= (int)len)
		return zfail("path too long"), -1;
	if (slash == file)	/* "/x.tar": its directory is / */
		snprintf(out, len, "/%.*s", (int)bl, base);
	return 0;
}

int tar_name_ok(const char *file)
{
	struct archive *a = archive_write_new();
	int r = a ? set_filter(a, file) : zfail("out of memory");
	if (a)
		archive_write_free(a);
	return r;
}

static int fail(struct tar *t, const char *rel)
{
	return zfail("%s: %s", rel, archive_error_string(t->a) ? archive_error_string(t->a) : "cannot write it");
}

/* One entry: rel ("" for the top) of the Zapp. */
static int add(struct tar *t, const char *rel)
{
	char path[PATH_MAX], name[PATH_MAX + NAME_MAX + 2], key[64];
	struct stat st;
	struct archive_entry *e;
	int r = 0, fd = -1;
	snprintf(path, sizeof path, "%s%s%s", t->top, *rel ? "/" : "", rel);
	snprintf(name, sizeof name, "%s%s%s", t->name, *rel ? "/" : "", rel);
	if (lstat(path, &st) < 0)
		return zfail("%s: cannot read: %s", rel, strerror(errno));
	if (!(e = archive_entry_new()))
		return zfail("out of memory");
	archive_entry_set_pathname(e, name);
	archive_entry_set_mode(e, st.st_mode);
	archive_entry_set_uid(e, 0);
	archive_entry_set_gid(e, 0);
	archive_entry_set_mtime(e, t->mtime, 0);
	if (S_ISREG(st.st_mode) && st.st_nlink > 1) {
		snprintf(key, sizeof key, "%llu:%llu\t", (unsigned long long)st.st_dev, (unsigned long long)st.st_ino);
		size_t kl = strlen(key);
		for (size_t i = 0; i < t->links.n; i++)
			if (strncmp(t->links.v[i], key, kl) == 0) {
				archive_entry_set_hardlink(e, t->links.v[i] + kl);
				archive_entry_set_size(e, 0);
				r = archive_write_header(t->a, e) == ARCHIVE_OK ? 0 : fail(t, rel);
				archive_entry_free(e);
				return r;
			}
		char line[sizeof key + sizeof name];
		snprintf(line, sizeof line, "%s%s", key, name);
		if (strlist_push(&t->links, line) < 0) {
			archive_entry_free(e);
			return zfail("out of memory");
		}
	}
	if (S_ISREG(st.st_mode)) {
		archive_entry_set_size(e, st.st_size);
		if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) < 0) {
			archive_entry_free(e);
			return zfail("%s: cannot read: %s", rel, strerror(errno));
		}
	} else if (S_ISLNK(st.st_mode)) {
		ssize_t n = readlink(path, t->buf, sizeof t->buf - 1);
		if (n < 0) {
			archive_entry_free(e);
			return zfail("%s: cannot read: %s", rel, strerror(errno));
		}
		t->buf[n] = '\0';
		archive_entry_set_symlink(e, t->buf);
	} else if (!S_ISDIR(st.st_mode)) {
		archive_entry_free(e);
		return zfail("%s: neither a file, a directory nor a link", rel);
	}
	if (archive_write_header(t->a, e) != ARCHIVE_OK)
		r = fail(t, rel);
	for (off_t done = 0; r == 0 && fd >= 0 && done < st.st_size;) {
		ssize_t n = read(fd, t->buf, sizeof t->buf);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			r = zfail("%s: cannot read: %s", rel, n < 0 ? strerror(errno) : "it shrank");
			break;
		}
		if (archive_write_data(t->a, t->buf, (size_t)n) != n)
			r = fail(t, rel);
		done += n;
	}
	if (fd >= 0)
		close(fd);
	archive_entry_free(e);
	return r;
}

/* rel's entry, then what it holds, sorted. */
static int walk(struct tar *t, const char *rel, int depth)
{
	char path[PATH_MAX], sub[PATH_MAX];
	struct strlist names = { 0 };
	struct stat st;
	int r;
	if (interrupted())
		return zfail("interrupted");
	if ((r = add(t, rel)) < 0)
		return r;
	snprintf(path, sizeof path, "%s%s%s", t->top, *rel ? "/" : "", rel);
	if (lstat(path, &st) < 0 || !S_ISDIR(st.st_mode))
		return 0;
	if (depth > 256)
		return zfail("%s: nested too deep", rel);
	if (dir_names(path, *rel ? rel : ".", &names) < 0)
		return -1;
	for (size_t i = 0; r == 0 && i < names.n; i++) {
		if (snprintf(sub, sizeof sub, "%s%s%s", rel, *rel ? "/" : "", names.v[i]) >= (int)sizeof sub)
			r = zfail("%s: path too long", names.v[i]);
		else
			r = walk(t, sub, depth + 1);
	}
	strlist_free(&names);
	return r;
}

int tar_to_fd(const char *top, const char *name, const char *kind, int fd)
{
	struct tar t = { .top = top, .name = name, .mtime = source_date() };
	int r = -1;
	if (!(t.a = archive_write_new())) {
		zfail("out of memory");
		goto out;
	}
	if (set_filter(t.a, kind) < 0)
		goto out;
	if (archive_write_set_format_pax_restricted(t.a) != ARCHIVE_OK
	    || archive_write_set_bytes_in_last_block(t.a, 1) != ARCHIVE_OK) {
		zfail("%s", archive_error_string(t.a));
		goto out;
	}
	if (archive_write_open_fd(t.a, fd) != ARCHIVE_OK) {
		zfail("cannot write: %s", archive_error_string(t.a));
		goto out;
	}
	if (walk(&t, "", 0) < 0)
		goto out;
	if (archive_write_close(t.a) != ARCHIVE_OK) {
		zfail("cannot write: %s", archive_error_string(t.a));
		goto out;
	}
	r = 0;
out:
	if (t.a)
		archive_write_free(t.a);
	strlist_free(&t.links);
	return r;
}

int tar_write(const char *top, const char *name, const char *file, char *tmp, size_t len)
{
	int fd = 1;
	tmp[0] = '\0';
	if (strcmp(file, "-") != 0) {
		struct stat st;
		if (lstat(file, &st) == 0)
			return zfail("already exists: not replaced"), -1;
		if (snprintf(tmp, len, "%s.zapp-tmp-XXXXXX", file) >= (int)len)
			return zfail("path too long"), -1;
		if ((fd = mkostemp(tmp, O_CLOEXEC)) < 0) {
			int e = errno;
			tmp[0] = '\0';
			return zfail("cannot create: %s", strerror(e)), -1;
		}
		fchmod(fd, 0644);
	}
	if (tar_to_fd(top, name, file, fd) < 0) {
		if (fd != 1)
			close(fd);
		return -1;
	}
	if (fd != 1 && (fsync(fd) < 0 || close(fd) < 0))
		return zfail("cannot write: %s", strerror(errno)), -1;
	return 0;
}

int tar_commit(const char *tmp, const char *file)
{
	if (!*tmp)
		return 0;	/* standard output */
	if (renameat2(AT_FDCWD, tmp, AT_FDCWD, file, RENAME_NOREPLACE) == 0)
		return 0;
	if (errno == EINVAL && link(tmp, file) == 0) {	/* no RENAME_NOREPLACE here */
		unlink(tmp);
		return 0;
	}
	return zfail("cannot create: %s", strerror(errno)), -1;
}
