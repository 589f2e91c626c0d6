/* libzapp/rpath_fix.c: XORIGIN -> $ORIGIN in DT_RPATH/DT_RUNPATH, in place. */
#include "rpath.h"
#include "zelf.h"
#include "report.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int rpath_fix_string(char *s)
{
	int n = 0;
	for (char *entry = s; entry; ) {
		if (strncmp(entry, "XORIGIN", 7) == 0) {
			entry[0] = '$';
			n++;
		}
		entry = strchr(entry, ':');
		if (entry)
			entry++;
	}
	return n;
}

/* The edit is one byte per entry ('X' -> '$'), so it is written as that:
 * the file is read through libelf, and only those bytes are written with
 * pwrite.  (elf_update would also write fill bytes into gaps it sees
 * between sections, which in a file with odd section headers can land on
 * bytes the file needs, even on its ELF header.) */
int rpath_fix_xorigin(const char *path)
{
	struct zelf z;
	GElf_Dyn d;
	GElf_Off base;
	unsigned char *mark = NULL;
	int n = 0, fd = -1;

	if (zelf_open(&z, path, 0) < 0)
		return -1;
	for (size_t i = 0; i < z.ndyn; i++) {
		if (zelf_dyn_get(&z, i, &d) < 0)
			goto fail;
		if (d.d_tag != DT_RPATH && d.d_tag != DT_RUNPATH)
			continue;
		const char *s = zelf_dynstr(&z, d.d_un.d_val);
		if (!s)
			goto fail;
		if (!mark && !(mark = calloc(z.str->d_size, 1))) {
			zfail("out of memory");
			goto fail;
		}
		/* one mark per byte to change: entries of several strings may
		 * start at the same byte */
		for (const char *e = s; e; e = strchr(e, ':') ? strchr(e, ':') + 1 : NULL)
			if (strncmp(e, "XORIGIN", 7) == 0 && !mark[e - (const char *)z.str->d_buf]) {
				mark[e - (const char *)z.str->d_buf] = 1;
				n++;
			}
	}
	if (n == 0)
		goto done;
	if (zelf_dyn_find(&z, DT_STRTAB, &d) < 0 || zelf_vaddr_to_offset(&z, d.d_un.d_ptr, &base) < 0) {
		zfail("the dynamic string table is not in the file");
		goto fail;
	}
	if ((fd = open(path, O_WRONLY | O_CLOEXEC)) < 0) {
		zfail("cannot open for writing: %s", strerror(errno));
		goto fail;
	}
	errno = 0;
	for (size_t off = 0; off < z.str->d_size; off++)
		if (mark[off] && pwrite(fd, "$", 1, (off_t)(base + off)) != 1) {
			zfail("cannot write: %s", errno ? strerror(errno) : "short write");
			goto fail;
		}
	if (close(fd) < 0) {
		fd = -1;
		zfail("cannot write: %s", strerror(errno));
		goto fail;
	}
	fd = -1;
done:
	free(mark);
	zelf_close(&z);
	return n;
fail:
	if (fd >= 0)
		close(fd);
	free(mark);
	zelf_close(&z);
	return -1;
}
