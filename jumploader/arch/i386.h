/* jumploader/arch/i386.h: everything the jumploader needs to know about
 * 32-bit x86: the ELF machine and class, the syscall numbers and calling
 * sequence (int $0x80), the process entry stub _start and the final jump
 * into the loaded program.  See x86_64.h for the other x86.
 *
 * Where the 32-bit kernel interface differs from the 64-bit one, the
 * names jumploader.c uses keep their meaning:
 *  - SYS_mmap is mmap2, whose offset counts 4096-byte units
 *    (ARCH_MMAP_OFFSET_SHIFT); the old mmap takes a block in memory;
 *  - SYS_pread64 takes the 64-bit offset in two registers, low half first
 *    (ARCH_OFFSET_PAIR);
 *  - SYS_fstat and SYS_newfstatat are fstat64 and fstatat64, which fill
 *    struct stat64 (64-bit size and inode, whatever the file);
 *  - files are opened with O_LARGEFILE (ARCH_O_LARGEFILE), as the C
 *    library of a 32-bit program does, so that a file past 2 GiB opens.
 */
#ifndef ZAPP_ARCH_I386_H
#define ZAPP_ARCH_I386_H

#define ARCH_NAME	"i386"
#define ARCH_ELF_MACHINE 3		/* EM_386 */
#define ARCH_ELF_CLASS	1		/* ELFCLASS32 */
#define ARCH_MMAP_OFFSET_SHIFT 12	/* mmap2 */
#define ARCH_OFFSET_PAIR 1
#define ARCH_O_LARGEFILE 0100000

/* Syscall numbers (arch/x86/entry/syscalls/syscall_32.tbl). */
#define SYS_read	3
#define SYS_write	4
#define SYS_close	6
#define SYS_execve	11
#define SYS_munmap	91
#define SYS_mprotect	125
#define SYS_pread64	180
#define SYS_mmap	192		/* mmap2 */
#define SYS_fstat	197		/* fstat64 */
#define SYS_exit_group	252
#define SYS_openat	295
#define SYS_newfstatat	300		/* fstatat64 */
#define SYS_readlinkat	305
#define SYS_faccessat	307
#define SYS_faccessat2	439

/* struct stat64 as the i386 kernel fills it (arch/x86/include/uapi/asm/
 * stat.h); only what we use is named.  64-bit members are 4-byte aligned
 * in the i386 ABI, so there is no padding the kernel does not have. */
struct arch_stat {
	unsigned long long st_dev;
	unsigned char pad0[4];
	unsigned long st_ino32;
	unsigned int st_mode, st_nlink;
	unsigned long st_uid, st_gid;
	unsigned long long st_rdev;
	unsigned char pad3[4];
	long long st_size;
	unsigned long st_blksize;
	unsigned long long st_blocks;
	unsigned long times[6];
	unsigned long long st_ino;
};
_Static_assert(sizeof(struct arch_stat) == 96, "struct stat64 of i386 is 96 bytes");

/* The arguments go in %ebx, %ecx, %edx, %esi, %edi and %ebp, the number
 * in %eax, which returns the result.  %ebx is free for asm operands in
 * position-independent code since GCC 5. */
static inline long arch_syscall1(long n, long a)
{
	long r;
	__asm__ volatile ("int $0x80" : "=a"(r) : "a"(n), "b"(a) : "memory");
	return r;
}

static inline long arch_syscall2(long n, long a, long b)
{
	long r;
	__asm__ volatile ("int $0x80" : "=a"(r) : "a"(n), "b"(a), "c"(b)
			  : "memory");
	return r;
}

static inline long arch_syscall3(long n, long a, long b, long c)
{
	long r;
	__asm__ volatile ("int $0x80" : "=a"(r) : "a"(n), "b"(a), "c"(b), "d"(c)
			  : "memory");
	return r;
}

static inline long arch_syscall4(long n, long a, long b, long c, long d)
{
	long r;
	__asm__ volatile ("int $0x80" : "=a"(r)
			  : "a"(n), "b"(a), "c"(b), "d"(c), "S"(d)
			  : "memory");
	return r;
}

static inline long arch_syscall5(long n, long a, long b, long c, long d,
				 long e)
{
	long r;
	__asm__ volatile ("int $0x80" : "=a"(r)
			  : "a"(n), "b"(a), "c"(b), "d"(c), "S"(d), "D"(e)
			  : "memory");
	return r;
}

/* The sixth argument goes in %ebp, which the compiler may be using as the
 * frame pointer and cannot be named as an operand: the arguments' block
 * in memory is passed in %eax instead, and %ebp is saved on the stack
 * around the call. */
static inline long arch_syscall6(long n, long a, long b, long c, long d,
				 long e, long f)
{
	long r;
	const long block[2] = { n, f };

	__asm__ volatile ("push %%ebp\n\t"
			  "mov 4(%%eax), %%ebp\n\t"
			  "mov (%%eax), %%eax\n\t"
			  "int $0x80\n\t"
			  "pop %%ebp"
			  : "=a"(r)
			  : "a"(block), "b"(a), "c"(b), "d"(c), "S"(d), "D"(e)
			  : "memory");
	return r;
}

/* The process entry.  The kernel leaves %esp pointing at argc, followed
 * by argv, envp and the auxiliary vector.  _start hands that pointer to
 * jl_main (a C function that never returns, its argument on the stack as
 * the i386 ABI passes it) with the stack 16-byte aligned at the call, as
 * GCC expects it.
 *
 * arch_enter(entry, sp) is the other end: it puts the stack pointer back
 * where the kernel left it, clears the general registers (%edx = 0 means
 * "no function for atexit" in the i386 ABI; the others must not leak
 * jumploader state; %ecx holds the entry point itself), and jumps to the
 * loader's entry point, or to the program's own when it is statically
 * linked.
 */
__asm__(
	".text\n"
	".globl _start\n"
	".type _start,@function\n"
	"_start:\n"
	"	xor %ebp, %ebp\n"
	"	mov %esp, %eax\n"
	"	and $-16, %esp\n"
	"	sub $12, %esp\n"
	"	push %eax\n"
	"	call jl_main\n"
	"	hlt\n"
	".size _start, .-_start\n"
	"\n"
	".globl arch_enter\n"
	".hidden arch_enter\n"
	".type arch_enter,@function\n"
	"arch_enter:\n"
	"	mov 4(%esp), %ecx\n"
	"	mov 8(%esp), %esp\n"
	"	xor %eax, %eax\n"
	"	xor %ebx, %ebx\n"
	"	xor %edx, %edx\n"
	"	xor %esi, %esi\n"
	"	xor %edi, %edi\n"
	"	xor %ebp, %ebp\n"
	"	jmp *%ecx\n"
	".size arch_enter, .-arch_enter\n");

#endif
