/* ccwrap/fixer.h: handing a linked output to lib/zapp/zapp-fix-rpath.
 *
 * The wrapper itself is a small static program without libelf, so that a
 * compile step costs one execve of it and one of the compiler.  Fixing
 * XORIGIN in a linked output needs libelf: that is done by the helper
 * zapp-fix-rpath (ccwrap/zapp-fix-rpath.c), installed as
 * ../lib/zapp/zapp-fix-rpath relative to the wrapper's real file
 * (/proc/self/exe, or the path the wrapper was executed by, with its links
 * resolved), never searched in PATH.
 */
#ifndef CCWRAP_FIXER_H
#define CCWRAP_FIXER_H

/* Replace this process with "zapp-fix-rpath --for name output".  Returns
 * only on failure, after printing why (subject: output); the caller exits
 * with 1. */
void fixer_exec(const char *name, const char *output);

#endif
