/* libzapp/interp_direct.c: the interpreters a script's launcher may start
 * in direct mode (interp_direct.h).  Direct mode's one visible difference
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
