/* zapp-rt/system.c: system().  libc's runs /bin/sh through its own
 * posix_spawn, which never comes back here; when the map holds /bin/sh,
 * this one does what glibc's does (stdlib/system.c) with the Zapp's copy:
 * SIGINT and SIGQUIT ignored and SIGCHLD blocked while the command runs
 * (the first of concurrent callers saves the dispositions, the last
 * restores them), "sh -c LINE" spawned with the caller's signal mask and
 * with SIGINT and SIGQUIT to their defaults unless they were ignored, its
 * status waited for; 127 << 8 when the shell cannot be started; a NULL
 * LINE asks whether a shell can run.  So does it with the host's /bin/sh
 * when the environment holds entries the Zapp's launchers added, which
 * the host's shell is not given (hostenv.c).  Otherwise libc's runs, as
 * it is.  (glibc also kills the command when the calling
 * thread is cancelled; this one does not.) */
#include "rt.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

extern char **environ;

typedef int system_fn(const char *);
typedef int spawn_fn(pid_t *, const char *, const posix_spawn_file_actions_t *,
		     const posix_spawnattr_t *, char *const[], char *const[]);

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int users;
static struct sigaction saved_int, saved_quit;

static int run(const char *shell, const char *line, spawn_fn *spawn, char *const envp[])
{
	struct sigaction ign = { .sa_handler = SIG_IGN }, intr, quit;
	sigset_t chld, omask, reset;
	posix_spawnattr_t attr;
	pid_t pid;
	int status = 0, r;
	char *argv[] = { (char *)"sh", (char *)"-c", (char *)line, NULL };

	sigemptyset(&ign.sa_mask);
	pthread_mutex_lock(&lock);
	if (users++ == 0) {
		sigaction(SIGINT, &ign, &saved_int);
		sigaction(SIGQUIT, &ign, &saved_quit);
	}
	intr = saved_int;
	quit = saved_quit;
	pthread_mutex_unlock(&lock);
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld, &omask);
	sigemptyset(&reset);
	if (intr.sa_handler != SIG_IGN)
		sigaddset(&reset, SIGINT);
	if (quit.sa_handler != SIG_IGN)
		sigaddset(&reset, SIGQUIT);
	if ((r = posix_spawnattr_init(&attr)) == 0) {
		posix_spawnattr_setsigmask(&attr, &omask);
		posix_spawnattr_setsigdefault(&attr, &reset);
		posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
		r = spawn(&pid, shell, NULL, &attr, argv, envp);
		posix_spawnattr_destroy(&attr);
	}
	if (r == 0) {
		while (waitpid(pid, &status, 0) != pid)
			if (errno != EINTR) {
				status = -1;
				break;
			}
	} else {
		status = 127 << 8;
	}
	pthread_mutex_lock(&lock);
	if (--users == 0) {
		sigaction(SIGINT, &saved_int, NULL);
		sigaction(SIGQUIT, &saved_quit, NULL);
	}
	pthread_mutex_unlock(&lock);
	sigprocmask(SIG_SETMASK, &omask, NULL);
	if (r)
		errno = r;
	return status;
}

ZRT_EXPORT int system(const char *line)
{
	char m[PATH_MAX];
	const char *shell = zrt_map("/bin/sh", m, sizeof m);
	spawn_fn *spawn = (spawn_fn *)zrt_next("posix_spawn");
	struct zrt_env e;
	int r;
	if (!shell && spawn && zrt_env_added(environ))
		shell = "/bin/sh";	/* the host's, without the Zapp's entries */
	if (!shell || !spawn) {
		system_fn *real = (system_fn *)zrt_next("system");
		return real ? real(line) : (errno = ENOSYS, -1);
	}
	char *const *envp = zrt_env_for(shell, environ, &e);
	r = line ? run(shell, line, spawn, envp) : run(shell, "exit 0", spawn, envp) == 0;
	zrt_env_done(&e);
	return r;
}
