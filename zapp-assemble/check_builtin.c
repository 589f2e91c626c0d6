/* zapp-assemble/check_builtin.c: no library of the Zapp keeps a directory
 * compiled into it that the Zapp's copy must not keep (builtin_paths.h):
 * such a library reads the host's files there, passing over the copies the
 * Zapp holds, or loads another glibc's gconv modules.  zapp-assemble makes
 * them lead nowhere; a Zapp made before it did, or a library put in by
 * hand, is reported.  With -v, each string that was made to lead nowhere. */
#include "builtin_paths.h"
#include "check.h"
#include "report.h"
#include "searchpath.h"

#include <stdio.h>
#include <string.h>

static int inv_holds(void *ctx, const char *rel)
{
	return plan_find(ctx, rel) != NULL;
}

void check_builtin(struct check *c)
{
	for (size_t i = 0; i < c->inv.n; i++) {
		const struct entry *e = c->inv.e[i];
		struct builtin_hits h;
		if (e->kind != ENTRY_FILE || !e->has_info || !builtin_paths_lib(path_basename(e->dest)))
			continue;
		if (builtin_paths_find(e->src, path_basename(e->dest), inv_holds, &c->inv, &h) < 0) {
			check_problem(c, e->dest, "cannot read its compiled-in paths: %s", zwhy());
			continue;
		}
		for (size_t k = 0; k < h.n; k++)
			check_problem(c, e->dest, "reads %s of the host (%s), compiled into it%s: "
				      "assemble the Zapp again", h.v[k].path, h.v[k].entry->what,
				      h.v[k].entry->held ? ", where the Zapp holds its own" : "");
		builtin_hits_free(&h);
	}
}
