/* Unit tests: the table of architectures (libzapp/target.h). */
#include "libc_kind.h"
#include "target.h"
#include "zelf.h"
#include "tap.h"
#include "report.h"

#include <string.h>
#include <unistd.h>

int main(void)
{
	const struct target *t = target_build();
	char buf[64];
	int sorted = 1, complete = 1;

	for (size_t i = 0; i < ntargets; i++) {
		if (i && targets[i - 1].machine >= targets[i].machine)
			sorted = 0;
		if (!targets[i].name || !targets[i].triplet || !targets[i].arch || !targets[i].loader
		    || !targets[i].musl || strncmp(targets[i].musl, "ld-musl-", 8) != 0
		    || !targets[i].wordlib || (targets[i].elfclass != ELFCLASS32 && targets[i].elfclass != ELFCLASS64)
		    || !targets[i].page_size || (targets[i].page_size & (targets[i].page_size - 1)))
			complete = 0;
	}
	ok(ntargets > 1, "the table has rows");
	ok(sorted, "sorted by machine, each machine once");
	ok(complete, "every row has every field, a class and a power-of-two page size");
	for (size_t i = 0; i < ntargets; i++)
		if (target_of(targets[i].machine) != &targets[i])
			complete = 0;
	ok(complete, "target_of finds every row");
	ok(target_of(0) == NULL && target_of(183 + 1000) == NULL && target_of(61) == NULL,
	   "unknown machines are not found");

	ok(t != NULL, "the build has a target");
#if defined(__x86_64__)
	is_int(t->machine, EM_X86_64, "this build targets x86-64");
	is_int(t->elfclass, ELFCLASS64, "64-bit");
	is_str(t->triplet, "x86_64-linux-gnu", "its multiarch directory");
	is_str(t->loader, "ld-linux-x86-64.so.2", "its loader");
	is_str(t->musl, "ld-musl-x86_64.so.1", "musl's loader");
	ok(target_jumploader_name(t, buf, sizeof buf) == 0, "its jumploader has a name");
	is_str(buf, "jumploader-x86_64", "the name the build gives the jumploader");
#endif
	ok(target_jumploader_name(t, buf, 5) == -1, "a name that does not fit fails");

	/* the build made the jumploader under the name the tools look for:
	 * this test is B/tests/unit/target, the jumploader B/lib/zapp/NAME */
	char self[1024], jl[1200];
	ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
	if (n > 0 && target_jumploader_name(t, buf, sizeof buf) == 0) {
		self[n] = '\0';
		for (int up = 0; up < 3 && strrchr(self, '/'); up++)
			*strrchr(self, '/') = '\0';
		snprintf(jl, sizeof jl, "%s/lib/zapp/%s", self, buf);
		ok(access(jl, R_OK) == 0, "the build has its jumploader at lib/zapp/%s", buf);
	} else {
		ok(0, "find this test's own build directory");
	}
	/* every machine this build assembles has its jumploader beside it */
	for (size_t i = 0; i < ntargets && n > 0; i++) {
		if (!target_assembles(&targets[i]))
			continue;
		target_jumploader_name(&targets[i], buf, sizeof buf);
		snprintf(jl, sizeof jl, "%s/lib/zapp/%s", self, buf);
		ok(access(jl, R_OK) == 0, "%s is assembled: lib/zapp/%s is built", targets[i].name, buf);
	}
	ok(!target_assembles(NULL), "no row is not assembled");
	ok(!target_assembles(target_of(EM_S390)), "S/390 is not assembled");
#if defined(__x86_64__)
	ok(target_assembles(target_of(EM_386)), "an x86-64 build assembles i386 programs");
	is_str(target_assembled_names(), "x86-64, i386 and AArch64", "and says so");
	is_str(target_of(EM_386)->wordlib, "lib32", "i386's own directories are /lib32 and /usr/lib32");
	is_str(t->wordlib, "lib64", "x86-64's /lib64 and /usr/lib64");

	/* the first program decides the Zapp's machine */
	ok(target_zapp() == t, "before any program, the Zapp's machine is the build's");
	ok(target_decide("x243", EM_RISCV, ELFCLASS64) < 0, "a machine not assembled decides nothing");
	is_str(zwhy(), "architecture mismatch: this is RISC-V; zapp assembles x86-64, i386 and AArch64 programs", "and says why");
	ok(target_decide("x32", EM_X86_64, ELFCLASS32) < 0, "nor does x32 (32-bit x86-64)");
	is_str(zwhy(), "architecture mismatch: this is 32-bit x86-64; zapp assembles x86-64, i386 and AArch64 programs", "named so");
	ok(target_zapp() == t, "the Zapp's machine is still the build's");
	ok(target_decide("bin/p32", EM_386, ELFCLASS32) == 0, "an i386 program decides");
	ok(target_zapp() == target_of(EM_386), "the Zapp is i386");
	ok(target_decide("bin/q32", EM_386, ELFCLASS32) == 0, "a second i386 program is welcome");
	ok(target_decide("bin/p64", EM_X86_64, ELFCLASS64) < 0, "an x86-64 one is not");
	is_str(zwhy(), "architecture mismatch: this is x86-64; the Zapp's programs are i386, as bin/p32 is "
	       "(a Zapp holds programs of one architecture)", "the message names both files and both machines");
	ok(target_decide("x243", EM_RISCV, ELFCLASS64) < 0, "a machine not assembled is refused as before");
	is_str(zwhy(), "architecture mismatch: this is RISC-V; zapp assembles x86-64, i386 and AArch64 programs", "in the same words");
	ok(target_zapp() == target_of(EM_386), "the Zapp stays i386");
#endif
	is_str(target_of(EM_AARCH64)->name, "AArch64", "AArch64 by name");
	is_str(elf_machine_name(EM_386, buf, sizeof buf), "i386", "elf_machine_name uses the table");
	is_str(elf_machine_name(4242, buf, sizeof buf), "machine 4242", "and numbers the rest");
	ok(libc_kind_of("/lib64/ld-linux-x86-64.so.2") == LIBC_GLIBC && libc_kind_of("ld-linux-aarch64.so.1") == LIBC_GLIBC,
	   "glibc by its loader's name, of any architecture");
	ok(libc_kind_of("/lib/ld-musl-x86_64.so.1") == LIBC_MUSL && libc_kind_of("/lib/ld-musl-armhf.so.1") == LIBC_MUSL,
	   "musl by its loader's name");
	ok(libc_kind_of(NULL) == LIBC_UNKNOWN && libc_kind_of("/lib/ld-musl-x86_64.so.1.bak") == LIBC_UNKNOWN
	   && libc_kind_of("/usr/bin/python3") == LIBC_UNKNOWN, "anything else is unknown");
	ok(libc_musl_self("libc.so") && libc_musl_self("libc.musl-x86_64.so.1") && libc_musl_self("libc.so.6")
	   && libc_musl_self("libpthread.so.0") && libc_musl_self("libm.so") && libc_musl_self("libxnet.so"),
	   "musl answers libc.so and its kin itself");
	ok(!libc_musl_self("libcurl.so.4") && !libc_musl_self("libmagic.so.1") && !libc_musl_self("libc")
	   && !libc_musl_self("c.so") && !libc_musl_self("libdlx.so"), "not other names");
	ok(libc_musl_own("libc.so") && libc_musl_own("libc.musl-x86_64.so.1") && !libc_musl_own("libc.so.6")
	   && !libc_musl_own("libpthread.so.0") && !libc_musl_own("libc.musl-.so.1"), "musl's own names for its libc");
	return tap_done();
}
