/* tests/hostlib/icd.c: the driver proper of t5230's stand-in, which
 * needs a library of the host that the Zapp does not hold (libfakedrm). */
const char *fakedrm_name(void);

const char *icd_vendor(void)
{
	return fakedrm_name();
}
