/* libzapp/elf_strings.c: the strings a file keeps in its read-only data
 * (the allocated sections that are neither written nor executed:
 * .rodata, ...), through the section headers: where a program keeps the
 * paths compiled into it (perl's @INC).  zelf.h. */
#include "zelf.h"

#include <string.h>

int zelf_rodata_strings(const char *path, int (*fn)(const char *s, size_t len, void *arg), void *arg)
{
	struct zelf z;
	Elf_Scn *scn = NULL;
	int r = 0;
	if (zelf_open(&z, path) < 0)
		return -1;
	while (r == 0 && (scn = elf_nextscn(z.elf, scn))) {
		GElf_Shdr sh;
		Elf_Data *d;
		if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_PROGBITS || !(sh.sh_flags & SHF_ALLOC)
		    || (sh.sh_flags & (SHF_WRITE | SHF_EXECINSTR)) || sh.sh_offset + sh.sh_size > z.filesize)
			continue;
		d = NULL;
		while (r == 0 && (d = elf_getdata(scn, d))) {
			const char *b = d->d_buf, *end = b ? b + d->d_size : NULL;
			/* each run of bytes ended by a NUL; a run the data does
			 * not end is no string */
			for (const char *s = b; s && s < end && r == 0; ) {
				const char *nul = memchr(s, '\0', (size_t)(end - s));
				if (!nul)
					break;
				if (nul > s)
					r = fn(s, (size_t)(nul - s), arg);
				s = nul + 1;
			}
		}
	}
	zelf_close(&z);
	return r < 0 ? -1 : 0;
}
