/* zapp-assemble/stamp.c: write the stamp record (libzapp/stamp.h) into a
 * copy of the jumploader, found through its section headers. */
#include "assemble.h"
#include "report.h"
#include "stamp.h"

#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <string.h>
#include <unistd.h>

static Elf_Scn *stamp_section(Elf *elf)
{
	size_t shstrndx;
	Elf_Scn *scn = NULL;
	if (elf_getshdrstrndx(elf, &shstrndx) < 0)
		return NULL;
	while ((scn = elf_nextscn(elf, scn))) {
		GElf_Shdr sh;
		const char *name;
		if (gelf_getshdr(scn, &sh) && (name = elf_strptr(elf, shstrndx, sh.sh_name))
		    && strcmp(name, ZAPP_STAMP_SECTION) == 0)
			return scn;
	}
	return NULL;
}

int stamp_jumploader(const char *path, const char *target, const char *libdir)
{
	int fd, r = -1;
	Elf *elf;
	Elf_Scn *scn;
	Elf_Data *d;
	struct zapp_stamp *st;

	if (strlen(target) >= ZAPP_STAMP_PATH_MAX || strlen(libdir) >= ZAPP_STAMP_PATH_MAX)
		return zfail("the path to its program is longer than %d bytes", ZAPP_STAMP_PATH_MAX - 1);
	elf_version(EV_CURRENT);
	if ((fd = open(path, O_RDWR | O_CLOEXEC)) < 0)
		return zfail("cannot open: %s", strerror(errno));
	if (!(elf = elf_begin(fd, ELF_C_RDWR, NULL))) {
		zfail("cannot read: %s", elf_errmsg(-1));
		goto out;
	}
	elf_flagelf(elf, ELF_C_SET, ELF_F_LAYOUT);
	if (!(scn = stamp_section(elf)) || !(d = elf_getdata(scn, NULL)) || d->d_size < sizeof *st) {
		zfail("not a zapp jumploader: no %s section", ZAPP_STAMP_SECTION);
		goto out;
	}
	st = d->d_buf;
	if (strncmp(st->magic, ZAPP_STAMP_MAGIC, sizeof st->magic) != 0) {
		zfail("not a zapp jumploader: the stamp record has no magic");
		goto out;
	}
	memset(st->target, 0, sizeof st->target);
	memset(st->libdir, 0, sizeof st->libdir);
	memcpy(st->target, target, strlen(target));
	memcpy(st->libdir, libdir, strlen(libdir));
	elf_flagdata(d, ELF_C_SET, ELF_F_DIRTY);
	if (elf_update(elf, ELF_C_WRITE) < 0) {
		zfail("cannot write: %s", elf_errmsg(-1));
		goto out;
	}
	r = 0;
out:
	if (elf)
		elf_end(elf);
	close(fd);
	return r;
}
