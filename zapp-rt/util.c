/* zapp-rt/util.c: the few string functions the library needs, written out:
 * libc's memcpy and strnlen have symbol versions above the oldest one
 * (check-lib.sh refuses them), and the next definition of a function,
 * found through dlsym bound to its oldest version. */
#include "rt.h"

#include <dlfcn.h>

/* weak: a libc without dlsym (before 2.34 it was in libdl) leaves it NULL */
extern void *dlsym(void *handle, const char *name) __attribute__((weak));
__asm__(".symver dlsym,dlsym@" ZRT_GLIBC_BASE);

size_t zrt_strnlen(const char *s, size_t max)
{
	size_t n = 0;
	while (n < max && s[n])
		n++;
	return n;
}

size_t zrt_strlen(const char *s)
{
	return zrt_strnlen(s, (size_t)-1);
}

void zrt_memcpy(void *to, const void *from, size_t n)
{
	volatile unsigned char *t = to;	/* volatile: no call to memcpy made of it */
	const unsigned char *f = from;
	while (n--)
		*t++ = *f++;
}

const char *zrt_strchrnul(const char *s, int c)
{
	while (*s && *s != (char)c)
		s++;
	return s;
}

void *zrt_next(const char *name)
{
	return dlsym ? dlsym(RTLD_NEXT, name) : NULL;
}
