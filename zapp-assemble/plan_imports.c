/* zapp-assemble/plan_imports.c: can a program of a plan (a Zapp to be,
 * or one read back by zapp-check) exec or dlopen?  It can when it, or a
 * library of its start-up closure, imports one of the functions the
 * run-time redirection library interposes (zapp-rt/interposed.h): calls
 * reach those through the PLT.  What else it may load comes through
 * dlopen, which it then imports.  Each file's symbols are read once. */
#include "plan.h"
#include "hash.h"
#include "searchpath.h"
#include "zelf.h"
#include "../zapp-rt/interposed.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Does the ELF file import a function the library interposes?  Unreadable:
 * taken to, so that nothing is left out. */
static int imports_interposed(const char *path)
{
	static const char *const names[] = { ZRT_INTERPOSED };
	return zelf_dynsym_any(path, names, sizeof names / sizeof *names, 0) != 0;
}

/* What is known of each ELF entry: whether it imports (0 not yet read,
 * 1 no, 2 yes), and the program walk that visited it last. */
struct seen {
	const struct entry *e;
	int imports;
	unsigned walk;
};

struct plan_imports {
	const struct plan *p;
	struct seen *slot;
	size_t nslot;		/* a power of two, more than twice the entries */
	unsigned walk;
};

static struct seen *seen_of(struct plan_imports *c, const struct entry *e)
{
	size_t i = (size_t)zhash(ZHASH_INIT, &e, sizeof e) & (c->nslot - 1);
	while (c->slot[i].e && c->slot[i].e != e)
		i = (i + 1) & (c->nslot - 1);
	c->slot[i].e = e;
	return &c->slot[i];
}

/* The library a DT_NEEDED name of a program is in the Zapp: lib/NAME, or
 * in one of the program's other library directories (layout rule 5), or
 * (a Zapp read by zapp-check, which knows no such directories) a library
 * of that name anywhere in it. */
static const struct entry *library(const struct plan *p, const struct entry *prog, const char *name)
{
	char rel[PATH_MAX];
	const struct entry *l;
	snprintf(rel, sizeof rel, "lib/%s", name);
	if ((l = plan_find(p, rel)))
		return l;
	for (size_t k = 0; k < prog->extra_dirs.n; k++) {
		snprintf(rel, sizeof rel, "%s/%s", prog->extra_dirs.v[k], name);
		if ((l = plan_find(p, rel)))
			return l;
	}
	for (size_t i = 0; i < p->n; i++)
		if (p->e[i]->has_info && p->e[i]->kind != ENTRY_DIR && strcmp(path_basename(p->e[i]->dest), name) == 0)
			return p->e[i];
	return NULL;
}

/* Does e, or a library of its closure, import an interposed function? */
static int closure_imports(struct plan_imports *c, const struct entry *prog, const struct entry *e, int depth)
{
	struct seen *s = seen_of(c, e);
	if (s->walk == c->walk)
		return 0;	/* visited in this walk: its answer is counted already */
	s->walk = c->walk;
	if (!s->imports)
		s->imports = !e->src || imports_interposed(e->src) ? 2 : 1;
	if (s->imports == 2)
		return 1;
	for (size_t k = 0; e->has_info && k < e->info.nneeded; k++) {
		const struct entry *l = library(c->p, prog, e->info.needed[k]);
		if (!l && !strchr(e->info.needed[k], '/'))
			continue;	/* the loader (named as needed by libc), or not held */
		if (!l || depth > 64 || closure_imports(c, prog, l, depth + 1))
			return 1;	/* in doubt, it does */
	}
	return 0;
}


struct plan_imports *plan_imports_new(const struct plan *p)
{
	struct plan_imports *c = calloc(1, sizeof *c);
	if (!c)
		return NULL;
	c->p = p;
	for (c->nslot = 64; c->nslot < 2 * p->n + 2; c->nslot *= 2)
		;
	if (!(c->slot = calloc(c->nslot, sizeof *c->slot))) {
		free(c);
		return NULL;
	}
	return c;
}

int plan_imports_interposed(struct plan_imports *c, const struct entry *prog)
{
	c->walk++;
	return closure_imports(c, prog, prog, 0);
}

void plan_imports_free(struct plan_imports *c)
{
	if (c)
		free(c->slot);
	free(c);
}
