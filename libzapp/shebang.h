/* libzapp/shebang.h: the #! line of a file, read as Linux reads it
 * (fs/binfmt_script.c), and the command line that `#!/usr/bin/env` builds
 * from it.  Shared by zapp-assemble (which gives a script a launcher) and
 * zapp-check (which reports a script that still reaches the host).
 *
 * The kernel reads the first SHEBANG_BUF bytes of the file (zeros past its
 * end).  The line ends at the first newline, unless a NUL comes first; with
 * no newline in those bytes the line is the first 255 of them, and it is
 * refused (ENOEXEC) unless the interpreter's path ends (a blank or a NUL)
 * within them: a longer optional argument is cut there.  Blanks (space,
 * tab) at the end of the line are dropped, then those before the
 * interpreter's path; the path ends at a blank or a NUL; what follows the
 * blanks after it, up to the end of the line (or a NUL), is the one
 * optional argument, inner blanks and all.  A CR is no blank: a DOS line
 * end is part of the path or of the argument. */
#ifndef ZAPP_SHEBANG_H
#define ZAPP_SHEBANG_H

#include "strlist.h"

#include <stddef.h>

#define SHEBANG_BUF 256		/* BINPRM_BUF_SIZE */
/* A script whose interpreter is a script ...: Linux follows a chain of 5
 * scripts, the first included, to an ELF program, and gives up (ELOOP)
 * at a 6th. */
#define SHEBANG_CHAIN_MAX 5

enum shebang_kind {
	SHEBANG_NONE,		/* does not start with #! */
	SHEBANG_SCRIPT,		/* a script: interp, and arg when has_arg */
	SHEBANG_REFUSED,	/* starts with #!, and the kernel refuses it: why */
};

struct shebang {
	enum shebang_kind kind;
	char interp[SHEBANG_BUF];
	char arg[SHEBANG_BUF];
	int has_arg;		/* the argument may be "" (a NUL after the blanks) */
	int cut;		/* no newline in the buffer: the argument was cut */
	const char *why;	/* SHEBANG_REFUSED */
};

/* The n bytes at buf (the file's first bytes; n may be less than
 * SHEBANG_BUF, the rest counts as zeros). */
void shebang_parse(const unsigned char *buf, size_t n, struct shebang *sb);
/* The same from the file at path: -1 with zfail() when it cannot be read. */
int shebang_read(const char *path, struct shebang *sb);

/* Does the script run its interpreter through env(1) (its path's last
 * component is "env")? */
int shebang_is_env(const struct shebang *sb);
/* For `#!/usr/bin/env NAME` and `#!/usr/bin/env -S NAME ARGS...`: the
 * program's name and its arguments, as env would split them, into words.
 * -S's string is split at blanks, with '...' (literal), "..." (in which
 * \" \\ \$ are escapes), and outside quotes \\ \' \" \_ (a space) \t \n
 * \# \$; an unquoted # at the start of a word ends the string.  What env
 * does beyond that is refused with zfail(): an option other than -S, an
 * assignment NAME=VALUE, ${VAR}, \c, any other escape, an unclosed quote,
 * a single argument holding a blank (env looks for a program of that
 * name), no program at all. */
int shebang_env_words(const struct shebang *sb, struct strlist *words);

/* Is the file at rel (a path of a Zapp) a language's module, which keeps
 * its place and bytes even when it is an executable with a #! line (it is
 * imported by that path: Python's lib/python3.11/platform.py)?  Its name
 * ends in .py, .pm, .pl, .rb, .tcl or .lua, and none of its directories
 * is named bin, sbin, libexec or games, where programs are. */
int shebang_is_module(const char *rel);

#endif
