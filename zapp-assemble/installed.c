/* zapp-assemble/installed.c: the files zapp installs beside its tools, in
 * BINDIR/../lib/zapp/ (the jumploaders, libzapp-rt.so.1, the one-file
 * stubs), found from zapp-assemble's own /proc/self/exe, so that an
 * installed zapp, moved or a Zapp itself, finds its own. */
#include "assemble.h"
#include "report.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int installed_file(const char *env, const char *name, char *buf, size_t len)
{
	const char *set = env ? getenv(env) : NULL;
	char self[PATH_MAX];
	ssize_t n;
	if (set && *set)
		return snprintf(buf, len, "%s", set) < (int)len ? 0 : zfail("%s: path too long", env);
	if ((n = readlink("/proc/self/exe", self, sizeof self - 1)) < 0)
		return zfail("/proc/self/exe: %s", strerror(errno));
	self[n] = '\0';
	char *slash = strrchr(self, '/');
	if (slash)
		*slash = '\0';
	return snprintf(buf, len, "%s/../lib/zapp/%s", self, name) < (int)len ? 0 : zfail("path too long");
}
