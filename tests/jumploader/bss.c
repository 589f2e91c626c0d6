/* tests/jumploader/bss.c: is the bss zero, including the part that shares
 * a page with the end of the initialised data (the file bytes after .data
 * must be cleared there, as the kernel does), and writable?  Prints
 * "data=42 bss=zero" and exits 0 when so. */
#include <stdio.h>

int data_word = 42;			/* .data, right before the bss */
static volatile char small_bss[100];	/* in the page .data ends in */
static volatile char big_bss[3 * 4096 + 123];	/* and on, over pages */

int main(void)
{
	size_t i;
	int dirty = 0;

	for (i = 0; i < sizeof small_bss; i++)
		dirty |= small_bss[i];
	for (i = 0; i < sizeof big_bss; i++)
		dirty |= big_bss[i];
	big_bss[sizeof big_bss - 1] = 1;
	small_bss[0] = 1;
	printf("data=%d bss=%s\n", data_word, dirty ? "dirty" : "zero");
	return dirty;
}
