/* libzapp/launch_check.c: the jumploader's checks (jumploader/elf_check.c)
 * made on a file, as jumploader.c's open_image makes them.  See
 * launch_check.h. */
#include "launch_check.h"
#include "elf_check.h"
#include "report.h"
#include "target.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Read up to n bytes at off; the count read, or -1. */
static long read_at(int fd, void *buf, size_t n, uint64_t off)
{
	size_t got = 0;
	while (got < n) {
		ssize_t r = pread(fd, (char *)buf + got, n - got, (off_t)(off + got));
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		if (r == 0)
			break;
		got += (size_t)r;
	}
	return (long)got;
}

static int refused(const struct target *t, const struct zelf_ehdr *eh, int err)
{
	if (err == ZELF_E_MACHINE)
		return zfail("wrong architecture (ELF machine %u, expected %u for %s)",
			     eh->machine, t->machine, t->name);
	return zfail("%s", zelf_strerror_for(err, t->elfclass));
}

static int check_fd(int fd, const struct stat *st, enum launch_role role, const struct target *t)
{
	static unsigned char head[ZELF_PHDRS_MAX], far[ZELF_PHDRS_MAX];
	static struct zelf_phdr ph[ZELF_PHNUM_MAX];
	static char interp[ZELF_INTERP_MAX];
	const unsigned char *raw;
	struct zelf_ehdr eh = { .machine = 0 };
	struct zelf_info info;
	uint64_t size = st->st_size < 0 ? 0 : (uint64_t)st->st_size, phsize;
	size_t base;
	long have, r;
	int err;

	if (!S_ISREG(st->st_mode))
		return zfail("%s", strerror(S_ISDIR(st->st_mode) ? EISDIR : EACCES));
	if (role == LAUNCH_PROGRAM && !(st->st_mode & 0111))
		return zfail("%s", strerror(EACCES));
	if ((have = read_at(fd, head, size < sizeof head ? (size_t)size : sizeof head, 0)) < 0)
		return zfail("cannot read: %s", strerror(errno));
	if ((err = zelf_check_ehdr(head, (size_t)have, size, t->elfclass, t->machine, &eh)))
		return refused(t, &eh, err);
	phsize = (uint64_t)eh.phnum * eh.phentsize;
	if (eh.phoff <= (uint64_t)have && phsize <= (uint64_t)have - eh.phoff) {
		raw = head + eh.phoff;
	} else {
		if ((r = read_at(fd, far, (size_t)phsize, eh.phoff)) < 0)
			return zfail("cannot read: %s", strerror(errno));
		if ((uint64_t)r != phsize)
			return refused(t, &eh, ZELF_E_PHTRUNC);
		raw = far;
	}
	if ((err = zelf_check_phdrs(&eh, raw, size, t->page_size, ph, &info)))
		return refused(t, &eh, err);
	if (!info.has_interp)
		return 0;
	if (role == LAUNCH_LOADER)
		return zfail("it asks for a loader itself (PT_INTERP)");
	if ((r = read_at(fd, interp, (size_t)info.interp_size, info.interp_offset)) < 0)
		return zfail("cannot read: %s", strerror(errno));
	if ((uint64_t)r != info.interp_size)
		return refused(t, &eh, ZELF_E_INTERPTRUNC);
	if ((err = zelf_check_interp(interp, info.interp_size, &base)))
		return refused(t, &eh, err);
	return 0;
}

int launch_check(const char *path, enum launch_role role, const struct target *t)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY), r;
	if (fd < 0)
		return zfail("%s", strerror(errno));
	r = fstat(fd, &st) < 0 ? zfail("cannot stat: %s", strerror(errno)) : check_fd(fd, &st, role, t);
	close(fd);
	return r;
}
