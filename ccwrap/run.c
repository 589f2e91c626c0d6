/* ccwrap/run.c: exec or spawn the real tool, passing its status through. */
#include "run.h"
#include "report.h"

#include <errno.h>
#include <signal.h>
#include <spawn.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

void run_exec(char **argv)
{
	execvp(argv[0], argv);
	zerr(argv[0], "cannot run the real tool: %s", strerror(errno));
}

int run_wait(char **argv)
{
	pid_t pid;
	int status, err = posix_spawnp(&pid, argv[0], NULL, NULL, argv, environ);
	if (err) {
		zerr(argv[0], "cannot run the real tool: %s", strerror(err));
		return -1;
	}
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			zerr(argv[0], "cannot wait for the real tool: %s", strerror(errno));
			return -1;
		}
	}
	if (WIFSIGNALED(status)) {
		int sig = WTERMSIG(status);
		signal(sig, SIG_DFL);
		raise(sig);
		return 128 + sig;
	}
	return WEXITSTATUS(status);
}
