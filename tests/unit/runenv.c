/* tests/unit/runenv.c: the table of launch-environment variables
 * (libzapp/runenv.c) is sorted and well formed, its values come from what
 * a Zapp holds, and the stamp's strings are packed, checked and expanded
 * as the jumploader reads them. */
#include "runenv.h"
#include "report.h"
#include "searchpath.h"
#include "stamp.h"
#include "tap.h"

#include <stdlib.h>

static int fake_file(void *ctx, const char *rel)
{
	(void)ctx;
	return strcmp(rel, "etc/ssl/openssl.cnf") == 0;
}

/* The value of name in l, whether marked ZAPP_STAMP_IF_LOCALE or not. */
static const char *entry_of(const struct strlist *l, const char *name)
{
	size_t n = strlen(name), k;
	for (size_t i = 0; i < l->n; i++) {
		const char *e = runenv_entry_name(l->v[i], &k);
		if (k == n && strncmp(e, name, n) == 0)
			return e + n + 1;
	}
	return NULL;
}

static int marked(const struct strlist *l, const char *name)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->v[i][0] == ZAPP_STAMP_IF_LOCALE && strncmp(l->v[i] + 1, name, strlen(name)) == 0)
			return 1;
	return 0;
}

static void table(void)
{
	int sorted = 1, names = 1, paths = 1, users = 1, found = 1;
	char buf[512], norm[512];
	for (size_t i = 0; i < runenv_table_size; i++) {
		const struct runenv_var *v = &runenv_table[i];
		if (i && strcmp(runenv_table[i - 1].name, v->name) >= 0)
			sorted = 0, printf("# %s is not after %s\n", v->name, runenv_table[i - 1].name);
		snprintf(buf, sizeof buf, "%s=x", v->name);
		if (runenv_check_entry(buf) < 0)
			names = 0, printf("# %s: %s\n", v->name, zwhy());
		if (!v->paths || !v->paths[0])
			paths = 0, printf("# %s has no path\n", v->name);
		for (const char *const *p = v->paths; p && *p; p++) {
			size_t l = strlen(*p);
			if (!l || (*p)[0] == '/' || (*p)[l - 1] == '/' || path_normalize(*p, norm, sizeof norm) < 0
			    || strcmp(norm, *p) != 0 || (v->kind == RUNENV_FILE && strpbrk(*p, "*?[")))
				paths = 0, printf("# %s: path '%s' is not a plain Zapp path\n", v->name, *p);
		}
		if (v->tail && v->kind != RUNENV_DIRS)
			paths = 0, printf("# %s: a tail on a value that is no list\n", v->name);
		if (v->users && !strspn(v->users, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"))
			users = 0, printf("# %s: users '%s'\n", v->name, v->users);
		if (runenv_find(v->name) != v)
			found = 0;
		if (v->without && (!*v->without || !v->users))
			users = 0, printf("# %s: says what a program cannot do without it, but not of which\n", v->name);
	}
	ok(runenv_table_size >= 11, "the table has %zu variables", runenv_table_size);
	ok(sorted, "sorted by name, each once");
	ok(names, "every name is a portable variable name");
	ok(paths, "every path is relative, normalised, without a trailing '/'; file paths have no pattern");
	ok(users, "every users field is words");
	ok(found, "runenv_find finds each");
	ok(!runenv_find("PATH") && !runenv_find("") && !runenv_find("ZZZ"), "and nothing else");
}

static void values(void)
{
	const char *held[] = {
		"etc", "etc/perl", "lib", "lib/git-core", "lib/locale", "lib/locale/C.utf8",
		"lib/x86_64-linux-gnu", "lib/x86_64-linux-gnu/ImageMagick-6.9.11",
		"lib/x86_64-linux-gnu/ImageMagick-6.9.11/config-Q16",
		"lib/x86_64-linux-gnu/ImageMagick-6.9.11/modules-Q16",
		"lib/x86_64-linux-gnu/ImageMagick-6.9.11/modules-Q16/coders",
		"lib/x86_64-linux-gnu/gconv", "lib/x86_64-linux-gnu/perl", "lib/x86_64-linux-gnu/perl-base",
		"lib/x86_64-linux-gnu/perl/5.36", "lib/x86_64-linux-gnu/perl5", "lib/x86_64-linux-gnu/perl5/5.36",
		"share", "share/perl", "share/perl/5.36", "share/perl5", "share/tcltk", "share/tcltk/tcl8.6",
		"share/tcltk/tcl8.6/encoding", "share/tcltk/tcl8.6/tcl8", "share/terminfo", NULL };
	struct strlist dirs = { 0 }, out = { 0 };
	char **v = calloc(runenv_table_size, sizeof *v);
	for (const char **h = held; *h; h++)
		strlist_push(&dirs, *h);
	strlist_sort(&dirs);
	struct runenv_zapp z = { &dirs, fake_file, NULL };
	is_int(runenv_values(&z, v), 0, "values of a Zapp");
	char *libs[] = { "libperl.so.5.36", "libc.so.6", "libtinfo.so.6", NULL };
	char *user[] = { "LOCPATH=", "MY_DATA=$ZAPP/share/x", NULL };
	is_int(runenv_entries(v, "perl", libs, NULL, &out), 0, "entries for perl");
	is_str(entry_of(&out, "PERL5LIB"),
	       "$ZAPP/etc/perl:$ZAPP/lib/x86_64-linux-gnu/perl5/5.36:$ZAPP/share/perl5:"
	       "$ZAPP/lib/x86_64-linux-gnu/perl-base:$ZAPP/lib/x86_64-linux-gnu/perl/5.36:$ZAPP/share/perl/5.36",
	       "PERL5LIB: Debian's @INC order, versions matched");
	is_str(entry_of(&out, "GCONV_PATH"), "$ZAPP/lib/x86_64-linux-gnu/gconv", "GCONV_PATH (glibc in the closure)");
	is_str(entry_of(&out, "LOCPATH"), "$ZAPP/lib/locale", "LOCPATH");
	ok(marked(&out, "LOCPATH=") && !marked(&out, "GCONV_PATH="), "LOCPATH only if the locale is held ('?')");
	is_str(entry_of(&out, "TERMINFO_DIRS"), "$ZAPP/share/terminfo:", "TERMINFO_DIRS ends with the system's");
	ok(!entry_of(&out, "GIT_EXEC_PATH"), "no GIT_EXEC_PATH for perl");
	ok(!entry_of(&out, "TCL_LIBRARY") && !entry_of(&out, "TCL8_6_TM_PATH"), "no TCL_LIBRARY for perl");
	ok(!entry_of(&out, "OPENSSL_CONF"), "no OPENSSL_CONF: perl has no libcrypto");
	strlist_free(&out);
	char *ssl[] = { "libcrypto.so.3", NULL };
	runenv_entries(v, "curl", ssl, NULL, &out);
	is_str(entry_of(&out, "OPENSSL_CONF"), "$ZAPP/etc/ssl/openssl.cnf", "OPENSSL_CONF, a file, by library");
	ok(!entry_of(&out, "OPENSSL_MODULES"), "no OPENSSL_MODULES: no ossl-modules held");
	ok(!entry_of(&out, "LOCPATH"), "no LOCPATH without glibc in the closure");
	strlist_free(&out);
	runenv_entries(v, "git-upload-pack", NULL, user, &out);
	is_str(entry_of(&out, "GIT_EXEC_PATH"), "$ZAPP/lib/git-core", "GIT_EXEC_PATH by name (git-*)");
	is_str(entry_of(&out, "LOCPATH"), "", "a user's entry replaces the table's");
	ok(!marked(&out, "LOCPATH="), "and is the user's, unmarked");
	is_str(entry_of(&out, "MY_DATA"), "$ZAPP/share/x", "and a user's own is there");
	is_str(out.v[out.n - 1], "MY_DATA=$ZAPP/share/x", "the user's come last, in order");
	strlist_free(&out);
	runenv_entries(v, "tclsh", (char *[]){ "libtcl8.6.so", "libc.so.6", NULL }, NULL, &out);
	is_str(entry_of(&out, "TCL_LIBRARY"), "$ZAPP/share/tcltk/tcl8.6", "TCL_LIBRARY: Tcl's library, one directory");
	is_str(entry_of(&out, "TCL8_6_TM_PATH"), "$ZAPP/share/tcltk/tcl8.6/tcl8", "TCL8_6_TM_PATH: its modules");
	strlist_free(&out);
	runenv_entries(v, "expect", (char *[]){ "libtcl8.6.so", NULL }, NULL, &out);
	ok(entry_of(&out, "TCL_LIBRARY") != NULL, "TCL_LIBRARY for any program of libtcl8.6.so");
	strlist_free(&out);
	runenv_entries(v, "convert", (char *[]){ "libMagickCore-6.Q16.so.6", NULL }, NULL, &out);
	is_str(entry_of(&out, "MAGICK_CODER_MODULE_PATH"),
	       "$ZAPP/lib/x86_64-linux-gnu/ImageMagick-6.9.11/modules-Q16/coders", "ImageMagick's coders");
	ok(!entry_of(&out, "MAGICK_CODER_FILTER_PATH"), "no filters directory held, no entry");
	is_str(entry_of(&out, "MAGICK_CONFIGURE_PATH"), "$ZAPP/lib/x86_64-linux-gnu/ImageMagick-6.9.11/config-Q16",
	       "its configuration");
	strlist_free(&out);
	runenv_values_free(v);
	free(v);
	strlist_free(&dirs);
}

static void entries_checked(void)
{
	ok(runenv_check_entry("A_1=x") == 0, "A_1=x is an entry");
	ok(runenv_check_entry("A=") == 0, "A= (empty) is one");
	ok(runenv_check_entry("A") < 0 && strstr(zwhy(), "no '='"), "A is not: %s", zwhy());
	ok(runenv_check_entry("=x") < 0 && strstr(zwhy(), "empty"), "=x is not: %s", zwhy());
	ok(runenv_check_entry("1A=x") < 0, "1A=x is not: %s", zwhy());
	ok(runenv_check_entry("A-B=x") < 0, "A-B=x is not: %s", zwhy());
	char *big = malloc(ZAPP_STAMP_ENV_MAX + 8);
	memset(big, 'v', ZAPP_STAMP_ENV_MAX + 7);
	memcpy(big, "BIG=", 4);
	big[ZAPP_STAMP_ENV_MAX + 7] = '\0';
	ok(runenv_check_entry(big) < 0 && strstr(zwhy(), "longer"), "an over-long one is not: %s", zwhy());
	free(big);
}

static void block(void)
{
	char b[ZAPP_STAMP_ENV_MAX], small[16];
	char *env[] = { "A=1", "B=$ZAPP/x", NULL };
	const char *cur = b, *e;
	is_int(runenv_block_pack(env, b, sizeof b), 0, "pack");
	ok(!memcmp(b, "A=1\0B=$ZAPP/x\0\0", 15), "as NUL-ended strings, an empty one last");
	is_int(runenv_block_check(b, sizeof b), 0, "it checks");
	is_str(runenv_block_next(&cur), "A=1", "walk: first");
	is_str(runenv_block_next(&cur), "B=$ZAPP/x", "walk: second");
	ok(!runenv_block_next(&cur), "walk: end");
	ok(runenv_block_pack(env, small, 14) < 0, "no room: %s", zwhy());
	is_int(runenv_block_pack(NULL, small, sizeof small), 0, "no entries: ");
	ok(!small[0] && runenv_block_check(small, sizeof small) == 0 && (cur = small, !runenv_block_next(&cur)),
	   "an empty block");
	memset(small, 'x', sizeof small);
	ok(runenv_block_check(small, sizeof small) < 0, "unended: %s", zwhy());
	memcpy(small, "NOEQ\0\0", 6);
	ok(runenv_block_check(small, sizeof small) < 0, "no '=': %s", zwhy());
	(void)e;
}

static void expand(void)
{
	char out[256];
	struct strlist parts = { 0 };
	is_int(runenv_expand("$ZAPP/a:${ZAPP}/b:$ZAPPX:$ZAP:${ZAPP:$ZAPP", "/t p", out, sizeof out), 0, "expand");
	is_str(out, "/t p/a:/t p/b:$ZAPPX:$ZAP:${ZAPP:/t p", "$ZAPP and ${ZAPP}, nothing else");
	ok(runenv_expand("$ZAPP/$ZAPP", "0123456789", out, 12) < 0, "too long for out");
	runenv_zapp_paths("$ZAPP/lib/git-core:/usr/x:${ZAPP}//share/:$ZAPP::$ZAPPY", &parts);
	is_int((long long)parts.n, 3, "the $ZAPP parts of a value");
	is_str(parts.v[0], "lib/git-core", "first");
	is_str(parts.v[1], "share", "second, slashes dropped");
	is_str(parts.v[2], "", "the Zapp itself");
	strlist_free(&parts);
}

int main(void)
{
	table();
	values();
	entries_checked();
	block();
	expand();
	return tap_done();
}
