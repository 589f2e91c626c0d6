/* zapp-assemble/scan.c: what the inputs hold.  An input is an install
 * prefix (a directory: bin/, lib/, libexec/, share/, ...), a single
 * program (dynamic ELF, static ELF, or #! script) or library, or a Zapp.
 * Each file becomes an entry of the plan at its place; each dynamically
 * linked program becomes a jumploader at its place and its real ELF under
 * dynbin/.
 *
 * Names are taken as given, files as they are: a name that is a symbolic
 * link is read from the file it leads to (its real path), so that a program
 * found through a link resolves $ORIGIN from its real directory, as the
 * loader does; every entry records the device and inode of its file, so
 * that the names of one file (links, hard links) are known as one.  A
 * second name for a program (a link, a hard link, a copy with the same
 * bytes) is another jumploader for the same dynbin/ file.  Links are walked after everything else of their input, so that
 * the program a link leads to is planned first. */
#include "assemble.h"
#include "hash.h"
#include "marker.h"
#include "report.h"
#include "launch_check.h"
#include "searchpath.h"
#include "target.h"
#include "stamp_io.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Does the program's search path hold an $ORIGIN entry?  Two copies of
 * such a program at different places find different libraries. */
static int has_origin_entry(const struct elf_info *info)
{
	const char *v = info->runpath ? info->runpath : info->rpath;
	return v && (strstr(v, "ORIGIN") != NULL);
}

/* The program already planned that the file src (st, info) is another
 * name of: the same file, or the same bytes where that cannot change what
 * it loads (Debian's /usr/lib/git-core/git is a copy of /usr/bin/git). */
static size_t dir_depth(const char *dir)
{
	size_t n = strcmp(dir, ".") != 0;
	for (const char *s = dir; *s; s++)
		n += *s == '/';
	return n;
}

/* Can a launcher at rel start e?  Only from a directory as deep as e's
 * other launchers': one search path serves them all, and an entry that
 * reaches lib/ from a deeper directory climbs out of the Zapp from a
 * shallower one (rpaths.c).  Another depth gets its own copy. */
static int same_depth(const struct entry *e, const char *rel)
{
	char dir[PATH_MAX];
	path_dirname(rel, dir, sizeof dir);
	return e->launch_dirs.n == 0 || dir_depth(e->launch_dirs.v[0]) == dir_depth(dir);
}

/* The program planned already that src (st), to be launched as rel, is
 * another name of: the same file, or one with the same bytes.  Only those
 * of its size and fingerprint are compared byte for byte: a set of many
 * programs of one size (netpbm's) reads each of their first 4 KiB once,
 * not every pair of them whole. */
static struct entry *program_by_file(const struct plan *p, const char *rel, const char *src, const struct stat *st,
				     const struct elf_info *info)
{
	char a[PATH_MAX], b[PATH_MAX];
	uint64_t print = 0;
	int printed = 0;
	for (size_t i = 0; i < p->nprograms; i++)
		if (p->programs[i]->src_dev == st->st_dev && p->programs[i]->src_ino == st->st_ino
		    && same_depth(p->programs[i], rel))
			return p->programs[i];
	for (size_t i = 0; i < p->nprograms; i++) {
		struct entry *e = p->programs[i];
		if (e->src_size != st->st_size || e->origin_path || !same_depth(e, rel))
			continue;
		path_dirname(e->src, a, sizeof a);
		path_dirname(src, b, sizeof b);
		if ((has_origin_entry(info) || has_origin_entry(&e->info)) && strcmp(a, b) != 0)
			continue;
		if (!printed) {
			print = path_fingerprint(src, st->st_size);
			printed = 1;
		}
		if (!e->src_print)
			e->src_print = path_fingerprint(e->src, e->src_size);
		if (print && e->src_print && print != e->src_print)
			continue;	/* other bytes */
		if (same_file_content(e->src, src))
			return e;
	}
	return NULL;
}

static int starts_with_shebang(const char *path)
{
	char b[2];
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK), ok;
	if (fd < 0)
		return 0;
	ok = read(fd, b, 2) == 2 && b[0] == '#' && b[1] == '!';
	close(fd);
	return ok;
}

/* Where the real ELF of a program planned at rel goes. */
void dynbin_path(const char *rel, char *out, size_t len)
{
	if (strncmp(rel, "bin/", 4) == 0 && !strchr(rel + 4, '/'))
		snprintf(out, len, "dynbin/%s", rel + 4);
	else
		snprintf(out, len, "dynbin/%s", rel);
}

static int add_jumploader(struct plan *p, const char *rel, struct entry *prog)
{
	char dir[PATH_MAX];
	struct entry *j = plan_add(p, rel, ENTRY_JUMPLOADER, NULL);
	if (!j)
		return zerr(rel, "%s", zwhy()), -1;
	j->mode = 0755;
	j->target = prog;
	path_dirname(rel, dir, sizeof dir);
	if (!strlist_contains(&prog->launch_dirs, dir) && strlist_push(&prog->launch_dirs, dir) < 0)
		return zerr(NULL, "out of memory"), -1;
	return 0;
}

/* The first program (or library given as an input) decides the Zapp's
 * machine; every later one must be of it (target.h). */
static int check_machine(const char *shown, const struct elf_info *info)
{
	if (target_decide(shown, info->machine, info->elfclass) < 0) {
		zerr(shown, "%s", zwhy());
		return -1;
	}
	/* a program: what the jumploader will check before it starts it */
	if (elf_role_of(info) == ELF_ROLE_PROGRAM && launch_check(shown, LAUNCH_PROGRAM, target_zapp()) < 0) {
		zerr(shown, "the jumploader will not start it: %s", zwhy());
		return -1;
	}
	return 0;
}

/* What one input yields, for the summary of errors at its end. */
struct yield {
	size_t files;		/* entries other than directories */
	size_t programs;	/* of them: things to run (launchers, static programs, scripts) */
	size_t skipped;		/* names skipped with a warning */
	struct strlist left_out, left_why;	/* programs left out, and why */
};

/* What an entry keeps of the file it is copied from: its mode, its
 * identity (for the writer's hard links), the name the user gave it when
 * that differs from src, and its place in its tree. */
static int take_source(struct entry *e, mode_t mode, const char *shown, const char *src,
		       const struct stat *st, int from_tree, const char *tree_rel)
{
	e->mode = mode & 0777;
	e->src_dev = st->st_dev;
	e->src_ino = st->st_ino;
	e->src_size = st->st_size;
	e->from_tree = from_tree;
	if (strcmp(shown, src) != 0 && !(e->shown = strdup(shown)))
		return zerr(NULL, "out of memory"), -1;
	if (tree_rel && !(e->tree_rel = strdup(tree_rel)))
		return zerr(NULL, "out of memory"), -1;
	return 0;
}

/* A dynamically linked program found at src, to be launched as rel (in a
 * Zapp read back: planned at rel itself, its launchers come later).
 * info is taken over: kept by the program's entry, or freed. */
static int add_program(struct plan *p, struct options *o, const char *rel, const char *shown,
		       const char *src, const struct stat *st, struct elf_info *info, mode_t mode,
		       const char *tree_rel, int in_zapp)
{
	char dyn[PATH_MAX];
	struct entry *e;
	if (check_machine(shown, info) < 0) {
		elf_info_free(info);
		return -1;
	}
	if (!in_zapp && (e = program_by_file(p, rel, src, st, info))) {
		if (o->verbose)
			zerr(rel, "another name for %s", e->dest);
		elf_info_free(info);
		return add_jumploader(p, rel, e);
	}
	if (in_zapp)
		snprintf(dyn, sizeof dyn, "%s", rel);
	else
		dynbin_path(rel, dyn, sizeof dyn);
	if (!(e = plan_add(p, dyn, ENTRY_PROGRAM, src))) {
		zerr(rel, "%s", zwhy());
		elf_info_free(info);
		return -1;
	}
	e->info = *info;
	e->has_info = 1;
	if (take_source(e, mode, shown, src, st, tree_rel != NULL, in_zapp ? NULL : tree_rel) < 0)
		return -1;
	if (plan_add_program(p, e) < 0)
		return zerr(NULL, "%s", zwhy()), -1;
	return in_zapp ? 0 : add_jumploader(p, rel, e);
}

static mode_t copy_mode(const char *shown, mode_t mode)
{
	if (mode & (S_ISUID | S_ISGID))
		zwarn(shown, "set-uid/set-gid bit dropped: a Zapp runs with the caller's rights");
	return mode & 0777;
}

/* A regular file to plan at rel: src is its real path, shown the name to
 * speak of, st its status; tree_rel its real path inside its input tree
 * (NULL for a file input).  Libraries of a tree are checked by the
 * closure, which can tell whether a program needs them. */
static int add_file(struct plan *p, struct options *o, struct yield *y, const char *rel, const char *shown,
		    const char *src, const struct stat *st, const char *tree_rel, int in_zapp, int elf)
{
	struct elf_info info;
	struct entry *e;
	enum elf_role role = ELF_ROLE_OTHER;
	enum entry_kind kind = ENTRY_FILE;
	if (elf < 0)	/* not known yet */
		elf = zelf_is_elf_file(src);
	mode_t mode;

	if (elf) {
		if (elf_info_read(src, &info) < 0) {
			/* one given as an input, or a tree's that would be run */
			if (!tree_rel || (st->st_mode & 0111))
				return zerr(shown, "cannot read its ELF headers: %s", zwhy()), -1;
			/* a tree's broken ELF data file: the closure says so if a
			 * program needs it by that name */
			elf = 0;
		} else {
			role = elf_role_of(&info);
		}
	}
	mode = copy_mode(shown, st->st_mode);
	y->files++;
	/* in a tree, what cannot be executed is no program: a module with an
	 * interpreter (PAM's pam_cap.so, libc's kin) is a library, the rest
	 * data */
	if (role == ELF_ROLE_PROGRAM && tree_rel && !(mode & 0111))
		role = info.type == ET_DYN && !(info.flags_1 & DF_1_PIE) ? ELF_ROLE_LIBRARY : ELF_ROLE_OTHER;
	if (role == ELF_ROLE_STATIC && !tree_rel && check_machine(shown, &info) < 0) {
		elf_info_free(&info);
		return -1;	/* a static program given as an input is run as it is */
	}
	if (((role == ELF_ROLE_PROGRAM) || (role == ELF_ROLE_STATIC && (mode & 0111))) && tree_rel
	    && target_decide(shown, info.machine, info.elfclass) < 0) {
		/* a program of a tree that no jumploader of this Zapp could
		 * start (a 32-bit helper in /usr/lib, when the first program
		 * is 64-bit), or a static one that cannot run where the Zapp
		 * runs, is left out, when the tree has others to run; one
		 * given as an input is refused */
		char why[PATH_MAX + 256];
		snprintf(why, sizeof why, "%s", zwhy());
		zwarn(shown, role == ELF_ROLE_STATIC ? "left out, a static program this Zapp's machine cannot run: %s"
		      : "left out, no jumploader of this Zapp could start it: %s", why);
		elf_info_free(&info);
		y->files--;
		y->skipped++;
		if (strlist_push(&y->left_out, shown) < 0 || strlist_push(&y->left_why, why) < 0)
			return zerr(NULL, "out of memory"), -1;
		return 0;
	}
	if (role == ELF_ROLE_PROGRAM) {
		y->programs++;
		return add_program(p, o, rel, shown, src, st, &info, mode, tree_rel, in_zapp);
	}
	if (role == ELF_ROLE_LIBRARY)
		kind = ENTRY_LIBRARY;
	else if (role == ELF_ROLE_STATIC)
		kind = ENTRY_STATIC;
	else if ((mode & 0111) && !elf && starts_with_shebang(src))
		y->programs++;	/* a script */
	if (kind == ENTRY_STATIC)
		y->programs++;
	if (!(e = plan_add(p, rel, kind, src))) {
		if (elf)
			elf_info_free(&info);
		return zerr(rel, "%s", zwhy()), -1;
	}
	if (take_source(e, mode, shown, src, st, tree_rel != NULL, tree_rel) < 0) {
		if (elf)
			elf_info_free(&info);
		return -1;
	}
	if (kind == ENTRY_LIBRARY) {
		if (!tree_rel && check_machine(shown, &info) < 0) {
			elf_info_free(&info);
			return -1;
		}
		e->info = info;
		e->has_info = 1;
	} else if (elf) {
		elf_info_free(&info);
	}
	return 0;
}

struct walk {
	struct plan *p;
	struct options *o;
	const char *root;		/* the input as given */
	char root_real[PATH_MAX];
	dev_t dev[64];			/* directories being walked, for loops */
	ino_t ino[64];
	int depth;
	int zapp;			/* a Zapp: its launchers and dynbin/ read back */
	struct strlist links;		/* symbolic links, walked after everything else */
	size_t *link_copy;		/* for each: the link whose copy it is in (its own index
					 * when it is at its place in the tree) */
	size_t copy;			/* the link whose copy is being walked; NO_COPY: none */
	struct copied *copied;		/* directories of each copy (a hash table) */
	size_t ncopied, capcopied;
	struct strlist launchers;	/* a Zapp's: its launchers ... */
	struct strlist targets;		/* ... and their programs, as paths of it */
	struct yield y;
};

#define NO_COPY ((size_t)-1)

/* A directory walked in the copy of a link. */
struct copied {
	size_t copy;		/* NO_COPY: an empty slot */
	dev_t dev;
	ino_t ino;
};

static size_t copied_slot(const struct walk *w, size_t copy, dev_t dev, ino_t ino)
{
	uint64_t h = zhash(zhash(zhash(ZHASH_INIT, &copy, sizeof copy), &dev, sizeof dev), &ino, sizeof ino);
	size_t i = (size_t)h & (w->capcopied - 1);
	while (w->copied[i].copy != NO_COPY
	       && !(w->copied[i].copy == copy && w->copied[i].dev == dev && w->copied[i].ino == ino))
		i = (i + 1) & (w->capcopied - 1);
	return i;
}

/* Record that the copy of the link being walked holds the directory st:
 * 1, or 0 when it holds it already (it is reached twice inside one copy,
 * through a "diamond" of links), -1 out of memory.  Each link of the tree
 * is one copy of what it leads to, and each directory is in that copy
 * once: the Zapp holds at most (links + 1) times the input's names, where
 * every way through the links would double with each level. */
static int copy_holds(struct walk *w, const struct stat *st)
{
	if (w->copy == NO_COPY)
		return 1;	/* the tree itself: each directory once */
	if (2 * (w->ncopied + 1) > w->capcopied) {
		struct walk old = *w;
		size_t cap = w->capcopied ? 2 * w->capcopied : 256;
		if (!(w->copied = malloc(cap * sizeof *w->copied)))
			return w->copied = old.copied, -1;
		w->capcopied = cap;
		for (size_t i = 0; i < cap; i++)
			w->copied[i].copy = NO_COPY;
		for (size_t i = 0; i < old.capcopied; i++)
			if (old.copied[i].copy != NO_COPY)
				w->copied[copied_slot(w, old.copied[i].copy, old.copied[i].dev, old.copied[i].ino)] = old.copied[i];
		free(old.copied);
	}
	size_t i = copied_slot(w, w->copy, st->st_dev, st->st_ino);
	if (w->copied[i].copy != NO_COPY)
		return 0;
	w->copied[i] = (struct copied){ w->copy, st->st_dev, st->st_ino };
	w->ncopied++;
	return 1;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static int walk_dir(struct walk *w, const char *rel, const char *real, const struct stat *st);

/* A jumploader of a Zapp read back: remembered with its program. */
/* The launcher of a script of a Zapp read back (stamp version 3): planned
 * at once, with its interpreter and arguments; its script (under dynbin/)
 * is found once the walk is done (zapp_launchers), its interpreter
 * checked by scripts.c. */
static int zapp_script_launcher(struct walk *w, const char *rel, const struct stamp_info *si)
{
	char dir[PATH_MAX], joined[PATH_MAX * 2], interp[PATH_MAX], script[PATH_MAX];
	struct entry *j;
	path_dirname(rel, dir, sizeof dir);
	snprintf(joined, sizeof joined, "%s/%s", dir, si->target);
	if (path_normalize(joined, interp, sizeof interp) < 0)
		return zerr(rel, "a launcher of the Zapp %s whose script's interpreter %s is outside it", w->root,
			    si->target), -1;
	snprintf(joined, sizeof joined, "%s/%s", dir, si->script);
	if (path_normalize(joined, script, sizeof script) < 0)
		return zerr(rel, "a launcher of the Zapp %s whose script %s is outside it", w->root, si->script), -1;
	if (plan_find(w->p, rel))
		return zerr(rel, "two inputs hold a file of this name"), -1;
	if (!(j = plan_add(w->p, rel, ENTRY_JUMPLOADER, NULL)))
		return zerr(rel, "%s", zwhy()), -1;
	j->mode = 0755;
	if (!(j->interp = strdup(interp)) || !(j->stamp_script = strdup(script)))
		return zerr(NULL, "out of memory"), -1;
	const char *a = si->args;
	for (int k = 0; k < si->nargs; k++, a += strlen(a) + 1)
		if (strlist_push(&j->interp_args, a) < 0)
			return zerr(NULL, "out of memory"), -1;
	/* in direct mode: the interpreter's program it starts (scripts.c
	   keeps the mode for it, whose name there is the launcher's) */
	snprintf(joined, sizeof joined, "%s/%s", dir, si->program);
	if (si->program[0] && path_normalize(joined, script, sizeof script) == 0
	    && !(j->stamp_target = strdup(script)))
		return zerr(NULL, "out of memory"), -1;
	w->o->scripts++;
	w->y.files++;
	w->y.programs++;
	return 1;
}

static int zapp_launcher(struct walk *w, const char *rel, const char *src)
{
	static struct stamp_info si;
	char *target = si.target;
	char dir[PATH_MAX], joined[PATH_MAX * 2], norm[PATH_MAX];
	if (stamp_read_info(src, &si) < 0)
		return 0;
	if (si.script[0])
		return zapp_script_launcher(w, rel, &si);
	if (!*target)
		snprintf(target, sizeof si.target, "../dynbin/%s", path_basename(rel));
	path_dirname(rel, dir, sizeof dir);
	snprintf(joined, sizeof joined, "%s/%s", dir, target);
	if (path_normalize(joined, norm, sizeof norm) < 0)
		return zerr(rel, "a launcher of the Zapp %s whose program %s is outside it", w->root, target), -1;
	if (strlist_push(&w->launchers, rel) < 0 || strlist_push(&w->targets, norm) < 0)
		return zerr(NULL, "out of memory"), -1;
	w->y.files++;
	w->y.programs++;
	return 1;
}

/* A regular file or directory of the tree, planned at rel: shown is its
 * name through the input, real its real path.  A link of the tree (link)
 * is copied from its real path, so that $ORIGIN is the real directory. */
static int walk_file(struct walk *w, const char *rel, const char *shown, const char *real,
		     const struct stat *st, int link)
{
	if (S_ISDIR(st->st_mode)) {
		struct entry *e;
		for (int i = 0; i < w->depth; i++)
			if (w->dev[i] == st->st_dev && w->ino[i] == st->st_ino) {
				zwarn(shown, "skipped: a symbolic link loop (to %s)", real);
				w->y.skipped++;
				return 0;
			}
		int held = copy_holds(w, st);
		if (held < 0)
			return zerr(NULL, "out of memory"), -1;
		if (!held) {
			zwarn(shown, "skipped: a second way to %s inside one link's copy (a \"diamond\" of links); it is there once",
			      real);
			w->y.skipped++;
			return 0;
		}
		if (!(e = plan_find(w->p, rel)) && !(e = plan_add(w->p, rel, ENTRY_DIR, NULL)))
			return zerr(rel, "%s", zwhy()), -1;
		if (e->kind != ENTRY_DIR)
			return zerr(rel, "a directory here clashes with a file of another input"), -1;
		return walk_dir(w, rel, real, st);
	}
	if (!S_ISREG(st->st_mode)) {
		zwarn(shown, "skipped: not a regular file, directory or link (a FIFO, socket or device)");
		w->y.skipped++;
		return 0;
	}
	if (w->zapp) {
		int r;
		if (strcmp(rel, ZAPP_MARKER) == 0)
			return 0;	/* the new Zapp gets its own */
		if (redirect_read_back(w->o, rel, real))
			return 0;	/* and its own map (redirect.c) */
		if ((r = host_libs_read_back(w->o, rel, real)) != 0)
			return r < 0 ? -1 : 0;	/* and its own list (host_libs.c) */
		/* a launcher is what the kernel may start: a copy of a
		 * jumploader without an execute bit is data (zapp's own, in a
		 * Zapp of zapp) */
		if ((st->st_mode & 0111) && zelf_is_elf_file(real) && (r = zapp_launcher(w, rel, real)) != 0)
			return r < 0 ? -1 : 0;
	}
	struct entry *have = plan_find(w->p, rel);
	if (have) {
		/* two Zapps (or --add) share their loader and libraries, and
		 * any other file of theirs with the same bytes (glibc's pieces) */
		if (w->zapp && have->from_tree && have->src && strncmp(rel, "dynbin/", 7) != 0
		    && have->kind != ENTRY_JUMPLOADER && same_file_content(have->src, real))
			return 0;
		if (w->zapp && strncmp(rel, "lib/", 4) == 0 && (have->kind == ENTRY_LIBRARY || have->kind == ENTRY_LOADER))
			return zerr(rel, "two different libraries claim this name: %s and %s", have->src, real), -1;
		return zerr(rel, "two inputs hold a file of this name"), -1;
	}
	const char *tree_rel = path_under(real, w->root_real);
	return add_file(w->p, w->o, &w->y, rel, shown, link ? real : shown, st, tree_rel && *tree_rel ? tree_rel : rel,
			w->zapp && strncmp(rel, "dynbin/", 7) == 0, -1);
}

/* The directories that hold rel, as the walk would have entered them:
 * the stack for the loop check of a link walked late. */
static void enter_parents(struct walk *w, const char *rel)
{
	char path[PATH_MAX * 2], dir[PATH_MAX];
	struct stat st;
	w->depth = 0;
	if (stat(w->root_real, &st) == 0) {
		w->dev[w->depth] = st.st_dev;
		w->ino[w->depth++] = st.st_ino;
	}
	path_dirname(rel, dir, sizeof dir);
	if (strcmp(dir, ".") == 0)
		return;
	for (char *s = dir; ; s++) {
		char c = *s;
		if (c != '/' && c != '\0')
			continue;
		*s = '\0';
		snprintf(path, sizeof path, "%s/%s", w->root, dir);
		if (stat(path, &st) == 0 && w->depth < 64) {
			w->dev[w->depth] = st.st_dev;
			w->ino[w->depth++] = st.st_ino;
		}
		*s = c;
		if (!c)
			break;
	}
}

/* A program outside the input that a link of it leads to: another name
 * for a program planned already? */
static struct entry *planned_program(struct plan *p, const char *rel, const char *real, const struct stat *st)
{
	struct elf_info info;
	struct entry *e = NULL;
	if (!S_ISREG(st->st_mode) || !zelf_is_elf_file(real) || elf_info_read(real, &info) < 0)
		return NULL;
	if (elf_role_of(&info) == ELF_ROLE_PROGRAM)
		e = program_by_file(p, rel, real, st, &info);
	elf_info_free(&info);
	return e;
}

/* A symbolic link of the tree, walked once everything else is planned, so
 * that a link to a program finds it.  The Zapp holds no links (FAT file
 * systems and zip files drop them): a link inside the input becomes the
 * file or directory it leads to. */
static int walk_link(struct walk *w, const char *rel)
{
	char shown[PATH_MAX], real[PATH_MAX];
	struct stat st;
	struct entry *prog;
	if (snprintf(shown, sizeof shown, "%s/%s", w->root, rel) >= (int)sizeof shown)
		return zerr(rel, "path too long"), -1;
	if (stat(shown, &st) < 0 || !realpath(shown, real)) {
		zwarn(shown, "skipped: a symbolic link that leads nowhere (%s)", strerror(errno));
		w->y.skipped++;
		return 0;
	}
	if (!path_under(real, w->root_real)) {
		if ((prog = planned_program(w->p, rel, real, &st))) {
			if (plan_find(w->p, rel))
				return zerr(rel, "two inputs hold a file of this name"), -1;
			w->y.files++;
			w->y.programs++;
			return add_jumploader(w->p, rel, prog);
		}
		zwarn(shown, "skipped: a symbolic link that leaves the input (to %s)", real);
		w->y.skipped++;
		return 0;
	}
	enter_parents(w, rel);
	return walk_file(w, rel, shown, real, &st, 1);
}

/* A link met in the walk, to be walked later, in the copy it is met in. */
static int push_link(struct walk *w, const char *rel)
{
	size_t *lc = realloc(w->link_copy, (w->links.n + 1) * sizeof *lc);
	if (!lc)
		return zerr(NULL, "out of memory"), -1;
	w->link_copy = lc;
	lc[w->links.n] = w->copy == NO_COPY ? w->links.n : w->copy;
	if (strlist_push(&w->links, rel) < 0)
		return zerr(NULL, "out of memory"), -1;
	return 0;
}

static int walk_dir(struct walk *w, const char *rel, const char *real, const struct stat *st)
{
	char path[PATH_MAX], child[PATH_MAX], child_real[PATH_MAX], shown[PATH_MAX];
	struct dirent **names;
	struct stat cst;
	int n, r = 0;

	snprintf(path, sizeof path, "%s%s%s", w->root, *rel ? "/" : "", rel);
	if (w->depth == 64)
		return zerr(path, "directories nested too deep"), -1;
	w->dev[w->depth] = st->st_dev;
	w->ino[w->depth++] = st->st_ino;
	if ((n = scandir(real, &names, NULL, by_name)) < 0) {
		w->depth--;
		return zerr(path, "cannot read the directory: %s", strerror(errno)), -1;
	}
	for (int i = 0; i < n && r == 0; i++) {
		const char *name = names[i]->d_name;
		if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
			continue;
		if (snprintf(child, sizeof child, "%s%s%s", rel, *rel ? "/" : "", name) >= (int)sizeof child
		    || snprintf(child_real, sizeof child_real, "%s%s%s", real, strcmp(real, "/") ? "/" : "", name) >= (int)sizeof child_real
		    || snprintf(shown, sizeof shown, "%s/%s", w->root, child) >= (int)sizeof shown) {
			r = (zerr(path, "a name inside is too long"), -1);
			break;
		}
		if (lstat(child_real, &cst) < 0)
			r = (zerr(shown, "cannot read: %s", strerror(errno)), -1);
		else if (S_ISLNK(cst.st_mode))
			r = push_link(w, child);
		else
			r = walk_file(w, child, shown, child_real, &cst, 0);
		if (interrupted())
			r = -1;
	}
	for (int i = 0; i < n; i++)
		free(names[i]);
	free(names);
	w->depth--;
	return r;
}

/* A Zapp read back: each launcher starts its program again, each
 * script's launcher its script. */
static int zapp_launchers(struct walk *w)
{
	for (size_t i = 0; i < w->p->n; i++) {
		struct entry *j = w->p->e[i], *script;
		if (j->kind != ENTRY_JUMPLOADER || !j->stamp_script || j->target)
			continue;
		if (!(script = plan_find(w->p, j->stamp_script)) || script->kind != ENTRY_FILE)
			return zerr(j->dest, "a launcher of the Zapp %s whose script %s is not in it", w->root,
				    j->stamp_script), -1;
		j->target = script;
		script->script_seen = 1;
	}
	for (size_t i = 0; i < w->launchers.n; i++) {
		const char *rel = w->launchers.v[i];
		struct entry *prog = plan_find(w->p, w->targets.v[i]);
		char origin[PATH_MAX * 2];
		if (!prog || prog->kind != ENTRY_PROGRAM)
			return zerr(rel, "a launcher of the Zapp %s whose program %s is not in it", w->root, w->targets.v[i]), -1;
		if (plan_find(w->p, rel))
			return zerr(rel, "two inputs hold a file of this name"), -1;
		if (add_jumploader(w->p, rel, prog) < 0)
			return -1;
		/* its first launcher's directory is its $ORIGIN */
		snprintf(origin, sizeof origin, "%s/%s", w->root_real, rel);
		if (!prog->tree_rel && (!(prog->tree_rel = strdup(rel)) || !(prog->origin_path = strdup(origin))))
			return zerr(NULL, "out of memory"), -1;
	}
	return 0;
}

/* A directory made by zapp-assemble (libzapp/marker.c says). */
static int is_zapp(const char *dir)
{
	char why[256];
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), v = 0;
	if (fd >= 0) {
		v = zapp_layout(fd, dir, why, sizeof why);
		close(fd);
	}
	return v > 0;
}

static int scan_tree(struct plan *p, struct options *o, const char *dir, int zapp, struct yield *y)
{
	struct walk w = { .p = p, .o = o, .root = dir, .zapp = zapp, .copy = NO_COPY };
	struct stat st;
	int r;
	if (!realpath(dir, w.root_real) || stat(w.root_real, &st) < 0)
		return zerr(dir, "cannot resolve: %s", strerror(errno)), -1;
	if (strlist_push(&o->trees, w.root_real) < 0)
		return zerr(NULL, "out of memory"), -1;
	r = walk_dir(&w, "", w.root_real, &st);
	/* links last (links met on the way are appended) */
	for (size_t i = 0; r == 0 && i < w.links.n; i++) {
		w.copy = w.link_copy[i];
		if (walk_link(&w, w.links.v[i]) < 0 || interrupted())
			r = -1;
	}
	if (r == 0 && zapp)
		r = zapp_launchers(&w);
	strlist_free(&w.links);
	free(w.link_copy);
	free(w.copied);
	strlist_free(&w.launchers);
	strlist_free(&w.targets);
	*y = w.y;
	return r;
}

int rename_check(const char *arg)
{
	const char *eq = strchr(arg, '=');
	if (!eq || eq == arg || !eq[1])
		return zusage("--rename '%s': give OLD=NEW (a program input, or its name, and a new name)", arg), -1;
	const char *nw = eq + 1;
	if (strchr(nw, '/') || strcmp(nw, ".") == 0 || strcmp(nw, "..") == 0)
		return zusage("--rename '%s': the new name '%s' is not a file name", arg, nw), -1;
	return 0;
}

const char *rename_of(struct options *o, const char *path, const char *name)
{
	for (int pass = 0; pass < 2; pass++)	/* the input's path first, then its name */
		for (size_t i = 0; i < o->renames.n; i++) {
			const char *r = o->renames.v[i], *eq = strchr(r, '=');
			size_t l = (size_t)(eq - r);
			const char *old = pass ? name : path;
			if (strlen(old) != l || strncmp(r, old, l) != 0 || (pass && memchr(r, '/', l))
			    || strlist_contains(&o->renamed, r))
				continue;
			if (strlist_push(&o->renamed, r) < 0)
				return name;
			return eq + 1;
		}
	return name;
}

int rename_unused(const struct options *o)
{
	int r = 0;
	for (size_t i = 0; i < o->renames.n; i++)
		if (!strlist_contains(&o->renamed, o->renames.v[i])) {
			const char *eq = strchr(o->renames.v[i], '=');
			zerr(NULL, "--rename %s: no program given as a file is %.*s", o->renames.v[i],
			     (int)(eq - o->renames.v[i]), o->renames.v[i]);
			r = -1;
		}
	return r;
}

static int scan_file(struct plan *p, struct options *o, const char *path, const struct stat *st,
		     struct yield *y)
{
	char rel[PATH_MAX], resolved[PATH_MAX];
	const char *name = path_basename(path), *real = path;
	struct stat lst;
	/* a program given through a link is read from its real path: its
	 * $ORIGIN is the real directory, as the loader has it */
	if (lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode)) {
		if (!realpath(path, resolved))
			return zerr(path, "cannot resolve: %s", strerror(errno)), -1;
		real = resolved;
	}
	if (zelf_is_elf_file(real)) {
		struct elf_info info;
		if (elf_info_read(real, &info) < 0)
			return zerr(path, "cannot read its ELF headers: %s", zwhy()), -1;
		enum elf_role role = elf_role_of(&info);
		if (role == ELF_ROLE_LIBRARY) {
			const char *so = info.soname;
			if (so && (!*so || strchr(so, '/') || strcmp(so, ".") == 0 || strcmp(so, "..") == 0)) {
				zerr(path, "its DT_SONAME '%s' is not a file name", so);
				elf_info_free(&info);
				return -1;
			}
			snprintf(rel, sizeof rel, "lib/%s", so ? so : name);
		} else if (role == ELF_ROLE_PROGRAM || role == ELF_ROLE_STATIC) {
			snprintf(rel, sizeof rel, "bin/%s", rename_of(o, path, name));
		} else {
			elf_info_free(&info);
			return zerr(path, "not a program: an ELF file of another kind (object or core file)"), -1;
		}
		elf_info_free(&info);
		if (plan_find(p, rel)) {
			struct entry *e = plan_find(p, rel);
			if (e->kind == ENTRY_LIBRARY && e->src && same_file_content(e->src, real))
				return 0;	/* a library given twice */
			return zerr(path, "two inputs are named %s", rel), -1;
		}
		return add_file(p, o, y, rel, path, real, st, NULL, 0, 1);
	}
	if (!starts_with_shebang(real))
		return zerr(path, "not a program: neither an ELF file nor a script starting with #!"), -1;
	snprintf(rel, sizeof rel, "bin/%s", rename_of(o, path, name));
	if (plan_find(p, rel))
		return zerr(path, "two inputs are named %s", rel), -1;
	if (add_file(p, o, y, rel, path, real, st, NULL, 0, 0) < 0)
		return -1;
	plan_find(p, rel)->script_input = 1;	/* scripts.c gives it a launcher */
	y->programs = 1;	/* given as a program, whatever its mode */
	return 0;
}

int scan_input(struct plan *p, struct options *o, const char *input)
{
	struct stat st;
	struct yield y = { 0 };
	int r;
	if (stat(input, &st) < 0)
		return zerr(input, "cannot read: %s", strerror(errno)), -1;
	if (S_ISDIR(st.st_mode))
		r = scan_tree(p, o, input, is_zapp(input), &y);
	else if (!S_ISREG(st.st_mode))
		return zerr(input, "not a program or directory"), -1;
	else
		r = scan_file(p, o, input, &st, &y);
	/* the programs left out were all it had to run: they are errors */
	if (r == 0 && !y.programs && y.left_out.n) {
		for (size_t i = 0; i < y.left_out.n; i++)
			zerr(y.left_out.v[i], "%s", y.left_why.v[i]);
		r = -1;
	}
	strlist_free(&y.left_out);
	strlist_free(&y.left_why);
	if (r < 0)
		return -1;
	/* Each input brings a file; the whole brings something to run
	 * (closure_resolve says so). */
	if (!y.files)
		return zerr(input, "nothing to assemble: %s", y.skipped ? "every name in it was skipped"
								   : "the directory is empty"), -1;
	p->runnable += y.programs;
	return 0;
}

int scan_included(struct plan *p, struct options *o, const char *rel, const char *shown, const char *src,
		  const struct stat *st, int elf, int explicit_dest)
{
	struct yield y = { 0 };
	char dyn[PATH_MAX];
	/* as a file of a tree whose place in it is rel: a program of it
	 * gets a launcher at rel, a library keeps its place */
	int r = add_file(p, o, &y, rel, shown, src, st, rel, 0, elf);
	strlist_free(&y.left_out);
	strlist_free(&y.left_why);
	if (r < 0)
		return -1;
	struct entry *e = plan_find(p, rel);
	if (e && e->kind == ENTRY_JUMPLOADER) {
		dynbin_path(rel, dyn, sizeof dyn);
		e = plan_find(p, dyn);
	}
	if (e && e->kind != ENTRY_DIR && !e->included)
		e->included = o->glibc_piece ? 3 : explicit_dest ? 2 : 1;
	p->runnable += y.programs;
	return 0;
}

/* --add: the Zapp being added to is read back as an input: its programs,
 * launchers and libraries are planned again, with the new inputs. */
int scan_existing_zapp(struct plan *p, struct options *o, const char *dir)
{
	struct yield y = { 0 };
	if (!is_zapp(dir))
		return zerr(dir, "cannot add to it: it is not a Zapp"), -1;
	int r = scan_tree(p, o, dir, 1, &y);
	strlist_free(&y.left_out);
	strlist_free(&y.left_why);
	if (r < 0)
		return -1;
	p->runnable += y.programs;
	return 0;
}
