/* libzapp/report.c: error and warning messages, see report.h. */
#include "report.h"

#include <stdio.h>
#include <string.h>

const char *zapp_prog = "zapp";
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
	va_start(ap, fmt);
	say("warning: ", subject, fmt, ap);
	va_end(ap);
}
