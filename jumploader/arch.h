/* jumploader/arch.h: pick the per-architecture part. */
#ifndef ZAPP_ARCH_H
#define ZAPP_ARCH_H
#if defined(__x86_64__) && !defined(__ILP32__)
#include "arch/x86_64.h"
#elif defined(__i386__)
#include "arch/i386.h"
#elif defined(__aarch64__)
#include "arch/aarch64.h"
#else
#error "the jumploader has no support for this architecture yet (see jumploader/arch/)"
#endif

/* What an arch file leaves out is the 64-bit way: an ELFCLASS64 machine,
 * mmap with a byte offset, pread64 with one, no O_LARGEFILE. */
#ifndef ARCH_ELF_CLASS
#define ARCH_ELF_CLASS	2		/* ELFCLASS64 */
#endif
#ifndef ARCH_MMAP_OFFSET_SHIFT
#define ARCH_MMAP_OFFSET_SHIFT 0
#endif
#ifndef ARCH_OFFSET_PAIR
#define ARCH_OFFSET_PAIR 0
#endif
#ifndef ARCH_O_LARGEFILE
#define ARCH_O_LARGEFILE 0
#endif
#endif
