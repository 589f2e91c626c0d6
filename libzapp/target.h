/* libzapp/target.h: the architectures zapp knows, and the one this build
 * of the tools targets.  One table says, for each ELF machine, its name
 * for messages, its class, its Debian multiarch triplet, the name of its
 * jumploader, of its glibc loader and of musl's; every tool takes these from here
 * (the jumploader's own arch file, jumploader/arch/, is the only other
 * place that knows an architecture).
 *
 * Only the build's target has a jumploader so far: the other rows name
 * machines in messages and say what a port would use.
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
	unsigned page_size;	/* the smallest page size the kernel may use */
	const char *musl;	/* musl's loader, which is its libc: "ld-musl-x86_64.so.1" */
};

/* The rows, sorted by machine, and how many there are. */
extern const struct target targets[];
extern const size_t ntargets;

/* The architecture this build assembles Zapps for. */
const struct target *target_build(void);

/* The row of a machine, or NULL. */
const struct target *target_of(unsigned machine);

/* The jumploader's file name for t: "jumploader-x86_64". */
int target_jumploader_name(const struct target *t, char *buf, size_t len);

#endif
