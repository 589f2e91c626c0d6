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

/* What the driver makes of an input file, from -x or its suffix. */
enum kind { K_LINKER, K_SOURCE, K_HEADER, K_ASM, K_ASM_CPP };

static int suffix_in(const char *a, const char *const *ext)
{
	const char *dot = strrchr(a, '.');
	if (!dot || strchr(dot, '/'))
		return 0;
	for (; *ext; ext++)
		if (is(dot + 1, *ext))
			return 1;
	return 0;
}

static int is_header(const char *a)
{
	static const char *const ext[] = { "h", "hh", "hp", "hpp", "hxx", "HPP", "H", "h++", "tcc", NULL };
	return suffix_in(a, ext);
}

static enum kind kind_of(const char *a, const char *lang)
{
	static const char *const src[] = {
		"c", "i", "ii", "cc", "cp", "cxx", "cpp", "CPP", "c++", "C", "m", "mi", "mm", "M",
		"mii", "f", "for", "ftn", "F", "FOR", "fpp", "FPP", "FTN", "f90", "f95", "f03",
		"f08", "F90", "F95", "F03", "F08", "go", "d", "di", "dd", "ads", "adb", NULL,
	};
	static const char *const asm_cpp[] = { "S", "sx", NULL };
	static const char *const asm_plain[] = { "s", NULL };
	if (lang && !is(lang, "none")) {
		if (strstr(lang, "header"))
			return K_HEADER;
		if (is(lang, "assembler"))
			return K_ASM;
		if (is(lang, "assembler-with-cpp"))
			return K_ASM_CPP;
		return K_SOURCE;
	}
	if (is_header(a))
		return K_HEADER;
	if (suffix_in(a, asm_plain))
		return K_ASM;
	if (suffix_in(a, asm_cpp))
		return K_ASM_CPP;
	return suffix_in(a, src) ? K_SOURCE : K_LINKER;
}

/* base name of a, its suffix replaced by ext: ("src/x.c", ".o") -> "x.o". */
static int push_renamed(struct strlist *out, const char *a, const char *ext)
{
	const char *slash = strrchr(a, '/');
	const char *base = slash ? slash + 1 : a;
	const char *dot = strrchr(base, '.');
	size_t len = dot ? (size_t)(dot - base) : strlen(base);
	char *name = malloc(len + strlen(ext) + 1);
	int r;
	if (!name)
		return -1;
	memcpy(name, base, len);
	strcpy(name + len, ext);
	r = strlist_push(out, name);
	free(name);
	return r;
}

static int push_joined(struct strlist *out, const char *a, const char *ext)
{
	char *name = malloc(strlen(a) + strlen(ext) + 1);
	int r;
	if (!name)
		return -1;
	strcpy(name, a);
	strcat(name, ext);
	r = strlist_push(out, name);
	free(name);
	return r;
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

static int expand(struct strlist *all, int n, char **args)
{
	for (int i = 0; i < n; i++) {
		if (args[i][0] == '@' && argv_read_respfile(all, args[i] + 1, 8) == 0)
			continue;
		if (strlist_push(all, args[i]) < 0)
			return -1;
	}
	return 0;
}

static int decide(struct classification *c, int links, int inject, const char *rule)
{
	c->links = links;
	c->inject = inject;
	c->rule = rule;
	return 0;
}

/* The stage a driver invocation stops at, the earliest one winning. */
enum stop { STOP_LINK, STOP_COMPILE, STOP_ASSEMBLY, STOP_PREPROCESS };

/* The files a compile-only step writes, when -o does not name them. */
static int default_outputs(struct classification *c, enum stop stop, struct strlist *in,
			   struct strlist *lang)
{
	for (size_t i = 0; i < in->n; i++) {
		const char *a = in->v[i];
		enum kind k = kind_of(a, lang->v[i][0] ? lang->v[i] : NULL);
		int r = 0;
		if (stop == STOP_ASSEMBLY && (k == K_SOURCE || k == K_HEADER))
			r = push_renamed(&c->out, a, ".s");
		else if (stop == STOP_ASSEMBLY && k == K_ASM_CPP)
			c->to_stdout = 1;
		else if (stop == STOP_COMPILE && k == K_HEADER)
			r = push_joined(&c->out, a, ".gch");
		else if (stop == STOP_COMPILE && k != K_LINKER)
			r = push_renamed(&c->out, a, ".o");
		if (r < 0)
			return -1;
	}
	return 0;
}

static int set_output(char **output, const char *value)
{
	free(*output);
	*output = strdup(value);
	return *output ? 0 : -1;
}

static int classify_cc(struct strlist *a, struct classification *c)
{
	int inputs = 0, headers = 0, has_md = 0, has_m = 0, partial = 0, is_static = 0;
	int query = 0, hash3 = 0, syntax_only = 0, r = -1;
	enum stop stop = STOP_LINK;
	const char *lang = "";
	char *output = NULL, *mf = NULL;
	struct strlist in = { 0 }, in_lang = { 0 };

	if (a->n == 0)
		return decide(c, 0, 0, "no arguments");
	if (a->n == 1 && is(a->v[0], "-v"))
		return decide(c, 0, 0, "-v alone");
	for (size_t i = 0; i < a->n; i++) {
		const char *s = a->v[i];
		const char *next = i + 1 < a->n ? a->v[i + 1] : NULL;
		if (s[0] != '-' || is(s, "-")) {
			inputs++;
			headers += kind_of(s, *lang ? lang : NULL) == K_HEADER;
			if (strlist_push(&in, s) < 0 || strlist_push(&in_lang, lang) < 0)
				goto out;
			continue;
		}
		if (is(s, "-E") && stop < STOP_PREPROCESS)
			stop = STOP_PREPROCESS;
		else if (is(s, "-S") && stop < STOP_ASSEMBLY)
			stop = STOP_ASSEMBLY;
		else if (is(s, "-c") && stop < STOP_COMPILE)
			stop = STOP_COMPILE;
		else if (is(s, "-fsyntax-only"))
			syntax_only = 1;
		else if (is(s, "-###"))
			hash3 = 1;
		else if (is(s, "--version") || is(s, "-dumpversion") || is(s, "-dumpfullversion")
			 || is(s, "-dumpmachine") || is(s, "-dumpspecs")
			 || is(s, "--help") || starts(s, "--help=") || is(s, "--target-help")
			 || starts(s, "-print-") || starts(s, "--print-"))
			query = 1;
		else if (is(s, "-M") || is(s, "-MM"))
			has_m = 1;
		else if (is(s, "-MD") || is(s, "-MMD"))
			has_md = 1;
		else if (is(s, "-MF") && next) {
			if (set_output(&mf, next) < 0)
				goto out;
		} else if (starts(s, "-MF") && s[3]) {
			if (set_output(&mf, s + 3) < 0)
				goto out;
		} else if (is(s, "-static") || is(s, "--static") || is(s, "-static-pie"))
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
			lang = is(s, "-x") ? (next ? next : "") : s + 2;
		else if (is(s, "-o") && next) {
			if (set_output(&output, next) < 0)
				goto out;
		} else if (starts(s, "-o") && s[2]) {
			if (set_output(&output, s + 2) < 0)
				goto out;
		}
		if (in_table(cc_takes_arg, s) && next)
			i++;
	}
	if (query) {
		decide(c, 0, 0, "a query (--version, -dump*, -print-*, --help)");
		c->to_stdout = 1;
	} else if (hash3) {
		decide(c, 0, 0, "-###: commands shown, none run");
	} else if (stop == STOP_PREPROCESS || (has_m && !has_md)) {
		decide(c, 0, 0, stop == STOP_PREPROCESS ? "-E: preprocessing only" : "-M/-MM without -MD/-MMD");
		const char *to = has_m && !has_md && mf ? mf : output;
		if (!to || is(to, "-"))
			c->to_stdout = 1;
		else if (strlist_push(&c->out, to) < 0)
			goto out;
	} else if (syntax_only) {
		decide(c, 0, 0, "-fsyntax-only: checking only");
	} else if (stop != STOP_LINK || !inputs || headers == inputs) {
		if (stop == STOP_ASSEMBLY)
			decide(c, 0, 0, "-S: compiling to assembly only");
		else if (stop == STOP_COMPILE)
			decide(c, 0, 0, "-c: compiling only");
		else if (!inputs)
			decide(c, 0, 0, "no input files");
		else
			decide(c, 0, 0, "only headers: a precompiled header");
		if (inputs && output && is(output, "-"))
			c->to_stdout = 1;
		else if (inputs && output) {
			if (strlist_push(&c->out, output) < 0)
				goto out;
		} else if (inputs && default_outputs(c, stop == STOP_LINK ? STOP_COMPILE : stop,
						     &in, &in_lang) < 0) {
			goto out;
		}
	} else {
		if (partial)
			decide(c, 1, 0, "a partial link (-r)");
		else if (is_static)
			decide(c, 1, 0, "a static link");
		else
			decide(c, 1, 1, "a link");
		if (strlist_push(&c->out, output ? output : "a.out") < 0)
			goto out;
	}
	r = 0;
out:
	free(output);
	free(mf);
	strlist_free(&in);
	strlist_free(&in_lang);
	return r;
}

static int classify_ld(struct strlist *a, struct classification *c)
{
	int partial = 0, r;
	char *output = NULL;
	if (a->n == 0)
		return decide(c, 0, 0, "no arguments");
	if (a->n == 1 && (is(a->v[0], "-v") || is(a->v[0], "-V"))) {
		c->to_stdout = 1;
		return decide(c, 0, 0, "-v alone");
	}
	for (size_t i = 0; i < a->n; i++) {
		const char *s = a->v[i];
		const char *next = i + 1 < a->n ? a->v[i + 1] : NULL;
		if (is(s, "--version") || is(s, "--help") || is(s, "-version")) {
			free(output);
			c->to_stdout = 1;
			return decide(c, 0, 0, "a query (--version, --help)");
		}
		if (is_partial_link_flag(s))
			partial = 1;
		r = 0;
		if ((is(s, "-o") || is(s, "--output")) && next)
			r = set_output(&output, next);
		else if (starts(s, "--output="))
			r = set_output(&output, s + 9);
		else if (starts(s, "-o") && s[2] && !starts(s, "-org"))
			r = set_output(&output, s + 2);
		if (r < 0) {
			free(output);
			return -1;
		}
		if (in_table(ld_takes_arg, s) && next)
			i++;
	}
	if (partial)
		decide(c, 1, 0, "a partial link (-r)");
	else
		decide(c, 1, 1, "a link");
	r = strlist_push(&c->out, output ? output : "a.out");
	free(output);
	return r;
}

int classify(enum role role, int n, char **args, struct classification *c)
{
	struct strlist all = { 0 };
	int r;
	memset(c, 0, sizeof *c);
	if (expand(&all, n, args) < 0)
		r = -1;
	else
		r = role == ROLE_LD ? classify_ld(&all, c) : classify_cc(&all, c);
	strlist_free(&all);
	if (r < 0)
		classification_free(c);
	return r;
}

void classification_free(struct classification *c)
{
	strlist_free(&c->out);
}
