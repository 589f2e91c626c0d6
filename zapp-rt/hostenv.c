/* zapp-rt/hostenv.c: the environment a host program is started with.
 *
 * A launcher adds the runenv entries of its program (libzapp/runenv.h:
 * GCONV_PATH, LOCPATH, PERL5LIB, ... naming directories of the Zapp) when
 * the variable is not set already.  The program passes them on to what it
 * runs.  A program of the Zapp has its own launcher, which adds what it
 * needs; a program of the host must not see them: the host's glibc would
 * load the Zapp's gconv modules, built against another glibc, its perl
 * the Zapp's modules.  So when the program that will run lies outside the
 * Zapp, every entry a launcher of the Zapp adds is left out: one whose
 * variable is of the runenv table (the generated runenv_names.h) and
 * whose value is made of paths inside the Zapp (each ':'-separated part
 * below its top), followed by the variable's tail.  A value the user set
 * (the launcher then adds nothing) names other places and stays, and so
 * does every other variable, --env ones included: they are the user's.
 *
 * System calls only, no malloc: this runs between fork and exec. */
#include "rt.h"

#include "runenv_names.h"

#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

static const char vars[] = ZRT_RUNENV_VARS;

/* Is value (n bytes) paths inside the Zapp, ':' between them? */
static int zapp_paths(const char *value, unsigned long n, const char *top, unsigned long toplen)
{
	if (n == 0)
		return 0;
	for (unsigned long s = 0; s <= n;) {
		unsigned long e = s;
		while (e < n && value[e] != ':')
			e++;
		if (e - s < toplen + 2 || value[s + toplen] != '/')
			return 0;
		for (unsigned long k = 0; k < toplen; k++)
			if (value[s + k] != top[k])
				return 0;
		s = e + 1;
	}
	return 1;
}

/* Is s ("NAME=VALUE") an entry a launcher of this Zapp adds? */
static int added(const char *s, const char *top, unsigned long toplen)
{
	for (const char *v = vars; *v;) {
		const char *name = v, *tail;
		unsigned long nl = zrt_strlen(name), tl, k;
		tail = name + nl + 1;
		tl = zrt_strlen(tail);
		v = tail + tl + 1;
		for (k = 0; k < nl && s[k] == name[k]; k++)
			;
		if (k < nl || s[nl] != '=')
			continue;
		const char *value = s + nl + 1;
		unsigned long vl = zrt_strlen(value);
		if (vl < tl)
			return 0;
		for (k = 0; k < tl; k++)
			if (value[vl - tl + k] != tail[k])
				return 0;
		return zapp_paths(value, vl - tl, top, toplen);
	}
	return 0;
}

int zrt_env_added(char *const envp[])
{
	unsigned long toplen = 0;
	const char *top = zrt_top(&toplen);
	for (unsigned long i = 0; top && envp && envp[i]; i++)
		if (added(envp[i], top, toplen))
			return 1;
	return 0;
}

char *const *zrt_env_for(const char *path, char *const envp[], struct zrt_env *e)
{
	unsigned long toplen = 0, n = 0, count = 0;
	const char *top = zrt_top(&toplen);
	char **room = e->stack;
	e->map = 0;
	e->maplen = 0;
	if (!top || !envp || !zrt_env_added(envp) || zrt_in_zapp(path))
		return envp;
	while (envp[count])
		count++;
	if (count + 1 > ZRT_ENV_STACK) {
		/* too many for the stack a thread may have little of: mapped */
		unsigned long len = (count + 1) * sizeof *room;
		long m = syscall(SYS_mmap, 0, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if ((unsigned long)m > -4096UL)
			return envp;	/* no memory: the environment as it is */
		room = e->map = (char **)m;
		e->maplen = len;
	}
	for (unsigned long i = 0; envp[i]; i++)
		if (!added(envp[i], top, toplen))
			room[n++] = envp[i];
	room[n] = 0;
	return room;
}

void zrt_env_done(struct zrt_env *e)
{
	if (e->map)
		syscall(SYS_munmap, e->map, e->maplen);
	e->map = 0;
}
