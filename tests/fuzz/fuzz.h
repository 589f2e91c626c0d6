/* tests/fuzz/fuzz.h: what the libFuzzer harnesses share.
 *
 * The code under test opens files by name, so each input is written to a
 * memory file (memfd) and passed as /proc/self/fd/N: no disk traffic, and
 * nothing left behind when a run is cut short.  A harness that finds a
 * property broken calls fuzz_fail(), which aborts: libFuzzer saves the
 * input as a crash.
 */
#ifndef ZAPP_FUZZ_H
#define ZAPP_FUZZ_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "report.h"

#define fuzz_fail(...) do { \
	fprintf(stderr, "fuzz: property broken at %s:%d: ", __FILE__, __LINE__); \
	fprintf(stderr, __VA_ARGS__); \
	fputc('\n', stderr); \
	abort(); \
} while (0)

struct fuzz_file {
	int fd;
	char path[64];
};

/* A memory file holding data[0..size), reused from one input to the next. */
static inline const char *fuzz_file_put(struct fuzz_file *f, const void *data, size_t size)
{
	if (f->fd <= 0) {
		f->fd = memfd_create("fuzz-input", MFD_CLOEXEC);
		if (f->fd < 0) {
			perror("memfd_create");
			abort();
		}
		snprintf(f->path, sizeof f->path, "/proc/self/fd/%d", f->fd);
	}
	if (ftruncate(f->fd, 0) < 0)
		abort();
	for (size_t done = 0; done < size; ) {
		ssize_t n = pwrite(f->fd, (const char *)data + done, size - done, (off_t)done);
		if (n <= 0)
			abort();
		done += (size_t)n;
	}
	return f->path;
}

/* The whole content of the memory file, in a buffer to free. */
static inline unsigned char *fuzz_file_get(struct fuzz_file *f, size_t *size)
{
	off_t end = lseek(f->fd, 0, SEEK_END);
	unsigned char *buf = malloc(end > 0 ? (size_t)end : 1);
	if (end < 0 || !buf)
		abort();
	for (size_t done = 0; done < (size_t)end; ) {
		ssize_t n = pread(f->fd, buf + done, (size_t)end - done, (off_t)done);
		if (n <= 0)
			abort();
		done += (size_t)n;
	}
	*size = (size_t)end;
	return buf;
}

#endif
