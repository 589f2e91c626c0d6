/* libzapp/builtin_paths.c: the table of directories compiled into
 * libraries that a Zapp's copy must not keep (builtin_paths.h), and how
 * they are found and made to lead nowhere.
 *
 * Some libraries read files by paths compiled into them after the
 * directories a variable of the launch environment (runenv.c) points at,
 * or with no variable at all.  A Zapp's copy of such a library would read
 * the host's files: on the build host, the copies the Zapp holds are then
 * passed over; on a target, another version's files are read.  zapp-
 * assemble starts each such string with "/dev/null/" in the Zapp's copy of
 * the library, so that a path under it is never opened; zapp-check reports
 * a library of a Zapp that still has one.  Only the first 10 bytes change:
 * the linker may have made a shorter string the tail of a longer one
 * ("gconv" of ".../gconv"), and tails that start later stay as they were;
 * in a list of directories ("/lib:/usr/lib") each ':' becomes '/' too, so
 * that the whole list is one path under /dev/null.
 * A string shorter than that is never taken.
 *
 * Each entry was tried on Debian 12 (glibc 2.36, ImageMagick 6.9.11) with
 * the program under strace: what its comment says is read is what was,
 * and the edited library ran the test's programs (tests t5010, t5940,
 * t5950, t5960).  The strings were also checked to be referenced only at
 * their first byte (objdump: no code or relocation points inside them).
 */
#include "builtin_paths.h"
#include "report.h"
#include "searchpath.h"
#include "zelf.h"

#include <fnmatch.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAGICKCORE "libMagickCore-6*.so* libMagickCore-7*.so*"

/* Sorted by libs, then path (strcmp): tests/unit/builtin_paths.c checks it. */
const struct builtin_path builtin_paths_table[] = {
	/* musl's loader, which is its libc (ldso/dynlink.c, load_library):
	 * a library found neither by LD_LIBRARY_PATH nor by the search
	 * paths of the objects that loaded it is looked for in the
	 * directories of its path file, <prefix>/etc/ld-musl-ARCH.path, the
	 * host's; only when there is no such file (ENOENT), in the default
	 * /lib:/usr/local/lib:/usr/lib, the host's too.  The path file's
	 * name is a format ("%.*s" takes the prefix): edited, it has no
	 * conversion left and names a file under /dev/null (ENOTDIR: musl
	 * then searches no system directory at all).  The default is a
	 * list: its colons become slashes too, which makes it one path
	 * under /dev/null (where there is no /dev/null, musl's ENOENT leads
	 * it there).  Tried on Debian 12's musl 1.2.3 (t6000). */
	{ "ld-musl-*.so.1", "%.*s/etc/ld-musl-*.path", NULL, NULL, "musl's path file" },
	{ "ld-musl-*.so.1", "/lib:/usr/local/lib:/usr/lib", NULL, NULL, "musl's default library directories" },
	/* ImageMagick's configuration (policy.xml, delegates.xml, ...):
	 * configure.c reads MAGICK_CONFIGURE_PATH's directories (the Zapp's,
	 * runenv.c), then these compiled-in ones, each of which adds to what
	 * is read: the host's /etc/ImageMagick-6/policy.xml, for one.  Taken
	 * out where the Zapp holds the directory; where it does not, the
	 * host's configuration is all the program has. */
	{ MAGICKCORE, "/*/ImageMagick-*/config-Q*", NULL, "", "ImageMagick's configuration" },
	{ MAGICKCORE, "/*/share/ImageMagick-*", NULL, "", "ImageMagick's shared configuration" },
	{ MAGICKCORE, "/etc/ImageMagick-*", NULL, "", "ImageMagick's configuration" },
	/* glibc's iconv (gconv_conf.c): after GCONV_PATH's directories, the
	 * compiled-in one, whose gconv-modules and gconv-modules.d/ are
	 * read and whose modules are loaded for a conversion the first ones
	 * lack.  gconv modules are code linked against one glibc's private
	 * symbols: a Zapp's glibc never loads another one's, also when the
	 * Zapp holds none (--glibc-pieces=none: the conversions glibc has
	 * built in, UTF-8 among them, still work).  The string is an array
	 * (default_gconv_path), copied with its size: the edited one is as
	 * long. */
	{ "libc.so.6", "/*/gconv", NULL, NULL, "glibc's gconv modules" },
	/* Without GCONV_PATH (a program that unsets it before converting),
	 * the module cache of the compiled-in directory, and the modules it
	 * names. */
	{ "libc.so.6", "/*/gconv/gconv-modules.cache", NULL, NULL, "glibc's gconv module cache" },
	/* setlocale's locale.alias (localealias.c, LOCALE_ALIAS_PATH: a
	 * list of directories, read for every locale name asked for); taken
	 * out where the Zapp holds a copy.  _nl_default_dirname, the
	 * directory of message catalogs, has the same bytes and stays: it is
	 * data of the user's language, which the Zapp does not hold. */
	{ "libc.so.6", "/*/share/locale", "_nl_default_dirname", "locale.alias", "setlocale's locale.alias" },
};
const size_t builtin_paths_table_size = sizeof builtin_paths_table / sizeof builtin_paths_table[0];

static int lib_matches(const struct builtin_path *b, const char *name)
{
	const char *s = b->libs;
	char pat[256];
	while (*s) {
		size_t n = strcspn(s, " ");
		if (n && n < sizeof pat) {
			memcpy(pat, s, n);
			pat[n] = '\0';
			if (fnmatch(pat, name, FNM_PATHNAME | FNM_PERIOD) == 0)
				return 1;
		}
		s += n;
		s += *s == ' ';
	}
	return 0;
}

int builtin_paths_lib(const char *name)
{
	for (size_t i = 0; i < builtin_paths_table_size; i++)
		if (lib_matches(&builtin_paths_table[i], name))
			return 1;
	return 0;
}

/* Does the Zapp hold the place of the host path s (relative to /usr, or
 * to /: the placement rule), joined with sub? */
static int place_held(const char *s, const char *sub, builtin_held_fn *held, void *ctx)
{
	char norm[PATH_MAX], rel[PATH_MAX + 256];
	/* relative to /: "usr/share/locale" */
	if (path_normalize(s, norm, sizeof norm) < 0 || !norm[0])
		return 0;
	const char *cands[2] = { path_under(norm, "usr"), norm };
	for (int i = 0; i < 2; i++) {
		if (!cands[i] || !*cands[i])
			continue;
		snprintf(rel, sizeof rel, "%s%s%s", cands[i], *sub ? "/" : "", sub);
		if (held(ctx, rel))
			return 1;
	}
	return 0;
}

static int add_hit(struct builtin_hits *out, GElf_Off off, const char *s, const struct builtin_path *b)
{
	struct builtin_hit *v = realloc(out->v, (out->n + 1) * sizeof *v);
	if (!v)
		return zfail("out of memory");
	out->v = v;
	if (!(v[out->n].path = strdup(s)))
		return zfail("out of memory");
	v[out->n].off = off;
	v[out->n].entry = b;
	out->n++;
	return 0;
}

/* What the search of one file needs to know. */
struct scan {
	const struct builtin_path *const *ents;
	size_t nents;
	const GElf_Off *keep;
	size_t nkeep;
	builtin_held_fn *held;
	void *ctx;
	struct builtin_hits *out;
};

/* One string of the file's read-only data (zelf_rodata_each): taken when
 * an entry names it. */
static int scan_one(const char *s, size_t len, GElf_Off off, void *arg)
{
	const struct scan *sc = arg;
	if (len < BUILTIN_NOWHERE_LEN || strncmp(s, BUILTIN_NOWHERE, BUILTIN_NOWHERE_LEN) == 0)
		return 0;
	for (size_t k = 0; k < sc->nkeep; k++)
		if (sc->keep[k] == off)
			return 0;
	for (size_t e = 0; e < sc->nents; e++) {
		const struct builtin_path *b = sc->ents[e];
		if (fnmatch(b->path, s, 0) != 0 || (b->held && !place_held(s, b->held, sc->held, sc->ctx)))
			continue;
		return add_hit(sc->out, off, s, b);
	}
	return 0;
}

int builtin_paths_find(const char *path, const char *name, builtin_held_fn *held, void *ctx,
		       struct builtin_hits *out)
{
	const struct builtin_path *ents[sizeof builtin_paths_table / sizeof builtin_paths_table[0]];
	GElf_Off keep[sizeof builtin_paths_table / sizeof builtin_paths_table[0]];
	size_t nents = 0, nkeep = 0;
	struct zelf z;
	int r = 0;
	out->v = NULL;
	out->n = 0;
	for (size_t i = 0; i < builtin_paths_table_size; i++)
		if (lib_matches(&builtin_paths_table[i], name))
			ents[nents++] = &builtin_paths_table[i];
	if (!nents)
		return 0;
	if (zelf_open(&z, path) < 0)
		return -1;
	for (size_t e = 0; e < nents; e++) {
		GElf_Addr a;
		GElf_Off off;
		if (ents[e]->keep && zelf_dynsym_value(&z, ents[e]->keep, &a) == 1
		    && zelf_vaddr_to_offset(&z, a, &off) == 0)
			keep[nkeep++] = off;
	}
	struct scan sc = { ents, nents, keep, nkeep, held, ctx, out };
	r = zelf_rodata_each(&z, scan_one, &sc);
	zelf_close(&z);
	if (r < 0)
		builtin_hits_free(out);
	return r;
}

int builtin_paths_edit(const char *path, const struct builtin_hits *h)
{
	struct zelf z;
	struct zpatches p = { 0 };
	int r = 0;
	if (!h->n)
		return 0;
	if (zelf_open(&z, path) < 0)
		return -1;
	for (size_t i = 0; i < h->n && r == 0; i++) {
		void *buf;
		if ((r = zpatches_add(&p, h->v[i].off, BUILTIN_NOWHERE_LEN, &buf)) == 0)
			memcpy(buf, BUILTIN_NOWHERE, BUILTIN_NOWHERE_LEN);
		/* a list of directories becomes one path under the first */
		for (size_t k = BUILTIN_NOWHERE_LEN; r == 0 && h->v[i].path[k]; k++)
			if (h->v[i].path[k] == ':' && (r = zpatches_add(&p, h->v[i].off + k, 1, &buf)) == 0)
				*(char *)buf = '/';
	}
	if (r == 0)
		r = zelf_write(&z, &p, z.filesize);
	zpatches_free(&p);
	zelf_close(&z);
	return r;
}

void builtin_hits_free(struct builtin_hits *h)
{
	for (size_t i = 0; i < h->n; i++)
		free(h->v[i].path);
	free(h->v);
	h->v = NULL;
	h->n = 0;
}
