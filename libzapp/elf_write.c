/* libzapp/elf_write.c: write edits back through libelf without losing
 * bytes the file needs.  See zelf.h and docs/elf-editing.md.
 *
 * elf_update with ELF_F_LAYOUT (elfutils) writes what is marked dirty, and
 * fill bytes (elf_fill, zero) into some gaps: walking the sections in file
 * order, it fills from the end of the previous section (at first: the end
 * of the program header table) to the start of a section that is dirty or
 * that follows a dirty one; when the program header table is dirty it also
 * fills everything between the ELF header and e_phoff.  Then it cuts the
 * file after the last byte a header, table or section describes.  Bytes no
 * section describes may live in those gaps (data of a segment, a program
 * header table moved in front of sections).  This file replays the walk
 * before writing and refuses when a needed, non-zero byte would be lost.
 *
 * The program header table is the exception: when it was edited, libelf
 * must not write it (that fills everything between the ELF header and
 * e_phoff); and in a grown file it sits in front of sections that later
 * edits dirty, inside the gap libelf fills.  So it is written here, after
 * elf_update: encoded by libelf (gelf_xlatetof), written with pwrite.
 */
#include "zelf.h"
#include "report.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct scnpos {
	GElf_Off off, size;
	size_t index;
	int dirty;
};

/* The order libelf writes sections in: offset, then size, then index. */
static int scnpos_cmp(const void *a, const void *b)
{
	const struct scnpos *x = a, *y = b;
	if (x->off != y->off)
		return x->off < y->off ? -1 : 1;
	if (x->size != y->size)
		return x->size < y->size ? -1 : 1;
	return x->index < y->index ? -1 : x->index > y->index;
}

struct walk {
	struct zelf *z;
	const struct zspan *dead;
	size_t ndead;
	GElf_Ehdr eh;
	int phdrs_filled;	/* a fill lands on the program header table */
};

static int end_of(GElf_Off off, GElf_Off size, GElf_Off *end)
{
	*end = off + size;
	if (off > UINT64_MAX - size)
		return zfail("a range at offset %#llx overflows", (unsigned long long)off);
	return 0;
}

/* [lo, hi) lies in a byte range the file needs: it must read as zero. */
static int must_be_zero(struct walk *w, GElf_Off lo, GElf_Off hi)
{
	if (hi > w->z->filesize)
		hi = w->z->filesize;	/* beyond the old end: zero after growing */
	if (lo >= hi)
		return 0;
	Elf_Data *d = elf_getdata_rawchunk(w->z->elf, (int64_t)lo, hi - lo, ELF_T_BYTE);
	if (!d)
		return zfail("cannot read bytes %#llx-%#llx: %s", (unsigned long long)lo,
			     (unsigned long long)hi, elf_errmsg(-1));
	const unsigned char *p = d->d_buf;
	for (size_t i = 0; i < d->d_size; i++)
		if (p[i])
			return zfail("libelf would overwrite needed bytes at %#llx (not in any section)",
				     (unsigned long long)(lo + i));
	return 0;
}

/* Does [lo, hi) meet a range needed at run time or by readers?  (The
 * program header table is written again after the update.) */
static int check_needed(struct walk *w, GElf_Off lo, GElf_Off hi)
{
	GElf_Off phend;
	if (end_of(w->eh.e_phoff, (GElf_Off)w->z->phnum * w->eh.e_phentsize, &phend) < 0)
		return -1;
	if (w->z->phnum && w->eh.e_phoff < hi && phend > lo)
		w->phdrs_filled = 1;
	struct zspan need[2] = {
		{ 0, w->eh.e_ehsize },
		{ w->eh.e_shoff, (GElf_Off)w->z->shnum * w->eh.e_shentsize },
	};
	for (size_t i = 0; i < 2 + w->z->phnum; i++) {
		GElf_Off off, end;
		if (i < 2) {
			off = need[i].off;
			if (end_of(off, need[i].size, &end) < 0)
				return -1;
		} else {
			GElf_Phdr ph;
			if (!gelf_getphdr(w->z->elf, (int)(i - 2), &ph))
				return zfail("cannot read program header %zu: %s", i - 2, elf_errmsg(-1));
			off = ph.p_offset;
			if (end_of(off, ph.p_filesz, &end) < 0)
				return -1;
			/* the table itself is written again, the rest of its
			 * segment must survive */
			if (off < phend && end > w->eh.e_phoff) {
				GElf_Off a = off > lo ? off : lo, b = w->eh.e_phoff < hi ? w->eh.e_phoff : hi;
				if (a < b && must_be_zero(w, a, b) < 0)
					return -1;
				off = phend;
			}
		}
		GElf_Off a = off > lo ? off : lo, b = end < hi ? end : hi;
		if (a < b && must_be_zero(w, a, b) < 0)
			return -1;
	}
	return 0;
}

/* libelf fills [lo, hi): fine where the bytes are dead (dead[0..ndead)),
 * else they must not be needed (or be zero already). */
static int check_fill(struct walk *w, const struct zspan *dead, size_t ndead,
		      GElf_Off lo, GElf_Off hi)
{
	for (size_t i = 0; i < ndead; i++) {
		GElf_Off a = dead[i].off, b;
		if (end_of(a, dead[i].size, &b) < 0)
			return -1;
		if (a < hi && b > lo) {
			if (a > lo && check_fill(w, dead + i + 1, ndead - i - 1, lo, a) < 0)
				return -1;
			return b < hi ? check_fill(w, dead + i + 1, ndead - i - 1, b, hi) : 0;
		}
	}
	return check_needed(w, lo, hi);
}

static int sections(struct zelf *z, struct scnpos **out, size_t *n)
{
	struct scnpos *v = calloc(z->shnum ? z->shnum : 1, sizeof *v);
	Elf_Scn *scn = NULL;
	size_t k = 0;
	if (!v)
		return zfail("out of memory");
	while ((scn = elf_nextscn(z->elf, scn)) && k < z->shnum) {
		GElf_Shdr sh;
		if (!gelf_getshdr(scn, &sh)) {
			free(v);
			return zfail("cannot read a section header: %s", elf_errmsg(-1));
		}
		if (sh.sh_type == SHT_NOBITS)
			continue;	/* libelf skips them, gap tracking too */
		v[k] = (struct scnpos){ sh.sh_offset, sh.sh_size, elf_ndxscn(scn),
					 (elf_flagscn(scn, ELF_C_SET, 0) & ELF_F_DIRTY) != 0 };
		k++;
	}
	qsort(v, k, sizeof *v, scnpos_cmp);
	*out = v;
	*n = k;
	return 0;
}

/* The last byte libelf knows about: its new size of the file. */
static int image_end(struct zelf *z, const GElf_Ehdr *eh, GElf_Off *end)
{
	GElf_Off e = eh->e_ehsize, x;
	if (end_of(eh->e_phoff, (GElf_Off)z->phnum * eh->e_phentsize, &x) < 0)
		return -1;
	if (z->phnum && x > e)
		e = x;
	if (z->shnum) {
		if (end_of(eh->e_shoff, (GElf_Off)z->shnum * eh->e_shentsize, &x) < 0)
			return -1;
		if (x > e)
			e = x;
	}
	Elf_Scn *scn = NULL;
	while ((scn = elf_nextscn(z->elf, scn))) {
		GElf_Shdr sh;
		if (!gelf_getshdr(scn, &sh))
			return zfail("cannot read a section header: %s", elf_errmsg(-1));
		if (sh.sh_type == SHT_NOBITS)
			continue;
		if (end_of(sh.sh_offset, sh.sh_size, &x) < 0)
			return -1;
		if (x > e)
			e = x;
	}
	*end = e;
	return 0;
}

int zelf_check_tail(struct zelf *z)
{
	GElf_Off end;
	if (image_end(z, &z->ehdr, &end) < 0)
		return -1;
	if (end < z->filesize)
		return zfail("%llu bytes follow the last header or section (appended data?); "
			     "rewriting the file would drop them",
			     (unsigned long long)(z->filesize - end));
	if (end > z->filesize)	/* libelf would extend the file to there */
		return zfail("a header table or section lies past the end of the file");
	return 0;
}

static int replay(struct walk *w)
{
	struct zelf *z = w->z;
	int phdirty = z->phnum && (elf_flagphdr(z->elf, ELF_C_SET, 0) & ELF_F_DIRTY);
	if (elf_flagelf(z->elf, ELF_C_SET, 0) & ELF_F_DIRTY)
		return zfail("internal error: the whole file is marked for rewriting");
	if (phdirty && w->eh.e_phoff > w->eh.e_ehsize
	    && check_fill(w, w->dead, w->ndead, w->eh.e_ehsize, w->eh.e_phoff) < 0)
		return -1;

	struct scnpos *v = NULL;
	size_t n = 0;
	if (sections(z, &v, &n) < 0)
		return -1;
	GElf_Off last = w->eh.e_ehsize;
	if (z->phnum && end_of(w->eh.e_phoff, (GElf_Off)z->phnum * w->eh.e_phentsize, &last) < 0)
		goto fail;
	int prev_changed = phdirty;
	for (size_t i = 0; i < n; i++) {
		if (v[i].off > last && (v[i].dirty || prev_changed)
		    && check_fill(w, w->dead, w->ndead, last, v[i].off) < 0)
			goto fail;
		if (end_of(v[i].off, v[i].size, &last) < 0)
			goto fail;
		prev_changed = v[i].dirty;
	}
	free(v);
	return 0;
fail:
	free(v);
	return -1;
}

static int write_all(int fd, const void *buf, size_t size, GElf_Off off)
{
	const char *p = buf;
	while (size) {
		ssize_t w = pwrite(fd, p, size, (off_t)off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return zfail("cannot write the program headers: %s",
				     w < 0 ? strerror(errno) : "short write");
		p += w;
		off += (GElf_Off)w;
		size -= (size_t)w;
	}
	return 0;
}

/* The program header table in the file's encoding, converted by libelf. */
static int write_phdrs(struct zelf *z, const GElf_Ehdr *eh)
{
	int is64 = eh->e_ident[EI_CLASS] == ELFCLASS64;
	void *mem = is64 ? (void *)elf64_getphdr(z->elf) : (void *)elf32_getphdr(z->elf);
	size_t size = gelf_fsize(z->elf, ELF_T_PHDR, z->phnum, EV_CURRENT);
	if (!mem || !size)
		return zfail("cannot read the program headers: %s", elf_errmsg(-1));
	void *buf = malloc(size);
	if (!buf)
		return zfail("out of memory");
	Elf_Data src = { .d_buf = mem, .d_type = ELF_T_PHDR, .d_size = size,
			 .d_version = EV_CURRENT };
	Elf_Data dst = { .d_buf = buf, .d_type = ELF_T_PHDR, .d_size = size,
			 .d_version = EV_CURRENT };
	int r = gelf_xlatetof(z->elf, &dst, &src, eh->e_ident[EI_DATA])
		? write_all(z->fd, buf, size, eh->e_phoff)
		: zfail("cannot encode the program headers: %s", elf_errmsg(-1));
	free(buf);
	return r;
}

int zelf_commit_safely(struct zelf *z, const struct zspan *dead, size_t ndead)
{
	struct walk w = { .z = z, .dead = dead, .ndead = ndead };
	GElf_Off end;
	if (!gelf_getehdr(z->elf, &w.eh))
		return zfail("cannot read the ELF header: %s", elf_errmsg(-1));
	if (image_end(z, &w.eh, &end) < 0)
		return -1;
	if (end < z->filesize)
		return zfail("the edit would cut %llu bytes off the end of the file",
			     (unsigned long long)(z->filesize - end));
	if (z->phdrs_changed)
		elf_flagphdr(z->elf, ELF_C_CLR, ELF_F_DIRTY);
	if (replay(&w) < 0 || zelf_commit(z) < 0)
		return -1;
	if ((z->phdrs_changed || w.phdrs_filled) && write_phdrs(z, &w.eh) < 0)
		return -1;
	z->phdrs_changed = 0;
	return 0;
}
