/* zapp-rt/dl.c: dlopen and dlmopen.  An absolute name the map holds opens
 * the Zapp's copy; one in the host's system library directories that it
 * does not hold fails, as in a root without it (syslib.c); any other name
 * goes to libc's as it is, by a tail call:
 * libc finds the caller (whose DT_RPATH and DT_RUNPATH a bare name is
 * searched in, and whose namespace it opens in) from the return address,
 * which must stay the caller's.  So dlopen and dlmopen hold no local
 * whose address is taken (that would keep the compiler from making the
 * call a jump); t5200 checks that a library's own rpath still serves its
 * dlopen of a bare name. */
#include "rt.h"

#include <dlfcn.h>
#include <limits.h>
#include <stdatomic.h>

typedef void *dlopen_fn(const char *, int);
typedef void *dlmopen_fn(Lmid_t, const char *, int);

static _Atomic(dlopen_fn *) real_dlopen;
static _Atomic(dlmopen_fn *) real_dlmopen;
static char not_held;		/* its address says "not in the map" */
#define NOT_HELD ((void *)&not_held)

static dlopen_fn *get_dlopen(void)
{
	dlopen_fn *f = atomic_load_explicit(&real_dlopen, memory_order_relaxed);
	if (!f && (f = (dlopen_fn *)zrt_next("dlopen")))
		atomic_store_explicit(&real_dlopen, f, memory_order_relaxed);
	return f;
}

static dlmopen_fn *get_dlmopen(void)
{
	dlmopen_fn *f = atomic_load_explicit(&real_dlmopen, memory_order_relaxed);
	if (!f && (f = (dlmopen_fn *)zrt_next("dlmopen")))
		atomic_store_explicit(&real_dlmopen, f, memory_order_relaxed);
	return f;
}

/* The Zapp's copy of an absolute name; for a host system library the Zapp
 * does not hold, a name under /dev/null, which fails as the library's own
 * would where it is missing ("/dev/null/usr/lib/...: cannot open shared
 * object file: Not a directory"), so that dlerror still names it and the
 * program's own fallback runs. */
static __attribute__((noinline)) void *open_copy(int m, Lmid_t lmid, const char *file, int mode)
{
	static const char nowhere[] = "/dev/null";
	char copy[PATH_MAX];
	if (!zrt_map(file, copy, sizeof copy)) {
		if (!zrt_syslib(file))
			return NOT_HELD;
		size_t n = zrt_strnlen(file, sizeof copy - sizeof nowhere);
		zrt_memcpy(copy, nowhere, sizeof nowhere - 1);
		zrt_memcpy(copy + sizeof nowhere - 1, file, n);
		copy[sizeof nowhere - 1 + n] = '\0';
	}
	return m ? get_dlmopen()(lmid, copy, mode) : get_dlopen()(copy, mode);
}

ZRT_EXPORT void *dlopen(const char *file, int mode)
{
	dlopen_fn *f = get_dlopen();
	if (!f)
		return NULL;
	if (file && file[0] == '/') {
		void *h = open_copy(0, 0, file, mode);
		if (h != NOT_HELD)
			return h;
	}
	return f(file, mode);
}

ZRT_EXPORT void *dlmopen(Lmid_t lmid, const char *file, int mode)
{
	dlmopen_fn *f = get_dlmopen();
	if (!f)
		return NULL;
	if (file && file[0] == '/') {
		void *h = open_copy(1, lmid, file, mode);
		if (h != NOT_HELD)
			return h;
	}
	return f(lmid, file, mode);
}
