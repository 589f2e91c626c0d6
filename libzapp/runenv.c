/* libzapp/runenv.c: the table of variables that point a program at the
 * run-time files a Zapp holds (runenv.h), and the strings the stamp keeps
 * of them.
 *
 * Each entry was tried on Debian 12 (glibc 2.36) with the program run from
 * a copy of its files elsewhere, under strace: what the comment says the
 * program opens is what it opened.  An entry applies only where the Zapp
 * holds one of its paths; "users" says which launchers get it.  What a
 * variable does to the children a Zapp'd program runs (they inherit it) is
 * said with each entry and in docs/design.md ("The launch environment").
 *
 * Not in the table, because the program finds the Zapp's files without:
 *  - nmap (NMAPDIR): it looks in ../share/nmap beside its executable, which
 *    /proc/self/exe names (the launcher), before the compiled-in
 *    /usr/share/nmap; NMAPDIR would also hide the user's ~/.nmap, which
 *    comes before that directory.
 *  - python3: it finds lib/python3.X from its executable's path the same
 *    way.
 */
#include "runenv.h"
#include "report.h"
#include "stamp.h"

#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define P(...) ((const char *const[]){ __VA_ARGS__, NULL })

/* Sorted by name (strcmp): tests/unit/runenv.c checks it. */
const struct runenv_var runenv_table[] = {
	/* glibc's iconv modules.  With GCONV_PATH set (only honoured when
	 * AT_SECURE is not: the jumploader refuses set-ID anyway) iconv_open
	 * reads gconv-modules and gconv-modules.d/ of each of its directories,
	 * then of the compiled-in one, which the Zapp's libc.so.6 no longer
	 * has (builtin_paths.c), and not gconv-modules.cache (lib32/gconv is
	 * that of Debian's 32-bit multilib libc6-i386, /usr/lib32/gconv).  `iconv -t EBCDIC-US` dlopens the Zapp's
	 * EBCDIC-US.so.  Every program of the Zapp's glibc may convert, so
	 * every launcher whose closure holds glibc gets it.  A host program
	 * run as a child reads the Zapp's modules first: they use
	 * GLIBC_PRIVATE symbols of the Zapp's glibc, so a child of another
	 * glibc may fail to open a conversion the host has. */
	{ "GCONV_PATH", RUNENV_DIRS, P("lib/*-linux-gnu*/gconv", "lib64/gconv", "lib32/gconv", "lib/gconv"),
	  NULL, "libc.so.6", 0, NULL },
	/* git: where it runs its helpers (git-upload-pack, git-remote-http,
	 * ...); `git --exec-path` prints it.  Without it git runs the
	 * compiled-in /usr/lib/git-core ones, the host's.  Children (hooks,
	 * the editor) get it and git's exec path first in PATH, as git does
	 * with --exec-path: a `git` they run is the Zapp's. */
	{ "GIT_EXEC_PATH", RUNENV_DIR, P("lib/git-core", "libexec/git-core"), NULL, "git git-*", 0, NULL },
	/* git init / clone: the templates of a new repository (hooks samples,
	 * info/exclude); without it git reads /usr/share/git-core/templates */
	{ "GIT_TEMPLATE_DIR", RUNENV_DIR, P("share/git-core/templates"), NULL, "git git-*", 0, NULL },
	/* glibc's locales (setlocale).  LOCPATH makes glibc look for
	 * NAME/LC_* directories in its directories and never in the locale
	 * archive (/usr/lib/locale/locale-archive): LANG=C.UTF-8 finds the
	 * Zapp's lib/locale/C.utf8 (tmux needs a UTF-8 locale).  Not
	 * honoured for AT_SECURE programs.  So it is set at launch only when
	 * the locale asked for (LC_ALL, LC_CTYPE, LANG) is one the Zapp
	 * holds, or none is (tmux then tries C.UTF-8 itself): a user's
	 * LANG=de_DE.UTF-8 that only the host's archive has stays the
	 * host's.  A host program run as a child finds only the locales the
	 * Zapp holds: one of the archive falls back to C there.  Setting
	 * LOCPATH empty before the launch keeps it off (glibc takes an empty
	 * one as unset). */
	{ "LOCPATH", RUNENV_DIRS, P("lib/locale"), NULL, "libc.so.6", 1, NULL },
	/* ImageMagick 6: the coder modules.  Only the first directory counts
	 * (it is no list).  The modules are libltdl .la files: ltdl tries
	 * the .la's libdir (the host's /usr/lib/.../coders) before the
	 * .la's own directory, so zapp-assemble writes libdir='' into the
	 * Zapp's copies (libtool_la.c): `convert logo: x.png` then opens the
	 * Zapp's png.so, also on a host that has ImageMagick. */
	{ "MAGICK_CODER_FILTER_PATH", RUNENV_DIR, P("lib/*/ImageMagick-6*/modules-Q*/filters",
						    "lib/ImageMagick-6*/modules-Q*/filters"),
	  NULL, "libMagickCore-6*.so*", 0, NULL },
	{ "MAGICK_CODER_MODULE_PATH", RUNENV_DIR, P("lib/*/ImageMagick-6*/modules-Q*/coders",
						    "lib/ImageMagick-6*/modules-Q*/coders"),
	  NULL, "libMagickCore-6*.so*", 0, NULL },
	/* ImageMagick 6: policy.xml, delegates.xml, ... and configure.xml; a
	 * list (':'), read before the compiled-in directories, which are read
	 * too, each adding to the last: the Zapp's copy of libMagickCore has
	 * those it holds no longer (builtin_paths.c) */
	{ "MAGICK_CONFIGURE_PATH", RUNENV_DIRS, P("etc/ImageMagick-6*", "lib/*/ImageMagick-6*/config-Q*",
						  "lib/ImageMagick-6*/config-Q*", "share/ImageMagick-6*"),
	  NULL, "libMagickCore-6*.so*", 0, NULL },
	/* OpenSSL 3: the configuration file (providers to activate); Debian's
	 * /usr/lib/ssl/openssl.cnf is a link to /etc/ssl/openssl.cnf.  CA
	 * certificates (SSL_CERT_DIR) are left to the host on purpose: its
	 * trust store is kept up to date, a Zapp's copy would not be. */
	{ "OPENSSL_CONF", RUNENV_FILE, P("etc/ssl/openssl.cnf", "lib/ssl/openssl.cnf"),
	  NULL, "openssl libcrypto.so.3*", 0, NULL },
	/* OpenSSL 3: the provider modules (legacy.so); `openssl list
	 * -provider legacy` dlopens $OPENSSL_MODULES/legacy.so */
	{ "OPENSSL_MODULES", RUNENV_DIR, P("lib/*-linux-gnu*/ossl-modules", "lib64/ossl-modules",
					   "lib/ossl-modules"),
	  NULL, "openssl libcrypto.so.3*", 0, NULL },
	/* perl: Debian's @INC, in its order (perl -V); PERL5LIB comes before
	 * the compiled-in directories (which stay, after it: a module the
	 * Zapp lacks is still looked for on the host).  Ignored under taint
	 * (-T) and for set-ID programs.  Debian's /usr/bin/perl does not
	 * link libperl; programs that embed perl do.  Children that are perl
	 * scripts of the host read the Zapp's modules first. */
	{ "PERL5LIB", RUNENV_DIRS, P("etc/perl", "lib/*-linux-gnu*/perl5/5.*", "share/perl5",
				     "lib/*-linux-gnu*/perl-base", "lib/*-linux-gnu*/perl/5.*",
				     "share/perl/5.*"),
	  NULL, "perl perl5.* libperl.so*", 0, NULL },
	/* Tcl 8.6's modules (.tm files, package require msgcat, http,
	 * platform, tcltest): Debian's tm.tcl names the directory that holds
	 * them, /usr/share/tcltk/tcl8.6/tcl8, as an absolute path, and no
	 * root Tcl derives from its library leads there.  Tcl 8.6 adds the
	 * directories of TCL8_6_TM_PATH (and of TCL8_5_TM_PATH ... TCL8_0)
	 * to its module path, before that one (tcl::tm::path list).  Tcl
	 * 8.5 reads no TCL8_6_TM_PATH: untested, not in the table. */
	{ "TCL8_6_TM_PATH", RUNENV_DIR, P("share/tcltk/tcl8.6/tcl8"), NULL, "tclsh* libtcl8.6.so*", 0, NULL },
	/* Tcl: its library, init.tcl and what it sources, and the encodings
	 * (the .enc files of encoding/).  Tcl looks for init.tcl in TCL_LIBRARY, then in
	 * the directory compiled into libtcl (/usr/share/tcltk/tcl8.6), and
	 * only after it in ../lib/tcl8.6, ../library, ... of its executable
	 * ([info nameofexecutable], argv[0]'s path: none of them where the
	 * placement rule puts the library); the encodings only in
	 * TCL_LIBRARY/encoding and the compiled-in directory's.  With it
	 * `info library` is the Zapp's, and tclsh opens the Zapp's init.tcl
	 * and tm.tcl, its encoding/cp1252.enc and, by the module path above,
	 * msgcat-1.6.1.tm and http-2.9.8.tm; of the host's directory (second
	 * in `encoding dirs`, and in tcl_pkgPath: a package the Zapp lacks
	 * is still looked for on the host) it lists encoding/ and tcl8/ and
	 * reads no file.  Without any, Tcl_Init fails ("Can't find a usable
	 * init.tcl"): no package require, clock or auto-loaded command.
	 * Children that are Tcl programs of the host would read the Zapp's
	 * library. */
	{ "TCL_LIBRARY", RUNENV_DIR, P("share/tcltk/tcl8.[0-9]*"), NULL, "tclsh* libtcl8.*.so*", 0,
	  "Tcl_Init finds no init.tcl" },
	/* ncurses: terminal descriptions (TERM=xterm: x/xterm).  After the
	 * Zapp's directories, an empty entry: ncurses' compiled-in ones, so
	 * a terminal the Zapp has no entry for is still found on the host
	 * (terminfo files are the same on every Linux).  Children (a shell
	 * under tmux) find the same entries. */
	{ "TERMINFO_DIRS", RUNENV_DIRS, P("share/terminfo", "lib/terminfo", "etc/terminfo"), ":",
	  "libtinfo.so* libncurses.so* libncursesw.so* libtinfow.so*", 0, NULL },
};
const size_t runenv_table_size = sizeof runenv_table / sizeof runenv_table[0];

static int by_name(const void *key, const void *v)
{
	return strcmp(key, ((const struct runenv_var *)v)->name);
}

const struct runenv_var *runenv_find(const char *name)
{
	return bsearch(name, runenv_table, runenv_table_size, sizeof runenv_table[0], by_name);
}

static int has_magic(const char *s)
{
	return strpbrk(s, "*?[") != NULL;
}

/* Append "$ZAPP/rel" to buf (a list when sep). */
static int add_path(char **buf, const char *rel)
{
	size_t old = *buf ? strlen(*buf) : 0, n = old + strlen(rel) + 8;
	char *b = realloc(*buf, n);
	if (!b)
		return zfail("out of memory");
	snprintf(b + old, n - old, "%s$" ZAPP_STAMP_TOKEN "/%s", old ? ":" : "", rel);
	*buf = b;
	return 0;
}

/* The value of one variable for this Zapp, or NULL in *out. */
static int value_of(const struct runenv_var *v, const struct runenv_zapp *z, char **out)
{
	*out = NULL;
	for (const char *const *p = v->paths; *p; p++) {
		if (v->kind == RUNENV_FILE) {
			if (z->has_file && z->has_file(z->ctx, *p))
				return add_path(out, *p);
			continue;
		}
		if (!has_magic(*p)) {
			if (strlist_sorted_contains(z->dirs, *p) && add_path(out, *p) < 0)
				return -1;
		} else {
			size_t lit = strcspn(*p, "*?[");
			for (size_t i = 0; i < z->dirs->n; i++)
				if (strncmp(z->dirs->v[i], *p, lit) == 0
				    && fnmatch(*p, z->dirs->v[i], FNM_PATHNAME | FNM_PERIOD) == 0
				    && add_path(out, z->dirs->v[i]) < 0)
					return -1;
		}
		if (*out && v->kind == RUNENV_DIR) {
			char *colon = strchr(*out, ':');	/* several matched: the first */
			if (colon)
				*colon = '\0';
			return 0;
		}
	}
	if (*out && v->tail) {
		char *b = realloc(*out, strlen(*out) + strlen(v->tail) + 1);
		if (!b)
			return zfail("out of memory");
		strcat(b, v->tail);
		*out = b;
	}
	return 0;
}

int runenv_values(const struct runenv_zapp *z, char **values)
{
	for (size_t i = 0; i < runenv_table_size; i++)
		values[i] = NULL;
	for (size_t i = 0; i < runenv_table_size; i++)
		if (value_of(&runenv_table[i], z, &values[i]) < 0) {
			runenv_values_free(values);
			return -1;
		}
	return 0;
}

void runenv_values_free(char **values)
{
	for (size_t i = 0; i < runenv_table_size; i++) {
		free(values[i]);
		values[i] = NULL;
	}
}

/* Does the users field of v take the program prog with libraries libs? */
int runenv_applies(const struct runenv_var *v, const char *prog, char *const *libs)
{
	char word[128];
	const char *s = v->users;
	size_t n;
	if (!s)
		return 1;
	for (; *s; s += n) {
		s += strspn(s, " ");
		n = strcspn(s, " ");
		if (!n || n >= sizeof word)
			continue;
		memcpy(word, s, n);
		word[n] = '\0';
		if (!strstr(word, ".so")) {
			if (prog && fnmatch(word, prog, 0) == 0)
				return 1;
			continue;
		}
		for (char *const *l = libs; l && *l; l++)
			if (fnmatch(word, *l, 0) == 0)
				return 1;
	}
	return 0;
}

const char *runenv_entry_name(const char *entry, size_t *len)
{
	entry += *entry == ZAPP_STAMP_IF_LOCALE;
	*len = strcspn(entry, "=");
	return entry;
}

const char *runenv_entry_value(const struct strlist *env, const char *name)
{
	size_t n = strlen(name), l;
	for (size_t i = 0; i < env->n; i++) {
		const char *en = runenv_entry_name(env->v[i], &l);
		if (l == n && strncmp(en, name, n) == 0)
			return en + n + 1;
	}
	return NULL;
}

static size_t name_len(const char *entry)
{
	return strcspn(entry, "=");
}

static int user_sets(char *const *user, const char *name)
{
	size_t n = strlen(name), l;
	for (char *const *u = user; u && *u; u++) {
		const char *un = runenv_entry_name(*u, &l);
		if (l == n && strncmp(un, name, n) == 0)
			return 1;
	}
	return 0;
}

int runenv_entries(char *const *values, const char *prog, char *const *libs,
		   char *const *user, struct strlist *out)
{
	char buf[ZAPP_STAMP_ENV_MAX + 256];
	for (size_t i = 0; i < runenv_table_size; i++) {
		const struct runenv_var *v = &runenv_table[i];
		if (!values[i] || !runenv_applies(v, prog, libs) || user_sets(user, v->name))
			continue;
		if (snprintf(buf, sizeof buf, "%s%s=%s", v->if_locale ? "?" : "", v->name, values[i])
		    >= (int)sizeof buf)
			return zfail("the value of %s is longer than %d bytes", v->name, ZAPP_STAMP_ENV_MAX);
		if (strlist_push(out, buf) < 0)
			return zfail("out of memory");
	}
	for (char *const *u = user; u && *u; u++)
		if (strlist_push(out, *u) < 0)
			return zfail("out of memory");
	return 0;
}

int runenv_check_entry(const char *entry)
{
	size_t n = name_len(entry);
	if (!entry[n])
		return zfail("no '=' in it: give NAME=VALUE");
	if (n == 0)
		return zfail("the variable's name is empty");
	if (entry[0] >= '0' && entry[0] <= '9')
		return zfail("the variable's name starts with a digit");
	for (size_t i = 0; i < n; i++) {
		char c = entry[i];
		if (!(c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')))
			return zfail("the variable's name may hold letters, digits and '_' only");
	}
	if (strlen(entry) >= ZAPP_STAMP_ENV_MAX)
		return zfail("longer than the %d bytes a launcher's entries have in all", ZAPP_STAMP_ENV_MAX - 2);
	return 0;
}

int runenv_block_pack(char *const *env, char *block, size_t len)
{
	size_t used = 0;
	memset(block, 0, len);
	for (char *const *e = env; e && *e; e++) {
		size_t n = strlen(*e) + 1;
		if (used + n + 1 > len)
			return zfail("the environment entries take more than the %zu bytes a launcher has for them",
				     len - 1);
		memcpy(block + used, *e, n);
		used += n;
	}
	return 0;
}

int runenv_block_check(const char *block, size_t len)
{
	size_t i = 0;
	while (i < len && block[i]) {
		const char *e = block + i;
		size_t n = strnlen(e, len - i);
		if (i + n >= len)
			return zfail("an entry is not ended");
		size_t l;
		const char *name = runenv_entry_name(e, &l);
		if (!l || !name[l])
			return zfail("an entry is not NAME=VALUE");
		i += n + 1;
	}
	return i < len ? 0 : zfail("the list is not ended");
}

const char *runenv_block_next(const char **cursor)
{
	const char *e = *cursor;
	if (!e || !*e)
		return NULL;
	*cursor = e + strlen(e) + 1;
	return e;
}

/* The length of the $ZAPP token at s, or 0 (as searchpath_is_origin reads
 * $ORIGIN: unbraced, it must not go on with a name's character). */
static size_t token_len(const char *s)
{
	static const char t[] = ZAPP_STAMP_TOKEN;
	size_t n = sizeof t - 1;
	char c;
	if (s[0] != '$')
		return 0;
	if (s[1] == '{')
		return strncmp(s + 2, t, n) == 0 && s[2 + n] == '}' ? n + 3 : 0;
	if (strncmp(s + 1, t, n) != 0)
		return 0;
	c = s[1 + n];
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ? 0 : n + 1;
}

int runenv_expand(const char *value, const char *top, char *out, size_t len)
{
	size_t o = 0, k;
	for (const char *s = value; *s; ) {
		const char *add = s;
		size_t n = 1;
		if ((k = token_len(s))) {
			add = top;
			n = strlen(top);
			s += k;
		} else {
			s++;
		}
		if (o + n >= len)
			return -1;
		memcpy(out + o, add, n);
		o += n;
	}
	out[o] = '\0';
	return 0;
}

int runenv_zapp_paths(const char *value, struct strlist *out)
{
	char part[ZAPP_STAMP_ENV_MAX];
	for (const char *s = value; ; ) {
		size_t n = strcspn(s, ":"), k = token_len(s);
		if (k && k <= n && n < sizeof part) {
			const char *rest = s + k;
			size_t m = n - k;
			while (m && *rest == '/')
				rest++, m--;
			memcpy(part, rest, m);
			part[m] = '\0';
			while (m && part[m - 1] == '/')
				part[--m] = '\0';
			if (strlist_push(out, part) < 0)
				return zfail("out of memory");
		}
		if (!s[n])
			break;
		s += n + 1;
	}
	return 0;
}
