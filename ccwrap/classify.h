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
 */
#ifndef CCWRAP_CLASSIFY_H
#define CCWRAP_CLASSIFY_H

enum role { ROLE_CC, ROLE_CXX, ROLE_LD };

struct classification {
	int links;		/* the invocation writes a linked output */
	int inject;		/* it should get the rpath */
	char *output;		/* -o's value, or "a.out" (links only) */
	const char *rule;	/* the rule that decided, for --zapp-explain */
};

/* Classify args[0..n) (the arguments after the program name). */
int classify(enum role role, int n, char **args, struct classification *c);
void classification_free(struct classification *c);

#endif
