/* jumploader/arch/x86_64.h: everything the jumploader needs to know about
 * x86-64: the ELF machine, the syscall numbers and calling sequence, the
 * process entry stub _start and the final jump into the loaded program.
 * Another architecture gets a file like this one and nothing else changes.
 */
#ifndef ZAPP_ARCH_X86_64_H
#define ZAPP_ARCH_X86_64_H

#define ARCH_NAME	"x86-64"
#define ARCH_ELF_MACHINE 62		/* EM_X86_64 */

/* Syscall numbers (arch/x86/entry/syscalls/syscall_64.tbl). */
#define SYS_read	0
#define SYS_write	1
#define SYS_close	3
#define SYS_fstat	5
#define SYS_mmap	9
#define SYS_mprotect	10
#define SYS_munmap	11
#define SYS_pread64	17
#define SYS_faccessat	269
#define SYS_faccessat2	439
#define SYS_execve	59
#define SYS_exit_group	231
#define SYS_readlinkat	267
#define SYS_newfstatat	262
#define SYS_openat	257

/* struct stat as the x86-64 kernel fills it (only what we use is named). */
struct arch_stat {
	unsigned long st_dev, st_ino, st_nlink;
	unsigned int st_mode, st_uid, st_gid, pad0;
	unsigned long st_rdev;
	long st_size, st_blksize, st_blocks;
	unsigned long times[6];
	long reserved[3];
};

static inline long arch_syscall1(long n, long a)
{
	long r;
	__asm__ volatile ("syscall" : "=a"(r) : "a"(n), "D"(a)
			  : "rcx", "r11", "memory");
	return r;
}

static inline long arch_syscall2(long n, long a, long b)
{
	long r;
	__asm__ volatile ("syscall" : "=a"(r) : "a"(n), "D"(a), "S"(b)
			  : "rcx", "r11", "memory");
	return r;
}

static inline long arch_syscall3(long n, long a, long b, long c)
{
	long r;
	__asm__ volatile ("syscall" : "=a"(r) : "a"(n), "D"(a), "S"(b), "d"(c)
			  : "rcx", "r11", "memory");
	return r;
}

static inline long arch_syscall4(long n, long a, long b, long c, long d)
{
	long r;
	register long r10 __asm__("r10") = d;
	__asm__ volatile ("syscall" : "=a"(r)
			  : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10)
			  : "rcx", "r11", "memory");
	return r;
}

static inline long arch_syscall6(long n, long a, long b, long c, long d,
				 long e, long f)
{
	long r;
	register long r10 __asm__("r10") = d;
	register long r8 __asm__("r8") = e;
	register long r9 __asm__("r9") = f;
	__asm__ volatile ("syscall" : "=a"(r)
			  : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8),
			    "r"(r9)
			  : "rcx", "r11", "memory");
	return r;
}

/* The process entry.  The kernel leaves %rsp pointing at argc, followed
 * by argv, envp and the auxiliary vector.  _start hands that pointer to
 * jl_main (a C function that never returns) on a 16-byte aligned stack.
 *
 * arch_enter(entry, sp) is the other end: it puts the stack pointer back
 * where the kernel left it, clears every general register (%rdx = 0 means
 * "no function for atexit" in the x86-64 ABI; the others must not leak
 * jumploader state), and jumps to the loader's entry point, or to the
 * program's own entry point when it is statically linked.
 */
__asm__(
	".text\n"
	".globl _start\n"
	".type _start,@function\n"
	"_start:\n"
	"	xor %ebp, %ebp\n"
	"	mov %rsp, %rdi\n"
	"	and $-16, %rsp\n"
	"	call jl_main\n"
	"	hlt\n"
	".size _start, .-_start\n"
	"\n"
	".globl arch_enter\n"
	".hidden arch_enter\n"
	".type arch_enter,@function\n"
	"arch_enter:\n"
	"	mov %rsi, %rsp\n"
	"	mov %rdi, %r11\n"
	"	xor %eax, %eax\n"
	"	xor %ebx, %ebx\n"
	"	xor %ecx, %ecx\n"
	"	xor %edx, %edx\n"
	"	xor %esi, %esi\n"
	"	xor %edi, %edi\n"
	"	xor %ebp, %ebp\n"
	"	xor %r8d, %r8d\n"
	"	xor %r9d, %r9d\n"
	"	xor %r10d, %r10d\n"
	"	xor %r12d, %r12d\n"
	"	xor %r13d, %r13d\n"
	"	xor %r14d, %r14d\n"
	"	xor %r15d, %r15d\n"
	"	jmp *%r11\n"
	".size arch_enter, .-arch_enter\n");

#endif
