/* zapp-assemble/strace_log.h: the files a run of a program opened and
 * executed, read from the log strace wrote of it. */
#ifndef ASSEMBLE_STRACE_LOG_H
#define ASSEMBLE_STRACE_LOG_H

#include "strlist.h"

#include <stdio.h>

/* Read the strace log open as f (named name, for messages) and push onto
 * paths, in the order of the log, every path that open, openat, openat2,
 * creat, execve or execveat opened or executed successfully, made
 * absolute: a relative one through the -y decoration of its directory
 * descriptor or of the result; one that cannot be made absolute, or a
 * string that -s truncated, is skipped with a warning ("name:LINE: ...").
 * Paths repeat as the log repeats them; nothing is checked on the file
 * system.  Every format strace writes with -f, -ff, -o, -t, -tt, -ttt, -r,
 * -y, -yy is read, with calls split into "<unfinished ...>" and
 * "<... NAME resumed>".  0, or -1 with zwhy(): a line cannot be read, or
 * no line of the log is strace's. */
int strace_log_read(FILE *f, const char *name, struct strlist *paths);

#endif
