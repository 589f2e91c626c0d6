/* libzapp/elf_grow.h: grow an ELF file by one load segment at its end.
 *
 * A section that must get bigger (the dynamic string table, the dynamic
 * table) cannot grow where it is: the bytes after it belong to others.  So
 * it moves, with its section header, into a new PT_LOAD segment appended
 * to the file, at an address above everything the file maps (readable;
 * writable too when a moved section is, as .dynamic is).
 * The program header table needs one more entry for that segment, so it
 * moves there too (first, before the sections); the section header table
 * follows the segment.  Old bytes stay where they were, unused.
 *
 *   | the file as it was ...... | old shdrs | pad |
 *   | program headers | item 0 | item 1 | ... |  <- the new PT_LOAD
 *   | section headers |
 *
 * Segments that describe exactly one moved section (PT_DYNAMIC, PT_INTERP,
 * PT_NOTE, ...) follow it, and so do the symbols defined in it (_DYNAMIC,
 * section symbols); PT_PHDR follows the program headers.  Use, on a file
 * opened read-only: fill in items, elf_grow_layout (places them), write
 * the contents that depend on the new addresses, elf_grow_apply (what to
 * write), zelf_write(z, patches, g.end).  See docs/elf-editing.md.
 */
#ifndef ZAPP_ELF_GROW_H
#define ZAPP_ELF_GROW_H

#include "zelf.h"

struct grow_item {
	Elf_Scn *scn;		/* the section that moves (SHF_ALLOC, with contents) */
	const void *buf;	/* its new contents, as in the file (encoded);
				 * owned by the caller */
	size_t size;
	/* set by elf_grow_layout: */
	GElf_Off off;
	GElf_Addr addr;
};

#define GROW_MAX_ITEMS 4

struct elf_grow {
	struct grow_item *items;
	size_t nitems;			/* at most GROW_MAX_ITEMS */
	/* set by elf_grow_layout: */
	GElf_Off seg_off, seg_size;	/* the new segment, in the file */
	GElf_Addr seg_addr;		/* and in memory */
	GElf_Xword seg_align;
	GElf_Word seg_flags;		/* PF_R, and PF_W when a moved section is writable
					 * (.dynamic: the loader stores DT_DEBUG there) */
	GElf_Off phoff, shoff;		/* the new header tables */
	GElf_Off end;			/* the new size of the file */
	struct zspan dead[2 + GROW_MAX_ITEMS];	/* the old header tables, the
						 * old places of the items */
	size_t ndead;
};

/* Place the items, the program header table (one entry more) and the
 * section header table; check that the file's load segments allow it. */
int elf_grow_layout(struct zelf *z, struct elf_grow *g);
/* What to write: the new end of the file (from the old end on: zeros, the
 * segment with the program headers and the items, zeros, the section
 * headers; the items' sections moved there), the ELF header, and the
 * symbols that follow a moved section.  Nothing is written yet. */
int elf_grow_apply(struct zelf *z, struct elf_grow *g, struct zpatches *p);

#endif
