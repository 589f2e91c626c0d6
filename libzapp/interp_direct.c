/* libzapp/interp_direct.c: when a script's launcher may start its
 * interpreter in direct mode (interp_direct.h): the table of interpreters,
 * and the rule its search path must follow.  Direct mode's one visible difference
 * from the exec mode is /proc/self/exe: the script's launcher, not the
 * interpreter's (docs/jumploader.md, "Scripts").  An interpreter is here
 * only when nothing it does depends on that link; each one was read in
 * its source and tried under strace on Debian 12.
 *
 * Not here, and why (they stay in exec mode):
 *  - busybox: its applets re-execute /proc/self/exe (and it picks the
 *    applet by argv[0]'s name);
 *  - perl: on Linux $^X is read from /proc/self/exe;
 *  - python3: what Python 3.11's getpath and its site module make of
 *    the executable's path (sys.executable, sys.prefix, a venv's
 *    pyvenv.cfg) was not verified to never come from /proc/self/exe; its
 *    start costs 15 ms and more, next to which an execve is under 1%.
 */
#include "interp_direct.h"
#include "searchpath.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

const char *const interp_direct_table[] = {
	/* GNU bash: $BASH is argv[0] made absolute (variables.c,
	 * get_bash_name: through the current directory or PATH, or the
	 * login shell's passwd entry), $BASH_ARGV0 and $0 are the script;
	 * it opens no /proc/self/exe (no such string in bash 5.2) */
	"bash",
	/* dash (Debian's /bin/sh): nothing of /proc at all; $0 is the
	 * script */
	"dash",
	NULL,
};

const size_t interp_direct_count = sizeof interp_direct_table / sizeof interp_direct_table[0] - 1;

int interp_direct_known(const char *name)
{
	for (size_t i = 0; i < interp_direct_count; i++)
		if (strcmp(interp_direct_table[i], name) == 0)
			return 1;
	return 0;
}

/* Does each $ORIGIN entry of rpath (a DT_RPATH or DT_RUNPATH, or NULL)
 * lead to the same directory of the Zapp from directory a as from b?
 * (Lexically: both are directories zapp-assemble makes, no links.) */
int interp_direct_origin_same(const char *rpath, const char *a, const char *b)
{
	char entry[PATH_MAX], ja[2 * PATH_MAX], jb[2 * PATH_MAX], na[PATH_MAX], nb[PATH_MAX];
	const char *cur = rpath, *end, *rest;
	while (cur && *cur) {
		size_t n = (end = strchr(cur, ':')) ? (size_t)(end - cur) : strlen(cur);
		if (n >= sizeof entry)
			return 0;
		memcpy(entry, cur, n);
		entry[n] = '\0';
		cur = end ? end + 1 : NULL;
		if (strncmp(entry, "$ORIGIN", 7) == 0)
			rest = entry + 7;
		else if (strncmp(entry, "${ORIGIN}", 9) == 0)
			rest = entry + 9;
		else if (strstr(entry, "ORIGIN"))
			return 0;	/* $ORIGIN elsewhere in it: in doubt, no */
		else
			continue;	/* the same from anywhere */
		if (*rest && *rest != '/')
			return 0;
		snprintf(ja, sizeof ja, "%s%s", a, rest);
		snprintf(jb, sizeof jb, "%s%s", b, rest);
		if (path_normalize(ja, na, sizeof na) < 0 || path_normalize(jb, nb, sizeof nb) < 0
		    || strcmp(na, nb) != 0)
			return 0;
	}
	return 1;
}

