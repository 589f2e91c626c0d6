/* libzapp/interrupts.h: the signals that interrupt a tool, SIGINT,
 * SIGTERM and SIGHUP, caught the one way the tools catch them: a signal
 * the caller ignores (nohup, a background job of a script) stays ignored. */
#ifndef ZAPP_INTERRUPTS_H
#define ZAPP_INTERRUPTS_H

#include <signal.h>

/* handler for each of the three that is not ignored (SA_SIGINFO). */
void interrupts_catch(void (*handler)(int, siginfo_t *, void *));

#endif
