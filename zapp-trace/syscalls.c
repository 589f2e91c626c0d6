/* zapp-trace/syscalls.c: the system calls zapp-trace follows, in one table
 * giving each call's number in every tracee ABI it knows (x86-64; i386,
 * a 32-bit program on a 64-bit kernel; AArch64), and what its arguments
 * are; the seccomp filter built from that table; reading the arguments
 * out of a tracee's memory.
 *
 * x32 programs (x86-64 numbers with __X32_SYSCALL_BIT) are not followed:
 * the filter lets their calls run. */
#include "trace.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/uio.h>
#include <unistd.h>

#ifndef AUDIT_ARCH_AARCH64
#define AUDIT_ARCH_AARCH64 (EM_AARCH64 | __AUDIT_ARCH_64BIT | __AUDIT_ARCH_LE)
#endif

static const uint32_t abi_arch[ABI_COUNT] = {
	[ABI_X86_64] = AUDIT_ARCH_X86_64,
	[ABI_I386] = AUDIT_ARCH_I386,
	[ABI_AARCH64] = AUDIT_ARCH_AARCH64,
};

/* name, kind, dirfd, path, flags argument; numbers: x86-64, i386, AArch64 */
static const struct sc_def defs[] = {
	{ "open",       SC_OPEN,   -1, 0, 1,  {   2,   5,  -1 }, 0, 0 },
	{ "openat",     SC_OPEN,    0, 1, 2,  { 257, 295,  56 }, 0, 0 },
	{ "openat2",    SC_OPEN,    0, 1, 2,  { 437, 437, 437 }, 0, 1 },
	{ "creat",      SC_OPEN,   -1, 0, -1, {  85,   8,  -1 }, 1, 0 },
	{ "execve",     SC_EXEC,   -1, 0, -1, {  59,  11, 221 }, 0, 0 },
	{ "execveat",   SC_EXEC,    0, 1, 4,  { 322, 358, 281 }, 0, 0 },
	{ "stat",       SC_STAT,   -1, 0, -1, {   4, 106,  -1 }, 0, 0 },
	{ "lstat",      SC_STAT,   -1, 0, -1, {   6, 107,  -1 }, 0, 0 },
	{ "stat64",     SC_STAT,   -1, 0, -1, {  -1, 195,  -1 }, 0, 0 },
	{ "lstat64",    SC_STAT,   -1, 0, -1, {  -1, 196,  -1 }, 0, 0 },
	{ "newfstatat", SC_STAT,    0, 1, 3,  { 262, 300,  79 }, 0, 0 },	/* i386: fstatat64 */
	{ "statx",      SC_STAT,    0, 1, 2,  { 332, 383, 291 }, 0, 0 },
	{ "access",     SC_STAT,   -1, 0, -1, {  21,  33,  -1 }, 0, 0 },
	{ "faccessat",  SC_STAT,    0, 1, -1, { 269, 307,  48 }, 0, 0 },
	{ "faccessat2", SC_STAT,    0, 1, 3,  { 439, 439, 439 }, 0, 0 },
	{ "rename",     SC_RENAME, -1, 1, -1, {  82,  38,  -1 }, 0, 0 },
	{ "renameat",   SC_RENAME,  2, 3, -1, { 264, 302,  38 }, 0, 0 },
	{ "renameat2",  SC_RENAME,  2, 3, -1, { 316, 353, 276 }, 0, 0 },
};
#define NDEFS (sizeof defs / sizeof *defs)

const struct sc_def *sc_lookup(uint32_t arch, uint64_t nr)
{
	for (int a = 0; a < ABI_COUNT; a++) {
		if (abi_arch[a] != arch)
			continue;
		for (size_t i = 0; i < NDEFS; i++)
			if (defs[i].nr[a] >= 0 && (uint64_t)defs[i].nr[a] == nr)
				return &defs[i];
	}
	return NULL;
}

const struct sc_def *sc_by_data(unsigned data)
{
	return data >= 1 && data <= NDEFS ? &defs[data - 1] : NULL;
}

/* The filter: for each ABI, its architecture, then each followed call by
 * number, returning SECCOMP_RET_TRACE with the table index + 1 as data;
 * anything else runs (SECCOMP_RET_ALLOW).  A stat-family call with
 * AT_EMPTY_PATH in its flags is fstat of a descriptor (glibc's fstat is
 * newfstatat(fd, "", AT_EMPTY_PATH)): it runs without a stop. */
#define ARG_LO(k) (offsetof(struct seccomp_data, args) + 8 * (k) + \
		   (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? 0 : 4))

int sc_install_filter(void)
{
	struct sock_filter f[512];
	size_t n = 0;
	f[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch));
	for (int a = 0; a < ABI_COUNT; a++) {
		size_t jump = n;
		f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, abi_arch[a], 0, 0);
		f[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr));
		for (size_t i = 0; i < NDEFS; i++) {
			const struct sc_def *d = &defs[i];
			uint32_t trace = SECCOMP_RET_TRACE | (uint32_t)(i + 1);
			if (d->nr[a] < 0)
				continue;
			if (d->kind == SC_STAT && d->flags >= 0) {
				f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)d->nr[a], 0, 4);
				f[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, ARG_LO(d->flags));
				f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, AT_EMPTY_PATH, 0, 1);
				f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
				f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, trace);
			} else {
				f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)d->nr[a], 0, 1);
				f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, trace);
			}
		}
		f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
		if (n - jump - 1 > 255) {
			errno = E2BIG;	/* a jump of BPF reaches 255 instructions */
			return -1;
		}
		f[jump].jf = (unsigned char)(n - jump - 1);
	}
	f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	struct sock_fprog prog = { .len = (unsigned short)n, .filter = f };
	/* without CAP_SYS_ADMIN a filter needs no_new_privs; an unprivileged
	 * tracer could not give a set-user-ID program its privileges anyway */
	if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) == 0)
		return 0;
	if (errno != EACCES || prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return -1;
	return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog);
}

int sc_read_mem(pid_t tid, uint64_t addr, void *buf, size_t len)
{
	struct iovec local = { buf, len }, remote = { (void *)(uintptr_t)addr, len };
	return process_vm_readv(tid, &local, 1, &remote, 1, 0) == (ssize_t)len ? 0 : -1;
}

int sc_read_string(pid_t tid, uint64_t addr, char *buf, size_t len)
{
	static long page;
	size_t got = 0;
	if (!page)
		page = sysconf(_SC_PAGESIZE) > 0 ? sysconf(_SC_PAGESIZE) : 4096;
	if (!addr)
		return -1;
	/* a page at a time: the string may end just before an unmapped page */
	while (got < len) {
		uint64_t a = addr + got;
		size_t chunk = (size_t)page - (size_t)(a % (uint64_t)page);
		if (chunk > len - got)
			chunk = len - got;
		if (sc_read_mem(tid, a, buf + got, chunk) < 0)
			return -1;
		char *nul = memchr(buf + got, '\0', chunk);
		if (nul)
			return 0;
		got += chunk;
	}
	return -1;
}
