/* zapp-assemble/scan.c: what the inputs hold.  An input is an install
 * prefix (a directory: bin/, lib/, libexec/, share/, ...) or a single
 * program (dynamic ELF, static ELF, or #! script).  Each file becomes an
 * entry of the plan at its place; each dynamically linked program becomes
 * a jumploader at its place and its real ELF under dynbin/. */
#include "assemble.h"
#include "report.h"
#include "launch_check.h"
#include "searchpath.h"
#include "target.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Programs already planned, by the file (device and inode) of their
 * source: a second name for the same program (an alias, a link, a hard
 * link) gets a jumploader only. */
struct known_program {
	dev_t dev;
	ino_t ino;
	struct entry *e;
};
static struct known_program *programs;
static size_t nprograms;

static struct entry *program_by_file(const struct stat *st)
{
	for (size_t i = 0; i < nprograms; i++)
		if (programs[i].dev == st->st_dev && programs[i].ino == st->st_ino)
			return programs[i].e;
	return NULL;
}

static int remember_program(const struct stat *st, struct entry *e)
{
	struct known_program *v = realloc(programs, (nprograms + 1) * sizeof *v);
	if (!v)
		return zfail("out of memory");
	programs = v;
	programs[nprograms++] = (struct known_program){ st->st_dev, st->st_ino, e };
	return 0;
}

static int starts_with_shebang(const char *path)
{
	char b[2];
	int fd = open(path, O_RDONLY | O_CLOEXEC), ok;
	if (fd < 0)
		return 0;
	ok = read(fd, b, 2) == 2 && b[0] == '#' && b[1] == '!';
	close(fd);
	return ok;
}

/* Where the real ELF of a program planned at rel goes. */
static void dynbin_path(const char *rel, char *out, size_t len)
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

static int check_machine(const char *shown, const struct elf_info *info)
{
	char buf[32];
	const struct target *t = target_build();
	if (info->machine != t->machine || info->elfclass != t->elfclass) {
		zerr(shown, "architecture mismatch: this is %s%s; zapp assembles %s programs",
		     info->elfclass == ELFCLASS32 ? "32-bit " : "",
		     elf_machine_name(info->machine, buf, sizeof buf), t->name);
		return -1;
	}
	/* a program: what the jumploader will check before it starts it */
	if (elf_role_of(info) == ELF_ROLE_PROGRAM && launch_check(shown, LAUNCH_PROGRAM) < 0) {
		zerr(shown, "the jumploader will not start it: %s", zwhy());
		return -1;
	}
	return 0;
}

/* A dynamically linked program found at src, to be launched as rel.  info
 * is taken over: kept by the program's entry, or freed. */
static int add_program(struct plan *p, struct options *o, const char *rel, const char *src,
		       struct elf_info *info, mode_t mode, int from_tree, const char *tree_rel)
{
	char dyn[PATH_MAX];
	struct stat st;
	struct entry *e;
	if (check_machine(src, info) < 0) {
		elf_info_free(info);
		return -1;
	}
	if (stat(src, &st) < 0) {
		zerr(src, "cannot read: %s", strerror(errno));
		elf_info_free(info);
		return -1;
	}
	if ((e = program_by_file(&st))) {
		if (o->verbose)
			fprintf(stderr, "%s: %s: another name for %s\n", zapp_prog, rel, e->dest);
		elf_info_free(info);
		return add_jumploader(p, rel, e);
	}
	dynbin_path(rel, dyn, sizeof dyn);
	if (!(e = plan_add(p, dyn, ENTRY_PROGRAM, src))) {
		zerr(rel, "%s", zwhy());
		elf_info_free(info);
		return -1;
	}
	e->info = *info;
	e->has_info = 1;
	e->mode = mode & 0777;
	e->from_tree = from_tree;
	if (tree_rel && !(e->tree_rel = strdup(tree_rel)))
		return zerr(NULL, "out of memory"), -1;
	if (remember_program(&st, e) < 0)
		return zerr(NULL, "%s", zwhy()), -1;
	return add_jumploader(p, rel, e);
}

static mode_t copy_mode(const char *shown, mode_t mode)
{
	if (mode & (S_ISUID | S_ISGID))
		zwarn(shown, "set-uid/set-gid bit dropped: a Zapp runs with the caller's rights");
	return mode & 0777;
}

/* A regular file of a tree (or a file input when tree_rel is NULL). */
static int add_file(struct plan *p, struct options *o, const char *rel, const char *src,
		    const char *tree_rel, mode_t mode)
{
	struct elf_info info;
	struct entry *e;
	enum elf_role role = ELF_ROLE_OTHER;
	int elf = zelf_is_elf_file(src);

	if (elf) {
		if (elf_info_read(src, &info) < 0)
			return zerr(src, "cannot read its ELF headers: %s", zwhy()), -1;
		role = elf_role_of(&info);
	}
	mode = copy_mode(src, mode);
	if (role == ELF_ROLE_PROGRAM)
		return add_program(p, o, rel, src, &info, mode, tree_rel != NULL, tree_rel);
	if (!(e = plan_add(p, rel, role == ELF_ROLE_LIBRARY ? ENTRY_LIBRARY : ENTRY_FILE, src))) {
		if (elf)
			elf_info_free(&info);
		return zerr(rel, "%s", zwhy()), -1;
	}
	e->mode = mode;
	e->from_tree = tree_rel != NULL;
	if (tree_rel && !(e->tree_rel = strdup(tree_rel)))
		return zerr(NULL, "out of memory"), -1;
	if (role == ELF_ROLE_LIBRARY) {
		if (check_machine(src, &info) < 0) {
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
	int verbatim;			/* an existing Zapp: copy, do not interpret */
};

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static int walk_dir(struct walk *w, const char *rel);

/* One name of a tree.  Symbolic links are followed inside the tree: the
 * Zapp holds no links (FAT file systems and zip files drop them). */
static int walk_entry(struct walk *w, const char *rel, int second_pass)
{
	char src[PATH_MAX], real[PATH_MAX];
	struct stat lst, st;
	if (snprintf(src, sizeof src, "%s/%s", w->root, rel) >= (int)sizeof src)
		return zerr(rel, "path too long"), -1;
	if (lstat(src, &lst) < 0)
		return zerr(src, "cannot read: %s", strerror(errno)), -1;
	int link = S_ISLNK(lst.st_mode);
	if (link != second_pass)
		return 0;	/* links after everything else: aliases find their program */
	if (link) {
		if (stat(src, &st) < 0 || !realpath(src, real)) {
			zwarn(src, "skipped: a symbolic link that leads nowhere (%s)", strerror(errno));
			return 0;
		}
		if (!path_under(real, w->root_real)) {
			zwarn(src, "skipped: a symbolic link that leaves the input (to %s)", real);
			return 0;
		}
	} else {
		st = lst;
	}
	if (S_ISDIR(st.st_mode)) {
		struct entry *e = plan_find(w->p, rel);
		if (!e && !(e = plan_add(w->p, rel, ENTRY_DIR, NULL)))
			return zerr(rel, "%s", zwhy()), -1;
		if (e->kind != ENTRY_DIR)
			return zerr(rel, "a directory here clashes with a file of another input"), -1;
		return walk_dir(w, rel);
	}
	if (!S_ISREG(st.st_mode)) {
		zwarn(src, "skipped: not a regular file, directory or link (a FIFO, socket or device)");
		return 0;
	}
	if (plan_find(w->p, rel))
		return zerr(rel, "two inputs hold a file of this name"), -1;
	if (w->verbatim && !(strncmp(rel, "lib/", 4) == 0 && !strchr(rel + 4, '/'))) {
		struct entry *e = plan_add(w->p, rel, ENTRY_FILE, src);
		if (!e)
			return zerr(rel, "%s", zwhy()), -1;
		e->mode = st.st_mode & 0777;
		e->from_tree = 1;
		return 0;
	}
	return add_file(w->p, w->o, rel, src, rel, st.st_mode);
}

static int walk_dir(struct walk *w, const char *rel)
{
	char path[PATH_MAX], child[PATH_MAX];
	struct dirent **names;
	struct stat st;
	int n, r = 0;

	snprintf(path, sizeof path, "%s/%s", w->root, rel);
	if (stat(path, &st) < 0)
		return zerr(path, "cannot read: %s", strerror(errno)), -1;
	for (int i = 0; i < w->depth; i++)
		if (w->dev[i] == st.st_dev && w->ino[i] == st.st_ino) {
			zwarn(path, "skipped: a symbolic link loop");
			return 0;
		}
	if (w->depth == 64)
		return zerr(path, "directories nested too deep"), -1;
	w->dev[w->depth] = st.st_dev;
	w->ino[w->depth++] = st.st_ino;
	if ((n = scandir(path, &names, NULL, by_name)) < 0) {
		w->depth--;
		return zerr(path, "cannot read the directory: %s", strerror(errno)), -1;
	}
	for (int pass = 0; pass < 2; pass++)
		for (int i = 0; i < n && r == 0; i++) {
			const char *name = names[i]->d_name;
			if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
				continue;
			if (snprintf(child, sizeof child, "%s%s%s", rel, *rel ? "/" : "", name) >= (int)sizeof child)
				r = (zerr(path, "a name inside is too long"), -1);
			else
				r = walk_entry(w, child, pass);
			if (interrupted())
				r = -1;
		}
	for (int i = 0; i < n; i++)
		free(names[i]);
	free(names);
	w->depth--;
	return r;
}

static int scan_tree(struct plan *p, struct options *o, const char *dir, int verbatim)
{
	struct walk w = { .p = p, .o = o, .root = dir, .verbatim = verbatim };
	size_t before = p->n;
	if (!realpath(dir, w.root_real))
		return zerr(dir, "cannot resolve: %s", strerror(errno)), -1;
	if (strlist_push(&o->trees, w.root_real) < 0)
		return zerr(NULL, "out of memory"), -1;
	if (walk_dir(&w, "") < 0)
		return -1;
	if (p->n == before)
		return zerr(dir, "nothing to assemble: the directory is empty"), -1;
	return 0;
}

static int scan_program_file(struct plan *p, struct options *o, const char *path, mode_t mode)
{
	char rel[PATH_MAX];
	if (zelf_is_elf_file(path)) {
		struct elf_info info;
		if (elf_info_read(path, &info) < 0)
			return zerr(path, "cannot read its ELF headers: %s", zwhy()), -1;
		enum elf_role role = elf_role_of(&info);
		const char *name = path_basename(path);
		if (role == ELF_ROLE_LIBRARY) {
			const char *so = info.soname;
			if (so && (!*so || strchr(so, '/') || strcmp(so, ".") == 0 || strcmp(so, "..") == 0)) {
				zerr(path, "its DT_SONAME '%s' is not a file name", so);
				elf_info_free(&info);
				return -1;
			}
			snprintf(rel, sizeof rel, "lib/%s", so ? so : name);
		} else if (role == ELF_ROLE_PROGRAM || role == ELF_ROLE_STATIC) {
			snprintf(rel, sizeof rel, "bin/%s", name);
		} else {
			elf_info_free(&info);
			return zerr(path, "not a program: an ELF file of another kind (object or core file)"), -1;
		}
		elf_info_free(&info);
		if (plan_find(p, rel))
			return zerr(path, "two inputs are named %s", rel), -1;
		return add_file(p, o, rel, path, NULL, mode);
	}
	if (!starts_with_shebang(path))
		return zerr(path, "not a program: neither an ELF file nor a script starting with #!"), -1;
	snprintf(rel, sizeof rel, "bin/%s", path_basename(path));
	if (plan_find(p, rel))
		return zerr(path, "two inputs are named %s", rel), -1;
	return add_file(p, o, rel, path, NULL, mode);
}

int scan_input(struct plan *p, struct options *o, const char *input)
{
	struct stat st;
	if (stat(input, &st) < 0)
		return zerr(input, "cannot read: %s", strerror(errno)), -1;
	if (S_ISDIR(st.st_mode))
		return scan_tree(p, o, input, 0);
	if (!S_ISREG(st.st_mode))
		return zerr(input, "not a program or directory"), -1;
	return scan_program_file(p, o, input, st.st_mode);
}

/* --add: the Zapp being added to is taken as it is; its lib/ is known by
 * name, so a new library that claims one of those names must be the same. */
int scan_existing_zapp(struct plan *p, struct options *o, const char *dir)
{
	char jl[PATH_MAX];
	snprintf(jl, sizeof jl, "%s/lib", dir);
	if (access(jl, F_OK) < 0)
		return zerr(dir, "cannot add to it: it is not a Zapp (no lib/)"), -1;
	return scan_tree(p, o, dir, 1);
}
