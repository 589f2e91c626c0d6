/* libzapp/builtin_paths.c: the table of directories compiled into
 * libraries that a Zapp's copy must not keep, and of variables its loader
 * must not read (builtin_paths.h), and how they are found and made to
 * lead nowhere.
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
 * t5950, t5960, t5070; the glibc loaders of i386 and AArch64 too, the
 * latter under qemu-aarch64-static, t5070, t6100-t6130, t6200).  The strings were also checked to be referenced
 * only at their first byte (objdump: no code or relocation points inside
 * them).
 *
 * musl's loader searches the directories of the caller's LD_LIBRARY_PATH
 * before the Zapp's: the name it asks getenv for is edited too, so that
 * it names no variable (BUILTIN_ENVNAME: the first byte only, so that
 * tails stay); a loader that does not have the name once is left as it
 * is, and zapp-check reports it.
 *
 * glibc's loader (the Zapp's lib/ld-linux-*.so.*) has more than strings
 * to edit: the default directories are one array of strings read by a
 * table of their lengths, and the legacy hwcaps subdirectories come from a
 * tunable's default value.  Each of those edits first checks that the data
 * has the shape glibc 2.36's source gives it, and leaves it as it is
 * otherwise (builtin_hit.refused says why).  Code is never edited.
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

/* glibc's loaders of the machines a Zapp can be for (target.c): Debian 12's
 * glibc 2.36 for amd64, i386 (libc6:i386, and libc6-i386's /lib32 one of
 * gcc -m32) and arm64, each of whose rows below was checked against. */
#define GLIBC_LDSO "ld-linux-x86-64.so.2 ld-linux.so.2 ld-linux-aarch64.so.1"

/* Sorted by libs, then path (strcmp): tests/unit/builtin_paths.c checks it. */
const struct builtin_path builtin_paths_table[] = {
	/* glibc's loader (elf/dl-cache.c, LD_SO_CACHE): the host's cache of
	 * library names, consulted for a name no RUNPATH directory holds,
	 * before the default directories.  A name the Zapp does not hold
	 * is then found among the host's libraries. */
	{ GLIBC_LDSO, "/etc/ld.so.cache", NULL, NULL, "the host's cache of libraries", BUILTIN_PREFIX },
	/* elf/rtld.c, preload_file: the libraries the host preloads into
	 * every program it starts. */
	{ GLIBC_LDSO, "/etc/ld.so.preload", NULL, NULL, "the host's preloaded libraries", BUILTIN_PREFIX },
	/* elf/dl-load.c, system_dirs and system_dirs_len: the default
	 * directories, searched after the RUNPATH ones and the cache (each
	 * under the hwcaps subdirectories too), and copied by length, which
	 * is why the lengths change with them.  A row's path is the whole
	 * list, ':'-joined (one row for each list of Debian's builds).
	 * dl-diagnostics.c has a copy that --list-diagnostics prints, walked
	 * by strlen: on x86-64 and i386 it does not start after a NUL and
	 * stays; on arm64 it does, and is edited the same way (its --list-
	 * diagnostics then says where the loader searches).  The loader
	 * asserts that each starts with '/': BUILTIN_NOWHERE_DIR, where a
	 * lookup fails with ENOENT as in an empty root (under /dev/null/, it
	 * would be ENOTDIR), 7 bytes long like libc6-i386's "/lib32/".  The
	 * first turn of _dl_init_paths's loop was made constants by GCC in
	 * each of the 4 loaders (objdump: its length and where the second
	 * starts), which is why the first keeps its place and length. */
	{ GLIBC_LDSO, "/lib/*-linux-gnu/:/usr/lib/*-linux-gnu/:/lib/:/usr/lib/", NULL, NULL,
	  "the host's default library directories", BUILTIN_DIRLIST },
	/* libc6-i386, the i386 glibc of an amd64 Debian (gcc -m32) */
	{ GLIBC_LDSO, "/lib32/:/usr/lib32/:/lib/:/usr/lib/", NULL, NULL, "the host's default library directories",
	  BUILTIN_DIRLIST },
	/* elf/dl-hwcaps.c: the hwcap mask (default HWCAP_IMPORTANT: the
	 * x86_64 and avx512_1 capabilities; i386's sse2, sysdeps/x86/
	 * dl-hwcap.h; AArch64's atomics, sysdeps/unix/sysv/linux/aarch64/
	 * dl-procinfo.h) picks the legacy subdirectories
	 * of every search directory that are tried before it, with the
	 * platform's (the kernel's AT_PLATFORM) and tls/, whose probes stay
	 * (tls/ is in the code).  With a mask of 0 (LD_HWCAP_MASK still
	 * sets one), 3 of the 7 legacy subdirectories are left (i386:
	 * tls/i686/, tls/, i686/; AArch64 under qemu: the same with
	 * aarch64). */
	{ GLIBC_LDSO, "glibc.cpu.hwcap_mask", NULL, NULL, "legacy hwcaps subdirectories", BUILTIN_TUNABLE },
	/* sysdeps/x86_64/dl-hwcaps-subdirs.c, _dl_hwcaps_subdirs: the
	 * glibc-hwcaps/ subdirectories of every search directory, tried
	 * before it; a Zapp keeps its libraries flat in lib/.  Emptied, the
	 * list has no item (--glibc-hwcaps-prepend still adds some).  i386's
	 * and AArch64's loaders have none: glibc 2.36 gives them the generic
	 * elf/dl-hwcaps-subdirs.c, whose list is "" (ld.so --help: "No
	 * subdirectories of glibc-hwcaps directories are searched"). */
	{ GLIBC_LDSO, "x86-64-v[0-9]*", NULL, NULL, "glibc-hwcaps subdirectories", BUILTIN_EMPTY },
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
	{ "ld-musl-*.so.1", "%.*s/etc/ld-musl-*.path", NULL, NULL, "musl's path file", BUILTIN_PREFIX },
	{ "ld-musl-*.so.1", "/lib:/usr/local/lib:/usr/lib", NULL, NULL, "musl's default library directories",
	  BUILTIN_PREFIX },
	/* ldso/dynlink.c, __dls3: env_path = getenv("LD_LIBRARY_PATH"),
	 * which load_library searches before the objects' RUNPATH or
	 * RPATH (glibc searches a DT_RPATH first): a caller's directory
	 * holding a library of a name the Zapp holds (one built for glibc)
	 * would win over the Zapp's copy, for every name and for dlopen.
	 * Edited, the name is "=D_LIBRARY_PATH", for which getenv answers
	 * NULL (l == 0), so the Zapp's musl searches no such directory;
	 * the variable stays in the environment, for the program and the
	 * host programs it starts.  LD_PRELOAD, the next string, stays:
	 * the user's choice, as for glibc.  In musl 1.2.3 the name is one
	 * string, referenced once (by __dls3), at its first byte (t6000). */
	{ "ld-musl-*.so.1", "LD_LIBRARY_PATH", NULL, NULL, "the caller's library path, searched before the Zapp's lib/",
	  BUILTIN_ENVNAME },
	/* ImageMagick's configuration (policy.xml, delegates.xml, ...):
	 * configure.c reads MAGICK_CONFIGURE_PATH's directories (the Zapp's,
	 * runenv.c), then these compiled-in ones, each of which adds to what
	 * is read: the host's /etc/ImageMagick-6/policy.xml, for one.  Taken
	 * out where the Zapp holds the directory; where it does not, the
	 * host's configuration is all the program has. */
	{ MAGICKCORE, "/*/ImageMagick-*/config-Q*", NULL, "", "ImageMagick's configuration", BUILTIN_PREFIX },
	{ MAGICKCORE, "/*/share/ImageMagick-*", NULL, "", "ImageMagick's shared configuration", BUILTIN_PREFIX },
	{ MAGICKCORE, "/etc/ImageMagick-*", NULL, "", "ImageMagick's configuration", BUILTIN_PREFIX },
	/* glibc's iconv (gconv_conf.c): after GCONV_PATH's directories, the
	 * compiled-in one, whose gconv-modules and gconv-modules.d/ are
	 * read and whose modules are loaded for a conversion the first ones
	 * lack.  gconv modules are code linked against one glibc's private
	 * symbols: a Zapp's glibc never loads another one's, also when the
	 * Zapp holds none (--glibc-pieces=none: the conversions glibc has
	 * built in, UTF-8 among them, still work).  The string is an array
	 * (default_gconv_path), copied with its size: the edited one is as
	 * long. */
	{ "libc.so.6", "/*/gconv", NULL, NULL, "glibc's gconv modules", BUILTIN_PREFIX },
	/* Without GCONV_PATH (a program that unsets it before converting),
	 * the module cache of the compiled-in directory, and the modules it
	 * names. */
	{ "libc.so.6", "/*/gconv/gconv-modules.cache", NULL, NULL, "glibc's gconv module cache", BUILTIN_PREFIX },
	/* setlocale's locale.alias (localealias.c, LOCALE_ALIAS_PATH: a
	 * list of directories, read for every locale name asked for); taken
	 * out where the Zapp holds a copy.  _nl_default_dirname, the
	 * directory of message catalogs, has the same bytes and stays: it is
	 * data of the user's language, which the Zapp does not hold. */
	{ "libc.so.6", "/*/share/locale", "_nl_default_dirname", "locale.alias", "setlocale's locale.alias", BUILTIN_PREFIX },
};
#define NENTRIES (sizeof builtin_paths_table / sizeof builtin_paths_table[0])
const size_t builtin_paths_table_size = NENTRIES;

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

static struct builtin_hit *add_hit(struct builtin_hits *out, GElf_Off off, const char *s,
				   const struct builtin_path *b)
{
	struct builtin_hit *v = realloc(out->v, (out->n + 1) * sizeof *v);
	if (!v)
		return zfail("out of memory"), NULL;
	out->v = v;
	memset(&v[out->n], 0, sizeof v[out->n]);
	if (!(v[out->n].path = strdup(s)))
		return zfail("out of memory"), NULL;
	v[out->n].off = off;
	v[out->n].entry = b;
	return &v[out->n++];
}

/* A run of BUILTIN_DIRLIST strings, each right after the other's NUL. */
struct dirrun {
	GElf_Off off, end;	/* end: after the last NUL */
	size_t n;
	size_t lens[16];
	char joined[1024];
};

/* What the search of one file needs to know. */
struct scan {
	const struct builtin_path *const *ents;
	size_t nents;
	const GElf_Off *keep;
	size_t nkeep;
	builtin_held_fn *held;
	void *ctx;
	struct builtin_hits *out;
	struct zelf *z;
	const unsigned char *raw;	/* the file's bytes */
	size_t rawsize;
	struct dirrun run;
	int dirs_seen;		/* a BUILTIN_DIRLIST hit, or a string edited so */
	/* BUILTIN_ENVNAME entries, by their index in ents: their hit's index
	 * in out, plus one (0: the name was not seen), and whether the
	 * edited name was seen */
	size_t env_hit[NENTRIES];
	int env_edited[NENTRIES];
};

/* The word of the file's class (4 or 8 bytes) and byte order at raw. */
static unsigned long long word_at(const struct scan *sc, const unsigned char *p, size_t size)
{
	unsigned long long v = 0;
	int msb = sc->z->ehdr.e_ident[EI_DATA] == ELFDATA2MSB;
	for (size_t i = 0; i < size; i++)
		v |= (unsigned long long)p[msb ? size - 1 - i : i] << (8 * i);
	return v;
}

static size_t word_size(const struct zelf *z)
{
	return z->ehdr.e_ident[EI_CLASS] == ELFCLASS64 ? 8 : 4;
}

/* The run's table of lengths: the words of its strings' lengths, at a
 * word-aligned offset, once in the file. */
static const char *find_table(const struct scan *sc, const struct dirrun *r, GElf_Off *at)
{
	size_t w = word_size(sc->z), need = r->n * w, found = 0;
	for (GElf_Off o = 0; o + need <= sc->rawsize; o += w) {
		size_t k = 0;
		while (k < r->n && word_at(sc, sc->raw + o + k * w, w) == r->lens[k])
			k++;
		if (k == r->n && found++ == 0)
			*at = o;
	}
	if (found != 1)
		return found ? "the table of their lengths is found more than once in the file"
			     : "the table of their lengths is not found in the file";
	if (*at + need > r->off && *at < r->end)
		return "the table of their lengths overlaps them";
	return NULL;
}

/* The BUILTIN_DIRLIST entry whose list is the run's (a run whose first
 * string is not whole has fewer), or NULL. */
static const struct builtin_path *run_entry(const struct scan *sc, const struct dirrun *r)
{
	for (size_t e = 0; r->n >= 2 && e < sc->nents; e++)
		if (sc->ents[e]->edit == BUILTIN_DIRLIST && fnmatch(sc->ents[e]->path, r->joined, FNM_PATHNAME) == 0)
			return sc->ents[e];
	return NULL;
}

/* The run is over: it is a hit, with its table, when it is the list of a
 * BUILTIN_DIRLIST entry. */
static int end_run(struct scan *sc)
{
	struct dirrun *r = &sc->run;
	const struct builtin_path *b = run_entry(sc, r);
	int ret = 0;
	if (b) {
		struct builtin_hit *h = add_hit(sc->out, r->off, r->joined, b);
		sc->dirs_seen = 1;
		if (!h)
			ret = -1;
		else {
			h->size = r->end - r->off;
			h->n = r->n;
			h->refused = find_table(sc, r, &h->table);
			if (!h->refused && r->lens[0] < BUILTIN_NOWHERE_DIR_LEN)
				h->refused = "the first is too short to lead nowhere";
			else if (!h->refused
				 && h->size < r->lens[0] + 1 + (h->n - 1) * (BUILTIN_NOWHERE_DIR_LEN + 1))
				h->refused = "they are too short to hold as many directories that lead nowhere";
		}
	}
	r->n = 0;
	return ret;
}

static int add_to_run(struct scan *sc, const char *s, size_t len, GElf_Off off)
{
	struct dirrun *r = &sc->run;
	if (r->n && (r->end != off || r->n == sizeof r->lens / sizeof r->lens[0]
		     || strlen(r->joined) + 1 + len >= sizeof r->joined) && end_run(sc) < 0)
		return -1;
	if (!r->n) {
		r->off = off;
		r->joined[0] = '\0';
	}
	if (r->n)
		strcat(r->joined, ":");
	if (strlen(r->joined) + len < sizeof r->joined)
		strcat(r->joined, s);
	r->lens[r->n++] = len;
	r->end = off + len + 1;
	return 0;
}

/* Is s (a directory: '/' at both ends) one of the ':'-separated
 * directories of a BUILTIN_DIRLIST entry's list? */
static int in_dirlist(const struct builtin_path *b, const char *s, size_t len)
{
	char pat[256];
	if (b->edit != BUILTIN_DIRLIST || s[0] != '/' || s[len - 1] != '/')
		return 0;
	for (const char *p = b->path; *p; ) {
		size_t n = strcspn(p, ":");
		if (n < sizeof pat) {
			memcpy(pat, p, n);
			pat[n] = '\0';
			if (fnmatch(pat, s, FNM_PATHNAME) == 0)
				return 1;
		}
		p += n;
		p += *p == ':';
	}
	return 0;
}

/* A ':'-separated list of names of [A-Za-z0-9_.-], none empty. */
static int is_name_list(const char *s)
{
	for (const char *p = s; ; p++) {
		if (*p == ':' || !*p) {
			if (p == s || p[-1] == ':')
				return 0;
			if (!*p)
				return 1;
		} else if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-", *p))
			return 0;
	}
}

/* A string that is the name of a BUILTIN_ENVNAME entry, or the name
 * edited: the name is a hit the first time, refused when it is there
 * again. */
static int env_name(struct scan *sc, const char *s, GElf_Off off, size_t e)
{
	const struct builtin_path *b = sc->ents[e];
	if (s[0] == BUILTIN_NO_VARIABLE) {
		sc->env_edited[e] = 1;
		return 0;
	}
	if (sc->env_hit[e]) {
		sc->out->v[sc->env_hit[e] - 1].refused = "it is there more than once";
		return 0;
	}
	if (!add_hit(sc->out, off, s, b))
		return -1;
	sc->env_hit[e] = sc->out->n;
	return 0;
}

/* One string of the file's read-only data (zelf_rodata_each): taken when
 * an entry names it. */
static int scan_one(const char *s, size_t len, GElf_Off off, void *arg)
{
	struct scan *sc = arg;
	if (strncmp(s, BUILTIN_NOWHERE_DIR, BUILTIN_NOWHERE_DIR_LEN) == 0
	    || strncmp(s, BUILTIN_NOWHERE_DIR_BEFORE, strlen(BUILTIN_NOWHERE_DIR_BEFORE)) == 0)
		sc->dirs_seen = 1;
	if (len < 2 || strncmp(s, BUILTIN_NOWHERE, BUILTIN_NOWHERE_LEN) == 0)
		return 0;
	for (size_t k = 0; k < sc->nkeep; k++)
		if (sc->keep[k] == off)
			return 0;
	for (size_t e = 0; e < sc->nents; e++) {
		const struct builtin_path *b = sc->ents[e];
		if (b->edit == BUILTIN_ENVNAME) {
			if (strcmp(s + 1, b->path + 1) == 0 && (s[0] == b->path[0] || s[0] == BUILTIN_NO_VARIABLE))
				return env_name(sc, s, off, e);
			continue;
		}
		if (b->edit == BUILTIN_DIRLIST) {
			if (in_dirlist(b, s, len))
				return add_to_run(sc, s, len, off);
			continue;
		}
		if (b->edit == BUILTIN_TUNABLE || fnmatch(b->path, s, 0) != 0)
			continue;
		if (b->edit == BUILTIN_PREFIX
		    && (len < BUILTIN_NOWHERE_LEN
			|| (b->held && !place_held(s, b->held, sc->held, sc->ctx))))
			continue;
		if (b->edit == BUILTIN_EMPTY) {
			struct builtin_hit *h = add_hit(sc->out, off, s, b);
			if (h && !is_name_list(s))
				h->refused = "it is not a list of names";
			return h ? 0 : -1;
		}
		return add_hit(sc->out, off, s, b) ? 0 : -1;
	}
	return 0;
}

/* glibc 2.36's struct _tunable after the name (elf/dl-tunable-types.h),
 * for a 64-bit number: type code 1 (TUNABLE_TYPE_UINT_64), min 0, max ~0,
 * the value, initialized (false), the security level, the LD_ alias.  A
 * 64-bit number is aligned to 8 in a struct, to 4 on i386 (whose loader
 * has the same fields 4 bytes closer: type code, min, max and value at 0,
 * 4, 12 and 20, not 0, 8, 16 and 24).  The value's offset, or 0 when the
 * data is not that. */
static GElf_Off tunable_value(const struct scan *sc, const char *s, size_t len, GElf_Off off)
{
	const unsigned char *b = sc->raw;
	GElf_Off t = off + len + 1, a;
	(void)s;
	if (sc->z->ehdr.e_ident[EI_CLASS] == ELFCLASS64)
		a = 8;
	else if (sc->z->ehdr.e_machine == EM_386)
		a = 4;
	else
		return 0;
	if (off % a)
		return 0;
	while (t < sc->rawsize && t - off < 256 && !b[t])
		t++;
	t &= ~(a - 1);
	/* min, max, value, initialized, security level, alias */
	GElf_Off mn = t + a, mx = mn + 8, v = mx + 8, in = v + 8, sl = in + 4, al = sl + 4;
	if (t < off + len + 1 || al + 8 > sc->rawsize)
		return 0;
	if (word_at(sc, b + t, 4) != 1 || (a == 8 && word_at(sc, b + t + 4, 4) != 0) || word_at(sc, b + mn, 8) != 0
	    || word_at(sc, b + mx, 8) != ~0ULL || b[in] > 1 || word_at(sc, b + sl, 4) > 2
	    || memcmp(b + al, "LD_", 3) != 0 || !memchr(b + al, '\0', sc->rawsize - al))
		return 0;
	return v;
}

/* One string of the file's data made read-only after relocation: the
 * name of a tunable an entry names. */
static int scan_relro(const char *s, size_t len, GElf_Off off, void *arg)
{
	struct scan *sc = arg;
	for (size_t e = 0; e < sc->nents; e++) {
		const struct builtin_path *b = sc->ents[e];
		if (b->edit != BUILTIN_TUNABLE || fnmatch(b->path, s, 0) != 0)
			continue;
		GElf_Off v = tunable_value(sc, s, len, off);
		if (v && word_at(sc, sc->raw + v, 8) == 0)
			return 0;	/* edited */
		struct builtin_hit *h = add_hit(sc->out, v ? v : off, s, b);
		if (h && !v)
			h->refused = "its data is not glibc 2.36's tunable of a 64-bit number";
		return h ? 0 : -1;
	}
	return 0;
}

/* A loader with BUILTIN_DIRLIST entries none of whose lists it has, as
 * they are or edited: its default directories are another build's, which
 * the table does not know, and are refused (never a loader edited but for
 * them, with no word of it). */
static int dirs_missing(struct scan *sc)
{
	for (size_t e = 0; !sc->dirs_seen && e < sc->nents; e++)
		if (sc->ents[e]->edit == BUILTIN_DIRLIST) {
			struct builtin_hit *h = add_hit(sc->out, 0, "its default directories", sc->ents[e]);
			if (!h)
				return -1;
			h->refused = "no list of the table is in the file";
			return 0;
		}
	return 0;
}

/* The names of BUILTIN_ENVNAME entries the file has neither as they are
 * nor edited. */
static int env_missing(struct scan *sc)
{
	for (size_t e = 0; e < sc->nents; e++)
		if (sc->ents[e]->edit == BUILTIN_ENVNAME && !sc->env_hit[e] && !sc->env_edited[e]) {
			struct builtin_hit *h = add_hit(sc->out, 0, sc->ents[e]->path, sc->ents[e]);
			if (!h)
				return -1;
			h->refused = "it is not a string of the file's read-only data";
		}
	return 0;
}

int builtin_paths_find(const char *path, const char *name, builtin_held_fn *held, void *ctx,
		       struct builtin_hits *out)
{
	const struct builtin_path *ents[NENTRIES];
	GElf_Off keep[NENTRIES];
	size_t nents = 0, nkeep = 0, tunables = 0;
	struct zelf z;
	int r = 0;
	out->v = NULL;
	out->n = 0;
	for (size_t i = 0; i < builtin_paths_table_size; i++)
		if (lib_matches(&builtin_paths_table[i], name)) {
			ents[nents++] = &builtin_paths_table[i];
			tunables += builtin_paths_table[i].edit == BUILTIN_TUNABLE;
		}
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
	struct scan sc = { ents, nents, keep, nkeep, held, ctx, out, &z, NULL, 0, { 0 }, 0, { 0 }, { 0 } };
	sc.raw = (const unsigned char *)elf_rawfile(z.elf, &sc.rawsize);
	if (!sc.raw)
		r = zfail("cannot read it: %s", elf_errmsg(-1));
	if (r == 0)
		r = zelf_rodata_each(&z, scan_one, &sc);
	if (r == 0)
		r = end_run(&sc);
	if (r == 0)
		r = dirs_missing(&sc);
	if (r == 0)
		r = env_missing(&sc);
	if (r == 0 && tunables)
		r = zelf_relro_each(&z, scan_relro, &sc);
	zelf_close(&z);
	if (r < 0)
		builtin_hits_free(out);
	return r;
}

/* The patches of one hit. */
static int edit_one(struct zelf *z, struct zpatches *p, const struct builtin_hits *h, size_t i)
{
	const struct builtin_hit *x = &h->v[i];
	unsigned char *buf;
	size_t w = word_size(z);
	switch (x->entry->edit) {
	case BUILTIN_PREFIX:
		if (zpatches_add(p, x->off, BUILTIN_NOWHERE_LEN, (void **)&buf) < 0)
			return -1;
		memcpy(buf, BUILTIN_NOWHERE, BUILTIN_NOWHERE_LEN);
		/* a list of directories (musl's default) becomes one path under
		 * /dev/null: its colons become slashes */
		for (size_t k = BUILTIN_NOWHERE_LEN; x->path[k]; k++)
			if (x->path[k] == ':') {
				if (zpatches_add(p, x->off + k, 1, (void **)&buf) < 0)
					return -1;
				*buf = '/';
			}
		return 0;
	case BUILTIN_EMPTY:
		return zpatches_add(p, x->off, 1, (void **)&buf);
	case BUILTIN_TUNABLE:
		return zpatches_add(p, x->off, 8, (void **)&buf);
	case BUILTIN_ENVNAME:
		if (zpatches_add(p, x->off, 1, (void **)&buf) < 0)
			return -1;
		*buf = BUILTIN_NO_VARIABLE;
		return 0;
	case BUILTIN_DIRLIST: {
		/* The first keeps its place and length, the code has them
		 * (GCC made constants of the first turn of the loader's loop:
		 * the first length, and where the second starts); the others
		 * follow it, each as long as BUILTIN_NOWHERE_DIR. */
		size_t first = strcspn(x->path, ":") + 1, rest = (size_t)x->size - first;
		if (zpatches_add(p, x->off, BUILTIN_NOWHERE_DIR_LEN, (void **)&buf) < 0)
			return -1;
		memcpy(buf, BUILTIN_NOWHERE_DIR, BUILTIN_NOWHERE_DIR_LEN);
		if (zpatches_add(p, x->off + first, rest, (void **)&buf) < 0)
			return -1;
		for (size_t k = 0; k + 1 < x->n; k++)
			memcpy(buf + k * (BUILTIN_NOWHERE_DIR_LEN + 1), BUILTIN_NOWHERE_DIR, BUILTIN_NOWHERE_DIR_LEN);
		if (zpatches_add(p, x->table + w, (x->n - 1) * w, (void **)&buf) < 0)
			return -1;
		for (size_t k = 0; k + 1 < x->n; k++)
			buf[k * w + (z->ehdr.e_ident[EI_DATA] == ELFDATA2MSB ? w - 1 : 0)] = BUILTIN_NOWHERE_DIR_LEN;
		return 0;
	}
	}
	return zfail("internal error: edit %d", (int)x->entry->edit);
}

int builtin_paths_edit(const char *path, const struct builtin_hits *h)
{
	struct zelf z;
	struct zpatches p = { 0 };
	int r = 0;
	size_t todo = 0;
	for (size_t i = 0; i < h->n; i++)
		todo += !h->v[i].refused;
	if (!todo)
		return 0;
	if (zelf_open(&z, path) < 0)
		return -1;
	for (size_t i = 0; i < h->n && r == 0; i++)
		if (!h->v[i].refused)
			r = edit_one(&z, &p, h, i);
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

const char *builtin_paths_done(const struct builtin_path *b)
{
	switch (b->edit) {
	case BUILTIN_EMPTY:
		return "list nothing";
	case BUILTIN_TUNABLE:
		return "default to 0";
	case BUILTIN_ENVNAME:
		return "name no variable";
	case BUILTIN_PREFIX:
	case BUILTIN_DIRLIST:
		break;
	}
	return "lead nowhere";
}
