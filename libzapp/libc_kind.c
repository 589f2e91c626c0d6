/* libzapp/libc_kind.c: glibc or musl, from a program's loader (libc_kind.h). */
#include "libc_kind.h"
#include "searchpath.h"
#include "target.h"

#include <string.h>

enum libc_kind libc_kind_of(const char *interp)
{
	if (!interp)
		return LIBC_UNKNOWN;
	const char *base = path_basename(interp);
	for (size_t i = 0; i < ntargets; i++) {
		if (strcmp(base, targets[i].loader) == 0)
			return LIBC_GLIBC;
		if (strcmp(base, targets[i].musl) == 0)
			return LIBC_MUSL;
	}
	return LIBC_UNKNOWN;
}

const char *libc_kind_name(enum libc_kind k)
{
	switch (k) {
	case LIBC_GLIBC: return "glibc";
	case LIBC_MUSL: return "musl";
	default: return "an unknown C library";
	}
}

int libc_musl_self(const char *name)
{
	/* musl's reserved names, each with the dot that must follow it */
	static const char *const reserved[] = { "c.", "pthread.", "rt.", "m.", "dl.", "util.", "xnet." };
	if (strncmp(name, "lib", 3) != 0)
		return 0;
	for (size_t i = 0; i < sizeof reserved / sizeof reserved[0]; i++)
		if (strncmp(name + 3, reserved[i], strlen(reserved[i])) == 0)
			return 1;
	return 0;
}

int libc_musl_own(const char *name)
{
	size_t n = strlen(name);
	return strcmp(name, "libc.so") == 0
	       || (strncmp(name, "libc.musl-", 10) == 0 && n > 15 && strcmp(name + n - 5, ".so.1") == 0);
}
