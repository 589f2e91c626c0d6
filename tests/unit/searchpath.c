/* Unit tests: rpath expansion and path arithmetic. */
#include "searchpath.h"
#include "tap.h"

static const char *rel(const char *from, const char *to)
{
	static char out[4096];
	return path_relative(from, to, out, sizeof out) < 0 ? "ERR" : out;
}

static const char *norm(const char *in)
{
	static char out[4096];
	return path_normalize(in, out, sizeof out) < 0 ? "ERR" : out;
}

int main(void)
{
	struct strlist d = { 0 };
	int skipped = -1;

	searchpath_expand("$ORIGIN/../lib:/usr/lib:${ORIGIN}/x:XORIGIN/y:$LIB/z::/a/XORIGIN", "/o", &d, &skipped);
	is_int(d.n, 5, "five entries kept");
	is_str(d.v[0], "/o/../lib", "$ORIGIN expands");
	is_str(d.v[1], "/usr/lib", "absolute entries stay");
	is_str(d.v[2], "/o/x", "${ORIGIN} expands");
	is_str(d.v[3], "/o/y", "XORIGIN at the start of an entry expands");
	is_str(d.v[4], "/a/XORIGIN", "XORIGIN inside an entry is just text");
	is_int(skipped, 2, "$LIB and the empty entry are skipped");
	strlist_free(&d);

	is_str(norm("a/./b//c/../d"), "a/b/d", "normalize folds . and ..");
	is_str(norm("a/.."), ".", "normalize to the start");
	is_str(norm("../x"), "ERR", "normalize refuses to climb out");
	is_str(norm("a/../../x"), "ERR", "normalize refuses to climb out later");

	is_str(rel("bin", "lib"), "../lib", "bin -> lib");
	is_str(rel("libexec/hello", "lib"), "../../lib", "libexec/hello -> lib");
	is_str(rel("bin", "dynbin/python3.11"), "../dynbin/python3.11", "bin -> dynbin/x");
	is_str(rel("lib", "lib"), ".", "lib -> lib");
	is_str(rel(".", "lib"), "lib", "top -> lib");
	is_str(rel("lib/python3/dyn", "lib"), "../..", "nested lib dir -> lib");
	is_str(rel("libx", "lib"), "../lib", "a prefix of a name is not a parent");
	is_str(rel("lib", "libx/y"), "../libx/y", "the other way round");
	is_str(path_under("/usr/lib/x", "/usr/lib"), "x", "below a directory");
	is_str(path_under("/usr/lib", "/usr/lib"), "", "the directory itself");
	ok(path_under("/usr/libx", "/usr/lib") == NULL, "a longer name is not below");
	ok(path_under("/usr", "/usr/lib") == NULL, "a parent is not below");
	is_str(path_under("/usr/lib", "/"), "usr/lib", "everything is below /");
	is_str(path_under("/usr/lib/x", "/usr/lib/"), "x", "a trailing slash on the directory");
	return tap_done();
}
