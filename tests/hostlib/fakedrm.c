/* tests/hostlib/fakedrm.c: a library only the host has, which the
 * stand-in driver needs. */
const char *fakedrm_name(void)
{
	return "icd with the host's drm";
}
