/* ccwrap/zapp-fix-rpath.c: lib/zapp/zapp-fix-rpath, the part of zapp-cc,
 * zapp-c++ and zapp-ld that edits ELF files (ccwrap/fixer.h says why it is
 * a program of its own).
 *
 *   zapp-fix-rpath [--for NAME] [--] FILE...
 *
 * For each FILE that is an ELF file, rewrite each DT_RPATH/DT_RUNPATH entry
 * starting with XORIGIN to start with $ORIGIN (libzapp/rpath_fix.c); other
 * files are left alone.  Messages are given as NAME (the wrapper that ran
 * it).  Exit status 0, 1 when a file could not be fixed, 2 for bad usage.
 */
#include "report.h"
#include "rpath.h"
#include "zelf.h"

#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
	int i = 1, status = 0;

	zapp_prog = "zapp-fix-rpath";
	if (i + 1 < argc && strcmp(argv[i], "--for") == 0) {
		zapp_prog = argv[i + 1];
		i += 2;
	}
	if (i < argc && strcmp(argv[i], "--") == 0)
		i++;
	else if (i < argc && argv[i][0] == '-')
		i = argc;
	if (i >= argc) {
		fprintf(stderr, "Usage: zapp-fix-rpath [--for NAME] [--] FILE...\n"
			"Fixes XORIGIN to $ORIGIN in the run-time search path of each ELF FILE\n"
			"(run by zapp-cc, zapp-c++ and zapp-ld after a link; see zapp-cc(1)).\n");
		return 2;
	}
	for (; i < argc; i++) {
		if (zelf_is_elf_file(argv[i]) && rpath_fix_xorigin(argv[i]) < 0) {
			zerr(argv[i], "cannot fix XORIGIN in the run-time search path: %s", zwhy());
			status = 1;
		}
	}
	return status;
}
