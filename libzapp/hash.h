/* libzapp/hash.h: the one hash of the tools' in-memory tables (FNV-1a,
 * 64 bits): fold bytes into h, starting from ZHASH_INIT. */
#ifndef ZAPP_HASH_H
#define ZAPP_HASH_H

#include <stddef.h>
#include <stdint.h>

#define ZHASH_INIT 1469598103934665603ull

static inline uint64_t zhash(uint64_t h, const void *bytes, size_t n)
{
	const unsigned char *s = bytes;
	while (n--)
		h = (h ^ *s++) * 1099511628211ull;
	return h;
}

#endif
