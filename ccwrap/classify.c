/* ccwrap/classify.c: which invocations link; the rules are in classify.h. */
#include "classify.h"
#include "argv.h"

#include <stdlib.h>
#include <string.h>

static int is(const char *a, const char *b) { return strcmp(a, b) == 0; }
static int starts(const char *a, const char *p) { return strncmp(a, p, strlen(p)) == 0; }

/* Driver options whose value is the next argument. */
static const char *const cc_takes_arg[] = {
	"-o", "-x", "-I", "-L", "-D", "-U", "-l", "-T", "-u", "-e", "-z", "-A", "-B",
	"-include", "-imacros", "-isystem", "-idirafter", "-iprefix", "-iwithprefix",
	"-iwithprefixbefore", "-iquote", "-isysroot", "-imultilib", "-iplugindir",
	"-MF", "-MT", "-MQ", "-Xlinker", "-Xassembler", "-Xpreprocessor", "-Xclang",
	"-aux-info", "--param", "--sysroot", "-dumpbase", "-dumpbase-ext", "-dumpdir",
	"-target", "--target", "-arch", "-specs", NULL,
};

/* Linker options whose value is the next argument. */
static const char *const ld_takes_arg[] = {
	"-o", "--output", "-L", "-l", "-T", "-e", "-m", "-z", "-u", "-y", "-a", "-A",
	"-b", "-c", "-F", "-f", "-G", "-h", "-I", "-P", "-R", "-Y", "-rpath",
	"-rpath-link", "-soname", "-Map", "-dynamic-linker", "--dynamic-linker",
	"--entry", "--library", "--library-path", "--script", "--format",
	"--defsym", "--section-start", "-Ttext", "-Tdata", "-Tbss", "--version-script",
	"--dynamic-list", "--undefined", "--trace-symbol", "--sysroot", "--plugin",
	"--plugin-opt", "-plugin", "-plugin-opt", "--hash-style", "--build-id", NULL,
};

static int in_table(const char *const *t, const char *a)
{
	for (; *t; t++)
		if (is(*t, a))
			return 1;
	return 0;
}

static int is_partial_link_flag(const char *a)
{
	return is(a, "-r") || is(a, "-i") || is(a, "-Ur") || is(a, "--relocatable");
}

static int is_header(const char *a)
{
	static const char *const ext[] = { ".h", ".hh", ".hpp", ".hxx", ".H", ".h++", ".tcc", NULL };
	const char *dot = strrchr(a, '.');
	if (!dot || strchr(dot, '/'))
		return 0;
	for (const char *const *e = ext; *e; e++)
		if (is(dot, *e))
			return 1;
	return 0;
}

/* -Wl,a,b,c: does any of a, b, c ask for a partial link? */
static int wl_partial(const char *a)
{
	char buf[256];
	const char *p = a + 4;
	while (*p) {
		size_t len = strcspn(p, ",");
		if (len < sizeof buf) {
			memcpy(buf, p, len);
			buf[len] = '\0';
			if (is_partial_link_flag(buf))
				return 1;
		}
		p += len;
		if (*p == ',')
			p++;
	}
	return 0;
}

static void expand(struct strlist *all, int n, char **args)
{
	for (int i = 0; i < n; i++) {
		if (args[i][0] == '@' && argv_read_respfile(all, args[i] + 1, 8) == 0)
			continue;
		strlist_push(all, args[i]);
	}
}

static int decide(struct classification *c, int links, int inject, const char *rule)
{
	c->links = links;
	c->inject = inject;
	c->rule = rule;
	return 0;
}

static int classify_cc(struct strlist *a, struct classification *c)
{
	int inputs = 0, headers = 0, has_md = 0, has_m = 0, header_lang = 0;
	int partial = 0, is_static = 0;
	const char *no_link = NULL;

	if (a->n == 0)
		return decide(c, 0, 0, "no arguments");
	if (a->n == 1 && is(a->v[0], "-v"))
		return decide(c, 0, 0, "-v alone");
	for (size_t i = 0; i < a->n; i++) {
		const char *s = a->v[i];
		const char *next = i + 1 < a->n ? a->v[i + 1] : NULL;
		if (s[0] != '-' || is(s, "-")) {
			inputs++;
			headers += is_header(s) || header_lang;
			continue;
		}
		if (is(s, "-c") || is(s, "-S") || is(s, "-E") || is(s, "-fsyntax-only")
		    || is(s, "--version") || is(s, "-dumpversion") || is(s, "-dumpfullversion")
		    || is(s, "-dumpmachine") || is(s, "-dumpspecs") || is(s, "-###")
		    || is(s, "--help") || starts(s, "--help=") || is(s, "--target-help")
		    || starts(s, "-print-") || starts(s, "--print-")) {
			no_link = no_link ? no_link : s;
			continue;
		}
		if (is(s, "-M") || is(s, "-MM"))
			has_m = 1;
		else if (is(s, "-MD") || is(s, "-MMD"))
			has_md = 1;
		else if (is(s, "-static") || is(s, "--static") || is(s, "-static-pie"))
			is_static = 1;
		else if (is_partial_link_flag(s) && !is(s, "-i"))
			partial = 1;
		else if (starts(s, "-Wl,") && wl_partial(s))
			partial = 1;
		else if (is(s, "-Xlinker") && next && is_partial_link_flag(next))
			partial = 1;
		else if (starts(s, "-l") && s[2])
			inputs++;
		else if (is(s, "-l") && next)
			inputs++;
		else if (starts(s, "-x"))
			header_lang = strstr(is(s, "-x") ? (next ? next : "") : s + 2, "header") != NULL;
		else if (is(s, "-o") && next) {
			free(c->output);
			c->output = strdup(next);
		} else if (starts(s, "-o") && s[2]) {
			free(c->output);
			c->output = strdup(s + 2);
		}
		if (in_table(cc_takes_arg, s) && next)
			i++;
	}
	if (no_link)
		return decide(c, 0, 0, "an option that does not link");
	if (has_m && !has_md)
		return decide(c, 0, 0, "-M/-MM without -MD/-MMD");
	if (!inputs)
		return decide(c, 0, 0, "no input files");
	if (headers == inputs)
		return decide(c, 0, 0, "only headers: a precompiled header");
	if (partial)
		return decide(c, 1, 0, "a partial link (-r)");
	if (is_static)
		return decide(c, 1, 0, "a static link");
	return decide(c, 1, 1, "a link");
}

static int classify_ld(struct strlist *a, struct classification *c)
{
	int partial = 0;
	if (a->n == 0)
		return decide(c, 0, 0, "no arguments");
	if (a->n == 1 && (is(a->v[0], "-v") || is(a->v[0], "-V")))
		return decide(c, 0, 0, "-v alone");
	for (size_t i = 0; i < a->n; i++) {
		const char *s = a->v[i];
		const char *next = i + 1 < a->n ? a->v[i + 1] : NULL;
		if (is(s, "--version") || is(s, "--help") || is(s, "-version"))
			return decide(c, 0, 0, "an option that does not link");
		if (is_partial_link_flag(s))
			partial = 1;
		if ((is(s, "-o") || is(s, "--output")) && next) {
			free(c->output);
			c->output = strdup(next);
		} else if (starts(s, "--output=")) {
			free(c->output);
			c->output = strdup(s + 9);
		} else if (starts(s, "-o") && s[2] && !starts(s, "-org")) {
			free(c->output);
			c->output = strdup(s + 2);
		}
		if (in_table(ld_takes_arg, s) && next)
			i++;
	}
	if (partial)
		return decide(c, 1, 0, "a partial link (-r)");
	return decide(c, 1, 1, "a link");
}

int classify(enum role role, int n, char **args, struct classification *c)
{
	struct strlist all = { 0 };
	int r;
	memset(c, 0, sizeof *c);
	expand(&all, n, args);
	r = role == ROLE_LD ? classify_ld(&all, c) : classify_cc(&all, c);
	strlist_free(&all);
	if (c->links && !c->output)
		c->output = strdup("a.out");
	if (c->links && !c->output)
		return -1;
	return r;
}

void classification_free(struct classification *c)
{
	free(c->output);
	c->output = NULL;
}
