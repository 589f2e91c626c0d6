/* zapp-assemble/dpkg_db.h: which Debian package owns a file, and what
 * else that package holds, read from dpkg's database files (--detect). */
#ifndef ASSEMBLE_DPKG_DB_H
#define ASSEMBLE_DPKG_DB_H

#include "strlist.h"

/* For each of the n absolute paths (files of root, "" for the host: each
 * path begins with root), the packages that own it, as dpkg's database in
 * root/var/lib/dpkg says: pushed onto pkgs ("NAME" or "NAME:ARCH", as the
 * .list file is named; each once), and every path those packages list,
 * diversions applied, with root in front, onto files (each once,
 * directories too: the caller tells them apart).  A path is matched as
 * given and as its real path, each also with and without a leading /usr
 * (merged /usr: dpkg lists /bin/ls, which is /usr/bin/ls).  A path no
 * package owns is pushed onto unowned.  0, or -1 with zwhy(). */
int dpkg_owned_files(const char *root, char *const *paths, size_t n, struct strlist *pkgs,
		     struct strlist *files, struct strlist *unowned);

#endif
