/* libzapp/stamp_io.c: read and write the stamp record (stamp.h) of a
 * jumploader copy, through its section headers (libelf).  The file is only
 * read through libelf; the new record is written by zelf_write (elf_write.c),
 * as every edit of an ELF file is. */
#include "stamp_io.h"
#include "zelf.h"
#include "report.h"

#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <string.h>
#include <unistd.h>

static Elf_Scn *stamp_section(Elf *elf)
{
	size_t shstrndx;
	Elf_Scn *scn = NULL;
	if (elf_kind(elf) != ELF_K_ELF || elf_getshdrstrndx(elf, &shstrndx) < 0)
		return NULL;
	while ((scn = elf_nextscn(elf, scn))) {
		GElf_Shdr sh;
		const char *name;
		if (gelf_getshdr(scn, &sh) && sh.sh_type == SHT_PROGBITS
		    && (name = elf_strptr(elf, shstrndx, sh.sh_name))
		    && strcmp(name, ZAPP_STAMP_SECTION) == 0)
			return scn;
	}
	return NULL;
}

/* The record of elf, and in *off where it is in the file. */
static const struct zapp_stamp *find_stamp(Elf *elf, GElf_Off *off)
{
	Elf_Scn *scn;
	Elf_Data *d;
	GElf_Shdr sh;
	const struct zapp_stamp *st;
	if (!(scn = stamp_section(elf)) || !gelf_getshdr(scn, &sh) || !(d = elf_getdata(scn, NULL))
	    || d->d_size < sizeof *st)
		return zfail("not a zapp jumploader: no %s section", ZAPP_STAMP_SECTION), NULL;
	st = d->d_buf;
	if (strncmp(st->magic, ZAPP_STAMP_MAGIC, sizeof st->magic) != 0)
		return zfail("not a zapp jumploader: the stamp record has no magic"), NULL;
	*off = sh.sh_offset;
	return st;
}

int stamp_read(const char *path, char *target, char *libdir)
{
	int fd;
	Elf *elf = NULL;
	GElf_Off off;
	const struct zapp_stamp *st = NULL;
	elf_version(EV_CURRENT);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return zfail("cannot open: %s", strerror(errno));
	if (!(elf = elf_begin(fd, ELF_C_READ_MMAP, NULL)))
		zfail("cannot read: %s", elf_errmsg(-1));
	else if ((st = find_stamp(elf, &off))) {
		memcpy(target, st->target, ZAPP_STAMP_PATH_MAX);
		memcpy(libdir, st->libdir, ZAPP_STAMP_PATH_MAX);
		target[ZAPP_STAMP_PATH_MAX - 1] = libdir[ZAPP_STAMP_PATH_MAX - 1] = '\0';
	}
	if (elf)
		elf_end(elf);
	close(fd);
	return st ? 0 : -1;
}

int stamp_is_jumploader(const char *path)
{
	char t[ZAPP_STAMP_PATH_MAX], l[ZAPP_STAMP_PATH_MAX];
	return stamp_read(path, t, l) == 0;
}

int stamp_write(const char *path, const char *target, const char *libdir)
{
	struct zelf z;
	struct zpatches p = { 0 };
	const struct zapp_stamp *old;
	struct zapp_stamp *st;
	GElf_Off off;
	int r = -1;
	if (strlen(target) >= ZAPP_STAMP_PATH_MAX || strlen(libdir) >= ZAPP_STAMP_PATH_MAX)
		return zfail("the path to its program is longer than %d bytes", ZAPP_STAMP_PATH_MAX - 1);
	if (zelf_open(&z, path) < 0)
		return -1;
	if ((old = find_stamp(z.elf, &off))
	    && zpatches_add(&p, off, sizeof *st, (void **)&st) == 0) {
		memcpy(st->magic, old->magic, sizeof st->magic);
		memcpy(st->target, target, strlen(target));
		memcpy(st->libdir, libdir, strlen(libdir));
		r = zelf_write(&z, &p, z.filesize);
	}
	zpatches_free(&p);
	zelf_close(&z);
	return r;
}
