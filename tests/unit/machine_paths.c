/* tests/unit/machine_paths.c: the table of the machine's own paths
 * (libzapp/machine_paths.c) is sorted and normalised, and tells the
 * machine's files and trees from everything else. */
#include "machine_paths.h"
#include "searchpath.h"
#include "tap.h"

static void table(void)
{
	int sorted = 1, normal = 1;
	char norm[512];
	for (size_t i = 0; i < machine_paths_size; i++) {
		const char *p = machine_paths[i].path;
		if (i && strcmp(machine_paths[i - 1].path, p) >= 0)
			sorted = 0, printf("# %s is not after %s\n", p, machine_paths[i - 1].path);
		/* path_normalize takes a path relative to a root */
		if (p[0] != '/' || path_normalize(p + 1, norm, sizeof norm) < 0 || strcmp(norm, p + 1) != 0)
			normal = 0, printf("# %s is not absolute and normalised\n", p);
	}
	ok(sorted, "the table is sorted by path");
	ok(normal, "every path is absolute and normalised");
}

static void verdicts(void)
{
	ok(machine_path("/proc/self/maps"), "a file of /proc");
	ok(machine_path("/proc"), "/proc itself");
	ok(machine_path("/tmp/x/y"), "below /tmp");
	ok(machine_path("/etc/localtime"), "the time zone");
	ok(machine_path("/etc/passwd"), "the users");
	ok(machine_path("/etc/ld.so.conf.d/x.conf"), "below a tree of /etc");
	ok(!machine_path("/etc/passwd-"), "a name that only starts like a file of the table");
	ok(!machine_path("/etc/localtime/x"), "below a file of the table");
	ok(!machine_path("/tmpfoo"), "a name that only starts like a tree");
	ok(!machine_path("/etc/ImageMagick-6/policy.xml"), "a program's configuration");
	ok(!machine_path("/usr/lib/python3.11/os.py"), "a program's library");
	ok(!machine_path("/usr/share/zoneinfo/UTC"), "time zone data a program may name");
}

int main(void)
{
	table();
	verdicts();
	return tap_done();
}
