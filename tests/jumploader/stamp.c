/* tests/jumploader/stamp.c: write a stamp record (libzapp/stamp.h) into a
 * copy of the jumploader, as zapp-assemble will, for the tests.
 *
 *   stamp FILE TARGET LIBDIR    set the target and library paths
 *   stamp --show FILE           print magic, target and libdir, one a line
 *   stamp --bad-magic FILE      spoil the magic
 *   stamp --unterminated FILE   fill the target with non-NUL bytes
 *
 * The section is found through the section headers, with libelf.
 */
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "stamp.h"

static void die(const char *what)
{
	fprintf(stderr, "stamp: %s\n", what);
	exit(2);
}

/* The file offset of the .zapp_stamp section of the ELF file open on fd. */
static off_t find_stamp(int fd)
{
	Elf *elf;
	Elf_Scn *scn = NULL;
	size_t shstrndx;
	off_t off = -1;

	if (elf_version(EV_CURRENT) == EV_NONE)
		die("libelf is too old");
	elf = elf_begin(fd, ELF_C_READ, NULL);
	if (!elf || elf_kind(elf) != ELF_K_ELF)
		die("not an ELF file");
	if (elf_getshdrstrndx(elf, &shstrndx) != 0)
		die(elf_errmsg(-1));
	while ((scn = elf_nextscn(elf, scn))) {
		GElf_Shdr sh;
		const char *name;

		if (!gelf_getshdr(scn, &sh))
			die(elf_errmsg(-1));
		name = elf_strptr(elf, shstrndx, sh.sh_name);
		if (name && !strcmp(name, ZAPP_STAMP_SECTION)) {
			if (sh.sh_type != SHT_PROGBITS ||
			    sh.sh_size != sizeof(struct zapp_stamp))
				die("the stamp section has the wrong size");
			off = (off_t)sh.sh_offset;
		}
	}
	elf_end(elf);
	if (off < 0)
		die("no " ZAPP_STAMP_SECTION " section");
	return off;
}

int main(int argc, char **argv)
{
	struct zapp_stamp s;
	const char *file;
	int fd;
	off_t off;

	if (argc == 3 && argv[1][0] == '-')
		file = argv[2];
	else if (argc == 4)
		file = argv[1];
	else
		die("usage: stamp FILE TARGET LIBDIR | --show|--bad-magic|--unterminated FILE");
	fd = open(file, O_RDWR);
	if (fd < 0) {
		perror(file);
		return 2;
	}
	off = find_stamp(fd);
	if (pread(fd, &s, sizeof s, off) != sizeof s)
		die("cannot read the stamp");

	if (!strcmp(argv[1], "--show")) {
		printf("%.16s\n%.*s\n%.*s\n", s.magic, ZAPP_STAMP_PATH_MAX,
		       s.target, ZAPP_STAMP_PATH_MAX, s.libdir);
		return 0;
	} else if (!strcmp(argv[1], "--bad-magic")) {
		memcpy(s.magic, "NOT-A-STAMP", 12);
	} else if (!strcmp(argv[1], "--unterminated")) {
		memset(s.target, 'a', sizeof s.target);
	} else if (argc == 4) {
		if (strlen(argv[2]) >= ZAPP_STAMP_PATH_MAX ||
		    strlen(argv[3]) >= ZAPP_STAMP_PATH_MAX)
			die("path too long for the stamp record");
		memset(&s, 0, sizeof s);
		memcpy(s.magic, ZAPP_STAMP_MAGIC, sizeof ZAPP_STAMP_MAGIC);
		strcpy(s.target, argv[2]);
		strcpy(s.libdir, argv[3]);
	} else {
		die("unknown option");
	}
	if (pwrite(fd, &s, sizeof s, off) != sizeof s || close(fd))
		die("cannot write the stamp");
	return 0;
}
