/* libzapp/target.c: the table of architectures (target.h). */
#include "target.h"
#include "report.h"

#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The one place that says which architecture a build targets: the
 * compiler's.  (jumploader/arch.h makes the same choice for the
 * jumploader, which is built for the same machine.) */
#if defined(__x86_64__)
#define BUILD_MACHINE EM_X86_64
/* jumploader/build.mk: jumploader-i386, and jumploader-aarch64 with the
 * cross compiler (assembling for it from a --sysroot) */
#define ALSO_MACHINES { EM_386, EM_AARCH64 }
#else
#error "zapp has no support for this architecture yet (see libzapp/target.c)"
#endif

const struct target targets[] = {
	{ EM_386, ELFCLASS32, "i386", "i386-linux-gnu", "i386", "ld-linux.so.2", "lib32", 4096, "ld-musl-i386.so.1" },
	{ EM_PPC64, ELFCLASS64, "PowerPC64", "powerpc64le-linux-gnu", "ppc64le", "ld64.so.2", "lib64", 4096, "ld-musl-powerpc64le.so.1" },
	{ EM_S390, ELFCLASS64, "S/390", "s390x-linux-gnu", "s390x", "ld64.so.1", "lib64", 4096, "ld-musl-s390x.so.1" },
	{ EM_ARM, ELFCLASS32, "ARM", "arm-linux-gnueabihf", "arm", "ld-linux-armhf.so.3", "lib32", 4096, "ld-musl-armhf.so.1" },
	{ EM_X86_64, ELFCLASS64, "x86-64", "x86_64-linux-gnu", "x86_64", "ld-linux-x86-64.so.2", "lib64", 4096, "ld-musl-x86_64.so.1" },
	{ EM_AARCH64, ELFCLASS64, "AArch64", "aarch64-linux-gnu", "aarch64", "ld-linux-aarch64.so.1", "lib64", 4096, "ld-musl-aarch64.so.1" },
	{ EM_RISCV, ELFCLASS64, "RISC-V", "riscv64-linux-gnu", "riscv64", "ld-linux-riscv64-lp64d.so.1", "lib64", 4096, "ld-musl-riscv64.so.1" },
};
const size_t ntargets = sizeof targets / sizeof targets[0];

const struct target *target_of(unsigned machine)
{
	size_t lo = 0, hi = ntargets;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (targets[mid].machine == machine)
			return &targets[mid];
		if (targets[mid].machine < machine)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const struct target *target_build(void)
{
	return target_of(BUILD_MACHINE);
}

int target_assembles(const struct target *t)
{
#ifdef ALSO_MACHINES
	static const unsigned also[] = ALSO_MACHINES;
	for (size_t i = 0; t && i < sizeof also / sizeof *also; i++)
		if (t->machine == also[i])
			return 1;
#endif
	return t && t->machine == BUILD_MACHINE;
}

const char *target_assembled_names(void)
{
	static char names[128];
	if (!names[0]) {
		const struct target *others[8];
		size_t k = 0;
		for (size_t i = 0; i < ntargets && k < 8; i++)
			if (&targets[i] != target_build() && target_assembles(&targets[i]))
				others[k++] = &targets[i];
		/* "x86-64", "x86-64 and i386", "x86-64, i386 and AArch64" */
		size_t n = (size_t)snprintf(names, sizeof names, "%s", target_build()->name);
		for (size_t i = 0; i < k && n < sizeof names; i++)
			n += (size_t)snprintf(names + n, sizeof names - n, "%s%s", i + 1 == k ? " and " : ", ",
					      others[i]->name);
	}
	return names;
}

const char *elf_machine_name(unsigned machine, char *buf, size_t len)
{
	const struct target *t = target_of(machine);
	if (t)
		return t->name;
	snprintf(buf, len, "machine %u", machine);
	return buf;
}

static const struct target *zapp_target;
static char *zapp_decider;	/* the file that decided it */

const struct target *target_zapp(void)
{
	return zapp_target ? zapp_target : target_build();
}

/* "32-bit i386", "AArch64": as the messages name a machine */
static void machine_words(unsigned machine, unsigned elfclass, char *buf, size_t len)
{
	char m[32];
	snprintf(buf, len, "%s%s", elfclass == ELFCLASS32 ? "32-bit " : "",
		 elf_machine_name(machine, m, sizeof m));
}

int target_decide(const char *shown, unsigned machine, unsigned elfclass)
{
	const struct target *t = target_of(machine);
	char words[64];
	machine_words(machine, elfclass, words, sizeof words);
	if (!t || t->elfclass != elfclass || !target_assembles(t))
		return zfail("architecture mismatch: this is %s; zapp assembles %s programs", words,
			     target_assembled_names());
	if (zapp_target) {
		if (t == zapp_target)
			return 0;
		return zfail("architecture mismatch: this is %s; the Zapp's programs are %s, as %s is "
			     "(a Zapp holds programs of one architecture)", words, zapp_target->name, zapp_decider);
	}
	if (!(zapp_decider = strdup(shown)))
		return zfail("out of memory");
	zapp_target = t;
	return 0;
}

int target_jumploader_name(const struct target *t, char *buf, size_t len)
{
	int n = snprintf(buf, len, "jumploader-%s", t->arch);
	return n < 0 || (size_t)n >= len ? -1 : 0;
}
