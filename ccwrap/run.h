/* ccwrap/run.h: starting the real compiler or linker. */
#ifndef CCWRAP_RUN_H
#define CCWRAP_RUN_H

/* Replace this process with argv (searched in PATH).  Returns only on
 * failure, after printing why; the caller exits with 127. */
void run_exec(char **argv);

/* Run argv (searched in PATH) and wait for it.  Returns its exit status
 * (0-255); if it died of a signal, this process dies of the same signal.
 * Returns -1 (after printing why) if it could not be started. */
int run_wait(char **argv);

#endif
