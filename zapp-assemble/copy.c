/* zapp-assemble/copy.c: copying file contents, as fast as the kernel allows
 * (reflink, then copy_file_range, then read/write), keeping holes; and
 * telling whether two files hold the same bytes. */
#include "assemble.h"
#include "hash.h"
#include "report.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

/* Is the buffer all zeros?  (A block to leave as a hole.) */
static int all_zero(const char *b, size_t n)
{
	return n == 0 || (b[0] == 0 && memcmp(b, b + 1, n - 1) == 0);
}

/* Bytes [off, end) of in to the same place of out, with copy_file_range
 * while the kernel does it here (*no_cfr says it does not), then pread and
 * pwrite; blocks of zeros read that way are left as holes. */
static int copy_range(int in, int out, off_t off, off_t end, int *no_cfr)
{
	char buf[1 << 16];
	while (off < end && !*no_cfr) {
		loff_t a = off, b = off;
		ssize_t n = copy_file_range(in, &a, out, &b, (size_t)(end - off), 0);
		if (n > 0) {
			off += n;
			continue;
		}
		if (n == 0)
			break;		/* the file got shorter: the rest is read below */
		if (errno == EINTR)
			continue;
		if (errno != EXDEV && errno != EINVAL && errno != ENOSYS && errno != EOPNOTSUPP && errno != EBADF)
			return -1;
		*no_cfr = 1;	/* old kernels, some file systems */
	}
	while (off < end) {
		size_t want = end - off < (off_t)sizeof buf ? (size_t)(end - off) : sizeof buf;
		ssize_t n = pread(in, buf, want, off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			return errno = EIO, -1;	/* shorter than it was: not copied whole */
		if (!all_zero(buf, (size_t)n)) {
			for (ssize_t w = 0; w < n; ) {
				ssize_t m = pwrite(out, buf + w, (size_t)(n - w), off + w);
				if (m < 0 && errno == EINTR)
					continue;
				if (m < 0)
					return -1;
				w += m;
			}
		}
		off += n;
	}
	return 0;
}

/* The size bytes of in to out, keeping its holes: only the parts that hold
 * data (SEEK_DATA, SEEK_HOLE) are copied, the size is set at the end, so a
 * sparse file of 4 GiB costs what its data costs. */
static int copy_fd(int in, int out, off_t size, int *no_reflink)
{
	int no_cfr = 0;
	off_t pos = 0;
	/* a file system that cannot share extents says so once */
	if (!*no_reflink) {
		if (ioctl(out, FICLONE, in) == 0)
			return 0;
		if (errno == EOPNOTSUPP || errno == ENOTTY || errno == EINVAL || errno == EXDEV)
			*no_reflink = 1;
	}
	while (pos < size) {
		off_t data = lseek(in, pos, SEEK_DATA), hole;
		if (data < 0 && errno == ENXIO)
			break;			/* only a hole from pos on */
		if (data < 0) {
			if (errno != EINVAL && errno != EOPNOTSUPP)
				return -1;
			data = pos;		/* no SEEK_DATA here: all of it is data */
			hole = size;
		} else if ((hole = lseek(in, data, SEEK_HOLE)) < 0) {
			hole = size;
		}
		if (data >= size)
			break;
		if (hole > size)
			hole = size;
		if (copy_range(in, out, data, hole, &no_cfr) < 0)
			return -1;
		pos = hole;
	}
	return ftruncate(out, size);
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

uint64_t file_fingerprint(int fd, off_t size)
{
	unsigned char buf[FINGERPRINT];
	size_t want = size < FINGERPRINT ? (size_t)size : FINGERPRINT;
	ssize_t n = pread(fd, buf, want, 0);
	return n == (ssize_t)want ? zhash(ZHASH_INIT, buf, want) | 1 : 0;
}

uint64_t path_fingerprint(const char *path, off_t size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	uint64_t print = file_fingerprint(fd, size);
	close(fd);
	return print;
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
