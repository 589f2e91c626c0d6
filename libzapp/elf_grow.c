/* libzapp/elf_grow.c: append a PT_LOAD segment holding the program header
 * table and moved sections.  See elf_grow.h. */
#include "elf_grow.h"
#include "elf_check.h"
#include "report.h"

#include <stdlib.h>
#include <string.h>

#define MIN_PAGE 4096	/* the new segment never shares a page with the old ones */
#define MAX_PAGE 65536	/* the largest page size a loader may round to */
#define REACH_MAX (1 << 20)	/* relocation reach honoured past the end (see reloc_reach) */
#define HOLE_MAX (16 << 20)	/* the largest hole kept to keep the first segment's distance */

static int is_pow2(GElf_Xword x)
{
	return x && !(x & (x - 1));
}


/* *x rounded up to a multiple of a (a power of two), within limit. */
static int align_up(GElf_Xword *x, GElf_Xword a, GElf_Xword limit)
{
	GElf_Xword r = (*x + (a - 1)) & ~(a - 1);
	if (r < *x || r > limit)
		return zfail("the file would grow beyond what its class can address");
	*x = r;
	return 0;
}

static int add(GElf_Xword *x, GElf_Xword n, GElf_Xword limit)
{
	if (*x > limit || n > limit - *x)
		return zfail("the file would grow beyond what its class can address");
	*x += n;
	return 0;
}

/* What the load segments tell: the end of the address space they use and
 * of the file image they map, the largest alignment, the link-time offset
 * of the first one. */
struct loads {
	GElf_Addr end;
	GElf_Off fend;
	GElf_Xword align;
	GElf_Addr first_delta;
	int have_delta;
};

/* The alignment the new segment keeps: the largest of the load segments',
 * at least a page, at most what the jumploader honours (ZELF_ALIGN_MAX,
 * 1 GiB): a larger one (0x800000000000 in a hostile file) would put the
 * segment past the user address space, a file no loader can map. */
static GElf_Xword seg_align(const struct loads *l)
{
	return l->align < MIN_PAGE ? MIN_PAGE : l->align > ZELF_ALIGN_MAX ? ZELF_ALIGN_MAX : l->align;
}

static int scan_loads(struct zelf *z, GElf_Xword limit, struct loads *l)
{
	GElf_Addr prev = 0;
	size_t n = 0;
	memset(l, 0, sizeof *l);
	l->align = 1;
	for (size_t i = 0; i < z->phnum; i++) {
		GElf_Phdr ph;
		if (!gelf_getphdr(z->elf, (int)i, &ph))
			return zfail("cannot read program header %zu: %s", i, elf_errmsg(-1));
		if (ph.p_type != PT_LOAD)
			continue;
		GElf_Xword end = ph.p_vaddr, fend = ph.p_offset;
		if (add(&end, ph.p_memsz, limit) < 0 || add(&fend, ph.p_filesz, UINT64_MAX) < 0
		    || fend > z->filesize)
			return zfail("load segment %zu lies outside the file or the address space", i);
		if (ph.p_filesz > ph.p_memsz)
			return zfail("load segment %zu has more bytes in the file than in memory", i);
		/* an alignment that is not a power of two means nothing, as
		 * for the kernel (fs/binfmt_elf.c ignores it) */
		GElf_Xword align = is_pow2(ph.p_align) ? ph.p_align : 1;
		if (align > 1 && (ph.p_vaddr - ph.p_offset) % align)
			return zfail("load segment %zu is misaligned", i);
		if (n && ph.p_vaddr < prev)
			return zfail("the load segments are not sorted by address");
		if (!n++ && ph.p_vaddr >= ph.p_offset) {
			l->first_delta = ph.p_vaddr - ph.p_offset;
			l->have_delta = 1;
		}
		prev = ph.p_vaddr;
		if (end > l->end)
			l->end = end;
		if (fend > l->fend)
			l->fend = fend;
		if (align > l->align)
			l->align = align;
	}
	if (!n)
		return zfail("the file has no load segment");
	return 0;
}

static void reach_of(Elf *elf, Elf_Data *rel, int rela, Elf_Data *syms, GElf_Addr *reach)
{
	size_t n = rel->d_size / gelf_fsize(elf, rela ? ELF_T_RELA : ELF_T_REL, 1, EV_CURRENT);
	for (size_t i = 0; i < n; i++) {
		GElf_Rela r;
		GElf_Rel rl;
		GElf_Sym s;
		if (rela ? !gelf_getrela(rel, (int)i, &r) : !gelf_getrel(rel, (int)i, &rl))
			return;
		if (!rela) {
			r.r_offset = rl.r_offset;
			r.r_info = rl.r_info;
		}
		size_t sym = GELF_R_SYM(r.r_info);
		if (sym && gelf_getsym(syms, (int)sym, &s) && r.r_offset <= UINT64_MAX - s.st_size
		    && r.r_offset + s.st_size > *reach)
			*reach = r.r_offset + s.st_size;
	}
}

/* How far the dynamic relocations reach, each with the size of the symbol
 * it names.  eu-elflint calls a relocation whose reach meets a read-only
 * segment a text relocation, so the new segment starts above, unless that
 * is more than REACH_MAX past the end (real files reach a few hundred KiB
 * past it; a corrupt symbol size must not push the segment anywhere).  For
 * a linter's sake only: what cannot be read is skipped. */
static GElf_Addr reloc_reach(struct zelf *z)
{
	GElf_Addr reach = 0;
	Elf_Scn *scn = NULL;
	while ((scn = elf_nextscn(z->elf, scn))) {
		GElf_Shdr sh;
		if (!gelf_getshdr(scn, &sh) || !(sh.sh_flags & SHF_ALLOC)
		    || (sh.sh_type != SHT_RELA && sh.sh_type != SHT_REL))
			continue;
		Elf_Data *rel = elf_getdata(scn, NULL);
		Elf_Data *syms = elf_getdata(elf_getscn(z->elf, sh.sh_link), NULL);
		if (rel && syms)
			reach_of(z->elf, rel, sh.sh_type == SHT_RELA, syms, &reach);
	}
	return reach;
}

/* Where the segment starts in the file: after the file, and after the last
 * page of every load segment's file image.  glibc's ld.so looks for the
 * program headers of a library (which has no PT_PHDR) in the first load
 * segment whose page-rounded file image holds them: were the table in the
 * last page of the data segment, it would be taken from there, from
 * memory that becomes .bss. */
static int place_items(struct zelf *z, struct elf_grow *g, const struct loads *l,
		       GElf_Xword limit)
{
	GElf_Xword start = l->fend, align = 16;	/* >= the program headers' */
	GElf_Xword page = l->align < MIN_PAGE ? MIN_PAGE : l->align > MAX_PAGE ? MAX_PAGE : l->align;
	if (align_up(&start, page, limit) < 0)
		return -1;
	if (start < z->filesize)
		start = z->filesize;
	g->seg_flags = PF_R;
	for (size_t i = 0; i < g->nitems; i++) {
		GElf_Shdr sh;
		if (!gelf_getshdr(g->items[i].scn, &sh))
			return zfail("cannot read a section header: %s", elf_errmsg(-1));
		if (!(sh.sh_flags & SHF_ALLOC) || sh.sh_type == SHT_NOBITS)
			return zfail("internal error: only loaded sections with contents can move");
		if (sh.sh_addralign > align)
			align = sh.sh_addralign;
		if (sh.sh_flags & SHF_WRITE)
			g->seg_flags |= PF_W;
	}
	if (!is_pow2(align) || align > MIN_PAGE)
		return zfail("a section to move has an impossible alignment");
	if (align_up(&start, align, limit) < 0)
		return -1;
	/* Keep the first load segment's offset-to-address distance: the
	 * segment's offset is then its address less that distance (the end
	 * of the address space used, past the file's end by about the size
	 * of .bss).  patchelf takes the image's base from PT_PHDR (p_vaddr -
	 * p_offset) when it moves the table back to the file's start, and
	 * kernels before 5.18 the address of the table from the first
	 * segment.  The gap is a hole in the file (zelf_write writes
	 * nothing there). */
	GElf_Xword a = seg_align(l), lo = l->end;
	if (l->have_delta && align_up(&lo, a, limit) == 0 && lo > l->first_delta
	    && lo - l->first_delta > start && lo - l->first_delta - start <= HOLE_MAX) {
		start = lo - l->first_delta;
		if (align_up(&start, a, limit) < 0)
			return -1;
	}
	g->seg_off = start;
	GElf_Xword cur = start;
	g->phoff = cur;		/* first: where BFD (strip) expects them */
	if (add(&cur, (z->phnum + 1) * z->ehdr.e_phentsize, limit) < 0)
		return -1;
	for (size_t i = 0; i < g->nitems; i++) {
		GElf_Shdr sh;
		gelf_getshdr(g->items[i].scn, &sh);
		if (align_up(&cur, sh.sh_addralign ? sh.sh_addralign : 1, limit) < 0)
			return -1;
		g->items[i].off = cur;
		if (add(&cur, g->items[i].size, limit) < 0)
			return -1;
	}
	g->seg_size = cur - start;
	size_t word = z->ehdr.e_ident[EI_CLASS] == ELFCLASS64 ? 8 : 4;
	if (align_up(&cur, word, limit) < 0)
		return -1;
	g->shoff = cur;
	if (add(&cur, z->shnum * z->ehdr.e_shentsize, limit) < 0)
		return -1;
	g->end = cur;
	return 0;
}

/* The segment's address: above every load segment, congruent with its
 * offset modulo the largest alignment.  When it costs nothing, keep the
 * offset-to-address distance of the first load segment, so that kernels
 * before 5.18 (AT_PHDR = first segment's address + e_phoff) agree. */
static int place_segment(struct elf_grow *g, const struct loads *l, GElf_Xword limit)
{
	GElf_Xword a = seg_align(l);
	GElf_Xword lo = l->end, addr;
	if (align_up(&lo, a, limit) < 0)
		return -1;
	addr = g->seg_off;
	if (l->have_delta && add(&addr, l->first_delta, limit) == 0 && addr >= lo
	    && (addr - g->seg_off) % a == 0) {
		g->seg_addr = addr;
	} else {
		addr = lo;
		if (add(&addr, g->seg_off % a, limit) < 0)
			return -1;
		g->seg_addr = addr;
	}
	g->seg_align = a;
	addr = g->seg_addr;
	if (add(&addr, g->seg_size, limit) < 0)
		return -1;
	/* the jumploader maps nothing past the user address space, nor
	 * does the kernel: a file whose segments reach its top has no room */
	if (limit == UINT64_MAX && addr > ZELF_VADDR_LIMIT)
		return zfail("no room for a new segment: the load segments reach the top of the user address space");
	return 0;
}

int elf_grow_layout(struct zelf *z, struct elf_grow *g)
{
	GElf_Xword limit = z->ehdr.e_ident[EI_CLASS] == ELFCLASS32 ? 0xffffffffu : UINT64_MAX;
	struct loads l;
	if (!z->shnum || g->nitems > GROW_MAX_ITEMS)
		return zfail("internal error: growing needs a file with section headers");
	if (z->ehdr.e_phentsize != gelf_fsize(z->elf, ELF_T_PHDR, 1, EV_CURRENT)
	    || z->ehdr.e_shentsize != gelf_fsize(z->elf, ELF_T_SHDR, 1, EV_CURRENT))
		return zfail("the header tables have unexpected entry sizes");
	if (z->phnum + 1 >= PN_XNUM)
		return zfail("the program header table is full");
	if (scan_loads(z, limit, &l) < 0)
		return -1;
	GElf_Addr reach = reloc_reach(z);
	if (reach >= l.end && reach - l.end < REACH_MAX)
		l.end = reach + 1;
	if (place_items(z, g, &l, limit) < 0 || place_segment(g, &l, limit) < 0)
		return -1;
	g->dead[0] = (struct zspan){ z->ehdr.e_phoff, z->phnum * z->ehdr.e_phentsize };
	g->dead[1] = (struct zspan){ z->ehdr.e_shoff, z->shnum * z->ehdr.e_shentsize };
	g->ndead = 2;
	for (size_t i = 0; i < g->nitems; i++) {
		GElf_Shdr sh;
		gelf_getshdr(g->items[i].scn, &sh);
		g->items[i].addr = g->seg_addr + (g->items[i].off - g->seg_off);
		g->dead[g->ndead++] = (struct zspan){ sh.sh_offset, sh.sh_size };
	}
	return 0;
}

/* Segments that show exactly one section, and follow it when it moves. */
static int follows_section(GElf_Word type)
{
	switch (type) {
	case PT_DYNAMIC: case PT_INTERP: case PT_NOTE:
	case PT_GNU_PROPERTY: case PT_GNU_EH_FRAME:
		return 1;
	}
	return 0;
}

static void follow(GElf_Phdr *ph, size_t n, const GElf_Shdr *old, const struct grow_item *it)
{
	for (size_t i = 0; i < n; i++) {
		if (!follows_section(ph[i].p_type) || ph[i].p_offset != old->sh_offset
		    || !ph[i].p_filesz || ph[i].p_filesz > old->sh_size)
			continue;
		ph[i].p_offset = it->off;
		ph[i].p_vaddr = ph[i].p_paddr = it->addr;
		ph[i].p_filesz = ph[i].p_memsz = it->size;
	}
}

/* The new program header table, in ph[0..z->phnum] (one more entry). */
static int new_phdrs(struct zelf *z, struct elf_grow *g, GElf_Phdr *ph)
{
	size_t n = z->phnum, last = 0;
	for (size_t i = 0; i < n; i++) {
		if (!gelf_getphdr(z->elf, (int)i, &ph[i]))
			return zfail("cannot read program header %zu: %s", i, elf_errmsg(-1));
		if (ph[i].p_type == PT_PHDR) {
			ph[i].p_offset = g->phoff;
			ph[i].p_vaddr = ph[i].p_paddr = g->seg_addr + (g->phoff - g->seg_off);
			ph[i].p_filesz = ph[i].p_memsz = (n + 1) * z->ehdr.e_phentsize;
		}
		if (ph[i].p_type == PT_LOAD)
			last = i;
	}
	/* the new PT_LOAD goes right after the last one: they stay sorted */
	memmove(&ph[last + 2], &ph[last + 1], (n - last - 1) * sizeof *ph);
	ph[last + 1] = (GElf_Phdr){
		.p_type = PT_LOAD, .p_flags = g->seg_flags,
		.p_offset = g->seg_off, .p_vaddr = g->seg_addr, .p_paddr = g->seg_addr,
		.p_filesz = g->seg_size, .p_memsz = g->seg_size, .p_align = g->seg_align,
	};
	return 0;
}

/* Symbols defined in a moved section follow it (_DYNAMIC, which readers
 * check against PT_DYNAMIC; section symbols): each one changed is written
 * where it is in its table. */
static int move_symbols(struct zelf *z, struct zpatches *p, size_t shndx, const GElf_Shdr *old,
			GElf_Addr to)
{
	Elf_Scn *scn = NULL;
	size_t entsize = gelf_fsize(z->elf, ELF_T_SYM, 1, EV_CURRENT);
	while ((scn = elf_nextscn(z->elf, scn))) {
		GElf_Shdr sh;
		if (!gelf_getshdr(scn, &sh))
			return zfail("cannot read a section header: %s", elf_errmsg(-1));
		if (sh.sh_type != SHT_SYMTAB && sh.sh_type != SHT_DYNSYM)
			continue;
		Elf_Data *d = elf_getdata(scn, NULL);
		if (!d)
			return zfail("cannot read a symbol table: %s", elf_errmsg(-1));
		for (size_t i = 0; i < d->d_size / entsize; i++) {
			GElf_Sym s;
			if (!gelf_getsym(d, (int)i, &s))
				return zfail("cannot read symbol %zu: %s", i, elf_errmsg(-1));
			if (s.st_shndx != shndx || s.st_value < old->sh_addr
			    || s.st_value - old->sh_addr > old->sh_size)
				continue;
			s.st_value = to + (s.st_value - old->sh_addr);
			if (zpatches_encode(p, z, sh.sh_offset + i * entsize, ELF_T_SYM, &s, 1) < 0)
				return -1;
		}
	}
	return 0;
}

/* The item's section, its new header in *moved; what follows it follows. */
static int move_section(struct zelf *z, struct zpatches *p, GElf_Phdr *ph, size_t nph,
			const struct grow_item *it, GElf_Shdr *moved)
{
	GElf_Shdr sh;
	if (!gelf_getshdr(it->scn, &sh))
		return zfail("cannot read a section to move: %s", elf_errmsg(-1));
	follow(ph, nph, &sh, it);
	if (move_symbols(z, p, elf_ndxscn(it->scn), &sh, it->addr) < 0)
		return -1;
	*moved = sh;
	moved->sh_offset = it->off;
	moved->sh_addr = it->addr;
	moved->sh_size = it->size;
	return 0;
}

/* The section header table, with the moved sections' new headers. */
static int new_shdrs(struct zelf *z, const struct elf_grow *g, const GElf_Shdr *moved,
		     GElf_Shdr *sh)
{
	for (size_t i = 0; i < z->shnum; i++) {
		Elf_Scn *scn = elf_getscn(z->elf, i);
		if (!scn || !gelf_getshdr(scn, &sh[i]))
			return zfail("cannot read section header %zu: %s", i, elf_errmsg(-1));
		for (size_t k = 0; k < g->nitems; k++)
			if (g->items[k].scn == scn)
				sh[i] = moved[k];
	}
	return 0;
}

/* The old header tables and the old places of moved sections, where they
 * lie after the end of every section that stays (at the end of the file:
 * the old section header table, what an earlier growth left), are cleared,
 * so that no stale copy of a table remains past the last section. */
static int clear_dead(struct zelf *z, const struct elf_grow *g, struct zpatches *p)
{
	GElf_Off live = 0;
	Elf_Scn *scn = NULL;
	while ((scn = elf_nextscn(z->elf, scn))) {
		GElf_Shdr sh;
		int moved = 0;
		for (size_t k = 0; k < g->nitems; k++)
			moved |= g->items[k].scn == scn;
		if (moved || !gelf_getshdr(scn, &sh) || sh.sh_type == SHT_NOBITS)
			continue;
		if (sh.sh_offset + sh.sh_size > live)	/* no overflow: checked by zelf_check_tail */
			live = sh.sh_offset + sh.sh_size;
	}
	for (size_t i = 0; i < g->ndead; i++) {
		GElf_Off a = g->dead[i].off, b = a + g->dead[i].size;
		void *zero;
		if (a < live)
			a = live;
		if (b > z->filesize)
			b = z->filesize;
		if (a < b && zpatches_add(p, a, b - a, &zero) < 0)
			return -1;
	}
	return 0;
}

int elf_grow_apply(struct zelf *z, struct elf_grow *g, struct zpatches *p)
{
	size_t n = z->phnum + 1;
	GElf_Shdr moved[GROW_MAX_ITEMS];
	GElf_Phdr *ph = calloc(n, sizeof *ph);
	GElf_Shdr *sh = calloc(z->shnum, sizeof *sh);
	unsigned char *tail;
	int r = -1;
	if (!ph || !sh) {
		zfail("out of memory");
		goto done;
	}
	if (new_phdrs(z, g, ph) < 0)
		goto done;
	for (size_t i = 0; i < g->nitems; i++)
		if (move_section(z, p, ph, n, &g->items[i], &moved[i]) < 0)
			goto done;
	if (new_shdrs(z, g, moved, sh) < 0)
		goto done;

	if (clear_dead(z, g, p) < 0)
		goto done;
	/* all that follows the old end of the file, zeros between; the bytes
	 * up to a page boundary are written, further ones are a hole */
	GElf_Off from = g->seg_off - z->filesize > MAX_PAGE ? g->seg_off : z->filesize;
	if (zpatches_add(p, from, g->end - from, (void **)&tail) < 0
	    || zelf_encode(z, ELF_T_PHDR, ph, n, tail + (g->phoff - from)) < 0)
		goto done;
	for (size_t i = 0; i < g->nitems; i++)
		memcpy(tail + (g->items[i].off - from), g->items[i].buf, g->items[i].size);
	if (zelf_encode(z, ELF_T_SHDR, sh, z->shnum, tail + (g->shoff - from)) < 0)
		goto done;

	GElf_Ehdr eh = z->ehdr;
	eh.e_phoff = g->phoff;
	eh.e_shoff = g->shoff;
	eh.e_phnum = (GElf_Half)n;
	r = zpatches_encode(p, z, 0, ELF_T_EHDR, &eh, 1);
done:
	free(ph);
	free(sh);
	return r;
}
