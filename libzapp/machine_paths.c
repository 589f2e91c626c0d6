/* libzapp/machine_paths.c: the table of machine_paths.h. */
#include "machine_paths.h"
#include "searchpath.h"

#include <string.h>

/* Sorted by path (strcmp): tests/unit/machine_paths.c checks it. */
const struct machine_path machine_paths[] = {
	{ "/dev", 1 },
	{ "/etc/gai.conf", 0 },
	{ "/etc/group", 0 },
	{ "/etc/gshadow", 0 },
	{ "/etc/host.conf", 0 },
	{ "/etc/hostname", 0 },
	{ "/etc/hosts", 0 },
	{ "/etc/ld.so.cache", 0 },
	{ "/etc/ld.so.conf", 0 },
	{ "/etc/ld.so.conf.d", 1 },
	{ "/etc/ld.so.preload", 0 },
	{ "/etc/localtime", 0 },
	{ "/etc/machine-id", 0 },
	{ "/etc/mtab", 0 },
	{ "/etc/nsswitch.conf", 0 },
	{ "/etc/passwd", 0 },
	{ "/etc/resolv.conf", 0 },
	{ "/etc/services", 0 },
	{ "/etc/shadow", 0 },
	{ "/etc/timezone", 0 },
	{ "/proc", 1 },
	{ "/run", 1 },
	{ "/sys", 1 },
	{ "/tmp", 1 },
};
const size_t machine_paths_size = sizeof machine_paths / sizeof machine_paths[0];

int machine_path(const char *abs)
{
	for (size_t i = 0; i < machine_paths_size; i++) {
		const struct machine_path *m = &machine_paths[i];
		if (m->tree ? path_under(abs, m->path) != NULL : strcmp(abs, m->path) == 0)
			return 1;
	}
	return 0;
}
