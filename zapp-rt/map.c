/* zapp-rt/map.c: finding the Zapp this library belongs to, and looking a
 * host path up in the Zapp's map.
 *
 * The Zapp's top is the parent of the directory the library was mapped
 * from, as /proc/self/maps names it (also when the Zapp has no map: the
 * library then only keeps programs from the host's system libraries,
 * syslib.c) (read with system calls: dladdr would
 * take the loader's lock, which a forked child of a multi-threaded parent
 * may find held).  The map, TOP/lib/zapp/hostpaths, is lines
 * "HOSTPATH\tZAPPPATH\n" sorted by HOSTPATH in byte order; it is mapped
 * into memory on the first look-up (a program that neither execs nor
 * dlopens never reads it) and searched in place by bisection.  The state
 * is published once, by a compare-and-swap: threads that race each read
 * it, the losers unmap theirs; none ever waits for another.
 */
#include "rt.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdatomic.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#define MAP_NAME "lib/zapp/hostpaths"

struct zmap {
	const char *data;	/* the map's bytes, NULL (len 0) when there is none */
	size_t len;
	size_t toplen;
	char top[PATH_MAX];	/* the Zapp's top, absolute */
};

static const struct zmap *const none = (const struct zmap *)1;	/* not in a Zapp:
									 * every path is the host's */
static _Atomic(const struct zmap *) state;

static long sys(long nr, long a, long b, long c, long d, long e, long f)
{
	return syscall(nr, a, b, c, d, e, f);
}

static void sys_close(int fd)
{
	sys(SYS_close, fd, 0, 0, 0, 0, 0);
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* One line of /proc/self/maps: "start-end perms offset dev inode   path".
 * When it covers addr, its path is copied to out. */
static int line_covers(const char *l, size_t n, uintptr_t addr, char *out, size_t len)
{
	uintptr_t lo = 0, hi = 0;
	size_t i = 0, f;
	int v;
	for (; i < n && (v = hexval(l[i])) >= 0; i++)
		lo = lo * 16 + (uintptr_t)v;
	if (i >= n || l[i++] != '-')
		return 0;
	for (; i < n && (v = hexval(l[i])) >= 0; i++)
		hi = hi * 16 + (uintptr_t)v;
	if (addr < lo || addr >= hi)
		return 0;
	for (f = 0; f < 4; f++) {	/* perms, offset, dev, inode */
		while (i < n && l[i] == ' ')
			i++;
		while (i < n && l[i] != ' ')
			i++;
	}
	while (i < n && l[i] == ' ')
		i++;
	if (i >= n || l[i] != '/' || n - i >= len)
		return 0;
	zrt_memcpy(out, l + i, n - i);
	out[n - i] = '\0';
	return 1;
}

/* The file this library was mapped from, into out. */
static int self_path(char *out, size_t len)
{
	static const char maps[] = "/proc/self/maps";
	char buf[4096], line[PATH_MAX + 128];
	size_t ln = 0;
	int found = 0, skip = 0;
	long n, fd = sys(SYS_openat, AT_FDCWD, (long)maps, O_RDONLY | O_CLOEXEC, 0, 0, 0);
	if (fd < 0)
		return -1;
	while (!found && (n = sys(SYS_read, fd, (long)buf, sizeof buf, 0, 0, 0)) > 0) {
		for (long i = 0; i < n && !found; i++) {
			if (buf[i] != '\n') {
				if (ln < sizeof line)
					line[ln++] = buf[i];
				else
					skip = 1;	/* too long for a path we could use */
				continue;
			}
			if (!skip)
				found = line_covers(line, ln, (uintptr_t)&self_path, out, len);
			ln = 0;
			skip = 0;
		}
	}
	sys_close((int)fd);
	return found ? 0 : -1;
}

/* TOP from TOP/lib/libzapp-rt.so.1: two components off. */
static int top_of(char *path, size_t *toplen)
{
	size_t n = zrt_strlen(path);
	for (int k = 0; k < 2; k++) {
		while (n > 0 && path[n - 1] != '/')
			n--;
		if (n == 0)
			return -1;
		n--;
	}
	path[n] = '\0';
	*toplen = n;
	return 0;
}

static const struct zmap *load(void)
{
	struct stat st;
	long fd, m;
	struct zmap *z = (struct zmap *)sys(SYS_mmap, 0, sizeof *z, PROT_READ | PROT_WRITE,
					    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if ((unsigned long)z > -4096UL)
		return none;
	if (self_path(z->top, sizeof z->top) < 0 || top_of(z->top, &z->toplen) < 0
	    || z->toplen + sizeof MAP_NAME + 1 > sizeof z->top)
		goto no_map;
	char name[PATH_MAX];
	zrt_memcpy(name, z->top, z->toplen);
	name[z->toplen] = '/';
	zrt_memcpy(name + z->toplen + 1, MAP_NAME, sizeof MAP_NAME);
	fd = sys(SYS_openat, AT_FDCWD, (long)name, O_RDONLY | O_CLOEXEC | O_NONBLOCK, 0, 0, 0);
	if (fd < 0)
		return z;	/* a Zapp without a map: its top, nothing held */
	if (sys(SYS_fstat, fd, (long)&st, 0, 0, 0, 0) < 0 || !S_ISREG(st.st_mode) || st.st_size <= 0) {
		sys_close((int)fd);
		return z;
	}
	m = sys(SYS_mmap, 0, st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	sys_close((int)fd);
	if ((unsigned long)m > -4096UL)
		return z;
	z->data = (const char *)m;
	z->len = (size_t)st.st_size;
	return z;
no_map:
	sys(SYS_munmap, (long)z, sizeof *z, 0, 0, 0, 0);
	return none;
}

static const struct zmap *get(void)
{
	const struct zmap *z = atomic_load_explicit(&state, memory_order_acquire), *expected = NULL;
	if (z)
		return z;
	z = load();
	if (atomic_compare_exchange_strong_explicit(&state, &expected, z, memory_order_acq_rel,
						    memory_order_acquire))
		return z;
	if (z != none) {	/* another thread was first: its map it is */
		if (z->data)
			sys(SYS_munmap, (long)z->data, (long)z->len, 0, 0, 0, 0);
		sys(SYS_munmap, (long)z, sizeof *z, 0, 0, 0, 0);
	}
	return expected;
}

/* key (n bytes) against the NUL-terminated q, as unsigned bytes */
static int compare(const char *q, const char *key, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char a = (unsigned char)q[i], b = (unsigned char)key[i];
		if (!a || a != b)
			return a < b ? -1 : 1;
	}
	return q[n] ? 1 : 0;
}

/* The ZAPPPATH of the line whose HOSTPATH is q (n bytes in *vlen), or
 * NULL.  A line without TAB or newline ends the search: a damaged map
 * redirects nothing it cannot read. */
static const char *find(const struct zmap *z, const char *q, size_t *vlen)
{
	const char *d = z->data;
	size_t lo = 0, hi = z->len;
	while (lo < hi) {
		size_t s = lo + (hi - lo) / 2, tab, e;
		while (s > lo && d[s - 1] != '\n')
			s--;
		for (tab = s; tab < z->len && d[tab] != '\t' && d[tab] != '\n'; tab++)
			;
		for (e = tab; e < z->len && d[e] != '\n'; e++)
			;
		if (tab >= z->len || d[tab] != '\t' || e >= z->len)
			return NULL;
		int c = compare(q, d + s, tab - s);
		if (c == 0) {
			*vlen = e - tab - 1;
			return d + tab + 1;
		}
		if (c < 0)
			hi = s;
		else
			lo = e + 1;
	}
	return NULL;
}

/* path without repeated slashes and "." components, into out; 0 when it
 * holds ".." (left as it is: a link may stand before it) or is too long */
static int tidy(const char *path, char *out, size_t len)
{
	size_t n = 0;
	for (const char *p = path; *p; ) {
		while (*p == '/')
			p++;
		const char *c = p;
		while (*p && *p != '/')
			p++;
		size_t cl = (size_t)(p - c);
		if (cl == 0 || (cl == 1 && c[0] == '.'))
			continue;
		if (cl == 2 && c[0] == '.' && c[1] == '.')
			return 0;
		if (n + 1 + cl + 1 > len)
			return 0;
		out[n++] = '/';
		zrt_memcpy(out + n, c, cl);
		n += cl;
	}
	if (n == 0)
		return 0;
	out[n] = '\0';
	return 1;
}

const char *zrt_map(const char *path, char *out, size_t len)
{
	char q[PATH_MAX];
	size_t vlen = 0;
	const char *v;
	if (!path || path[0] != '/' || !tidy(path, q, sizeof q))
		return NULL;
	int saved = errno;	/* the look-up leaves errno as the caller had it */
	const struct zmap *z = get();
	errno = saved;
	if (z == none || !(v = find(z, q, &vlen)) || vlen == 0 || z->toplen + 1 + vlen + 1 > len)
		return NULL;
	zrt_memcpy(out, z->top, z->toplen);
	out[z->toplen] = '/';
	zrt_memcpy(out + z->toplen + 1, v, vlen);
	out[z->toplen + 1 + vlen] = '\0';
	return out;
}

const char *zrt_top(unsigned long *len)
{
	int saved = errno;
	const struct zmap *z = get();
	errno = saved;
	if (z == none)
		return NULL;
	*len = z->toplen;
	return z->top;
}

int zrt_in_zapp(const char *path)
{
	char joined[PATH_MAX], q[PATH_MAX];
	unsigned long toplen = 0;
	const char *top = zrt_top(&toplen);
	if (!top || !path || !*path)
		return 0;
	if (path[0] != '/') {
		long n = sys(SYS_getcwd, (long)joined, sizeof joined, 0, 0, 0, 0);
		size_t pl = zrt_strlen(path);
		if (n <= 0 || joined[0] != '/' || (size_t)n + 1 + pl + 1 > sizeof joined)
			return 0;
		joined[n - 1] = '/';	/* n counts the NUL */
		zrt_memcpy(joined + n, path, pl + 1);
		path = joined;
	}
	return zrt_lexical(path, q, sizeof q) && zrt_inside(q, top, toplen);
}

const char *zrt_map_or_same(const char *path, char *out, size_t len)
{
	const char *m = zrt_map(path, out, len);
	return m ? m : path;
}
