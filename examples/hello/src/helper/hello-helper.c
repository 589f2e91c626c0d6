/* hello-helper: a program kept in libexec/, run by hello. */
#include "greet.h"
#include <stdio.h>

int main(int argc, char **argv)
{
	greet(argc > 1 ? argv[1] : "helper");
	printf("helper argv[0]=%s\n", argv[0]);
	return 0;
}
