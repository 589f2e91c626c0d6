/* libzapp/elf_strings.c: the strings a file keeps in its read-only data:
 * where a program or library keeps the paths compiled into it (perl's
 * @INC, glibc's gconv directory).  The read-only data is, with section
 * headers, the allocated PROGBITS sections that are neither written nor
 * executed (.rodata, ...); without, the loaded segments that are not
 * written.  zelf_relro_each walks the data the loader makes read-only
 * after relocating it (PT_GNU_RELRO: glibc's tunables, for one).  A
 * string is a run of bytes ended by a NUL (a run the data does not end is
 * none), so each starts at its region or after a NUL.
 * zelf.h. */
#include "zelf.h"
#include "report.h"

#include <string.h>

static int each_in(const char *raw, GElf_Off off, GElf_Off size, zelf_string_fn *fn, void *arg)
{
	const char *b = raw + off, *end = b + size;
	for (const char *s = b; s < end; ) {
		const char *nul = memchr(s, '\0', (size_t)(end - s));
		int r;
		if (!nul)
			break;
		if (nul > s && (r = fn(s, (size_t)(nul - s), off + (GElf_Off)(s - b), arg)) != 0)
			return r;
		s = nul + 1;
	}
	return 0;
}

int zelf_rodata_each(struct zelf *z, zelf_string_fn *fn, void *arg)
{
	size_t fsize;
	const char *raw = elf_rawfile(z->elf, &fsize);
	int r = 0;
	if (!raw)
		return zfail("cannot read it: %s", elf_errmsg(-1));
	Elf_Scn *scn = NULL;
	while (r == 0 && z->shnum && (scn = elf_nextscn(z->elf, scn))) {
		GElf_Shdr sh;
		if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_PROGBITS || !(sh.sh_flags & SHF_ALLOC)
		    || (sh.sh_flags & (SHF_WRITE | SHF_EXECINSTR)) || sh.sh_offset > fsize
		    || sh.sh_size > fsize - sh.sh_offset)
			continue;
		r = each_in(raw, sh.sh_offset, sh.sh_size, fn, arg);
	}
	for (size_t i = 0; r == 0 && !z->shnum && i < z->phnum; i++) {
		GElf_Phdr ph;
		if (!gelf_getphdr(z->elf, (int)i, &ph) || ph.p_type != PT_LOAD || (ph.p_flags & PF_W)
		    || ph.p_offset > fsize || ph.p_filesz > fsize - ph.p_offset)
			continue;
		r = each_in(raw, ph.p_offset, ph.p_filesz, fn, arg);
	}
	return r < 0 ? -1 : 0;
}

int zelf_relro_each(struct zelf *z, zelf_string_fn *fn, void *arg)
{
	size_t fsize;
	const char *raw = elf_rawfile(z->elf, &fsize);
	int r = 0;
	if (!raw)
		return zfail("cannot read it: %s", elf_errmsg(-1));
	for (size_t i = 0; r == 0 && i < z->phnum; i++) {
		GElf_Phdr ph;
		GElf_Off off;
		if (!gelf_getphdr(z->elf, (int)i, &ph) || ph.p_type != PT_GNU_RELRO
		    || zelf_vaddr_to_offset(z, ph.p_vaddr, &off) < 0
		    || off > fsize || ph.p_filesz > fsize - off)
			continue;
		r = each_in(raw, off, ph.p_filesz, fn, arg);
	}
	return r < 0 ? -1 : 0;
}

int zelf_rodata_strings(const char *path, zelf_string_fn *fn, void *arg)
{
	struct zelf z;
	if (zelf_open(&z, path) < 0)
		return -1;
	int r = zelf_rodata_each(&z, fn, arg);
	zelf_close(&z);
	return r;
}
