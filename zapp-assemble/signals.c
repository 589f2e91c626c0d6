/* zapp-assemble/signals.c: interruptions.  SIGINT, SIGTERM and SIGHUP are
 * caught from the start of main: each step polls interrupted() and gives
 * up, main removes what was written and dies of the signal.  A signal the
 * caller ignores (nohup, a background job of a script) stays ignored. */
#include "assemble.h"
#include "interrupts.h"

#include <signal.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t caught;

static void on_signal(int sig, siginfo_t *si, void *ctx)
{
	(void)si;
	(void)ctx;
	caught = sig;
}

void signals_install(void)
{
	interrupts_catch(on_signal);
	/* past RLIMIT_FSIZE, a write fails with EFBIG (reported, cleaned up)
	 * instead of killing the process and leaving the directory behind */
	signal(SIGXFSZ, SIG_IGN);
	/* a reader of --tar - that goes away: EPIPE, reported, cleaned up */
	signal(SIGPIPE, SIG_IGN);
}

int interrupted(void)
{
	return caught != 0;
}

void die_of_signal(void)
{
	int sig = caught ? caught : SIGINT;
	signal(sig, SIG_DFL);
	raise(sig);
	_exit(128 + sig);
}
