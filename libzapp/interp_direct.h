/* libzapp/interp_direct.h: when a script's launcher may start its
 * interpreter in direct mode (stamp.h, version 4), mapping the interpreter's program
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

/* The loader takes $ORIGIN from /proc/self/exe: does each $ORIGIN entry
 * of rpath (a DT_RPATH or DT_RUNPATH string, or NULL) lead to the same
 * directory of the Zapp from directory a (the interpreter's launcher's)
 * as from b (the script's launcher's), both relative to the Zapp's top?
 * Lexically, as zapp-assemble makes the directories (no links); an entry
 * that climbs out of the Zapp from either is not the same. */
int interp_direct_origin_same(const char *rpath, const char *a, const char *b);

#endif
