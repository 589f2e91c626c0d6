/* tests/redirect/hello.c: a host program for t5200: says who it is. */
#include <stdio.h>
int main(int argc, char **argv)
{
	printf("hello %s%s%s\n", argv[0], argc > 1 ? " " : "", argc > 1 ? argv[1] : "");
	return 0;
}
