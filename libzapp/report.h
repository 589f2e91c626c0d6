/* libzapp/report.h: how every zapp tool speaks when something goes wrong.
 *
 * Messages have the form  "tool: subject: what went wrong: why"  on stderr.
 * Library functions do not print: they record the reason with zfail() and
 * return -1; the tool that called them prints it with zerr(subject, ...)
 * and zwhy().
 */
#ifndef ZAPP_REPORT_H
#define ZAPP_REPORT_H

#include <stdarg.h>

extern const char *zapp_prog;	/* the tool's name, set by main */

/* Record why the current operation failed; always returns -1. */
int zfail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The reason recorded by the last zfail(). */
const char *zwhy(void);

/* "prog: subject: message" on stderr.  subject may be NULL. */
void zerr(const char *subject, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void zwarn(const char *subject, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
