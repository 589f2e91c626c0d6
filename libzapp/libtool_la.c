/* libzapp/libtool_la.c: libtool archives (NAME.la) of a Zapp.
 *
 * A module loaded through libltdl (ImageMagick's coders and filters) is
 * named by its .la file; ltdl reads the archive's libdir, and when the
 * archive says installed=yes it dlopens libdir/dlname first, then dlname
 * beside the .la.  libdir is where the library was installed on the build
 * machine (/usr/lib/x86_64-linux-gnu/ImageMagick-6.9.11/modules-Q16/coders):
 * a Zapp'd program would open the host's module whenever the host has one.
 * The Zapp's copy of such an archive says libdir='' (ltdl reads that as
 * none, and takes the module beside the archive); nothing else changes:
 * zapp-assemble makes that edit on the copy (write.c), zapp-check reports
 * an archive of a Zapp that still names an absolute libdir (check_env.c).
 */
#include "libtool_la.h"
#include "report.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define LA_MAX (256 * 1024)	/* larger is no libtool archive */
#define LA_MARK " - a libtool library file"

/* The file's bytes (at most LA_MAX), or NULL. */
static char *slurp(const char *path, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	struct stat st;
	char *b = NULL;
	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 && st.st_size <= LA_MAX
	    && (b = malloc((size_t)st.st_size + 1))) {
		ssize_t n = pread(fd, b, (size_t)st.st_size, 0);
		if (n != st.st_size) {
			free(b);
			b = NULL;
		} else {
			b[n] = '\0';
			*len = (size_t)n;
		}
	}
	close(fd);
	return b;
}

/* Where the libdir='/...' line of a libtool archive's text starts, or
 * NULL: the first line must be "# NAME.la - a libtool library file". */
static const char *abs_libdir(const char *text, size_t len)
{
	const char *eol = memchr(text, '\n', len);
	if (!eol || text[0] != '#' || (size_t)(eol - text) < sizeof LA_MARK
	    || memcmp(eol - (sizeof LA_MARK - 1), LA_MARK, sizeof LA_MARK - 1) != 0
	    || memchr(text, '\0', len))
		return NULL;
	for (const char *l = text; l && l < text + len; l = memchr(l, '\n', (size_t)(text + len - l)), l = l ? l + 1 : NULL)
		if (strncmp(l, "libdir='/", 9) == 0)
			return l;
	return NULL;
}

int la_names_host_dir(const char *path, char *libdir, size_t size)
{
	size_t len = 0;
	char *t = slurp(path, &len);
	const char *l = t ? abs_libdir(t, len) : NULL;
	if (l && libdir) {
		size_t n = strcspn(l + 8, "'\n");
		snprintf(libdir, size, "%.*s", (int)n, l + 8);
	}
	free(t);
	return l != NULL;
}

int la_fix_libdir(const char *path)
{
	size_t len = 0;
	char *t = slurp(path, &len);
	const char *l = t ? abs_libdir(t, len) : NULL, *end;
	int fd, r = -1;
	if (!l) {
		free(t);
		return t ? 0 : zfail("cannot read it back: %s", strerror(errno));
	}
	end = memchr(l, '\n', (size_t)(t + len - l));
	end = end ? end : t + len;
	/* the copy is ours: rewritten in place */
	if ((fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC | O_NOFOLLOW)) < 0)
		zfail("cannot rewrite it: %s", strerror(errno));
	else if (write(fd, t, (size_t)(l - t)) != l - t || write(fd, "libdir=''", 9) != 9
		 || write(fd, end, (size_t)(t + len - end)) != t + len - end)
		zfail("cannot rewrite it: %s", strerror(errno));
	else
		r = 0;
	if (fd >= 0 && close(fd) < 0 && r == 0)
		r = zfail("cannot rewrite it: %s", strerror(errno));
	free(t);
	return r;
}
