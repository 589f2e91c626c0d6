/* libzapp/report.h: how every zapp tool speaks when something goes wrong.
 *
 * Messages have the form  "tool: subject: what went wrong: why"  on stderr.
 * Library functions do not print: they record the reason with zfail() and
 * return -1; the tool that called them prints it with zerr(subject, ...)
 * and zwhy().
 *
 * Every line is written quoted: a byte that could drive the terminal (an
 * ASCII control byte, DEL, a C1 control, a byte of no valid UTF-8
 * sequence) is shown as an escape, "\n", "\t", "\r" or octal "\033",
 * wherever it came from (a file name, a DT_NEEDED, a PT_INTERP, a soname
 * of a hostile input).  Call sites pass input strings as they are: quoting
 * happens here, once, on the whole line.
 */
#ifndef ZAPP_REPORT_H
#define ZAPP_REPORT_H

#include <stdarg.h>
#include <stdio.h>

struct option;

extern const char *zapp_prog;	/* the tool's name, set by main */
extern int zapp_quiet;		/* set by main for -q: zwarn() says nothing */

/* Record why the current operation failed; always returns -1. */
int zfail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The reason recorded by the last zfail(). */
const char *zwhy(void);

/* "prog: subject: message" on stderr.  subject may be NULL. */
void zerr(const char *subject, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* "prog: warning: subject: message", unless zapp_quiet. */
void zwarn(const char *subject, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Usage errors, one line each, as GNU tools print them; both return 2,
 * the exit status of a usage error.
 * zusage: "prog: message (see --help)".
 * zbad_option: for getopt_long's '?' (with opterr = 0): "prog: unknown
 * option '--x' (see --help)", "option '--output' needs an argument",
 * "option '--ver' is ambiguous". */
/* Any other line a tool writes that may show a string from an input
 * (summaries, -v notes): fmt formatted, quoted as above, then a newline. */
void zprint(FILE *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

int zusage(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int zbad_option(char *const argv[], const char *shortopts, const struct option *longopts);

#endif
