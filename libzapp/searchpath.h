/* libzapp/searchpath.h: where the dynamic loader looks for a library, and
 * path arithmetic for placing things inside a Zapp.
 *
 * All paths here are plain strings; nothing touches the file system except
 * searchpath_system(), which reads ld.so.conf inside a root.
 */
#ifndef ZAPP_SEARCHPATH_H
#define ZAPP_SEARCHPATH_H

#include "strlist.h"

/* The entries of a colon-separated search path (DT_RPATH, DT_RUNPATH),
 * in order, empty ones included ("a::b:" has four: "a", "", "b", ""; ""
 * has one, as glibc's loader reads it):
 *
 *	const char *e;
 *	size_t len;
 *	for (const char *c = value; searchpath_next(&c, &e, &len); )
 *		... the entry is the len bytes at e (not NUL-terminated) ...
 *
 * Returns 1 with the next entry, 0 when there is none (also for a NULL
 * *cursor).  The entry points into the string: its offset there is e -
 * value. */
int searchpath_next(const char **cursor, const char **entry, size_t *len);

/* The length of the origin token the len bytes at entry start with, or 0:
 * "$ORIGIN" and "${ORIGIN}" (the loader's), "XORIGIN" (the build
 * placeholder); an unbraced one must not be followed by a letter, a digit
 * or '_' (as the loader reads names: "$ORIGINX" is not $ORIGIN).  The
 * rest of the entry is entry + that length. */
size_t searchpath_is_origin(const char *entry, size_t len);

/* Split a DT_RPATH/DT_RUNPATH value into directories, with $ORIGIN,
 * ${ORIGIN} and the build placeholder XORIGIN replaced by origin.  Entries
 * using other tokens ($LIB, $PLATFORM) or empty entries are left out and
 * counted in *skipped (may be NULL). */
int searchpath_expand(const char *value, const char *origin, struct strlist *dirs, int *skipped);

/* The system's library directories inside root ("" or "/" for the host):
 * those of /etc/ld.so.conf and the files it includes, then the defaults of
 * a Debian system of the Zapp's machine (target.h: target_zapp, its
 * triplet and wordlib): on x86-64 /lib/x86_64-linux-gnu,
 * /usr/lib/x86_64-linux-gnu, /lib64, /usr/lib64, /lib, /usr/lib; on i386
 * /lib/i386-linux-gnu, /usr/lib/i386-linux-gnu, /lib32 (where Debian's
 * multilib libc6-i386 is), /usr/lib32, /lib, /usr/lib.  A library of
 * another class or machine found there is passed over by the caller, as
 * the loader passes it over.  Returned paths include root.
 * Paths are read as ldconfig -r reads them: "." and ".." are resolved as
 * if root were "/" (".." never leaves it), a relative include is relative
 * to the including file's directory.  Only regular files are read (never a
 * FIFO or a device), each once however often it is included.  Symbolic
 * links inside root are followed as the file system resolves them. */
int searchpath_system(const char *root, struct strlist *dirs);

/* The system's library directories of musl's loader whose path (its
 * PT_INTERP) is interp, inside root ("" or "/" for the host), as musl's
 * ldso/dynlink.c has them: the lines and colon-separated entries of its
 * path file, <interp's directory's parent>/etc/ld-musl-ARCH.path (ARCH
 * from the loader's name ld-musl-ARCH.so.1; /etc/ld-musl-x86_64.path for
 * /lib/ld-musl-x86_64.so.1), or when there is no such file, the default
 * /lib:/usr/local/lib:/usr/lib; when the file is there but cannot be read,
 * none.  Empty and relative entries are left out.  Returned paths include
 * root.  The path file is read only when it is a regular file. */
int searchpath_musl(const char *root, const char *interp, struct strlist *dirs);

/* root + abs, with "." and ".." resolved lexically as if root were "/" (as
 * in a chroot: ".." never climbs above root); "" for root is the host.
 * -1 when the result does not fit in len. */
int path_join_root(const char *root, const char *abs, char *out, size_t len);

/* Lexically normalise a relative path: drop "." and empty parts, fold
 * "x/..".  Returns -1 when the path climbs above its start ("../x"). */
int path_normalize(const char *in, char *out, size_t len);

/* The relative path from directory from_dir to path to (both relative to
 * the same top, normalised), e.g. ("libexec/x", "lib") -> "../../lib",
 * ("bin", "bin") -> ".". */
int path_relative(const char *from_dir, const char *to, char *out, size_t len);

/* If path is dir or lies below it (whole components, both absolute and
 * normalised), what follows dir in path: "" for dir itself, "a/b" for
 * dir/a/b; NULL otherwise.  ("/usr/libx" is not below "/usr/lib"; every
 * absolute path is below "/".) */
const char *path_under(const char *path, const char *dir);

/* The last component of a path ("a/b" -> "b", "b" -> "b"). */
const char *path_basename(const char *path);

/* dirname of a relative path, "." for a bare name. */
void path_dirname(const char *in, char *out, size_t len);

#endif
