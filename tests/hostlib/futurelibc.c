/* tests/hostlib/futurelibc.c: a libc.so.6 to link future.c against,
 * defining one symbol at version GLIBC_2.99 (futurelibc.map). */
int zapp_future(void)
{
	return 1;
}
