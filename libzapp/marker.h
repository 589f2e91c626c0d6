/* libzapp/marker.h: the mark of a Zapp.  Every Zapp that zapp-assemble
 * makes holds, at its top, the file ZAPP_MARKER: one line of text,
 * "zapp-layout N", N being the version of the layout contract
 * (docs/layout.md) it follows.  It is what lets --force and --add tell a
 * Zapp from a directory of the user's, and zapp-check checks it. */
#ifndef ZAPP_MARKER_H
#define ZAPP_MARKER_H

#include <stddef.h>

#define ZAPP_MARKER ".zapp"
#define ZAPP_LAYOUT_VERSION 1	/* the version this zapp makes */

/* Create the marker in the directory dirfd (never replacing a file);
 * -1 with zfail. */
int marker_write(int dirfd);
/* The version N of the marker in the directory dirfd; 0 when there is
 * none; -1 with zfail when something else has its name (a link, a
 * directory, other content). */
int marker_read(int dirfd);

/* Is the directory dirfd (shown as dir) a Zapp?  The version of its layout:
 * that of its marker, or 1 for a Zapp made before the marker (lib/ holds a
 * loader, bin/ a stamped jumploader); 0, with the reason in why, when it is
 * not one.  The one test of "zapp made this", for --force, --add and a
 * Zapp given as an input. */
int zapp_layout(int dirfd, const char *dir, char *why, size_t len);

#endif
