/* zapp-rt/dl.c: dlopen and dlmopen.  An absolute name the map holds opens
 * the Zapp's copy; one in the host's system library directories that it
 * does not hold fails, as in a root without it (syslib.c); so does, in a
 * Zapp that leaves libraries to the host, a bare name that neither the
 * Zapp holds nor its list names (open_bare); any other name goes to
 * libc's as it is, by a tail call:
 * libc finds the caller (whose DT_RPATH and DT_RUNPATH a bare name is
 * searched in, and whose namespace it opens in) from the return address,
 * which must stay the caller's.  So dlopen and dlmopen hold no local
 * whose address is taken (that would keep the compiler from making the
 * call a jump); t5200 checks that a library's own rpath still serves its
 * dlopen of a bare name. */
#include "rt.h"

#include <dlfcn.h>
#include <link.h>
#include <fcntl.h>
#include <limits.h>
#include <stdatomic.h>
#include <sys/syscall.h>
#include <unistd.h>

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

/* Is the bare name file in a directory of the Zapp on the search path
 * libc will use for caller's dlopen (dlinfo RTLD_DI_SERINFO of the
 * object caller is in: its link map, which glibc's handles are), or is
 * caller a host library (whose dlopen of its own parts is its business)?
 * In doubt, yes. */
static int bare_in_zapp(const char *file, const void *caller)
{
	typedef int dladdr1_fn(const void *, Dl_info *, void **, int);
	typedef int dlinfo_fn(void *, int, void *);
	dladdr1_fn *da = (dladdr1_fn *)zrt_next("dladdr1");
	dlinfo_fn *di = (dlinfo_fn *)zrt_next("dlinfo");
	struct link_map *lm = NULL;
	Dl_info info;
	Dl_serinfo size;
	int found = 0;
	if (!da || !di || !da(caller, &info, (void **)&lm, RTLD_DL_LINKMAP) || !lm)
		return 1;
	if (lm->l_name && lm->l_name[0] && !zrt_in_zapp(lm->l_name))
		return 1;
	if (di(lm, RTLD_DI_SERINFOSIZE, &size) != 0 || size.dls_size > 65536)
		return 1;
	size_t room[size.dls_size / sizeof(size_t) + 1];
	Dl_serinfo *si = (Dl_serinfo *)room;
	si->dls_size = size.dls_size;
	si->dls_cnt = size.dls_cnt;
	if (di(lm, RTLD_DI_SERINFO, si) != 0)
		return 1;
	size_t fl = zrt_strlen(file);
	for (unsigned i = 0; !found && i < si->dls_cnt; i++) {
		const char *dir = si->dls_serpath[i].dls_name;
		char cand[PATH_MAX];
		size_t dl = zrt_strlen(dir);
		if (dl + 1 + fl + 1 > sizeof cand || !zrt_in_zapp(dir))
			continue;
		zrt_memcpy(cand, dir, dl);
		cand[dl] = '/';
		zrt_memcpy(cand + dl + 1, file, fl + 1);
		found = syscall(SYS_faccessat, AT_FDCWD, cand, F_OK, 0) == 0;
	}
	return found;
}

/* A bare name, in a Zapp that leaves libraries to the host: there every
 * program's search path ends with the host's library directories, so a
 * name the Zapp does not hold would be found in them.  One the list
 * names, one a host library asks for, and one the Zapp holds on the
 * caller's search path go to libc's; any other fails, as under /dev/null
 * (open_copy). */
static __attribute__((noinline)) void *open_bare(int m, Lmid_t lmid, const char *file, int mode,
						  const void *caller)
{
	static const char nowhere[] = "/dev/null/";
	char name[NAME_MAX + sizeof nowhere];
	if (!zrt_host_libs_any() || zrt_host_lib(file) || bare_in_zapp(file, caller))
		return NOT_HELD;
	size_t n = zrt_strnlen(file, NAME_MAX);
	zrt_memcpy(name, nowhere, sizeof nowhere - 1);
	zrt_memcpy(name + sizeof nowhere - 1, file, n);
	name[sizeof nowhere - 1 + n] = '\0';
	return m ? get_dlmopen()(lmid, name, mode) : get_dlopen()(name, mode);
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
	} else if (file && *file && !*zrt_strchrnul(file, '/')) {
		void *h = open_bare(0, 0, file, mode, __builtin_return_address(0));
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
	} else if (file && *file && !*zrt_strchrnul(file, '/')) {
		void *h = open_bare(1, lmid, file, mode, __builtin_return_address(0));
		if (h != NOT_HELD)
			return h;
	}
	return f(lmid, file, mode);
}
