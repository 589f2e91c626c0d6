/* tests/redirect/runner.c: what t5200 makes a Zapp'd program do:
 *   runner execve PATH ARG...     execve(PATH, [PATH, ARG...])
 *   runner execvp NAME ARG...     execvp(NAME, ...), through $PATH
 *   runner execl PATH ARG         execl(PATH, PATH, ARG, NULL)
 *   runner execv|execle|execlp|execvpe|execveat PATH ARG
 *                                 the same through that call (execle and
 *                                 execvpe pass an environment of their own:
 *                                 FROM=runner; execveat an AT_FDCWD one)
 *   runner dlmopen PATH           dlmopen(LM_ID_BASE, PATH), as dlopen
 *   runner system LINE|-          system(LINE) (- for NULL), prints
 *                                 "system: STATUS" (the raw status)
 *   runner popen MODE CMD         popen(CMD, MODE): with r copies what CMD
 *                                 writes to standard output, with w writes
 *                                 "to popen" to it; prints "cloexec: 0|1"
 *                                 (the stream's descriptor) and "pclose:
 *                                 STATUS" (the raw status)
 *   runner popen2 CMD             popen("cat", "w") first, left open (prints
 *                                 "first: FD"), then runner popen r CMD
 *   runner spawn PATH ARG...      posix_spawn, waits, exits with its status
 *   runner spawnp NAME ARG...     posix_spawnp, the same
 *   runner dlopen PATH            dlopen(PATH), prints what plugin_name() says
 *   runner threads PATH ARG...    4 threads busy with dlopen and fork+_exit;
 *                                 one forks and the child execve's PATH
 * Errors: "runner: CALL: strerror" and exit 126. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static int fail(const char *call, int err)
{
	fprintf(stderr, "runner: %s: %s\n", call, strerror(err));
	return 126;
}

static int wait_for(pid_t pid)
{
	int st;
	if (waitpid(pid, &st, 0) < 0)
		return fail("waitpid", errno);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static volatile int stop;

static void *busy(void *arg)
{
	(void)arg;
	while (!stop) {
		void *h = dlopen("libm.so.6", RTLD_NOW);
		if (h)
			dlclose(h);
		pid_t p = fork();
		if (p == 0)
			_exit(0);
		if (p > 0)
			waitpid(p, NULL, 0);
	}
	return NULL;
}

int main(int argc, char **argv)
{
	if (argc < 3)
		return fprintf(stderr, "usage: runner CALL PATH [ARG...]\n"), 2;
	const char *call = argv[1];
	char **args = argv + 2;
	pid_t pid;
	int r;
	if (!strcmp(call, "execve"))
		return execve(args[0], args, environ), fail("execve", errno);
	if (!strcmp(call, "execvp"))
		return execvp(args[0], args), fail("execvp", errno);
	char *own_env[] = { (char *)"FROM=runner", NULL };
	if (!strcmp(call, "execl"))
		return execl(args[0], args[0], args[1], (char *)NULL), fail("execl", errno);
	if (!strcmp(call, "execv"))
		return execv(args[0], args), fail("execv", errno);
	if (!strcmp(call, "execle"))
		return execle(args[0], args[0], args[1], (char *)NULL, own_env), fail("execle", errno);
	if (!strcmp(call, "execlp"))
		return execlp(args[0], args[0], args[1], (char *)NULL), fail("execlp", errno);
	if (!strcmp(call, "execvpe"))
		return execvpe(args[0], args, own_env), fail("execvpe", errno);
	if (!strcmp(call, "execveat"))
		return execveat(AT_FDCWD, args[0], args, environ, 0), fail("execveat", errno);
	if (!strcmp(call, "spawn") || !strcmp(call, "spawnp")) {
		r = call[5] ? posix_spawnp(&pid, args[0], NULL, NULL, args, environ)
			    : posix_spawn(&pid, args[0], NULL, NULL, args, environ);
		return r ? fail(call, r) : wait_for(pid);
	}
	if (!strcmp(call, "system")) {
		r = system(strcmp(args[0], "-") ? args[0] : NULL);
		printf("system: %d\n", r);
		return 0;
	}
	if (!strcmp(call, "popen") || !strcmp(call, "popen2")) {
		FILE *first = NULL;
		const char *mode = call[5] ? "r" : args[0], *cmd = call[5] ? args[0] : args[1];
		if (call[5]) {
			if (!(first = popen("cat", "w")))
				return fail("popen", errno);
			printf("first: %d\n", fileno(first));
			fflush(stdout);
		}
		if (!cmd)
			return fprintf(stderr, "usage: runner popen MODE CMD\n"), 2;
		FILE *f = popen(cmd, mode);
		if (!f)
			return fail("popen", errno);
		printf("cloexec: %d\n", (fcntl(fileno(f), F_GETFD) & FD_CLOEXEC) != 0);
		fflush(stdout);
		if (strchr(mode, 'r'))
			for (int c; (c = getc(f)) != EOF; )
				putchar(c);
		else
			fputs("to popen\n", f);
		printf("pclose: %d\n", pclose(f));
		if (first)
			printf("first pclose: %d\n", pclose(first));
		return 0;
	}
	if (!strcmp(call, "dlopen") || !strcmp(call, "dlmopen")) {
		void *h = call[1] == 'm' ? dlmopen(LM_ID_BASE, args[0], RTLD_NOW) : dlopen(args[0], RTLD_NOW);
		if (!h)
			return fprintf(stderr, "runner: dlopen: %s\n", dlerror()), 126;
		const char *(*name)(void) = (const char *(*)(void))dlsym(h, "plugin_name");
		return name ? printf("%s\n", name()), 0 : fail("dlsym", ENOENT);
	}
	if (!strcmp(call, "threads")) {
		pthread_t t[4];
		for (int i = 0; i < 4; i++)
			pthread_create(&t[i], NULL, busy, NULL);
		usleep(20000);
		int status = 0;
		for (int i = 0; i < 20 && status == 0; i++) {
			if ((pid = fork()) == 0) {
				execve(args[0], args, environ);
				_exit(fail("execve", errno));
			}
			status = wait_for(pid);
		}
		stop = 1;
		for (int i = 0; i < 4; i++)
			pthread_join(t[i], NULL);
		return status;
	}
	return fprintf(stderr, "runner: unknown call %s\n", call), 2;
}
