/* tests/fuzz/fuzz_ldconf.c: ld.so.conf inside a root (--sysroot).
 *
 * The input is split at NUL bytes: the first part becomes ROOT/etc/ld.so.conf,
 * the next ones ROOT/etc/ld.so.conf.d/1.conf ... 4.conf, so that include
 * lines (globs, relative and absolute, nested) have something to find.  The
 * root also holds a FIFO and a device node where a glob can reach them.
 * Properties: searchpath_system returns, in bounded time (libFuzzer's
 * -timeout), no directory outside ROOT and no path with "." or ".."
 * components; every default directory is there once.
 */
#include "fuzz.h"
#include "searchpath.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#define NPARTS 5

static char root[PATH_MAX];

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st; (void)ftw;
	return flag == FTW_DP ? rmdir(path) : unlink(path);
}

static void cleanup(void)
{
	if (root[0])
		nftw(root, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static void make(const char *rel, mode_t mode)
{
	char path[PATH_MAX];
	snprintf(path, sizeof path, "%s/%s", root, rel);
	if (S_ISDIR(mode) ? mkdir(path, mode & 0777) : mknod(path, mode, S_ISCHR(mode) ? makedev(1, 5) : 0))
		if (errno != EEXIST && !(S_ISCHR(mode) && errno == EPERM)) {
			perror(path);
			abort();
		}
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *tmp = getenv("TMPDIR");
	(void)argc; (void)argv;
	snprintf(root, sizeof root, "%s/zapp-fuzz-ldconf-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(root)) {
		perror(root);
		abort();
	}
	atexit(cleanup);
	make("etc", S_IFDIR | 0755);
	make("etc/ld.so.conf.d", S_IFDIR | 0755);
	make("usr", S_IFDIR | 0755);
	make("usr/lib", S_IFDIR | 0755);
	make("etc/ld.so.conf.d/fifo.conf", S_IFIFO | 0644);	/* never to be opened */
	make("etc/ld.so.conf.d/zero.conf", S_IFCHR | 0644);	/* /dev/zero's numbers (root only) */
	return 0;
}

static void put(const char *rel, const uint8_t *data, size_t size)
{
	char path[PATH_MAX];
	snprintf(path, sizeof path, "%s/%s", root, rel);
	FILE *f = fopen(path, "we");
	if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0) {
		perror(path);
		abort();
	}
}

static int normalised_inside(const char *p)
{
	size_t rl = strlen(root);
	if (strncmp(p, root, rl) != 0 || p[rl] != '/')
		return 0;
	for (const char *s = p + rl; *s; ) {
		while (*s == '/')
			s++;
		size_t l = strcspn(s, "/");
		if ((l == 1 && s[0] == '.') || (l == 2 && s[0] == '.' && s[1] == '.'))
			return 0;
		s += l;
	}
	return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const defaults[] = {
		"/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib64", "/usr/lib64",
		"/lib", "/usr/lib",
	};
	const uint8_t *part = data, *end = data + size;
	struct strlist dirs = { 0 };

	for (int i = 0; i < NPARTS; i++) {
		const uint8_t *nul = part < end ? memchr(part, '\0', (size_t)(end - part)) : NULL;
		size_t len = part < end ? (size_t)((nul ? nul : end) - part) : 0;
		char rel[64];
		if (i == 0)
			snprintf(rel, sizeof rel, "etc/ld.so.conf");
		else
			snprintf(rel, sizeof rel, "etc/ld.so.conf.d/%d.conf", i);
		put(rel, part, len);
		part = nul ? nul + 1 : end;
	}
	if (searchpath_system(root, &dirs) < 0)
		fuzz_fail("searchpath_system failed: %s", zwhy());
	for (size_t i = 0; i < dirs.n; i++)
		if (!normalised_inside(dirs.v[i]))
			fuzz_fail("[%s] is not a normalised path inside the root %s", dirs.v[i], root);
	for (size_t d = 0; d < sizeof defaults / sizeof *defaults; d++) {
		char want[PATH_MAX];
		size_t seen = 0;
		snprintf(want, sizeof want, "%s%s", root, defaults[d]);
		for (size_t i = 0; i < dirs.n; i++)
			seen += strcmp(dirs.v[i], want) == 0;
		if (seen != 1)
			fuzz_fail("default directory %s listed %zu times", want, seen);
	}
	strlist_free(&dirs);
	return 0;
}
