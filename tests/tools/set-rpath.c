/* tests/tools/set-rpath.c: rpath_set() from the command line, for tests
 * and benches (not installed).
 *
 *   set-rpath [--runpath] FILE VALUE   make FILE's search path VALUE,
 *                                      as DT_RPATH (or DT_RUNPATH)
 *   set-rpath --remove FILE            remove DT_RPATH and DT_RUNPATH
 *
 * FILE is edited in place: pass a copy.
 */
#include "rpath.h"
#include "report.h"

#include <stdio.h>
#include <string.h>

static int usage(void)
{
	fprintf(stderr, "usage: set-rpath [--runpath] FILE VALUE\n"
			"       set-rpath --remove FILE\n");
	return 2;
}

int main(int argc, char **argv)
{
	GElf_Sxword tag = DT_RPATH;
	const char *value;
	zapp_prog = "set-rpath";
	if (argc == 3 && strcmp(argv[1], "--remove") == 0) {
		value = NULL;
	} else if (argc == 4 && strcmp(argv[1], "--runpath") == 0) {
		tag = DT_RUNPATH;
		argv++;
		value = argv[2];
	} else if (argc == 3 && argv[1][0] != '-') {
		value = argv[2];
	} else {
		return usage();
	}
	if (rpath_set(argv[1 + (value == NULL)], tag, value) < 0) {
		zerr(argv[1 + (value == NULL)], "%s", zwhy());
		return 1;
	}
	return 0;
}
