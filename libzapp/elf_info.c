/* libzapp/elf_info.c: read what zapp needs to know about an ELF file
 * (class, machine, interpreter, needed libraries, search paths). */
#include "zelf.h"
#include "report.h"
#include "target.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *dup_or_fail(const char *s)
{
	char *d = s ? strdup(s) : NULL;
	if (s && !d)
		zfail("out of memory");
	return d;
}

static int read_interp(struct zelf *z, struct elf_info *info)
{
	for (size_t i = 0; i < z->phnum; i++) {
		GElf_Phdr ph;
		if (!gelf_getphdr(z->elf, (int)i, &ph) || ph.p_type != PT_INTERP)
			continue;
		if (ph.p_filesz == 0 || ph.p_filesz > 4096)
			return zfail("the interpreter path has an impossible size (%llu bytes)",
				     (unsigned long long)ph.p_filesz);
		Elf_Data *d = elf_getdata_rawchunk(z->elf, (int64_t)ph.p_offset, ph.p_filesz, ELF_T_BYTE);
		if (!d)
			return zfail("the interpreter path is outside the file");
		const char *s = d->d_buf;
		if (!memchr(s, '\0', d->d_size) || !*s)
			return zfail("the interpreter path is not a terminated string");
		return (info->interp = dup_or_fail(s)) ? 0 : -1;
	}
	return 0;
}

static int read_dynamic(struct zelf *z, struct elf_info *info)
{
	GElf_Dyn d;
	size_t n = 0;
	for (size_t i = 0; i < z->ndyn; i++)
		if (zelf_dyn_get(z, i, &d) == 0 && d.d_tag == DT_NEEDED)
			n++;
	info->needed = calloc(n + 1, sizeof *info->needed);
	if (!info->needed)
		return zfail("out of memory");
	for (size_t i = 0; i < z->ndyn; i++) {
		if (zelf_dyn_get(z, i, &d) < 0)
			return -1;
		char **slot;
		switch (d.d_tag) {
		case DT_NEEDED: slot = &info->needed[info->nneeded++]; break;
		case DT_RPATH: slot = &info->rpath; break;
		case DT_RUNPATH: slot = &info->runpath; break;
		case DT_SONAME: slot = &info->soname; break;
		case DT_FLAGS_1: info->flags_1 = d.d_un.d_val; continue;
		default: continue;
		}
		const char *s = zelf_dynstr(z, d.d_un.d_val);
		if (!s)
			return -1;
		if (*slot)
			continue;	/* the loader uses the first */
		if (!(*slot = dup_or_fail(s)))
			return -1;
	}
	return 0;
}

int elf_info_read(const char *path, struct elf_info *info)
{
	struct zelf z;
	memset(info, 0, sizeof *info);
	if (zelf_open(&z, path) < 0)
		return -1;
	info->elfclass = z.ehdr.e_ident[EI_CLASS];
	info->data = z.ehdr.e_ident[EI_DATA];
	info->machine = z.ehdr.e_machine;
	info->type = z.ehdr.e_type;
	info->has_dynamic = z.has_dynamic;
	int r = read_interp(&z, info);
	if (r == 0 && z.has_dynamic && z.ndyn >= z.dyn_cap)
		r = zfail("no DT_NULL ends the dynamic section: the loader would read past it");
	if (r == 0 && z.has_dynamic)
		r = read_dynamic(&z, info);
	zelf_close(&z);
	if (r < 0)
		elf_info_free(info);
	return r;
}

void elf_info_free(struct elf_info *info)
{
	for (size_t i = 0; i < info->nneeded; i++)
		free(info->needed[i]);
	free(info->needed);
	free(info->interp);
	free(info->rpath);
	free(info->runpath);
	free(info->soname);
	memset(info, 0, sizeof *info);
}

enum elf_role elf_role_of(const struct elf_info *info)
{
	int pie = (info->flags_1 & DF_1_PIE) != 0;
	switch (info->type) {
	case ET_EXEC:
		return info->interp ? ELF_ROLE_PROGRAM : ELF_ROLE_STATIC;
	case ET_DYN:
		if (info->interp)	/* libc.so.6 has an interpreter and a soname */
			return pie || !info->soname ? ELF_ROLE_PROGRAM : ELF_ROLE_LIBRARY;
		return pie ? ELF_ROLE_STATIC : ELF_ROLE_LIBRARY;
	default:
		return ELF_ROLE_OTHER;
	}
}

