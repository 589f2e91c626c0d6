/* zapp-assemble/assemble.h: the steps of an assembly, in order:
 *   scan     inputs (trees and files) -> entries of the plan
 *   include  the files beyond the closure, and the interpreters' own
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

#include <stdint.h>
#include <sys/stat.h>

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
	/* the files beyond the closure (include.c) */
	struct strlist include;		/* --include SRC[=DEST], as given */
	struct strlist files_from;	/* --files-from LIST ("-": standard input) */
	struct strlist straces;		/* --from-strace LOG */
	int detect;			/* --detect */
	int glibc_piece;		/* set while glibc_pieces.c includes a piece */
	enum pieces_set { PIECES_COMMON, PIECES_ALL, PIECES_NONE } glibc_pieces;	/* --glibc-pieces */
	struct strlist prefixes;	/* real paths of the prefixes of the inputs */
	struct strlist brought;		/* interpreters brought in for scripts (scripts.c),
					   as inputs given as files */
	size_t scripts;			/* launchers of scripts planned */
	int script_exec;		/* --script-exec: no script's launcher in direct mode */
	/* the interpreters' run-time files (interp_include.c) */
	int no_interp_files;		/* --no-interp-files */
	struct strlist interps;		/* the interpreters that brought theirs */
	struct strlist host_libs;	/* --host-lib PATTERN (host_libs.c) */
	struct strlist renames;		/* --rename OLD=NEW, as given */
	struct strlist renamed;		/* those that found their input */
	int fat;			/* --fat: warn of what FAT would lose */
	const char *tar;		/* --tar FILE (tar.c) */
	const char *installer;		/* --installer FILE (installer.c) */
	const char *single;		/* --single FILE (single.c) */
	const char *main_prog;		/* --main NAME, for --single */
	int tar_only;			/* one of them without -o: out is where
					   the tree is made, never created */
	size_t interp_files;		/* the files they brought */
	unsigned long long interp_bytes;	/* and their bytes */
};

/* signals.c: SIGINT, SIGTERM and SIGHUP, caught from the start of main */
void signals_install(void);
int interrupted(void);		/* one of them arrived: give up */
void die_of_signal(void);	/* die of it, once the temporary tree is gone */

/* scan.c: --rename.  rename_check: one OLD=NEW, checked (-1 after a
 * usage message); rename_of: the name a program given as the file path
 * (named name) gets: NEW of the first --rename whose OLD is path as given,
 * or name when no other input took it; else name; rename_unused: -1 after
 * an error for each --rename that found no input. */
int rename_check(const char *arg);
const char *rename_of(struct options *o, const char *path, const char *name);
int rename_unused(const struct options *o);

/* scan.c */
int scan_input(struct plan *p, struct options *o, const char *input);
int scan_existing_zapp(struct plan *p, struct options *o, const char *dir);

/* scan.c: a file of the host, included at rel (include.c checked that
 * rel is free and src readable; elf: src starts with the ELF magic): a
 * program gets a launcher there, a library is tried by the closure,
 * anything else is copied as it is */
int scan_included(struct plan *p, struct options *o, const char *rel, const char *shown, const char *src,
		  const struct stat *st, int elf, int explicit_dest);

/* include.c: the files beyond the closure, and where they go.
 * include_prefixes: the prefix of each input (before include_inputs);
 * include_inputs: --include, --files-from, --from-strace, --detect;
 * include_path: one file or directory, at dest (NULL: placed by the rule);
 * from says who named it, for messages (NULL: the command line). */
int include_prefixes(struct options *o, char *const *inputs, int n);
int include_inputs(struct plan *p, struct options *o, char *const *inputs, int n);
int include_path(struct plan *p, struct options *o, const char *path, const char *dest, const char *from);
/* The prefix a file at real (a real path) belongs to: the directory above
 * the nearest of its directories named bin, sbin, libexec, games, lib,
 * lib64, lib32 or libx32; 0, or -1 when it has none. */
int prefix_of(const char *real, char *out, size_t len);

/* interp_include.c: each interpreter among the programs given as files
 * (python3.N, perl: interp_files.h) with its run-time files, placed by
 * the rule; called once the inputs and the included files are planned,
 * before the closure */
int interp_include(struct plan *p, struct options *o);

/* glibc_pieces.c: glibc's gconv modules, C.UTF-8 locale and NSS modules,
 * for a Zapp that holds lib/libc.so.6 (called by the closure once the
 * programs' libraries are known) */
int glibc_pieces(struct plan *p, struct options *o);

/* scripts.c: each executable file of the plan whose #! line the kernel
 * would run (docs/layout.md, rule 3) moves to dynbin/ and gets a
 * launcher at its place that starts its interpreter, found in the Zapp
 * or brought in from the host (or --sysroot) as a program input, whose
 * path is then pushed onto o->brought.  Called again after the included
 * files, for theirs.  -1 after reporting every script that cannot be
 * given one. */
int scripts_plan(struct plan *p, struct options *o);
/* scripts.c: the launcher of its interpreter when the launcher e of a
 * script may start that interpreter's program itself (direct mode,
 * stamp.h version 4), else NULL (exec mode); once the rpaths are known */
const struct entry *script_direct(const struct plan *p, const struct options *o, const struct entry *e);

/* scan.c: where the real file of a program (or script) launched at rel goes */
void dynbin_path(const char *rel, char *out, size_t len);

/* closure.c: -1 after reporting every library that cannot be found */
int closure_resolve(struct plan *p, struct options *o);

/* redirect.c: inputs are the inputs as given (docs/design.md) */
/* installed.c: the file name of what zapp installs as
 * BINDIR/../lib/zapp/NAME beside zapp-assemble, or the value of the
 * variable env when it is set (env may be NULL); 0, or -1 (zfail). */
int installed_file(const char *env, const char *name, char *buf, size_t len);

/* tar.c: --tar FILE.  tar_name_ok: 0 for a name of a tar archive (its
 * compression from the suffix), -1 (zfail) otherwise; tar_write: the tree
 * top as FILE, its entries under name, into tmp (len bytes: the temporary
 * file beside FILE, "" for standard output), -1 (zfail) on error, tmp
 * then to be removed; tar_commit: tmp renamed to FILE, never replacing. */
int tar_name_ok(const char *file);
/* the tree for FILE alone: FILE's directory and its name less the suffix */
int tar_tree_name(const char *file, char *out, size_t len);
int tar_write(const char *top, const char *name, const char *file, char *tmp, size_t len);
/* the archive alone, of the kind the name kind says ("x.tar.gz"), into fd */
int tar_to_fd(const char *top, const char *name, const char *kind, int fd);
/* single.c: --single FILE, the one-file Zapp of the tree at top, named
 * name, that runs bin/main_prog; tmp as for tar_write */
int single_write(const char *top, const char *name, const char *main_prog, const char *file, char *tmp, size_t len);
/* installer.c: --installer FILE, the script carrying the Zapp at top,
 * named name; tmp as for tar_write; committed with tar_commit */
int installer_write(const char *top, const char *name, const char *file, char *tmp, size_t len);
int tar_commit(const char *tmp, const char *file);

#define HOST_LIBS "lib/zapp/hostlibs"

/* host_libs.c: --host-lib.  host_libs_add: one pattern, checked (-1
 * after a usage message); host_lib: the pattern name matches, or NULL;
 * host_libs_read_back: 1 when rel is a Zapp's list (read into o, not
 * copied), 0 when it is not, -1 on error; host_libs_plan: the list, into
 * the plan; host_libs_dirs: the host's library directories the programs
 * search after the Zapp's, appended to dirs. */
int host_libs_add(struct options *o, const char *pattern);
const char *host_lib(const struct options *o, const char *name);
int host_libs_read_back(struct options *o, const char *rel, const char *real);
int host_libs_plan(struct plan *p, struct options *o);
int host_libs_dirs(const struct options *o, struct strlist *dirs);

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
/* The fingerprint of a regular file of size bytes (open as fd, or at
 * path): a hash of its first FINGERPRINT bytes, never 0; 0 when they
 * cannot be read.  Two files of one size whose fingerprints are not 0 and
 * differ hold other bytes, and need no comparing. */
#define FINGERPRINT 4096
uint64_t file_fingerprint(int fd, off_t size);
uint64_t path_fingerprint(const char *path, off_t size);

#endif
