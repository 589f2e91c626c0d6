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
	/* For zapp-check (check_interp.c): the names of which one must be
	 * in one of the program's directories where it looks for them, or
	 * NULL: not checked there.  A row by name (Python) looks as CPython's
	 * getpath does, from its launcher's directory up; a row compiled in
	 * (perl) in the directories its launcher's environment names */
	const char *const *landmarks;
	int to_start;			/* 1: the program cannot start without
					   them (a problem); 0: it starts, and
					   runs what needs none (a warning) */
	const char *fails;		/* what fails without them, for messages */
};

extern const struct interp interp_table[];
extern const size_t interp_table_size;

/* The row for a program's file name, or NULL. */
const struct interp *interp_find(const char *name);
/* The row for a program of a Zapp at path, whose file name (name) may
 * not be the real program's (dynbin/python3, a hard link to python3.11):
 * by its name, else, for Python, by the libpython3.N.so* it needs or the
 * version its Py_Version holds (Python 3.11 on, linked in).  The row's
 * name for it ("python3.11") in known; NULL when it is none, or cannot
 * be read. */
const struct interp *interp_identify(const char *path, const char *name, char *const *needed, size_t nneeded,
				     char *known, size_t len);
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
