/* bench/execstub.c: the least a compiler wrapper can cost.
 *
 *   execstub PROGRAM [ARG...]
 *
 * execv's PROGRAM with the arguments, nothing else: built static (musl),
 * it is the "one execve of a tiny static program" a compile-only call of
 * zapp-cc is measured against (bench/p0310-cc-call.sh).
 */
#include <stdio.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc < 2) {
		fputs("usage: execstub PROGRAM [ARG...]\n", stderr);
		return 2;
	}
	execv(argv[1], argv + 1);
	perror(argv[1]);
	return 127;
}
