/* zapp-rt/syslib.c: is an absolute path a file of the host's system
 * library directories?  Those are where a host's loader, its ld.so.cache
 * and its programs' plugin directories (/usr/lib/x86_64-linux-gnu/sasl2,
 * /usr/lib/x86_64-linux-gnu/ImageMagick-6.9.11/modules-Q16) keep code
 * built against the host's own libc: a Zapp'd program must never load it
 * (docs/design.md, "Run-time redirection").  Elsewhere (a home directory,
 * /opt, a Python virtual environment) a library is the user's, and loads.
 *
 * The path is taken apart by its letters (zrt_lexical): a link before a
 * ".." makes the kernel's answer another; a path spelt so to reach a
 * system directory through a link of the user's own is the user's
 * business. */
#include "rt.h"

/* The directories, sorted by strcmp (tests/unit/zrt_syslib.c checks it):
 * every directory a glibc or musl loader searches by default or a
 * distribution installs libraries in, for each word size. */
const char *const zrt_syslib_dirs[] = {
	"/lib",
	"/lib32",
	"/lib64",
	"/libx32",
	"/usr/lib",
	"/usr/lib32",
	"/usr/lib64",
	"/usr/libx32",
	"/usr/local/lib",
	"/usr/local/lib32",
	"/usr/local/lib64",
};
const unsigned long zrt_syslib_ndirs = sizeof zrt_syslib_dirs / sizeof *zrt_syslib_dirs;

int zrt_syslib(const char *path)
{
	char q[4096];
	if (!path || path[0] != '/' || !zrt_lexical(path, q, sizeof q))
		return 0;
	if (zrt_in_zapp(q))
		return 0;	/* the Zapp's own, wherever it is installed */
	if (zrt_host_lib(q))
		return 0;	/* one the Zapp leaves to the host (--host-lib) */
	for (unsigned long i = 0; i < zrt_syslib_ndirs; i++) {
		const char *d = zrt_syslib_dirs[i];
		unsigned long n = 0;
		while (d[n])
			n++;
		if (zrt_inside(q, d, n))
			return 1;
	}
	return 0;
}
