/* tests/unit/builtin_paths.c: the table of directories compiled into
 * libraries (libzapp/builtin_paths.c) is sorted and well formed; the
 * strings are found whole, in read-only data only, with the table's
 * conditions, and the edit leads them nowhere while the tails other
 * strings share stay; glibc's loader's data of the shapes the edits know
 * is edited, once, and other shapes are left as they are; musl's loader's
 * LD_LIBRARY_PATH is made to name no variable where it is there once. */
#include "builtin_paths.h"
#include "report.h"
#include "scratch.h"
#include "tap.h"
#include "zelf.h"

#include <ctype.h>
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
		int absolute = b->edit == BUILTIN_PREFIX || b->edit == BUILTIN_DIRLIST;
		/* a variable's name is the string itself: capitals, digits and
		 * '_', not a digit first, at least two bytes */
		int bad_name = b->edit == BUILTIN_ENVNAME
			       && (strlen(b->path) < 2 || isdigit((unsigned char)b->path[0])
				   || strspn(b->path, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") != strlen(b->path)
				   || b->held || b->keep);
		if (!*b->libs || (absolute && b->path[0] != '/' && strncmp(b->path, "%.*s/", 5) != 0) || !b->what
		    || !*b->what || (b->held && b->held[0] == '/') || b->edit > BUILTIN_ENVNAME || bad_name)
			formed = 0, printf("# entry %zu is not well formed\n", i);
	}
	ok(sorted, "the table is sorted by library, then path");
	ok(formed, "each entry names libraries, a pattern (absolute, or a format of one, for a path; "
	   "a variable's name) and what is read there");
	ok(builtin_paths_lib("libc.so.6"), "glibc has entries");
	ok(builtin_paths_lib("libMagickCore-6.Q16.so.6"), "ImageMagick 6 has entries");
	ok(builtin_paths_lib("ld-linux-x86-64.so.2"), "glibc's loader has entries");
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

/* A stand-in for glibc 2.36's loader, with its data laid out as in
 * elf/dl-load.c, sysdeps/x86_64/dl-hwcaps-subdirs.c, elf/dl-tunables.h;
 * extra is more C. */
static int make_loader(const char *name, const char *extra)
{
	return sh("cd '%s' && cat >ld.c <<'EOF2'\n"
		  "#include <stddef.h>\n"
		  "__attribute__((aligned(32))) const char system_dirs[] =\n"
		  "  \"/lib/x86_64-linux-gnu/\\0/usr/lib/x86_64-linux-gnu/\\0/lib/\\0/usr/lib/\";\n"
		  "const size_t system_dirs_len[] = { 22, 26, 5, 9 };\n"
		  "__attribute__((aligned(32))) const char _dl_hwcaps_subdirs[] = HWCAPS;\n"
		  "const char *cache(void) { return \"/etc/ld.so.cache\"; }\n"
		  "const char *preload(void) { return \"/etc/ld.so.preload\"; }\n"
		  "struct tunable { char name[48]; int type; long long min; unsigned long long max;\n"
		  "  unsigned long long val; _Bool initialized; int seclevel; char alias[40]; };\n"
		  "__attribute__((section(\".data.rel.ro\"))) struct tunable list[] = {\n"
		  "  { \"glibc.cpu.hwcap_count\", 1, 0, ~0ULL, 6, 0, 0, \"LD_HWCAP_COUNT\" },\n"
		  "  { \"glibc.cpu.hwcap_mask\", TYPE, 0, ~0ULL, 6, 0, 0, \"LD_HWCAP_MASK\" } };\n"
		  "void *use(void) { return list; }\n"
		  "%s\n"
		  "EOF2\n"
		  "cc -shared -fPIC -O1 -Wl,-z,relro -DHWCAPS='\"%s\"' -DTYPE=%d -o '%s' ld.c",
		  dir, extra, strstr(name, "badshape") ? "x86-64-v4::x86-64-v2" : "x86-64-v4:x86-64-v3:x86-64-v2",
		  strstr(name, "badshape") ? 3 : 1, name);
}

static const struct builtin_hit *hit_of(const struct builtin_hits *h, enum builtin_edit e, const char *path)
{
	for (size_t i = 0; i < h->n; i++)
		if (h->v[i].entry->edit == e && (!path || strcmp(h->v[i].path, path) == 0))
			return &h->v[i];
	return NULL;
}

static void loader(void)
{
	struct builtin_hits h;
	const char *ld = at("ld-linux-x86-64.so.2");
	size_t n = 0;
	ok(make_loader(ld, "") == 0, "a stand-in for glibc's loader is built");
	ok(builtin_paths_find(ld, "ld-linux-x86-64.so.2", held, NULL, &h) == 0, "its data is read");
	is_int(h.n, 5, "five edits: default directories, cache, preload, hwcap mask, glibc-hwcaps");
	const struct builtin_hit *d = hit_of(&h, BUILTIN_DIRLIST, NULL);
	ok(d && !d->refused && d->n == 4
	   && strcmp(d->path, "/lib/x86_64-linux-gnu/:/usr/lib/x86_64-linux-gnu/:/lib/:/usr/lib/") == 0
	   && d->size == 66, "the default directories are one run of four, with their table: %s",
	   d ? d->refused ? d->refused : d->path : "none");
	ok(hit_of(&h, BUILTIN_PREFIX, "/etc/ld.so.cache") && hit_of(&h, BUILTIN_PREFIX, "/etc/ld.so.preload"),
	   "the cache and the preload file are taken");
	const struct builtin_hit *e = hit_of(&h, BUILTIN_EMPTY, NULL), *t = hit_of(&h, BUILTIN_TUNABLE, NULL);
	ok(e && !e->refused && strcmp(e->path, "x86-64-v4:x86-64-v3:x86-64-v2") == 0, "the glibc-hwcaps list is taken");
	ok(t && !t->refused && strcmp(t->path, "glibc.cpu.hwcap_mask") == 0,
	   "the hwcap mask tunable is taken, not the one of another name");
	ok(builtin_paths_edit(ld, &h) == 0, "the loader is edited");
	builtin_hits_free(&h);
	char *b = slurp(ld, &n);
	static const char dirs[47] = "/sys/-/6_64-linux-gnu/\0/sys/-/\0/sys/-/\0/sys/-/";
	const size_t lens[4] = { 22, 7, 7, 7 };
	const unsigned long long zero = 0;
	ok(b && memmem(b, n, dirs, sizeof dirs), "the first directory keeps its place and length, the others follow it");
	ok(b && memmem(b, n, lens, sizeof lens), "the table of lengths says so");
	ok(has(ld, "/dev/null/.cache") && has(ld, "/dev/null/.preload"), "the cache and preload file lead nowhere");
	ok(has(ld, "86-64-v4:x86-64-v3:x86-64-v2") && !has(ld, "x86-64-v4:x86-64-v3:x86-64-v2"),
	   "the glibc-hwcaps list starts with a NUL");
	ok(b && memmem(b, n, "glibc.cpu.hwcap_mask", 20) && !memcmp((char *)memmem(b, n, "glibc.cpu.hwcap_mask", 20) + 72, &zero, 8),
	   "the hwcap mask's default is 0");
	ok(b && memmem(b, n, "glibc.cpu.hwcap_count", 21) && ((char *)memmem(b, n, "glibc.cpu.hwcap_count", 21))[72] == 6,
	   "the other tunable keeps its value");
	free(b);
	ok(builtin_paths_find(ld, "ld-linux-x86-64.so.2", held, NULL, &h) == 0 && h.n == 0,
	   "an edited loader has nothing left to edit (%zu)", h.n);
	builtin_hits_free(&h);

	/* shapes it does not know are left as they are */
	const char *bad = at("badshape/ld-linux-x86-64.so.2");
	sh("mkdir -p '%s/badshape'", dir);
	ok(make_loader(bad, "const size_t other_len[] = { 22, 26, 5, 9 };") == 0,
	   "a loader whose table of lengths is there twice, a tunable of another type, a list of names with a hole");
	ok(builtin_paths_find(bad, "ld-linux-x86-64.so.2", held, NULL, &h) == 0 && h.n == 5, "its data is read");
	d = hit_of(&h, BUILTIN_DIRLIST, NULL);
	e = hit_of(&h, BUILTIN_EMPTY, NULL);
	t = hit_of(&h, BUILTIN_TUNABLE, NULL);
	ok(d && d->refused && strstr(d->refused, "more than once"), "the default directories are refused: %s",
	   d && d->refused ? d->refused : "");
	ok(e && e->refused, "the list with a hole is refused: %s", e && e->refused ? e->refused : "");
	ok(t && t->refused, "the tunable of another type is refused: %s", t && t->refused ? t->refused : "");
	sh("cp '%s' '%s.orig'", bad, bad);
	ok(builtin_paths_edit(bad, &h) == 0, "the rest is edited");
	builtin_hits_free(&h);
	ok(has(bad, "/lib/x86_64-linux-gnu/") && has(bad, "/lib/") && has(bad, "x86-64-v4::x86-64-v2")
	   && has(bad, "/dev/null/.cache"), "what was refused is as it was");
	sh("cd '%s' && printf '%%s\\n' /lib/x86_64-linux-gnu/ /usr/lib/x86_64-linux-gnu/ /usr/lib/ >three.c && "
	   "sed -i 's/.*/\"&\",/; 1s/^/const char *dirs3[] = {/; $s/$/};/' three.c && "
	   "cc -shared -fPIC -O1 -o three.so three.c", dir);
	ok(builtin_paths_find(at("three.so"), "ld-linux-x86-64.so.2", held, NULL, &h) == 0
	   && hit_of(&h, BUILTIN_DIRLIST, NULL) && hit_of(&h, BUILTIN_DIRLIST, NULL)->refused,
	   "separate strings of the directories are no run of them: the loader's are refused");
	builtin_hits_free(&h);
}

/* A stand-in for musl's libc, at lib, with its strings of musl 1.2.3's
 * ldso/dynlink.c; envnames is C that has the variables' names. */
static int make_musl(const char *lib, const char *envnames)
{
	return sh("cd '%s' && cat >m.c <<'EOF2'\n"
		  "#include <stdio.h>\n"
		  "#include <stdlib.h>\n"
		  "const char *sys(void) { return \"/lib:/usr/local/lib:/usr/lib\"; }\n"
		  "void pf(char *b, int n, const char *p) { snprintf(b, 64, \"%%.*s/etc/ld-musl-x86_64.path\", n, p); }\n"
		  "const char *other(void) { return \"/lib:/opt/lib\"; }\n"
		  "%s\n"
		  "EOF2\n"
		  "cc -shared -fPIC -O1 -o '%s' m.c", dir, envnames, lib);
}

static const struct builtin_hit *hit_named(const struct builtin_hits *h, const char *path)
{
	for (size_t i = 0; i < h->n; i++)
		if (strcmp(h->v[i].path, path) == 0)
			return &h->v[i];
	return NULL;
}

/* musl's loader: its path file's name, a format, and its default path,
 * a list, lead nowhere; the list's tail after its last colon stays; the
 * name LD_LIBRARY_PATH names no variable, LD_PRELOAD stays; a loader
 * that has the name not once is left as it is. */
static void musl(void)
{
	struct builtin_hits h;
	const struct builtin_hit *x;
	const char *lib = at("ld-musl-x86_64.so.1");
	int made = make_musl(lib, "char *env_path, *env_preload;\n"
			     "void dls3(void) { env_path = getenv(\"LD_LIBRARY_PATH\"); "
			     "env_preload = getenv(\"LD_PRELOAD\"); }");
	ok(made == 0, "a stand-in for musl's libc is built");
	if (made != 0)
		return;
	ok(builtin_paths_lib("ld-musl-x86_64.so.1") && builtin_paths_lib("ld-musl-aarch64.so.1"),
	   "musl's loaders have entries");
	ok(builtin_paths_find(lib, "ld-musl-x86_64.so.1", held, NULL, &h) == 0 && h.n == 3,
	   "three strings are taken: the path file, the default path and LD_LIBRARY_PATH (%zu)", h.n);
	x = hit_named(&h, "LD_LIBRARY_PATH");
	ok(x && x->entry->edit == BUILTIN_ENVNAME && !x->refused && !hit_named(&h, "LD_PRELOAD"),
	   "LD_LIBRARY_PATH is taken, not LD_PRELOAD");
	ok(builtin_paths_edit(lib, &h) == 0, "they are edited");
	builtin_hits_free(&h);
	ok(has(lib, "/dev/null/d-musl-x86_64.path"), "the path file's format has no conversion left, under /dev/null");
	ok(has(lib, "/dev/null/local/lib//usr/lib"), "the default path is one path under /dev/null, as long as it was");
	ok(has(lib, "/lib:/opt/lib"), "another list is not touched");
	ok(has(lib, "=D_LIBRARY_PATH") && !has(lib, "LD_LIBRARY_PATH"),
	   "LD_LIBRARY_PATH starts with '=', a name musl's getenv finds no variable for; the rest stays");
	ok(has(lib, "LD_PRELOAD"), "LD_PRELOAD stays: the user's choice");
	ok(builtin_paths_find(lib, "ld-musl-x86_64.so.1", held, NULL, &h) == 0 && h.n == 0,
	   "an edited musl has nothing left to edit (%zu)", h.n);
	builtin_hits_free(&h);

	/* another musl: the name is not there, or there twice */
	const char *none = at("none/ld-musl-x86_64.so.1"), *twice = at("twice/ld-musl-x86_64.so.1");
	sh("mkdir -p '%s/none' '%s/twice'", dir, dir);
	ok(make_musl(none, "char *e;\nvoid dls3(void) { e = getenv(\"LD_LIBRARY_PATH_OTHER\"); }") == 0,
	   "a stand-in for a musl whose loader reads another name");
	ok(builtin_paths_find(none, "ld-musl-x86_64.so.1", held, NULL, &h) == 0 && h.n == 3, "its data is read");
	x = hit_named(&h, "LD_LIBRARY_PATH");
	ok(x && x->refused && strstr(x->refused, "not a string"), "LD_LIBRARY_PATH is refused: %s",
	   x && x->refused ? x->refused : "");
	ok(builtin_paths_edit(none, &h) == 0, "the rest is edited");
	builtin_hits_free(&h);
	ok(has(none, "/dev/null/d-musl-x86_64.path") && has(none, "LD_LIBRARY_PATH_OTHER"),
	   "the other name stays as it was");
	ok(builtin_paths_find(none, "ld-musl-x86_64.so.1", held, NULL, &h) == 0 && h.n == 1 && h.v[0].refused,
	   "it is refused again when the edited file is read (%zu)", h.n);
	builtin_hits_free(&h);
	ok(make_musl(twice, "__attribute__((aligned(32))) const char n1[] = \"LD_LIBRARY_PATH\";\n"
		     "__attribute__((aligned(32))) const char n2[] = \"LD_LIBRARY_PATH\";") == 0,
	   "a stand-in for a musl that has the name twice");
	ok(builtin_paths_find(twice, "ld-musl-x86_64.so.1", held, NULL, &h) == 0 && h.n == 3, "its data is read");
	x = hit_named(&h, "LD_LIBRARY_PATH");
	ok(x && x->refused && strstr(x->refused, "more than once"), "LD_LIBRARY_PATH is refused: %s",
	   x && x->refused ? x->refused : "");
	ok(builtin_paths_edit(twice, &h) == 0, "the rest is edited");
	builtin_hits_free(&h);
	ok(has(twice, "LD_LIBRARY_PATH") && !has(twice, "=D_LIBRARY_PATH"), "neither copy of the name is touched");
}

/* A stand-in for libc6-i386's loader (gcc -m32): the /lib32 list of
 * default directories, words of 4 bytes, and a struct _tunable whose
 * 64-bit numbers are aligned to 4; no glibc-hwcaps list (glibc 2.36 has
 * none for i386).  Skipped where gcc -m32 cannot build one. */
static void loader32(void)
{
	struct builtin_hits h;
	const char *ld = at("i386/ld-linux.so.2");
	size_t n = 0;
	if (sh("mkdir -p '%s/i386' && cd '%s/i386' && cat >ld.c <<'EOF2'\n"
	       "#include <stddef.h>\n"
	       "__attribute__((aligned(32))) const char system_dirs[] = \"/lib32/\\0/usr/lib32/\\0/lib/\\0/usr/lib/\";\n"
	       "const size_t system_dirs_len[] = { 7, 11, 5, 9 };\n"
	       "const char *cache(void) { return \"/etc/ld.so.cache\"; }\n"
	       "const char *preload(void) { return \"/etc/ld.so.preload\"; }\n"
	       "struct tunable { char name[44]; int type; long long min; unsigned long long max;\n"
	       "  unsigned long long val; _Bool initialized; int seclevel; char alias[40]; };\n"
	       "__attribute__((section(\".data.rel.ro\"))) struct tunable list[] = {\n"
	       "  { \"glibc.cpu.hwcap_mask\", 1, 0, ~0ULL, 1, 0, 0, \"LD_HWCAP_MASK\" },\n"
	       "  { \"glibc.cpu.hwcaps\", 3, 0, 0, 0, 0, 0, \"\" } };\n"
	       "void *use(void) { return list; }\n"
	       "EOF2\n"
	       "gcc -m32 -shared -fPIC -O1 -Wl,-z,relro -o ld-linux.so.2 ld.c 2>/dev/null", dir, dir) != 0) {
		printf("ok %d # skip gcc -m32 cannot build an i386 stand-in here\n", ++tap_n);
		return;
	}
	ok(builtin_paths_find(ld, "ld-linux.so.2", held, NULL, &h) == 0, "an i386 stand-in's data is read");
	is_int(h.n, 4, "four edits: default directories, cache, preload, hwcap mask");
	const struct builtin_hit *d = hit_of(&h, BUILTIN_DIRLIST, NULL), *t = hit_of(&h, BUILTIN_TUNABLE, NULL);
	ok(d && !d->refused && strcmp(d->path, "/lib32/:/usr/lib32/:/lib/:/usr/lib/") == 0,
	   "its /lib32 list is taken: %s", d ? d->refused ? d->refused : d->path : "none");
	ok(t && !t->refused, "its tunable of 4-aligned numbers is taken: %s", t && t->refused ? t->refused : "");
	ok(builtin_paths_edit(ld, &h) == 0, "it is edited");
	builtin_hits_free(&h);
	char *b = slurp(ld, &n);
	static const char dirs[36] = "/sys/-/\0/sys/-/\0/sys/-/\0/sys/-/";
	const unsigned int lens[4] = { 7, 7, 7, 7 };
	const unsigned long long zero = 0;
	char *m = b ? memmem(b, n, "glibc.cpu.hwcap_mask", 20) : NULL;
	ok(b && memmem(b, n, dirs, 32), "the four directories lead nowhere, the first in its place and length");
	ok(b && memmem(b, n, lens, sizeof lens), "the table of 4-byte lengths says so");
	ok(m && !memcmp(m + 44 + 20, &zero, 8) && m[44] == 1, "the hwcap mask's default, 20 bytes after the type, is 0");
	free(b);
	ok(builtin_paths_find(ld, "ld-linux.so.2", held, NULL, &h) == 0 && h.n == 0,
	   "an edited loader has nothing left to edit (%zu)", h.n);
	builtin_hits_free(&h);
}

int main(void)
{
	table();
	if (scratch_make("builtin_paths") == 0) {
		library();
		loader();
		loader32();
		musl();
		sh("rm -rf '%s'", dir);
	} else {
		ok(0, "a scratch directory is made");
	}
	return tap_done();
}
