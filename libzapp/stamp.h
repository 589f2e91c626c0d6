/* libzapp/stamp.h: the record that zapp-assemble stamps into each copy of
 * the jumploader, telling it where its program and its libraries are.
 *
 * The jumploader carries one struct zapp_stamp in a section of its own,
 * ZAPP_STAMP_SECTION.  zapp-assemble finds that section through the section
 * headers (libelf) of its copy and overwrites the struct; the jumploader
 * reads it at run time.  Both paths are relative to the directory holding
 * the jumploader (its real location, from /proc/self/exe).  An empty string
 * means the default:
 *   target  ""  ->  "../dynbin/" + the jumploader's own file name
 *   libdir  ""  ->  "../lib"
 * This header is shared by the freestanding jumploader and the hosted tools:
 * it must stay plain C with no includes.
 */
#ifndef ZAPP_STAMP_H
#define ZAPP_STAMP_H

#define ZAPP_STAMP_SECTION ".zapp_stamp"
#define ZAPP_STAMP_MAGIC "ZAPP-STAMP-1"	/* 12 chars, NUL-padded to 16 */
#define ZAPP_STAMP_PATH_MAX 512

struct zapp_stamp {
	char magic[16];
	char target[ZAPP_STAMP_PATH_MAX];
	char libdir[ZAPP_STAMP_PATH_MAX];
};

#endif
