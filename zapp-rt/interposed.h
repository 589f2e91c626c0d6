/* zapp-rt/interposed.h: the functions libzapp-rt.so.1 defines in place of
 * libc's: the one list.  zapp-assemble gives the library to a program
 * whose start-up closure calls one of them (zapp-assemble/redirect.c);
 * check-lib.sh checks that the library defines exactly these. */
#ifndef ZAPP_RT_INTERPOSED_H
#define ZAPP_RT_INTERPOSED_H

#define ZRT_INTERPOSED \
	"dlmopen", "dlopen", "execl", "execle", "execlp", "execv", "execve", "execveat", \
	"execvp", "execvpe", "pclose", "popen", "posix_spawn", "posix_spawnp", "system"

#endif
