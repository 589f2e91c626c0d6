/* zapp-rt/spawn.c: posix_spawn and posix_spawnp.  libc's posix_spawn
 * execs from inside its own child without coming back here, so the path
 * is mapped before it is called.  posix_spawnp with a bare name: when no
 * candidate of PATH is one the map holds, libc's search runs as it is;
 * otherwise the candidates before the Zapp's are tried as libc would (an
 * executable regular file of the host is taken), and then the Zapp's.  A
 * host program gets the environment without what the Zapp's launchers
 * added (hostenv.c). */
#include "rt.h"

#include <errno.h>
#include <limits.h>
#include <spawn.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <fcntl.h>
#include <unistd.h>

typedef int spawn_fn(pid_t *, const char *, const posix_spawn_file_actions_t *,
		     const posix_spawnattr_t *, char *const[], char *const[]);

#define CS_PATH "/bin:/usr/bin"

static spawn_fn *next(const char *name)
{
	return (spawn_fn *)zrt_next(name);
}

ZRT_EXPORT int posix_spawn(pid_t *pid, const char *path, const posix_spawn_file_actions_t *fa,
		const posix_spawnattr_t *attr, char *const argv[], char *const envp[])
{
	char m[PATH_MAX];
	spawn_fn *real = next("posix_spawn");
	if (!real)
		return ENOSYS;
	const char *run = zrt_map_or_same(path, m, sizeof m);
	struct zrt_env e;
	int r = real(pid, run, fa, attr, argv, zrt_env_for(run, envp, &e));
	zrt_env_done(&e);
	return r;
}

/* Would libc's child run this host candidate?  An executable regular file. */
static int runnable(const char *cand)
{
	struct stat st;
	return syscall(SYS_faccessat, AT_FDCWD, cand, X_OK, 0) == 0
	       && syscall(SYS_newfstatat, AT_FDCWD, cand, &st, 0) == 0
	       && S_ISREG(st.st_mode);
}

/* The next candidate of PATH for file (flen bytes) into cand; *p moves on.
 * An empty entry is the current directory, as for libc. */
static int next_candidate(const char **p, const char *file, size_t flen, char *cand)
{
	while (*p) {
		const char *s = *p, *end = zrt_strchrnul(s, ':');
		size_t dl = (size_t)(end - s);
		*p = *end ? end + 1 : NULL;
		if (dl >= PATH_MAX)
			continue;
		zrt_memcpy(cand, s, dl);
		cand[dl] = '/';
		zrt_memcpy(cand + dl + (dl > 0), file, flen + 1);
		return 1;
	}
	return 0;
}

ZRT_EXPORT int posix_spawnp(pid_t *pid, const char *file, const posix_spawn_file_actions_t *fa,
		 const posix_spawnattr_t *attr, char *const argv[], char *const envp[])
{
	char m[PATH_MAX], cand[PATH_MAX + NAME_MAX + 2];
	spawn_fn *real = next("posix_spawn"), *realp = next("posix_spawnp");
	const char *path = getenv("PATH"), *p;
	struct zrt_env e;
	int held = 0, r;
	if (!real || !realp)
		return ENOSYS;
	if (!*file || *zrt_strchrnul(file, '/')) {
		const char *run = zrt_map_or_same(file, m, sizeof m);
		r = real(pid, run, fa, attr, argv, zrt_env_for(run, envp, &e));
		zrt_env_done(&e);
		return r;
	}
	if (!path)
		path = CS_PATH;
	size_t flen = zrt_strnlen(file, NAME_MAX + 1);
	if (flen > NAME_MAX)
		return realp(pid, file, fa, attr, argv, envp);	/* no such name: nothing runs */
	for (p = path; !held && next_candidate(&p, file, flen, cand); )
		held = zrt_map(cand, m, sizeof m) != NULL;
	if (!held) {
		/* libc's search, as it is, with the environment for the file it
		 * will find: the first runnable candidate */
		const char *found = "";
		if (zrt_env_added(envp))
			for (p = path; next_candidate(&p, file, flen, cand); )
				if (runnable(cand)) {
					found = cand;
					break;
				}
		r = realp(pid, file, fa, attr, argv, zrt_env_for(found, envp, &e));
		zrt_env_done(&e);
		return r;
	}
	for (p = path; next_candidate(&p, file, flen, cand); ) {
		if (zrt_map(cand, m, sizeof m))
			return real(pid, m, fa, attr, argv, envp);
		if (runnable(cand)) {
			r = real(pid, cand, fa, attr, argv, zrt_env_for(cand, envp, &e));
			zrt_env_done(&e);
			return r;
		}
	}
	r = realp(pid, file, fa, attr, argv, zrt_env_for("", envp, &e));
	zrt_env_done(&e);
	return r;
}
