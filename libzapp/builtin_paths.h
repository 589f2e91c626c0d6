/* libzapp/builtin_paths.h: directories compiled into libraries that a
 * Zapp's copy of the library must not keep (builtin_paths.c): the table,
 * finding the strings in a file, and the edit that makes them lead
 * nowhere.  docs/design.md, "Compiled-in paths". */
#ifndef ZAPP_BUILTIN_PATHS_H
#define ZAPP_BUILTIN_PATHS_H

#include <gelf.h>
#include <stddef.h>

/* What an edited string starts with: a path under it is never opened
 * (ENOTDIR, or ENOENT where there is no /dev/null). */
#define BUILTIN_NOWHERE "/dev/null/"
#define BUILTIN_NOWHERE_LEN 10

struct builtin_path {
	const char *libs;	/* fnmatch patterns of the library's file name, ' '-separated */
	const char *path;	/* fnmatch pattern (no FNM_PATHNAME) of the whole string */
	const char *keep;	/* a defined dynamic symbol that is another string of the same bytes */
	const char *held;	/* NULL: always; else the string's place in the Zapp,
				   joined with this ("" for the place itself), must be held */
	const char *what;	/* what the library reads there, for messages */
};
extern const struct builtin_path builtin_paths_table[];
extern const size_t builtin_paths_table_size;

/* Does the table have entries for a library of this file name? */
int builtin_paths_lib(const char *name);

/* A string of a library that an entry names. */
struct builtin_hit {
	GElf_Off off;		/* where it starts in the file */
	char *path;		/* its bytes */
	const struct builtin_path *entry;
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
 * loaded segments when it has no section headers), each whole (a NUL
 * before and after it), not edited yet.  held answers for the entries
 * that apply only when the Zapp holds the string's place.  0, or -1 with
 * zfail() when the file cannot be read. */
int builtin_paths_find(const char *path, const char *name, builtin_held_fn *held, void *ctx,
		       struct builtin_hits *out);
/* Start each string of h with BUILTIN_NOWHERE in the file at path, which
 * must be the caller's own copy of the file the strings were found in;
 * the rest of each string (the tails other strings may share) stays, but
 * for its colons, which become slashes (a list of directories becomes one
 * path under /dev/null).  0 or
 * -1 with zfail(). */
int builtin_paths_edit(const char *path, const struct builtin_hits *h);
void builtin_hits_free(struct builtin_hits *h);

#endif
