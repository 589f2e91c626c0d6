/* libzapp/libtool_la.h: libtool archives (NAME.la) whose libdir names
 * the build machine's directory (libtool_la.c). */
#ifndef ZAPP_LIBTOOL_LA_H
#define ZAPP_LIBTOOL_LA_H

#include <stddef.h>

/* Is the file at path a libtool archive whose libdir is absolute?  With
 * libdir not NULL, that directory is put there (size bytes). */
int la_names_host_dir(const char *path, char *libdir, size_t size);
/* Rewrite the archive at path (a copy of the caller's) with libdir='';
 * 0 also when it names no absolute libdir.  -1 with zfail. */
int la_fix_libdir(const char *path);

#endif
