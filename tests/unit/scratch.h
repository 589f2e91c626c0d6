/* tests/unit/scratch.h: a scratch directory for the unit tests that make
 * files (with cc, cp, ...), and the shell to make them with. */
#ifndef ZAPP_SCRATCH_H
#define ZAPP_SCRATCH_H
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>

static char dir[400];

/* The scratch directory, $ZAPP_TEST_TMP/TAG.XXXXXX ($TMPDIR, /tmp):
 * 0, or -1 when none can be made. */
static int scratch_make(const char *tag)
{
	const char *tmp = getenv("ZAPP_TEST_TMP");
	if (!tmp || !*tmp)
		tmp = getenv("TMPDIR");
	snprintf(dir, sizeof dir, "%s/%s.XXXXXX", tmp && *tmp ? tmp : "/tmp", tag);
	return mkdtemp(dir) ? 0 : -1;
}

/* name inside it; the last four results stay valid */
static const char *at(const char *name)
{
	static char path[4][512];
	static int k;
	k = (k + 1) % 4;
	snprintf(path[k], sizeof path[k], "%s/%s", dir, name);
	return path[k];
}

/* A shell command; its exit status, -1 when it did not exit. */
__attribute__((unused, format(printf, 1, 2))) static int sh(const char *fmt, ...)
{
	char cmd[4096];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(cmd, sizeof cmd, fmt, ap);
	va_end(ap);
	int r = system(cmd);
	return WIFEXITED(r) ? WEXITSTATUS(r) : -1;
}
#endif
