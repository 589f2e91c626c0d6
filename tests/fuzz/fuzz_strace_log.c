/* tests/fuzz/fuzz_strace_log.c: reading any text as an strace log
 * (zapp-assemble --from-strace, zapp-assemble/strace_log.c).
 *
 * Properties: strace_log_read returns; every path it gives is absolute,
 * shorter than PATH_MAX and holds no NUL byte; a log it refuses gives
 * none.
 */
#include "fuzz.h"
#include "../../zapp-assemble/strace_log.h"

#include <limits.h>

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	zapp_prog = "fuzz_strace_log";
	zapp_quiet = 1;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct strlist paths = { 0 };
	FILE *f = fmemopen(size ? (void *)data : (void *)"", size ? size : 1, "r");
	if (!f)
		abort();
	int r = strace_log_read(f, "log", &paths);
	fclose(f);
	for (size_t i = 0; i < paths.n; i++) {
		size_t l = strlen(paths.v[i]);
		if (paths.v[i][0] != '/')
			fuzz_fail("a path that is not absolute: %s", paths.v[i]);
		if (l >= PATH_MAX)
			fuzz_fail("a path of %zu bytes", l);
	}
	if (r < 0 && paths.n)
		fuzz_fail("a refused log gave %zu paths", paths.n);
	strlist_free(&paths);
	return 0;
}
