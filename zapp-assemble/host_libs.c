/* zapp-assemble/host_libs.c: --host-lib PATTERN, the way out for host
 * drivers (docs/design.md, "Host libraries").
 *
 * A library whose name (a DT_NEEDED name, a soname) matches one of the
 * patterns (fnmatch, no '/') is not brought into the Zapp: the program
 * loads the host's at run time.  For that, every program of the Zapp gets
 * the host's library directories (searchpath_system: its ld.so.conf and
 * the loader's defaults, as of the build machine or --sysroot) at the end
 * of its DT_RPATH, after the Zapp's own: the loader finds there what the
 * Zapp does not hold -- the host libraries named, and what they need that
 * the Zapp lacks (glibc applies a program's DT_RPATH to every library it
 * loads that has no DT_RUNPATH of its own).  The patterns are kept in
 * lib/zapp/hostlibs, one per line, sorted: zapp-check reads them, and a
 * Zapp assembled again from this one keeps them. */
#include "assemble.h"
#include "report.h"
#include "searchpath.h"

#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int host_libs_add(struct options *o, const char *pattern)
{
	if (!*pattern || strchr(pattern, '/'))
		return zusage("--host-lib '%s': a library name or pattern, without '/' (libGL.so.*)", pattern), -1;
	for (const char *s = pattern; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return zusage("--host-lib: a pattern without control characters"), -1;
	if (!strlist_contains(&o->host_libs, pattern) && strlist_push(&o->host_libs, pattern) < 0)
		return zerr(NULL, "out of memory"), -1;
	return 0;
}

const char *host_lib(const struct options *o, const char *name)
{
	for (size_t i = 0; i < o->host_libs.n; i++)
		if (fnmatch(o->host_libs.v[i], name, 0) == 0)
			return o->host_libs.v[i];
	return NULL;
}

int host_libs_read_back(struct options *o, const char *rel, const char *real)
{
	char line[4096];
	FILE *f;
	if (strcmp(rel, HOST_LIBS) != 0)
		return 0;
	if (!(f = fopen(real, "r")))
		return zerr(real, "cannot read: %s", strerror(errno)), -1;
	while (fgets(line, sizeof line, f)) {
		line[strcspn(line, "\n")] = '\0';
		if (*line && host_libs_add(o, line) < 0) {
			fclose(f);
			return zerr(real, "not a list of library names: '%s'", line), -1;
		}
	}
	fclose(f);
	return 1;
}

int host_libs_plan(struct plan *p, struct options *o)
{
	size_t len = 0;
	struct entry *e;
	if (!o->host_libs.n)
		return 0;
	if (plan_find(p, HOST_LIBS))
		return zerr(HOST_LIBS, "an input holds a file of this name, which --host-lib needs"), -1;
	strlist_sort(&o->host_libs);
	for (size_t i = 0; i < o->host_libs.n; i++)
		len += strlen(o->host_libs.v[i]) + 1;
	if (!(e = plan_add(p, HOST_LIBS, ENTRY_FILE, NULL)) || !(e->content = malloc(len + 1)))
		return zerr(HOST_LIBS, "%s", e ? "out of memory" : zwhy()), -1;
	e->mode = 0644;
	e->content_len = 0;
	for (size_t i = 0; i < o->host_libs.n; i++)
		e->content_len += (size_t)sprintf(e->content + e->content_len, "%s\n", o->host_libs.v[i]);
	return 0;
}

int host_libs_dirs(const struct options *o, struct strlist *dirs)
{
	struct strlist found = { 0 };
	size_t rl = strlen(o->sysroot);
	while (rl > 0 && o->sysroot[rl - 1] == '/')
		rl--;
	if (searchpath_system(*o->sysroot ? o->sysroot : "/", &found) < 0) {
		strlist_free(&found);
		return -1;
	}
	for (size_t i = 0; i < found.n; i++) {
		const char *d = found.v[i] + (rl && strncmp(found.v[i], o->sysroot, rl) == 0 ? rl : 0);
		if (d[0] == '/' && !strchr(d, ':') && !strlist_contains(dirs, d) && strlist_push(dirs, d) < 0) {
			strlist_free(&found);
			return zfail("out of memory");
		}
	}
	strlist_free(&found);
	return 0;
}
