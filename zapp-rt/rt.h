/* zapp-rt/rt.h: the parts of libzapp-rt.so.1, the run-time redirection
 * library a Zapp's programs carry as their first DT_NEEDED (docs/design.md,
 * "Run-time redirection").  Its definitions of the exec family,
 * posix_spawn, system, popen and dlopen come before libc's in every lookup: a call that
 * names an absolute host path of which the Zapp holds a copy gets the
 * Zapp's copy, found in the Zapp's map (lib/zapp/hostpaths,
 * docs/layout.md).
 *
 * The exec family may call no malloc, no stdio, nothing that takes a
 * lock: an exec after fork in a multi-threaded program must stay
 * async-signal-safe.  (popen.c makes a stream and a list of them, as
 * libc's popen does; neither is async-signal-safe.)
 * Only libc symbols of the oldest version are bound (check-lib.sh), so the
 * library loads with any glibc that has dlopen in libc.so.6 (2.34 on).
 */
#ifndef ZAPP_RT_H
#define ZAPP_RT_H

#include <stddef.h>

/* The functions that interpose libc's; everything else is hidden. */
#define ZRT_EXPORT __attribute__((visibility("default")))

/* map.c: the Zapp's copy of path: its absolute name, in out (of len
 * bytes), when path is absolute and the map holds it; else NULL. */
const char *zrt_map(const char *path, char *out, size_t len);
/* The copy of path when the map holds it, else path itself. */
const char *zrt_map_or_same(const char *path, char *out, size_t len);

/* The Zapp's top (absolute, canonical, *len bytes), or NULL when the
 * library is not in a Zapp's lib/. */
const char *zrt_top(unsigned long *len);
/* Is the path (absolute; relative ones are joined to the current
 * directory) a file inside the Zapp, by its letters (zrt_lexical)? */
int zrt_in_zapp(const char *path);

/* hostlibs.c: is the file name of path one the Zapp leaves to the host
 * (lib/zapp/hostlibs)? */
int zrt_host_lib(const char *path);
/* Does the Zapp leave any library to the host? */
int zrt_host_libs_any(void);

/* syslib.c: does path name a file of the host's system library
 * directories (/lib, /usr/lib/..., not inside the Zapp)?  The table is
 * there too, for its unit test. */
int zrt_syslib(const char *path);
extern const char *const zrt_syslib_dirs[];
extern const unsigned long zrt_syslib_ndirs;

/* hostenv.c: the environment for a program at path (the one that will
 * run, after the map): for one outside the Zapp, envp without the entries
 * the Zapp's launchers add (runenv), in e (on the stack, or mapped for a
 * large environment: zrt_env_done unmaps it); else envp itself.  System
 * calls only: safe between fork and exec. */
#define ZRT_ENV_STACK 256
struct zrt_env {
	char *stack[ZRT_ENV_STACK];
	char **map;
	unsigned long maplen;
};
char *const *zrt_env_for(const char *path, char *const envp[], struct zrt_env *e);
void zrt_env_done(struct zrt_env *e);
/* Does envp hold an entry the Zapp's launchers add? */
int zrt_env_added(char *const envp[]);

/* exec.c: execve as the system call makes it, with the map applied */
int zrt_execve(const char *path, char *const argv[], char *const envp[]);

/* util.c: bytes and system calls, without libc's newer symbols */
size_t zrt_strlen(const char *s);
size_t zrt_strnlen(const char *s, size_t max);
void zrt_memcpy(void *to, const void *from, size_t n);
const char *zrt_strchrnul(const char *s, int c);
/* path (absolute) without empty, "." and ".." components, into out: "/a/b"
 * (a ".." at "/" stays there, as the kernel's does); 0 when too long */
int zrt_lexical(const char *path, char *out, unsigned long len);
/* Is q (as zrt_lexical makes it) strictly inside the directory d of n bytes? */
int zrt_inside(const char *q, const char *d, unsigned long n);
/* libc's function name, the one after this library (dlsym RTLD_NEXT);
 * NULL when libc has none.  Not async-signal-safe: spawn and dl only. */
void *zrt_next(const char *name);

#endif
