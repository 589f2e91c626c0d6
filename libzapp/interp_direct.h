/* libzapp/interp_direct.h: the interpreters a script's launcher may start
 * in direct mode (stamp.h, version 4), mapping the interpreter's program
 * itself: those known not to read /proc/self/exe, which is the script's
 * launcher then instead of the interpreter's. */
#ifndef ZAPP_INTERP_DIRECT_H
#define ZAPP_INTERP_DIRECT_H

#include <stddef.h>

/* Sorted by name (strcmp): tests/unit/interp_direct.c checks it. */
extern const char *const interp_direct_table[];
extern const size_t interp_direct_count;

/* Is name (the file name of an interpreter's real program on the system
 * it came from: "dash" for /bin/sh on Debian) in the table? */
int interp_direct_known(const char *name);

#endif
