/* libzapp/runenv.h: the environment a Zapp's launchers set, so that
 * programs that look for their run-time files (helpers, modules, data)
 * only where they were built to look find the Zapp's copies instead.
 *
 * runenv_table (runenv.c) is the one body of knowledge of which variable
 * points which program at which directory of the Zapp; zapp-assemble
 * stamps each launcher with the entries that apply to its program
 * (stamp.h), zapp-check reads them back.  Values name the Zapp's location
 * as $ZAPP (stamp.h): "GIT_EXEC_PATH=$ZAPP/lib/git-core".
 */
#ifndef ZAPP_RUNENV_H
#define ZAPP_RUNENV_H

#include "strlist.h"

#include <stddef.h>

enum runenv_kind {
	RUNENV_DIR,	/* the first path the Zapp holds, a directory */
	RUNENV_DIRS,	/* every one it holds, in table order, ':' between */
	RUNENV_FILE,	/* the first path the Zapp holds, a regular file */
};

struct runenv_var {
	const char *name;		/* the variable; the table is sorted by it */
	enum runenv_kind kind;
	const char *const *paths;	/* Zapp-relative, NULL-ended; '*', '?' and
					   [...] match inside one component */
	const char *tail;		/* appended to a RUNENV_DIRS value, or NULL */
	const char *users;		/* who gets it: NULL every launcher; else
					   words: one with ".so" matches a library
					   name of the program's closure, any other
					   the launcher's file name (fnmatch) */
	int if_locale;			/* set at launch only when the locale asked
					   for is held (ZAPP_STAMP_IF_LOCALE) */
	const char *without;		/* what its users cannot do when the Zapp
					   holds none of its paths (zapp-check
					   reports it), or NULL: they do without */
};

extern const struct runenv_var runenv_table[];
extern const size_t runenv_table_size;

/* The table's entry for name, or NULL (binary search). */
const struct runenv_var *runenv_find(const char *name);

/* What the Zapp holds, for the table: its directories (Zapp-relative,
 * sorted by strcmp) and a test for a regular file. */
struct runenv_zapp {
	const struct strlist *dirs;
	int (*has_file)(void *ctx, const char *rel);
	void *ctx;
};

/* Each table variable's value for this Zapp ("$ZAPP/..."), or NULL where
 * it holds none of its paths; values has runenv_table_size slots, freed
 * with runenv_values_free.  -1 (zfail) when out of memory. */
int runenv_values(const struct runenv_zapp *z, char **values);
void runenv_values_free(char **values);

/* The entries ("NAME=VALUE") that a launcher of the program named prog,
 * whose closure holds the libraries libs (NULL-ended, or NULL), gets from
 * the table's values, then user (the user's own NAME=VALUE, each replacing
 * a table entry of its name), in that order.  -1 (zfail) when out of
 * memory. */
int runenv_entries(char *const *values, const char *prog, char *const *libs,
		   char *const *user, struct strlist *out);

/* Does the entry v apply to a launcher of prog, whose closure holds libs
 * (as for runenv_entries)? */
int runenv_applies(const struct runenv_var *v, const char *prog, char *const *libs);

/* The name of an entry ("NAME=VALUE", or with ZAPP_STAMP_IF_LOCALE
 * before it): where it starts, its length in *len. */
const char *runenv_entry_name(const char *entry, size_t *len);

/* The value of the first entry of env that names name, or NULL. */
const char *runenv_entry_value(const struct strlist *env, const char *name);

/* Does a user's NAME=VALUE make sense: a name of letters, digits and '_',
 * not starting with a digit, then '=': 0, else -1 (zfail says why). */
int runenv_check_entry(const char *entry);

/* The entries as the stamp holds them: each with its NUL, an empty string
 * after the last (env may be NULL: none).  -1 (zfail) when they do not
 * fit in len bytes. */
int runenv_block_pack(char *const *env, char *block, size_t len);
/* A block read back: every string NAME=VALUE, ended inside len bytes. */
int runenv_block_check(const char *block, size_t len);
/* Walk a block: *cursor starts at block; returns the next entry or NULL. */
const char *runenv_block_next(const char **cursor);

/* The value with $ZAPP and ${ZAPP} replaced by top: -1 when it does not
 * fit in len bytes. */
int runenv_expand(const char *value, const char *top, char *out, size_t len);
/* The parts of a value (split at ':') that name the Zapp: those that start
 * with $ZAPP, as Zapp-relative paths ("" for the Zapp itself), pushed to
 * out. */
int runenv_zapp_paths(const char *value, struct strlist *out);

#endif
