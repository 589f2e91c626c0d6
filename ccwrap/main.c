/* ccwrap/main.c: zapp-cc, zapp-c++ and zapp-ld.
 *
 * The name the program is called by picks the real tool ($ZAPP_CC, default
 * cc; $ZAPP_CXX, default c++; $ZAPP_LD, default ld), whose value may hold
 * several words ("ccache gcc", "distcc gcc").  Invocations that do not link
 * are handed over untouched with one exec.  Links get the flag that records
 * "XORIGIN/../lib" as DT_RPATH, run as a child, and when they succeed this
 * process becomes lib/zapp/zapp-fix-rpath, which fixes the placeholder
 * XORIGIN to $ORIGIN in the output's dynamic string table.
 *
 * This program is linked statically and without libelf (ccwrap/build.mk):
 * a compile step, the common case, then costs one execve of a small static
 * program before the compiler's own.
 */
#include "argv.h"
#include "classify.h"
#include "fixer.h"
#include "run.h"
#include "report.h"
#include "searchpath.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define RPATH_CC "-Wl,--disable-new-dtags,-rpath,XORIGIN/../lib"
static char *const rpath_ld[] = { "--disable-new-dtags", "-rpath", "XORIGIN/../lib", NULL };

static enum role role_of(const char *name)
{
	if (strstr(name, "++") || strstr(name, "cxx"))
		return ROLE_CXX;
	if (strcmp(name, "zapp-ld") == 0 || strstr(name, "-ld"))
		return ROLE_LD;
	return ROLE_CC;
}

static void usage(const char *name)
{
	printf("Usage: %s [compiler or linker arguments...]\n"
	       "\n"
	       "Runs the real tool ($ZAPP_CC for zapp-cc, default cc; $ZAPP_CXX for\n"
	       "zapp-c++, default c++; $ZAPP_LD for zapp-ld, default ld) with the same\n"
	       "arguments.  Invocations that link get -rpath XORIGIN/../lib as DT_RPATH,\n"
	       "and XORIGIN is then fixed to $ORIGIN in the output, so that the program\n"
	       "finds its libraries in ../lib relative to itself.  Compile-only\n"
	       "invocations are passed through byte for byte.\n"
	       "\n"
	       "  --zapp-help      this text (--help goes to the real tool)\n"
	       "  --zapp-version   the wrapper's version (--version goes to the real tool)\n"
	       "  --zapp-explain ARGS...  say how ARGS are classified and what they write,\n"
	       "                   run nothing\n"
	       "\n"
	       "Environment: ZAPP_CC, ZAPP_CXX, ZAPP_LD (the real tool, may be several\n"
	       "words), ZAPP_DISABLE=1 (pass everything through untouched).\n"
	       "See zapp-cc(1).\n", name);
}

/* --zapp-explain: the rule, and what the invocation writes. */
static void explain(const struct classification *c)
{
	printf("%s: %s%s", c->rule, c->links ? "links" : "does not link",
	       c->inject ? ", gets the rpath" : "");
	if (c->out.n)
		printf("; output%s", c->out.n > 1 ? "s" : "");
	for (size_t i = 0; i < c->out.n; i++)
		printf(" %s", c->out.v[i]);
	if (c->to_stdout)
		printf("%s standard output", c->out.n ? " and" : "; output on");
	if (!c->out.n && !c->to_stdout)
		printf("; no output file");
	printf("\n");
}

/* Does the command line already carry our flag (a wrapper below a wrapper,
 * or LDFLAGS following the recipe)?  Then it is not added twice. */
static int already_has_rpath(enum role role, int n, char **args)
{
	for (int i = 0; i < n; i++) {
		if (role != ROLE_LD && strcmp(args[i], RPATH_CC) == 0)
			return 1;
		if (role == ROLE_LD && i + 1 < n && strcmp(args[i], "-rpath") == 0
		    && strcmp(args[i + 1], rpath_ld[2]) == 0)
			return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	const char *name = path_basename(argc > 0 ? argv[0] : "zapp-cc");
	enum role role = role_of(name);
	static const char *const env[] = { "ZAPP_CC", "ZAPP_CXX", "ZAPP_LD" };
	static const char *const dflt[] = { "cc", "c++", "ld" };
	const char *tool = getenv(env[role]);
	const char *disable = getenv("ZAPP_DISABLE");
	struct strlist cmd = { 0 };
	struct classification c;
	int status;
	int nargs = argc > 1 ? argc - 1 : 0;
	char **args = argv + 1;

	zapp_prog = name;
	if (nargs == 1 && strcmp(args[0], "--zapp-help") == 0) {
		usage(name);
		return 0;
	}
	if (nargs == 1 && strcmp(args[0], "--zapp-version") == 0) {
		printf("%s (zapp) %s\n", name, ZAPP_VERSION);
		return 0;
	}
	if (nargs >= 1 && strcmp(args[0], "--zapp-explain") == 0) {
		if (classify(role, nargs - 1, args + 1, &c) < 0) {
			zerr(NULL, "out of memory");
			return 2;
		}
		explain(&c);
		classification_free(&c);
		return 0;
	}

	if (!tool || !*tool)
		tool = dflt[role];
	memset(&c, 0, sizeof c);
	if (argv_split_words(&cmd, tool) < 0 || cmd.n == 0) {
		zerr(env[role], "cannot use '%s' as the real tool: it names no program", tool);
		status = 2;
		goto out;
	}
	if (strcmp(path_basename(cmd.v[cmd.n - 1]), name) == 0) {
		zerr(env[role], "'%s' names %s itself: set it to the real tool", tool, name);
		status = 2;
		goto out;
	}
	for (int i = 0; i < nargs; i++)
		if (strlist_push(&cmd, args[i]) < 0)
			goto nomem;

	if (disable && *disable && strcmp(disable, "0") != 0) {
		run_exec(cmd.v);
		status = 127;
		goto out;
	}
	if (classify(role, nargs, args, &c) < 0)
		goto nomem;
	if (!c.links) {
		run_exec(cmd.v);
		status = 127;
		goto out;
	}
	if (c.inject && !already_has_rpath(role, nargs, args)) {
		if (role == ROLE_LD) {
			for (char *const *f = rpath_ld; *f; f++)
				if (strlist_push(&cmd, *f) < 0)
					goto nomem;
		} else if (strlist_push(&cmd, RPATH_CC) < 0) {
			goto nomem;
		}
	}
	status = run_wait(cmd.v);
	if (status < 0)
		status = 127;
	else if (status == 0) {
		fixer_exec(name, c.out.v[0]);
		status = 1;
	}
	goto out;
nomem:
	zerr(NULL, "out of memory");
	status = 2;
out:
	classification_free(&c);
	strlist_free(&cmd);
	return status;
}
