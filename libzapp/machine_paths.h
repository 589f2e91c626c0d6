/* libzapp/machine_paths.h: the paths that belong to the machine a program
 * runs on, never to a Zapp: what a traced run read there (zapp-trace,
 * zapp-assemble --from-strace) is left out of the list of files it used.
 *
 *   - the kernel's and the run's own trees: /proc, /sys, /dev, /run, /tmp;
 *   - the files that describe the machine, which a program must read from
 *     the machine it runs on: its time zone (/etc/localtime), its users and
 *     groups, its names and resolvers (/etc/hosts, /etc/resolv.conf,
 *     /etc/nsswitch.conf, ...), its loader configuration, its identity.
 *
 * One sorted table (machine_paths.c), checked by tests/unit/machine_paths.c. */
#ifndef ZAPP_MACHINE_PATHS_H
#define ZAPP_MACHINE_PATHS_H

#include <stddef.h>

struct machine_path {
	const char *path;	/* absolute, normalised */
	int tree;		/* 1: the directory and all below it; 0: the file alone */
};

extern const struct machine_path machine_paths[];
extern const size_t machine_paths_size;

/* 1 when abs (absolute, normalised) is one of the table's files or lies in
 * one of its trees. */
int machine_path(const char *abs);

#endif
