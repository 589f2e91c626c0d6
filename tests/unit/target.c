/* Unit tests: the table of architectures (libzapp/target.h). */
#include "libc_kind.h"
#include "target.h"
#include "zelf.h"
#include "tap.h"

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
		    || (targets[i].elfclass != ELFCLASS32 && targets[i].elfclass != ELFCLASS64)
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
