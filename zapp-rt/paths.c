/* zapp-rt/paths.c: paths taken apart by their letters, as the kernel will
 * take them (empty and "." components dropped, ".." taking one off)
 * without looking at the file system: no system call, no libc, safe
 * anywhere. */
#include "rt.h"

/* path without empty, "." and ".." components into out ("/a/b"; a ".."
 * at "/" stays there, as the kernel's does); 0 when it is too long */
int zrt_lexical(const char *path, char *out, unsigned long len)
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
int zrt_inside(const char *q, const char *d, unsigned long n)
{
	for (unsigned long k = 0; k < n; k++)
		if (q[k] != d[k])
			return 0;
	return q[n] == '/' && q[n + 1];
}
