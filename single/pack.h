/* single/pack.h: the layout of a one-file Zapp (zapp-assemble --single):
 * the stub (single/stub.c), the pack, the trailer, in that order.
 *
 * The pack is records, each a struct pack_rec then its path (pathlen
 * bytes, relative, no NUL) and then, for a file, its size bytes of
 * content, for a link, the path (size bytes) of the file it is one with,
 * which comes before it; a directory before what it holds; PACK_END last.
 * Little-endian, as the machine is (the stub runs where it was made for).
 * The trailer is the file's last bytes. */
#ifndef ZAPP_SINGLE_PACK_H
#define ZAPP_SINGLE_PACK_H

#include <stdint.h>

enum { PACK_END = 0, PACK_DIR = 1, PACK_FILE = 2, PACK_LINK = 3 };

struct pack_rec {
	uint32_t kind;
	uint32_t mode;
	uint32_t pathlen;
	uint32_t pad;
	uint64_t size;
};

#define PACK_MAGIC "ZAPP-SINGLE-1\0\0"

struct pack_trailer {
	char key[72];		/* the pack's SHA-256, hex: the cache's name for it */
	char name[256];		/* the Zapp's name: KEY/NAME/bin/... */
	char main[256];		/* the program run when argv[0] names none */
	uint64_t offset;	/* where the pack starts */
	uint64_t size;		/* and its bytes */
	char magic[16];		/* PACK_MAGIC, last */
};

#endif
