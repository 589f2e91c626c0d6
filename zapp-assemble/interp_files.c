/* zapp-assemble/interp_files.c: the table of interpreters and the
 * run-time files each needs to start and to run what it is given — its
 * standard library — and the reading of it (interp_files.h).
 *
 * An interpreter is known by the file name of its real program (the file
 * a link such as /usr/bin/python3 leads to): python3.11, perl5.36.0.
 * Its directories are relative to its prefix (docs/layout.md, rule 14:
 * /usr for /usr/bin/python3.11), found one of two ways:
 *
 *   INTERP_BY_NAME     the directory is named after the program:
 *                      "lib/%N" is lib/python3.11 for python3.11.  Python
 *                      finds it from its own location (the launcher's),
 *                      as it finds PREFIX/lib/python3.11 on the host.
 *                      %V is the program's version, its name from the
 *                      first digit on: "share/tcltk/tcl%V" is
 *                      share/tcltk/tcl8.6 for tclsh8.6.
 *   INTERP_COMPILED_IN the program's read-only data names it (a path
 *                      compiled in, whose last components match the
 *                      pattern): Debian's perl holds "/usr/share/perl/5.36",
 *                      "/usr/lib/x86_64-linux-gnu/perl/5.36" and
 *                      ".../perl-base" as its @INC; each gives the same
 *                      path under the prefix the program was taken from
 *                      (the host's /usr, or --sysroot's).  The launcher's
 *                      PERL5LIB (libzapp/runenv.c) points perl at them.
 *
 * What is taken, measured on Debian 12 (amd64):
 *
 *   python3.11  lib/python3.11: the standard library with lib-dynload/
 *               (the extension modules: _ssl, _sqlite3, _decimal, ...)
 *               and the compiled __pycache__ files: 1332 files, 25 MiB.
 *               Left out: config-3.11-x86_64-linux-gnu/ (libpython3.11.a
 *               twice, a Makefile: 25 MB, for building against Python,
 *               not for running it), test/ (the regression suite: its
 *               support files, 0.9 MB, in Debian's libpython3.11-stdlib,
 *               the whole suite in a build from source), site-packages/
 *               and dist-packages/ (other packages').
 *               /usr/lib/python3/dist-packages (pip, apt's modules and
 *               whatever else the host has: 57 MB here) is not Python's:
 *               --include or --detect brings it.
 *   perl        the core modules, as Debian's perl-base, perl-modules-5.36
 *               and libperl5.36 install them: lib/x86_64-linux-gnu/perl-base
 *               (POSIX, strict, ...: 5.4 MB), lib/x86_64-linux-gnu/perl/5.36
 *               (the XS modules, Storable, Encode, ...: 18 MB) and
 *               share/perl/5.36 (JSON::PP, ...: 21 MB): 2100 files,
 *               36 MiB.  Left out: CORE/ (perl's headers, for building XS
 *               modules: 8 MB).  Not taken: /etc/perl (the machine's
 *               configuration), /usr/share/perl5 and
 *               lib/x86_64-linux-gnu/perl5/5.36 (other packages' modules),
 *               /usr/local (the machine's own).
 *   tclsh8.6    share/tcltk/tcl8.6, as Debian's libtcl8.6 installs it:
 *               init.tcl and the scripts it sources, encoding/ (the
 *               .enc files of every encoding but the built-in ones),
 *               msgs/ (clock's), http1.0/ and opt0.4/ (packages of a
 *               pkgIndex.tcl) and tcl8/ (the Tcl modules: msgcat, http,
 *               platform, tcltest): 227 files, 2.1 MiB.  The directory
 *               is compiled into libtcl8.6.so, not into tclsh8.6, and
 *               Tcl looks there before the places relative to its
 *               executable (../lib/tcl8.6, ../library, ...), which are
 *               not where the placement rule puts it; the launcher's
 *               TCL_LIBRARY and TCL8_6_TM_PATH (libzapp/runenv.c) point
 *               Tcl at the Zapp's copy.  Not taken: the rest of /usr/share/tcltk
 *               other than tcl8.6 (Tk's, other packages'),
 *               /usr/lib/tcltk (other packages' binary extensions).
 *
 * zapp-check (check_interp.c) looks for a row's landmarks where its
 * program will look, and knows a program by what it is when its name in
 * the Zapp is not the row's (interp_identify): Python's main by
 * Py_BytesMain, its version by the libpython3.N.so it needs or by its
 * Py_Version (3.11 on; a python3.10 linked statically and renamed is not
 * known).
 *
 * Not in the table: lua and ruby (not installed where the tests run:
 * untested); Tcl 9, which keeps its library in a zip archive inside
 * libtcl9.0.so (untested). */
#include "interp_files.h"
#include "report.h"
#include "zelf.h"

#include <fnmatch.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>


static const char *const python_dirs[] = { "lib/%N", "lib64/%N", NULL };
static const char *const python_out[] = { "config-3.*", "dist-packages", "site-packages", "test", NULL };
static const char *const perl_dirs[] = { "lib/*/perl-base", "lib/*/perl/5.*", "share/perl/5.*", NULL };
static const char *const perl_out[] = { "CORE", NULL };
static const char *const tcl_dirs[] = { "share/tcltk/tcl%V", NULL };
/* Python's STDLIB_LANDMARKS (Modules/getpath.py); perl's first module */
static const char *const python_marks[] = { "os.py", "os.pyc", NULL };
static const char *const perl_marks[] = { "strict.pm", NULL };
#define PY_FAILS "Python cannot start (Fatal Python error: init_fs_encoding: No module named 'encodings')"
#define PERL_FAILS "`use strict;` fails, and every other module"

/* Sorted by name (strcmp): tests/unit/interp_files.c checks it, and that
 * no name matches two rows. */
const struct interp interp_table[] = {
	{ "perl", INTERP_COMPILED_IN, perl_dirs, perl_out, "core modules", perl_marks, 0, PERL_FAILS },
	{ "perl5.[0-9]*.[0-9]*", INTERP_COMPILED_IN, perl_dirs, perl_out, "core modules", perl_marks, 0, PERL_FAILS },
	{ "python3.[0-9]", INTERP_BY_NAME, python_dirs, python_out, "standard library", python_marks, 1, PY_FAILS },
	{ "python3.[0-9][0-9]", INTERP_BY_NAME, python_dirs, python_out, "standard library", python_marks, 1,
	  PY_FAILS },
	/* TCL_LIBRARY's "without" (libzapp/runenv.c) says what Tcl lacks */
	{ "tclsh8.[0-9]", INTERP_BY_NAME, tcl_dirs, NULL, "library", NULL, 0, NULL },
};
const size_t interp_table_size = sizeof interp_table / sizeof interp_table[0];

const struct interp *interp_find(const char *name)
{
	for (size_t i = 0; i < interp_table_size; i++)
		if (fnmatch(interp_table[i].name, name, 0) == 0)
			return &interp_table[i];
	return NULL;
}

/* Python's version as its Py_Version holds it (PY_VERSION_HEX, an
 * unsigned long: 0x030b02f0 is 3.11.2), where the file defines it. */
static int py_version(const char *path, unsigned *major, unsigned *minor)
{
	struct zelf z;
	GElf_Addr a;
	GElf_Off off;
	unsigned char b[8];
	int r = 0;
	if (zelf_open(&z, path) < 0)
		return -1;
	size_t n = z.ehdr.e_ident[EI_CLASS] == ELFCLASS64 ? 8 : 4;
	if (zelf_dynsym_value(&z, "Py_Version", &a) == 1 && zelf_vaddr_to_offset(&z, a, &off) == 0
	    && pread(z.fd, b, n, (off_t)off) == (ssize_t)n) {
		unsigned long long v = 0;
		for (size_t i = 0; i < n; i++)
			v |= (unsigned long long)b[z.ehdr.e_ident[EI_DATA] == ELFDATA2MSB ? n - 1 - i : i] << (8 * i);
		*major = (unsigned)(v >> 24 & 0xff);
		*minor = (unsigned)(v >> 16 & 0xff);
		r = 1;
	}
	zelf_close(&z);
	return r;
}

const struct interp *interp_identify(const char *path, const char *name, char *const *needed, size_t nneeded,
				     char *known, size_t len)
{
	/* what python's main() calls (Programs/python.c), defined where
	 * libpython is linked in, imported from libpython3.N.so.1.0 where it
	 * is not; programs that embed Python (gdb) do not call it */
	static const char *const main_fn[] = { "Py_BytesMain" };
	unsigned major = 0, minor = 0;
	const struct interp *it = interp_find(name);
	if (it) {
		snprintf(known, len, "%s", name);
		return it;
	}
	if (zelf_dynsym_any(path, main_fn, 1, 1) != 1 && zelf_dynsym_any(path, main_fn, 1, 0) != 1)
		return NULL;
	for (size_t i = 0; i < nneeded && !major; i++) {
		char tail[16];
		if (sscanf(needed[i], "libpython%u.%u%15s", &major, &minor, tail) != 3 || strncmp(tail, ".so", 3) != 0)
			major = 0;
	}
	if (!major && py_version(path, &major, &minor) != 1)
		return NULL;
	if (snprintf(known, len, "python%u.%u", major, minor) >= (int)len)
		return NULL;
	return interp_find(known);
}

int interp_left_out(const struct interp *it, const char *child)
{
	for (const char *const *p = it->leave_out; p && *p; p++)
		if (fnmatch(*p, child, 0) == 0)
			return 1;
	return 0;
}

static int push_once(struct strlist *l, const char *s)
{
	if (!strlist_contains(l, s) && strlist_push(l, s) < 0)
		return zfail("out of memory");
	return 0;
}

static size_t components(const char *pattern)
{
	size_t n = 1;
	for (const char *s = pattern; *s; s++)
		n += *s == '/';
	return n;
}

/* The strings of the program that match one pattern, by their tails. */
struct compiled_in {
	const char *pattern;
	size_t parts;
	const char *head;	/* the prefix compiled in: what comes before */
	struct strlist *found;
};

static int compiled_in_one(const char *s, size_t len, GElf_Off off, void *arg)
{
	struct compiled_in *c = arg;
	char path[4096];
	(void)off;
	if (s[0] != '/' || len >= sizeof path)
		return 0;
	memcpy(path, s, len);
	path[len] = '\0';
	/* the last c->parts components: "/usr/share/perl/5.36" gives
	 * "share/perl/5.36" for "share/perl/5.*" */
	size_t k = 0;
	char *tail = NULL;
	for (char *p = path + len; p > path; p--)
		if (p[-1] == '/' && ++k == c->parts) {
			tail = p;
			break;
		}
	if (!tail || fnmatch(c->pattern, tail, FNM_PATHNAME | FNM_PERIOD) != 0)
		return 0;
	/* under the prefix compiled in, not another one (perl's
	 * /usr/local/share/perl/5.36.0 is the machine's, not perl's) */
	tail[-1] = '\0';
	if (strcmp(path, strcmp(c->head, "/") ? c->head : "") != 0)
		return 0;
	return push_once(c->found, tail);
}

int interp_dirs(const struct interp *it, const char *name, const char *real, const char *prefix,
		struct strlist *out)
{
	for (const char *const *d = it->dirs; *d; d++) {
		if (it->how == INTERP_BY_NAME) {
			char dir[4096];
			const char *n = strstr(*d, "%N"), *v = strstr(*d, "%V"), *with = name;
			if (!n && v) {
				n = v;
				with = name + strcspn(name, "0123456789");
			}
			if (!n || !*with)
				return zfail("the table's directory '%s' has no %%N or %%V, or '%s' no version",
					     *d, name);
			snprintf(dir, sizeof dir, "%.*s%s%s", (int)(n - *d), *d, with, n + 2);
			if (push_once(out, dir) < 0)
				return -1;
			continue;
		}
		struct compiled_in c = { *d, components(*d), prefix, out };
		if (zelf_rodata_strings(real, compiled_in_one, &c) < 0)
			return -1;
	}
	return 0;
}
