/* zapp-rt/exec.c: the exec family.  Each one applies the map to the path
 * it would execute and makes the execve system call itself; none calls
 * libc's (whose internal calls would not come back here).  The searching
 * ones keep glibc's rules (posix/execvpe.c): an empty name is ENOENT, a
 * name with a slash is not searched, PATH unset means "/bin:/usr/bin", an
 * empty PATH entry the current directory, EACCES is reported when no
 * candidate could be run and one was denied, an error other than those
 * of a missing file stops the search, and a file the kernel cannot run
 * (ENOEXEC) is run by /bin/sh — which the map applies to as well.  Each
 * candidate the map holds is the Zapp's copy; any other is the host's,
 * started without what the Zapp's launchers added to the environment
 * (hostenv.c).  fexecve is left to libc: a descriptor names no path. */
#include "rt.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

extern char **environ;

#define CS_PATH "/bin:/usr/bin"

int zrt_execve(const char *path, char *const argv[], char *const envp[])
{
	char m[PATH_MAX];
	const char *run = zrt_map_or_same(path, m, sizeof m);
	struct zrt_env e;
	int r = (int)syscall(SYS_execve, run, argv, zrt_env_for(run, envp, &e));
	zrt_env_done(&e);	/* the exec failed */
	return r;
}

ZRT_EXPORT int execve(const char *path, char *const argv[], char *const envp[])
{
	return zrt_execve(path, argv, envp);
}

ZRT_EXPORT int execv(const char *path, char *const argv[])
{
	return zrt_execve(path, argv, environ);
}

ZRT_EXPORT int execveat(int dirfd, const char *path, char *const argv[], char *const envp[], int flags)
{
	char m[PATH_MAX];
	/* an absolute path is used whatever dirfd and flags say; a relative
	 * one or a descriptor's file counts as the host's (a Zapp program's
	 * launcher adds its entries again) */
	const char *run = zrt_map_or_same(path, m, sizeof m);
	struct zrt_env e;
	int r = (int)syscall(SYS_execveat, dirfd, run, argv, zrt_env_for(run[0] == '/' ? run : "", envp, &e), flags);
	zrt_env_done(&e);
	return r;
}

/* The file as a shell script: "/bin/sh FILE ARGS..." (argv[0] dropped). */
static void run_by_shell(const char *file, char *const argv[], char *const envp[])
{
	size_t argc = 0;
	while (argv[argc])
		if (++argc >= INT_MAX - 1) {
			errno = E2BIG;
			return;
		}
	char *nargv[argc > 1 ? argc + 2 : 3];
	nargv[0] = (char *)"/bin/sh";
	nargv[1] = (char *)file;
	if (argc > 1)
		for (size_t i = 1; i <= argc; i++)
			nargv[i + 1] = argv[i];
	else
		nargv[2] = NULL;
	zrt_execve(nargv[0], nargv, envp);
}

ZRT_EXPORT int execvpe(const char *file, char *const argv[], char *const envp[])
{
	if (!*file) {
		errno = ENOENT;
		return -1;
	}
	if (*zrt_strchrnul(file, '/')) {
		zrt_execve(file, argv, envp);
		if (errno == ENOEXEC)
			run_by_shell(file, argv, envp);
		return -1;
	}
	const char *path = getenv("PATH");
	if (!path)
		path = CS_PATH;
	size_t flen = zrt_strnlen(file, NAME_MAX + 1), plen = zrt_strnlen(path, PATH_MAX - 1) + 1;
	if (flen > NAME_MAX) {
		errno = ENAMETOOLONG;
		return -1;
	}
	int eacces = 0;
	char cand[PATH_MAX + NAME_MAX + 2];
	for (const char *p = path, *end; ; p = end + 1) {
		end = zrt_strchrnul(p, ':');
		size_t dl = (size_t)(end - p);
		if (dl < plen) {
			zrt_memcpy(cand, p, dl);
			cand[dl] = '/';
			zrt_memcpy(cand + dl + (dl > 0), file, flen + 1);
			zrt_execve(cand, argv, envp);
			if (errno == ENOEXEC)
				run_by_shell(cand, argv, envp);
			switch (errno) {
			case EACCES:
				eacces = 1;
				/* fall through */
			case ENOENT: case ESTALE: case ENOTDIR: case ENODEV: case ETIMEDOUT:
				break;
			default:
				return -1;
			}
		}
		if (!*end)
			break;
	}
	if (eacces)
		errno = EACCES;
	return -1;
}

ZRT_EXPORT int execvp(const char *file, char *const argv[])
{
	return execvpe(file, argv, environ);
}

/* The arguments of an execl call after arg0, up to the NULL, into a
 * vector on the stack; envp (execle) is the one after the NULL. */
#define COLLECT(arg0, ap, argv, envp_out)					\
	size_t argc_ = 1;							\
	va_list ap;								\
	va_start(ap, arg0);							\
	while (va_arg(ap, char *))						\
		argc_++;							\
	va_end(ap);								\
	char *argv[argc_ + 1];							\
	va_start(ap, arg0);							\
	argv[0] = (char *)arg0;							\
	for (size_t i_ = 1; i_ <= argc_; i_++)					\
		argv[i_] = va_arg(ap, char *);					\
	envp_out;								\
	va_end(ap)

ZRT_EXPORT int execl(const char *path, const char *arg, ...)
{
	COLLECT(arg, ap, argv, (void)0);
	return zrt_execve(path, argv, environ);
}

ZRT_EXPORT int execlp(const char *file, const char *arg, ...)
{
	COLLECT(arg, ap, argv, (void)0);
	return execvpe(file, argv, environ);
}

ZRT_EXPORT int execle(const char *path, const char *arg, ...)
{
	char **envp;
	COLLECT(arg, ap, argv, envp = va_arg(ap, char **));
	return zrt_execve(path, argv, envp);
}
