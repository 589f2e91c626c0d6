/* bench/execloader.c: the exec-the-loader launcher, a baseline for the
 * jumploader (not part of zapp).
 *
 * Installed as ZAPP/bin/NAME, it does what the launchers of other
 * relocatable-bundle tools do: find its own directory through
 * /proc/self/exe and exec the bundled loader as a program,
 *
 *   ZAPP/lib/ld-linux-x86-64.so.2 --library-path ZAPP/lib --argv0 ARGV0
 *                                 ZAPP/dynbin/NAME ARGS...
 *
 * which costs a second execve, and leaves /proc/self/exe naming the loader.
 * Built static with musl, as such launchers are.
 */
#define _GNU_SOURCE
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define LOADER "ld-linux-x86-64.so.2"

static int fail(const char *what)
{
	fprintf(stderr, "execloader: ");
	perror(what);
	return 127;
}

int main(int argc, char **argv)
{
	static char self[PATH_MAX], loader[PATH_MAX], libdir[PATH_MAX],
		    prog[PATH_MAX];
	char **nargv, *name, *slash;
	ssize_t n;
	int i, k = 0;

	n = readlink("/proc/self/exe", self, sizeof self - 1);
	if (n <= 0 || (size_t)n >= sizeof self - 1)
		return fail("/proc/self/exe");
	self[n] = '\0';
	/* self = ZAPP/bin/NAME: cut it into ZAPP and NAME. */
	slash = strrchr(self, '/');
	if (!slash)
		return fail(self);
	*slash = '\0';
	name = slash + 1;
	slash = strrchr(self, '/');
	if (!slash)
		return fail(self);
	*slash = '\0';
	if ((size_t)snprintf(loader, sizeof loader, "%s/lib/%s", self, LOADER) >= sizeof loader ||
	    (size_t)snprintf(libdir, sizeof libdir, "%s/lib", self) >= sizeof libdir ||
	    (size_t)snprintf(prog, sizeof prog, "%s/dynbin/%s", self, name) >= sizeof prog)
		return fail("path too long");

	nargv = calloc((size_t)argc + 7, sizeof *nargv);
	if (!nargv)
		return fail("calloc");
	nargv[k++] = loader;
	nargv[k++] = "--library-path";
	nargv[k++] = libdir;
	nargv[k++] = "--argv0";
	nargv[k++] = argc > 0 ? argv[0] : name;
	nargv[k++] = prog;
	for (i = 1; i < argc; i++)
		nargv[k++] = argv[i];
	nargv[k] = NULL;
	execv(loader, nargv);
	return fail(loader);
}
