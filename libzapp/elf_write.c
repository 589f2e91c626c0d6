/* libzapp/elf_write.c: write an edit as the bytes that change, encoded by
 * libelf, with pwrite.  See zelf.h and docs/elf-editing.md.
 *
 * libelf only reads (the file is opened ELF_C_READ_MMAP): elf_update on a
 * descriptor opened for writing would first read every section back, and
 * write fill bytes into gaps between sections, where bytes no section
 * describes may live.
 */
#include "zelf.h"
#include "report.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int end_of(GElf_Off off, GElf_Off size, GElf_Off *end)
{
	*end = off + size;
	if (off > UINT64_MAX - size)
		return zfail("a range at offset %#llx overflows", (unsigned long long)off);
	return 0;
}

/* The last byte a header, table or section describes. */
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
	GElf_Off end = 0;
	if (image_end(z, &z->ehdr, &end) < 0)
		return -1;
	if (end < z->filesize)
		return zfail("%llu bytes follow the last header or section (appended data?); "
			     "rewriting the file would drop them",
			     (unsigned long long)(z->filesize - end));
	if (end > z->filesize)
		return zfail("a header table or section lies past the end of the file");
	return 0;
}

/* The GElf values (the 64-bit types) as the 32-bit types libelf converts. */
static void *to32(Elf_Type t, const void *vals, size_t n)
{
	size_t size[] = { [ELF_T_EHDR] = sizeof(Elf32_Ehdr), [ELF_T_PHDR] = sizeof(Elf32_Phdr),
			  [ELF_T_SHDR] = sizeof(Elf32_Shdr), [ELF_T_SYM] = sizeof(Elf32_Sym),
			  [ELF_T_DYN] = sizeof(Elf32_Dyn) };
	void *out = calloc(n ? n : 1, size[t]);
	if (!out)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		switch (t) {
		case ELF_T_EHDR: {
			const GElf_Ehdr *s = (const GElf_Ehdr *)vals + i;
			Elf32_Ehdr *d = (Elf32_Ehdr *)out + i;
			memcpy(d->e_ident, s->e_ident, EI_NIDENT);
			d->e_type = s->e_type;
			d->e_machine = s->e_machine;
			d->e_version = (Elf32_Word)s->e_version;
			d->e_entry = (Elf32_Addr)s->e_entry;
			d->e_phoff = (Elf32_Off)s->e_phoff;
			d->e_shoff = (Elf32_Off)s->e_shoff;
			d->e_flags = s->e_flags;
			d->e_ehsize = s->e_ehsize;
			d->e_phentsize = s->e_phentsize;
			d->e_phnum = s->e_phnum;
			d->e_shentsize = s->e_shentsize;
			d->e_shnum = s->e_shnum;
			d->e_shstrndx = s->e_shstrndx;
			break;
		}
		case ELF_T_PHDR: {
			const GElf_Phdr *s = (const GElf_Phdr *)vals + i;
			Elf32_Phdr *d = (Elf32_Phdr *)out + i;
			d->p_type = s->p_type;
			d->p_offset = (Elf32_Off)s->p_offset;
			d->p_vaddr = (Elf32_Addr)s->p_vaddr;
			d->p_paddr = (Elf32_Addr)s->p_paddr;
			d->p_filesz = (Elf32_Word)s->p_filesz;
			d->p_memsz = (Elf32_Word)s->p_memsz;
			d->p_flags = s->p_flags;
			d->p_align = (Elf32_Word)s->p_align;
			break;
		}
		case ELF_T_SHDR: {
			const GElf_Shdr *s = (const GElf_Shdr *)vals + i;
			Elf32_Shdr *d = (Elf32_Shdr *)out + i;
			d->sh_name = s->sh_name;
			d->sh_type = s->sh_type;
			d->sh_flags = (Elf32_Word)s->sh_flags;
			d->sh_addr = (Elf32_Addr)s->sh_addr;
			d->sh_offset = (Elf32_Off)s->sh_offset;
			d->sh_size = (Elf32_Word)s->sh_size;
			d->sh_link = s->sh_link;
			d->sh_info = s->sh_info;
			d->sh_addralign = (Elf32_Word)s->sh_addralign;
			d->sh_entsize = (Elf32_Word)s->sh_entsize;
			break;
		}
		case ELF_T_SYM: {
			const GElf_Sym *s = (const GElf_Sym *)vals + i;
			Elf32_Sym *d = (Elf32_Sym *)out + i;
			d->st_name = s->st_name;
			d->st_value = (Elf32_Addr)s->st_value;
			d->st_size = (Elf32_Word)s->st_size;
			d->st_info = s->st_info;
			d->st_other = s->st_other;
			d->st_shndx = s->st_shndx;
			break;
		}
		case ELF_T_DYN: {
			const GElf_Dyn *s = (const GElf_Dyn *)vals + i;
			Elf32_Dyn *d = (Elf32_Dyn *)out + i;
			d->d_tag = (Elf32_Sword)s->d_tag;
			d->d_un.d_val = (Elf32_Word)s->d_un.d_val;
			break;
		}
		default:
			break;
		}
	}
	return out;
}

int zelf_encode(struct zelf *z, Elf_Type t, const void *vals, size_t n, void *dst)
{
	int is64 = z->ehdr.e_ident[EI_CLASS] == ELFCLASS64;
	size_t size = gelf_fsize(z->elf, t, n, EV_CURRENT);
	if (t != ELF_T_EHDR && t != ELF_T_PHDR && t != ELF_T_SHDR && t != ELF_T_SYM && t != ELF_T_DYN)
		return zfail("internal error: cannot encode type %d", (int)t);
	if (!size)
		return n ? zfail("cannot encode: %s", elf_errmsg(-1)) : 0;
	void *mem = is64 ? (void *)vals : to32(t, vals, n);
	if (!mem)
		return zfail("out of memory");
	/* the memory representation is as large as the file's for these */
	Elf_Data src = { .d_buf = mem, .d_type = t, .d_size = size, .d_version = EV_CURRENT };
	Elf_Data out = { .d_buf = dst, .d_type = t, .d_size = size, .d_version = EV_CURRENT };
	int r = gelf_xlatetof(z->elf, &out, &src, z->ehdr.e_ident[EI_DATA]) ? 0
		: zfail("cannot encode: %s", elf_errmsg(-1));
	if (!is64)
		free(mem);
	return r;
}

int zpatches_add(struct zpatches *p, GElf_Off off, size_t size, void **buf)
{
	if (p->n == p->cap) {
		size_t cap = p->cap ? 2 * p->cap : 8;
		struct zpatch *v = realloc(p->v, cap * sizeof *v);
		if (!v)
			return zfail("out of memory");
		p->v = v;
		p->cap = cap;
	}
	if (!(*buf = calloc(size ? size : 1, 1)))
		return zfail("out of memory");
	p->v[p->n++] = (struct zpatch){ off, *buf, size };
	return 0;
}

int zpatches_encode(struct zpatches *p, struct zelf *z, GElf_Off off, Elf_Type t,
		    const void *vals, size_t n)
{
	void *buf;
	if (zpatches_add(p, off, gelf_fsize(z->elf, t, n, EV_CURRENT), &buf) < 0)
		return -1;
	return zelf_encode(z, t, vals, n, buf);
}

void zpatches_free(struct zpatches *p)
{
	for (size_t i = 0; i < p->n; i++)
		free(p->v[i].buf);
	free(p->v);
	memset(p, 0, sizeof *p);
}

static int write_all(int fd, const void *buf, size_t size, GElf_Off off)
{
	const char *c = buf;
	while (size) {
		ssize_t w = pwrite(fd, c, size, (off_t)off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return zfail("cannot write: %s", w < 0 ? strerror(errno) : "short write");
		c += w;
		off += (GElf_Off)w;
		size -= (size_t)w;
	}
	return 0;
}

int zelf_write(struct zelf *z, const struct zpatches *p, GElf_Off size)
{
	if (size < z->filesize || size > INT64_MAX)
		return zfail("internal error: the file would shrink or overflow");
	for (size_t i = 0; i < p->n; i++) {
		GElf_Off end;
		if (end_of(p->v[i].off, p->v[i].size, &end) < 0)
			return -1;
		if (end > size)
			return zfail("internal error: a write past the end of the file");
	}
	/* the file written must be the one read (a regular file: a FIFO put
	 * in its place must not block the open) */
	struct stat rd, wr;
	int fd = open(z->path, O_WRONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	if (fd < 0)
		return zfail("cannot open for writing: %s", strerror(errno));
	if (fstat(fd, &wr) < 0 || fstat(z->fd, &rd) < 0) {
		zfail("cannot stat: %s", strerror(errno));
		goto fail;
	}
	if (!S_ISREG(wr.st_mode) || wr.st_dev != rd.st_dev || wr.st_ino != rd.st_ino) {
		zfail("the file changed while it was read");
		goto fail;
	}
	for (size_t i = 0; i < p->n; i++)
		if (write_all(fd, p->v[i].buf, p->v[i].size, p->v[i].off) < 0)
			goto fail;
	if (size != z->filesize && ftruncate(fd, (off_t)size) < 0) {
		zfail("cannot set the size of the file: %s", strerror(errno));
		goto fail;
	}
	if (close(fd) < 0)
		return zfail("cannot write: %s", strerror(errno));
	return 0;
fail:
	close(fd);
	return -1;
}
