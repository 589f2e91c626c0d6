/* zapp-assemble/check_builtin.c: no library of the Zapp keeps a directory
 * compiled into it that the Zapp's copy must not keep (builtin_paths.h):
 * such a library reads the host's files there, passing over the copies the
 * Zapp holds, or loads another glibc's gconv modules.  zapp-assemble makes
 * them lead nowhere; a Zapp made before it did, or a library put in by
 * hand, is reported, and so is a loader whose default directories have a
 * shape zapp-assemble does not edit.  A musl loader that still reads the
 * caller's LD_LIBRARY_PATH (searched before the Zapp's lib/) is reported
 * too, and so is one whose data zapp-assemble cannot edit for it.  The
 * hwcaps subdirectories' data (the loader's probes, not the host's files)
 * zapp-assemble leaves as it is when its shape is not the one it knows:
 * with -v, each such. */
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
		for (size_t k = 0; k < h.n; k++) {
			const struct builtin_hit *x = &h.v[k];
			if (x->entry->edit == BUILTIN_ENVNAME && !x->refused)
				check_problem(c, e->dest, "reads %s of the environment (%s): assemble the Zapp again",
					      x->path, x->entry->what);
			else if (x->entry->edit == BUILTIN_ENVNAME)
				check_problem(c, e->dest, "zapp-assemble cannot make it ignore %s (%s): %s", x->path,
					      x->entry->what, x->refused);
			else if (!x->refused && (x->entry->edit == BUILTIN_EMPTY || x->entry->edit == BUILTIN_TUNABLE))
				check_problem(c, e->dest, "probes %s (%s) of each directory it searches, "
					      "which a Zapp does not have: assemble the Zapp again", x->entry->what,
					      x->path);
			else if (!x->refused)
				check_problem(c, e->dest, "reads %s of the host (%s), compiled into it%s: "
					      "assemble the Zapp again", x->path, x->entry->what,
					      x->entry->held ? ", where the Zapp holds its own" : "");
			else if (x->entry->edit == BUILTIN_DIRLIST)
				check_problem(c, e->dest, "reads %s of the host (%s), compiled into it: "
					      "zapp-assemble cannot edit them: %s", x->path, x->entry->what,
					      x->refused);
			else if (c->verbose)
				zprint(stdout, "%s: %s (%s) left as it is: %s", e->dest, x->path,
				       x->entry->what, x->refused);
		}
		builtin_hits_free(&h);
	}
}
