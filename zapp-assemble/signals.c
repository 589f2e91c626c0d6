/* zapp-assemble/signals.c: interruptions.  SIGINT, SIGTERM and SIGHUP are
 * caught from the start of main: each step polls interrupted() and gives
 * up, main removes what was written and dies of the signal.  A signal the
 * caller ignores (nohup, a background job of a script) stays ignored. */
#include "assemble.h"

#include <signal.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t caught;

static void on_signal(int sig)
{
	caught = sig;
}

void signals_install(void)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	struct sigaction sa, old;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++)
		if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler != SIG_IGN)
			sigaction(sigs[i], &sa, NULL);
	/* past RLIMIT_FSIZE, a write fails with EFBIG (reported, cleaned up)
	 * instead of killing the process and leaving the directory behind */
	signal(SIGXFSZ, SIG_IGN);
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
