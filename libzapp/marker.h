/* libzapp/marker.h: the mark of a Zapp.  Every Zapp that zapp-assemble
 * makes holds, at its top, the file ZAPP_MARKER: one line of text,
 * "zapp-layout N", N being the version of the layout contract
 * (docs/layout.md) it follows.  It is what lets --force and --add tell a
 * Zapp from a directory of the user's, and zapp-check checks it. */
#ifndef ZAPP_MARKER_H
#define ZAPP_MARKER_H

#define ZAPP_MARKER ".zapp"
#define ZAPP_LAYOUT_VERSION 1	/* the version this zapp makes */

/* Create the marker in the directory dirfd (never replacing a file);
 * -1 with zfail. */
int marker_write(int dirfd);
/* The version N of the marker in the directory dirfd; 0 when there is
 * none; -1 with zfail when something else has its name (a link, a
 * directory, other content). */
int marker_read(int dirfd);

#endif
