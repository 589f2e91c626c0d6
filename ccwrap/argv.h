/* ccwrap/argv.h: growable argument vectors, and the two ways ccwrap makes
 * them: splitting a ZAPP_CC-style value into words, and reading a gcc
 * response file (@file). */
#ifndef CCWRAP_ARGV_H
#define CCWRAP_ARGV_H

#include <stddef.h>

struct argv {
	char **v;	/* NULL-terminated */
	size_t n, cap;
};

int argv_push(struct argv *a, const char *s);	/* copies s */
void argv_free(struct argv *a);

/* Split s on blanks (no quoting, no shell): "ccache gcc" -> ccache, gcc. */
int argv_split_words(struct argv *a, const char *s);

/* Append the arguments of response file path, with gcc's rules: words are
 * separated by white space, which quotes ('...' "...") and backslash
 * protect.  Nested @files are expanded too, at most depth levels deep.
 * Returns 0, or -1 when the file cannot be read (gcc then takes "@path"
 * as an ordinary argument, and so does the caller). */
int argv_read_respfile(struct argv *a, const char *path, int depth);

#endif
