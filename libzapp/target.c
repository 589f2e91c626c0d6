/* libzapp/target.c: the table of architectures (target.h). */
#include "target.h"

#include <elf.h>
#include <stdio.h>

/* The one place that says which architecture a build targets: the
 * compiler's.  (jumploader/arch.h makes the same choice for the
 * jumploader, which is built for the same machine.) */
#if defined(__x86_64__)
#define BUILD_MACHINE EM_X86_64
#else
#error "zapp has no support for this architecture yet (see libzapp/target.c)"
#endif

const struct target targets[] = {
	{ EM_386, ELFCLASS32, "i386", "i386-linux-gnu", "i386", "ld-linux.so.2", 4096, "ld-musl-i386.so.1" },
	{ EM_PPC64, ELFCLASS64, "PowerPC64", "powerpc64le-linux-gnu", "ppc64le", "ld64.so.2", 4096, "ld-musl-powerpc64le.so.1" },
	{ EM_S390, ELFCLASS64, "S/390", "s390x-linux-gnu", "s390x", "ld64.so.1", 4096, "ld-musl-s390x.so.1" },
	{ EM_ARM, ELFCLASS32, "ARM", "arm-linux-gnueabihf", "arm", "ld-linux-armhf.so.3", 4096, "ld-musl-armhf.so.1" },
	{ EM_X86_64, ELFCLASS64, "x86-64", "x86_64-linux-gnu", "x86_64", "ld-linux-x86-64.so.2", 4096, "ld-musl-x86_64.so.1" },
	{ EM_AARCH64, ELFCLASS64, "AArch64", "aarch64-linux-gnu", "aarch64", "ld-linux-aarch64.so.1", 4096, "ld-musl-aarch64.so.1" },
	{ EM_RISCV, ELFCLASS64, "RISC-V", "riscv64-linux-gnu", "riscv64", "ld-linux-riscv64-lp64d.so.1", 4096, "ld-musl-riscv64.so.1" },
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

int target_jumploader_name(const struct target *t, char *buf, size_t len)
{
	int n = snprintf(buf, len, "jumploader-%s", t->arch);
	return n < 0 || (size_t)n >= len ? -1 : 0;
}
