/* libzapp/rpath_fix.c: XORIGIN -> $ORIGIN in DT_RPATH/DT_RUNPATH, in place. */
#include "rpath.h"
#include "zelf.h"
#include "report.h"

#include <string.h>

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

int rpath_fix_xorigin(const char *path)
{
	struct zelf z;
	GElf_Dyn d;
	int n = 0;

	if (zelf_open(&z, path, 1) < 0)
		return -1;
	for (size_t i = 0; i < z.ndyn; i++) {
		if (zelf_dyn_get(&z, i, &d) < 0)
			goto fail;
		if (d.d_tag != DT_RPATH && d.d_tag != DT_RUNPATH)
			continue;
		const char *s = zelf_dynstr(&z, d.d_un.d_val);
		if (!s)
			goto fail;
		n += rpath_fix_string((char *)s);
	}
	if (n > 0) {
		elf_flagdata(z.str, ELF_C_SET, ELF_F_DIRTY);
		if (zelf_commit(&z) < 0)
			goto fail;
	}
	zelf_close(&z);
	return n;
fail:
	zelf_close(&z);
	return -1;
}
