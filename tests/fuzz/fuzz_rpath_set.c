/* tests/fuzz/fuzz_rpath_set.c: setting a search path on any file.
 *
 * On a copy of the input: a long DT_RPATH (the file must grow), then a
 * short one (in place), then, depending on the input's size, a DT_RUNPATH
 * or no search path at all; last, a DT_NEEDED made the first one (with a
 * long DT_RPATH in the same write, or the search path left alone: the
 * other DT_NEEDED keep their order).  After each edit that succeeds, on a file that
 * elf_info_read accepted before:
 *  - it still parses; the search path reads back as set, the other kind is
 *    gone; DT_NEEDED, DT_SONAME and PT_INTERP are unchanged;
 *  - if the jumploader's checks (jumploader/elf_check.c) accepted the file
 *    as a loadable image before, they accept it after.
 * And whatever the input, no edit tries to write a file of more than
 * FILE_LIMIT bytes (inputs are at most 64 KiB): the limit is set with
 * RLIMIT_FSIZE, and a write past it raises SIGXFSZ, caught here.
 */
#include "fuzz.h"
#include "elf_check.h"
#include "rpath.h"
#include "zelf.h"

#include <signal.h>
#include <sys/resource.h>

#define FILE_LIMIT (64 << 20)

static volatile sig_atomic_t too_big;

static void on_xfsz(int sig)
{
	(void)sig;
	too_big = 1;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct rlimit rl = { FILE_LIMIT, FILE_LIMIT };
	(void)argc; (void)argv;
	signal(SIGXFSZ, on_xfsz);
	if (setrlimit(RLIMIT_FSIZE, &rl) < 0)
		abort();
	return 0;
}

static void set(const char *path, GElf_Sxword tag, const char *value, int *r)
{
	too_big = 0;
	*r = rpath_set(path, tag, value);
	if (too_big)
		fuzz_fail("rpath_set tried to write a file of more than %d bytes", FILE_LIMIT);
}

static struct fuzz_file file;

static const char long_path[] =
	"$ORIGIN/../lib:$ORIGIN/../lib/x86_64-linux-gnu:$ORIGIN/../../lib/private"
	":$ORIGIN/../share/app/plugins/with/a/rather/long/directory/name/to/force/growth"
	":$ORIGIN/../libexec/app/more/directories/than/any/table/has/room/for";

static int same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static int loadable(const char *path)
{
	static struct zelf_phdr ph[ZELF_PHNUM_MAX];
	struct zelf_ehdr eh;
	struct zelf_info info;
	size_t size;
	unsigned char *buf = fuzz_file_get(&file, &size);
	(void)path;
	int ok = zelf_check_file(buf, size, ZELF_CLASS64, ZELF_EM_X86_64, 4096, &eh, ph, &info) == ZELF_OK;
	free(buf);
	return ok;
}

static const uint8_t *input;
static size_t input_size;

/* One edit and its checks; a failed edit leaves a file to throw away, so
 * the next edit starts again from the input. */
static void check_edit(const char *path, const struct elf_info *before, int was_loadable,
		       GElf_Sxword tag, const char *value, const char *what)
{
	struct elf_info after;
	int r;
	set(path, tag, value, &r);
	if (r < 0) {
		fuzz_file_put(&file, input, input_size);
		return;
	}
	if (elf_info_read(path, &after) < 0)
		fuzz_fail("%s: the edited file no longer parses: %s", what, zwhy());
	const char *want_rpath = tag == DT_RPATH ? value : NULL;
	const char *want_runpath = tag == DT_RUNPATH ? value : NULL;
	if (!same(after.rpath, want_rpath) || !same(after.runpath, want_runpath))
		fuzz_fail("%s: reads back RPATH [%s] RUNPATH [%s]", what,
			  after.rpath ? after.rpath : "(none)", after.runpath ? after.runpath : "(none)");
	if (after.nneeded != before->nneeded)
		fuzz_fail("%s: %zu DT_NEEDED, %zu before", what, after.nneeded, before->nneeded);
	for (size_t i = 0; i < after.nneeded; i++)
		if (strcmp(after.needed[i], before->needed[i]) != 0)
			fuzz_fail("%s: DT_NEEDED %zu is [%s], was [%s]", what, i, after.needed[i], before->needed[i]);
	if (!same(after.soname, before->soname) || !same(after.interp, before->interp))
		fuzz_fail("%s: DT_SONAME or PT_INTERP changed", what);
	if (after.machine != before->machine || after.type != before->type
	    || after.elfclass != before->elfclass)
		fuzz_fail("%s: the ELF header changed", what);
	elf_info_free(&after);
	if (was_loadable && !loadable(path))
		fuzz_fail("%s: the jumploader's checks accepted the file before, not after", what);
}

/* The DT_NEEDED edit: the name first, the others as they were, in order;
 * the search path set, or as it was. */
static void check_needed(const char *path, const struct elf_info *before, int was_loadable, int with_path)
{
	static const char name[] = "libzapp-rt.so.1";
	struct dyn_edit d = { .set_path = with_path, .tag = DT_RPATH, .value = long_path, .needed = name };
	struct elf_info was, after;
	if (elf_info_read(path, &was) < 0)
		return;
	too_big = 0;
	int r = dyn_edit(path, &d);
	if (too_big)
		fuzz_fail("dyn_edit tried to write a file of more than %d bytes", FILE_LIMIT);
	if (r < 0) {
		elf_info_free(&was);
		return;
	}
	if (elf_info_read(path, &after) < 0)
		fuzz_fail("DT_NEEDED: the edited file no longer parses: %s", zwhy());
	if (!after.nneeded || strcmp(after.needed[0], name) != 0)
		fuzz_fail("DT_NEEDED: %s is not the first one", name);
	size_t k = 1;
	int front = 0;
	for (size_t i = 0; i < was.nneeded; i++) {
		/* the first entry of the name is the one in front now (it was
		 * already, or it moved there); another of the same name keeps
		 * its place, as any other entry */
		if (!front && strcmp(was.needed[i], name) == 0) {
			front = 1;
			continue;
		}
		if (k >= after.nneeded || strcmp(after.needed[k], was.needed[i]) != 0)
			fuzz_fail("DT_NEEDED: [%s] is not kept in its order", was.needed[i]);
		k++;
	}
	if (k != after.nneeded)
		fuzz_fail("DT_NEEDED: %zu entries, %zu expected", after.nneeded, k);
	if (with_path ? !same(after.rpath, long_path) || after.runpath
		      : !same(after.rpath, was.rpath) || !same(after.runpath, was.runpath))
		fuzz_fail("DT_NEEDED: the search path is not what it should be");
	if (!same(after.soname, before->soname) || !same(after.interp, before->interp))
		fuzz_fail("DT_NEEDED: DT_SONAME or PT_INTERP changed");
	elf_info_free(&after);
	elf_info_free(&was);
	if (was_loadable && !loadable(path))
		fuzz_fail("DT_NEEDED: the jumploader's checks accepted the file before, not after");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = fuzz_file_put(&file, data, size);
	struct elf_info before;

	if (elf_info_read(path, &before) < 0) {
		/* it must fail or succeed cleanly */
		int r;
		set(path, DT_RPATH, long_path, &r);
		return 0;
	}
	int was_loadable = loadable(path);
	input = data;
	input_size = size;
	check_edit(path, &before, was_loadable, DT_RPATH, long_path, "long DT_RPATH");
	check_edit(path, &before, was_loadable, DT_RPATH, "$ORIGIN", "short DT_RPATH");
	if (size % 2)
		check_edit(path, &before, was_loadable, DT_RUNPATH, "$ORIGIN/../lib", "DT_RUNPATH");
	else
		check_edit(path, &before, was_loadable, DT_RPATH, NULL, "removal");
	check_needed(path, &before, was_loadable, size % 3 == 0);
	elf_info_free(&before);
	return 0;
}
