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

static void say(const char *kind, const char *subject, const char *fmt, va_list ap)
{
	char msg[2048];
	vsnprintf(msg, sizeof msg, fmt, ap);
	if (subject)
		fprintf(stderr, "%s: %s%s: %s\n", zapp_prog, kind, subject, msg);
	else
		fprintf(stderr, "%s: %s%s\n", zapp_prog, kind, msg);
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
	fprintf(stderr, "%s: %s (see --help)\n", zapp_prog, msg);
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
