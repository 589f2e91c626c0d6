/* zapp-assemble/installer.c: --installer FILE, a POSIX sh script that
 * carries the Zapp and installs it (zapp-assemble/installer.sh, the
 * script's text, built into zapp-assemble as installer_sh.h).
 *
 * The archive is the one --tar makes (.tar.gz, tar.c), base64-encoded in
 * lines of 76 in a here-document at the script's end, so that the shell
 * reading the script hands it to the installing function whether the
 * script is a file or arrives on standard input (`ssh HOST sh -s`): a
 * shell reading a pipe reads ahead, so nothing after the script's last
 * command could be left for a command to read.  The script holds the
 * archive's SHA-256 (OpenSSL's libcrypto), which it checks before it
 * installs anything.
 *
 * FILE is written beside itself under a temporary name, made executable
 * and renamed into place (tar_commit); "-" is standard output. */
#include "assemble.h"
#include "report.h"

#include "installer_sh.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define LINE_IN 57	/* bytes per base64 line of 76 */

/* A file that vanishes when closed, in the directory of path. */
static int scratch_fd(const char *path)
{
	char dir[PATH_MAX], name[PATH_MAX + 32];
	const char *slash = strrchr(path, '/');
	int fd;
	if (strcmp(path, "-") == 0 || !slash)
		snprintf(dir, sizeof dir, ".");
	else
		snprintf(dir, sizeof dir, "%.*s", slash == path ? 1 : (int)(slash - path), path);
	if ((fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600)) >= 0)
		return fd;
	snprintf(name, sizeof name, "%s/.zapp-installer-XXXXXX", dir);
	if ((fd = mkostemp(name, O_CLOEXEC)) >= 0)
		unlink(name);	/* ours, just made */
	return fd;
}

static int write_all(int fd, const void *buf, size_t n)
{
	const char *p = buf;
	while (n) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return zfail("cannot write: %s", w < 0 ? strerror(errno) : "no space"), -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* The SHA-256 of the file behind fd, in hex (65 bytes). */
static int sha256_hex(int fd, char *hex)
{
	unsigned char buf[65536], md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	EVP_MD_CTX *c = EVP_MD_CTX_new();
	ssize_t n;
	int r = -1;
	if (!c || EVP_DigestInit_ex(c, EVP_sha256(), NULL) != 1 || lseek(fd, 0, SEEK_SET) < 0) {
		zfail("cannot compute its SHA-256");
		goto out;
	}
	while ((n = read(fd, buf, sizeof buf)) > 0)
		if (EVP_DigestUpdate(c, buf, (size_t)n) != 1)
			break;
	if (n != 0 || EVP_DigestFinal_ex(c, md, &mdlen) != 1 || mdlen != 32) {
		zfail("cannot compute its SHA-256: %s", n < 0 ? strerror(errno) : "digest failed");
		goto out;
	}
	for (unsigned i = 0; i < mdlen; i++)
		sprintf(hex + 2 * i, "%02x", md[i]);
	r = 0;
out:
	EVP_MD_CTX_free(c);
	return r;
}

/* The script's text, with @NAME@, @SHA256@ and @VERSION@ put in. */
static int write_head(int out, const char *name, const char *sum)
{
	const char *s = installer_sh;
	while (*s) {
		const char *at = strchr(s, '@'), *v = NULL;
		size_t skip = 0;
		if (!at)
			return write_all(out, s, strlen(s));
		if (strncmp(at, "@NAME@", 6) == 0)
			v = name, skip = 6;
		else if (strncmp(at, "@SHA256@", 8) == 0)
			v = sum, skip = 8;
		else if (strncmp(at, "@VERSION@", 9) == 0)
			v = ZAPP_VERSION, skip = 9;
		if (write_all(out, s, (size_t)(at - s) + (v ? 0 : 1)) < 0 || (v && write_all(out, v, strlen(v)) < 0))
			return -1;
		s = at + (v ? skip : 1);
	}
	return 0;
}

/* The archive behind fd, base64 in lines of 76, then the script's end. */
static int write_archive(int out, int fd)
{
	unsigned char in[LINE_IN * 512], line[(LINE_IN / 3 * 4 + 1) * 512 + 1];
	static const char tail[] = "ZAPP_ARCHIVE_END\nexit $?\n";
	ssize_t n;
	if (lseek(fd, 0, SEEK_SET) < 0)
		return zfail("cannot read the archive back: %s", strerror(errno)), -1;
	for (;;) {
		size_t got = 0;
		while (got < sizeof in && (n = read(fd, in + got, sizeof in - got)) > 0)
			got += (size_t)n;
		if (got == 0)
			break;
		size_t len = 0;
		for (size_t k = 0; k < got; k += LINE_IN) {
			size_t chunk = got - k < LINE_IN ? got - k : LINE_IN;
			len += (size_t)EVP_EncodeBlock(line + len, in + k, (int)chunk);
			line[len++] = '\n';
		}
		if (write_all(out, line, len) < 0)
			return -1;
		if (got < sizeof in)
			break;
	}
	return write_all(out, tail, sizeof tail - 1);
}

/* A name the script can hold between single quotes and use as a file
 * name: letters, digits, '.', '_', '+', '-', not starting with '-' or '.'. */
static int plain_name(const char *name)
{
	if (!*name || *name == '-' || *name == '.')
		return 0;
	for (const char *s = name; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9')
		      || *s == '.' || *s == '_' || *s == '+' || *s == '-'))
			return 0;
	return 1;
}

int installer_write(const char *top, const char *name, const char *file, char *tmp, size_t len)
{
	char sum[65];
	int fd = -1, out = 1, r = -1;
	tmp[0] = '\0';
	if (!plain_name(name))
		return zfail("the Zapp's name '%s' is not one an installer can hold: letters, digits, '.', '_', "
			     "'+' and '-' only", name), -1;
	if (strcmp(file, "-") != 0) {
		struct stat st;
		if (lstat(file, &st) == 0)
			return zfail("already exists: not replaced"), -1;
	}
	if ((fd = scratch_fd(file)) < 0)
		return zfail("cannot make a scratch file beside it: %s", strerror(errno)), -1;
	if (tar_to_fd(top, name, "zapp.tar.gz", fd) < 0 || sha256_hex(fd, sum) < 0)
		goto out;
	if (strcmp(file, "-") != 0) {
		if (snprintf(tmp, len, "%s.zapp-tmp-XXXXXX", file) >= (int)len) {
			tmp[0] = '\0';
			zfail("path too long");
			goto out;
		}
		if ((out = mkostemp(tmp, O_CLOEXEC)) < 0) {
			int e = errno;
			tmp[0] = '\0';
			zfail("cannot create: %s", strerror(e));
			goto out;
		}
		fchmod(out, 0755);
	}
	if (write_head(out, name, sum) < 0 || write_archive(out, fd) < 0)
		goto out;
	if (out != 1 && (fsync(out) < 0 || close(out) < 0)) {
		out = -1;
		zfail("cannot write: %s", strerror(errno));
		goto out;
	}
	out = -1;
	r = 0;
out:
	if (out > 1)
		close(out);
	close(fd);
	return r;
}
