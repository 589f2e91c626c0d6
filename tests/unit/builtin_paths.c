/* tests/unit/builtin_paths.c: the table of directories compiled into
 * libraries (libzapp/builtin_paths.c) is sorted and well formed; the
 * strings are found whole, in read-only data only, with the table's
 * conditions, and the edit leads them nowhere while the tails other
 * strings share stay. */
#include "builtin_paths.h"
#include "report.h"
#include "scratch.h"
#include "tap.h"
#include "zelf.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *held_rel;

static int held(void *ctx, const char *rel)
{
	(void)ctx;
	return held_rel && strcmp(rel, held_rel) == 0;
}

static void table(void)
{
	int sorted = 1, formed = 1;
	for (size_t i = 0; i < builtin_paths_table_size; i++) {
		const struct builtin_path *b = &builtin_paths_table[i], *a = i ? b - 1 : NULL;
		int c = a ? strcmp(a->libs, b->libs) : -1;
		if (a && (c > 0 || (c == 0 && strcmp(a->path, b->path) >= 0)))
			sorted = 0, printf("# %s %s is not after %s %s\n", b->libs, b->path, a->libs, a->path);
		if (!*b->libs || (b->path[0] != '/' && strncmp(b->path, "%.*s/", 5) != 0) || !b->what || !*b->what || (b->held && b->held[0] == '/'))
			formed = 0, printf("# entry %zu is not well formed\n", i);
	}
	ok(sorted, "the table is sorted by library, then path");
	ok(formed, "each entry names libraries, an absolute pattern (or a format of one) and what is read there");
	ok(builtin_paths_lib("libc.so.6"), "glibc has entries");
	ok(builtin_paths_lib("libMagickCore-6.Q16.so.6"), "ImageMagick 6 has entries");
	ok(!builtin_paths_lib("libfoo.so.1") && !builtin_paths_lib("libc.so.6.bak"), "others have none");
}

/* The file's bytes, malloc'ed; *n their number. */
static char *slurp(const char *path, size_t *n)
{
	struct stat st;
	int fd = open(path, O_RDONLY);
	char *b = NULL;
	if (fd >= 0 && fstat(fd, &st) == 0 && (b = malloc((size_t)st.st_size)))
		*n = (size_t)read(fd, b, (size_t)st.st_size);
	if (fd >= 0)
		close(fd);
	return b;
}

static int has(const char *path, const char *s)
{
	size_t n = 0;
	char *b = slurp(path, &n);
	int r = b && memmem(b, n, s, strlen(s) + 1) != NULL;
	free(b);
	return r;
}

static void library(void)
{
	struct builtin_hits h;
	const char *lib = at("libc.so.6");
	int made = sh("cd '%s' && cat >l.c <<'EOF2'\n"
		      "const char default_gconv_path[] = \"/usr/lib/x86_64-linux-gnu/gconv\";\n"
		      "const char _nl_default_dirname[] = \"/usr/share/locale\";\n"
		      "char writable[] = \"/usr/lib/writable/gconv\";\n"
		      "const char *alias(void) { return \"/usr/share/locale\"; }\n"
		      "const char *shorty(void) { return \"/a/gconv\"; }\n"
		      "const char *tail(void) { return \"ux-gnu/gconv\"; }\n"
		      "EOF2\n"
		      "cc -shared -fPIC -O1 -o libc.so.6 l.c", dir);
	ok(made == 0, "a library with compiled-in paths is built");
	if (made != 0)
		return;
	held_rel = NULL;
	ok(builtin_paths_find(lib, "libc.so.6", held, NULL, &h) == 0, "its paths are read");
	is_int(h.n, 1, "one string is taken where the Zapp holds nothing: the gconv directory");
	if (h.n)
		is_str(h.v[0].path, "/usr/lib/x86_64-linux-gnu/gconv", "it is the whole string");
	builtin_hits_free(&h);

	held_rel = "share/locale/locale.alias";
	ok(builtin_paths_find(lib, "libc.so.6", held, NULL, &h) == 0 && h.n == 2,
	   "where the Zapp holds share/locale/locale.alias, the alias directory too");
	ok(h.n == 2 && h.v[0].off != h.v[1].off && (strcmp(h.v[0].path, "/usr/share/locale") == 0
						    || strcmp(h.v[1].path, "/usr/share/locale") == 0),
	   "one of the two strings /usr/share/locale is taken");
	ok(builtin_paths_edit(lib, &h) == 0, "the strings are edited");
	builtin_hits_free(&h);
	ok(has(lib, "/dev/null/86_64-linux-gnu/gconv"), "the gconv directory leads nowhere, as long as it was");
	ok(has(lib, "/dev/null//locale"), "so does the alias directory");
	struct zelf z;
	GElf_Addr a = 0;
	GElf_Off off = 0;
	size_t n = 0;
	char *bytes = slurp(lib, &n);
	ok(zelf_open(&z, lib) == 0 && zelf_dynsym_value(&z, "_nl_default_dirname", &a) == 1
	   && zelf_vaddr_to_offset(&z, a, &off) == 0 && bytes && off + 18 <= n
	   && memcmp(bytes + off, "/usr/share/locale", 18) == 0,
	   "the other, _nl_default_dirname (the message catalogs), stays");
	zelf_close(&z);
	free(bytes);
	ok(has(lib, "/usr/lib/writable/gconv"), "writable data is not touched");
	ok(has(lib, "/a/gconv"), "a string shorter than the edit is not touched");
	ok(builtin_paths_find(lib, "libc.so.6", held, NULL, &h) == 0 && h.n == 0,
	   "an edited library has nothing left to edit");
	builtin_hits_free(&h);

	ok(builtin_paths_find(lib, "libfoo.so.1", held, NULL, &h) == 0 && h.n == 0,
	   "a library the table does not name is not read");
	sh("printf 'not ELF' >'%s/libMagickCore-6.Q16.so.6'", dir);
	ok(builtin_paths_find(at("libMagickCore-6.Q16.so.6"), "libMagickCore-6.Q16.so.6", held, NULL, &h) < 0
	   && h.n == 0, "a file that is not ELF is an error: %s", zwhy());
}

/* musl's loader: its path file's name, a format, and its default path,
 * a list, lead nowhere; the list's tail after its last colon stays. */
static void musl(void)
{
	struct builtin_hits h;
	const char *lib = at("ld-musl-x86_64.so.1");
	int made = sh("cd '%s' && cat >m.c <<'EOF2'\n"
		      "#include <stdio.h>\n"
		      "const char *sys(void) { return \"/lib:/usr/local/lib:/usr/lib\"; }\n"
		      "void pf(char *b, int n, const char *p) { snprintf(b, 64, \"%%.*s/etc/ld-musl-x86_64.path\", n, p); }\n"
		      "const char *other(void) { return \"/lib:/opt/lib\"; }\n"
		      "EOF2\n"
		      "cc -shared -fPIC -O1 -o ld-musl-x86_64.so.1 m.c", dir);
	ok(made == 0, "a stand-in for musl's libc is built");
	if (made != 0)
		return;
	ok(builtin_paths_lib("ld-musl-x86_64.so.1") && builtin_paths_lib("ld-musl-aarch64.so.1"),
	   "musl's loaders have entries");
	ok(builtin_paths_find(lib, "ld-musl-x86_64.so.1", held, NULL, &h) == 0 && h.n == 2,
	   "two strings are taken: the path file and the default path (%zu)", h.n);
	ok(builtin_paths_edit(lib, &h) == 0, "they are edited");
	builtin_hits_free(&h);
	ok(has(lib, "/dev/null/d-musl-x86_64.path"), "the path file's format has no conversion left, under /dev/null");
	ok(has(lib, "/dev/null/local/lib//usr/lib"), "the default path is one path under /dev/null, as long as it was");
	ok(has(lib, "/lib:/opt/lib"), "another list is not touched");
	ok(builtin_paths_find(lib, "ld-musl-x86_64.so.1", held, NULL, &h) == 0 && h.n == 0,
	   "an edited musl has nothing left to edit");
	builtin_hits_free(&h);
}

int main(void)
{
	table();
	if (scratch_make("builtin_paths") == 0) {
		library();
		musl();
		sh("rm -rf '%s'", dir);
	} else {
		ok(0, "a scratch directory is made");
	}
	return tap_done();
}
