/* libzapp/target.h: the architectures zapp knows, and the one this build
 * of the tools targets.  One table says, for each ELF machine, its name
 * for messages, its class, its Debian multiarch triplet, the name of its
 * jumploader, of its glibc loader and of musl's; every tool takes these from here
 * (the jumploader's own arch file, jumploader/arch/, is the only other
 * place that knows an architecture).
 *
 * The machines a build assembles Zapps for are its own and, on x86-64,
 * i386 (target_assembles): each has its jumploader in lib/zapp/.  The
 * other rows name machines in messages and say what a port would use.
 * A Zapp holds programs of one machine; the first program given decides
 * it (target_decide).
 */
#ifndef ZAPP_TARGET_H
#define ZAPP_TARGET_H

#include <stddef.h>

struct target {
	unsigned machine;	/* EM_*; the table is sorted by it */
	unsigned char elfclass;	/* ELFCLASS32 / ELFCLASS64 */
	const char *name;	/* for messages: "x86-64" */
	const char *triplet;	/* multiarch directory: "x86_64-linux-gnu" */
	const char *arch;	/* the jumploader is "jumploader-" arch */
	const char *loader;	/* glibc's loader: "ld-linux-x86-64.so.2" */
	const char *wordlib;	/* its own default directory beside /lib and
				   /usr/lib, by word size: "lib64", "lib32" */
	unsigned page_size;	/* the smallest page size the kernel may use */
	const char *musl;	/* musl's loader, which is its libc: "ld-musl-x86_64.so.1" */
};

/* The rows, sorted by machine, and how many there are. */
extern const struct target targets[];
extern const size_t ntargets;

/* The architecture of this build's tools. */
const struct target *target_build(void);

/* Does this build assemble Zapps for t (is its jumploader built)? */
int target_assembles(const struct target *t);

/* The words for the machines this build assembles: "x86-64 and i386". */
const char *target_assembled_names(void);

/* The architecture of the Zapp being made or checked: the one the first
 * program decided (target_decide), else the build's. */
const struct target *target_zapp(void);

/* The ELF file shown, of that machine and class, is a program (or a
 * library given as an input) of the Zapp.  The first one decides the
 * Zapp's machine; a later one must be of it.  0, or -1 with zwhy()
 * saying why not: a machine this build does not assemble, or another
 * than the first's ("this is i386; the Zapp's programs are x86-64, as
 * FIRST is"). */
int target_decide(const char *shown, unsigned machine, unsigned elfclass);

/* The row of a machine, or NULL. */
const struct target *target_of(unsigned machine);

/* Name of a machine for messages: "x86-64", "AArch64", or "machine 183". */
const char *elf_machine_name(unsigned machine, char *buf, size_t len);

/* The jumploader's file name for t: "jumploader-x86_64". */
int target_jumploader_name(const struct target *t, char *buf, size_t len);

#endif
