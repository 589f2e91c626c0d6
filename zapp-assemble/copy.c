/* zapp-assemble/copy.c: copying file contents, as fast as the kernel allows
 * (reflink, then copy_file_range, then read/write). */
#include "assemble.h"
#include "report.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

static int copy_fd(int in, int out, off_t size, int *no_reflink)
{
	/* a file system that cannot share extents says so once */
	if (!*no_reflink) {
		if (ioctl(out, FICLONE, in) == 0)
			return 0;
		if (errno == EOPNOTSUPP || errno == ENOTTY || errno == EINVAL || errno == EXDEV)
			*no_reflink = 1;
	}
	off_t done = 0;
	while (done < size) {
		ssize_t n = copy_file_range(in, NULL, out, NULL, (size_t)(size - done), 0);
		if (n <= 0)
			break;
		done += n;
	}
	if (done == size)
		return 0;
	/* copy_file_range is not everywhere (old kernels, some file systems) */
	char buf[1 << 16];
	if (lseek(in, done, SEEK_SET) < 0 || lseek(out, done, SEEK_SET) < 0)
		return -1;
	for (;;) {
		ssize_t n = read(in, buf, sizeof buf);
		if (n == 0)
			return 0;
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		for (ssize_t w = 0; w < n; ) {
			ssize_t m = write(out, buf + w, (size_t)(n - w));
			if (m < 0) {
				if (errno == EINTR)
					continue;
				return -1;
			}
			w += m;
		}
	}
}

int copy_fd_to(int in, off_t size, const char *src, const char *dst, mode_t mode, int *no_reflink)
{
	int out = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode | S_IWUSR);
	if (out < 0)
		return zfail("cannot create: %s", strerror(errno));
	int r = copy_fd(in, out, size, no_reflink);
	int e = errno;
	if (close(out) < 0 && r == 0) {
		r = -1;
		e = errno;
	}
	if (r < 0)
		return zfail("cannot copy %s: %s", src, strerror(e));
	return 0;
}

int same_file_content(const char *a, const char *b)
{
	struct stat sa, sb;
	char ba[1 << 15], bb[1 << 15];
	int fa, fb, same = 0;
	if (stat(a, &sa) < 0 || stat(b, &sb) < 0)
		return 0;
	if (sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino)
		return 1;
	if (sa.st_size != sb.st_size)
		return 0;
	if ((fa = open(a, O_RDONLY | O_CLOEXEC)) < 0)
		return 0;
	if ((fb = open(b, O_RDONLY | O_CLOEXEC)) < 0) {
		close(fa);
		return 0;
	}
	for (;;) {
		ssize_t na = read(fa, ba, sizeof ba), nb = na > 0 ? read(fb, bb, (size_t)na) : 0;
		if (na == 0) {
			same = 1;
			break;
		}
		if (na < 0 || nb != na || memcmp(ba, bb, (size_t)na) != 0)
			break;
	}
	close(fa);
	close(fb);
	return same;
}
