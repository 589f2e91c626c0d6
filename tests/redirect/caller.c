/* tests/redirect/caller.c: a library whose own DT_RUNPATH finds the
 * plugin it dlopens by a bare name: glibc searches the caller's, which
 * the redirection library must leave the caller's. */
#include <dlfcn.h>
#include <stdio.h>
int call_plugin(void)
{
	void *h = dlopen("libsub.so", RTLD_NOW);
	if (!h)
		return printf("caller: %s\n", dlerror()), 1;
	const char *(*name)(void) = (const char *(*)(void))dlsym(h, "plugin_name");
	return printf("%s\n", name ? name() : "no plugin_name"), 0;
}
