/* tests/unit/zrt_syslib.c: libzapp-rt's table of the host's system library
 * directories (zapp-rt/syslib.c) is sorted and normalised, and tells a
 * host system library from the Zapp's own files and a user's. */
#include "../../zapp-rt/rt.h"
#include "tap.h"

static const char *top = "/usr/local/lib/zapps/Z";

/* hostlibs.c's answer, for a Zapp that leaves libGL.so.1 to the host */
int zrt_host_lib(const char *path)
{
	const char *base = strrchr(path, '/');
	return strcmp(base ? base + 1 : path, "libGL.so.1") == 0;
}

/* map.c's answer, as in a Zapp installed at top */
int zrt_in_zapp(const char *path)
{
	char q[4096];
	return top && zrt_lexical(path, q, sizeof q) && zrt_inside(q, top, strlen(top));
}

static void table(void)
{
	int sorted = 1, normal = 1;
	for (unsigned long i = 0; i < zrt_syslib_ndirs; i++) {
		const char *d = zrt_syslib_dirs[i];
		if (i && strcmp(zrt_syslib_dirs[i - 1], d) >= 0)
			sorted = 0, printf("# %s is not after %s\n", d, zrt_syslib_dirs[i - 1]);
		if (d[0] != '/' || d[strlen(d) - 1] == '/' || strstr(d, "//") || strstr(d, "/."))
			normal = 0, printf("# %s is not absolute and normalised\n", d);
	}
	ok(sorted, "the table is sorted");
	ok(normal, "every directory is absolute, normalised, without a trailing slash");
}

static void verdicts(void)
{
	ok(zrt_syslib("/usr/lib/x86_64-linux-gnu/sasl2/libplain.so"), "a plugin of the multiarch directory");
	ok(zrt_syslib("/lib/x86_64-linux-gnu/libz.so.1"), "a library of /lib");
	ok(zrt_syslib("/usr/lib64/libfoo.so"), "of /usr/lib64");
	ok(zrt_syslib("/usr/local/lib/libbar.so"), "of /usr/local/lib");
	ok(zrt_syslib("//usr/./lib//x.so"), "spelt with // and .");
	ok(zrt_syslib("/opt/../usr/lib/x.so"), "reached through ..");
	ok(zrt_syslib("/../../lib/x.so"), ".. at / stays at /");
	ok(!zrt_syslib("/usr/lib"), "the directory itself");
	ok(!zrt_syslib("/usr/lib/"), "the directory with a slash");
	ok(!zrt_syslib("/usr/libexec/x.so"), "a name that only starts like a directory of the table");
	ok(!zrt_syslib("/usr/lib/../share/x.so"), "a path that leaves it through ..");
	ok(!zrt_syslib("/home/u/venv/lib/python3.11/site-packages/x.so"), "a user's library");
	ok(!zrt_syslib("/opt/app/lib/x.so"), "of /opt");
	ok(!zrt_syslib("lib/x.so"), "a relative name");
	ok(!zrt_syslib(NULL), "no name");
	ok(!zrt_syslib("/usr/local/lib/zapps/Z/lib/plugin.so"), "the Zapp's own, installed under a system directory");
	ok(zrt_syslib("/usr/local/lib/zapps/Z2/lib/plugin.so"), "another Zapp's whose name only starts like this one's");
	ok(!zrt_syslib("/usr/lib/x86_64-linux-gnu/libGL.so.1"), "a library the Zapp leaves to the host");
	top = NULL;
	ok(zrt_syslib("/usr/local/lib/zapps/Z/lib/plugin.so"), "outside a Zapp the same path is a host one");
}

int main(void)
{
	table();
	verdicts();
	return tap_done();
}
