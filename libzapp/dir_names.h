/* libzapp/dir_names.h: the names of a directory, sorted (dir_names.c). */
#ifndef ZAPP_DIR_NAMES_H
#define ZAPP_DIR_NAMES_H

#include "strlist.h"

/* The names in the directory path, less "." and "..", into out (empty),
 * sorted by strcmp; -1 with zfail ("SHOWN: cannot read: ...") and out
 * empty when it cannot be read. */
int dir_names(const char *path, const char *shown, struct strlist *out);

#endif
