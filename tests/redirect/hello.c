/* tests/redirect/hello.c: a host program for t5200: says who it is. */
#include <stdio.h>
#include <stdlib.h>
int main(int argc, char **argv)
{
	const char *from = getenv("FROM");
	printf("hello %s%s%s%s%s\n", argv[0], argc > 1 ? " " : "", argc > 1 ? argv[1] : "",
	       from ? " from " : "", from ? from : "");
	return 0;
}
