/* libzapp/elf_dynsym.c: the dynamic symbol table (SHT_DYNSYM, through the
 * section headers): does a file import, or define, a symbol of a given
 * set of names, and what value does it give a name it defines?  zelf.h. */
#include "zelf.h"

#include <string.h>

/* fn(symbol, its name, arg) for each named symbol of the table but the
 * null one, until fn returns non-zero: that value, or 0. */
static int dynsym_each(struct zelf *z, int (*fn)(const GElf_Sym *s, const char *name, void *arg), void *arg)
{
	Elf_Scn *scn = NULL;
	while ((scn = elf_nextscn(z->elf, scn))) {
		GElf_Shdr sh;
		Elf_Data *d;
		if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_DYNSYM || !sh.sh_entsize
		    || !(d = elf_getdata(scn, NULL)))
			continue;
		for (size_t i = 1; i < sh.sh_size / sh.sh_entsize; i++) {
			GElf_Sym s;
			const char *name;
			int r;
			if (gelf_getsym(d, (int)i, &s) && (name = elf_strptr(z->elf, sh.sh_link, s.st_name))
			    && (r = fn(&s, name, arg)) != 0)
				return r;
		}
	}
	return 0;
}

struct any {
	const char *const *names;
	size_t n;
	int defined;
};

static int is_one_of(const GElf_Sym *s, const char *name, void *arg)
{
	const struct any *a = arg;
	if ((s->st_shndx != SHN_UNDEF) != (a->defined != 0))
		return 0;
	for (size_t k = 0; k < a->n; k++)
		if (strcmp(name, a->names[k]) == 0)
			return 1;
	return 0;
}

int zelf_dynsym_any(const char *path, const char *const *names, size_t n, int defined)
{
	struct zelf z;
	struct any a = { names, n, defined };
	if (zelf_open(&z, path) < 0)
		return -1;
	int found = dynsym_each(&z, is_one_of, &a);
	zelf_close(&z);
	return found;
}

struct value {
	const char *name;
	GElf_Addr *value;
};

static int defines(const GElf_Sym *s, const char *name, void *arg)
{
	const struct value *v = arg;
	if (s->st_shndx == SHN_UNDEF || strcmp(name, v->name) != 0)
		return 0;
	*v->value = s->st_value;
	return 1;
}

int zelf_dynsym_value(struct zelf *z, const char *name, GElf_Addr *value)
{
	struct value v = { name, value };
	return dynsym_each(z, defines, &v);
}
