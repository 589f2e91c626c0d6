/* ccwrap/fixer.c: find zapp-fix-rpath beside the wrapper and exec it. */
#include "fixer.h"
#include "report.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <unistd.h>

#define FIXER_REL "/lib/zapp/zapp-fix-rpath"

/* The real path of the running wrapper's file into out (PATH_MAX bytes):
 * absolute, without links, "." or "..". */
static int self_path(char *out)
{
	ssize_t n = readlink("/proc/self/exe", out, PATH_MAX - 1);
	const char *fn;
	if (n > 0) {
		out[n] = '\0';
		return 0;
	}
	/* No /proc (a bare chroot): the path execve was given, made real. */
	fn = (const char *)getauxval(AT_EXECFN);
	if (fn && realpath(fn, out))
		return 0;
	return zfail("cannot find the wrapper's own file: /proc/self/exe: %s", strerror(errno));
}

void fixer_exec(const char *name, const char *output)
{
	char self[PATH_MAX], path[PATH_MAX + sizeof FIXER_REL];
	char *slash;
	if (self_path(self) < 0) {
		zerr(output, "cannot fix XORIGIN in the run-time search path: %s", zwhy());
		return;
	}
	/* A real path: its parent's parent is the top of the toolchain
	 * (/opt/zapp/bin/zapp-cc -> /opt/zapp). */
	for (int up = 0; up < 2; up++)
		if ((slash = strrchr(self, '/')))
			*slash = '\0';
	strcpy(path, self);
	strcat(path, FIXER_REL);
	char *argv[] = { path, "--for", (char *)name, "--", (char *)output, NULL };
	execv(path, argv);
	zerr(output, "cannot fix XORIGIN in the run-time search path: cannot run %s: %s",
	     path, strerror(errno));
}
