/* Unit tests: the search-path iterator, rpath expansion and path
 * arithmetic. */
#include "searchpath.h"
#include "scratch.h"
#include "tap.h"

#include <string.h>

/* The directories of searchpath_musl in root for interp, each in
 * brackets, root taken off; "ERR" when it fails. */
static const char *musl_dirs(const char *root, const char *interp)
{
	static char out[4096];
	struct strlist d = { 0 };
	size_t o = 0, rl = strlen(root);
	out[0] = '\0';
	if (searchpath_musl(root, interp, &d) < 0)
		return "ERR";
	for (size_t i = 0; i < d.n; i++)
		o += (size_t)snprintf(out + o, sizeof out - o, "[%s]", d.v[i] + rl);
	strlist_free(&d);
	return out;
}

/* musl's search (ldso/dynlink.c): the path file beside the loader's
 * prefix, its lines and colon-separated entries; the default only when
 * there is no such file. */
static void musl(void)
{
	if (scratch_make("searchpath") < 0) {
		ok(0, "a scratch directory is made");
		return;
	}
	const char *r = dir;
	(void)at;	/* scratch.h's, not needed here */
	is_str(musl_dirs(r, "/lib/ld-musl-x86_64.so.1"), "[/lib][/usr/local/lib][/usr/lib]",
	       "musl: no path file, the default");
	sh("mkdir -p '%s/etc' && printf '/opt/a\\n\\n/opt/b:/opt/c::rel\\n/opt/a\\n' >'%s/etc/ld-musl-x86_64.path'", r, r);
	is_str(musl_dirs(r, "/lib/ld-musl-x86_64.so.1"), "[/opt/a][/opt/b][/opt/c]",
	       "musl: the path file's lines and entries, empty and relative ones left out, each once");
	is_str(musl_dirs(r, "ld-musl-x86_64.so.1"), "[/opt/a][/opt/b][/opt/c]",
	       "musl: a relative loader path has no prefix");
	is_str(musl_dirs(r, "/usr/local/musl/lib/ld-musl-x86_64.so.1"), "[/lib][/usr/local/lib][/usr/lib]",
	       "musl: the path file is under the loader's prefix (/usr/local/musl/etc), none there");
	sh("mkdir -p '%s/usr/local/musl/etc' && echo /x >'%s/usr/local/musl/etc/ld-musl-x86_64.path'", r, r);
	is_str(musl_dirs(r, "/usr/local/musl/lib/ld-musl-x86_64.so.1"), "[/x]", "musl: the prefix's path file");
	sh(": >'%s/etc/ld-musl-x86_64.path'", r);
	is_str(musl_dirs(r, "/lib/ld-musl-x86_64.so.1"), "", "musl: an empty path file, no directory at all");
	sh("rm '%s/etc/ld-musl-x86_64.path' && mkdir '%s/etc/ld-musl-x86_64.path'", r, r);
	is_str(musl_dirs(r, "/lib/ld-musl-x86_64.so.1"), "", "musl: a path file that is a directory, none either");
	is_str(musl_dirs(r, "/lib/ld-musl-aarch64.so.1"), "[/lib][/usr/local/lib][/usr/lib]",
	       "musl: the path file is named after the loader's architecture");
	is_str(musl_dirs(r, "/lib/ld-linux-x86-64.so.2"), "ERR", "musl: not musl's loader");
	sh("rm -rf '%s'", r);
}

/* The entries of value, each in brackets: "[a][][b]". */
static const char *entries(const char *value)
{
	static char out[4096];
	const char *e;
	size_t len, o = 0;
	out[0] = '\0';
	for (const char *c = value; searchpath_next(&c, &e, &len); )
		o += (size_t)snprintf(out + o, sizeof out - o, "[%.*s]", (int)len, e);
	return out;
}

static size_t origin(const char *entry)
{
	return searchpath_is_origin(entry, strlen(entry));
}

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

	is_str(entries("$ORIGIN/../lib:/usr/lib"), "[$ORIGIN/../lib][/usr/lib]", "two entries");
	is_str(entries("a::b"), "[a][][b]", "an empty entry in the middle");
	is_str(entries("a:"), "[a][]", "a trailing colon ends with an empty entry");
	is_str(entries(":a"), "[][a]", "a leading colon starts with one");
	is_str(entries(""), "[]", "the empty string is one empty entry");
	is_str(entries(":"), "[][]", "a lone colon is two");
	is_str(entries(NULL), "", "no value, no entry");
	{
		const char *v = "x:yy:z", *e, *c = v;
		size_t len;
		int ok1 = searchpath_next(&c, &e, &len) && searchpath_next(&c, &e, &len);
		ok(ok1 && e == v + 2 && len == 2, "an entry points into the string");
		ok(searchpath_next(&c, &e, &len) && !searchpath_next(&c, &e, &len) && c == NULL,
		   "the cursor is NULL after the last entry");
	}

	is_int(origin("$ORIGIN"), 7, "$ORIGIN alone");
	is_int(origin("$ORIGIN/../lib"), 7, "$ORIGIN/..");
	is_int(origin("${ORIGIN}/x"), 9, "${ORIGIN}");
	is_int(origin("${ORIGIN}x"), 9, "${ORIGIN} needs nothing after it");
	is_int(origin("XORIGIN/../lib"), 7, "the XORIGIN placeholder");
	is_int(origin("XORIGIN"), 7, "XORIGIN alone");
	is_int(origin("$ORIGINX/lib"), 0, "$ORIGINX is another name");
	is_int(origin("XORIGIN_2"), 0, "XORIGIN_2 is another name");
	is_int(origin("$ORIGIN-x"), 7, "a name ends at '-'");
	is_int(origin("/usr/$ORIGIN"), 0, "only at the start of the entry");
	is_int(origin("$LIB/x"), 0, "$LIB is not $ORIGIN");
	is_int(origin("${ORIGIN"), 0, "an unclosed brace");
	is_int(searchpath_is_origin("$ORIGIN/x", 5), 0, "the length given bounds the entry");

	searchpath_expand("$ORIGIN/../lib:/usr/lib:${ORIGIN}/x:XORIGIN/y:$LIB/z::/a/XORIGIN", "/o", &d, &skipped);
	is_int(d.n, 5, "five entries kept");
	is_str(d.v[0], "/o/../lib", "$ORIGIN expands");
	is_str(d.v[1], "/usr/lib", "absolute entries stay");
	is_str(d.v[2], "/o/x", "${ORIGIN} expands");
	is_str(d.v[3], "/o/y", "XORIGIN at the start of an entry expands");
	is_str(d.v[4], "/a/XORIGIN", "XORIGIN inside an entry is just text");
	is_int(skipped, 2, "$LIB and the empty entry are skipped");
	strlist_free(&d);

	searchpath_expand("$ORIGINX:${ORIGIN}:XORIGIN_2/y:/a/$ORIGIN/b:", "/o", &d, &skipped);
	is_int(d.n, 3, "three entries kept");
	is_str(d.v[0], "/o", "${ORIGIN} alone expands");
	is_str(d.v[1], "XORIGIN_2/y", "XORIGIN_2 is text");
	is_str(d.v[2], "/a//o/b", "$ORIGIN inside an entry expands");
	is_int(skipped, 2, "$ORIGINX and the trailing empty entry are skipped");
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
	musl();
	return tap_done();
}
