/* zapp-rt/hostlibs.c: the libraries a Zapp leaves to the host
 * (zapp-assemble --host-lib; docs/design.md, "Host libraries"): the
 * patterns of TOP/lib/zapp/hostlibs, one per line, read on the first
 * question (a dlopen of a host system library by its path, which
 * syslib.c would refuse: a Vulkan loader opens its ICDs so) and kept.
 * The state is published once, by a compare-and-swap, as map.c's. */
#include "rt.h"

#include <fcntl.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdatomic.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#define LIST_NAME "lib/zapp/hostlibs"
#define LIST_MAX 65536

struct list {
	unsigned long size;	/* of the mapping */
	unsigned long len;
	char text[];		/* the file's bytes, each newline made a NUL */
};

static const struct list empty = { 0 };
static _Atomic(const struct list *) state;

static const struct list *load(void)
{
	char name[PATH_MAX];
	unsigned long toplen = 0;
	const char *top = zrt_top(&toplen);
	struct stat st;
	if (!top || toplen + 1 + sizeof LIST_NAME > sizeof name)
		return &empty;
	zrt_memcpy(name, top, toplen);
	name[toplen] = '/';
	zrt_memcpy(name + toplen + 1, LIST_NAME, sizeof LIST_NAME);
	long fd = syscall(SYS_openat, AT_FDCWD, name, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return &empty;
	if (syscall(SYS_fstat, fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size <= 0 || st.st_size > LIST_MAX) {
		syscall(SYS_close, fd);
		return &empty;
	}
	unsigned long size = sizeof(struct list) + (unsigned long)st.st_size + 1;
	struct list *l = (struct list *)syscall(SYS_mmap, 0, size, PROT_READ | PROT_WRITE,
						MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if ((unsigned long)l > -4096UL) {
		syscall(SYS_close, fd);
		return &empty;
	}
	long n, got = 0;
	while (got < st.st_size && (n = syscall(SYS_read, fd, l->text + got, st.st_size - got)) > 0)
		got += n;
	syscall(SYS_close, fd);
	for (long i = 0; i < got; i++)
		if (l->text[i] == '\n')
			l->text[i] = '\0';
	l->text[got] = '\0';
	l->len = (unsigned long)got;
	l->size = size;
	return l;
}

static const struct list *get(void)
{
	const struct list *l = atomic_load_explicit(&state, memory_order_acquire), *expected = NULL;
	if (l)
		return l;
	l = load();
	if (atomic_compare_exchange_strong_explicit(&state, &expected, l, memory_order_acq_rel,
						    memory_order_acquire))
		return l;
	if (l != &empty)	/* another thread was first: its list it is */
		syscall(SYS_munmap, l, l->size);
	return expected;
}

int zrt_host_lib(const char *path)
{
	const char *base = path;
	for (const char *s = path; *s; s++)
		if (*s == '/')
			base = s + 1;
	if (!*base)
		return 0;
	const struct list *l = get();
	for (unsigned long i = 0; i < l->len; i += zrt_strlen(l->text + i) + 1)
		if (l->text[i] && fnmatch(l->text + i, base, 0) == 0)
			return 1;
	return 0;
}

int zrt_host_libs_any(void)
{
	return get()->len > 0;
}
