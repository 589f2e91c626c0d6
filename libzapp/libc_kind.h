/* libzapp/libc_kind.h: the C libraries a dynamic program of a Zapp may use,
 * glibc and musl, told apart by the loader the program names (PT_INTERP),
 * and the names musl's loader answers itself.
 *
 * musl's loader is its libc (/lib/ld-musl-x86_64.so.1 is a name of
 * libc.so): a DT_NEEDED of libc.so, or of any name lib<N>.<...> for N one
 * of c, pthread, rt, m, dl, util, xnet (Alpine's libc.musl-x86_64.so.1
 * among them), is the loader itself, never searched for (musl's
 * ldso/dynlink.c, load_library).
 */
#ifndef ZAPP_LIBC_KIND_H
#define ZAPP_LIBC_KIND_H

enum libc_kind {
	LIBC_UNKNOWN,	/* no loader, or one zapp does not know */
	LIBC_GLIBC,
	LIBC_MUSL,
};

/* The C library of a program whose PT_INTERP is interp (a path or a file
 * name; NULL for none), from the loader names of every architecture of
 * target.h. */
enum libc_kind libc_kind_of(const char *interp);

/* "glibc", "musl", or "an unknown C library". */
const char *libc_kind_name(enum libc_kind k);

/* Is name (a DT_NEEDED) one that musl's loader answers with itself? */
int libc_musl_self(const char *name);

/* Is it one of musl's own names for its libc, which only a library built
 * against musl needs: libc.so (Debian's musl-gcc), libc.musl-ARCH.so.1
 * (Alpine's)?  (glibc's libc.so.6 is one musl answers, not one of these.) */
int libc_musl_own(const char *name);

#endif
