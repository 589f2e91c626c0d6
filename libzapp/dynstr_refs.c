/* libzapp/dynstr_refs.c: does a string of the dynamic string table share
 * its bytes with another string the file uses?  Linkers merge tails: the
 * name "bar" may be the last bytes of "foobar".  Overwriting a string in
 * place is safe only when no other reference starts inside it and it is
 * not itself the tail of a longer string.  See zelf.h. */
#include "zelf.h"
#include "report.h"

#include <string.h>

struct range {
	GElf_Xword lo, hi;	/* the string's bytes, NUL included: [lo, hi] */
};

static int inside(const struct range *r, GElf_Xword off)
{
	return off >= r->lo && off <= r->hi;
}

static int is_string_tag(GElf_Sxword tag)
{
	switch (tag) {
	case DT_NEEDED: case DT_SONAME: case DT_RPATH: case DT_RUNPATH:
	case DT_AUXILIARY: case DT_FILTER: case DT_CONFIG: case DT_DEPAUDIT:
	case DT_AUDIT:
		return 1;
	}
	return 0;
}

static int skipped(size_t i, const size_t *skip, size_t nskip)
{
	for (size_t k = 0; k < nskip; k++)
		if (skip[k] == i)
			return 1;
	return 0;
}

static int dynamic_refs(struct zelf *z, const struct range *r, const size_t *skip, size_t nskip)
{
	GElf_Dyn d;
	for (size_t i = 0; i < z->ndyn; i++) {
		if (zelf_dyn_get(z, i, &d) < 0)
			return -1;
		if (is_string_tag(d.d_tag) && !skipped(i, skip, nskip) && inside(r, d.d_un.d_val))
			return 1;
	}
	return 0;
}

static int symbol_refs(Elf_Data *data, size_t entsize, const struct range *r)
{
	size_t n = entsize ? data->d_size / entsize : 0;
	for (size_t i = 0; i < n; i++) {
		GElf_Sym sym;
		if (!gelf_getsym(data, (int)i, &sym))
			return zfail("cannot read symbol %zu: %s", i, elf_errmsg(-1));
		if (sym.st_name && inside(r, sym.st_name))
			return 1;
	}
	return 0;
}

/* Walk a chain of version records: each next offset must move forward and
 * stay inside the data, so a corrupt chain ends instead of looping. */
static int step(size_t *off, GElf_Word next, size_t size)
{
	if (next == 0 || next > size - *off)
		return 0;
	*off += next;
	return 1;
}

static int verdef_refs(Elf_Data *data, const struct range *r)
{
	size_t off = 0;
	for (size_t i = 0; i < data->d_size; i++) {
		GElf_Verdef vd;
		if (!gelf_getverdef(data, (int)off, &vd))
			return 1;	/* cannot tell */
		size_t aoff = off + vd.vd_aux;
		for (unsigned k = 0; k < vd.vd_cnt && aoff < data->d_size; k++) {
			GElf_Verdaux va;
			if (!gelf_getverdaux(data, (int)aoff, &va))
				return 1;
			if (inside(r, va.vda_name))
				return 1;
			if (!step(&aoff, va.vda_next, data->d_size))
				break;
		}
		if (!step(&off, vd.vd_next, data->d_size))
			return 0;
	}
	return 1;
}

static int verneed_refs(Elf_Data *data, const struct range *r)
{
	size_t off = 0;
	for (size_t i = 0; i < data->d_size; i++) {
		GElf_Verneed vn;
		if (!gelf_getverneed(data, (int)off, &vn))
			return 1;
		if (inside(r, vn.vn_file))
			return 1;
		size_t aoff = off + vn.vn_aux;
		for (unsigned k = 0; k < vn.vn_cnt && aoff < data->d_size; k++) {
			GElf_Vernaux va;
			if (!gelf_getvernaux(data, (int)aoff, &va))
				return 1;
			if (inside(r, va.vna_name))
				return 1;
			if (!step(&aoff, va.vna_next, data->d_size))
				break;
		}
		if (!step(&off, vn.vn_next, data->d_size))
			return 0;
	}
	return 1;
}

/* Sections that name strings of the dynamic string table (sh_link).  A
 * table the dynamic section points to must be among them, else: in doubt. */
static int section_refs(struct zelf *z, const struct range *r)
{
	size_t strndx = elf_ndxscn(z->str_scn);
	Elf_Scn *scn = NULL;
	GElf_Dyn d;
	int unseen_sym = zelf_dyn_find(z, DT_SYMTAB, &d) >= 0;
	int unseen_def = zelf_dyn_find(z, DT_VERDEF, &d) >= 0;
	int unseen_need = zelf_dyn_find(z, DT_VERNEED, &d) >= 0;
	while ((scn = elf_nextscn(z->elf, scn))) {
		GElf_Shdr sh;
		if (!gelf_getshdr(scn, &sh))
			return zfail("cannot read a section header: %s", elf_errmsg(-1));
		if (sh.sh_link != strndx || sh.sh_type == SHT_DYNAMIC || sh.sh_type == SHT_NOBITS)
			continue;
		Elf_Data *data = elf_getdata(scn, NULL);
		if (!data)
			return 1;	/* cannot tell */
		int found;
		switch (sh.sh_type) {
		case SHT_DYNSYM:
			unseen_sym = 0;
			/* fall through */
		case SHT_SYMTAB:
			found = symbol_refs(data, gelf_fsize(z->elf, ELF_T_SYM, 1, EV_CURRENT), r);
			break;
		case SHT_GNU_verdef:
			unseen_def = 0;
			found = verdef_refs(data, r);
			break;
		case SHT_GNU_verneed:
			unseen_need = 0;
			found = verneed_refs(data, r);
			break;
		default:
			found = 1;	/* a use we do not know */
		}
		if (found)
			return found;
	}
	return unseen_sym || unseen_def || unseen_need;
}

int zelf_dynstr_check(struct zelf *z)
{
	GElf_Dyn d;
	for (size_t i = 0; i < z->ndyn; i++) {
		if (zelf_dyn_get(z, i, &d) < 0)
			return -1;
		if (is_string_tag(d.d_tag) && !zelf_dynstr(z, d.d_un.d_val))
			return zfail("dynamic entry %zu (tag %lld): %s", i, (long long)d.d_tag, zwhy());
	}
	return 0;
}

int zelf_dynstr_shared(struct zelf *z, GElf_Xword off, const size_t *skip, size_t nskip)
{
	const char *s = zelf_dynstr(z, off);
	if (!s)
		return -1;
	struct range r = { off, off + strlen(s) };
	if (off > 0 && s[-1] != '\0')
		return 1;	/* the tail of a longer string */
	int found = dynamic_refs(z, &r, skip, nskip);
	if (found == 0 && z->str_scn)
		found = section_refs(z, &r);
	return found;
}
