#include "greet.h"
#include <stdio.h>

void greet(const char *who)
{
	printf("Hello from libgreet, %s!\n", who);
}

const char *greet_version(void)
{
	return "libgreet 1.0";
}
