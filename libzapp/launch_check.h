/* libzapp/launch_check.h: would the jumploader start this file?
 *
 * The jumploader validates every program and loader it starts with
 * jumploader/elf_check.c before it maps anything.  launch_check makes
 * those same checks, through the same functions on the same bytes (the
 * first page, the program headers, the PT_INTERP string), so that
 * zapp-assemble refuses at assembly, and zapp-check refuses in a Zapp,
 * exactly what the jumploader would refuse at run time, with its words.
 */
#ifndef ZAPP_LAUNCH_CHECK_H
#define ZAPP_LAUNCH_CHECK_H

#include "target.h"

enum launch_role {
	LAUNCH_PROGRAM,		/* dynbin/NAME: must be executable */
	LAUNCH_LOADER,		/* lib/<PT_INTERP's name>: must not ask for a loader */
};

/* 0 when the jumploader of machine t (jumploader-ARCH: the Zapp's,
 * target_zapp(), or the one a launcher is a copy of) would start the file
 * at path in that role (as far as its headers tell: mapping can still
 * fail at run time), else -1 with that jumploader's reason in zwhy(). */
int launch_check(const char *path, enum launch_role role, const struct target *t);

#endif
