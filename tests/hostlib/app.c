/* tests/hostlib/app.c: a program linked with the stand-in driver:
 * prints its vendor and its driver proper's. */
#include <stdio.h>

const char *fakegl_vendor(void);
const char *fakegl_icd(void);

int main(void)
{
	printf("gl: %s\n", fakegl_vendor());
	printf("icd: %s\n", fakegl_icd());
	return 0;
}
