/* zapp-assemble/check.h: zapp-check — prove that a Zapp is complete.
 *   check_scan.c   the inventory: every file of the Zapp, its ELF headers,
 *                  and for jumploaders, the program they start
 *   check_rules.c  the rules, each problem reported as it is found
 *   check_env.c    the environment each launcher sets (runenv.h); -v
 *   check_builtin.c  directories compiled into libraries (builtin_paths.h)
 *   check_interp.c the interpreters' run-time files (interp_files.h)
 *   check_redirect.c  the map of host paths and the redirection library
 */
#ifndef CHECK_H
#define CHECK_H

#include "plan.h"

struct check {
	const char *top;	/* the Zapp */
	struct plan inv;	/* ENTRY_DIR, ENTRY_FILE (ELF or not), ENTRY_JUMPLOADER */
	int problems;
	int quiet;
	int verbose;		/* -v: each launcher's environment and reach */
	size_t programs, libraries, launchers, scripts;	/* scripts: their launchers */
	struct strlist host_libs;	/* lib/zapp/hostlibs: the names left to the host */
	size_t glibc_programs, musl_programs;	/* the programs by C library */
};

int check_scan(struct check *c);
void check_rules(struct check *c);
void check_env(struct check *c);
void check_builtin(struct check *c);
void check_interp(struct check *c);
/* verbose: print each line of the map */
void check_redirect(struct check *c, int verbose);
/* "zapp-check: rel: message", counted */
void check_problem(struct check *c, const char *rel, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
