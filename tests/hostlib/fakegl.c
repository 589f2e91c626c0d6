/* tests/hostlib/fakegl.c: a stand-in graphics driver for t5230: the
 * library a program links with (libfakegl.so.1), which dlopens the
 * driver proper by a bare name, as libglvnd does. */
#include <dlfcn.h>
#include <stdio.h>

const char *fakegl_vendor(void)
{
	return VENDOR;
}

/* the driver proper's vendor, or what dlerror says */
const char *fakegl_icd(void)
{
	void *h = dlopen("libfakegl_icd.so", RTLD_NOW);
	if (!h)
		return dlerror();
	const char *(*v)(void) = (const char *(*)(void))dlsym(h, "icd_vendor");
	return v ? v() : "no icd_vendor";
}
