/* jumploader/arch.h: pick the per-architecture part. */
#ifndef ZAPP_ARCH_H
#define ZAPP_ARCH_H
#if defined(__x86_64__)
#include "arch/x86_64.h"
#elif defined(__aarch64__)
#include "arch/aarch64.h"
#else
#error "the jumploader has no support for this architecture yet (see jumploader/arch/)"
#endif
#endif
