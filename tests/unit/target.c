/* Unit tests: the table of architectures (libzapp/target.h). */
#include "target.h"
#include "zelf.h"
#include "tap.h"

#include <string.h>

int main(void)
{
	const struct target *t = target_build();
	char buf[64];
	int sorted = 1, complete = 1;

	for (size_t i = 0; i < ntargets; i++) {
		if (i && targets[i - 1].machine >= targets[i].machine)
			sorted = 0;
		if (!targets[i].name || !targets[i].triplet || !targets[i].arch || !targets[i].loader
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
	ok(target_jumploader_name(t, buf, sizeof buf) == 0, "its jumploader has a name");
	is_str(buf, "jumploader-x86_64", "the name the build gives the jumploader");
#endif
	ok(target_jumploader_name(t, buf, 5) == -1, "a name that does not fit fails");
	is_str(target_of(EM_AARCH64)->name, "AArch64", "AArch64 by name");
	is_str(elf_machine_name(EM_386, buf, sizeof buf), "i386", "elf_machine_name uses the table");
	is_str(elf_machine_name(4242, buf, sizeof buf), "machine 4242", "and numbers the rest");
	return tap_done();
}
