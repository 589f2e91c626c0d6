/* zapp-rt/popen.c: popen() and pclose().  libc's popen runs /bin/sh
 * through its own posix_spawn, which never comes back here, and its
 * stream is of a kind only libc's pclose knows.  When the map holds
 * /bin/sh, these do what glibc's do (libio/iopopen.c) with the Zapp's
 * copy, on a stream of fdopen:
 *
 * - the mode is letters r, w and e in any order, exactly one of r and w
 *   (else EINVAL); the pipe is made close-on-exec, its child end given to
 *   the child as its standard output (r) or input (w) by the spawn's
 *   file actions (moved first when it already is that descriptor), and
 *   the parent's end keeps close-on-exec only with e;
 * - the child closes the streams of every earlier popen still open (the
 *   POSIX requirement), which are known to this file alone: the list of
 *   them is kept under a lock held from the file actions to the spawn;
 * - "sh -c COMMAND" with the caller's environment, signal mask and
 *   dispositions; when it cannot be spawned, NULL with ENOMEM, as glibc
 *   2.36 says;
 * - pclose of such a stream takes it off the list, closes it (flushing
 *   it first) and waits for the shell, through EINTR and with
 *   cancellation off, and returns its wait status; -1 when the wait
 *   fails, or the status is 0 and the stream could not be flushed.
 *
 * So do they with the host's /bin/sh when the environment holds entries
 * the Zapp's launchers added, which the host's shell is not given
 * (hostenv.c).  Otherwise libc's popen runs, as it is; pclose of a stream
 * that is not on the list is libc's, so streams of both kinds may be open
 * at once.  Unlike the rest of the library these use
 * malloc and stdio, as popen itself does: neither is async-signal-safe. */
#include "rt.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

typedef FILE *popen_fn(const char *, const char *);
typedef int pclose_fn(FILE *);
typedef int spawn_fn(pid_t *, const char *, const posix_spawn_file_actions_t *,
		     const posix_spawnattr_t *, char *const[], char *const[]);

struct piped {
	FILE *fp;
	int fd;
	pid_t pid;
	struct piped *next;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct piped *streams;

static void sys_close(int fd)
{
	syscall(SYS_close, fd);
}

/* The shell spawned for command, its pipe end child_end given to it as
 * descriptor want; the earlier streams closed in it.  0 or an error. */
static int spawn_shell(const char *shell, const char *command, int child_end, int want, pid_t *pid)
{
	posix_spawn_file_actions_t fa;
	spawn_fn *spawn = (spawn_fn *)zrt_next("posix_spawn");
	char *argv[] = { (char *)"sh", (char *)"-c", (char *)command, NULL };
	struct zrt_env e;
	char *const *envp = zrt_env_for(shell, environ, &e);
	int r;
	if (!spawn) {
		zrt_env_done(&e);
		return ENOSYS;
	}
	if ((r = posix_spawn_file_actions_init(&fa)) != 0) {
		zrt_env_done(&e);
		return r;
	}
	r = posix_spawn_file_actions_adddup2(&fa, child_end, want);
	for (struct piped *p = streams; r == 0 && p; p = p->next)
		if (p->fd != want)	/* that one the dup2 has replaced */
			r = posix_spawn_file_actions_addclose(&fa, p->fd);
	if (r == 0)
		r = spawn(pid, shell, &fa, NULL, argv, envp);
	posix_spawn_file_actions_destroy(&fa);
	zrt_env_done(&e);
	return r;
}

ZRT_EXPORT FILE *popen(const char *command, const char *mode)
{
	char m[PATH_MAX];
	const char *shell = zrt_map("/bin/sh", m, sizeof m);
	int rd = 0, wr = 0, cloexec = 0, fds[2];
	if (!shell && zrt_env_added(environ))
		shell = "/bin/sh";	/* the host's, without the Zapp's entries */
	if (!shell) {
		popen_fn *real = (popen_fn *)zrt_next("popen");
		return real ? real(command, mode) : (errno = ENOSYS, NULL);
	}
	for (const char *s = mode; *s; s++)
		if (*s == 'r')
			rd = 1;
		else if (*s == 'w')
			wr = 1;
		else if (*s == 'e')
			cloexec = 1;
		else
			return errno = EINVAL, NULL;
	if (rd == wr)
		return errno = EINVAL, NULL;
	struct piped *p = malloc(sizeof *p);
	if (!p)
		return NULL;
	if (syscall(SYS_pipe2, fds, O_CLOEXEC) < 0) {
		free(p);
		return NULL;
	}
	int parent = rd ? fds[0] : fds[1], child = rd ? fds[1] : fds[0], want = rd ? 1 : 0;
	if (child == want) {
		/* a dup2 onto itself would keep close-on-exec: move it */
		int moved = (int)syscall(SYS_fcntl, child, F_DUPFD_CLOEXEC, 0);
		if (moved < 0)
			goto fail;
		sys_close(child);
		child = moved;
	}
	pthread_mutex_lock(&lock);
	int r = spawn_shell(shell, command, child, want, &p->pid);
	if (r == 0) {
		sys_close(child);
		child = -1;
		if (!cloexec)
			syscall(SYS_fcntl, parent, F_SETFD, 0);
		p->fp = fdopen(parent, rd ? "r" : "w");
		if (p->fp) {
			p->fd = parent;
			p->next = streams;
			streams = p;
		}
	}
	pthread_mutex_unlock(&lock);
	if (r == 0 && p->fp)
		return p->fp;
	if (r == 0) {
		/* no stream for a shell that runs: it sees its pipe close */
		int e = errno;
		sys_close(parent);
		while (waitpid(p->pid, NULL, 0) < 0 && errno == EINTR)
			;
		free(p);
		errno = e;
		return NULL;
	}
fail:
	if (child >= 0)
		sys_close(child);
	sys_close(parent);
	free(p);
	errno = ENOMEM;
	return NULL;
}

ZRT_EXPORT int pclose(FILE *fp)
{
	struct piped *p = NULL;
	pthread_mutex_lock(&lock);
	for (struct piped **at = &streams; *at; at = &(*at)->next)
		if ((*at)->fp == fp) {
			p = *at;
			*at = p->next;
			break;
		}
	pthread_mutex_unlock(&lock);
	if (!p) {
		pclose_fn *real = (pclose_fn *)zrt_next("pclose");
		return real ? real(fp) : (errno = ENOSYS, -1);
	}
	int flushed = fclose(fp), status, state;
	pid_t w;
	pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, &state);
	while ((w = waitpid(p->pid, &status, 0)) < 0 && errno == EINTR)
		;
	pthread_setcancelstate(state, NULL);
	free(p);
	if (w < 0)
		return -1;
	return status ? status : flushed == EOF ? -1 : 0;
}
