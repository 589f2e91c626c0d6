/* libzapp/fat_check.h: what a Zapp loses on FAT32 or exFAT (fat_check.c),
 * for zapp-check --fat and zapp-assemble --fat. */
#ifndef ZAPP_FAT_CHECK_H
#define ZAPP_FAT_CHECK_H

#include <stdarg.h>
#include <stddef.h>

/* problem: 1 for what FAT or exFAT refuses or changes, 0 for what only
 * costs room (a hard link made a copy) */
typedef void fat_report_fn(void *ctx, const char *rel, const char *message, int problem);

struct fat_totals {
	size_t problems;		/* names and sizes refused or changed */
	size_t files;
	size_t copies;			/* hard links that become copies */
	unsigned long long copy_bytes;	/* and the bytes they add */
};

/* Why FAT or exFAT would refuse or change the file name name, or NULL. */
const char *fat_name_problem(const char *name);

/* Every problem of the tree top (relative paths, "" the top), reported
 * one by one, counted in t.  0, or -1 (zfail) when it cannot be read. */
int fat_check_tree(const char *top, fat_report_fn *report, void *ctx, struct fat_totals *t);

#endif
