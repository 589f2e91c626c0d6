/* libzapp/builtin_paths.h: directories compiled into libraries that a
 * Zapp's copy of the library must not keep, and the names of variables of
 * the caller's environment its loader must not read (builtin_paths.c):
 * the table, finding the strings in a file, and the edit that makes them
 * lead nowhere.  docs/design.md, "Compiled-in paths". */
#ifndef ZAPP_BUILTIN_PATHS_H
#define ZAPP_BUILTIN_PATHS_H

#include <gelf.h>
#include <stddef.h>

/* What an edited string starts with: a path under it is never opened
 * (ENOTDIR, or ENOENT where there is no /dev/null). */
#define BUILTIN_NOWHERE "/dev/null/"
#define BUILTIN_NOWHERE_LEN 10
/* What the glibc loader's default directories become: a directory that
 * is never there, ENOENT wherever (sysfs has no "-" at its top and takes
 * no new entry there, not even from root; ENOENT also without /sys), as
 * they are in an empty root, where the loader's error says "No such file
 * or directory" too.  As short as the shortest first directory of a
 * loader (libc6-i386's "/lib32/"), whose length the loader's code has. */
#define BUILTIN_NOWHERE_DIR "/sys/-/"
#define BUILTIN_NOWHERE_DIR_LEN 7
/* What zapp-assemble made them before (11 bytes, too long for libc6-i386's
 * first): a loader edited so is taken as edited, never made so again. */
#define BUILTIN_NOWHERE_DIR_BEFORE "/dev/fd/-1/"
/* What the first byte of an edited variable name becomes: musl's getenv
 * finds no variable for a name with a '=' in it (src/env/getenv.c), while
 * the variable stays in the environment, for the processes it starts. */
#define BUILTIN_NO_VARIABLE '='

/* How a string an entry names is edited. */
enum builtin_edit {
	BUILTIN_PREFIX = 0,	/* its first 10 bytes become BUILTIN_NOWHERE */
	BUILTIN_EMPTY,		/* its first byte becomes NUL: a list read from it
				   has no item */
	BUILTIN_DIRLIST,	/* glibc's loader's default directories: path is
				   their ':'-joined list (fnmatch, FNM_PATHNAME), a
				   run of strings, each after the other's NUL, that
				   the loader reads by a table of their lengths,
				   found once in the file; the first starts with
				   BUILTIN_NOWHERE_DIR, the others become
				   BUILTIN_NOWHERE_DIR after it, and their lengths 7 */
	BUILTIN_TUNABLE,	/* the inline name of a tunable of glibc's loader
				   (glibc 2.36's struct _tunable, a 64-bit number
				   with an LD_ alias): its value, the default,
				   becomes 0 */
	BUILTIN_ENVNAME,	/* the name of a variable of the environment (path
				   is the name itself) that the library asks getenv
				   for, a string of its read-only data once: its
				   first byte becomes BUILTIN_NO_VARIABLE; the tails
				   other strings may share stay */
};

struct builtin_path {
	const char *libs;	/* fnmatch patterns of the library's file name, ' '-separated */
	const char *path;	/* fnmatch pattern (no FNM_PATHNAME) of the whole string;
				   BUILTIN_DIRLIST: of the ':'-joined run (FNM_PATHNAME) */
	const char *keep;	/* a defined dynamic symbol that is another string of the same bytes */
	const char *held;	/* NULL: always; else the string's place in the Zapp,
				   joined with this ("" for the place itself), must be held */
	const char *what;	/* what the library reads there, for messages */
	enum builtin_edit edit;
};
extern const struct builtin_path builtin_paths_table[];
extern const size_t builtin_paths_table_size;

/* Does the table have entries for a library of this file name? */
int builtin_paths_lib(const char *name);

/* A string of a library that an entry names. */
struct builtin_hit {
	GElf_Off off;		/* where it starts in the file (BUILTIN_TUNABLE:
				   where the value is; 0 for a BUILTIN_ENVNAME
				   refused because the file does not have it) */
	char *path;		/* its bytes (BUILTIN_DIRLIST: the run's strings,
				   ':'-separated; BUILTIN_ENVNAME: the name) */
	const struct builtin_path *entry;
	GElf_Off size;		/* BUILTIN_DIRLIST: the run's bytes */
	GElf_Off table;		/* BUILTIN_DIRLIST: where the table of lengths is */
	size_t n;		/* BUILTIN_DIRLIST: its number of strings */
	const char *refused;	/* NULL, or why the data does not have the shape
				   the edit needs: it is left as it is */
};
struct builtin_hits {
	struct builtin_hit *v;
	size_t n;
};

/* Does the Zapp hold rel (a path relative to its top)? */
typedef int builtin_held_fn(void *ctx, const char *rel);

/* The strings of the library at path (named name in the Zapp) that the
 * table's entries say a Zapp's copy must not keep, in the order of the
 * file, into out: strings in the file's read-only sections (its read-only
 * loaded segments when it has no section headers; BUILTIN_TUNABLE: its
 * data made read-only after relocation), each whole (a NUL before and
 * after it), not edited yet; a BUILTIN_ENVNAME entry's name that is found
 * neither so nor edited, or more than once, is a refused hit.  held
 * answers for the entries that apply only when the Zapp holds the
 * string's place.  0, or -1 with zfail() when the file cannot be read. */
int builtin_paths_find(const char *path, const char *name, builtin_held_fn *held, void *ctx,
		       struct builtin_hits *out);
/* Edit each string of h that is not refused, as its entry says, in the
 * file at path, which must be the caller's own copy of the file the
 * strings were found in; the rest of each string (the tails other strings
 * may share) stays, but for the colons of a list the prefix edit makes one
 * path under /dev/null (they become slashes).  0 or -1 with zfail(). */
int builtin_paths_edit(const char *path, const struct builtin_hits *h);
void builtin_hits_free(struct builtin_hits *h);
/* What the edit of an entry's strings makes them do, for messages ("made
 * to lead nowhere", "made to name no variable"). */
const char *builtin_paths_done(const struct builtin_path *b);

#endif
