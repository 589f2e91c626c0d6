/* tests/unit/shebang.c: the #! line as Linux reads it (libzapp/shebang.c),
 * and env -S's words.  t5310 checks the same cases against the kernel. */
#include "shebang.h"
#include "report.h"
#include "tap.h"

static struct shebang sb;

static void parse(const char *s, size_t n)
{
	shebang_parse((const unsigned char *)s, n, &sb);
}

#define P(lit) parse(lit, sizeof lit - 1)

static void words_are(const char *arg, const char *want, const char *what)
{
	struct strlist w = { 0 };
	char got[512] = "";
	struct shebang e = { .kind = SHEBANG_SCRIPT, .interp = "/usr/bin/env", .has_arg = 1 };
	snprintf(e.arg, sizeof e.arg, "%s", arg);
	if (shebang_env_words(&e, &w) < 0)
		snprintf(got, sizeof got, "refused");
	for (size_t i = 0; strcmp(got, "refused") && i < w.n; i++)
		snprintf(got + strlen(got), sizeof got - strlen(got), "%s[%s]", i ? " " : "", w.v[i]);
	is_str(got, want, "%s", what);
	strlist_free(&w);
}

int main(void)
{
	char big[400];

	P("#!/bin/sh\necho\n");
	ok(sb.kind == SHEBANG_SCRIPT && !strcmp(sb.interp, "/bin/sh") && !sb.has_arg, "#!/bin/sh");
	P("#! \t/usr/bin/perl  -w -T \t\nx");
	ok(sb.kind == SHEBANG_SCRIPT && !strcmp(sb.interp, "/usr/bin/perl") && sb.has_arg
	   && !strcmp(sb.arg, "-w -T"), "blanks around; one argument, inner blanks kept: [%s]", sb.arg);
	P("#!/bin/sh\r\n");
	is_str(sb.interp, "/bin/sh\r", "a CR is part of the path");
	P("#!/bin/sh -e\r\n");
	is_str(sb.arg, "-e\r", "or of the argument");
	P("#!/bin/sh");
	ok(sb.kind == SHEBANG_SCRIPT && !strcmp(sb.interp, "/bin/sh"), "no newline, a short file");
	P("#!");
	ok(sb.kind == SHEBANG_REFUSED, "#! alone: refused (%s)", sb.why);
	P("#!   \n");
	ok(sb.kind == SHEBANG_REFUSED, "only blanks: refused");
	P("#!\n/bin/sh\n");
	ok(sb.kind == SHEBANG_REFUSED, "an empty line: refused");
	P("#!/bin/sh\0junk\n");
	ok(sb.kind == SHEBANG_SCRIPT && !strcmp(sb.interp, "/bin/sh") && !sb.has_arg, "a NUL ends the path");
	P("#!/bin/sh -x\0 junk\n");
	ok(sb.kind == SHEBANG_SCRIPT && !strcmp(sb.arg, "-x"), "and the argument: [%s]", sb.arg);
	P("#!/bin/sh \0x\n");
	ok(sb.kind == SHEBANG_SCRIPT && sb.has_arg && !strcmp(sb.arg, ""), "a blank then a NUL: an empty argument");
	P("#!\0/bin/sh\n");
	ok(sb.kind == SHEBANG_REFUSED, "a NUL first: no interpreter");
	P("x#!/bin/sh\n");
	ok(sb.kind == SHEBANG_NONE, "not at the start: no #! line");
	parse("#!/bin/sh\n", 1);
	ok(sb.kind == SHEBANG_NONE, "one byte: no #! line");

	/* past the kernel's 256 bytes */
	memset(big, 'a', sizeof big);
	memcpy(big, "#!/", 3);
	big[sizeof big - 1] = '\n';
	parse(big, sizeof big);
	ok(sb.kind == SHEBANG_REFUSED, "an interpreter path past 255 bytes: refused (%s)", sb.why);
	memcpy(big, "#!/bin/sh ", 10);
	parse(big, sizeof big);
	ok(sb.kind == SHEBANG_SCRIPT && sb.cut && strlen(sb.arg) == 255 - 10, "a long argument is cut at byte 255: %zu bytes",
	   strlen(sb.arg));
	big[254] = ' ';
	parse(big, sizeof big);
	ok(sb.kind == SHEBANG_SCRIPT && strlen(sb.arg) == 254 - 10, "and its blanks at the cut are dropped: %zu",
	   strlen(sb.arg));
	memset(big, ' ', sizeof big);
	memcpy(big, "#!", 2);
	parse(big, sizeof big);
	ok(sb.kind == SHEBANG_REFUSED, "256 blanks: refused");

	P("#!/usr/bin/env python3\n");
	ok(shebang_is_env(&sb), "/usr/bin/env is env");
	P("#!/bin/envy x\n");
	ok(!shebang_is_env(&sb), "envy is not");
	words_are("perl", "[perl]", "env NAME");
	words_are("perl -w", "refused", "env 'perl -w' looks for that name: refused");
	words_are("-S python3 -u", "[python3] [-u]", "env -S");
	words_are("-Sperl  -w\t-T", "[perl] [-w] [-T]", "env -S glued, blanks and tabs");
	words_are("-S sh -c 'echo  $0' \"a \\\"b\\\"\" x\\_y", "[sh] [-c] [echo  $0] [a \"b\"] [x y]",
		  "quotes and escapes");
	words_are("-S perl # a comment", "[perl]", "a comment ends it");
	words_are("-S perl ${X}", "refused", "a variable: refused");
	words_are("-S perl 'x", "refused", "an unclosed quote: refused");
	words_are("-S X=1 perl", "refused", "an assignment: refused");
	words_are("-i perl", "refused", "another option: refused");
	words_are("-S -i perl", "refused", "another option after -S: refused");
	words_are("-S", "refused", "-S with nothing");
	words_are("-S perl \\c", "refused", "\\c: refused");

	ok(shebang_is_module("lib/python3.11/platform.py"), "a module of lib/");
	ok(!shebang_is_module("bin/tool.py"), "a program of bin/");
	ok(!shebang_is_module("libexec/x/y.pl"), "of libexec/");
	ok(!shebang_is_module("lib/git-core/git-bisect"), "a name with no module suffix");
	ok(shebang_is_module("share/perl5/X.pm"), "a module of share/");
	return tap_done();
}
