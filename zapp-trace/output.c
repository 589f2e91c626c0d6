/* zapp-trace/output.c: LIST.  It is written to a temporary file beside it,
 * created before the command runs (so that an unwritable directory is
 * said before anything runs), and renamed into place once complete; an
 * existing LIST is refused unless --force, and even then never a
 * directory.  "-" is standard output. */
#include "trace.h"
#include "report.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char tmp[PATH_MAX];	/* the temporary, while it exists */
static const char *final;
static int tmp_fd = -1, replace;

int output_open(const char *list, int force)
{
	struct stat st;
	char dir[PATH_MAX];
	if (strcmp(list, "-") == 0)
		return 1;
	final = list;
	replace = force;
	if (lstat(list, &st) == 0) {
		if (S_ISDIR(st.st_mode))
			return zerr(list, "is a directory"), -1;
		if (!force)
			return zerr(list, "exists: not replaced without --force"), -1;
	} else if (errno != ENOENT) {
		return zerr(list, "cannot create: %s", strerror(errno)), -1;
	}
	const char *slash = strrchr(list, '/'), *base = slash ? slash + 1 : list;
	if (!*base)
		return zerr(list, "is a directory"), -1;
	if (!slash)
		snprintf(dir, sizeof dir, ".");
	else if (slash == list)
		snprintf(dir, sizeof dir, "/");
	else
		snprintf(dir, sizeof dir, "%.*s", (int)(slash - list), list);
	if (snprintf(tmp, sizeof tmp, "%s/.%s.zapp-trace.XXXXXX", dir, base) >= (int)sizeof tmp)
		return tmp[0] = '\0', zerr(list, "cannot create: name too long"), -1;
	tmp_fd = mkostemp(tmp, O_CLOEXEC);
	if (tmp_fd < 0) {
		int e = errno;
		tmp[0] = '\0';
		return zerr(list, "cannot create: %s", strerror(e)), -1;
	}
	mode_t mask = umask(0);
	umask(mask);
	if (fchmod(tmp_fd, 0666 & ~mask) < 0) {
		int e = errno;
		output_discard();
		return zerr(list, "cannot create: %s", strerror(e)), -1;
	}
	return tmp_fd;
}

int output_commit(void)
{
	if (tmp_fd < 0)
		return 0;	/* standard output */
	int r = close(tmp_fd);
	tmp_fd = -1;
	if (r == 0) {
		if (replace) {
			r = rename(tmp, final);
		} else {
			r = renameat2(AT_FDCWD, tmp, AT_FDCWD, final, RENAME_NOREPLACE);
			/* a file system without renameat2: link refuses an existing name too */
			if (r < 0 && (errno == EINVAL || errno == ENOSYS) && (r = link(tmp, final)) == 0)
				unlink(tmp);
		}
	}
	if (r < 0) {
		int e = errno;
		output_discard();
		if (e == EEXIST)
			return zerr(final, "appeared during the run: not replaced without --force"), -1;
		return zerr(final, "cannot create: %s", strerror(e)), -1;
	}
	tmp[0] = '\0';
	return 0;
}

void output_discard(void)
{
	if (tmp[0])
		unlink(tmp);
	tmp[0] = '\0';
}
