/* jumploader/elf_check.h: bounded, validating reads of ELF headers.
 *
 * Every byte the jumploader trusts in a program or loader file goes
 * through these functions first.  They work on raw bytes (little-endian
 * decoding, no unaligned or type-punned access), allocate nothing and call
 * nothing, so this file compiles both into the freestanding jumploader and
 * as an ordinary hosted object (unit tests, fuzzing harnesses).
 *
 * Little-endian ELF of either class is handled; the expected class and
 * e_machine are parameters (ELFCLASS32 with EM_X86_64 is x32, not x86-64).
 */
#ifndef ZAPP_ELF_CHECK_H
#define ZAPP_ELF_CHECK_H

#include <stddef.h>
#include <stdint.h>

#define ZELF_CLASS32	1	/* ELFCLASS32 */
#define ZELF_CLASS64	2	/* ELFCLASS64 */
#define ZELF_EHDR_SIZE	64	/* sizeof(Elf64_Ehdr) */
#define ZELF_PHDR_SIZE	56	/* sizeof(Elf64_Phdr) */
#define ZELF_EHDR32_SIZE 52	/* sizeof(Elf32_Ehdr) */
#define ZELF_PHDR32_SIZE 32	/* sizeof(Elf32_Phdr) */
/* At most this many bytes of program headers, and at most ZELF_PHNUM_MAX
 * entries (one page of 64-bit ones) in either class.  (Linux 6.x takes up
 * to 64 KiB; the jumploader keeps the older limit of one page, which
 * bounds its buffers: see docs/jumploader.md.) */
#define ZELF_PHDRS_MAX	4096
#define ZELF_PHNUM_MAX	(ZELF_PHDRS_MAX / ZELF_PHDR_SIZE)
/* Addresses of loaded segments stay below this (47-bit user space; for a
 * 32-bit image, the 4 GiB a 32-bit process has on a 64-bit kernel). */
#define ZELF_VADDR_LIMIT	0x0000800000000000ull
#define ZELF_VADDR_LIMIT32	0x0000000100000000ull
/* A fixed-address (ET_EXEC) image maps nothing below this: Linux keeps
 * the lowest addresses unmapped for unprivileged processes
 * (vm.mmap_min_addr, 4 KiB to 64 KiB), so the kernel-started program dies
 * of SIGSEGV there, or runs only for root; no linker puts one there. */
#define ZELF_VADDR_MIN	0x10000ull
/* Largest p_align honoured when placing a position-independent image (a
 * larger power of two is honoured up to this much). */
#define ZELF_ALIGN_MAX	0x40000000ull
/* Longest PT_INTERP, including its NUL (the kernel's PATH_MAX). */
#define ZELF_INTERP_MAX	4096

#define ZELF_ET_EXEC	2
#define ZELF_ET_DYN	3
#define ZELF_PT_LOAD	1
#define ZELF_PT_DYNAMIC	2
#define ZELF_PT_INTERP	3
#define ZELF_PT_PHDR	6
#define ZELF_PT_GNU_STACK 0x6474e551u
#define ZELF_PT_GNU_RELRO 0x6474e552u
#define ZELF_PF_X	1u
#define ZELF_PF_W	2u
#define ZELF_PF_R	4u
#define ZELF_EM_X86_64	62

/* The fields of Elf64_Ehdr and Elf64_Phdr the loader uses, decoded. */
struct zelf_ehdr {
	unsigned char ident[16];
	uint16_t type, machine;
	uint32_t version;
	uint64_t entry, phoff, shoff;
	uint32_t flags;
	uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};

struct zelf_phdr {
	uint32_t type, flags;
	uint64_t offset, vaddr, paddr, filesz, memsz, align;
};

/* What zelf_check_phdrs learned about a valid image. */
struct zelf_info {
	uint64_t lo, hi;	/* page-rounded span of the PT_LOAD segments */
	uint64_t align;		/* largest power-of-two PT_LOAD p_align, at least
				   a page, at most ZELF_ALIGN_MAX */
	int nload;		/* number of PT_LOAD segments */
	int has_interp;		/* a PT_INTERP is present: */
	uint64_t interp_offset, interp_size;	/* where it is in the file */
	int phdr_mapped;	/* the program headers lie in a PT_LOAD: */
	uint64_t phdr_vaddr;	/* their address (before the load bias) */
	int exec_stack;		/* PT_GNU_STACK asks for an executable stack */
};

enum zelf_err {
	ZELF_OK = 0,
	ZELF_E_NOTELF,		/* no ELF magic */
	ZELF_E_SHORTHDR,	/* ELF magic, but the header is cut short */
	ZELF_E_CLASS,		/* not the ELF class expected */
	ZELF_E_DATA,		/* not ELFDATA2LSB */
	ZELF_E_VERSION,		/* not EV_CURRENT */
	ZELF_E_TYPE,		/* not ET_EXEC or ET_DYN */
	ZELF_E_MACHINE,		/* e_machine is not the one expected */
	ZELF_E_PHENTSIZE,	/* e_phentsize is not 56 (32 for ELFCLASS32) */
	ZELF_E_PHNUM,		/* no program headers, or too many */
	ZELF_E_PHTRUNC,		/* program headers past the end of the file */
	ZELF_E_SEGSIZE,		/* p_filesz > p_memsz */
	ZELF_E_SEGTRUNC,	/* segment contents past the end of the file */
	ZELF_E_SEGADDR,		/* segment outside the user address space */
	ZELF_E_SEGALIGN,	/* p_vaddr and p_offset disagree modulo the page */
	ZELF_E_NOLOAD,		/* no PT_LOAD at all */
	ZELF_E_ENTRY,		/* e_entry outside every PT_LOAD */
	ZELF_E_INTERP,		/* bad (first) PT_INTERP header */
	ZELF_E_INTERPTRUNC,	/* PT_INTERP contents past the end of the file */
	ZELF_E_INTERPSTR,	/* PT_INTERP string not a usable path */
	ZELF_E_PAGESIZE,	/* the page size given is not a power of two */
	ZELF_E_SEGLOW,		/* ET_EXEC segment below ZELF_VADDR_MIN */
	ZELF_E_RELRO,		/* PT_GNU_RELRO pages outside the PT_LOAD span */
	ZELF_E_MAX
};

/* Decode the ELF header from the first len bytes of a file of file_size
 * bytes (len may be less than the header: a short file) and check it:
 * magic, class (elfclass: ZELF_CLASS32 or ZELF_CLASS64), data, version,
 * type, machine, e_phentsize, e_phnum and that the program header table
 * lies inside the file.  On ZELF_OK *eh is filled in; eh->phentsize is the
 * size of one program header of the class. */
int zelf_check_ehdr(const void *buf, size_t len, uint64_t file_size,
		    unsigned elfclass, unsigned machine, struct zelf_ehdr *eh);

/* Decode and check eh->phnum program headers from raw (eh->phnum *
 * eh->phentsize bytes read from eh->phoff) into ph[], which has room for
 * eh->phnum entries (at most ZELF_PHNUM_MAX); fill *info.  page_size is the system page size. */
int zelf_check_phdrs(const struct zelf_ehdr *eh, const void *raw,
		     uint64_t file_size, uint64_t page_size,
		     struct zelf_phdr *ph, struct zelf_info *info);

/* Check the size bytes read from a PT_INTERP: a path that ends in its one
 * NUL and whose last component is neither empty, "." nor "..".  Returns
 * ZELF_OK and sets *base to the offset of the last component in s. */
int zelf_check_interp(const char *s, uint64_t size, size_t *base);

/* All three on a whole file in memory (for tests and fuzzers). */
int zelf_check_file(const void *file, size_t size, unsigned elfclass, unsigned machine,
		    uint64_t page_size, struct zelf_ehdr *eh,
		    struct zelf_phdr *ph, struct zelf_info *info);

/* A short English description of err ("not an ELF file", ...). */
const char *zelf_strerror(int err);

/* The same, for a file checked against elfclass: ZELF_E_CLASS is "not a
 * 64-bit ELF file" or "not a 32-bit ELF file" (the words of the
 * jumploader and of zapp-check). */
const char *zelf_strerror_for(int err, unsigned elfclass);

#endif
