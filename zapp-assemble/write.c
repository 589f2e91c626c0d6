/* zapp-assemble/write.c: materialise the plan in a directory — copies,
 * search-path edits on the copies, stamped jumploaders, the marker — in
 * sorted order, so the same inputs give the same tree.
 *
 * Files of equal content are written once: the first entry in sorted
 * order is a copy, the later ones are hard links to it.  Content is equal
 * when the sources are one file (device and inode) or hold the same bytes,
 * and the same edit is made (the same rpath, the same stamp, a libtool
 * archive's libdir) and the modes
 * are the same.  Where the file system has no hard links (FAT: EPERM),
 * they are copies. */
#include "assemble.h"
#include "builtin_paths.h"
#include "hash.h"
#include "libtool_la.h"
#include "marker.h"
#include "report.h"
#include "rpath.h"
#include "runenv.h"
#include "searchpath.h"
#include "stamp_io.h"
#include "zelf.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int path_has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);
	return n > k && strcmp(s + n - k, suffix) == 0;
}

/* Files of one size, mode and edit but another source are told apart by
 * their fingerprint (copy.c: a hash of their first FINGERPRINT bytes, read
 * from the descriptor the copy is made from); at most MAX_COMPARED whose
 * fingerprint is the same are compared byte for byte before a new file is
 * simply copied. */
#define MAX_COMPARED 4

/* A file written, that a later one of the same content becomes a link to. */
struct written {
	off_t size;
	mode_t mode;
	char *edit;		/* "rpath" or "target\nlibdir\ntop\nenv..." (stamps); NULL: none */
	dev_t dev;		/* its source */
	ino_t ino;
	char *src;
	uint64_t print;		/* its fingerprint (copy.c) */
	char *dest;		/* the copy in the Zapp */
	int first;		/* the first of its content (the others: same source as one) */
	struct written *next;	/* same bucket */
};

struct writer {
	struct options *o;
	const char *top;
	char made[PATH_MAX];	/* the parent directory made last */
	struct written **bucket;
	size_t nbucket;		/* a power of two */
	int no_links;		/* the file system has no hard links: copies */
	int no_reflink;		/* nor reflinks (copy.c) */
	struct plan *p;
	struct strlist dirs;	/* every directory the Zapp will hold, sorted */
	char **values;		/* runenv_values of this Zapp */
	struct strlist user;	/* the user's entries: kept from a Zapp read back, then --env */
};

static size_t bucket_of(const struct writer *w, off_t size, mode_t mode, const char *edit)
{
	uint64_t h = zhash(ZHASH_INIT, &size, sizeof size);
	h = zhash(h, &mode, sizeof mode);
	if (edit)
		h = zhash(h, edit, strlen(edit));
	return (size_t)h & (w->nbucket - 1);
}

static int same_key(const struct written *r, off_t size, mode_t mode, const char *edit)
{
	return r->size == size && r->mode == mode
	       && (r->edit && edit ? strcmp(r->edit, edit) == 0 : r->edit == edit);
}

/* The file already written with the content that src (st), edited by edit,
 * will have; *same_source when it came from that very file. */
static struct written *find_written(struct writer *w, const char *src, const struct stat *st,
				    uint64_t print, mode_t mode, const char *edit, int *same_source)
{
	struct written *r, *b = w->bucket[bucket_of(w, st->st_size, mode, edit)];
	int compared = 0;
	*same_source = 1;
	for (r = b; r; r = r->next)
		if (same_key(r, st->st_size, mode, edit) && r->dev == st->st_dev && r->ino == st->st_ino)
			return r;
	*same_source = 0;
	if (!print)
		return NULL;
	for (r = b; r && compared < MAX_COMPARED; r = r->next)
		if (r->first && r->print == print && same_key(r, st->st_size, mode, edit)) {
			compared++;
			if (st->st_size == 0 || same_file_content(r->src, src))
				return r;
		}
	return NULL;
}

static int remember(struct writer *w, const char *src, const struct stat *st, uint64_t print,
		    mode_t mode, const char *edit, const char *dest, int first)
{
	struct written *r = calloc(1, sizeof *r);
	if (!r || !(r->src = strdup(src)) || !(r->dest = strdup(dest)) || (edit && !(r->edit = strdup(edit)))) {
		if (r) {
			free(r->src);
			free(r->dest);
		}
		free(r);
		return zfail("out of memory");
	}
	r->size = st->st_size;
	r->mode = mode;
	r->dev = st->st_dev;
	r->ino = st->st_ino;
	r->print = print;
	r->first = first;
	size_t i = bucket_of(w, st->st_size, mode, edit);
	r->next = w->bucket[i];
	w->bucket[i] = r;
	return 0;
}

static void writer_free(struct writer *w)
{
	for (size_t i = 0; i < w->nbucket; i++)
		for (struct written *r = w->bucket[i], *next; r; r = next) {
			next = r->next;
			free(r->edit);
			free(r->src);
			free(r->dest);
			free(r);
		}
	free(w->bucket);
	if (w->values)
		runenv_values_free(w->values);
	free(w->values);
	strlist_free(&w->dirs);
	strlist_free(&w->user);
}

/* A hard link at path to the file written as dest: 1 when made, 0 when
 * the file system cannot (then it is copied), -1 on an error. */
static int link_to(struct writer *w, const char *dest, const char *path)
{
	char target[PATH_MAX];
	if (w->no_links)
		return 0;
	snprintf(target, sizeof target, "%s/%s", w->top, dest);
	if (link(target, path) == 0)
		return 1;
	switch (errno) {
	case EPERM: case EOPNOTSUPP: case EXDEV:
		w->no_links = 1;	/* FAT, some FUSE and network file systems */
		return 0;
	case EMLINK:			/* too many links to that one: a new copy */
		return 0;
	default:
		return zfail("cannot link it to %s: %s", dest, strerror(errno));
	}
}

/* The file at dest (path) with the content of src, edited (an rpath, or a
 * stamp), and mode: a link to an equal file written before, or a copy. */
static int write_file(struct writer *w, const char *dest, const char *path, const char *src,
		      mode_t mode, const char *rpath, const char *needed, const char *target,
		      const char *libdir, const char *top, char *const *env, const struct stamp_script *script)
{
	char stamp[2 * PATH_MAX + ZAPP_STAMP_TOP_MAX + ZAPP_STAMP_ENV_MAX + 8], both[PATH_MAX + 8192];
	const char *edit = rpath;
	/* a libtool archive naming the build's directory (libtool_la.c) */
	int la = !rpath && !target && path_has_suffix(dest, ".la") && la_names_host_dir(src, NULL, 0);
	if (la)
		edit = "libdir=''";
	if (needed) {	/* the edit of a program given the redirection library */
		snprintf(both, sizeof both, "needed %s\n%s", needed, rpath ? rpath : "");
		edit = both;
	}
	struct stat st;
	struct written *r = NULL;
	int same_source, in, linked;
	if (script) {	/* a script's launcher */
		size_t n = (size_t)snprintf(stamp, sizeof stamp, "script\n%s\n%s", script->interp, script->script);
		for (char *const *e = script->args; e && *e && n < sizeof stamp; e++)
			n += (size_t)snprintf(stamp + n, sizeof stamp - n, "\n%s", *e);
		if (script->program && n < sizeof stamp)
			n += (size_t)snprintf(stamp + n, sizeof stamp - n, "\ndirect\n%s\n%s\n%s", script->program,
					      script->libdir, script->top);
		for (char *const *e = script->program ? script->env : NULL; e && *e && n < sizeof stamp; e++)
			n += (size_t)snprintf(stamp + n, sizeof stamp - n, "\n%s", *e);
		edit = stamp;
	} else if (target) {
		size_t n = (size_t)snprintf(stamp, sizeof stamp, "%s\n%s\n%s", target, libdir, top);
		for (char *const *e = env; e && *e && n < sizeof stamp; e++)
			n += (size_t)snprintf(stamp + n, sizeof stamp - n, "\n%s", *e);
		edit = stamp;
	}
	if ((in = open(src, O_RDONLY | O_CLOEXEC)) < 0)
		return zfail("cannot open %s: %s", src, strerror(errno));
	if (fstat(in, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(in);
		return zfail("%s is not a regular file", src);
	}
	uint64_t print = file_fingerprint(in, st.st_size);
	if (!w->no_links && (r = find_written(w, src, &st, print, mode, edit, &same_source))) {
		if ((linked = link_to(w, r->dest, path)) != 0) {
			close(in);
			if (linked < 0)
				return -1;
			/* a source of this content seen for the first time */
			return same_source ? 0 : remember(w, src, &st, print, mode, edit, r->dest, 0);
		}
	}
	int c = copy_fd_to(in, st.st_size, src, path, mode, &w->no_reflink);
	close(in);
	if (c < 0)
		return -1;
	struct dyn_edit de = { .set_path = rpath != NULL, .tag = DT_RPATH, .value = rpath, .needed = needed };
	if (needed && dyn_edit(path, &de) < 0)
		return zfail("cannot make %s its first DT_NEEDED%s: %s", needed, rpath ? " and set its rpath" : "", zwhy());
	if (!needed && rpath && rpath_set(path, DT_RPATH, rpath) < 0)
		return zfail("cannot set its rpath to '%s': %s", rpath, zwhy());
	if (script && stamp_write_script(path, script) < 0)
		return zfail("cannot stamp it: %s", zwhy());
	if (target && !script && stamp_write_env(path, target, libdir, top, env) < 0)
		return zfail("cannot stamp it: %s", zwhy());
	if (la && la_fix_libdir(path) < 0)
		return -1;
	/* files are created with their mode (the umask is 0) plus u+w for
	 * the edits: only a mode without u+w needs setting afterwards */
	if (!(mode & S_IWUSR) && set_mode(path, mode) < 0)
		return zfail("cannot set its mode: %s", strerror(errno));
	if (r) {	/* too many links to the first copy: this one is linked to now */
		free(r->dest);
		if (!(r->dest = strdup(dest)))
			return zfail("out of memory");
		return 0;
	}
	return remember(w, src, &st, print, mode, edit, dest, 1);
}

int set_mode(const char *path, mode_t mode)
{
	if (chmod(path, mode) == 0)
		return 0;
	/* a file system that keeps no modes (FAT: EPERM, some FUSE ones:
	 * ENOSYS) gives the ones its mount says; the file is ours */
	return errno == EPERM || errno == ENOSYS || errno == EOPNOTSUPP ? 0 : -1;
}

static int make_parents(const char *top, const char *rel)
{
	char path[PATH_MAX];
	int n = snprintf(path, sizeof path, "%s/%s", top, rel);
	if (n >= (int)sizeof path)
		return zfail("path too long");
	for (char *s = path + strlen(top) + 1; (s = strchr(s, '/')); s++) {
		*s = '\0';
		if (mkdir(path, 0755) < 0 && errno != EEXIST)
			return zfail("cannot create directory %s: %s", path + strlen(top) + 1, strerror(errno));
		*s = '/';
	}
	return 0;
}

/* Does the Zapp being written hold rel (a file or a directory)? */
static int zapp_holds(void *ctx, const char *rel)
{
	const struct writer *w = ctx;
	return plan_find(w->p, rel) || strlist_sorted_contains(&w->dirs, rel);
}

/* The library e, written at path: the directories compiled into it that a
 * Zapp's copy must not keep lead nowhere (builtin_paths.h).  A copy that
 * is a hard link to one edited before has none left to edit. */
static int write_builtin_paths(struct writer *w, const struct entry *e, const char *path)
{
	struct builtin_hits h;
	if (!builtin_paths_lib(path_basename(e->dest)))
		return 0;
	if (builtin_paths_find(path, path_basename(e->dest), zapp_holds, w, &h) < 0)
		return zfail("cannot read its compiled-in paths: %s", zwhy());
	int r = builtin_paths_edit(path, &h);
	if (r < 0)
		zfail("cannot edit its compiled-in paths: %s", zwhy());
	for (size_t i = 0; r == 0 && w->o->verbose && i < h.n; i++)
		if (h.v[i].refused)
			zprint(stdout, "%s: %s (%s) left as it is: %s", e->dest, h.v[i].path,
			       h.v[i].entry->what, h.v[i].refused);
		else
			zprint(stdout, "%s: %s (%s) made to %s", e->dest, h.v[i].path, h.v[i].entry->what,
			       builtin_paths_done(h.v[i].entry));
	builtin_hits_free(&h);
	return r;
}

/* The entry of the library name as a program's closure reaches it: in
 * lib/ or in one of the directories where its input's libraries keep
 * their place. */
static struct entry *closure_lib(struct writer *w, const struct entry *prog, const char *name)
{
	char rel[PATH_MAX];
	struct entry *e;
	snprintf(rel, sizeof rel, "lib/%s", name);
	if ((e = plan_find(w->p, rel)) && e->has_info)
		return e;
	for (size_t i = 0; i < prog->extra_dirs.n; i++) {
		snprintf(rel, sizeof rel, "%s/%s", prog->extra_dirs.v[i], name);
		if ((e = plan_find(w->p, rel)) && e->has_info)
			return e;
	}
	return NULL;
}

/* The names of the libraries of prog's closure, into libs. */
static int closure_names(struct writer *w, const struct entry *prog, struct strlist *libs)
{
	struct strlist todo = { 0 };
	int r = 0;
	for (size_t i = 0; prog->has_info && i < prog->info.nneeded && r == 0; i++)
		r = strlist_push(&todo, prog->info.needed[i]);
	for (size_t k = 0; k < todo.n && r == 0; k++) {
		struct entry *e;
		if (strlist_contains(libs, todo.v[k]))
			continue;
		if (strlist_push(libs, todo.v[k]) < 0) {
			r = -1;
			break;
		}
		if ((e = closure_lib(w, prog, todo.v[k])))
			for (size_t i = 0; i < e->info.nneeded && r == 0; i++)
				if (!strlist_contains(&todo, e->info.needed[i]))
					r = strlist_push(&todo, e->info.needed[i]);
	}
	strlist_free(&todo);
	return r < 0 ? zfail("out of memory") : 0;
}

/* The environment entries of a launcher (runenv.h): by its own name (a
 * name is what a user calls a program by: lib/git-core/git-upload-pack is
 * git's too, bin/plain an alias of bin/git is not) and the libraries of
 * its program's closure; the table's in table order, less the ones the
 * user sets, then the user's. */
static int launcher_env(struct writer *w, const struct entry *e, struct strlist *env)
{
	struct strlist libs = { 0 };
	int r = closure_names(w, e->target, &libs);
	if (r == 0)
		r = runenv_entries(w->values, path_basename(e->dest), libs.v, w->user.v, env);
	strlist_free(&libs);
	return r;
}

/* The launcher of a script is stamped with its interpreter's launcher,
 * the arguments before the script, and the script, each relative to its
 * directory (stamp.h, version 3); in direct mode (scripts.c) with the
 * interpreter's program, and the library directory, top and environment
 * entries of the interpreter's launcher, from its own directory
 * (version 4). */
static int write_script_launcher(struct writer *w, struct entry *e, const char *path)
{
	char dir[PATH_MAX], interp[PATH_MAX], script[PATH_MAX], prog[PATH_MAX], libdir[PATH_MAX], top[PATH_MAX];
	struct stamp_script sc = { .interp = interp, .args = e->interp_args.v, .script = script };
	const struct entry *j = script_direct(w->p, w->o, e);
	struct strlist env = { 0 };
	int r;
	path_dirname(e->dest, dir, sizeof dir);
	if (path_relative(dir, e->interp, interp, sizeof interp) < 0
	    || path_relative(dir, e->target->dest, script, sizeof script) < 0)
		return zfail("cannot compute the paths to its interpreter and script");
	if (j) {
		if (path_relative(dir, j->target->dest, prog, sizeof prog) < 0
		    || path_relative(dir, "lib", libdir, sizeof libdir) < 0
		    || path_relative(dir, ".", top, sizeof top) < 0)
			return zfail("cannot compute the path to its interpreter's program");
		if (launcher_env(w, j, &env) < 0) {
			strlist_free(&env);
			return -1;
		}
		sc.program = prog;
		sc.libdir = libdir;
		sc.top = env.n ? top : "";
		sc.env = env.v;
		if (strlen(sc.top) >= ZAPP_STAMP_TOP_MAX || strlen(prog) >= ZAPP_STAMP_PATH_MAX
		    || strlen(libdir) >= ZAPP_STAMP_PATH_MAX)
			sc.program = NULL;	/* no room: the exec mode, which needs none */
	}
	if (w->o->verbose)
		zprint(stdout, "%s: runs %s %s", e->dest, e->interp,
		       sc.program ? "itself (direct mode)" : "through its launcher (exec mode)");
	r = write_file(w, e->dest, path, w->o->jumploader, 0755, NULL, NULL, NULL, NULL, NULL, NULL, &sc);
	strlist_free(&env);
	return r;
}

/* Every jumploader is stamped with its program and library directory, so
 * that it keeps starting its program under any other name, and with the
 * environment its program gets. */
static int write_jumploader(struct writer *w, struct entry *e, const char *path)
{
	char dir[PATH_MAX], target[PATH_MAX], libdir[PATH_MAX], top[PATH_MAX];
	struct strlist env = { 0 };
	int r;
	path_dirname(e->dest, dir, sizeof dir);
	if (path_relative(dir, e->target->dest, target, sizeof target) < 0
	    || path_relative(dir, "lib", libdir, sizeof libdir) < 0
	    || path_relative(dir, ".", top, sizeof top) < 0)
		return zfail("cannot compute the path to its program");
	if (strlen(target) >= ZAPP_STAMP_PATH_MAX || strlen(libdir) >= ZAPP_STAMP_PATH_MAX)
		return zfail("the path to its program is too long for the stamp (%d bytes at most)",
			     ZAPP_STAMP_PATH_MAX - 1);
	if (launcher_env(w, e, &env) < 0) {
		strlist_free(&env);
		return -1;
	}
	if (env.n && strlen(top) >= ZAPP_STAMP_TOP_MAX) {
		strlist_free(&env);
		return zfail("it lies too deep for the stamp's path to the Zapp's top (%d bytes at most)",
			     ZAPP_STAMP_TOP_MAX - 1);
	}
	if (w->o->verbose)
		for (size_t i = 0; i < env.n; i++)
			zprint(stdout, "%s: sets %s%s", e->dest, env.v[i] + (env.v[i][0] == ZAPP_STAMP_IF_LOCALE),
			       env.v[i][0] == ZAPP_STAMP_IF_LOCALE ? " (when the locale asked for is there)" : "");
	r = write_file(w, e->dest, path, w->o->jumploader, 0755, NULL, NULL, target, libdir,
		       env.n ? top : "", env.v, NULL);
	strlist_free(&env);
	return r;
}

/* Is entry (of an old stamp) what the table gives this Zapp, or named by
 * this run's --env? */
static int not_the_users(struct writer *w, const char *entry)
{
	size_t n, l;
	const char *name = runenv_entry_name(entry, &n);
	const struct runenv_var *v;
	for (size_t i = 0; i < w->o->env.n; i++)
		if (runenv_entry_name(w->o->env.v[i], &l) && l == n && strncmp(w->o->env.v[i], name, n) == 0)
			return 1;
	for (size_t i = 0; i < w->user.n; i++)
		if (runenv_entry_name(w->user.v[i], &l) && l == n && strncmp(w->user.v[i], name, n) == 0)
			return 1;	/* kept already */
	char nm[256];
	snprintf(nm, sizeof nm, "%.*s", (int)n, name);
	if (!(v = runenv_find(nm)))
		return 0;
	size_t k = (size_t)(v - runenv_table);
	return w->values[k] && strcmp(w->values[k], name + n + 1) == 0;
}

/* The user's entries: those of the Zapps read back (inputs, or OUT with
 * --add) that are not the table's, so an earlier --env stays; then this
 * run's --env, which replaces one of the same name. */
static int user_env(struct writer *w)
{
	static struct stamp_info si;
	for (size_t i = 0; i < w->p->n; i++) {
		const struct entry *e = w->p->e[i];
		const char *cur = si.env, *entry;
		if (e->kind != ENTRY_PROGRAM || !e->origin_path || stamp_read_info(e->origin_path, &si) < 0)
			continue;
		while ((entry = runenv_block_next(&cur)))
			if (!not_the_users(w, entry) && strlist_push(&w->user, entry) < 0)
				return zfail("out of memory");
	}
	for (size_t i = 0; i < w->o->env.n; i++)
		if (strlist_push(&w->user, w->o->env.v[i]) < 0)
			return zfail("out of memory");
	return 0;
}

/* What runenv needs to know of the plan: its directories, its files. */
static int plan_has_file(void *ctx, const char *rel)
{
	struct entry *e = plan_find(ctx, rel);
	return e && e->kind != ENTRY_DIR && e->kind != ENTRY_JUMPLOADER;
}

static int plan_dirs(struct writer *w)
{
	struct plan *p = w->p;
	for (size_t i = 0; i < p->n; i++) {
		char dir[PATH_MAX];
		if (p->e[i]->kind == ENTRY_DIR)
			snprintf(dir, sizeof dir, "%s", p->e[i]->dest);
		else
			path_dirname(p->e[i]->dest, dir, sizeof dir);
		/* sorted entries: a directory's files follow it */
		while (strcmp(dir, ".") != 0 && *dir
		       && !(w->dirs.n && strcmp(w->dirs.v[w->dirs.n - 1], dir) == 0)) {
			if (strlist_push(&w->dirs, dir) < 0)
				return zfail("out of memory");
			char *slash = strrchr(dir, '/');
			if (!slash)
				break;
			*slash = '\0';
		}
	}
	strlist_sort(&w->dirs);
	/* each once (a directory is pushed again after a sibling's files) */
	size_t k = 0;
	for (size_t i = 0; i < w->dirs.n; i++)
		if (k && strcmp(w->dirs.v[k - 1], w->dirs.v[i]) == 0)
			free(w->dirs.v[i]);
		else
			w->dirs.v[k++] = w->dirs.v[i];
	w->dirs.n = k;
	if (w->dirs.v)
		w->dirs.v[k] = NULL;
	struct runenv_zapp z = { &w->dirs, plan_has_file, p };
	if (!(w->values = calloc(runenv_table_size, sizeof *w->values)))
		return zfail("out of memory");
	if (runenv_values(&z, w->values) < 0)
		return -1;
	return user_env(w);
}

/* An input's own marker (an existing Zapp, with --add) is replaced by the
 * new one; any other file of that name is not the input's to give. */
static int is_old_marker(struct entry *e)
{
	char dir[PATH_MAX];
	int fd, v;
	if (e->kind != ENTRY_FILE || !e->src)
		return 0;
	path_dirname(e->src, dir, sizeof dir);
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		return 0;
	v = marker_read(fd);
	close(fd);
	return v > 0;
}

/* A file zapp makes (the redirection map), from its bytes. */
static int write_content(const char *path, const char *buf, size_t len, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
	size_t done = 0;
	if (fd < 0)
		return zfail("cannot create it: %s", strerror(errno));
	while (done < len) {
		ssize_t n = write(fd, buf + done, len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			close(fd);
			return zfail("cannot write it: %s", n < 0 ? strerror(errno) : "no space");
		}
		done += (size_t)n;
	}
	return close(fd) < 0 ? zfail("cannot write it: %s", strerror(errno)) : 0;
}

static int write_entry(struct writer *w, struct entry *e)
{
	char path[PATH_MAX], parent[PATH_MAX];
	if (strcmp(e->dest, ZAPP_MARKER) == 0) {
		if (is_old_marker(e))
			return 0;
		return zfail("an input holds a file of this name, which is the Zapp's marker");
	}
	if (snprintf(path, sizeof path, "%s/%s", w->top, e->dest) >= (int)sizeof path)
		return zfail("path too long");
	/* entries come sorted: most share the parent of the one before */
	path_dirname(e->dest, parent, sizeof parent);
	if (strcmp(parent, w->made) != 0) {
		if (make_parents(w->top, e->dest) < 0)
			return -1;
		snprintf(w->made, sizeof w->made, "%s", parent);
	}
	switch (e->kind) {
	case ENTRY_DIR:
		if (mkdir(path, 0755) < 0 && errno != EEXIST)
			return zfail("cannot create the directory: %s", strerror(errno));
		if (set_mode(path, e->mode) < 0)
			return zfail("cannot set its mode: %s", strerror(errno));
		return 0;
	case ENTRY_JUMPLOADER:
		if (e->interp)
			return write_script_launcher(w, e, path);
		return write_jumploader(w, e, path);
	default:
		if (e->content)
			return write_content(path, e->content, e->content_len, e->mode);
		if (write_file(w, e->dest, path, e->src, e->mode, e->new_rpath, e->add_needed,
			       NULL, NULL, NULL, NULL, NULL) < 0)
			return -1;
		return e->has_info || e->kind == ENTRY_LOADER ? write_builtin_paths(w, e, path) : 0;
	}
}

static int write_marker(const char *top)
{
	int fd = open(top, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return zerr(top, "cannot open: %s", strerror(errno)), -1;
	int r = marker_write(fd);
	close(fd);
	if (r < 0)
		zerr(ZAPP_MARKER, "%s", zwhy());
	return r;
}

/* With SOURCE_DATE_EPOCH set, every file and directory gets that time. */
static int set_times(struct plan *p, const char *top)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	char path[PATH_MAX], *end;
	struct timespec ts[2];
	if (!sde || !*sde)
		return 0;
	errno = 0;
	long long t = strtoll(sde, &end, 10);
	if (*end || errno || t < 0)
		return zerr("SOURCE_DATE_EPOCH", "not a number of seconds: '%s'", sde), -1;
	ts[0].tv_sec = ts[1].tv_sec = (time_t)t;
	ts[0].tv_nsec = ts[1].tv_nsec = 0;
	snprintf(path, sizeof path, "%s/%s", top, ZAPP_MARKER);
	if (utimensat(AT_FDCWD, path, ts, AT_SYMLINK_NOFOLLOW) < 0)
		return zerr(ZAPP_MARKER, "cannot set its time: %s", strerror(errno)), -1;
	/* files before their directories: sorted order, walked backwards */
	for (size_t i = p->n; i-- > 0; ) {
		if (strcmp(p->e[i]->dest, ZAPP_MARKER) == 0)
			continue;
		snprintf(path, sizeof path, "%s/%s", top, p->e[i]->dest);
		if (utimensat(AT_FDCWD, path, ts, AT_SYMLINK_NOFOLLOW) < 0)
			return zerr(p->e[i]->dest, "cannot set its time: %s", strerror(errno)), -1;
	}
	/* directories made only as parents */
	for (size_t i = p->n; i-- > 0; ) {
		char dir[PATH_MAX];
		path_dirname(p->e[i]->dest, dir, sizeof dir);
		while (strcmp(dir, ".") != 0) {
			if (snprintf(path, sizeof path, "%s/%s", top, dir) < (int)sizeof path)
				utimensat(AT_FDCWD, path, ts, 0);
			char *slash = strrchr(dir, '/');
			if (slash)
				*slash = '\0';
			else
				strcpy(dir, ".");
		}
	}
	return utimensat(AT_FDCWD, top, ts, 0) < 0 ? -1 : 0;
}

/* What can be known of each file whose rpath is set before anything is
 * copied: that its bytes all belong to its headers and sections, so it
 * can be rewritten (rpath_set checks it again on the copy).  A program of
 * 4 GiB with data appended is refused at once, not once it is copied. */
static int check_edits(struct plan *p)
{
	int r = 0;
	for (size_t i = 0; i < p->n && !interrupted(); i++) {
		struct entry *e = p->e[i];
		struct zelf z;
		int ok;
		if ((!e->new_rpath && !e->add_needed) || !e->src || zelf_open(&z, e->src) < 0)
			continue;	/* unreadable: the write says why */
		ok = zelf_check_tail(&z) == 0;
		zelf_close(&z);
		if (!ok) {
			zerr(e->dest, "cannot set its rpath to '%s': %s", e->new_rpath, zwhy());
			r = -1;
		}
	}
	return r;
}

int write_plan(struct plan *p, struct options *o, const char *dir)
{
	struct writer w = { .o = o, .top = dir, .made = ".", .p = p };
	int r = 0;
	for (w.nbucket = 256; w.nbucket < p->n; w.nbucket *= 2)
		;
	if (!(w.bucket = calloc(w.nbucket, sizeof *w.bucket)))
		return zerr(NULL, "out of memory"), -1;
	plan_sort(p);
	if (plan_dirs(&w) < 0) {
		zerr(NULL, "%s", zwhy());
		writer_free(&w);
		return -1;
	}
	r = check_edits(p);
	for (size_t i = 0; i < p->n && r == 0; i++) {
		if (write_entry(&w, p->e[i]) < 0) {
			zerr(p->e[i]->dest, "%s", zwhy());
			r = -1;
		} else if (interrupted()) {
			r = -1;
		}
	}
	writer_free(&w);
	if (r == 0)
		r = write_marker(dir);
	return r < 0 ? -1 : set_times(p, dir);
}
