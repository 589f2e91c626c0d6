/* tests/unit/jumploader_elf_check.c: the jumploader's ELF header checks
 * (jumploader/elf_check.c, built here as an ordinary hosted object).
 *
 * Starts from a small, valid, hand-made program image and breaks it one way
 * at a time; every way must be caught with its own error, and no prefix or
 * random corruption of a valid image may slip through or crash.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../jumploader/elf_check.h"
#include "tap.h"

#define PAGE 4096
#define FSIZE 0x3000
#define INTERP "/lib64/ld-linux-x86-64.so.2"

static unsigned char img[FSIZE];
static struct zelf_ehdr eh;
static struct zelf_phdr ph[ZELF_PHNUM_MAX];
static struct zelf_info info;

static void w16(size_t off, uint16_t v) { img[off] = v & 0xff; img[off + 1] = v >> 8; }
static void w32(size_t off, uint32_t v) { w16(off, v & 0xffff); w16(off + 2, v >> 16); }
static void w64(size_t off, uint64_t v) { w32(off, v & 0xffffffff); w32(off + 4, v >> 32); }

static size_t phoff(int i) { return 64 + (size_t)i * 56; }

static void set_phdr(int i, uint32_t type, uint32_t flags, uint64_t off,
		     uint64_t vaddr, uint64_t filesz, uint64_t memsz,
		     uint64_t align)
{
	size_t p = phoff(i);

	w32(p, type);
	w32(p + 4, flags);
	w64(p + 8, off);
	w64(p + 16, vaddr);
	w64(p + 24, vaddr);
	w64(p + 32, filesz);
	w64(p + 40, memsz);
	w64(p + 48, align);
}

/* A PIE: headers and text in a first R+X segment from offset 0, data plus
 * bss in a second, a PT_INTERP, a PT_PHDR and a PT_GNU_STACK. */
static void make_valid(void)
{
	memset(img, 0, sizeof img);
	memcpy(img, "\177ELF", 4);
	img[4] = 2;	/* ELFCLASS64 */
	img[5] = 1;	/* ELFDATA2LSB */
	img[6] = 1;	/* EV_CURRENT */
	w16(16, ZELF_ET_DYN);
	w16(18, ZELF_EM_X86_64);
	w32(20, 1);
	w64(24, 0x1100);	/* e_entry */
	w64(32, 64);		/* e_phoff */
	w16(52, 64);
	w16(54, 56);
	w16(56, 5);		/* e_phnum */
	set_phdr(0, ZELF_PT_PHDR, ZELF_PF_R, 64, 64, 5 * 56, 5 * 56, 8);
	set_phdr(1, ZELF_PT_INTERP, ZELF_PF_R, 0x200, 0x200, sizeof INTERP,
		 sizeof INTERP, 1);
	set_phdr(2, ZELF_PT_LOAD, ZELF_PF_R | ZELF_PF_X, 0, 0, 0x2000, 0x2000,
		 0x1000);
	set_phdr(3, ZELF_PT_LOAD, ZELF_PF_R | ZELF_PF_W, 0x2000, 0x3000,
		 0x1000, 0x2800, 0x1000);
	set_phdr(4, ZELF_PT_GNU_STACK, ZELF_PF_R | ZELF_PF_W, 0, 0, 0, 0, 16);
	memcpy(img + 0x200, INTERP, sizeof INTERP);
}

static int check(size_t size)
{
	return zelf_check_file(img, size, ZELF_CLASS64, ZELF_EM_X86_64, PAGE, &eh, ph, &info);
}

/* Make the image valid, apply one change, expect err. */
#define BROKEN(err, what, change) do { \
	make_valid(); \
	change; \
	int got_ = check(FSIZE); \
	ok(got_ == (err), "%s: %s", what, zelf_strerror(err)); \
	if (got_ != (err)) printf("#   got %d (%s)\n", got_, zelf_strerror(got_)); \
} while (0)

static void test_valid(void)
{
	make_valid();
	is_int(check(FSIZE), ZELF_OK, "the hand-made PIE passes");
	is_int(eh.type, ZELF_ET_DYN, "its type is decoded");
	is_int(eh.phnum, 5, "its e_phnum is decoded");
	is_int(info.nload, 2, "two PT_LOAD segments counted");
	is_int(info.lo, 0, "span starts at 0");
	is_int(info.hi, 0x6000, "span ends at the page after the bss");
	is_int(info.align, 0x1000, "alignment is the largest p_align");
	is_int(info.has_interp, 1, "PT_INTERP found");
	is_int(info.interp_offset, 0x200, "PT_INTERP offset");
	is_int(info.interp_size, sizeof INTERP, "PT_INTERP size");
	is_int(info.phdr_mapped, 1, "program headers lie in the first PT_LOAD");
	is_int(info.phdr_vaddr, 64, "at the address of e_phoff");
	is_int(info.exec_stack, 0, "the stack is not executable");

	make_valid();
	w16(16, ZELF_ET_EXEC);
	set_phdr(2, ZELF_PT_LOAD, ZELF_PF_R | ZELF_PF_X, 0, 0x400000, 0x2000,
		 0x2000, 0x200000);
	set_phdr(3, ZELF_PT_LOAD, ZELF_PF_R | ZELF_PF_W, 0x2000, 0x602000,
		 0x1000, 0x1000, 0x200000);
	w64(24, 0x400100);
	is_int(check(FSIZE), ZELF_OK, "a non-PIE at 0x400000 passes");
	is_int(info.lo, 0x400000, "its span starts at 0x400000");
	is_int(info.hi, 0x603000, "and ends after its data");
	is_int(info.align, 0x200000, "2 MiB p_align is reported");
	is_int(info.phdr_vaddr, 0x400040, "its program headers are at 0x400040");

	/* What fs/binfmt_elf.c accepts, the jumploader accepts too. */
	make_valid();
	w64(phoff(3) + 48, 0x3000);
	is_int(check(FSIZE), ZELF_OK, "p_align not a power of two passes (the kernel ignores it)");
	is_int(info.align, 0x1000, "and is not honoured");
	make_valid();
	w64(phoff(3) + 48, 1ull << 31);
	is_int(check(FSIZE), ZELF_OK, "p_align of 2 GiB passes");
	is_int(info.align, ZELF_ALIGN_MAX, "and is honoured up to 1 GiB");
	make_valid();
	w64(phoff(3) + 48, 1ull << 63);
	is_int(check(FSIZE), ZELF_OK, "p_align of 2^63 passes");
	is_int(info.align, ZELF_ALIGN_MAX, "and is honoured up to 1 GiB too");
	make_valid();
	w64(phoff(3) + 16, 0x1000);
	w64(phoff(3) + 8, 0x1000);
	is_int(check(FSIZE), ZELF_OK, "overlapping segments pass (a later one maps over an earlier one)");
	is_int(info.lo, 0, "the span starts at the lowest segment");
	is_int(info.hi, 0x4000, "and ends at the highest end");
	make_valid();
	w64(phoff(2) + 16, 0x10000);
	w64(phoff(2) + 8, 0);
	w64(24, 0x10100);
	is_int(check(FSIZE), ZELF_OK, "segments out of order pass");
	is_int(info.lo, 0x3000, "the span starts at the lowest segment, whichever comes first");
	is_int(info.hi, 0x12000, "and ends at the highest end");
	make_valid();
	w32(phoff(4), ZELF_PT_INTERP);
	w64(phoff(4) + 8, 0x300);
	w64(phoff(4) + 32, 1);
	is_int(check(FSIZE), ZELF_OK, "a second PT_INTERP is ignored, as the kernel ignores it");
	is_int(info.interp_offset, 0x200, "the first one counts");

	make_valid();
	set_phdr(4, ZELF_PT_GNU_STACK, ZELF_PF_R | ZELF_PF_W | ZELF_PF_X, 0, 0,
		 0, 0, 16);
	is_int(check(FSIZE), ZELF_OK, "an executable-stack program passes");
	is_int(info.exec_stack, 1, "and asks for an executable stack");

	make_valid();
	set_phdr(1, 0, 0, 0, 0, 0, 0, 0);
	is_int(check(FSIZE), ZELF_OK, "a static program (no PT_INTERP) passes");
	is_int(info.has_interp, 0, "and has no interpreter");

	make_valid();
	w64(phoff(3) + 32, 0x800);	/* data ends at 0x2800 in the file */
	memcpy(img + 0x2c00, img + 64, 5 * 56);
	w64(32, 0x2c00);	/* program headers in the file, but not mapped */
	is_int(check(FSIZE), ZELF_OK, "program headers outside every PT_LOAD pass");
	is_int(info.phdr_mapped, 0, "but are reported as not mapped");
}

static void test_header(void)
{
	const char script[] = "#!/bin/sh\necho hello\n";

	make_valid();
	is_int(zelf_check_ehdr(img, 0, 0, ZELF_CLASS64, ZELF_EM_X86_64, &eh), ZELF_E_NOTELF,
	       "an empty file is not ELF");
	is_int(zelf_check_ehdr(img, 3, 3, ZELF_CLASS64, ZELF_EM_X86_64, &eh), ZELF_E_NOTELF,
	       "three bytes of ELF magic are not ELF");
	is_int(zelf_check_ehdr(script, sizeof script, sizeof script,
			       ZELF_CLASS64, ZELF_EM_X86_64, &eh), ZELF_E_NOTELF,
	       "a shell script is not ELF");
	is_int(zelf_check_ehdr(img, 40, 40, ZELF_CLASS64, ZELF_EM_X86_64, &eh), ZELF_E_SHORTHDR,
	       "40 bytes of an ELF header are a truncated header");
	is_int(zelf_check_ehdr(img, 64, 63, ZELF_CLASS64, ZELF_EM_X86_64, &eh), ZELF_E_SHORTHDR,
	       "the file size bounds the bytes looked at");

	BROKEN(ZELF_E_NOTELF, "bad magic", img[1] = 'X');
	BROKEN(ZELF_E_CLASS, "ELFCLASS32", img[4] = 1);
	BROKEN(ZELF_E_CLASS, "ELFCLASSNONE", img[4] = 0);
	BROKEN(ZELF_E_DATA, "big-endian", img[5] = 2);
	BROKEN(ZELF_E_VERSION, "EI_VERSION 0", img[6] = 0);
	BROKEN(ZELF_E_MACHINE, "aarch64", w16(18, 183));
	BROKEN(ZELF_E_MACHINE, "i386", w16(18, 3));
	BROKEN(ZELF_E_TYPE, "a relocatable object", w16(16, 1));
	BROKEN(ZELF_E_TYPE, "a core file", w16(16, 4));
	BROKEN(ZELF_E_PHENTSIZE, "e_phentsize 32", w16(54, 32));
	BROKEN(ZELF_E_PHNUM, "no program headers", w16(56, 0));
	BROKEN(ZELF_E_PHNUM, "PN_XNUM program headers", w16(56, 0xffff));
	BROKEN(ZELF_E_PHNUM, "one more than a page of program headers",
	       w16(56, ZELF_PHNUM_MAX + 1));
	BROKEN(ZELF_E_PHTRUNC, "program headers past the end", w64(32, FSIZE - 100));
	BROKEN(ZELF_E_PHTRUNC, "e_phoff beyond the file", w64(32, FSIZE + 1));
	BROKEN(ZELF_E_PHTRUNC, "e_phoff that overflows", w64(32, UINT64_MAX - 8));
	BROKEN(ZELF_E_ENTRY, "e_entry outside the segments", w64(24, 0x9000));
	BROKEN(ZELF_E_ENTRY, "e_entry just past the text", w64(24, 0x2000));
}

static void test_segments(void)
{
	BROKEN(ZELF_E_SEGSIZE, "p_filesz > p_memsz", w64(phoff(3) + 32, 0x3000));
	BROKEN(ZELF_E_SEGTRUNC, "segment past the end of the file",
	       w64(phoff(3) + 32, 0x1001); w64(phoff(3) + 40, 0x2800));
	BROKEN(ZELF_E_SEGTRUNC, "p_offset beyond the file",
	       w64(phoff(3) + 8, 0x100000); w64(phoff(3) + 16, 0x100000));
	BROKEN(ZELF_E_SEGTRUNC, "p_offset + p_filesz overflows",
	       w64(phoff(3) + 8, UINT64_MAX - 0xfff);
	       w64(phoff(3) + 16, 0x3000 + (UINT64_MAX - 0xfff) % PAGE));
	BROKEN(ZELF_E_SEGADDR, "p_vaddr beyond user space",
	       w64(phoff(3) + 16, ZELF_VADDR_LIMIT));
	BROKEN(ZELF_E_SEGADDR, "p_vaddr + p_memsz overflows",
	       w64(phoff(3) + 40, UINT64_MAX - 0x1000));
	BROKEN(ZELF_E_SEGADDR, "p_memsz reaching past user space",
	       w64(phoff(3) + 40, ZELF_VADDR_LIMIT - 0x2000));
	BROKEN(ZELF_E_SEGALIGN, "p_vaddr and p_offset not congruent",
	       w64(phoff(3) + 16, 0x3010));
	BROKEN(ZELF_E_NOLOAD, "no PT_LOAD", w32(phoff(2), 0); w32(phoff(3), 0));
	BROKEN(ZELF_E_INTERP, "a one-byte PT_INTERP", w64(phoff(1) + 32, 1));
	BROKEN(ZELF_E_INTERP, "a PT_INTERP longer than PATH_MAX",
	       w64(phoff(1) + 32, ZELF_INTERP_MAX + 1));
	BROKEN(ZELF_E_INTERPTRUNC, "PT_INTERP past the end of the file",
	       w64(phoff(1) + 8, FSIZE - 4));
	BROKEN(ZELF_E_INTERPSTR, "PT_INTERP without its NUL",
	       img[0x200 + sizeof INTERP - 1] = 'x');
	BROKEN(ZELF_E_INTERPSTR, "PT_INTERP with a NUL inside", img[0x205] = 0);
	BROKEN(ZELF_E_INTERPSTR, "PT_INTERP ending in a slash",
	       memcpy(img + 0x200, "/lib64/", 8); w64(phoff(1) + 32, 8));
	BROKEN(ZELF_E_INTERPSTR, "PT_INTERP naming ..",
	       memcpy(img + 0x200, "/lib64/..", 10); w64(phoff(1) + 32, 10));

	/* found by the battery (t7600): a fixed-address segment where no
	 * unprivileged process can map, and a PT_GNU_RELRO past the image,
	 * whose mprotect hit the jumploader's or the program's pages */
	BROKEN(ZELF_E_SEGLOW, "an ET_EXEC segment at address 0",
	       w16(16, ZELF_ET_EXEC));
	BROKEN(ZELF_E_RELRO, "PT_GNU_RELRO past the image",
	       set_phdr(4, ZELF_PT_GNU_RELRO, ZELF_PF_R, 0x2000, 0x6000, 0x1000, 0x1000, 1));
	BROKEN(ZELF_E_RELRO, "PT_GNU_RELRO reaching past the image",
	       set_phdr(4, ZELF_PT_GNU_RELRO, ZELF_PF_R, 0x2000, 0x3000, 0x1000, 0x20000000000000ull, 1));
	BROKEN(ZELF_E_RELRO, "PT_GNU_RELRO whose end overflows",
	       set_phdr(4, ZELF_PT_GNU_RELRO, ZELF_PF_R, 0x2000, 0x3000, 0x1000, UINT64_MAX - 0x10, 1));
	BROKEN(ZELF_OK, "PT_GNU_RELRO inside the data segment",
	       set_phdr(4, ZELF_PT_GNU_RELRO, ZELF_PF_R, 0x2000, 0x3000, 0x1000, 0x1000, 1));
	BROKEN(ZELF_OK, "PT_GNU_RELRO of less than a page past the image (nothing to protect)",
	       set_phdr(4, ZELF_PT_GNU_RELRO, ZELF_PF_R, 0x2000, 0x7010, 0x10, 0x10, 1));

	make_valid();
	is_int(zelf_check_phdrs(&eh, img + 64, FSIZE, 3000, ph, &info),
	       ZELF_E_PAGESIZE, "a page size of 3000 is refused");
}

static void test_interp(void)
{
	size_t base = 99;

	is_int(zelf_check_interp(INTERP, sizeof INTERP, &base), ZELF_OK,
	       "the glibc loader path is fine");
	is_str(INTERP + base, "ld-linux-x86-64.so.2", "its file name is found");
	is_int(zelf_check_interp("ld.so", 6, &base), ZELF_OK,
	       "a path with no slash is fine");
	is_int(base, 0, "and is its own file name");
	is_int(zelf_check_interp("/lib/ld-musl-x86_64.so.1", 25, &base),
	       ZELF_OK, "the musl loader path is fine");
	is_str("/lib/ld-musl-x86_64.so.1" + base, "ld-musl-x86_64.so.1",
	       "its file name is found");
	is_int(zelf_check_interp("/.", 3, &base), ZELF_E_INTERPSTR,
	       "a path ending in . is refused");
}

static void test_strerror(void)
{
	int i, j, distinct = 1, nonempty = 1;

	for (i = 1; i < ZELF_E_MAX; i++) {
		if (!zelf_strerror(i)[0] ||
		    !strcmp(zelf_strerror(i), "unknown error"))
			nonempty = 0;
		for (j = 1; j < i; j++)
			if (!strcmp(zelf_strerror(i), zelf_strerror(j)))
				distinct = 0;
	}
	ok(nonempty, "every error has a message");
	ok(distinct, "no two errors share a message");
	is_str(zelf_strerror(ZELF_E_MAX), "unknown error", "past the end: unknown");
	is_str(zelf_strerror(-1), "unknown error", "negative: unknown");
}

/* Every proper prefix of the valid image is refused: its last segment
 * reaches the end of the file. */
static void test_prefixes(void)
{
	size_t len;
	int all = 1;

	for (len = 0; len < FSIZE; len++) {
		make_valid();
		if (check(len) == ZELF_OK) {
			printf("#   a %zu-byte prefix passed\n", len);
			all = 0;
		}
	}
	ok(all, "all %d proper prefixes of the image are refused", FSIZE);
}

/* Random corruption of the headers: any answer but a crash, and when the
 * answer is "fine" the promises of zelf_info hold. */
static void test_random(void)
{
	unsigned long long seed = 0x5eed;
	int n, bad = 0;

	for (n = 0; n < 200000; n++) {
		int k, err;

		make_valid();
		for (k = 0; k < 1 + n % 4; k++) {
			seed = seed * 6364136223846793005ull + 1442695040888963407ull;
			img[(seed >> 33) % 0x240] ^= (unsigned char)(1u << ((seed >> 20) % 8));
		}
		err = check(FSIZE);
		if (err < 0 || err >= ZELF_E_MAX)
			bad++;
		else if (err == ZELF_OK &&
			 (info.lo > info.hi || info.hi > ZELF_VADDR_LIMIT ||
			  (info.lo | info.hi) % PAGE ||
			  (info.has_interp &&
			   info.interp_offset + info.interp_size > FSIZE)))
			bad++;
	}
	is_int(bad, 0, "200000 random corruptions: valid answers only");
}

static void test_self(void)
{
	FILE *f = fopen("/proc/self/exe", "rb");
	static unsigned char buf[8 << 20];
	size_t n = f ? fread(buf, 1, sizeof buf, f) : 0;
	int err;

	if (f)
		fclose(f);
	ok(n > 0 && n < sizeof buf, "read this test program (%zu bytes)", n);
	err = zelf_check_file(buf, n, ZELF_CLASS64, ZELF_EM_X86_64, PAGE, &eh, ph, &info);
	is_int(err, ZELF_OK, "this test program passes: %s", zelf_strerror(err));
	ok(info.phdr_mapped, "its program headers are mapped");
}

/* A 32-bit x86 file: the 32-bit loader of Debian's multilib libc6-i386
 * (gcc-multilib), when the machine has it, and a header made from it. */
static void test_i386(void)
{
	FILE *f = fopen("/lib32/ld-linux.so.2", "rb");
	static unsigned char buf[8 << 20];
	size_t n = f ? fread(buf, 1, sizeof buf, f) : 0;
	int err, i, rx = 0;

	if (f)
		fclose(f);
	if (n == 0) {
		ok(1, "# SKIP no /lib32/ld-linux.so.2");
		return;
	}
	err = zelf_check_file(buf, n, ZELF_CLASS32, 3, PAGE, &eh, ph, &info);
	is_int(err, ZELF_OK, "the i386 loader passes as ELFCLASS32, EM_386: %s", zelf_strerror(err));
	is_int(eh.phentsize, ZELF_PHDR32_SIZE, "its program headers are 32 bytes");
	is_int(eh.phoff, 52, "and follow the 52-byte header");
	for (i = 0; i < eh.phnum; i++)
		if (ph[i].type == ZELF_PT_LOAD && ph[i].flags == (ZELF_PF_R | ZELF_PF_X))
			rx++;
	is_int(rx, 1, "one PT_LOAD is R+X: p_flags read from its 32-bit place");
	ok(info.nload >= 2 && info.hi <= ZELF_VADDR_LIMIT32,
	   "its segments lie below 4 GiB");
	is_int(zelf_check_file(buf, n, ZELF_CLASS64, 3, PAGE, &eh, ph, &info), ZELF_E_CLASS,
	       "expected 64-bit, it is the wrong class");
	is_int(zelf_check_file(buf, n, ZELF_CLASS32, ZELF_EM_X86_64, PAGE, &eh, ph, &info),
	       ZELF_E_MACHINE, "expected x32 (EM_X86_64), it is the wrong machine");
	is_int(zelf_check_ehdr(buf, 51, n, ZELF_CLASS32, 3, &eh), ZELF_E_SHORTHDR,
	       "51 bytes are a truncated 32-bit header");
	buf[42] = 56;	/* e_phentsize of a 64-bit file */
	is_int(zelf_check_ehdr(buf, n, n, ZELF_CLASS32, 3, &eh), ZELF_E_PHENTSIZE,
	       "a 32-bit header with 56-byte program headers is corrupt");
	buf[42] = 32;
	is_str(zelf_strerror_for(ZELF_E_CLASS, ZELF_CLASS32), "not a 32-bit ELF file",
	       "the wrong class, in the words of a 32-bit machine");
	is_str(zelf_strerror_for(ZELF_E_CLASS, ZELF_CLASS64), "not a 64-bit ELF file",
	       "and of a 64-bit one");
	is_str(zelf_strerror_for(ZELF_E_MACHINE, ZELF_CLASS32), zelf_strerror(ZELF_E_MACHINE),
	       "the other errors in zelf_strerror's words");
	make_valid();
	is_int(zelf_check_file(img, FSIZE, ZELF_CLASS32, ZELF_EM_X86_64, PAGE, &eh, ph, &info),
	       ZELF_E_CLASS, "a 64-bit file is the wrong class for a 32-bit machine");
}

int main(void)
{
	test_valid();
	test_header();
	test_segments();
	test_interp();
	test_strerror();
	test_prefixes();
	test_random();
	test_self();
	test_i386();
	return tap_done();
}
