/* libzapp/rpath_fix.c: XORIGIN -> $ORIGIN in DT_RPATH/DT_RUNPATH, in place. */
#include "rpath.h"
#include "searchpath.h"
#include "zelf.h"
#include "report.h"

#include <stdlib.h>
#include <string.h>

/* Is the entry of len bytes at e one that starts with the placeholder? */
static int starts_with_xorigin(const char *e, size_t len)
{
	return searchpath_is_origin(e, len) && e[0] == 'X';
}

int rpath_fix_string(char *s)
{
	int n = 0;
	const char *e;
	size_t len;
	for (const char *c = s; searchpath_next(&c, &e, &len); )
		if (starts_with_xorigin(e, len)) {
			s[e - s] = '$';
			n++;
		}
	return n;
}

/* The edit is one byte per entry ('X' -> '$'), so it is written as that:
 * the file is read through libelf, and those bytes are written by
 * zelf_write.  (elf_update would also write fill bytes into gaps it sees
 * between sections, which in a file with odd section headers can land on
 * bytes the file needs, even on its ELF header.) */
int rpath_fix_xorigin(const char *path)
{
	struct zelf z;
	struct zpatches p = { 0 };
	GElf_Dyn d;
	GElf_Off base;
	unsigned char *mark = NULL;
	int n = 0;

	if (zelf_open(&z, path) < 0)
		return -1;
	if (zelf_dynstr_check(&z) < 0)
		goto fail;
	for (size_t i = 0; i < z.ndyn; i++) {
		if (zelf_dyn_get(&z, i, &d) < 0)
			goto fail;
		if (d.d_tag != DT_RPATH && d.d_tag != DT_RUNPATH)
			continue;
		const char *s = zelf_dynstr(&z, d.d_un.d_val), *e;
		size_t len;
		if (!s)
			goto fail;
		if (!mark && !(mark = calloc(z.str->d_size, 1))) {
			zfail("out of memory");
			goto fail;
		}
		/* one mark per byte to change: entries of several strings may
		 * start at the same byte */
		for (const char *c = s; searchpath_next(&c, &e, &len); )
			if (starts_with_xorigin(e, len) && !mark[e - (const char *)z.str->d_buf]) {
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
	for (size_t off = 0; off < z.str->d_size; off++) {
		void *buf;
		if (!mark[off])
			continue;
		if (zpatches_add(&p, base + off, 1, &buf) < 0)
			goto fail;
		*(char *)buf = '$';
	}
	if (zelf_write(&z, &p, z.filesize) < 0)
		goto fail;
done:
	zpatches_free(&p);
	free(mark);
	zelf_close(&z);
	return n;
fail:
	zpatches_free(&p);
	free(mark);
	zelf_close(&z);
	return -1;
}
