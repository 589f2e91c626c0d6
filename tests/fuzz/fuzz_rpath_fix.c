/* tests/fuzz/fuzz_rpath_fix.c: XORIGIN -> $ORIGIN on any file.
 *
 * Properties (rpath.h, docs/design.md):
 *  - when rpath_fix_xorigin returns 0 or fails, the file is untouched;
 *  - when it returns n > 0, the file has its size and differs in exactly n
 *    bytes, each an 'X' that became a '$';
 *  - a file elf_info_read accepted before still parses after, with as many
 *    DT_NEEDED and no search-path entry starting with the XORIGIN token
 *    (searchpath_is_origin).
 */
#include "fuzz.h"
#include "rpath.h"
#include "searchpath.h"
#include "zelf.h"

static struct fuzz_file file;

static int has_xorigin_entry(const char *s)
{
	const char *e;
	size_t len;
	for (const char *c = s; searchpath_next(&c, &e, &len); )
		if (searchpath_is_origin(e, len) && e[0] == 'X')
			return 1;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = fuzz_file_put(&file, data, size);
	struct elf_info before, after;
	int before_ok = elf_info_read(path, &before) == 0;
	int n = rpath_fix_xorigin(path);
	size_t outsz;
	unsigned char *out = fuzz_file_get(&file, &outsz);

	if (outsz != size)
		fuzz_fail("the size changed from %zu to %zu (returned %d)", size, outsz, n);
	size_t diff = 0;
	for (size_t i = 0; i < size; i++) {
		if (out[i] == data[i])
			continue;
		if (data[i] != 'X' || out[i] != '$')
			fuzz_fail("byte %zu changed from %#x to %#x", i, data[i], out[i]);
		diff++;
	}
	if (diff != (size_t)(n > 0 ? n : 0))
		fuzz_fail("%zu bytes changed, rpath_fix_xorigin returned %d", diff, n);
	free(out);

	if (before_ok && n > 0) {
		if (elf_info_read(path, &after) < 0)
			fuzz_fail("the edited file no longer parses: %s", zwhy());
		if (after.nneeded != before.nneeded)
			fuzz_fail("DT_NEEDED count changed");
		if ((after.rpath && has_xorigin_entry(after.rpath))
		    || (after.runpath && has_xorigin_entry(after.runpath)))
			fuzz_fail("an XORIGIN entry is left");
		elf_info_free(&after);
	}
	if (before_ok)
		elf_info_free(&before);
	return 0;
}
