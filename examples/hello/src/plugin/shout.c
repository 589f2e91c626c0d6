/* libhello-shout.so: a plugin hello loads with dlopen. */
#include <ctype.h>
#include <stdio.h>

void shout(const char *s)
{
	for (; *s; s++)
		putchar(toupper((unsigned char)*s));
	putchar('\n');
}
