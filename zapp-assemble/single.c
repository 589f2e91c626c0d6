/* zapp-assemble/single.c: --single FILE, a one-file Zapp: the stub
 * (single/stub.c, installed as lib/zapp/single-ARCH beside the
 * jumploaders, or $ZAPP_SINGLE), the Zapp packed (single/pack.h), and the
 * trailer with the pack's SHA-256 (libcrypto), under which the stub keeps
 * the Zapp in the user's cache.  Entries in byte order of their paths;
 * files that are one in the Zapp (rule 8) are one in the pack (a link
 * record).  FILE is written beside itself under a temporary name,
 * executable, and renamed into place (tar_commit); never over a file. */
#include "assemble.h"
#include "dir_names.h"
#include "report.h"
#include "strlist.h"
#include "target.h"

#include "../single/pack.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct pack {
	int out;
	EVP_MD_CTX *md;
	uint64_t size;
	const char *top;
	const char *name;	/* the Zapp's: every path is NAME/... */
	struct strlist links;	/* "DEV:INO\tPATH" */
	char buf[65536];
};

static int put(struct pack *k, const void *b, size_t n)
{
	const char *p = b;
	if (k->md && EVP_DigestUpdate(k->md, b, n) != 1)
		return zfail("cannot compute the pack's SHA-256"), -1;
	k->size += n;
	while (n) {
		ssize_t w = write(k->out, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return zfail("cannot write: %s", w < 0 ? strerror(errno) : "no space"), -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* A record for rel of the Zapp (NAME/rel; "" is NAME itself). */
static int record(struct pack *k, uint32_t kind, uint32_t mode, const char *rel, uint64_t size)
{
	char path[2 * PATH_MAX];
	if (kind == PACK_END)
		path[0] = '\0';
	else if (snprintf(path, sizeof path, "%s%s%s", k->name, *rel ? "/" : "", rel) >= PATH_MAX)
		return zfail("%s: path too long", rel), -1;
	struct pack_rec r = { .kind = kind, .mode = mode, .pathlen = (uint32_t)strlen(path), .size = size };
	return put(k, &r, sizeof r) < 0 || put(k, path, r.pathlen) < 0 ? -1 : 0;
}

static int pack_file(struct pack *k, const char *rel, const char *path, const struct stat *st)
{
	char key[64];
	if (st->st_nlink > 1) {
		snprintf(key, sizeof key, "%llu:%llu\t", (unsigned long long)st->st_dev, (unsigned long long)st->st_ino);
		size_t kl = strlen(key);
		for (size_t i = 0; i < k->links.n; i++)
			if (strncmp(k->links.v[i], key, kl) == 0) {
				char to[2 * PATH_MAX];
				snprintf(to, sizeof to, "%s/%s", k->name, k->links.v[i] + kl);
				return record(k, PACK_LINK, 0, rel, strlen(to)) < 0 || put(k, to, strlen(to)) < 0 ? -1 : 0;
			}
		char line[PATH_MAX + 64];
		snprintf(line, sizeof line, "%s%s", key, rel);
		if (strlist_push(&k->links, line) < 0)
			return zfail("out of memory"), -1;
	}
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return zfail("%s: cannot read: %s", rel, strerror(errno)), -1;
	int r = record(k, PACK_FILE, st->st_mode & 07777, rel, (uint64_t)st->st_size);
	for (off_t done = 0; r == 0 && done < st->st_size;) {
		ssize_t n = read(fd, k->buf, sizeof k->buf);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			r = zfail("%s: cannot read: %s", rel, n < 0 ? strerror(errno) : "it shrank");
			break;
		}
		r = put(k, k->buf, (size_t)n);
		done += n;
	}
	close(fd);
	return r;
}

static int walk(struct pack *k, const char *rel, int depth)
{
	char path[PATH_MAX], sub[PATH_MAX];
	struct strlist names = { 0 };
	int r = 0;
	snprintf(path, sizeof path, "%s%s%s", k->top, *rel ? "/" : "", rel);
	if (depth > 256)
		return zfail("%s: nested too deep", rel);
	if (dir_names(path, *rel ? rel : ".", &names) < 0)
		return -1;
	for (size_t i = 0; r == 0 && i < names.n; i++) {
		struct stat st;
		if (interrupted()) {
			r = zfail("interrupted");
			break;
		}
		if (snprintf(sub, sizeof sub, "%s%s%s", rel, *rel ? "/" : "", names.v[i]) >= (int)sizeof sub
		    || snprintf(path, sizeof path, "%s/%s", k->top, sub) >= (int)sizeof path) {
			r = zfail("%s: path too long", names.v[i]);
			break;
		}
		if (lstat(path, &st) < 0)
			r = zfail("%s: cannot read: %s", sub, strerror(errno));
		else if (S_ISDIR(st.st_mode))
			r = record(k, PACK_DIR, st.st_mode & 07777, sub, 0) < 0 ? -1 : walk(k, sub, depth + 1);
		else if (S_ISREG(st.st_mode))
			r = pack_file(k, sub, path, &st);
		else
			r = zfail("%s: neither a file nor a directory", sub);
	}
	strlist_free(&names);
	return r;
}

/* The stub installed with zapp: BINDIR/../lib/zapp/single-ARCH, or
 * $ZAPP_SINGLE. */
static int find_stub(char *buf, size_t len)
{
	char name[64];
	snprintf(name, sizeof name, "single-%s", target_zapp()->arch);
	return installed_file("ZAPP_SINGLE", name, buf, len);
}

int single_write(const char *top, const char *name, const char *main_prog, const char *file, char *tmp, size_t len)
{
	char stub[PATH_MAX], bin[PATH_MAX];
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	struct pack k = { .out = -1, .top = top };
	struct pack_trailer t;
	int in = -1, r = -1;
	ssize_t n;
	tmp[0] = '\0';
	if (strlen(name) >= sizeof t.name || strlen(main_prog) >= sizeof t.main)
		return zfail("the Zapp's or the program's name is too long"), -1;
	if (snprintf(bin, sizeof bin, "%s/bin/%s", top, main_prog) >= (int)sizeof bin || access(bin, X_OK) < 0)
		return zfail("the Zapp has no program bin/%s to run (--main NAME)", main_prog), -1;
	if (find_stub(stub, sizeof stub) < 0 || (in = open(stub, O_RDONLY | O_CLOEXEC)) < 0)
		return zfail("cannot find the one-file stub %s: %s (set ZAPP_SINGLE)", stub, strerror(errno)), -1;
	struct stat st;
	if (lstat(file, &st) == 0) {
		close(in);
		return zfail("already exists: not replaced"), -1;
	}
	if (snprintf(tmp, len, "%s.zapp-tmp-XXXXXX", file) >= (int)len || (k.out = mkostemp(tmp, O_CLOEXEC)) < 0) {
		int e = errno;
		tmp[0] = '\0';
		close(in);
		return zfail("cannot create: %s", strerror(e)), -1;
	}
	fchmod(k.out, 0755);
	while ((n = read(in, k.buf, sizeof k.buf)) > 0)
		if (put(&k, k.buf, (size_t)n) < 0)
			goto out;
	if (n < 0) {
		zfail("cannot read %s: %s", stub, strerror(errno));
		goto out;
	}
	uint64_t offset = k.size;
	k.size = 0;
	if (!(k.md = EVP_MD_CTX_new()) || EVP_DigestInit_ex(k.md, EVP_sha256(), NULL) != 1) {
		zfail("cannot compute the pack's SHA-256");
		goto out;
	}
	k.name = name;
	if (record(&k, PACK_DIR, 0755, "", 0) < 0 || walk(&k, "", 0) < 0)
		goto out;
	if (record(&k, PACK_END, 0, "", 0) < 0 || EVP_DigestFinal_ex(k.md, md, &mdlen) != 1)
		goto out;
	memset(&t, 0, sizeof t);
	for (unsigned i = 0; i < mdlen && 2 * i + 2 < sizeof t.key; i++)
		sprintf(t.key + 2 * i, "%02x", md[i]);
	snprintf(t.name, sizeof t.name, "%s", name);
	snprintf(t.main, sizeof t.main, "%s", main_prog);
	t.offset = offset;
	t.size = k.size;
	memcpy(t.magic, PACK_MAGIC, sizeof t.magic);
	EVP_MD_CTX_free(k.md);
	k.md = NULL;
	if (put(&k, &t, sizeof t) < 0)
		goto out;
	if (fsync(k.out) < 0 || close(k.out) < 0) {
		k.out = -1;
		zfail("cannot write: %s", strerror(errno));
		goto out;
	}
	k.out = -1;
	r = 0;
out:
	if (k.out >= 0)
		close(k.out);
	if (in >= 0)
		close(in);
	EVP_MD_CTX_free(k.md);
	strlist_free(&k.links);
	return r;
}
