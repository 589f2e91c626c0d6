/* zapp-assemble/plan.h: the plan of a Zapp — every file it will hold, where
 * it comes from and what must be done to it — built completely before
 * anything is written, so that errors leave nothing behind. */
#ifndef ASSEMBLE_PLAN_H
#define ASSEMBLE_PLAN_H

#include "strlist.h"
#include "zelf.h"

#include <stdint.h>
#include <sys/types.h>

enum entry_kind {
	ENTRY_DIR,		/* a directory of an input tree */
	ENTRY_FILE,		/* copied as it is: data, scripts, unusable libraries */
	ENTRY_STATIC,		/* a statically linked program, copied as it is */
	ENTRY_PROGRAM,		/* the real ELF of a dynamic program, under dynbin/ */
	ENTRY_LIBRARY,		/* a shared library, from a tree or the system */
	ENTRY_LOADER,		/* the dynamic loader, in lib/ */
	ENTRY_JUMPLOADER,	/* a stamped copy of the jumploader */
};

struct entry {
	char *dest;		/* path inside the Zapp, relative, normalised */
	char *src;		/* the file to copy; NULL for dirs and jumploaders.  Its
				   directory is the file's real one (a link of the
				   input is replaced by the file it leads to, so that
				   $ORIGIN is what the loader makes of it).  The names
				   of one file (links, hard links) have the same
				   src_dev/src_ino (and size), so the writer can make
				   them one file */
	dev_t src_dev;
	ino_t src_ino;
	off_t src_size;
	uint64_t src_print;	/* programs: the fingerprint of src (copy.c), read
				   when another of its size is planned; 0 before */
	char *shown;		/* the name to speak of it by (the input's, through
				   its links), when not src */
	char *origin_path;	/* programs read back from a Zapp: their launcher
				   there, whose directory is their $ORIGIN */
	enum entry_kind kind;
	mode_t mode;		/* permission bits for the copy */
	int from_tree;		/* came with an input tree (keeps its place) */
	int included;		/* included (include.c): 1 placed by the rule, 2 at a
				   place the user chose, 3 a piece of glibc
				   (glibc_pieces.c) */
	char *tree_rel;		/* its path inside that tree, when from_tree */
	int has_info;
	struct elf_info info;	/* ELF entries */
	struct entry *program;	/* libraries: the program whose closure reached it first */
	int needed;		/* libraries (closure.c): 1 reached by the closure, 2 being
				   tried on its own, -1 left out, 0 not yet seen */
	int drop;		/* left out after all (plan_drop) */
	const char *needed_by;	/* libraries and loaders: who asked first */
	struct strlist launch_dirs;	/* programs: directories of their jumploaders */
	struct strlist extra_dirs;	/* directories of the input, other than lib/, where
					   libraries it (or its closure) loads keep their place */
	struct entry *target;	/* jumploaders: the program they start */
	char *new_rpath;	/* the DT_RPATH to set, NULL to leave the file as it is */
	const char *add_needed;	/* a DT_NEEDED to make the first one (redirect.c) */
	char *content;		/* a file written by zapp (src NULL): its bytes */
	size_t content_len;
	/* zapp-check's jumploaders: what their stamp says, as Zapp paths;
	   stamp_top is what $ZAPP is (NULL: it leads out), stamp_env the
	   NAME=VALUE strings (stamp.h), NULL when none; stamp_target of a
	   script's launcher in direct mode (read back by zapp-assemble too):
	   its interpreter's program */
	char *stamp_target, *stamp_libdir, *stamp_top;
	struct strlist stamp_env;
	/* the launcher of a script (scripts.c): a jumploader whose target is
	   the script (an ENTRY_FILE under dynbin/), interp the Zapp path of its
	   interpreter's launcher (or static program), interp_args what comes
	   before the script; zapp-check's: the same from the stamp */
	char *interp, *stamp_script;
	struct strlist interp_args;
	int script_seen;	/* files: looked at by scripts.c */
	int script_input;	/* files: given as an input (a script whatever its mode) */
};

struct plan {
	struct entry **e;
	size_t n, cap;
	struct entry **slot;	/* open-addressing index on dest */
	size_t nslot;
	struct entry **programs;	/* the ENTRY_PROGRAMs, in the order planned:
					   a second name of one finds it (scan.c) */
	size_t nprograms, programs_cap;
	size_t runnable;	/* launchers, static programs and scripts planned */
};

struct entry *plan_find(const struct plan *p, const char *dest);
/* Add an entry for dest; NULL (with zfail) when dest is planned already. */
struct entry *plan_add(struct plan *p, const char *dest, enum entry_kind kind, const char *src);
/* Remember a program entry (plan->programs). */
int plan_add_program(struct plan *p, struct entry *e);
/* Drop the entries from index n on (added since p->n was n). */
void plan_truncate(struct plan *p, size_t n);
/* Drop the entries marked drop. */
void plan_drop(struct plan *p);
void plan_sort(struct plan *p);

/* plan_imports.c: can a program of p exec or dlopen (does it or its
 * closure import a function libzapp-rt.so.1 interposes)?  In doubt: yes.
 * p must not change while the handle lives. */
struct plan_imports;
struct plan_imports *plan_imports_new(const struct plan *p);
int plan_imports_interposed(struct plan_imports *c, const struct entry *prog);
void plan_imports_free(struct plan_imports *c);
void plan_free(struct plan *p);

#endif
