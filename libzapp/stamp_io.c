/* libzapp/stamp_io.c: read and write the stamp record (stamp.h) of a
 * jumploader copy, through its section headers (libelf). */
#include "stamp_io.h"
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

/* Open path and find its record; *elfp and *fdp to be closed by the caller. */
static struct zapp_stamp *open_stamp(const char *path, int writable, int *fdp, Elf **elfp, Elf_Data **datap)
{
	Elf_Scn *scn;
	Elf_Data *d;
	struct zapp_stamp *st;
	*elfp = NULL;
	elf_version(EV_CURRENT);
	if ((*fdp = open(path, (writable ? O_RDWR : O_RDONLY) | O_CLOEXEC)) < 0)
		return zfail("cannot open: %s", strerror(errno)), NULL;
	if (!(*elfp = elf_begin(*fdp, writable ? ELF_C_RDWR : ELF_C_READ_MMAP, NULL)))
		return zfail("cannot read: %s", elf_errmsg(-1)), NULL;
	if (writable)
		elf_flagelf(*elfp, ELF_C_SET, ELF_F_LAYOUT);
	if (!(scn = stamp_section(*elfp)) || !(d = elf_getdata(scn, NULL)) || d->d_size < sizeof *st)
		return zfail("not a zapp jumploader: no %s section", ZAPP_STAMP_SECTION), NULL;
	st = d->d_buf;
	if (strncmp(st->magic, ZAPP_STAMP_MAGIC, sizeof st->magic) != 0)
		return zfail("not a zapp jumploader: the stamp record has no magic"), NULL;
	*datap = d;
	return st;
}

static void close_stamp(int fd, Elf *elf)
{
	if (elf)
		elf_end(elf);
	if (fd >= 0)
		close(fd);
}

int stamp_read(const char *path, char *target, char *libdir)
{
	int fd;
	Elf *elf;
	Elf_Data *d;
	struct zapp_stamp *st = open_stamp(path, 0, &fd, &elf, &d);
	if (st) {
		memcpy(target, st->target, ZAPP_STAMP_PATH_MAX);
		memcpy(libdir, st->libdir, ZAPP_STAMP_PATH_MAX);
		target[ZAPP_STAMP_PATH_MAX - 1] = libdir[ZAPP_STAMP_PATH_MAX - 1] = '\0';
	}
	close_stamp(fd, elf);
	return st ? 0 : -1;
}

int stamp_is_jumploader(const char *path)
{
	char t[ZAPP_STAMP_PATH_MAX], l[ZAPP_STAMP_PATH_MAX];
	return stamp_read(path, t, l) == 0;
}

int stamp_write(const char *path, const char *target, const char *libdir)
{
	int fd, r = -1;
	Elf *elf;
	Elf_Data *d;
	struct zapp_stamp *st;
	if (strlen(target) >= ZAPP_STAMP_PATH_MAX || strlen(libdir) >= ZAPP_STAMP_PATH_MAX)
		return zfail("the path to its program is longer than %d bytes", ZAPP_STAMP_PATH_MAX - 1);
	if ((st = open_stamp(path, 1, &fd, &elf, &d))) {
		memset(st->target, 0, sizeof st->target);
		memset(st->libdir, 0, sizeof st->libdir);
		memcpy(st->target, target, strlen(target));
		memcpy(st->libdir, libdir, strlen(libdir));
		elf_flagdata(d, ELF_C_SET, ELF_F_DIRTY);
		if (elf_update(elf, ELF_C_WRITE) < 0)
			zfail("cannot write: %s", elf_errmsg(-1));
		else
			r = 0;
	}
	close_stamp(fd, elf);
	return r;
}
