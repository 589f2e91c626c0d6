/* libzapp/rpath_set.c: the dynamic-section editor: set a file's run-time
 * search path (DT_RPATH or DT_RUNPATH) and make a DT_NEEDED the first one,
 * both in one write.  In place when the new string fits in the bytes of
 * the old one and no other string shares them and the entries fit in the
 * table's spare slots; else by moving the dynamic string table (and, when
 * the entries do not fit, the dynamic table) into a new segment
 * (elf_grow.c).  See rpath.h and docs/elf-editing.md. */
#include "rpath.h"
#include "elf_grow.h"
#include "report.h"

#include <stdlib.h>
#include <string.h>

/* DT_NULL slots left free after the terminator when .dynamic moves, so a
 * later added entry needs no second move. */
#define DYN_SPARE 3

struct edit {
	int set_path;		/* the search path is set (else it stays as it is) */
	GElf_Sxword tag;
	const char *value;
	const char *needed;	/* the DT_NEEDED to make the first one, or NULL */
	long needed_at;		/* its string's offset in the table, -1: to append */
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

static int set_dyn_value(struct edit *e, GElf_Sxword tag, GElf_Xword v)
{
	for (size_t i = 0; i < e->nout; i++)
		if (e->out[i].d_tag == tag) {
			e->out[i].d_un.d_val = v;
			return 0;
		}
	return zfail("the dynamic section has no entry %lld", (long long)tag);
}

/* Where the string s is in the dynamic string table (the tail of a
 * longer one will do), or -1. */
static long find_string(struct zelf *z, const char *s)
{
	const char *t = z->str->d_buf;
	size_t n = z->str->d_size, l = strlen(s) + 1;
	for (size_t i = 0; l <= n && i <= n - l; i++)
		if (t[i] == s[0] && memcmp(t + i, s, l) == 0)
			return (long)i;
	return -1;
}

/* The DT_NEEDED entry for e->needed becomes out[0]: one naming it
 * already is moved there, else a new one is put there (its string found
 * in the table, or to be appended: needed_at stays -1).  Already the
 * first DT_NEEDED: nothing changes. */
static int plan_needed(struct zelf *z, struct edit *e)
{
	long first = -1, named = -1;
	for (size_t i = 0; i < e->nout; i++) {
		const char *v;
		if (e->out[i].d_tag != DT_NEEDED)
			continue;
		if (!(v = zelf_dynstr(z, e->out[i].d_un.d_val)))
			return -1;
		if (first < 0)
			first = (long)i;
		if (named < 0 && strcmp(v, e->needed) == 0)
			named = (long)i;
	}
	e->needed_at = -1;
	if (named >= 0 && named == first)
		return 0;
	GElf_Dyn d = { .d_tag = DT_NEEDED };
	size_t from = e->nout;
	if (named >= 0) {
		d = e->out[named];
		from = (size_t)named;
		e->needed_at = (long)d.d_un.d_val;
	} else {
		long at = find_string(z, e->needed);
		e->needed_at = at;
		d.d_un.d_val = at >= 0 ? (GElf_Xword)at : 0;
		e->nout++;
	}
	memmove(&e->out[1], &e->out[0], from * sizeof *e->out);
	e->out[0] = d;
	if (e->kpos >= 0 && (size_t)e->kpos < from)
		e->kpos++;
	e->changed = 1;
	return 0;
}

/* What the search path needs: nothing (the file says it already), its
 * string rewritten where it is (recorded in e->patches), or its string
 * appended to a grown table (*append).  When the table grows anyway
 * (grow_str), a changed string is appended rather than patched. */
static int plan_path(struct zelf *z, struct edit *e, int grow_str, int *append)
{
	*append = 0;
	if (!e->set_path || !e->value)
		return 0;
	if (e->kpos < 0) {
		e->kpos = (long)e->nout;
		e->out[e->nout++] = (GElf_Dyn){ .d_tag = e->tag };
		e->changed = 1;
		*append = 1;
		return 0;
	}
	GElf_Dyn *k = &e->out[e->kpos];
	const char *old = zelf_dynstr(z, k->d_un.d_val);
	if (!old)
		return -1;
	if (k->d_tag != e->tag) {
		k->d_tag = e->tag;
		e->changed = 1;
	}
	if (strcmp(old, e->value) == 0)
		return 0;
	e->changed = 1;
	/* a DT_NEEDED string found inside the old one would be overwritten */
	size_t o = (size_t)(old - (const char *)z->str->d_buf);
	int holds_needed = e->needed_at >= 0 && (size_t)e->needed_at >= o
			   && (size_t)e->needed_at <= o + strlen(old);
	if (grow_str || holds_needed || !fits_in_place(z, e, old)) {
		*append = 1;
		return 0;
	}
	/* the new string, NUL bytes up to the old one's end */
	void *buf;
	GElf_Off off = 0;
	if (section_offset(z->str_scn, &off) < 0
	    || zpatches_add(&e->patches, off + (GElf_Off)(old - (const char *)z->str->d_buf),
			    strlen(old), &buf) < 0)
		return -1;
	memcpy(buf, e->value, strlen(e->value));
	return 0;
}

/* A new string table (the old one, then the strings to append) and, when
 * the entries do not fit in the table where it is, a new dynamic table:
 * moved into a new segment (elf_grow.c) and written once. */
static int grow(struct zelf *z, struct edit *e, const char **add, size_t nadd,
		GElf_Xword **offs, int move_dyn)
{
	size_t oldsz = z->str->d_size, total = oldsz;
	size_t entsize = gelf_fsize(z->elf, ELF_T_DYN, 1, EV_CURRENT);
	struct grow_item items[2];
	struct elf_grow g = { .items = items, .nitems = 0 };
	int str_item = -1, dyn_item = -1;

	if (nadd) {
		/* the strings at the table's end must end there: one that ran
		 * on would run into the new ones */
		if (oldsz == 0 || ((const char *)z->str->d_buf)[oldsz - 1] != '\0')
			return zfail("the dynamic string table does not end with a NUL byte");
		for (size_t i = 0; i < nadd; i++)
			total += strlen(add[i]) + 1;
		if (!(e->newstr = malloc(total)))
			return zfail("out of memory");
		memcpy(e->newstr, z->str->d_buf, oldsz);
		for (size_t i = 0, at = oldsz; i < nadd; i++) {
			memcpy((char *)e->newstr + at, add[i], strlen(add[i]) + 1);
			*offs[i] = at;
			at += strlen(add[i]) + 1;
		}
		str_item = (int)g.nitems++;
		items[str_item] = (struct grow_item){ .scn = z->str_scn, .buf = e->newstr, .size = total };
	}
	size_t cap = z->dyn_cap;
	if (move_dyn) {
		cap = e->nout + 1 + DYN_SPARE;
		if (!(e->newdyn = malloc(cap * entsize)))
			return zfail("out of memory");
		dyn_item = (int)g.nitems++;
		items[dyn_item] = (struct grow_item){ .scn = z->dyn_scn, .buf = e->newdyn,
						      .size = cap * entsize };
	}
	if (elf_grow_layout(z, &g) < 0)
		return -1;
	if (str_item >= 0 && (set_dyn_value(e, DT_STRTAB, items[str_item].addr) < 0
			      || set_dyn_value(e, DT_STRSZ, items[str_item].size) < 0))
		return -1;
	if (move_dyn ? encode_entries(z, e, cap, e->newdyn) < 0 : write_entries(z, e, z->ndyn) < 0)
		return -1;
	if (elf_grow_apply(z, &g, &e->patches) < 0)
		return -1;
	return zelf_write(z, &e->patches, g.end);
}

static int edit_dynamic(struct zelf *z, struct edit *e)
{
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
	/* room for two entries more: a DT_NEEDED and a search path */
	if (!(e->out = calloc(z->ndyn + 2, sizeof *e->out))
	    || !(e->gone = calloc(z->ndyn + 1, sizeof *e->gone)))
		return zfail("out of memory");
	if (e->set_path) {
		if (plan_entries(z, e) < 0)
			return -1;
	} else {
		GElf_Dyn d;
		e->kpos = e->keep = -1;
		for (size_t i = 0; i < z->ndyn; i++) {
			if (zelf_dyn_get(z, i, &d) < 0)
				return -1;
			e->out[e->nout++] = d;
		}
	}
	if (e->needed && plan_needed(z, e) < 0)
		return -1;
	int grow_str = e->needed && e->needed_at < 0, path_append;
	if (plan_path(z, e, grow_str, &path_append) < 0)
		return -1;
	if (path_append && !grow_str && e->patches.n) {
		/* cannot happen: a patched string is never appended too */
		return zfail("internal error: a search path both patched and appended");
	}
	if (!e->changed)
		return 0;	/* already so: the file stays untouched */
	const char *add[2];
	GElf_Xword *offs[2];
	size_t nadd = 0;
	if (grow_str) {
		add[nadd] = e->needed;
		offs[nadd++] = &e->out[0].d_un.d_val;
	}
	if (path_append) {
		add[nadd] = e->value;
		offs[nadd++] = &e->out[e->kpos].d_un.d_val;
	}
	int move_dyn = e->nout + 1 > z->ndyn + spare_slots(z);
	if (!nadd && !move_dyn) {
		if (write_entries(z, e, z->ndyn) < 0)
			return -1;
		return zelf_write(z, &e->patches, z->filesize);
	}
	return grow(z, e, add, nadd, offs, move_dyn);
}

int dyn_edit(const char *path, const struct dyn_edit *d)
{
	struct edit e = { .tag = d->tag, .value = d->value, .set_path = d->set_path,
			  .needed = d->needed };
	struct zelf z;
	if (d->set_path && !is_path_tag(d->tag))
		return zfail("tag %lld is neither DT_RPATH nor DT_RUNPATH", (long long)d->tag);
	if (d->set_path && d->value && !*d->value)
		return zfail("an empty search path (to remove it, pass none)");
	if (d->needed && (!*d->needed || strchr(d->needed, '/')))
		return zfail("'%s' is not a library name to add as DT_NEEDED", d->needed);
	if (!d->set_path && !d->needed)
		return 0;
	if (zelf_open(&z, path) < 0)
		return -1;
	int r = edit_dynamic(&z, &e);
	zelf_close(&z);
	zpatches_free(&e.patches);
	free(e.out);
	free(e.gone);
	free(e.newstr);
	free(e.newdyn);
	return r;
}

int rpath_set(const char *path, GElf_Sxword tag, const char *value)
{
	struct dyn_edit d = { .set_path = 1, .tag = tag, .value = value };
	return dyn_edit(path, &d);
}
