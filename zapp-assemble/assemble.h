/* zapp-assemble/assemble.h: the steps of an assembly, in order:
 *   scan     inputs (trees and files) -> entries of the plan
 *   closure  every DT_NEEDED and PT_INTERP resolved -> library entries
 *   rpaths   the search path each ELF gets inside the Zapp
 *   write    the plan materialised in a temporary directory beside OUT
 *   outdir   the temporary directory, and its atomic move to OUT
 */
#ifndef ASSEMBLE_H
#define ASSEMBLE_H

#include "plan.h"

struct options {
	const char *out;
	const char *sysroot;		/* "" for the host */
	const char *jumploader;		/* the jumploader to copy */
	int force, add, verbose, quiet;
	struct strlist trees;		/* real paths of the input trees */
	int errors;			/* problems reported so far */
};

/* scan.c */
int scan_input(struct plan *p, struct options *o, const char *input);
int scan_existing_zapp(struct plan *p, struct options *o, const char *dir);

/* closure.c: -1 after reporting every library that cannot be found */
int closure_resolve(struct plan *p, struct options *o);

/* rpaths.c */
int rpaths_compute(struct plan *p, struct options *o);

/* write.c */
int write_plan(struct plan *p, struct options *o, const char *dir);

/* outdir.c */
int outdir_begin(struct options *o, char *tmp, size_t len);
int outdir_commit(struct options *o, const char *tmp);
void outdir_abort(const char *tmp);
int outdir_interrupted(void);	/* a SIGINT/SIGTERM/SIGHUP arrived */
void outdir_reraise(void);	/* die of that signal */
int remove_tree(const char *path);

/* copy.c: copy a regular file's bytes to a new file (O_EXCL) */
int copy_file(const char *src, const char *dst, mode_t mode);
/* same content? */
int same_file_content(const char *a, const char *b);

#endif
