/* libzapp/rpath.h: run-time search paths (DT_RPATH / DT_RUNPATH) of ELF
 * files: fixing the XORIGIN placeholder in place, and setting a new path.
 *
 * Placeholder.  Builds pass "XORIGIN" where "$ORIGIN" is meant, because a
 * '$' does not survive the shells and recursive makes between a user and
 * the linker.  The two words have the same length, so the fix is made in
 * the dynamic string table, in place, at the string DT_RPATH/DT_RUNPATH
 * point to: never by searching the file's bytes.
 *
 * The same editor adds a DT_NEEDED before all others (the run-time
 * redirection library, zapp-rt/), with the search path in the same write.
 */
#ifndef ZAPP_RPATH_H
#define ZAPP_RPATH_H

#include <gelf.h>

/* Rewrite each entry of the file's DT_RPATH and DT_RUNPATH strings that
 * starts with "XORIGIN" to start with "$ORIGIN", in place.  Returns the
 * number of entries rewritten (0: nothing to do, the file is untouched),
 * or -1 with zwhy(). */
int rpath_fix_xorigin(const char *path);

/* Rewrite XORIGIN placeholders in a search-path string held in memory, the
 * same way; returns the number of entries rewritten. */
int rpath_fix_string(char *s);

/* Make the file's run-time search path exactly value, stored under tag
 * (DT_RPATH or DT_RUNPATH); an entry of the other kind is removed.  value
 * NULL removes both.  In place when the new string fits in the bytes of the
 * old one and no other string shares them; otherwise the dynamic string
 * table (and, when an entry must be added and the dynamic table has no
 * spare DT_NULL, the dynamic table) moves to a new PT_LOAD segment at the
 * end of the file (docs/elf-editing.md).  Setting the value the file has
 * leaves it untouched.  Returns 0, or -1 with zwhy(); after a failure the
 * file's content is not to be trusted (tools edit copies, never inputs). */
int rpath_set(const char *path, GElf_Sxword tag, const char *value);

/* The edits of one file's dynamic section, recorded and written at once
 * (one write, one growth at most). */
struct dyn_edit {
	int set_path;		/* set the search path to value under tag, as
				 * rpath_set does; 0: it stays as it is */
	GElf_Sxword tag;
	const char *value;
	const char *needed;	/* a library name to make the first DT_NEEDED, or
				 * NULL.  An entry naming it is moved to the
				 * table's start; else a new one is put there,
				 * its string found in the table or appended to
				 * it.  Already the first DT_NEEDED: no change */
};

/* Make the edits; as rpath_set, the file untouched when it says all of it
 * already.  Returns 0, or -1 with zwhy(). */
int dyn_edit(const char *path, const struct dyn_edit *d);

#endif
