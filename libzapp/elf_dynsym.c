/* libzapp/elf_dynsym.c: the dynamic symbol table (SHT_DYNSYM, through the
 * section headers): does a file import, or define, a symbol of a given
 * set of names, and what value does it give a name it defines?  zelf.h. */
#include "zelf.h"

#include <string.h>

int zelf_dynsym_any(const char *path, const char *const *names, size_t n, int defined)
{
	struct zelf z;
	Elf_Scn *scn = NULL;
	int found = 0;
	if (zelf_open(&z, path) < 0)
		return -1;
	while (!found && (scn = elf_nextscn(z.elf, scn))) {
		GElf_Shdr sh;
		Elf_Data *d;
		if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_DYNSYM || !sh.sh_entsize
		    || !(d = elf_getdata(scn, NULL)))
			continue;
		/* entry 0 is the null symbol */
		for (size_t i = 1; !found && i < sh.sh_size / sh.sh_entsize; i++) {
			GElf_Sym s;
			const char *name;
			if (!gelf_getsym(d, (int)i, &s) || (s.st_shndx != SHN_UNDEF) != (defined != 0)
			    || !(name = elf_strptr(z.elf, sh.sh_link, s.st_name)))
				continue;
			for (size_t k = 0; !found && k < n; k++)
				found = strcmp(name, names[k]) == 0;
		}
	}
	zelf_close(&z);
	return found;
}

int zelf_dynsym_value(struct zelf *z, const char *name, GElf_Addr *value)
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
			const char *n;
			if (gelf_getsym(d, (int)i, &s) && s.st_shndx != SHN_UNDEF
			    && (n = elf_strptr(z->elf, sh.sh_link, s.st_name)) && strcmp(n, name) == 0) {
				*value = s.st_value;
				return 1;
			}
		}
	}
	return 0;
}
