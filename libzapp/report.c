/* libzapp/report.c: error and warning messages, see report.h. */
#include "report.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

const char *zapp_prog = "zapp";
int zapp_quiet;
static char why[1024];

int zfail(const char *fmt, ...)
{
	char msg[sizeof why];	/* the arguments may quote the previous reason */
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	memcpy(why, msg, sizeof why);
	return -1;
}

const char *zwhy(void)
{
	return why;
}

/* The length of the valid UTF-8 sequence at s that is no C1 control
 * (U+0080..U+009F), or 0. */
static size_t utf8_printable(const unsigned char *s)
{
	size_t n = s[0] >= 0xf0 && s[0] <= 0xf4 ? 4 : s[0] >= 0xe0 ? 3 : s[0] >= 0xc2 && s[0] < 0xe0 ? 2 : 0;
	if (s[0] >= 0xf5 || n == 0)
		return 0;
	for (size_t i = 1; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	if (n == 2 && s[0] == 0xc2 && s[1] < 0xa0)
		return 0;	/* C1 control */
	if (n == 3 && ((s[0] == 0xe0 && s[1] < 0xa0) || (s[0] == 0xed && s[1] >= 0xa0)))
		return 0;	/* overlong, surrogate */
	if (n == 4 && ((s[0] == 0xf0 && s[1] < 0x90) || (s[0] == 0xf4 && s[1] >= 0x90)))
		return 0;	/* overlong, beyond U+10FFFF */
	return n;
}

/* line, quoted (report.h), and a newline, in one write to f. */
static void put_quoted(FILE *f, const char *line)
{
	char out[4 * 4096 + 2];
	size_t o = 0;
	for (const unsigned char *s = (const unsigned char *)line; *s && o + 5 < sizeof out; ) {
		size_t n;
		if (*s >= 0x20 && *s < 0x7f) {
			out[o++] = (char)*s++;
		} else if (*s >= 0x80 && (n = utf8_printable(s))) {
			memcpy(out + o, s, n);
			o += n;
			s += n;
		} else {
			const char *e = *s == '\n' ? "\\n" : *s == '\t' ? "\\t" : *s == '\r' ? "\\r" : NULL;
			if (e)
				o += (size_t)snprintf(out + o, 3, "%s", e);
			else
				o += (size_t)snprintf(out + o, 5, "\\%03o", *s);
			s++;
		}
	}
	out[o++] = '\n';
	fwrite(out, 1, o, f);
	fflush(f);
}

void zprint(FILE *f, const char *fmt, ...)
{
	char msg[4096];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	put_quoted(f, msg);
}

static void say(const char *kind, const char *subject, const char *fmt, va_list ap)
{
	char msg[2048];
	vsnprintf(msg, sizeof msg, fmt, ap);
	if (subject)
		zprint(stderr, "%s: %s%s: %s", zapp_prog, kind, subject, msg);
	else
		zprint(stderr, "%s: %s%s", zapp_prog, kind, msg);
}

void zerr(const char *subject, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	say("", subject, fmt, ap);
	va_end(ap);
}

void zwarn(const char *subject, const char *fmt, ...)
{
	va_list ap;
	if (zapp_quiet)
		return;
	va_start(ap, fmt);
	say("warning: ", subject, fmt, ap);
	va_end(ap);
}

int zusage(const char *fmt, ...)
{
	char msg[2048];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	zprint(stderr, "%s: %s (see --help)", zapp_prog, msg);
	return 2;
}

/* The long options whose name starts with the len bytes of name: the one
 * named exactly, else the only one it abbreviates; NULL, with *many set
 * when it abbreviates several. */
static const struct option *long_option(const struct option *lo, const char *name, size_t len, int *many)
{
	const struct option *found = NULL;
	int n = 0;
	*many = 0;
	for (; lo && lo->name; lo++) {
		if (strncmp(lo->name, name, len) != 0)
			continue;
		if (strlen(lo->name) == len)
			return lo;
		found = lo;
		n++;
	}
	*many = n > 1;
	return n == 1 ? found : NULL;
}

int zbad_option(char *const argv[], const char *shortopts, const struct option *longopts)
{
	/* getopt_long has moved optind past a long option; a short one may
	 * still be inside its cluster ("-qx"), so it is named by optopt */
	const char *arg = optind > 0 ? argv[optind - 1] : NULL;
	if (arg && strncmp(arg, "--", 2) == 0 && arg[2]) {
		size_t len = strcspn(arg + 2, "=");
		int many;
		const struct option *lo = long_option(longopts, arg + 2, len, &many);
		if (lo && optopt && lo->has_arg == required_argument && lo->val == optopt)
			return zusage("option '--%s' needs an argument", lo->name);
		if (lo && optopt && lo->has_arg == no_argument && lo->val == optopt && arg[2 + len] == '=')
			return zusage("option '--%s' takes no argument", lo->name);
		if (many && !optopt)
			return zusage("option '%.*s' is ambiguous", (int)len + 2, arg);
		if (!optopt)
			return zusage("unknown option '%.*s'", (int)len + 2, arg);
	}
	const char *s = optopt ? strchr(shortopts, optopt) : NULL;
	if (s && s[1] == ':')
		return zusage("option '-%c' needs an argument", optopt);
	if (optopt > 32 && optopt < 127)
		return zusage("unknown option '-%c'", optopt);
	return zusage("unknown option '%s'", arg ? arg : "?");
}
