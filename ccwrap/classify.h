/* ccwrap/classify.h: does this compiler or linker invocation link, and
 * should it get the Zapp rpath?  The rules, after ccache's:
 *
 *  compiler driver (zapp-cc, zapp-c++):
 *   - no link, passed through byte for byte: -c, -S, -E, -M or -MM without
 *     -MD/-MMD, -fsyntax-only, --version, -dumpversion, -dumpfullversion,
 *     -dumpmachine, -dumpspecs, -print-*, --print-*, -###, --help[=...],
 *     --target-help, -v as the only argument, no input at all, and inputs
 *     that are all headers (a precompiled header is made, not a program);
 *   - a link that gets no rpath: -static, --static, -static-pie (nothing is
 *     loaded at run time), and partial links -r, -Wl,-r, -Xlinker -r (also
 *     -i, -Ur, --relocatable): their output is an object, not a program;
 *   - every other invocation links (executables, -shared libraries) and
 *     gets the rpath.
 *  linker (zapp-ld):
 *   - no link: --version, --help, -v or -V as the only argument;
 *   - partial links (-r, -i, -Ur, --relocatable) get no rpath;
 *   - every other invocation gets it (a static output without a dynamic
 *     section simply carries none).
 * Arguments inside response files (@file) count as if written in place.
 * Values of options that take a separate argument (-o FILE, -x LANG,
 * -MF FILE, -Xlinker ARG, ...) are skipped, so "-o -c" is not "-c".
 *
 * The outputs are the ones gcc writes.  Without -o: -E, and -M/-MM (unless
 * -MF names a file), write to standard output; -S writes base.s in the
 * current directory for each C-family or Fortran source and header (an
 * assembler source gives nothing, a preprocessed one goes to standard
 * output); -c writes base.o for each source, assembler sources included;
 * a header compiled on its own (-c, or headers alone) writes its own path
 * plus ".gch", beside it; linker inputs (objects, libraries, files of no
 * known language) give nothing; a link writes a.out.  -E wins over -S,
 * which wins over -c.  "-o -" is standard output for steps that do not
 * link.
 */
#ifndef CCWRAP_CLASSIFY_H
#define CCWRAP_CLASSIFY_H

enum role { ROLE_CC, ROLE_CXX, ROLE_LD };

#include "strlist.h"

struct classification {
	int links;		/* the invocation writes a linked output */
	int inject;		/* it should get the rpath */
	struct strlist out;	/* the files it writes, named as the tool names
				 * them: -o's value, or the default: "x.o" for
				 * -c dir/x.c, "x.s" for -S, "dir/x.h.gch" for a
				 * header, "a.out" for a link.  A link writes
				 * exactly one (out.v[0]). */
	int to_stdout;		/* it writes to standard output (-E, -M, -S -o -,
				 * --version, -print-*, ...) */
	const char *rule;	/* the rule that decided, for --zapp-explain */
};

/* Classify args[0..n) (the arguments after the program name).  Returns 0,
 * or -1 when out of memory. */
int classify(enum role role, int n, char **args, struct classification *c);
void classification_free(struct classification *c);

#endif
