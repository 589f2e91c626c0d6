/* tests/hostlib/future.c: a stand-in driver built for a newer glibc: it
 * needs a symbol of version GLIBC_2.99 of libc.so.6 (futurelibc.c). */
int zapp_future(void);

const char *fakegl_vendor(void)
{
	return zapp_future() ? "future" : "?";
}

const char *fakegl_icd(void)
{
	return "none";
}
