/* libzapp/marker.c: the mark of a Zapp, see marker.h. */
#include "marker.h"
#include "report.h"
#include "stamp_io.h"
#include "zelf.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define PREFIX "zapp-layout "

int marker_write(int dirfd)
{
	char text[32];
	int n = snprintf(text, sizeof text, PREFIX "%d\n", ZAPP_LAYOUT_VERSION);
	int fd = openat(dirfd, ZAPP_MARKER, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (fd < 0)
		return zfail("cannot create %s: %s", ZAPP_MARKER, strerror(errno));
	ssize_t w = write(fd, text, (size_t)n);
	int e = w < 0 ? errno : ENOSPC;
	if (close(fd) < 0 && w == n) {
		w = -1;
		e = errno;
	}
	if (w != n)
		return zfail("cannot write %s: %s", ZAPP_MARKER, strerror(e));
	return 0;
}

int marker_read(int dirfd)
{
	char text[32];
	struct stat st;
	int fd = openat(dirfd, ZAPP_MARKER, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT)
		return 0;
	if (fd < 0 && errno == ELOOP)
		return zfail("%s is a symbolic link", ZAPP_MARKER);
	if (fd < 0)
		return zfail("cannot read %s: %s", ZAPP_MARKER, strerror(errno));
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return zfail("%s is not a regular file", ZAPP_MARKER);
	}
	ssize_t n = read(fd, text, sizeof text - 1);
	close(fd);
	if (n < 0)
		return zfail("cannot read %s: %s", ZAPP_MARKER, strerror(errno));
	text[n] = '\0';
	int version = 0;
	size_t i = strlen(PREFIX);
	if ((size_t)n != strlen(text) || strncmp(text, PREFIX, i) != 0 || text[i] < '1' || text[i] > '9')
		return zfail("%s does not say '" PREFIX "N'", ZAPP_MARKER);
	for (; text[i] >= '0' && text[i] <= '9' && version < 100000; i++)
		version = version * 10 + (text[i] - '0');
	if (strcmp(text + i, "\n") != 0)
		return zfail("%s does not say '" PREFIX "N'", ZAPP_MARKER);
	return version;
}

/* Does the directory top/sub hold a regular file for which want() holds? */
static int holds(const char *top, const char *sub, int (*want)(const char *dir, const char *name))
{
	char path[PATH_MAX];
	struct dirent **names;
	int n, found = 0;
	if (snprintf(path, sizeof path, "%s/%s", top, sub) >= (int)sizeof path
	    || (n = scandir(path, &names, NULL, alphasort)) < 0)
		return 0;
	for (int i = 0; i < n; i++) {
		if (!found && names[i]->d_name[0] != '.')
			found = want(path, names[i]->d_name);
		free(names[i]);
	}
	free(names);
	return found;
}

static int regular(const char *dir, const char *name, char *path, size_t len)
{
	struct stat st;
	return snprintf(path, len, "%s/%s", dir, name) < (int)len && lstat(path, &st) == 0
	       && S_ISREG(st.st_mode);
}

static int is_loader(const char *dir, const char *name)
{
	char path[PATH_MAX];
	return strncmp(name, "ld-", 3) == 0 && strstr(name, ".so") && regular(dir, name, path, sizeof path);
}

static int is_jumploader(const char *dir, const char *name)
{
	char path[PATH_MAX];
	return regular(dir, name, path, sizeof path) && zelf_is_elf_file(path) && stamp_is_jumploader(path);
}

int zapp_layout(int dirfd, const char *dir, char *why, size_t len)
{
	char self[64];
	int v = marker_read(dirfd);
	if (v > 0)
		return v;
	if (v < 0) {
		snprintf(why, len, "%s", zwhy());
		return 0;
	}
	/* the directory of dirfd itself, wherever it is now, where /proc says */
	snprintf(self, sizeof self, "/proc/self/fd/%d", dirfd);
	const char *top = access(self, F_OK) == 0 ? self : dir;
	if (holds(top, "lib", is_loader) && holds(top, "bin", is_jumploader))
		return 1;
	snprintf(why, len, "no %s", ZAPP_MARKER);
	return 0;
}
