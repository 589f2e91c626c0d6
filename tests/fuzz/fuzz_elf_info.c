/* tests/fuzz/fuzz_elf_info.c: reading the headers of any file.
 *
 * elf_info_read, zelf_open and the walk of the dynamic table, the string
 * lookups, address translation, the shared-string test and the stamp
 * record reader, on arbitrary bytes.  Properties: nothing crashes or reads
 * out of bounds (ASan), and what elf_info_read reports agrees with a walk
 * of the dynamic table through zelf_open.
 */
#include "fuzz.h"
#include "stamp_io.h"
#include "zelf.h"

static struct fuzz_file file;

static void walk_dynamic(const char *path, const struct elf_info *info, int info_ok)
{
	struct zelf z;
	GElf_Dyn d;
	size_t nneeded = 0;

	if (zelf_open(&z, path) < 0) {
		if (info_ok)
			fuzz_fail("elf_info_read accepted what zelf_open refuses");
		return;
	}
	if (z.ndyn > z.dyn_cap)
		fuzz_fail("ndyn %zu > dyn_cap %zu", z.ndyn, z.dyn_cap);
	for (size_t i = 0; i < z.ndyn; i++) {
		if (zelf_dyn_get(&z, i, &d) < 0)
			fuzz_fail("entry %zu of %zu cannot be read", i, z.ndyn);
		if (d.d_tag == DT_NULL)
			fuzz_fail("DT_NULL at %zu inside ndyn %zu", i, z.ndyn);
		if (d.d_tag == DT_NEEDED || d.d_tag == DT_RPATH || d.d_tag == DT_RUNPATH
		    || d.d_tag == DT_SONAME) {
			const char *s = zelf_dynstr(&z, d.d_un.d_val);
			if (s) {
				size_t l = strlen(s);
				if (d.d_un.d_val + l >= z.str->d_size)
					fuzz_fail("string at %llu runs past the table",
						  (unsigned long long)d.d_un.d_val);
				if (d.d_tag == DT_NEEDED && info_ok) {
					if (nneeded >= info->nneeded || strcmp(s, info->needed[nneeded]) != 0)
						fuzz_fail("DT_NEEDED %zu differs from elf_info_read's", nneeded);
				}
				(void)zelf_dynstr_shared(&z, d.d_un.d_val, NULL, 0);
			} else if (info_ok) {
				fuzz_fail("elf_info_read accepted an unreadable string");
			}
			if (d.d_tag == DT_NEEDED)
				nneeded++;
		}
	}
	if (info_ok && nneeded != info->nneeded)
		fuzz_fail("%zu DT_NEEDED in the table, %zu from elf_info_read", nneeded, info->nneeded);
	(void)zelf_dyn_get(&z, z.dyn_cap, &d);	/* out of range: must fail cleanly */
	(void)zelf_dyn_find(&z, DT_STRTAB, &d);
	GElf_Off off;
	(void)zelf_vaddr_to_offset(&z, z.ehdr.e_entry, &off);
	(void)zelf_vaddr_to_offset(&z, (GElf_Addr)-1, &off);
	(void)zelf_dynstr(&z, (GElf_Xword)-1);
	zelf_close(&z);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = fuzz_file_put(&file, data, size);
	struct elf_info info;
	char target[ZAPP_STAMP_PATH_MAX], libdir[ZAPP_STAMP_PATH_MAX];

	int info_ok = elf_info_read(path, &info) == 0;
	if (info_ok) {
		for (size_t i = 0; i < info.nneeded; i++)
			if (!info.needed[i])
				fuzz_fail("needed[%zu] is NULL", i);
		if (info.needed && info.needed[info.nneeded])
			fuzz_fail("needed[] is not NULL-terminated");
		(void)elf_role_of(&info);
	}
	walk_dynamic(path, &info, info_ok);
	if (info_ok)
		elf_info_free(&info);

	if (stamp_read(path, target, libdir) == 0) {
		if (!memchr(target, '\0', sizeof target) || !memchr(libdir, '\0', sizeof libdir))
			fuzz_fail("stamp_read returned an unterminated path");
	}
	return 0;
}
