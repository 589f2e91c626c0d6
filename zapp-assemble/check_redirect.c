/* zapp-assemble/check_redirect.c: zapp-check's view of run-time
 * redirection (docs/design.md): the map lib/zapp/hostpaths is lines
 * "HOSTPATH\tZAPPPATH\n", HOSTPATH absolute, sorted in byte order, each
 * once; each ZAPPPATH a file of the Zapp, reached without leaving it.
 * With a map, lib/libzapp-rt.so.1 is there and every program glibc's
 * loader starts that can exec or dlopen (plan_imports.c) carries it (one
 * that does not would exec or dlopen the host's copy of what the Zapp
 * holds).  A DT_NEEDED of it is found like
 * any other (check_rules.c). */
#include "check.h"
#include "assemble.h"
#include "report.h"
#include "searchpath.h"
#include "target.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RT_NAME "libzapp-rt.so.1"

static int carries_rt(const struct entry *e)
{
	for (size_t k = 0; k < e->info.nneeded; k++)
		if (strcmp(e->info.needed[k], RT_NAME) == 0)
			return 1;
	return 0;
}

/* One line of the map (NUL-terminated, newline removed), number n; prev
 * the HOSTPATH before it, which it must follow. */
static void check_line(struct check *c, char *line, size_t n, char *prev, size_t prevlen, int verbose)
{
	char *tab = strchr(line, '\t'), norm[PATH_MAX];
	if (!tab) {
		check_problem(c, REDIRECT_MAP, "line %zu has no TAB between a host path and a Zapp path", n);
		return;
	}
	*tab = '\0';
	const char *host = line, *zpath = tab + 1;
	const struct entry *e;
	if (host[0] != '/')
		check_problem(c, REDIRECT_MAP, "line %zu: the host path '%s' is not absolute", n, host);
	if (*prev && strcmp(prev, host) >= 0)
		check_problem(c, REDIRECT_MAP, "line %zu: '%s' %s: a look-up would miss lines", n, host,
			      strcmp(prev, host) ? "is out of order" : "is listed twice");
	snprintf(prev, prevlen, "%s", host);
	if (!*zpath || zpath[0] == '/' || path_normalize(zpath, norm, sizeof norm) < 0)
		check_problem(c, REDIRECT_MAP, "line %zu: '%s' leads out of the Zapp", n, zpath);
	else if (!(e = plan_find(&c->inv, norm)) || e->kind == ENTRY_DIR)
		check_problem(c, REDIRECT_MAP, "line %zu: the copy of %s, %s, is not a file of the Zapp", n, host, zpath);
	else if (verbose)
		zprint(stdout, "%s: %s -> %s", REDIRECT_MAP, host, zpath);
}

void check_redirect(struct check *c, int verbose)
{
	const struct entry *map = plan_find(&c->inv, REDIRECT_MAP);
	const struct entry *rt = plan_find(&c->inv, "lib/" RT_NAME);
	if (map && map->kind != ENTRY_DIR && map->src) {
		FILE *f = fopen(map->src, "r");
		char line[2 * PATH_MAX + 4], prev[PATH_MAX * 2] = "";
		size_t n = 0;
		if (!f) {
			check_problem(c, REDIRECT_MAP, "cannot read: %s", strerror(errno));
			return;
		}
		while (fgets(line, sizeof line, f)) {
			size_t l = strlen(line);
			n++;
			if (!l || line[l - 1] != '\n') {
				check_problem(c, REDIRECT_MAP, "line %zu %s", n, feof(f) ? "does not end with a newline"
										: "is too long");
				break;
			}
			line[l - 1] = '\0';
			check_line(c, line, n, prev, sizeof prev, verbose);
		}
		fclose(f);
		if (!rt)
			check_problem(c, REDIRECT_MAP, "no lib/" RT_NAME ": nothing applies the map");
	}
	struct plan_imports *pi = map ? plan_imports_new(&c->inv) : NULL;
	for (size_t i = 0; pi && i < c->inv.n; i++) {
		const struct entry *e = c->inv.e[i];
		if (!e->has_info || elf_role_of(&e->info) != ELF_ROLE_PROGRAM || !e->info.interp
		    || strncmp(path_basename(e->info.interp), "ld-linux", 8) != 0 || carries_rt(e)
		    || e->info.machine != target_build()->machine || e->info.elfclass != target_build()->elfclass
		    || !plan_imports_interposed(pi, e))
			continue;
		check_problem(c, e->dest, "does not load lib/" RT_NAME ": its execs and dlopens of host paths "
			      "the Zapp holds would reach the host");
	}
	plan_imports_free(pi);
}
