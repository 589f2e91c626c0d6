/* zapp-assemble/glibc_pieces.c: what glibc loads at run time by itself,
 * for a Zapp that holds glibc (lib/libc.so.6), from the same glibc as
 * that libc.so.6 (the host's or --sysroot's):
 *
 *   - the gconv modules iconv(3) loads, from LIBDIR/gconv (LIBDIR the
 *     directory of libc.so.6), at their place relative to glibc's prefix:
 *     lib/x86_64-linux-gnu/gconv.  --glibc-pieces=common (the default):
 *     the configuration (gconv-modules, gconv-modules.d/,
 *     gconv-modules.cache) and the modules of the table below, about 2 MB
 *     on Debian 12; --glibc-pieces=all: the whole directory (8.2 MB, 256
 *     files).
 *   - the C.UTF-8 locale, PREFIX/lib/locale/C.utf8, at lib/locale/C.utf8
 *     (400 KB).
 *   - the NSS modules "files" and "dns", LIBDIR/libnss_files.so.2 and
 *     libnss_dns.so.2, at lib/ under their names, where the loader finds
 *     them when glibc opens them by name.  Since glibc 2.34 both are built
 *     into libc.so.6; Debian 12's libc6 still ships the two files (14 KB,
 *     empty of code), and any other glibc's are taken when they exist.
 *
 * --glibc-pieces=none: none of them.  A piece that the glibc does not
 * have is passed over (-v says so).  The
 * variables that point glibc at them (GCONV_PATH, LOCPATH) are the
 * launchers' business. */
#include "assemble.h"
#include "report.h"
#include "searchpath.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The gconv modules of --glibc-pieces=common: the ISO 8859, Windows, KOI8, DOS
 * and EBCDIC code pages, the Unicode forms glibc does not hold itself,
 * and the common Chinese, Japanese and Korean encodings with the tables
 * they share (libJIS, libGB, libKSC). */
static const char *const gconv_common[] = {
	"gconv-modules", "gconv-modules.cache", "gconv-modules.d",
	"ISO8859-1.so", "ISO8859-2.so", "ISO8859-3.so", "ISO8859-4.so", "ISO8859-5.so",
	"ISO8859-6.so", "ISO8859-7.so", "ISO8859-8.so", "ISO8859-9.so", "ISO8859-10.so",
	"ISO8859-11.so", "ISO8859-13.so", "ISO8859-14.so", "ISO8859-15.so", "ISO8859-16.so",
	"CP1250.so", "CP1251.so", "CP1252.so", "CP1253.so", "CP1254.so", "CP1255.so",
	"CP1256.so", "CP1257.so", "CP1258.so", "KOI8-R.so", "KOI8-U.so",
	"IBM437.so", "IBM850.so", "IBM852.so", "IBM866.so", "IBM037.so", "IBM500.so", "EBCDIC-US.so",
	"UTF-16.so", "UTF-32.so", "UTF-7.so", "UNICODE.so",
	"EUC-JP.so", "SJIS.so", "CP932.so", "ISO-2022-JP.so", "libJIS.so",
	"EUC-KR.so", "UHC.so", "ISO-2022-KR.so", "libKSC.so",
	"EUC-CN.so", "GBK.so", "GB18030.so", "BIG5.so", "BIG5HKSCS.so", "libGB.so",
};

static const char *const nss_modules[] = { "libnss_files.so.2", "libnss_dns.so.2" };

/* path, when it exists, included at dest. */
static int piece(struct plan *p, struct options *o, const char *path, const char *dest)
{
	struct stat st;
	if (stat(path, &st) < 0) {
		if (o->verbose)
			zerr(path, "not in the Zapp: this glibc has none");
		return 0;
	}
	o->glibc_piece = 1;
	int r = include_path(p, o, path, dest, "glibc");
	o->glibc_piece = 0;
	return r;
}

int glibc_pieces(struct plan *p, struct options *o)
{
	struct entry *libc = plan_find(p, "lib/libc.so.6");
	char real[PATH_MAX], libdir[PATH_MAX], prefix[PATH_MAX], path[PATH_MAX * 3], dest[PATH_MAX * 2];
	/* a Zapp's or a tree's own libc brings its own pieces, if any */
	if (o->glibc_pieces == PIECES_NONE || !libc || !libc->src || libc->from_tree || !realpath(libc->src, real))
		return 0;
	snprintf(libdir, sizeof libdir, "%s", real);
	*strrchr(libdir, '/') = '\0';
	if (prefix_of(real, prefix, sizeof prefix) < 0)
		return 0;
	const char *in = path_under(libdir, prefix);	/* lib/x86_64-linux-gnu */
	if (!in || !*in)
		return 0;
	/* glibc's own /lib not merged into /usr/lib: the pieces are in /usr */
	const char *top = strcmp(prefix, "/") ? prefix : "";
	{
		char gdir[PATH_MAX * 2 + 16];
		snprintf(gdir, sizeof gdir, "%s/gconv", libdir);
		if (access(gdir, F_OK) < 0)
			snprintf(gdir, sizeof gdir, "%s/usr/%s/gconv", top, in);
		if (o->glibc_pieces == PIECES_ALL) {
			snprintf(dest, sizeof dest, "%s/gconv", in);
			if (piece(p, o, gdir, dest) < 0)
				return -1;
		} else {
			for (size_t i = 0; i < sizeof gconv_common / sizeof gconv_common[0]; i++) {
				snprintf(path, sizeof path, "%s/%s", gdir, gconv_common[i]);
				snprintf(dest, sizeof dest, "%s/gconv/%s", in, gconv_common[i]);
				if (piece(p, o, path, dest) < 0)
					return -1;
			}
		}
	}
	snprintf(path, sizeof path, "%s/lib/locale/C.utf8", top);
	if (access(path, F_OK) < 0)
		snprintf(path, sizeof path, "%s/usr/lib/locale/C.utf8", top);
	if (piece(p, o, path, "lib/locale/C.utf8") < 0)
		return -1;
	for (size_t i = 0; i < sizeof nss_modules / sizeof nss_modules[0]; i++) {
		snprintf(path, sizeof path, "%s/%s", libdir, nss_modules[i]);
		snprintf(dest, sizeof dest, "lib/%s", nss_modules[i]);
		if (piece(p, o, path, dest) < 0)
			return -1;
	}
	return 0;
}
