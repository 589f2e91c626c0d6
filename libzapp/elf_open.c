/* libzapp/elf_open.c: open an ELF file through libelf and locate its
 * dynamic table and dynamic string table.  See zelf.h. */
#include "zelf.h"
#include "report.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int zelf_is_elf_file(const char *path)
{
	struct stat st;
	char magic[SELFMAG];
	int fd, ok;
	if (stat(path, &st) < 0 || !S_ISREG(st.st_mode))
		return 0;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)) < 0)
		return 0;
	ok = read(fd, magic, SELFMAG) == SELFMAG && memcmp(magic, ELFMAG, SELFMAG) == 0;
	close(fd);
	return ok;
}

static int libelf_ready(void)
{
	static int ready;
	if (!ready) {
		if (elf_version(EV_CURRENT) == EV_NONE)
			return zfail("libelf is too old: %s", elf_errmsg(-1));
		ready = 1;
	}
	return 0;
}

int zelf_vaddr_to_offset(struct zelf *z, GElf_Addr vaddr, GElf_Off *off)
{
	for (size_t i = 0; i < z->phnum; i++) {
		GElf_Phdr ph;
		if (!gelf_getphdr(z->elf, (int)i, &ph) || ph.p_type != PT_LOAD)
			continue;
		if (vaddr >= ph.p_vaddr && vaddr - ph.p_vaddr < ph.p_filesz) {
			*off = ph.p_offset + (vaddr - ph.p_vaddr);
			return 0;
		}
	}
	return zfail("address %#llx is not inside any loaded part of the file",
		     (unsigned long long)vaddr);
}

/* The section that starts at file offset off with the given type, if any. */
static Elf_Scn *section_at(struct zelf *z, GElf_Off off, GElf_Word type)
{
	Elf_Scn *scn = NULL;
	while ((scn = elf_nextscn(z->elf, scn))) {
		GElf_Shdr sh;
		if (gelf_getshdr(scn, &sh) && sh.sh_type == type && sh.sh_offset == off)
			return scn;
	}
	return NULL;
}

/* Data for [off, off+size) of type t: the section's own data when the range
 * is exactly a section (so edits can be written back), else a raw chunk. */
static Elf_Data *region(struct zelf *z, GElf_Off off, size_t size, Elf_Type t,
			GElf_Word shtype, Elf_Scn **scnp)
{
	GElf_Shdr sh;
	Elf_Scn *scn = z->shnum ? section_at(z, off, shtype) : NULL;
	*scnp = NULL;
	if (scn && gelf_getshdr(scn, &sh) && sh.sh_size >= size) {
		Elf_Data *d = elf_getdata(scn, NULL);
		if (d && d->d_size >= size) {
			*scnp = scn;
			return d;
		}
	}
	return elf_getdata_rawchunk(z->elf, (int64_t)off, size, t);
}

static int find_dynamic(struct zelf *z)
{
	size_t entsize = gelf_fsize(z->elf, ELF_T_DYN, 1, EV_CURRENT);
	GElf_Dyn d;

	for (size_t i = 0; i < z->phnum; i++) {
		GElf_Phdr ph;
		if (gelf_getphdr(z->elf, (int)i, &ph) && ph.p_type == PT_DYNAMIC) {
			z->dyn_phdr = ph;
			z->has_dynamic = 1;
			break;
		}
	}
	if (!z->has_dynamic)
		return 0;

	GElf_Phdr *ph = &z->dyn_phdr;
	if (ph->p_filesz < entsize)
		return zfail("the dynamic section is empty");
	z->dyn = region(z, ph->p_offset, ph->p_filesz, ELF_T_DYN, SHT_DYNAMIC, &z->dyn_scn);
	if (!z->dyn)
		return zfail("the dynamic section cannot be read: %s",
			     elf_errmsg(-1));
	z->dyn_cap = z->dyn->d_size / entsize;
	z->ndyn = z->dyn_cap;
	for (size_t i = 0; i < z->dyn_cap; i++) {
		if (!gelf_getdyn(z->dyn, (int)i, &d))
			return zfail("the dynamic section is corrupt: %s", elf_errmsg(-1));
		if (d.d_tag == DT_NULL) {
			z->ndyn = i;
			break;
		}
	}

	GElf_Dyn strtab, strsz;
	if (zelf_dyn_find(z, DT_STRTAB, &strtab) < 0) {
		if (zelf_dyn_find(z, DT_NEEDED, &d) >= 0 || zelf_dyn_find(z, DT_RPATH, &d) >= 0
		    || zelf_dyn_find(z, DT_RUNPATH, &d) >= 0)
			return zfail("the dynamic section names strings but has no DT_STRTAB");
		return 0;
	}
	if (zelf_dyn_find(z, DT_STRSZ, &strsz) < 0)
		return zfail("the dynamic section has DT_STRTAB but no DT_STRSZ");
	GElf_Off off;
	if (zelf_vaddr_to_offset(z, strtab.d_un.d_ptr, &off) < 0)
		return zfail("the dynamic string table is not in the file: %s", zwhy());
	z->str = region(z, off, strsz.d_un.d_val, ELF_T_BYTE, SHT_STRTAB, &z->str_scn);
	if (!z->str)
		return zfail("the dynamic string table cannot be read: %s",
			     elf_errmsg(-1));
	z->strsz = strsz.d_un.d_val;
	return 0;
}

/* Every program header must be readable, and every part of the file a
 * segment maps must be in the file: a truncated file is refused here,
 * before anything is taken from it. */
static int check_segments(struct zelf *z)
{
	/* libelf reports no program headers at all when the table does not
	 * fit in the file: count them from the ELF header. */
	GElf_Off table = (GElf_Off)z->ehdr.e_phnum * z->ehdr.e_phentsize;
	if (z->ehdr.e_phnum != PN_XNUM && z->phnum != z->ehdr.e_phnum)
		return zfail("truncated: the program header table (%u entries at byte %llu) runs past the end of the file (%llu bytes)",
			     z->ehdr.e_phnum, (unsigned long long)z->ehdr.e_phoff,
			     (unsigned long long)z->filesize);
	if (z->phnum && (z->ehdr.e_phoff > z->filesize || table > z->filesize - z->ehdr.e_phoff))
		return zfail("truncated: the program header table runs past the end of the file");
	for (size_t i = 0; i < z->phnum; i++) {
		GElf_Phdr ph;
		if (!gelf_getphdr(z->elf, (int)i, &ph))
			return zfail("truncated or corrupt: program header %zu cannot be read (%s)",
				     i, elf_errmsg(-1));
		if (ph.p_type == PT_NULL || ph.p_filesz == 0)
			continue;
		if (ph.p_offset > z->filesize || ph.p_filesz > z->filesize - ph.p_offset)
			return zfail("truncated: segment %zu ends at byte %llu, past the end of the file (%llu bytes)",
				     i, (unsigned long long)(ph.p_offset + ph.p_filesz),
				     (unsigned long long)z->filesize);
	}
	return 0;
}

int zelf_open(struct zelf *z, const char *path)
{
	memset(z, 0, sizeof *z);
	z->path = path;
	z->fd = -1;
	if (libelf_ready() < 0)
		return -1;
	/* O_NONBLOCK: a FIFO must not block the open; anything but a regular
	 * file is refused before a byte is read. */
	z->fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	if (z->fd < 0)
		return zfail("cannot open: %s", strerror(errno));
	struct stat st;
	if (fstat(z->fd, &st) < 0) {
		zfail("cannot stat: %s", strerror(errno));
		goto fail;
	}
	if (!S_ISREG(st.st_mode)) {
		zfail("not a regular file");
		goto fail;
	}
	z->filesize = (GElf_Off)st.st_size;
	z->elf = elf_begin(z->fd, ELF_C_READ_MMAP, NULL);
	if (!z->elf) {
		zfail("cannot read: %s", elf_errmsg(-1));
		goto fail;
	}
	if (elf_kind(z->elf) != ELF_K_ELF) {
		zfail("not an ELF file");
		goto fail;
	}
	if (!gelf_getehdr(z->elf, &z->ehdr) || elf_getphdrnum(z->elf, &z->phnum) < 0
	    || elf_getshdrnum(z->elf, &z->shnum) < 0) {
		zfail("corrupt ELF headers: %s", elf_errmsg(-1));
		goto fail;
	}
	if (z->shnum == 1)
		z->shnum = 0;	/* only the null section: nothing to use */
	if (check_segments(z) < 0)
		goto fail;
	if (find_dynamic(z) < 0)
		goto fail;
	return 0;
fail:
	zelf_close(z);
	return -1;
}

void zelf_close(struct zelf *z)
{
	if (z->elf)
		elf_end(z->elf);
	if (z->fd >= 0)
		close(z->fd);
	z->elf = NULL;
	z->fd = -1;
}

int zelf_dyn_get(struct zelf *z, size_t i, GElf_Dyn *d)
{
	if (i >= z->dyn_cap || !gelf_getdyn(z->dyn, (int)i, d))
		return zfail("dynamic entry %zu is out of range", i);
	return 0;
}

long zelf_dyn_find(struct zelf *z, GElf_Sxword tag, GElf_Dyn *d)
{
	for (size_t i = 0; i < z->ndyn; i++)
		if (gelf_getdyn(z->dyn, (int)i, d) && d->d_tag == tag)
			return (long)i;
	return -1;
}

const char *zelf_dynstr(struct zelf *z, GElf_Xword off)
{
	size_t size = z->str && z->str->d_size < z->strsz ? z->str->d_size : z->strsz;
	if (!z->str || off >= size)
		return zfail("string offset %llu is outside the dynamic string table",
			     (unsigned long long)off), NULL;
	const char *s = (const char *)z->str->d_buf + off;
	if (!memchr(s, '\0', size - off))
		return zfail("the string at offset %llu is not terminated",
			     (unsigned long long)off), NULL;
	return s;
}
