/* zapp-assemble/check_scan.c: the inventory of a Zapp for zapp-check.
 * Nothing is followed out of the Zapp: links are looked at, not through. */
#include "check.h"
#include "report.h"
#include "runenv.h"
#include "searchpath.h"
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

/* A link must stay inside the Zapp: resolved lexically from its place. */
static void check_link(struct check *c, const char *rel, const char *path)
{
	char target[PATH_MAX], dir[PATH_MAX], joined[PATH_MAX * 2], norm[PATH_MAX];
	ssize_t n = readlink(path, target, sizeof target - 1);
	if (n < 0)
		return;
	target[n] = '\0';
	path_dirname(rel, dir, sizeof dir);
	snprintf(joined, sizeof joined, "%s/%s", dir, target);
	if (target[0] == '/' || path_normalize(joined, norm, sizeof norm) < 0)
		check_problem(c, rel, "symbolic link leaves the Zapp (to %s)", target);
}

/* A launcher's environment entries (stamp version 2): what $ZAPP is,
 * as a Zapp path, and the NAME=VALUE strings. */
static void add_env(struct check *c, struct entry *e, const char *dir, const struct stamp_info *si)
{
	char joined[PATH_MAX * 2], norm[PATH_MAX];
	const char *cur = si->env, *v;
	while ((v = runenv_block_next(&cur)))
		strlist_push(&e->stamp_env, v);
	if (!e->stamp_env.n)
		return;
	snprintf(joined, sizeof joined, "%s/%s", dir, *si->top ? si->top : "..");
	if (path_normalize(joined, norm, sizeof norm) < 0)
		check_problem(c, e->dest, "its stamp's path to the Zapp ($ZAPP) %s leads out of the Zapp",
			      *si->top ? si->top : "..");
	else
		e->stamp_top = strdup(norm);
}

/* The launcher of a script (stamp version 3): its interpreter's launcher
 * and its script, as Zapp paths, and the interpreter's arguments; in
 * direct mode (version 4) also the program it maps, its library directory
 * and its environment, as a program's launcher has them. */
static int add_script_launcher(struct check *c, struct entry *e, const struct stamp_info *si)
{
	char dir[PATH_MAX], joined[PATH_MAX * 2], norm[PATH_MAX];
	path_dirname(e->dest, dir, sizeof dir);
	snprintf(joined, sizeof joined, "%s/%s", dir, si->target);
	if (path_normalize(joined, norm, sizeof norm) < 0)
		check_problem(c, e->dest, "the interpreter %s of its script is outside the Zapp", si->target);
	else
		e->interp = strdup(norm);
	snprintf(joined, sizeof joined, "%s/%s", dir, si->script);
	if (path_normalize(joined, norm, sizeof norm) < 0)
		check_problem(c, e->dest, "its script %s is outside the Zapp", si->script);
	else
		e->stamp_script = strdup(norm);
	const char *a = si->args;
	for (int k = 0; k < si->nargs; k++, a += strlen(a) + 1)
		strlist_push(&e->interp_args, a);
	if (!si->program[0])
		return 0;
	snprintf(joined, sizeof joined, "%s/%s", dir, si->program);
	if (path_normalize(joined, norm, sizeof norm) < 0)
		check_problem(c, e->dest, "the program %s it starts for its script is outside the Zapp", si->program);
	else
		e->stamp_target = strdup(norm);
	snprintf(joined, sizeof joined, "%s/%s", dir, *si->libdir ? si->libdir : "../lib");
	if (path_normalize(joined, norm, sizeof norm) < 0)
		check_problem(c, e->dest, "its library directory %s is outside the Zapp", si->libdir);
	else
		e->stamp_libdir = strdup(norm);
	add_env(c, e, dir, si);
	return 0;
}

static int add_file(struct check *c, const char *rel, const char *path, mode_t mode)
{
	struct entry *e;
	static struct stamp_info si;
	char *target = si.target, *libdir = si.libdir;
	/* a launcher is what the kernel may start: a copy of a jumploader
	 * without an execute bit is data (zapp's own, in a Zapp of zapp) */
	int exe = (mode & 0111) != 0;
	int jl = exe && zelf_is_elf_file(path) && stamp_read_info(path, &si) == 0;
	if (!jl && exe && zelf_is_elf_file(path) && strstr(zwhy(), "environment entries")) {
		check_problem(c, rel, "%s", zwhy());
		si.env[0] = '\0';	/* none is read */
		jl = 1;
	}
	if (!(e = plan_add(&c->inv, rel, jl ? ENTRY_JUMPLOADER : ENTRY_FILE, path)))
		return zerr(rel, "%s", zwhy()), -1;
	e->mode = mode;
	if (jl && si.script[0])
		return add_script_launcher(c, e, &si);
	if (jl) {
		char dir[PATH_MAX], joined[PATH_MAX * 2], norm[PATH_MAX];
		path_dirname(rel, dir, sizeof dir);
		if (!*target && snprintf(target, sizeof si.target, "../dynbin/%s", path_basename(rel)) >= (int)sizeof si.target) {
			check_problem(c, rel, "its name is too long");
			return 0;
		}
		if (!*libdir)
			snprintf(libdir, sizeof si.libdir, "../lib");
		add_env(c, e, dir, &si);
		snprintf(joined, sizeof joined, "%s/%s", dir, target);
		if (path_normalize(joined, norm, sizeof norm) < 0) {
			check_problem(c, rel, "its program %s is outside the Zapp", target);
			return 0;
		}
		e->stamp_target = strdup(norm);
		snprintf(joined, sizeof joined, "%s/%s", dir, libdir);
		if (path_normalize(joined, norm, sizeof norm) < 0)
			check_problem(c, rel, "its library directory %s is outside the Zapp", libdir);
		else
			e->stamp_libdir = strdup(norm);
		return 0;
	}
	if (zelf_is_elf_file(path)) {
		if (elf_info_read(path, &e->info) < 0) {
			check_problem(c, rel, "unreadable ELF file: %s", zwhy());
			return 0;
		}
		e->has_info = 1;
	}
	return 0;
}

static int walk(struct check *c, const char *rel)
{
	char path[PATH_MAX], child[PATH_MAX];
	struct dirent **names;
	int n, r = 0;
	snprintf(path, sizeof path, "%s%s%s", c->top, *rel ? "/" : "", rel);
	if ((n = scandir(path, &names, NULL, alphasort)) < 0)
		return zerr(path, "cannot read: %s", strerror(errno)), -1;
	for (int i = 0; i < n && r == 0; i++) {
		const char *name = names[i]->d_name;
		struct stat st;
		if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
			continue;
		if (snprintf(child, sizeof child, "%s%s%s", rel, *rel ? "/" : "", name) >= (int)sizeof child
		    || snprintf(path, sizeof path, "%s/%s", c->top, child) >= (int)sizeof path) {
			check_problem(c, rel, "a name inside is too long");
			continue;
		}
		if (lstat(path, &st) < 0)
			continue;
		if (S_ISLNK(st.st_mode))
			check_link(c, child, path);
		else if (S_ISDIR(st.st_mode)) {
			if (plan_add(&c->inv, child, ENTRY_DIR, NULL))
				r = walk(c, child);
		} else if (S_ISREG(st.st_mode))
			r = add_file(c, child, path, st.st_mode);
	}
	for (int i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return r;
}

int check_scan(struct check *c)
{
	struct stat st;
	if (stat(c->top, &st) < 0)
		return zerr(c->top, "cannot read: %s", strerror(errno)), -1;
	if (!S_ISDIR(st.st_mode))
		return zerr(c->top, "not a directory"), -1;
	return walk(c, "");
}
