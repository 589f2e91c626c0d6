/* tests/unit/interp_direct.c: the table of interpreters a script's
 * launcher may start in direct mode (libzapp/interp_direct.c) is sorted,
 * without duplicates, and holds none of those known to read
 * /proc/self/exe; the $ORIGIN rule. */
#include "interp_direct.h"
#include "tap.h"

#include <string.h>

int main(void)
{
	int sorted = 1;
	for (size_t i = 1; i < interp_direct_count; i++)
		if (strcmp(interp_direct_table[i - 1], interp_direct_table[i]) >= 0)
			sorted = 0;
	ok(interp_direct_count > 0 && !interp_direct_table[interp_direct_count], "the table ends with its count");
	ok(sorted, "sorted by name, no name twice");
	ok(interp_direct_known("dash") && interp_direct_known("bash"), "dash and bash are in it");
	ok(!interp_direct_known("busybox") && !interp_direct_known("perl") && !interp_direct_known("sh")
	   && !interp_direct_known("python3") && !interp_direct_known(""), "busybox, perl, sh, python3 are not");
	ok(interp_direct_origin_same("$ORIGIN/../lib", "bin", "bin"), "the same directory: the same");
	ok(interp_direct_origin_same("$ORIGIN/../lib:${ORIGIN}/../lib/x86_64-linux-gnu", "bin", "sbin"),
	   "bin and sbin: the same lib/");
	ok(!interp_direct_origin_same("$ORIGIN/../lib", "bin", "libexec/sub"), "libexec/sub: another lib/");
	ok(!interp_direct_origin_same("$ORIGIN/../lib", "bin", "."), "the top: climbs out");
	ok(interp_direct_origin_same("/opt/lib:", "bin", "libexec/sub") && interp_direct_origin_same(NULL, "a", "b/c"),
	   "no $ORIGIN entry, or no search path: the same from anywhere");
	ok(!interp_direct_origin_same("$ORIGINx/lib", "bin", "bin") && !interp_direct_origin_same("x/$ORIGIN", "bin", "bin"),
	   "$ORIGIN not as a whole first component: in doubt, no");
	return tap_done();
}
