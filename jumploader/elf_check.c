/* jumploader/elf_check.c: validate ELF headers before anything trusts them.
 * See elf_check.h.  Freestanding: no includes beyond the header, no calls
 * into a C library, no pointer tables (the jumploader has no relocations).
 */
#include "elf_check.h"

static uint16_t rd16(const unsigned char *p)
{
	return (uint16_t)(p[0] | (unsigned)p[1] << 8);
}

static uint32_t rd32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static uint64_t rd64(const unsigned char *p)
{
	return (uint64_t)rd32(p) | (uint64_t)rd32(p + 4) << 32;
}

int zelf_check_ehdr(const void *buf, size_t len, uint64_t file_size,
		    unsigned elfclass, unsigned machine, struct zelf_ehdr *eh)
{
	const unsigned char *p = buf;
	int i, is32;
	size_t ehsize, d;	/* d: how much further on the 64-bit fields lie */

	if (len > file_size)
		len = (size_t)file_size;
	if (len < 4 || p[0] != 0x7f || p[1] != 'E' || p[2] != 'L' || p[3] != 'F')
		return ZELF_E_NOTELF;
	is32 = elfclass == ZELF_CLASS32;
	ehsize = is32 ? ZELF_EHDR32_SIZE : ZELF_EHDR_SIZE;
	if (len < ehsize)
		return ZELF_E_SHORTHDR;
	if (p[4] != elfclass)		/* EI_CLASS */
		return ZELF_E_CLASS;
	if (p[5] != 1)			/* EI_DATA: ELFDATA2LSB */
		return ZELF_E_DATA;
	if (p[6] != 1)			/* EI_VERSION: EV_CURRENT */
		return ZELF_E_VERSION;

	for (i = 0; i < 16; i++)
		eh->ident[i] = p[i];
	eh->type = rd16(p + 16);
	eh->machine = rd16(p + 18);
	eh->version = rd32(p + 20);
	if (is32) {
		/* Elf32_Ehdr: the three addresses are 4 bytes each */
		eh->entry = rd32(p + 24);
		eh->phoff = rd32(p + 28);
		eh->shoff = rd32(p + 32);
		d = 12;
	} else {
		eh->entry = rd64(p + 24);
		eh->phoff = rd64(p + 32);
		eh->shoff = rd64(p + 40);
		d = 0;
	}
	eh->flags = rd32(p + 48 - d);
	eh->ehsize = rd16(p + 52 - d);
	eh->phentsize = rd16(p + 54 - d);
	eh->phnum = rd16(p + 56 - d);
	eh->shentsize = rd16(p + 58 - d);
	eh->shnum = rd16(p + 60 - d);
	eh->shstrndx = rd16(p + 62 - d);

	if (eh->machine != machine)
		return ZELF_E_MACHINE;
	if (eh->type != ZELF_ET_EXEC && eh->type != ZELF_ET_DYN)
		return ZELF_E_TYPE;
	if (eh->phentsize != (is32 ? ZELF_PHDR32_SIZE : ZELF_PHDR_SIZE))
		return ZELF_E_PHENTSIZE;
	if (eh->phnum == 0 || eh->phnum > ZELF_PHNUM_MAX)
		return ZELF_E_PHNUM;
	if (eh->phoff > file_size ||
	    (uint64_t)eh->phnum * eh->phentsize > file_size - eh->phoff)
		return ZELF_E_PHTRUNC;
	return ZELF_OK;
}

static int within(uint64_t off, uint64_t size, uint64_t file_size)
{
	return off <= file_size && size <= file_size - off;
}

int zelf_check_phdrs(const struct zelf_ehdr *eh, const void *raw,
		     uint64_t file_size, uint64_t page_size,
		     struct zelf_phdr *ph, struct zelf_info *info)
{
	const unsigned char *p = raw;
	uint64_t end, pmask = page_size - 1, relro_lo = 0, relro_hi = 0;
	int relro_bad = 0;
	uint64_t phsize = (uint64_t)eh->phnum * eh->phentsize;
	int is32 = eh->ident[4] == ZELF_CLASS32;
	uint64_t limit = is32 ? ZELF_VADDR_LIMIT32 : ZELF_VADDR_LIMIT;
	int i, entry_ok = 0;

	if (page_size == 0 || (page_size & pmask) != 0)
		return ZELF_E_PAGESIZE;
	if (eh->phnum == 0 || eh->phnum > ZELF_PHNUM_MAX)
		return ZELF_E_PHNUM;

	info->lo = 0;
	info->hi = 0;
	info->align = page_size;
	info->nload = 0;
	info->has_interp = 0;
	info->interp_offset = 0;
	info->interp_size = 0;
	info->phdr_mapped = 0;
	info->phdr_vaddr = 0;
	info->exec_stack = 0;

	for (i = 0; i < eh->phnum; i++, p += eh->phentsize) {
		struct zelf_phdr *h = &ph[i];

		h->type = rd32(p);
		if (is32) {
			/* Elf32_Phdr: p_flags comes after p_memsz */
			h->offset = rd32(p + 4);
			h->vaddr = rd32(p + 8);
			h->paddr = rd32(p + 12);
			h->filesz = rd32(p + 16);
			h->memsz = rd32(p + 20);
			h->flags = rd32(p + 24);
			h->align = rd32(p + 28);
		} else {
			h->flags = rd32(p + 4);
			h->offset = rd64(p + 8);
			h->vaddr = rd64(p + 16);
			h->paddr = rd64(p + 24);
			h->filesz = rd64(p + 32);
			h->memsz = rd64(p + 40);
			h->align = rd64(p + 48);
		}

		switch (h->type) {
		case ZELF_PT_LOAD:
			if (h->filesz > h->memsz)
				return ZELF_E_SEGSIZE;
			if (!within(h->offset, h->filesz, file_size))
				return ZELF_E_SEGTRUNC;
			if (h->vaddr >= limit || h->memsz > limit - h->vaddr)
				return ZELF_E_SEGADDR;
			if (((h->vaddr - h->offset) & pmask) != 0)
				return ZELF_E_SEGALIGN;
			/* As fs/binfmt_elf.c: an alignment that is not a
			 * power of two is ignored; a larger one than can be
			 * honoured within the address space is honoured up
			 * to ZELF_ALIGN_MAX.  Segments may come in any order
			 * and overlap (a later one is mapped over an earlier
			 * one); the span covers them all. */
			if (h->align > 1 && (h->align & (h->align - 1)) == 0) {
				uint64_t a = h->align > ZELF_ALIGN_MAX ?
					     ZELF_ALIGN_MAX : h->align;

				if (a > info->align)
					info->align = a;
			}
			/* vaddr + memsz <= limit: no overflow */
			end = (h->vaddr + h->memsz + pmask) & ~pmask;
			if (info->nload == 0 || (h->vaddr & ~pmask) < info->lo)
				info->lo = h->vaddr & ~pmask;
			if (info->nload == 0 || end > info->hi)
				info->hi = end;
			if (eh->entry >= h->vaddr &&
			    eh->entry - h->vaddr < h->memsz)
				entry_ok = 1;
			if (!info->phdr_mapped && eh->phoff >= h->offset &&
			    phsize <= h->filesz &&
			    eh->phoff - h->offset <= h->filesz - phsize) {
				info->phdr_mapped = 1;
				info->phdr_vaddr = h->vaddr + (eh->phoff - h->offset);
			}
			info->nload++;
			break;
		case ZELF_PT_INTERP:
			/* the first one counts, as for the kernel */
			if (info->has_interp)
				break;
			if (h->filesz < 2 || h->filesz > ZELF_INTERP_MAX)
				return ZELF_E_INTERP;
			if (!within(h->offset, h->filesz, file_size))
				return ZELF_E_INTERPTRUNC;
			info->has_interp = 1;
			info->interp_offset = h->offset;
			info->interp_size = h->filesz;
			break;
		case ZELF_PT_GNU_STACK:
			info->exec_stack = (h->flags & ZELF_PF_X) != 0;
			break;
		case ZELF_PT_GNU_RELRO:
			/* The pages the loader makes read-only after
			 * relocation, rounded as glibc rounds them (both ends
			 * down); the span is known after the loop. */
			if (h->memsz > ~(uint64_t)0 - h->vaddr) {
				relro_bad = 1;
			} else if ((h->vaddr & ~pmask) <
				   ((h->vaddr + h->memsz) & ~pmask)) {
				if (relro_lo == relro_hi ||
				    (h->vaddr & ~pmask) < relro_lo)
					relro_lo = h->vaddr & ~pmask;
				if (((h->vaddr + h->memsz) & ~pmask) > relro_hi)
					relro_hi = (h->vaddr + h->memsz) & ~pmask;
			}
			break;
		default:
			break;
		}
	}
	if (info->nload == 0)
		return ZELF_E_NOLOAD;
	if (eh->type == ZELF_ET_EXEC && info->lo < ZELF_VADDR_MIN)
		return ZELF_E_SEGLOW;
	/* Pages of PT_GNU_RELRO outside the image: natively the loader's
	 * mprotect fails on unmapped memory (127), or, for a range that runs
	 * into later mappings, makes them read-only until a hole (musl goes
	 * on and crashes); in a Zapp the image has neighbours. */
	if (relro_bad || (relro_lo < relro_hi &&
			  (relro_lo < info->lo || relro_hi > info->hi)))
		return ZELF_E_RELRO;
	if (!entry_ok)
		return ZELF_E_ENTRY;
	return ZELF_OK;
}

int zelf_check_interp(const char *s, uint64_t size, size_t *base)
{
	uint64_t i, b = 0;

	if (size < 2 || size > ZELF_INTERP_MAX || s[size - 1] != '\0')
		return ZELF_E_INTERPSTR;
	for (i = 0; i + 1 < size; i++) {
		if (s[i] == '\0')
			return ZELF_E_INTERPSTR;
		if (s[i] == '/')
			b = i + 1;
	}
	/* the last component: not empty, not "." nor ".." */
	if (s[b] == '\0' || (s[b] == '.' && s[b + 1] == '\0') ||
	    (s[b] == '.' && s[b + 1] == '.' && s[b + 2] == '\0'))
		return ZELF_E_INTERPSTR;
	*base = (size_t)b;
	return ZELF_OK;
}

int zelf_check_file(const void *file, size_t size, unsigned elfclass, unsigned machine,
		    uint64_t page_size, struct zelf_ehdr *eh,
		    struct zelf_phdr *ph, struct zelf_info *info)
{
	const char *f = file;
	size_t base;
	int err;

	err = zelf_check_ehdr(file, size, size, elfclass, machine, eh);
	if (err)
		return err;
	err = zelf_check_phdrs(eh, f + eh->phoff, size, page_size, ph, info);
	if (err)
		return err;
	if (info->has_interp)
		return zelf_check_interp(f + info->interp_offset,
					 info->interp_size, &base);
	return ZELF_OK;
}

const char *zelf_strerror_for(int err, unsigned elfclass)
{
	if (err == ZELF_E_CLASS)
		return elfclass == ZELF_CLASS32 ? "not a 32-bit ELF file" : "not a 64-bit ELF file";
	return zelf_strerror(err);
}

const char *zelf_strerror(int err)
{
	switch (err) {
	case ZELF_OK: return "no error";
	case ZELF_E_NOTELF: return "not an ELF file";
	case ZELF_E_SHORTHDR: return "truncated ELF file (incomplete ELF header)";
	case ZELF_E_CLASS: return "wrong ELF class";
	case ZELF_E_DATA: return "not a little-endian ELF file";
	case ZELF_E_VERSION: return "unknown ELF version";
	case ZELF_E_TYPE: return "not an executable or shared object";
	case ZELF_E_MACHINE: return "wrong architecture";
	case ZELF_E_PHENTSIZE: return "corrupt ELF header (bad program header size)";
	case ZELF_E_PHNUM: return "corrupt ELF header (bad number of program headers)";
	case ZELF_E_PHTRUNC: return "truncated ELF file (program headers past end of file)";
	case ZELF_E_SEGSIZE: return "corrupt segment (file size larger than memory size)";
	case ZELF_E_SEGTRUNC: return "truncated ELF file (segment past end of file)";
	case ZELF_E_SEGADDR: return "corrupt segment (address out of range)";
	case ZELF_E_SEGALIGN: return "corrupt segment (offset and address not congruent modulo the page size)";
	case ZELF_E_NOLOAD: return "no loadable segment";
	case ZELF_E_ENTRY: return "corrupt ELF header (entry point outside the loadable segments)";
	case ZELF_E_INTERP: return "corrupt interpreter header (PT_INTERP)";
	case ZELF_E_INTERPTRUNC: return "truncated ELF file (interpreter path past end of file)";
	case ZELF_E_INTERPSTR: return "corrupt interpreter path (PT_INTERP)";
	case ZELF_E_PAGESIZE: return "bad page size";
	case ZELF_E_RELRO: return "corrupt segment (PT_GNU_RELRO outside the loadable segments)";
	case ZELF_E_SEGLOW: return "corrupt segment (fixed address below 0x10000, which programs cannot map)";
	default: return "unknown error";
	}
}
