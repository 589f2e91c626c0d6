/* zapp-assemble/plan.c: the list of entries, indexed by destination. */
#include "plan.h"
#include "hash.h"
#include "report.h"
#include "searchpath.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static size_t hash(const char *s)
{
	return (size_t)zhash(ZHASH_INIT, s, strlen(s));
}

static void index_put(struct entry **slot, size_t nslot, struct entry *e)
{
	size_t i = hash(e->dest) & (nslot - 1);
	while (slot[i])
		i = (i + 1) & (nslot - 1);
	slot[i] = e;
}

static int grow_index(struct plan *p)
{
	size_t nslot = p->nslot ? p->nslot * 2 : 256;
	struct entry **slot = calloc(nslot, sizeof *slot);
	if (!slot)
		return -1;
	for (size_t i = 0; i < p->n; i++)
		index_put(slot, nslot, p->e[i]);
	free(p->slot);
	p->slot = slot;
	p->nslot = nslot;
	return 0;
}

struct entry *plan_find(const struct plan *p, const char *dest)
{
	if (!p->nslot)
		return NULL;
	for (size_t i = hash(dest) & (p->nslot - 1); p->slot[i]; i = (i + 1) & (p->nslot - 1))
		if (strcmp(p->slot[i]->dest, dest) == 0)
			return p->slot[i];
	return NULL;
}

struct entry *plan_add(struct plan *p, const char *dest, enum entry_kind kind, const char *src)
{
	struct entry *e;
	char norm[PATH_MAX];
	/* Nothing may be written outside the Zapp: a destination is a
	 * normalised relative path (no "..", no "/" first). */
	if (path_normalize(dest, norm, sizeof norm) < 0 || strcmp(norm, dest) != 0 || dest[0] == '/')
		return zfail("'%s' is not a path inside the Zapp", dest), NULL;
	if (plan_find(p, dest))
		return zfail("%s is planned twice", dest), NULL;
	if ((p->n + 1) * 2 > p->nslot && grow_index(p) < 0)
		return zfail("out of memory"), NULL;
	if (p->n == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 64;
		struct entry **v = realloc(p->e, cap * sizeof *v);
		if (!v)
			return zfail("out of memory"), NULL;
		p->e = v;
		p->cap = cap;
	}
	if (!(e = calloc(1, sizeof *e)) || !(e->dest = strdup(dest)) || (src && !(e->src = strdup(src)))) {
		if (e)
			free(e->dest);
		free(e);
		return zfail("out of memory"), NULL;
	}
	e->kind = kind;
	e->mode = kind == ENTRY_DIR ? 0755 : 0644;
	p->e[p->n++] = e;
	index_put(p->slot, p->nslot, e);
	return e;
}

int plan_add_program(struct plan *p, struct entry *e)
{
	if (p->nprograms == p->programs_cap) {
		size_t cap = p->programs_cap ? p->programs_cap * 2 : 32;
		struct entry **v = realloc(p->programs, cap * sizeof *v);
		if (!v)
			return zfail("out of memory");
		p->programs = v;
		p->programs_cap = cap;
	}
	p->programs[p->nprograms++] = e;
	return 0;
}

static void entry_free(struct entry *e)
{
	free(e->dest);
	free(e->src);
	free(e->tree_rel);
	free(e->origin_path);
	free(e->shown);
	free(e->new_rpath);
	free(e->content);
	free(e->stamp_target);
	free(e->stamp_libdir);
	free(e->stamp_top);
	strlist_free(&e->stamp_env);
	free(e->interp);
	free(e->stamp_script);
	strlist_free(&e->interp_args);
	if (e->has_info)
		elf_info_free(&e->info);
	strlist_free(&e->launch_dirs);
	strlist_free(&e->extra_dirs);
	free(e);
}

void plan_truncate(struct plan *p, size_t n)
{
	if (n >= p->n)
		return;
	size_t kept = 0;
	for (size_t k = 0; k < p->nprograms; k++) {
		size_t i = n;
		while (i < p->n && p->e[i] != p->programs[k])
			i++;
		if (i == p->n)
			p->programs[kept++] = p->programs[k];
	}
	p->nprograms = kept;
	for (size_t i = n; i < p->n; i++)
		entry_free(p->e[i]);
	p->n = n;
	memset(p->slot, 0, p->nslot * sizeof *p->slot);
	for (size_t i = 0; i < p->n; i++)
		index_put(p->slot, p->nslot, p->e[i]);
}

void plan_drop(struct plan *p)
{
	size_t kept = 0;
	for (size_t i = 0; i < p->n; i++)
		if (!p->e[i]->drop)
			p->e[kept++] = p->e[i];
		else
			entry_free(p->e[i]);
	p->n = kept;
	memset(p->slot, 0, p->nslot * sizeof *p->slot);
	for (size_t i = 0; i < p->n; i++)
		index_put(p->slot, p->nslot, p->e[i]);
}

static int by_dest(const void *a, const void *b)
{
	return strcmp((*(struct entry *const *)a)->dest, (*(struct entry *const *)b)->dest);
}

void plan_sort(struct plan *p)
{
	if (p->n > 1)
		qsort(p->e, p->n, sizeof *p->e, by_dest);
}

void plan_free(struct plan *p)
{
	for (size_t i = 0; i < p->n; i++)
		entry_free(p->e[i]);
	free(p->e);
	free(p->slot);
	free(p->programs);
	memset(p, 0, sizeof *p);
}
