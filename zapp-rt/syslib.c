/* zapp-rt/syslib.c: is an absolute path a file of the host's system
 * library directories?  Those are where a host's loader, its ld.so.cache
 * and its programs' plugin directories (/usr/lib/x86_64-linux-gnu/sasl2,
 * /usr/lib/x86_64-linux-gnu/ImageMagick-6.9.11/modules-Q16) keep code
 * built against the host's own libc: a Zapp'd program must never load it
 * (docs/design.md, "Run-time redirection").  Elsewhere (a home directory,
 * /opt, a Python virtual environment) a library is the user's, and loads.
 *
 * The path is taken apart by its letters, as the kernel will take it:
 * empty and "." components dropped, ".." taking one off (a link before a
 * ".." makes the kernel's answer another; a path spelt so to reach a
 * system directory through a link of the user's own is the user's
 * business).  No system call, no libc: safe anywhere. */
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

/* path without empty, "." and ".." components into out ("/a/b"; a ".."
 * at "/" stays there, as the kernel's does); 0 when it is too long */
static int lexical(const char *path, char *out, unsigned long len)
{
	unsigned long n = 0;
	for (const char *p = path; *p;) {
		while (*p == '/')
			p++;
		const char *c = p;
		while (*p && *p != '/')
			p++;
		unsigned long cl = (unsigned long)(p - c);
		if (cl == 0 || (cl == 1 && c[0] == '.'))
			continue;
		if (cl == 2 && c[0] == '.' && c[1] == '.') {
			while (n > 0 && out[n - 1] != '/')
				n--;
			if (n > 0)
				n--;	/* the slash before it */
			continue;
		}
		if (n + 1 + cl + 1 > len)
			return 0;
		out[n++] = '/';
		for (unsigned long i = 0; i < cl; i++)
			out[n++] = c[i];
	}
	out[n] = '\0';
	return 1;
}

/* Is q (lexical) inside the directory d of n bytes? */
static int inside(const char *q, const char *d, unsigned long n)
{
	for (unsigned long k = 0; k < n; k++)
		if (q[k] != d[k])
			return 0;
	return q[n] == '/' && q[n + 1];
}

int zrt_syslib(const char *path)
{
	char q[4096];
	unsigned long toplen = 0;
	if (!path || path[0] != '/' || !lexical(path, q, sizeof q))
		return 0;
	const char *top = zrt_top(&toplen);
	if (top && inside(q, top, toplen))
		return 0;	/* the Zapp's own, wherever it is installed */
	for (unsigned long i = 0; i < zrt_syslib_ndirs; i++) {
		const char *d = zrt_syslib_dirs[i];
		unsigned long n = 0;
		while (d[n])
			n++;
		if (inside(q, d, n))
			return 1;
	}
	return 0;
}
