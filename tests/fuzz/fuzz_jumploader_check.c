/* tests/fuzz/fuzz_jumploader_check.c: the jumploader's header checks
 * (jumploader/elf_check.c, built hosted) on any bytes.
 *
 * The checks run as the jumploader runs them: the ELF header from the first
 * bytes (possibly fewer than 64), the program headers from e_phoff, the
 * interpreter path from its segment.  When they accept an image, this
 * harness verifies independently what the jumploader then relies on:
 * headers, segments and interpreter inside the file, segments in user
 * space and inside the span (in any order, as the kernel takes them), the
 * first PT_INTERP the one reported, the entry point inside a segment, the
 * span and alignment sane.
 */
#include "fuzz.h"
#include "elf_check.h"

#define PAGE 4096ull

static struct zelf_phdr ph[ZELF_PHNUM_MAX];

static int inside(uint64_t off, uint64_t len, uint64_t size)
{
	return off <= size && len <= size - off;
}

static void verify(const uint8_t *data, size_t size, const struct zelf_ehdr *eh,
		   const struct zelf_info *info)
{
	int nload = 0, entry_ok = 0, ninterp = 0;

	if (!inside(eh->phoff, (uint64_t)eh->phnum * ZELF_PHDR_SIZE, size))
		fuzz_fail("program headers outside the file");
	if (eh->phnum == 0 || eh->phnum > ZELF_PHNUM_MAX)
		fuzz_fail("phnum %u accepted", eh->phnum);
	for (int i = 0; i < eh->phnum; i++) {
		const struct zelf_phdr *h = &ph[i];
		if (h->type == ZELF_PT_LOAD) {
			if (h->filesz > h->memsz || !inside(h->offset, h->filesz, size))
				fuzz_fail("PT_LOAD %d: file part outside the file or larger than memory", i);
			if (h->vaddr >= ZELF_VADDR_LIMIT || h->memsz > ZELF_VADDR_LIMIT - h->vaddr)
				fuzz_fail("PT_LOAD %d outside user space", i);
			if ((h->vaddr - h->offset) % PAGE)
				fuzz_fail("PT_LOAD %d: offset and address disagree modulo the page", i);
			if (h->vaddr < info->lo || h->vaddr + h->memsz > info->hi)
				fuzz_fail("PT_LOAD %d outside the span", i);
			if (eh->entry >= h->vaddr && eh->entry - h->vaddr < h->memsz)
				entry_ok = 1;
			nload++;
		} else if (h->type == ZELF_PT_INTERP && !ninterp++) {
			/* the first one counts, as for the kernel */
			if (h->offset != info->interp_offset || h->filesz != info->interp_size)
				fuzz_fail("PT_INTERP: not the first one");
			if (!inside(h->offset, h->filesz, size) || h->filesz < 2)
				fuzz_fail("PT_INTERP outside the file or too short");
			if (data[h->offset + h->filesz - 1] != '\0'
			    || memchr(data + h->offset, '\0', h->filesz - 1))
				fuzz_fail("PT_INTERP is not one terminated string");
		}
	}
	if (nload == 0 || nload != info->nload)
		fuzz_fail("%d PT_LOAD, info says %d", nload, info->nload);
	if (!entry_ok)
		fuzz_fail("the entry point is in no PT_LOAD");
	if ((ninterp > 0) != info->has_interp)
		fuzz_fail("%d PT_INTERP, info says %d", ninterp, info->has_interp);
	if (info->lo % PAGE || info->hi % PAGE || info->lo > info->hi || info->hi > ZELF_VADDR_LIMIT)
		fuzz_fail("span [%#llx, %#llx) is not page-aligned and ordered",
			  (unsigned long long)info->lo, (unsigned long long)info->hi);
	if (info->align < PAGE || (info->align & (info->align - 1)) || info->align > ZELF_ALIGN_MAX)
		fuzz_fail("alignment %#llx", (unsigned long long)info->align);
	if (info->phdr_mapped && (info->phdr_vaddr < info->lo
				  || info->phdr_vaddr + (uint64_t)eh->phnum * ZELF_PHDR_SIZE > info->hi))
		fuzz_fail("program headers said mapped outside the span");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct zelf_ehdr eh;
	struct zelf_info info;
	size_t base;

	/* As the jumploader reads: the header from a first read that may be short. */
	size_t first = size < ZELF_EHDR_SIZE ? size : ZELF_EHDR_SIZE;
	int err = zelf_check_ehdr(data, first, size, ZELF_CLASS64, ZELF_EM_X86_64, &eh);
	if (!zelf_strerror(err))
		fuzz_fail("no message for %d", err);
	if (err == ZELF_OK) {
		err = zelf_check_phdrs(&eh, data + eh.phoff, size, PAGE, ph, &info);
		if (err == ZELF_OK && info.has_interp)
			err = zelf_check_interp((const char *)data + info.interp_offset,
						info.interp_size, &base);
		if (err == ZELF_OK) {
			verify(data, size, &eh, &info);
			if (info.has_interp && base >= info.interp_size - 1)
				fuzz_fail("interpreter base name at %zu of %llu", base,
					  (unsigned long long)info.interp_size);
		}
	}
	/* The whole-file entry point must agree. */
	int err2 = zelf_check_file(data, size, ZELF_CLASS64, ZELF_EM_X86_64, PAGE, &eh, ph, &info);
	if (err2 != err)
		fuzz_fail("zelf_check_file says %d, the steps say %d", err2, err);
	return 0;
}
