/* hello: greets through libgreet, and shows the things a relocated program
 * must still be able to do: find its data and its helper from its own
 * location (/proc/self/exe), and load a plugin by name. */
#include "greet.h"

#include <dlfcn.h>
#include <libgen.h>
#include <limits.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

/* dir of /proc/self/exe + "/" + rel */
static int beside_me(char *out, size_t len, const char *rel)
{
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
	if (n < 0)
		return -1;
	self[n] = '\0';
	return snprintf(out, len, "%s/%s", dirname(self), rel) < (int)len ? 0 : -1;
}

static int show_data(void)
{
	char path[PATH_MAX], line[256];
	FILE *f;
	if (beside_me(path, sizeof path, "../share/hello/message.txt") < 0 || !(f = fopen(path, "r"))) {
		perror("hello: message.txt");
		return 1;
	}
	while (fgets(line, sizeof line, f))
		fputs(line, stdout);
	fclose(f);
	return 0;
}

static int run_helper(void)
{
	char path[PATH_MAX];
	char *argv[] = { "hello-helper", "from hello", NULL };
	pid_t pid;
	int status;
	if (beside_me(path, sizeof path, "../libexec/hello/hello-helper") < 0)
		return 1;
	if (posix_spawn(&pid, path, NULL, NULL, argv, environ) != 0) {
		perror("hello: hello-helper");
		return 1;
	}
	waitpid(pid, &status, 0);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

static int use_plugin(void)
{
	void *h = dlopen("libhello-shout.so", RTLD_NOW);
	void (*shout)(const char *);
	if (!h) {
		fprintf(stderr, "hello: %s\n", dlerror());
		return 1;
	}
	*(void **)&shout = dlsym(h, "shout");
	if (!shout)
		return 1;
	shout("plugin loaded");
	return 0;
}

int main(int argc, char **argv)
{
	const char *opt = argc > 1 ? argv[1] : "";
	if (strcmp(opt, "--literal") == 0) {
		puts("XORIGIN");
		return 0;
	}
	if (strcmp(opt, "--data") == 0)
		return show_data();
	if (strcmp(opt, "--helper") == 0)
		return run_helper();
	if (strcmp(opt, "--plugin") == 0)
		return use_plugin();
	if (strcmp(opt, "--version") == 0) {
		printf("hello 1.0 (%s)\n", greet_version());
		return 0;
	}
	greet(argc > 1 ? argv[1] : "world");
	return 0;
}
