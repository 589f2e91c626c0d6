/* tests/fuzz/fuzz_launch_check.c: the verdict zapp-check and zapp-assemble
 * give (launch_check, libzapp/launch_check.c) against the jumploader's own
 * checks (jumploader/elf_check.c) on the whole file in memory.
 *
 * Properties, for any bytes:
 *  - as a program: launch_check accepts the file exactly when
 *    zelf_check_file does (headers, segments, PT_INTERP string); as a
 *    loader, exactly when the headers and segments pass and there is no
 *    PT_INTERP (the jumploader does not read a loader's PT_INTERP string:
 *    having one is refusal enough);
 *  - a refusal gives the jumploader's words: zelf_strerror_for of the error
 *    found (with the machine numbers for ZELF_E_MACHINE), or, for a loader,
 *    "it asks for a loader itself (PT_INTERP)".
 */
#include "fuzz.h"
#include "elf_check.h"
#include "launch_check.h"
#include "target.h"

static struct fuzz_file file;
static struct zelf_phdr ph[ZELF_PHNUM_MAX];

static void describe(int err, const struct zelf_ehdr *eh, const struct target *t, char *out, size_t len)
{
	if (err == ZELF_E_MACHINE)
		snprintf(out, len, "wrong architecture (ELF machine %u, expected %u for %s)",
			 eh->machine, t->machine, t->name);
	else
		snprintf(out, len, "%s", zelf_strerror_for(err, t->elfclass));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct target *t = target_build();
	const char *path = fuzz_file_put(&file, data, size);
	struct zelf_ehdr eh = { .machine = 0 };
	struct zelf_info info = { .has_interp = 0 };
	char want[256];

	/* the program: everything; the loader: headers and segments */
	int err_prog = zelf_check_file(data, size, t->elfclass, t->machine, t->page_size, &eh, ph, &info);
	int err_ld = zelf_check_ehdr(data, size, size, t->elfclass, t->machine, &eh);
	if (!err_ld)
		err_ld = zelf_check_phdrs(&eh, data + eh.phoff, size, t->page_size, ph, &info);

	for (int role = LAUNCH_PROGRAM; role <= LAUNCH_LOADER; role++) {
		int err = role == LAUNCH_PROGRAM ? err_prog : err_ld;
		int refused = launch_check(path, (enum launch_role)role, t) < 0;
		const char *why = refused ? zwhy() : "";
		int interp = role == LAUNCH_LOADER && !err && info.has_interp;
		if (err)
			describe(err, &eh, t, want, sizeof want);
		else
			snprintf(want, sizeof want, "%s", interp ? "it asks for a loader itself (PT_INTERP)" : "ok");
		if (refused != (err || interp))
			fuzz_fail("%s: launch_check says \"%s\", the jumploader's checks \"%s\"",
				  role == LAUNCH_LOADER ? "loader" : "program", refused ? why : "ok", want);
		if (refused && strcmp(why, want) != 0)
			fuzz_fail("%s: refused as \"%s\", the jumploader says \"%s\"",
				  role == LAUNCH_LOADER ? "loader" : "program", why, want);
	}
	return 0;
}
