/* zapp-assemble/assemble.h: the steps of an assembly, in order:
 *   scan     inputs (trees and files) -> entries of the plan
 *   closure  every DT_NEEDED and PT_INTERP resolved -> library entries
 *   redirect the map of host paths the Zapp holds copies of, and the
 *            programs that get the run-time redirection library
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
	int no_redirect;		/* --no-redirect: no map, no libzapp-rt.so.1 */
	struct strlist maps;		/* the maps of the Zapps read back (redirect.c) */
	struct strlist trees;		/* real paths of the input trees */
	struct strlist warned;		/* rpath entries warned about, "src\tentry" */
	struct strlist env;		/* --env NAME=VALUE, for every launcher */
};

/* signals.c: SIGINT, SIGTERM and SIGHUP, caught from the start of main */
void signals_install(void);
int interrupted(void);		/* one of them arrived: give up */
void die_of_signal(void);	/* die of it, once the temporary tree is gone */

/* scan.c */
int scan_input(struct plan *p, struct options *o, const char *input);
int scan_existing_zapp(struct plan *p, struct options *o, const char *dir);

/* closure.c: -1 after reporting every library that cannot be found */
int closure_resolve(struct plan *p, struct options *o);

/* redirect.c: inputs are the inputs as given (docs/design.md) */
#define REDIRECT_MAP "lib/zapp/hostpaths"
#define REDIRECT_LIB "lib/libzapp-rt.so.1"
int redirect_plan(struct plan *p, struct options *o, char **inputs, int n);
/* A file of a Zapp read back that the assembly makes anew (its map, kept
 * in o->maps): 1, and the scan passes it over; else 0. */
int redirect_read_back(struct options *o, const char *rel, const char *real);

/* rpaths.c */
int rpaths_compute(struct plan *p, struct options *o);

/* write.c; set_mode: chmod, where the file system keeps modes */
int write_plan(struct plan *p, struct options *o, const char *dir);
int set_mode(const char *path, mode_t mode);

/* outdir.c: outdir_check before anything else, outdir_begin before the
 * write; --force and --add replace only a Zapp (see outdir.c) */
int outdir_check(struct options *o);
int outdir_begin(struct options *o, char *tmp, size_t len);
int outdir_commit(struct options *o, char *tmp);	/* tmp emptied when not to be removed */
void outdir_abort(const char *tmp);	/* and drops the lock outdir_check took */

/* copy.c: copy the size bytes of the regular file open as in (named src,
 * for messages) to a new file dst (O_EXCL); *no_reflink, kept by the
 * caller, says the file system has no reflinks */
int copy_fd_to(int in, off_t size, const char *src, const char *dst, mode_t mode, int *no_reflink);
/* same content? */
int same_file_content(const char *a, const char *b);

#endif
