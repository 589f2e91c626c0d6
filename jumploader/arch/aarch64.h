/* jumploader/arch/aarch64.h: everything the jumploader needs to know about
 * AArch64 (as jumploader/arch/x86_64.h for x86-64): the ELF machine, the
 * syscall numbers (the generic table, include/uapi/asm-generic/unistd.h)
 * and calling sequence (svc #0, the number in x8, arguments in x0-x5, the
 * result in x0), the entry stub _start and the final jump.  The page size
 * is the kernel's (4, 16 or 64 KiB), taken from AT_PAGESZ as on every
 * architecture.
 */
#ifndef ZAPP_ARCH_AARCH64_H
#define ZAPP_ARCH_AARCH64_H

#define ARCH_NAME	"AArch64"
#define ARCH_ELF_MACHINE 183		/* EM_AARCH64 */

#define SYS_faccessat	48
#define SYS_openat	56
#define SYS_close	57
#define SYS_read	63
#define SYS_write	64
#define SYS_pread64	67
#define SYS_readlinkat	78
#define SYS_newfstatat	79
#define SYS_fstat	80
#define SYS_exit_group	94
#define SYS_munmap	215
#define SYS_execve	221
#define SYS_mmap	222
#define SYS_mprotect	226
#define SYS_faccessat2	439

/* struct stat as the generic kernel ABI fills it (asm-generic/stat.h). */
struct arch_stat {
	unsigned long st_dev, st_ino;
	unsigned int st_mode, st_nlink, st_uid, st_gid;
	unsigned long st_rdev, pad1;
	long st_size;
	int st_blksize, pad2;
	long st_blocks;
	unsigned long times[6];
	unsigned int unused[2];
};

static inline long arch_syscall6(long n, long a, long b, long c, long d,
				 long e, long f)
{
	register long x8 __asm__("x8") = n;
	register long x0 __asm__("x0") = a;
	register long x1 __asm__("x1") = b;
	register long x2 __asm__("x2") = c;
	register long x3 __asm__("x3") = d;
	register long x4 __asm__("x4") = e;
	register long x5 __asm__("x5") = f;
	__asm__ volatile ("svc #0" : "+r"(x0)
			  : "r"(x8), "r"(x1), "r"(x2), "r"(x3), "r"(x4), "r"(x5)
			  : "memory", "cc");
	return x0;
}

static inline long arch_syscall1(long n, long a)
{
	return arch_syscall6(n, a, 0, 0, 0, 0, 0);
}

static inline long arch_syscall2(long n, long a, long b)
{
	return arch_syscall6(n, a, b, 0, 0, 0, 0);
}

static inline long arch_syscall3(long n, long a, long b, long c)
{
	return arch_syscall6(n, a, b, c, 0, 0, 0);
}

static inline long arch_syscall4(long n, long a, long b, long c, long d)
{
	return arch_syscall6(n, a, b, c, d, 0, 0);
}

/* The process entry.  The kernel leaves sp (16-byte aligned) pointing at
 * argc, followed by argv, envp and the auxiliary vector; _start hands it
 * to jl_main (which never returns), with the frame and link registers
 * cleared so that a backtrace ends there.
 *
 * arch_enter(entry, sp) is the other end: it puts the stack pointer back,
 * clears every general register (x0 = 0 means "no function for atexit" in
 * the AArch64 ELF ABI, as the kernel leaves it; the others must not leak
 * jumploader state), and branches to the loader's entry point, or to the
 * program's own when it is statically linked.
 */
__asm__(
	".text\n"
	".globl _start\n"
	".type _start,%function\n"
	"_start:\n"
	"	mov x29, #0\n"
	"	mov x30, #0\n"
	"	mov x0, sp\n"
	"	bl jl_main\n"
	"	brk #0\n"
	".size _start, .-_start\n"
	"\n"
	".globl arch_enter\n"
	".hidden arch_enter\n"
	".type arch_enter,%function\n"
	"arch_enter:\n"
	"	mov sp, x1\n"
	"	mov x16, x0\n"
	"	mov x0, #0\n"
	"	mov x1, #0\n"
	"	mov x2, #0\n"
	"	mov x3, #0\n"
	"	mov x4, #0\n"
	"	mov x5, #0\n"
	"	mov x6, #0\n"
	"	mov x7, #0\n"
	"	mov x8, #0\n"
	"	mov x9, #0\n"
	"	mov x10, #0\n"
	"	mov x11, #0\n"
	"	mov x12, #0\n"
	"	mov x13, #0\n"
	"	mov x14, #0\n"
	"	mov x15, #0\n"
	"	mov x17, #0\n"
	"	mov x18, #0\n"
	"	mov x19, #0\n"
	"	mov x20, #0\n"
	"	mov x21, #0\n"
	"	mov x22, #0\n"
	"	mov x23, #0\n"
	"	mov x24, #0\n"
	"	mov x25, #0\n"
	"	mov x26, #0\n"
	"	mov x27, #0\n"
	"	mov x28, #0\n"
	"	mov x29, #0\n"
	"	mov x30, #0\n"
	"	br x16\n"
	".size arch_enter, .-arch_enter\n");

#endif
