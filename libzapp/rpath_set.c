/* libzapp/rpath_set.c: set a file's run-time search path (DT_RPATH or
 * DT_RUNPATH): in place when the new string fits in the bytes of the old
 * one and no other string shares them, else by moving the dynamic string
 * table (and, when an entry must be added and there is no spare slot, the
 * dynamic table) into a new segment (elf_grow.c).  See rpath.h and
 * docs/elf-editing.md. */
#include "rpath.h"
#include "elf_grow.h"
#include "report.h"

#include <stdlib.h>
#include <string.h>

/* DT_NULL slots left free after the terminator when .dynamic moves, so a
 * later added entry needs no second move. */
#define DYN_SPARE 3

struct edit {
	GElf_Sxword tag;
	const char *value;
	GElf_Dyn *out;		/* the entries the table will hold */
	size_t nout;
	long kpos;		/* where in out the search path is, or -1 */
	long keep;		/* its index in the table as it was, or -1 */
	size_t *gone;		/* indices of the entries removed */
	size_t ngone;
	int changed;
	void *newstr, *newdyn;	/* grown contents, as in the file */
	struct zpatches patches;	/* what to write */
};

static int is_path_tag(GElf_Sxword t)
{
	return t == DT_RPATH || t == DT_RUNPATH;
}

/* The entries without the search paths but the one kept (none when value
 * is NULL): an entry of the requested kind if there is one, else one of
 * the other kind, which changes kind. */
static int plan_entries(struct zelf *z, struct edit *e)
{
	GElf_Dyn d;
	GElf_Sxword keep_tag = DT_NULL;
	e->keep = -1;
	for (size_t i = 0; i < z->ndyn; i++) {
		if (zelf_dyn_get(z, i, &d) < 0)
			return -1;
		if (!is_path_tag(d.d_tag))
			continue;
		if (!zelf_dynstr(z, d.d_un.d_val))
			return -1;
		if (e->value && (e->keep < 0 || (d.d_tag == e->tag && keep_tag != e->tag))) {
			e->keep = (long)i;
			keep_tag = d.d_tag;
		}
	}
	e->kpos = -1;
	for (size_t i = 0; i < z->ndyn; i++) {
		if (zelf_dyn_get(z, i, &d) < 0)
			return -1;
		if (is_path_tag(d.d_tag) && (long)i != e->keep) {
			e->gone[e->ngone++] = i;
			continue;
		}
		if ((long)i == e->keep)
			e->kpos = (long)e->nout;
		e->out[e->nout++] = d;
	}
	e->changed = e->ngone > 0;
	return 0;
}

/* Consecutive DT_NULL entries from the terminator on. */
static size_t spare_slots(struct zelf *z)
{
	GElf_Dyn d;
	size_t n = 0;
	for (size_t i = z->ndyn; i < z->dyn_cap && zelf_dyn_get(z, i, &d) == 0 && d.d_tag == DT_NULL; i++)
		n++;
	return n;
}

static int section_offset(Elf_Scn *scn, GElf_Off *off)
{
	GElf_Shdr sh;
	if (!gelf_getshdr(scn, &sh))
		return zfail("cannot read a section header: %s", elf_errmsg(-1));
	*off = sh.sh_offset;
	return 0;
}

/* out[] in the first n slots of a table of cap (the rest DT_NULL), encoded
 * into buf. */
static int encode_entries(struct zelf *z, struct edit *e, size_t n, void *buf)
{
	GElf_Dyn *v = calloc(n ? n : 1, sizeof *v);
	if (!v)
		return zfail("out of memory");
	for (size_t i = 0; i < n && i < e->nout; i++)
		v[i] = e->out[i];
	int r = zelf_encode(z, ELF_T_DYN, v, n, buf);
	free(v);
	return r;
}

/* Write out[] into the table where it is; slots freed by removals become
 * DT_NULL. */
static int write_entries(struct zelf *z, struct edit *e, size_t old_n)
{
	size_t n = e->nout > old_n ? e->nout : old_n;
	GElf_Off off = 0;
	void *buf;
	if (n > z->dyn_cap)
		n = z->dyn_cap;
	if (section_offset(z->dyn_scn, &off) < 0
	    || zpatches_add(&e->patches, off, gelf_fsize(z->elf, ELF_T_DYN, n, EV_CURRENT), &buf) < 0)
		return -1;
	return encode_entries(z, e, n, buf);
}

/* The string fits where the old one is, and nothing else uses its bytes
 * (the entries removed and the kept one aside; in doubt: it does not). */
static int fits_in_place(struct zelf *z, struct edit *e, const char *old)
{
	if (strlen(e->value) > strlen(old))
		return 0;
	e->gone[e->ngone] = (size_t)e->keep;	/* gone has room for one more */
	return zelf_dynstr_shared(z, e->out[e->kpos].d_un.d_val, e->gone, e->ngone + 1) == 0;
}

static int set_in_place(struct zelf *z, struct edit *e, size_t old_n)
{
	if (!e->changed)
		return 0;	/* already so: the file stays untouched */
	if (write_entries(z, e, old_n) < 0)
		return -1;
	return zelf_write(z, &e->patches, z->filesize);
}

static int set_dyn_value(struct edit *e, GElf_Sxword tag, GElf_Xword v)
{
	for (size_t i = 0; i < e->nout; i++)
		if (e->out[i].d_tag == tag) {
			e->out[i].d_un.d_val = v;
			return 0;
		}
	return zfail("the dynamic section has no entry %lld", (long long)tag);
}

/* A new string table: the old one with the value at its end. */
static int grow(struct zelf *z, struct edit *e, size_t old_n)
{
	size_t oldsz = z->str->d_size, len = strlen(e->value) + 1;
	size_t entsize = gelf_fsize(z->elf, ELF_T_DYN, 1, EV_CURRENT);
	struct grow_item items[2] = { { .scn = z->str_scn } };
	struct elf_grow g = { .items = items, .nitems = 1 };

	/* the strings at the table's end must end there: one that ran on
	 * would run into the new value */
	if (oldsz == 0 || ((const char *)z->str->d_buf)[oldsz - 1] != '\0')
		return zfail("the dynamic string table does not end with a NUL byte");
	if (!(e->newstr = malloc(oldsz + len)))
		return zfail("out of memory");
	memcpy(e->newstr, z->str->d_buf, oldsz);
	memcpy((char *)e->newstr + oldsz, e->value, len);
	items[0].buf = e->newstr;
	items[0].size = oldsz + len;

	GElf_Dyn path = { .d_tag = e->tag, .d_un.d_val = oldsz };
	if (e->kpos >= 0)
		e->out[e->kpos] = path;
	else
		e->out[e->nout++] = path;

	size_t cap = z->dyn_cap;
	if (e->kpos < 0 && spare_slots(z) < 2) {
		cap = e->nout + 1 + DYN_SPARE;
		if (!(e->newdyn = malloc(cap * entsize)))
			return zfail("out of memory");
		items[1] = (struct grow_item){ .scn = z->dyn_scn, .buf = e->newdyn,
					       .size = cap * entsize };
		g.nitems = 2;
	}
	if (elf_grow_layout(z, &g) < 0)
		return -1;
	if (set_dyn_value(e, DT_STRTAB, items[0].addr) < 0
	    || set_dyn_value(e, DT_STRSZ, items[0].size) < 0)
		return -1;
	if (e->newdyn ? encode_entries(z, e, cap, e->newdyn) < 0 : write_entries(z, e, old_n) < 0)
		return -1;
	if (elf_grow_apply(z, &g, &e->patches) < 0)
		return -1;
	return zelf_write(z, &e->patches, g.end);
}

static int set_path(struct zelf *z, struct edit *e)
{
	size_t old_n = z->ndyn;
	if (!z->has_dynamic)
		return zfail("no dynamic section (a static program?)");
	if (!z->str)
		return zfail("no dynamic string table");
	/* the tables move with their section headers */
	if (!z->dyn_scn)
		return zfail("the dynamic section cannot be read: it has no section header");
	if (!z->str_scn)
		return zfail("the dynamic string table cannot be read: it has no section header");
	if (z->ndyn >= z->dyn_cap)
		return zfail("no DT_NULL ends the dynamic section");
	if (zelf_check_tail(z) < 0 || zelf_dynstr_check(z) < 0)
		return -1;
	if (!(e->out = calloc(z->ndyn + 1, sizeof *e->out))
	    || !(e->gone = calloc(z->ndyn + 1, sizeof *e->gone)))
		return zfail("out of memory");
	if (plan_entries(z, e) < 0)
		return -1;
	if (!e->value)
		return set_in_place(z, e, old_n);
	if (e->kpos >= 0) {
		GElf_Dyn *k = &e->out[e->kpos];
		const char *old = zelf_dynstr(z, k->d_un.d_val);
		if (k->d_tag != e->tag) {
			k->d_tag = e->tag;
			e->changed = 1;
		}
		if (strcmp(old, e->value) == 0)
			return set_in_place(z, e, old_n);
		if (fits_in_place(z, e, old)) {
			/* the new string, NUL bytes up to the old one's end */
			void *buf;
			GElf_Off off = 0;
			if (section_offset(z->str_scn, &off) < 0
			    || zpatches_add(&e->patches, off + (GElf_Off)(old - (const char *)z->str->d_buf),
					    strlen(old), &buf) < 0)
				return -1;
			memcpy(buf, e->value, strlen(e->value));
			e->changed = 1;
			return set_in_place(z, e, old_n);
		}
	}
	return grow(z, e, old_n);
}

int rpath_set(const char *path, GElf_Sxword tag, const char *value)
{
	struct edit e = { .tag = tag, .value = value };
	struct zelf z;
	if (!is_path_tag(tag))
		return zfail("tag %lld is neither DT_RPATH nor DT_RUNPATH", (long long)tag);
	if (value && !*value)
		return zfail("an empty search path (to remove it, pass none)");
	if (zelf_open(&z, path) < 0)
		return -1;
	int r = set_path(&z, &e);
	zelf_close(&z);
	zpatches_free(&e.patches);
	free(e.out);
	free(e.gone);
	free(e.newstr);
	free(e.newdyn);
	return r;
}
