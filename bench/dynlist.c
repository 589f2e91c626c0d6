/* bench/dynlist.c: pick ELF files for the benchmarks.
 *
 *   dynlist [-a] [-r | -R] FILE...
 *
 * Prints the path of each FILE that is a regular file (not a symbolic
 * link), is neither set-user-ID nor set-group-ID, is not a second link to
 * a file already printed, and is an x86-64 ELF file with a PT_INTERP
 * program header: a dynamically linked program.  With -a, any x86-64 ELF
 * file with a dynamic section will do (shared libraries too).  With -r,
 * only files whose dynamic section has DT_RPATH or DT_RUNPATH; with -R,
 * only files without.  Files that cannot be read are passed over silently.
 */
#define _GNU_SOURCE
#include <elf.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct id {
	dev_t dev;
	ino_t ino;
};

enum { HAS_INTERP = 1, HAS_DYNAMIC = 2, HAS_RPATH = 4 };

/* Whether a PT_DYNAMIC segment holds DT_RPATH or DT_RUNPATH. */
static int dyn_has_rpath(int fd, const Elf64_Phdr *ph)
{
	Elf64_Dyn d;
	Elf64_Off off;

	for (off = 0; off + sizeof d <= ph->p_filesz; off += sizeof d) {
		if (pread(fd, &d, sizeof d, (off_t)(ph->p_offset + off)) !=
		    (ssize_t)sizeof d || d.d_tag == DT_NULL)
			return 0;
		if (d.d_tag == DT_RPATH || d.d_tag == DT_RUNPATH)
			return 1;
	}
	return 0;
}

/* HAS_* flags of an x86-64 ELF file, 0 for anything else. */
static int kind(int fd)
{
	Elf64_Ehdr eh;
	Elf64_Phdr ph;
	int i, k = 0;

	if (pread(fd, &eh, sizeof eh, 0) != (ssize_t)sizeof eh ||
	    memcmp(eh.e_ident, ELFMAG, SELFMAG) != 0 ||
	    eh.e_ident[EI_CLASS] != ELFCLASS64 || eh.e_machine != EM_X86_64 ||
	    (eh.e_type != ET_EXEC && eh.e_type != ET_DYN) ||
	    eh.e_phentsize != sizeof ph)
		return 0;
	for (i = 0; i < eh.e_phnum; i++) {
		if (pread(fd, &ph, sizeof ph, (off_t)(eh.e_phoff + (Elf64_Off)i * sizeof ph)) !=
		    (ssize_t)sizeof ph)
			return 0;
		if (ph.p_type == PT_INTERP)
			k |= HAS_INTERP;
		if (ph.p_type == PT_DYNAMIC) {
			k |= HAS_DYNAMIC;
			if (dyn_has_rpath(fd, &ph))
				k |= HAS_RPATH;
		}
	}
	return k;
}

int main(int argc, char **argv)
{
	struct id *seen = calloc((size_t)argc, sizeof *seen);
	size_t nseen = 0, k;
	struct stat st;
	int i, fd, dup, flags, want = HAS_INTERP, rpath = 0, opt;

	if (!seen) {
		perror("dynlist");
		return 1;
	}
	while ((opt = getopt(argc, argv, "arR")) != -1) {
		switch (opt) {
		case 'a': want = HAS_DYNAMIC; break;
		case 'r': rpath = 1; break;
		case 'R': rpath = -1; break;
		default:
			fprintf(stderr, "usage: dynlist [-a] [-r | -R] FILE...\n");
			return 2;
		}
	}
	for (i = optind; i < argc; i++) {
		if (lstat(argv[i], &st) < 0 || !S_ISREG(st.st_mode) ||
		    (st.st_mode & (S_ISUID | S_ISGID)))
			continue;
		for (dup = 0, k = 0; k < nseen && !dup; k++)
			dup = seen[k].dev == st.st_dev && seen[k].ino == st.st_ino;
		if (dup)
			continue;
		fd = open(argv[i], O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			continue;
		flags = kind(fd);
		if ((flags & want) &&
		    (rpath == 0 || (rpath > 0) == !!(flags & HAS_RPATH))) {
			seen[nseen].dev = st.st_dev;
			seen[nseen].ino = st.st_ino;
			nseen++;
			printf("%s\n", argv[i]);
		}
		close(fd);
	}
	free(seen);
	return fflush(stdout) ? 1 : 0;
}
