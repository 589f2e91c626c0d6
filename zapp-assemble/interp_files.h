/* zapp-assemble/interp_files.h: the interpreters zapp-assemble knows, and
 * the directories of run-time files each needs (interp_files.c). */
#ifndef ASSEMBLE_INTERP_FILES_H
#define ASSEMBLE_INTERP_FILES_H

#include "strlist.h"

#include <stddef.h>

enum interp_how {
	INTERP_BY_NAME,		/* dirs hold %N, the program's file name, or %V,
				   its version (the name from its first digit) */
	INTERP_COMPILED_IN,	/* dirs are patterns of paths the program holds */
};

struct interp {
	const char *name;		/* fnmatch pattern of the real program's file name */
	enum interp_how how;
	const char *const *dirs;	/* relative to the prefix */
	const char *const *leave_out;	/* fnmatch patterns of the names in a dir not taken */
	const char *what;		/* what the files are, for messages */
};

extern const struct interp interp_table[];
extern const size_t interp_table_size;

/* The row for a program's file name, or NULL. */
const struct interp *interp_find(const char *name);
/* Is child, a name in one of its directories, left out? */
int interp_left_out(const struct interp *it, const char *child);
/* The directories, relative to its prefix, that the interpreter named
 * name (its file at real) needs, pushed once each onto out in the table's
 * order: 0, or -1 with zwhy() (its file cannot be read).  prefix is its
 * prefix as the program knows it (/usr, also for a --sysroot's /usr):
 * a path compiled in counts when it lies there. */
int interp_dirs(const struct interp *it, const char *name, const char *real, const char *prefix,
		struct strlist *out);

#endif
