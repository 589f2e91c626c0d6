/* libzapp/stamp_io.h: the stamp record of jumploader copies (stamp.h). */
#ifndef ZAPP_STAMP_IO_H
#define ZAPP_STAMP_IO_H

#include "stamp.h"

/* Read the record: target and libdir get ZAPP_STAMP_PATH_MAX bytes each
 * ("" means the default).  -1 with zwhy() when path is no jumploader. */
int stamp_read(const char *path, char *target, char *libdir);
int stamp_is_jumploader(const char *path);
/* Overwrite the record of a copy. */
int stamp_write(const char *path, const char *target, const char *libdir);

#endif
