/* ccwrap/argv.h: the two ways ccwrap makes argument lists: splitting a ZAPP_CC-style value into words, and reading a gcc
 * response file (@file). */
#ifndef CCWRAP_ARGV_H
#define CCWRAP_ARGV_H

#include "strlist.h"

/* Split s on blanks (no quoting, no shell): "ccache gcc" -> ccache, gcc. */
int argv_split_words(struct strlist *a, const char *s);

/* Append the arguments of response file path, with gcc's rules: words are
 * separated by white space, which quotes ('...' "...") and backslash
 * protect.  Nested @files are expanded too, at most depth levels deep.
 * Returns 0, or -1 when the file cannot be read (gcc then takes "@path"
 * as an ordinary argument, and so does the caller). */
int argv_read_respfile(struct strlist *a, const char *path, int depth);

#endif
