/* libzapp/zelf.h: ELF files through libelf — opening, the dynamic table,
 * its string table, and what zapp needs to know about a file.
 *
 * Nothing here prints; on failure functions return -1 (or NULL) with the
 * reason recorded by zfail() (report.h).
 */
#ifndef ZAPP_ZELF_H
#define ZAPP_ZELF_H

#include <gelf.h>
#include <stddef.h>

struct zelf {
	const char *path;
	int fd;
	Elf *elf;
	GElf_Off filesize;	/* the file's size when it was opened */
	GElf_Ehdr ehdr;
	size_t phnum;
	size_t shnum;		/* 0 when the file has no section headers */

	/* The dynamic table (from PT_DYNAMIC), when the file has one. */
	int has_dynamic;
	GElf_Phdr dyn_phdr;
	Elf_Scn *dyn_scn;	/* its section, when section headers exist */
	Elf_Data *dyn;		/* the entries */
	size_t ndyn;		/* entries before DT_NULL (or all, if none) */
	size_t dyn_cap;		/* entries the table has room for */

	/* The dynamic string table (DT_STRTAB, DT_STRSZ). */
	Elf_Scn *str_scn;	/* its section, when section headers exist */
	Elf_Data *str;
	size_t strsz;
};

/* Is path a regular file that starts with the ELF magic?  (For telling
 * ELF files from data before opening them; never fails loudly.) */
int zelf_is_elf_file(const char *path);

/* Open path to read it (a read-only mapping: libelf never writes; edits
 * are written with zelf_write below).  Fails for files that are not ELF or
 * whose headers do not hold together. */
int zelf_open(struct zelf *z, const char *path);
void zelf_close(struct zelf *z);

/* Entry i (i < z->ndyn) of the dynamic table. */
int zelf_dyn_get(struct zelf *z, size_t i, GElf_Dyn *d);
/* The first entry with the tag, or -1 (no zfail: absence is not an error). */
long zelf_dyn_find(struct zelf *z, GElf_Sxword tag, GElf_Dyn *d);
/* The NUL-terminated string at off in the dynamic string table, or NULL
 * (with zfail) when off is outside it or the string is not terminated. */
const char *zelf_dynstr(struct zelf *z, GElf_Xword off);

/* Does the file's dynamic symbol table hold a symbol named one of
 * names[0..n) that it defines (defined 1) or imports (defined 0)?  1 or 0;
 * -1 with zwhy() when the file cannot be read.  (elf_dynsym.c) */
int zelf_dynsym_any(const char *path, const char *const *names, size_t n, int defined);
/* The value of the symbol name that z's dynamic symbol table defines: 1
 * (*value set), or 0 when it defines none of that name. */
int zelf_dynsym_value(struct zelf *z, const char *name, GElf_Addr *value);

/* The strings of the file's read-only data (elf_strings.c says which
 * bytes those are), in file order: fn gets each string (NUL-ended at
 * s[len]) and its offset in the file, and returns 0 to go on, 1 to stop,
 * -1 to fail.  0, or -1 with zwhy().  zelf_rodata_strings opens path for
 * it. */
typedef int zelf_string_fn(const char *s, size_t len, GElf_Off off, void *arg);
int zelf_rodata_each(struct zelf *z, zelf_string_fn *fn, void *arg);
/* The same for the data made read-only after relocation (PT_GNU_RELRO). */
int zelf_relro_each(struct zelf *z, zelf_string_fn *fn, void *arg);
int zelf_rodata_strings(const char *path, zelf_string_fn *fn, void *arg);

/* File offset of a virtual address inside a PT_LOAD's file image. */
int zelf_vaddr_to_offset(struct zelf *z, GElf_Addr vaddr, GElf_Off *off);

/* A byte range of the file. */
struct zspan {
	GElf_Off off;
	GElf_Off size;
};

/* Editing without libelf writing (elf_write.c), the one way zapp writes
 * into an ELF file: the file is read through a read-only descriptor
 * (zelf_open), and only the bytes that change are written, with pwrite on
 * a descriptor of their own.  The caller must own the file: tools edit
 * copies, never inputs.
 *
 * zelf_check_tail, before editing: fails when the file holds bytes after
 * all its headers, tables and sections (appended data: an edit that moves
 * the section header table would leave them in the middle), or when one of
 * those lies past its end. */
int zelf_check_tail(struct zelf *z);

/* n values of type t (ELF_T_EHDR, ELF_T_PHDR, ELF_T_SHDR, ELF_T_SYM or
 * ELF_T_DYN: GElf_Ehdr, GElf_Phdr, ...) in the file's class and byte
 * order, converted by libelf (gelf_xlatetof) into dst, which holds
 * gelf_fsize(z->elf, t, n, EV_CURRENT) bytes. */
int zelf_encode(struct zelf *z, Elf_Type t, const void *vals, size_t n, void *dst);

/* Bytes to write at an offset of the file. */
struct zpatch {
	GElf_Off off;
	void *buf;		/* malloc'ed, freed by zpatches_free */
	size_t size;
};
struct zpatches {
	struct zpatch *v;
	size_t n, cap;
};
/* A new patch of size bytes at off, zero-filled: *buf tells where. */
int zpatches_add(struct zpatches *p, GElf_Off off, size_t size, void **buf);
/* A patch holding n values of type t, encoded (zelf_encode). */
int zpatches_encode(struct zpatches *p, struct zelf *z, GElf_Off off, Elf_Type t,
		    const void *vals, size_t n);
void zpatches_free(struct zpatches *p);
/* Write the patches to z->path, in order, and make the file size bytes
 * long (it can only grow). */
int zelf_write(struct zelf *z, const struct zpatches *p, GElf_Off size);

/* Every string-valued dynamic entry (DT_NEEDED, DT_SONAME, DT_RPATH, ...)
 * names a NUL-terminated string inside the dynamic string table: 0, or -1
 * (dynstr_refs.c). */
int zelf_dynstr_check(struct zelf *z);

/* Whether the string at off in the dynamic string table shares bytes with
 * another string the file uses (dynstr_refs.c): a string of another dynamic
 * entry than those at indices skip[0..nskip), a symbol or version name, or
 * a longer string it is the tail of.  1: shared (or it cannot be told, e.g.
 * an unknown section uses the table), 0: not shared, -1: error. */
int zelf_dynstr_shared(struct zelf *z, GElf_Xword off, const size_t *skip, size_t nskip);

/* What zapp needs to know about a file, read from its headers alone. */
struct elf_info {
	unsigned char elfclass;	/* ELFCLASS32 / ELFCLASS64 */
	unsigned char data;	/* ELFDATA2LSB / ELFDATA2MSB */
	unsigned machine;	/* EM_* */
	unsigned type;		/* ET_EXEC, ET_DYN, ... */
	int has_dynamic;	/* PT_DYNAMIC present */
	char *interp;		/* PT_INTERP, or NULL */
	char **needed;		/* DT_NEEDED, in order */
	size_t nneeded;
	char *rpath;		/* DT_RPATH, or NULL */
	char *runpath;		/* DT_RUNPATH, or NULL */
	char *soname;		/* DT_SONAME, or NULL */
	GElf_Xword flags_1;	/* DT_FLAGS_1 (DF_1_PIE, ...) */
};

/* What a file is to zapp, from its headers. */
enum elf_role {
	ELF_ROLE_OTHER,		/* objects, core files, ... */
	ELF_ROLE_PROGRAM,	/* dynamically linked executable: has PT_INTERP */
	ELF_ROLE_STATIC,	/* statically linked executable (static-pie too) */
	ELF_ROLE_LIBRARY,	/* shared library (libc.so.6 too, runnable as it is) */
};
enum elf_role elf_role_of(const struct elf_info *info);

int elf_info_read(const char *path, struct elf_info *info);
void elf_info_free(struct elf_info *info);

/* elf_machine_name: target.h */
#include "target.h"

#endif
