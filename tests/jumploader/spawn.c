/* tests/jumploader/spawn.c: execve a program with exactly the argv given,
 * for the tests.
 *
 *   spawn [--env-to=FILE] PATH ARGV0 [ARG...]   run PATH with that argv
 *   spawn [--env-to=FILE] --empty-argv PATH     run PATH with argc == 0
 *
 * The environment passed on is spawn's own; --env-to first writes it to
 * FILE NUL-separated (like env -0), so the caller can compare, byte for
 * byte, what the program received.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

extern char **environ;

int main(int argc, char **argv)
{
	char *empty[] = { NULL };
	int i = 1, no_argv = 0;

	for (; i < argc && !strncmp(argv[i], "--", 2); i++) {
		if (!strncmp(argv[i], "--env-to=", 9)) {
			FILE *f = fopen(argv[i] + 9, "w");
			char **e;

			if (!f) {
				perror(argv[i] + 9);
				return 2;
			}
			for (e = environ; *e; e++)
				fwrite(*e, 1, strlen(*e) + 1, f);
			if (fclose(f))
				return 2;
		} else if (!strcmp(argv[i], "--empty-argv")) {
			no_argv = 1;
		} else {
			fprintf(stderr, "spawn: unknown option %s\n", argv[i]);
			return 2;
		}
	}
	if (i >= argc || (!no_argv && i + 1 >= argc)) {
		fprintf(stderr, "usage: spawn [--env-to=FILE] PATH ARGV0 [ARG...] | --empty-argv PATH\n");
		return 2;
	}
	execve(argv[i], no_argv ? empty : argv + i + 1, environ);
	perror(argv[i]);
	return 127;
}
