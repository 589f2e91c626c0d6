/* zapp-assemble/scripts.c: the scripts of a Zapp (docs/layout.md, rule 3).
 *
 * An executable file of the plan (or a file given as an input) whose #!
 * line the kernel would run (shebang.h) is a script: its bytes move to
 * dynbin/ (where rule 1 puts a program's ELF: bin/tool.py ->
 * dynbin/tool.py, a directory as deep as bin/), and a jumploader stamped
 * "script" takes its place.  That launcher execs the launcher of the
 * script's interpreter in the Zapp, found here:
 *   - #!/ABS/PATH [ARG]: the program of the plan that is that host file
 *     (the same file: the name given, its directory resolved and its real
 *     path are one inode), else the Zapp's DIR/NAME when the path's
 *     directory is named bin or sbin (a tree's own bin/python3.11 for
 *     #!/usr/local/bin/python3.11);
 *   - #!/usr/bin/env NAME, #!/usr/bin/env -S NAME ARGS...: the Zapp's
 *     bin/NAME, then sbin/NAME;
 * and when the Zapp has none, brought in from the host (or --sysroot) as
 * a program input with its closure, as `zapp-assemble -o Z tree
 * /usr/bin/python3` brings it (env's NAME is looked for in SCRIPT_PATH).
 * An interpreter that is a script is given a launcher in turn, as the
 * kernel follows it, to a depth of SHEBANG_CHAIN_MAX scripts.
 * A language's module (shebang_is_module: lib/python3.11/platform.py) is
 * imported by its path, and stays as it is, #! or not.
 * A file that starts with #! but that the kernel refuses stays as it is,
 * with a warning; so does one whose interpreter's path is relative (it
 * depends on the current directory).  An interpreter that cannot be found,
 * or a line env would read otherwise than shebang.c splits it, is an
 * error: no partial Zapp.
 *
 * Direct mode (script_direct): the launcher maps its interpreter's
 * program itself, one execve less, when that changes nothing the
 * interpreter sees but /proc/self/exe: the interpreter is a program of
 * the Zapp (not a static one, not a script), one known not to read
 * /proc/self/exe (interp_direct.h), and its $ORIGIN search path leads to
 * the same directories from the script's launcher as from its own. */
#include "assemble.h"
#include "interp_direct.h"
#include "report.h"
#include "searchpath.h"
#include "shebang.h"
#include "stamp_io.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* where env's NAME is looked for on the host (or in --sysroot): a login's
 * PATH, not the assembling shell's (which may hold shims) */
static const char *const script_path[] = {
	"/usr/local/bin", "/usr/bin", "/bin", "/usr/local/sbin", "/usr/sbin", "/sbin", NULL,
};
#define SCRIPT_PATH "/usr/local/bin:/usr/bin:/bin:/usr/local/sbin:/usr/sbin:/sbin"


static int is_script_file(const struct entry *e)
{
	struct shebang sb;
	return e->kind == ENTRY_FILE && e->src && !e->drop && ((e->mode & 0111) || e->script_input)
	       && shebang_read(e->src, &sb) == 0 && sb.kind == SHEBANG_SCRIPT;
}

/* What can run at rel in the Zapp: a launcher (of a program or of a
 * script), a static program, a script still to be given its launcher. */
static const struct entry *runnable_at(const struct plan *p, const char *rel)
{
	const struct entry *e = plan_find(p, rel);
	if (!e || e->drop)
		return NULL;
	if (e->kind == ENTRY_JUMPLOADER || (e->kind == ENTRY_STATIC && (e->mode & 0111)) || is_script_file(e))
		return e;
	return NULL;
}

/* The launcher of the program entry prog: the one named name, else the
 * first planned. */
static const struct entry *launcher_of(const struct plan *p, const struct entry *prog, const char *name)
{
	const struct entry *first = NULL;
	for (size_t i = 0; i < p->n; i++) {
		const struct entry *j = p->e[i];
		if (j->kind != ENTRY_JUMPLOADER || j->target != prog || j->interp || j->drop)
			continue;
		if (strcmp(path_basename(j->dest), name) == 0)
			return j;
		if (!first)
			first = j;
	}
	return first;
}

/* The entry of the Zapp that is the host file st (an input, or a file of
 * a tree that is that very file), as something to run. */
static const struct entry *planned_host_file(const struct plan *p, const struct stat *st, const char *name)
{
	for (size_t i = 0; i < p->n; i++) {
		const struct entry *e = p->e[i];
		if (!e->src || e->drop || e->src_dev != st->st_dev || e->src_ino != st->st_ino)
			continue;
		if (e->kind == ENTRY_PROGRAM) {
			const struct entry *j = launcher_of(p, e, name);
			if (j)
				return j;
		} else if (e->kind == ENTRY_STATIC || (e->kind == ENTRY_FILE && strncmp(e->dest, "dynbin/", 7) != 0
							 && is_script_file(e))) {
			return e;
		} else if (e->kind == ENTRY_FILE && strncmp(e->dest, "dynbin/", 7) == 0) {
			/* a script given its launcher already */
			for (size_t k = 0; k < p->n; k++)
				if (p->e[k]->kind == ENTRY_JUMPLOADER && p->e[k]->target == e && p->e[k]->interp)
					return p->e[k];
		}
	}
	return NULL;
}

/* The Zapp path of what runs a script's interpreter host (absolute),
 * into out: "" when the Zapp has none.  bin_name: the name to look for in
 * the Zapp's bin/ and sbin/ (env), or NULL (an absolute #! path). */
static void in_zapp(const struct plan *p, const struct options *o, const struct entry *self, const char *host,
		    const char *bin_name, char *out, size_t len)
{
	char path[PATH_MAX], dir[PATH_MAX], rel[PATH_MAX];
	const struct entry *e = NULL;
	struct stat st;
	out[0] = '\0';
	if (bin_name) {
		snprintf(rel, sizeof rel, "bin/%s", bin_name);
		if (!(e = runnable_at(p, rel))) {
			snprintf(rel, sizeof rel, "sbin/%s", bin_name);
			e = runnable_at(p, rel);
		}
	} else {
		if (path_join_root(o->sysroot, host, path, sizeof path) == 0 && stat(path, &st) == 0)
			e = planned_host_file(p, &st, path_basename(host));
		if (!e) {
			path_dirname(host, dir, sizeof dir);
			const char *d = path_basename(dir);
			if ((strcmp(d, "bin") == 0 || strcmp(d, "sbin") == 0)
			    && snprintf(rel, sizeof rel, "%s/%s", d, path_basename(host)) < (int)sizeof rel)
				e = runnable_at(p, rel);
		}
	}
	/* a script is not its own interpreter (a wrapper bin/perl whose
	   #!/usr/bin/perl means the host's): that is looked for elsewhere */
	if (e && e != self)
		snprintf(out, len, "%s", e->dest);
}

/* The host file (inside --sysroot) that env would run for name, into
 * host (its path on that system) and path (where it is here): 0, or -1. */
static int on_host_path(const struct options *o, const char *name, char *host, size_t hlen, char *path,
			size_t plen)
{
	struct stat st;
	for (size_t i = 0; script_path[i]; i++) {
		if (snprintf(host, hlen, "%s/%s", script_path[i], name) >= (int)hlen
		    || path_join_root(o->sysroot, host, path, plen) < 0)
			continue;
		if (stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, X_OK) == 0)
			return 0;
	}
	return -1;
}

/* Bring the host program host (at path here) in as an input given as a
 * file; its launcher's Zapp path into out. */
static int bring_in(struct plan *p, struct options *o, const char *shown, const char *host, const char *path,
		    char *out, size_t len)
{
	char rel[PATH_MAX];
	if (scan_input(p, o, path) < 0)
		return zerr(shown, "cannot bring in its interpreter %s", host), -1;
	snprintf(rel, sizeof rel, "bin/%s", path_basename(path));
	if (!runnable_at(p, rel))
		return zerr(shown, "its interpreter %s brought in is nothing to run at %s", host, rel), -1;
	if (strlist_push(&o->brought, path) < 0)
		return zerr(NULL, "out of memory"), -1;
	if (o->verbose)
		zprint(stdout, "%s: its interpreter %s is not in the Zapp: brought in from %s as %s", shown, host,
		       *o->sysroot ? o->sysroot : "the system", rel);
	snprintf(out, len, "%s", rel);
	return 0;
}

/* " (...)": what explains an interpreter that is not there */
static const char *cr_note(const char *interp)
{
	size_t n = strlen(interp);
	return n && interp[n - 1] == '\r' ? " (its #! line ends in a CR: a DOS line end)" : "";
}

/* The script e gets its launcher: its bytes at dynbin/P, a jumploader at
 * P that runs interp with args. */
static int give_launcher(struct plan *p, struct options *o, struct entry *e, const char *interp,
			 const struct strlist *args)
{
	char dyn[PATH_MAX];
	struct entry *d;
	dynbin_path(e->dest, dyn, sizeof dyn);
	if (!(d = plan_add(p, dyn, ENTRY_FILE, e->src)))
		return zerr(e->dest, "cannot give the script a launcher: %s", zwhy()), -1;
	d->src_dev = e->src_dev;
	d->src_ino = e->src_ino;
	d->src_size = e->src_size;
	d->mode = e->mode;
	d->from_tree = e->from_tree;
	d->included = e->included;
	d->tree_rel = e->tree_rel;
	d->shown = e->shown;
	d->script_seen = 1;
	e->tree_rel = e->shown = NULL;
	e->included = 0;
	free(e->src);
	e->src = NULL;
	e->kind = ENTRY_JUMPLOADER;
	e->mode = 0755;
	e->target = d;
	if (!(e->interp = strdup(interp)))
		return zerr(NULL, "out of memory"), -1;
	for (size_t i = 0; i < args->n; i++)
		if (strlist_push(&e->interp_args, args->v[i]) < 0)
			return zerr(NULL, "out of memory"), -1;
	o->scripts++;
	if (o->verbose)
		zprint(stdout, "%s: a script, run by %s", e->dest, interp);
	return 0;
}

/* One file of the plan: a script to give a launcher?  0 (done, or not
 * one), -1 after reporting why it cannot be. */
static int one_file(struct plan *p, struct options *o, struct entry *e)
{
	struct shebang sb;
	struct strlist words = { 0 }, args = { 0 };
	char interp[PATH_MAX], host[PATH_MAX], path[PATH_MAX];
	const char *shown = e->shown ? e->shown : e->src;
	const char *name = NULL;
	int r = -1;
	e->script_seen = 1;
	if ((!(e->mode & 0111) && !e->script_input) || (!e->script_input && shebang_is_module(e->dest)))
		return 0;
	if (shebang_read(e->src, &sb) < 0)
		return zerr(shown, "%s", zwhy()), -1;
	if (sb.kind == SHEBANG_NONE)
		return 0;
	if (sb.kind == SHEBANG_REFUSED) {
		zwarn(shown, "kept as it is, not a script: %s, and Linux runs no such file", sb.why);
		return 0;
	}
	if (shebang_is_env(&sb)) {
		if (shebang_env_words(&sb, &words) < 0) {
			zerr(shown, "cannot give the script a launcher: %s", zwhy());
			goto out;
		}
		name = words.v[0];
		for (size_t i = 1; i < words.n; i++)
			if (strlist_push(&args, words.v[i]) < 0)
				goto oom;
		if (strchr(name, '/')) {
			snprintf(host, sizeof host, "%s", name);
			name = NULL;
		}
	} else {
		snprintf(host, sizeof host, "%s", sb.interp);
		if (sb.has_arg && strlist_push(&args, sb.arg) < 0)
			goto oom;
	}
	if (!name && host[0] != '/') {
		zwarn(shown, "kept as it is: its interpreter %s is a relative path, which depends on the current directory",
		      host);
		r = 0;
		goto out;
	}
	in_zapp(p, o, e, name ? NULL : host, name, interp, sizeof interp);
	if (!interp[0]) {
		int found = name ? on_host_path(o, name, host, sizeof host, path, sizeof path)
			: path_join_root(o->sysroot, host, path, sizeof path);
		struct stat st;
		if (found < 0 || stat(path, &st) < 0 || !S_ISREG(st.st_mode) || access(path, X_OK) < 0) {
			if (name)
				zerr(shown, "its interpreter %s (#!%s %s) is not in the Zapp's bin/ or sbin/, nor in %s%s%s",
				     name, sb.interp, sb.arg, SCRIPT_PATH, *o->sysroot ? " of " : "", o->sysroot);
			else
				zerr(shown, "its interpreter %s is not in the Zapp, nor a program %s%s%s", host,
				     *o->sysroot ? "of " : "of this system", o->sysroot, cr_note(host));
			goto out;
		}
		/* a program of the plan after all (a tree's file, reached
		   through env's search) */
		in_zapp(p, o, e, host, NULL, interp, sizeof interp);
		if (!interp[0] && bring_in(p, o, shown, host, path, interp, sizeof interp) < 0)
			goto out;
	}
	r = give_launcher(p, o, e, interp, &args);
	goto out;
oom:
	zerr(NULL, "out of memory");
out:
	strlist_free(&words);
	strlist_free(&args);
	return r;
}

/* Every script launcher's interpreter is in the Zapp, and a chain of
 * scripts is no deeper than the kernel follows. */
static int check_chains(const struct plan *p)
{
	int r = 0;
	for (size_t i = 0; i < p->n; i++) {
		const struct entry *e = p->e[i], *cur = e;
		int depth = 1;
		if (e->kind != ENTRY_JUMPLOADER || !e->interp || e->drop)
			continue;
		while (cur && cur->interp && depth <= SHEBANG_CHAIN_MAX) {
			const struct entry *next = plan_find(p, cur->interp);
			if (!next || next->drop || !(next->kind == ENTRY_JUMPLOADER || next->kind == ENTRY_STATIC)) {
				zerr(e->dest, "its interpreter %s is not in the Zapp", cur->interp);
				r = -1;
				break;
			}
			if (next->interp)
				depth++;
			cur = next;
		}
		if (depth > SHEBANG_CHAIN_MAX) {
			zerr(e->dest, "a chain of more than %d scripts, each the interpreter of the one before (Linux stops there too)",
			     SHEBANG_CHAIN_MAX);
			r = -1;
		}
	}
	return r;
}

/* Did a script's launcher read back from a Zapp start prog in direct
 * mode? */
static int direct_before(const struct plan *p, const struct entry *prog)
{
	for (size_t i = 0; i < p->n; i++)
		if (p->e[i]->kind == ENTRY_JUMPLOADER && p->e[i]->interp && p->e[i]->stamp_target
		    && strcmp(p->e[i]->stamp_target, prog->dest) == 0)
			return 1;
	return 0;
}

const struct entry *script_direct(const struct plan *p, const struct options *o, const struct entry *e)
{
	static int version;	/* of the jumploader copied: 4 takes direct mode */
	const struct entry *j, *prog;
	char da[PATH_MAX], db[PATH_MAX];
	if (o->script_exec || !e->interp)
		return NULL;
	if (!version)
		version = stamp_version(o->jumploader);
	if (version < 4)
		return NULL;
	j = plan_find(p, e->interp);
	if (!j || j->drop || j->kind != ENTRY_JUMPLOADER || j->interp || !(prog = j->target)
	    || prog->kind != ENTRY_PROGRAM || !prog->has_info || !prog->src)
		return NULL;
	/* by the name of its real program (/bin/sh is dash); a program read
	   back from a Zapp (--add) is named as its launcher there: it is one
	   when a script's launcher of that Zapp started it in direct mode */
	if (!interp_direct_known(path_basename(prog->src)) && !direct_before(p, prog))
		return NULL;
	path_dirname(j->dest, da, sizeof da);
	path_dirname(e->dest, db, sizeof db);
	if (prog->new_rpath ? !interp_direct_origin_same(prog->new_rpath, da, db)
	    : !interp_direct_origin_same(prog->info.rpath, da, db)
	      || !interp_direct_origin_same(prog->info.runpath, da, db))
		return NULL;
	return j;
}

int scripts_plan(struct plan *p, struct options *o)
{
	int r = 0;
	/* p->n grows as interpreters come in, and their scripts are seen */
	for (size_t i = 0; i < p->n; i++) {
		struct entry *e = p->e[i];
		if (e->kind != ENTRY_FILE || e->script_seen || e->drop || !e->src || strncmp(e->dest, "dynbin/", 7) == 0)
			continue;
		if (one_file(p, o, e) < 0)
			r = -1;
	}
	return r < 0 ? -1 : check_chains(p);
}
