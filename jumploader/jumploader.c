/* jumploader/jumploader.c: bin/NAME of a Zapp.
 *
 * A userland exec: map the Zapp's real program (dynbin/NAME) and the loader
 * it asks for (lib/<basename of its PT_INTERP>) into this very process, the
 * way the kernel's ELF loader would have, rewrite the auxiliary vector on
 * the stack the kernel gave us, and jump to the loader's entry point with
 * that untouched stack.  argv, envp, the pid and /proc/self/exe stay those
 * of the one execve that started bin/NAME.  See docs/jumploader.md.
 *
 * Freestanding: no C library, raw system calls, no relocations (static-pie
 * linked; the build checks there is nothing to relocate), and a stack of
 * our own below the one we will hand over.
 */
#include <stddef.h>
#include <stdint.h>

#include "stamp.h"
#include "elf_check.h"
#include "arch.h"

#define PATH_MAX	4096

/* Linux ABI constants (the same on x86-64, i386 and aarch64). */
#define AT_NULL		0
#define AT_PHDR		3
#define AT_PHENT	4
#define AT_PHNUM	5
#define AT_PAGESZ	6
#define AT_BASE		7
#define AT_ENTRY	9
#define AT_SECURE	23
#define AT_FDCWD	(-100)
#define O_RDONLY	0
#define O_NOCTTY	0400
#define O_NONBLOCK	04000
#define O_CLOEXEC	02000000
#define X_OK		1
#define AT_SYMLINK_NOFOLLOW 0x100
#define AT_EMPTY_PATH	0x1000
#define S_IFMT		0170000
#define S_IFREG		0100000
#define S_IFDIR		0040000
#define PROT_READ	1
#define PROT_WRITE	2
#define PROT_EXEC	4
#define PROT_GROWSDOWN	0x01000000
#define MAP_PRIVATE	0x02
#define MAP_FIXED	0x10
#define MAP_ANONYMOUS	0x20
#define MAP_NORESERVE	0x4000
#define MAP_FIXED_NOREPLACE 0x100000

#define EPERM		1
#define ENOENT		2
#define ENXIO		6
#define EINTR		4
#define EIO		5
#define E2BIG		7
#define ENOEXEC		8
#define EBADF		9
#define EAGAIN		11
#define ENOMEM		12
#define EACCES		13
#define EFAULT		14
#define EEXIST		17
#define ENODEV		19
#define ENOTDIR		20
#define EISDIR		21
#define EINVAL		22
#define ENFILE		23
#define EMFILE		24
#define ETXTBSY		26
#define ENAMETOOLONG	36
#define ENOSYS		38
#define ELOOP		40
#define EOVERFLOW	75

/* Exit statuses, as a shell gives them. */
#define EXIT_MISSING	127	/* a piece of the Zapp is not there */
#define EXIT_UNUSABLE	126	/* it is there but cannot be run */

/* The record zapp-assemble overwrites in each copy (libzapp/stamp.h). */
__attribute__((used, section(ZAPP_STAMP_SECTION), aligned(16)))
const struct zapp_stamp zapp_stamp_record = { ZAPP_STAMP_MAGIC, "", "", "", "", "", "", "" };

_Noreturn void jl_main(uintptr_t *sp);
_Noreturn void arch_enter(uintptr_t entry, uintptr_t *sp);

/* The compiler may emit calls to these even in freestanding code, and
 * map_image zeroes the tail of a writable segment's last file page (up to
 * a page less a byte) with memset: a word at a time where both ends allow
 * it (-Os would otherwise make a byte loop of it, some 4,000 turns;
 * -fno-tree-loop-distribute-patterns keeps GCC from making a memset call
 * of these loops themselves). */
void *memcpy(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);

/* a word that may alias anything (the bytes copied or set are of any type) */
typedef uintptr_t __attribute__((may_alias)) word;

void *memcpy(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if ((((uintptr_t)d | (uintptr_t)s) & (sizeof(word) - 1)) == 0)
		for (; n >= sizeof(word); n -= sizeof(word)) {
			*(word *)(void *)d = *(const word *)(const void *)s;
			d += sizeof(word);
			s += sizeof(word);
		}
	while (n--)
		*d++ = *s++;
	return dst;
}

void *memset(void *dst, int c, size_t n)
{
	unsigned char *d = dst;
	word w = (unsigned char)c;

	w *= (word)-1 / 0xff;	/* the byte in every byte of a word */
	for (; n && ((uintptr_t)d & (sizeof w - 1)); n--)
		*d++ = (unsigned char)c;
	for (; n >= sizeof w; n -= sizeof w, d += sizeof w)
		*(word *)(void *)d = w;
	while (n--)
		*d++ = (unsigned char)c;
	return dst;
}

/* ---- system calls ---------------------------------------------------- */

static long sys_write(int fd, const void *buf, size_t n)
{
	return arch_syscall3(SYS_write, fd, (long)buf, (long)n);
}

static long sys_close(long fd)
{
	return arch_syscall1(SYS_close, fd);
}

/* A 32-bit machine passes the 64-bit offset in two registers, low half
 * first (arch.h: ARCH_OFFSET_PAIR). */
static long sys_pread(long fd, void *buf, size_t n, uint64_t off)
{
#if ARCH_OFFSET_PAIR
	return arch_syscall5(SYS_pread64, fd, (long)buf, (long)n,
			     (long)(uint32_t)off, (long)(uint32_t)(off >> 32));
#else
	return arch_syscall4(SYS_pread64, fd, (long)buf, (long)n, (long)off);
#endif
}

/* Addresses and lengths fit in a long (elf_check.h keeps a 32-bit
 * image's below 4 GiB); the offset is page-aligned, and counts pages
 * where the machine's call is mmap2 (arch.h: ARCH_MMAP_OFFSET_SHIFT). */
static long sys_mmap(uint64_t addr, uint64_t len, int prot, int flags,
		     long fd, uint64_t off)
{
	uint64_t o = off >> ARCH_MMAP_OFFSET_SHIFT;

	if (len > ~(unsigned long)0 || (unsigned long)o != o)
		return -EOVERFLOW;
	return arch_syscall6(SYS_mmap, (long)addr, (long)len, prot, flags, fd,
			     (long)o);
}

/* The address a successful sys_mmap returns (on a 32-bit machine one
 * above 2 GiB is a negative long). */
static uint64_t addr_of(long r)
{
	return (unsigned long)r;
}

static long sys_munmap(uint64_t addr, uint64_t len)
{
	return arch_syscall2(SYS_munmap, (long)addr, (long)len);
}

static long sys_mprotect(uint64_t addr, uint64_t len, int prot)
{
	return arch_syscall3(SYS_mprotect, (long)addr, (long)len, prot);
}

static _Noreturn void sys_exit(int code)
{
	for (;;)
		arch_syscall1(SYS_exit_group, code);
}

/* Raw syscalls return -errno in [-4095, -1]. */
static int is_err(long r)
{
	return (unsigned long)r > -4096UL;
}

/* ---- messages ---------------------------------------------------------- */

static const char *errstr(long err)
{
	switch (err) {
	case EPERM: return "Operation not permitted";
	case ENOENT: return "No such file or directory";
	case ENXIO: return "No such device or address";
	case E2BIG: return "Argument list too long";
	case EIO: return "Input/output error";
	case ENOEXEC: return "Exec format error";
	case EBADF: return "Bad file descriptor";
	case EAGAIN: return "Resource temporarily unavailable";
	case ENOMEM: return "Cannot allocate memory";
	case EACCES: return "Permission denied";
	case EFAULT: return "Bad address";
	case EEXIST: return "File exists";
	case ENODEV: return "No such device";
	case ENOTDIR: return "Not a directory";
	case EISDIR: return "Is a directory";
	case EINVAL: return "Invalid argument";
	case ENFILE: return "Too many open files in system";
	case EMFILE: return "Too many open files";
	case ETXTBSY: return "Text file busy";
	case ENAMETOOLONG: return "File name too long";
	case ELOOP: return "Too many levels of symbolic links";
	case EOVERFLOW: return "Value too large for defined data type";
	default: return 0;
	}
}

/* Room for two paths, each quoted at up to four bytes a byte. */
struct msg {
	size_t n;
	char b[8 * PATH_MAX + 512];
};

/* The length of the valid UTF-8 sequence at s that is no C1 control
 * (U+0080..U+009F), or 0: the rule of libzapp/report.c. */
static size_t utf8_printable(const unsigned char *s)
{
	size_t n = s[0] >= 0xf0 && s[0] <= 0xf4 ? 4 : s[0] >= 0xe0 ? 3 :
		   s[0] >= 0xc2 && s[0] < 0xe0 ? 2 : 0;
	size_t i;

	if (s[0] >= 0xf5 || n == 0)
		return 0;
	for (i = 1; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	if ((n == 2 && s[0] == 0xc2 && s[1] < 0xa0) ||
	    (n == 3 && ((s[0] == 0xe0 && s[1] < 0xa0) || (s[0] == 0xed && s[1] >= 0xa0))) ||
	    (n == 4 && ((s[0] == 0xf0 && s[1] < 0x90) || (s[0] == 0xf4 && s[1] >= 0x90))))
		return 0;
	return n;
}

/* Append s quoted as zapp-assemble and zapp-check quote their messages
 * (libzapp/report.h): a byte that could drive the terminal (a control
 * byte, DEL, a C1 control, a byte of no valid UTF-8 sequence: from a file
 * name, a stamped path or a PT_INTERP) is shown as "\n", "\t", "\r" or
 * octal "\033".  What does not fit whole is left out. */
static void put(struct msg *m, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	char e[4];
	size_t n, k;

	while (*p) {
		n = *p >= 0x20 && *p < 0x7f ? 1 : *p >= 0x80 ? utf8_printable(p) : 0;
		if (n == 0) {
			e[0] = '\\';
			if (*p == '\n' || *p == '\t' || *p == '\r') {
				e[1] = *p == '\n' ? 'n' : *p == '\t' ? 't' : 'r';
				k = 2;
			} else {
				e[1] = (char)('0' + (*p >> 6));
				e[2] = (char)('0' + ((*p >> 3) & 7));
				e[3] = (char)('0' + (*p & 7));
				k = 4;
			}
			if (m->n + k >= sizeof m->b)
				return;
			for (n = 0; n < k; n++)
				m->b[m->n++] = e[n];
			p++;
			continue;
		}
		if (m->n + n >= sizeof m->b)
			return;
		while (n--)
			m->b[m->n++] = (char)*p++;
	}
}

/* *v /= base, returning the remainder, in 32-bit steps of 16 bits: a
 * 32-bit machine has no 64-bit division instruction, and the jumploader
 * links no libgcc. */
static unsigned div_small(uint64_t *v, unsigned base)
{
	uint64_t q = 0;
	uint32_t r = 0, cur;
	int shift;

	for (shift = 48; shift >= 0; shift -= 16) {
		cur = r << 16 | (uint32_t)(*v >> shift & 0xffff);
		q |= (uint64_t)(cur / base) << shift;
		r = cur % base;
	}
	*v = q;
	return r;
}

static void put_num(struct msg *m, uint64_t v, unsigned base)
{
	char d[24];
	int i = 0;

	if (base == 16)
		put(m, "0x");
	do {
		d[i++] = "0123456789abcdef"[div_small(&v, base)];
	} while (v);
	while (i > 0 && m->n < sizeof m->b - 1)
		m->b[m->n++] = d[--i];
}

static void put_err(struct msg *m, long err)
{
	const char *s = errstr(err);

	if (s) {
		put(m, s);
	} else {
		put(m, "error ");
		put_num(m, (uint64_t)err, 10);
	}
}

static _Noreturn void say_and_exit(struct msg *m, int code)
{
	m->b[m->n++] = '\n';
	sys_write(2, m->b, m->n);
	sys_exit(code);
}

/* ---- the job ------------------------------------------------------------ */

/* The memory of a launch.  Every buffer is carved from one static arena
 * (.bss, zeroed by the kernel, no system call), each taking only the bytes
 * it needs, one after the other: a page of .bss costs a page fault and the
 * kernel's zeroing of a page the first time it is written, and buffers
 * sized for the longest path, each on pages of its own, cost ten faults a
 * launch where the arena costs one or two (the first bytes of .bss share
 * the page of .data, which the kernel has written already).  JL_ARENA
 * holds the largest launch there can be: a script in direct mode whose
 * every path is PATH_MAX bytes long, with the largest stamp fields,
 * program headers and PT_INTERP (see take); the message buffer, written
 * only on the way out, comes after it. */
#define JL_ARENA	(24 * PATH_MAX)

struct jl {
	const char *name;	/* own file name, for messages */
	char *self;		/* own real location */
	size_t dirlen;		/* self[0..dirlen) is its directory */
	uint64_t page;
	size_t used;		/* bytes of arena taken */
	const char *env;	/* the stamp's env strings, when it has some */
	_Alignas(16) unsigned char arena[JL_ARENA];
	struct msg m;
};

/* "zapp: NAME: " then s. */
static struct msg *start(struct jl *j, const char *s)
{
	j->m.n = 0;
	put(&j->m, "zapp: ");
	put(&j->m, j->name);
	put(&j->m, ": ");
	put(&j->m, s);
	return &j->m;
}

/* "zapp: NAME: VERB WHAT 'PATH': " */
static struct msg *about(struct jl *j, const char *verb, const char *what,
			 const char *path)
{
	struct msg *m = start(j, verb);

	put(m, " ");
	put(m, what);
	put(m, " '");
	put(m, path);
	put(m, "': ");
	return m;
}

/* The free part of the arena, where a buffer of at most n bytes is
 * written before it is taken (the launch stops should it not fit: it
 * always does, JL_ARENA being what the largest launch takes). */
static void *room(struct jl *j, size_t n)
{
	if (n > sizeof j->arena - j->used)
		say_and_exit(start(j, "internal error: out of memory for the launch"),
			     EXIT_UNUSABLE);
	return j->arena + j->used;
}

/* Take the first n bytes of the free part (room's), kept to the end of
 * the launch; the next buffer starts at the next multiple of 16. */
static void *take(struct jl *j, size_t n)
{
	void *p = room(j, n);

	j->used += (n + 15) & ~(size_t)15;
	if (j->used > sizeof j->arena)
		j->used = sizeof j->arena;
	return p;
}

static size_t slen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

/* Copy s with its NUL to d (which has room); returns slen(s). */
static size_t scopy(char *d, const char *s)
{
	size_t n = 0;

	while ((d[n] = s[n]))
		n++;
	return n;
}

/* out = the directory of our own location joined with rel (or rel itself
 * when absolute).  Leading "." and ".." components of rel are resolved
 * against that directory by hand: it comes from /proc/self/exe, so it is
 * canonical and its lexical parent is its real parent.  Returns -1 when the
 * result would not fit in PATH_MAX bytes. */
static int join(const struct jl *j, const char *rel, char *out)
{
	size_t n = 0, i;

	if (rel[0] != '/') {
		for (n = 0; n < j->dirlen; n++)
			out[n] = j->self[n];
		for (;;) {
			if (rel[0] == '/') {
				rel++;
			} else if (rel[0] == '.' && (rel[1] == '/' || !rel[1])) {
				rel += 1;
			} else if (rel[0] == '.' && rel[1] == '.' &&
				   (rel[2] == '/' || !rel[2])) {
				while (n > 0 && out[n - 1] != '/')
					n--;
				if (n > 0)
					n--;
				rel += 2;
			} else {
				break;
			}
		}
		if (rel[0] || n == 0)
			out[n++] = '/';
	}
	for (i = 0; rel[i]; i++) {
		if (n >= PATH_MAX - 1)
			return -1;
		out[n++] = rel[i];
	}
	out[n] = '\0';
	return 0;
}

/* join's result, taken from the arena; null when too long. */
static char *joined(struct jl *j, const char *rel)
{
	char *out = room(j, PATH_MAX);

	if (join(j, rel, out) < 0)
		return 0;
	return take(j, slen(out) + 1);
}

/* ---- the environment of the stamp ---------------------------------------
 *
 * The stamp's env strings (stamp.h) that name a variable the process does
 * not have are added to its environment.  The kernel's stack cannot grow
 * in place, so a new one is built below the one in use, as the kernel lays
 * one out: argc, the argv pointers (to the kernel's strings), the envp
 * pointers (the kernel's, then the added strings), the auxiliary vector
 * (copied; its pointers, AT_RANDOM and AT_EXECFN, still lead to the
 * kernel's stack above).  No system call: only memory below the stack
 * pointer is written (a kernel since 4.20 grows the stack for any access
 * below it; before, within 64 KiB, which the added strings stay within).
 * /proc/self/environ is the kernel's record of the execve's environment
 * and does not show the additions; environ, getenv and the children the
 * program starts do. */

#define ENV_ADDED_MAX	(48 * 1024)	/* the added strings, expanded */


/* the length of the $ZAPP or ${ZAPP} token at s, or 0 (runenv.c's rule) */
static size_t token_len(const char *s)
{
	static const char t[] = ZAPP_STAMP_TOKEN;
	size_t n = sizeof t - 1, i;
	char c;

	if (s[0] != '$')
		return 0;
	if (s[1] == '{') {
		for (i = 0; i < n; i++)
			if (s[2 + i] != t[i])
				return 0;
		return s[2 + n] == '}' ? n + 3 : 0;
	}
	for (i = 0; i < n; i++)
		if (s[1 + i] != t[i])
			return 0;
	c = s[1 + n];
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') ? 0 : n + 1;
}

/* the length of s with its tokens replaced by top (of length tn); with
 * out, written there with its NUL */
static size_t expand(const char *s, const char *top, size_t tn, char *out)
{
	size_t n = 0, k;

	while (*s) {
		if ((k = token_len(s))) {
			if (out)
				memcpy(out + n, top, tn);
			n += tn;
			s += k;
		} else {
			if (out)
				out[n] = *s;
			n++;
			s++;
		}
	}
	if (out)
		out[n] = '\0';
	return n;
}

static int streq(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

/* the length of s up to c or its end */
static size_t slen_to(const char *s, char c)
{
	size_t n = 0;

	while (s[n] && s[n] != c)
		n++;
	return n;
}

/* does NAME=... (name of length n) begin e? */
static int names(const char *e, const char *name, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (e[i] != name[i])
			return 0;
	return e[n] == '=';
}

/* Copy the env strings of the stamp into j->env; 0 when there are
 * none (the first byte of the field only is read then). */
static int read_env(struct jl *j, const volatile struct zapp_stamp *s)
{
	char *b = room(j, ZAPP_STAMP_ENV_MAX);
	size_t i;

	if (!s->env[0])
		return 0;
	for (i = 0; i < ZAPP_STAMP_ENV_MAX; i++) {
		b[i] = s->env[i];
		if (i > 0 && !b[i] && !b[i - 1]) {
			j->env = take(j, i + 1);
			return 1;
		}
	}
	say_and_exit(start(j, "corrupt stamp record (environment entries not ended)"),
		     EXIT_UNUSABLE);
}

/* Is the entry at e to be added: its variable is not set in envp, nor
 * named by an entry before it in the block?  (A leading
 * ZAPP_STAMP_IF_LOCALE is no part of the name.) */
static int wanted(const struct jl *j, const char *e, char **envp)
{
	const char *name = e + (*e == ZAPP_STAMP_IF_LOCALE), *b;
	size_t n = slen_to(name, '=');

	for (; *envp; envp++)
		if (names(*envp, name, n))
			return 0;
	for (b = j->env; b < e; b += slen(b) + 1)
		if (names(b + (*b == ZAPP_STAMP_IF_LOCALE), name, n))
			return 0;
	return 1;
}

/* The locale the environment asks for, as glibc reads it for LC_CTYPE:
 * the first of LC_ALL, LC_CTYPE and LANG that is set and not empty. */
static const char *getenv_set(char **envp, const char *name)
{
	size_t n = slen(name);

	for (; *envp; envp++)
		if (names(*envp, name, n) && (*envp)[n + 1])
			return *envp + n + 1;
	return 0;
}

/* (no table of the three names: its pointers would need relocations) */
static const char *locale_asked(char **envp)
{
	const char *v = getenv_set(envp, "LC_ALL");

	if (!v)
		v = getenv_set(envp, "LC_CTYPE");
	if (!v)
		v = getenv_set(envp, "LANG");
	return v;
}

static int file_exists(const char *path)
{
	return !is_err(arch_syscall3(SYS_faccessat, AT_FDCWD, (long)path, 0));
}

/* An entry marked ZAPP_STAMP_IF_LOCALE (LOCPATH) is set only when the
 * locale asked for is one the first directory of its value holds, as
 * NAME or with its codeset normalised the way glibc does ("C.UTF-8" is
 * lib/locale/C.utf8), or when none is asked for (C, POSIX, nothing:
 * programs that then pick C.UTF-8 themselves, like tmux, find the Zapp's).
 * Otherwise glibc is left to the host's locales: LOCPATH would keep it
 * from the locale archive, where a host's en_US.UTF-8 is. */
static int locale_held(struct jl *j, const char *value, const char *top,
		       size_t tn, char **envp)
{
	char *path = room(j, PATH_MAX);	/* not kept */
	const char *name = locale_asked(envp), *s;
	size_t n, k, digits = 1;

	if (!name || streq(name, "C") || streq(name, "POSIX"))
		return 1;
	for (s = name; *s; s++)
		if (*s == '/')
			return 0;
	if (name[0] == '.' || expand(value, top, tn, 0) + slen(name) + 16 >= PATH_MAX)
		return 0;
	expand(value, top, tn, path);
	for (n = 0; path[n] && path[n] != ':'; n++)
		;
	path[n++] = '/';
	scopy(path + n, name);
	if (file_exists(path))
		return 1;
	/* lang_TERR.CODESET@MOD, with the codeset normalised */
	for (k = 0; name[k] && name[k] != '.'; k++)
		;
	if (!name[k])
		return 0;
	n += ++k;
	for (s = name + k; *s && *s != '@'; s++)
		if (!(*s >= '0' && *s <= '9'))
			digits = 0;
	if (digits)
		n += scopy(path + n, "iso");
	for (s = name + k; *s && *s != '@'; s++)
		if (*s >= 'A' && *s <= 'Z')
			path[n++] = (char)(*s - 'A' + 'a');
		else if ((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9'))
			path[n++] = *s;
	scopy(path + n, s);
	return file_exists(path);
}

/* A script's launcher in direct mode hands the program the argv the
 * exec mode passes its interpreter's launcher: these strings (its own
 * copies) first, then the kernel's argv[1..]. */
struct head {
	uintptr_t n;
	const char *v[1 + 127 + 1];	/* interpreter, its arguments, script */
};

/* The new stack, with the wanted entries of the stamp's environment added
 * ($ZAPP being the real directory top; none when top is null) and, with
 * a head, the argv of a script's interpreter: its stack pointer, or sp
 * itself when nothing changes.  The strings added (the head's, the
 * entries') are written just above the vectors; the kernel's stay where
 * they are, and the auxiliary vector's pointers lead to them. */
static uintptr_t *new_stack(struct jl *j, uintptr_t *sp, const char *top,
			    const struct head *h)
{
	unsigned char *add;	/* entry i is added */
	uintptr_t argc = sp[0], envc = 0, auxw, nadd = 0, words, i, nargc;
	char **envp = (char **)(sp + 1 + argc + 1), *str;
	uintptr_t *auxv, *nsp, *w, here;
	size_t tn = top ? slen(top) : 0, bytes = 0;
	const char *e;

	while (envp[envc])
		envc++;
	auxv = (uintptr_t *)(envp + envc + 1);
	for (auxw = 0; auxv[auxw] != AT_NULL; auxw += 2)
		;
	auxw += 2;
	for (i = 0, e = j->env; top && *e; e += slen(e) + 1)
		i++;
	add = take(j, i);
	for (i = 0, e = j->env; top && *e; e += slen(e) + 1, i++) {
		const char *name = e + (*e == ZAPP_STAMP_IF_LOCALE);

		add[i] = wanted(j, e, envp) &&
			 (*e != ZAPP_STAMP_IF_LOCALE ||
			  locale_held(j, name + slen_to(name, '=') + 1, top, tn, envp));
		if (add[i]) {
			nadd++;
			bytes += expand(name, top, tn, 0) + 1;
			if (bytes > ENV_ADDED_MAX)
				say_and_exit(start(j, "the environment entries of the stamp are too long once expanded"),
					     EXIT_UNUSABLE);
		}
	}
	if (!nadd && !h)
		return sp;
	nargc = argc;
	if (h) {
		nargc = h->n + (argc > 1 ? argc - 1 : 0);
		for (i = 0; i < h->n; i++)
			bytes += slen(h->v[i]) + 1;
	}
	words = 1 + nargc + 1 + envc + nadd + 1 + auxw;
	/* well below this frame, which is still in use while we write */
	here = ((uintptr_t)&here - 1024) & ~(uintptr_t)15;
	str = (char *)(here - bytes);
	nsp = (uintptr_t *)(((uintptr_t)str - words * sizeof *nsp) & ~(uintptr_t)15);
	w = nsp;
	*w++ = nargc;
	if (h) {
		for (i = 0; i < h->n; i++) {
			*w++ = (uintptr_t)str;
			str += scopy(str, h->v[i]) + 1;
		}
		for (i = 1; i < argc; i++)
			*w++ = sp[1 + i];
	} else {
		for (i = 0; i < argc; i++)
			*w++ = sp[1 + i];
	}
	*w++ = 0;
	for (i = 0; i < envc; i++)
		*w++ = (uintptr_t)envp[i];
	for (i = 0, e = j->env; top && *e; e += slen(e) + 1, i++)
		if (add[i]) {
			*w++ = (uintptr_t)str;
			str += expand(e + (*e == ZAPP_STAMP_IF_LOCALE), top, tn, str) + 1;
		}
	*w++ = 0;
	for (i = 0; i < auxw; i++)
		*w++ = auxv[i];
	return nsp;
}

/* Copy a field of the stamp record, reading it through a volatile pointer
 * the compiler cannot see through: the record is overwritten in the file
 * after linking, so its build-time contents must never be folded in. */
static int stamp_field(const volatile char *f, char *out, int size)
{
	int i;

	for (i = 0; i < size; i++) {
		out[i] = f[i];
		if (!out[i])
			return 0;
	}
	return -1;
}

static const volatile struct zapp_stamp *stamp(void)
{
	const volatile struct zapp_stamp *s = &zapp_stamp_record;

	__asm__ ("" : "+r"(s));
	return s;
}

static const volatile struct zapp_stamp *checked_stamp(struct jl *j)
{
	const volatile struct zapp_stamp *s = stamp();
	const char *magic = ZAPP_STAMP_MAGIC;
	size_t i;

	for (i = 0; i <= slen(magic); i++)
		if (s->magic[i] != magic[i])
			say_and_exit(start(j, "corrupt stamp record (bad magic)"),
				     EXIT_UNUSABLE);
	return s;
}

/* A field of the stamp, taken from the arena; null when not NUL-ended. */
static char *field(struct jl *j, const volatile char *f, int size)
{
	char *out = room(j, (size_t)size);

	if (stamp_field(f, out, size) < 0)
		return 0;
	return take(j, slen(out) + 1);
}

/* The program (prog: the stamp's target, or a script's interpreter's
 * program in direct mode), the library directory and, when the stamp has
 * environment entries, the top directory (*top, else null). */
static void read_stamp(struct jl *j, const volatile struct zapp_stamp *s,
		       const volatile char *prog, char **target, char **libdir,
		       char **top)
{
	*target = field(j, prog, ZAPP_STAMP_PATH_MAX);
	if (!*target)
		say_and_exit(start(j, prog == s->target ?
				   "corrupt stamp record (target path not NUL-terminated)" :
				   "corrupt stamp record (interpreter's program path not NUL-terminated)"),
			     EXIT_UNUSABLE);
	*libdir = field(j, s->libdir, ZAPP_STAMP_PATH_MAX);
	if (!*libdir)
		say_and_exit(start(j, "corrupt stamp record (library path not NUL-terminated)"),
			     EXIT_UNUSABLE);
	if (!**target) {
		static const char dyn[] = "../dynbin/";
		size_t n = sizeof dyn - 1;

		if (slen(j->name) >= ZAPP_STAMP_PATH_MAX - n)
			say_and_exit(start(j, "own file name too long"),
				     EXIT_UNUSABLE);
		*target = take(j, n + slen(j->name) + 1);
		scopy(*target, dyn);
		scopy(*target + n, j->name);
	}
	if (!**libdir)
		*libdir = "../lib";
	*top = 0;
	if (!read_env(j, s))
		return;
	*top = field(j, s->top, ZAPP_STAMP_TOP_MAX);
	if (!*top)
		say_and_exit(start(j, "corrupt stamp record (top path not NUL-terminated)"),
			     EXIT_UNUSABLE);
	if (!**top)
		*top = "..";
}

/* ---- the launcher of a script ---------------------------------------
 *
 * What the kernel does for a #! line, with the interpreter the stamp
 * names (its launcher in the Zapp), once the script is known to be there
 * (faccessat): argv = [the interpreter's launcher's real path, the
 * stamp's arguments..., the script's real path, our argv[1..]], the
 * environment as it is.  In exec mode, one execve of that launcher: the
 * interpreter is then /proc/self/exe.  In direct mode (the stamp names
 * the interpreter's program: zapp-assemble found it safe), this launcher
 * maps that program and its loader itself, as a program's launcher
 * does, and builds the new argv on the new stack (new_stack): one execve
 * less, and /proc/self/exe is the script's launcher.  Either way the pid,
 * the exit status and a death by a signal are the interpreter's, as
 * after the kernel's own #!. */

/* direct mode's new stack, vectors and its own strings, at most: beyond,
 * the exec mode's execve takes the argv (or refuses it, E2BIG) */
#define DIRECT_STACK_MAX	(64 * 1024)

struct script {
	char *ipath;			/* the interpreter's launcher */
	char *spath;			/* the script */
	char args[ZAPP_STAMP_ARGS_MAX];	/* count, then NUL-ended strings */
	struct head h;			/* the argv before our argv[1..] */
};

static void read_script(struct jl *j, const volatile struct zapp_stamp *s,
			struct script *sc)
{
	char *rel;
	uintptr_t nargs, i, k;
	const char *a;
	long r;

	rel = field(j, s->target, ZAPP_STAMP_PATH_MAX);
	if (!rel || !rel[0])
		say_and_exit(start(j, "corrupt stamp record (interpreter path not NUL-terminated)"),
			     EXIT_UNUSABLE);
	sc->ipath = joined(j, rel);
	if (!sc->ipath)
		say_and_exit(start(j, "interpreter path too long"), EXIT_UNUSABLE);
	rel = field(j, s->script, ZAPP_STAMP_PATH_MAX);
	if (!rel)
		say_and_exit(start(j, "corrupt stamp record (script path not NUL-terminated)"),
			     EXIT_UNUSABLE);
	sc->spath = joined(j, rel);
	if (!sc->spath)
		say_and_exit(start(j, "script path too long"), EXIT_UNUSABLE);
	/* a count, then as many NUL-ended strings (stamp.h) */
	nargs = (unsigned char)s->args[0];
	for (i = 1, k = 0; k < nargs && i < ZAPP_STAMP_ARGS_MAX; i++) {
		sc->args[i] = s->args[i];
		if (!sc->args[i])
			k++;
	}
	if (nargs > 127 || k < nargs)
		say_and_exit(start(j, "corrupt stamp record (interpreter arguments not ended)"),
			     EXIT_UNUSABLE);
	k = 0;
	sc->h.v[k++] = sc->ipath;
	for (i = 0, a = sc->args + 1; i < nargs; i++, a += slen(a) + 1)
		sc->h.v[k++] = a;
	sc->h.v[k++] = sc->spath;
	sc->h.n = k;
	/* a script gone is said as a program gone is (the interpreter
	   would say it in its own words, with its own status) */
	r = arch_syscall3(SYS_faccessat, AT_FDCWD, (long)sc->spath, 0);
	if (is_err(r)) {
		struct msg *m = about(j, "cannot open", "script", sc->spath);

		put_err(m, -r);
		say_and_exit(m, r == -ENOENT || r == -ENOTDIR ? EXIT_MISSING : EXIT_UNUSABLE);
	}
}

/* Does direct mode's new stack stay within DIRECT_STACK_MAX (the stamp's
 * environment entries, bounded on their own, aside)? */
static int direct_fits(const uintptr_t *sp, const struct script *sc)
{
	uintptr_t argc = sp[0], n = 0, bytes = 0, i;
	char **envp = (char **)(sp + 1 + argc + 1);
	const uintptr_t *auxv;

	while (envp[n])
		n++;
	auxv = (const uintptr_t *)(envp + n + 1);
	for (i = 0; auxv[i] != AT_NULL; i += 2)
		;
	n += sc->h.n + argc + i + 4;
	if (n > DIRECT_STACK_MAX / sizeof *sp)
		return 0;
	bytes = n * sizeof *sp;
	for (i = 0; i < sc->h.n; i++)
		bytes += slen(sc->h.v[i]) + 1;
	return bytes <= DIRECT_STACK_MAX;
}

/* exec mode: one execve of the interpreter's launcher, the new argv built
 * below the stack in use (its strings are ours and the kernel's) */
static _Noreturn void exec_script(struct jl *j, uintptr_t *sp,
				  const struct script *sc)
{
	uintptr_t argc = sp[0], words, i, k, here;
	char **argv = (char **)(sp + 1), **envp = argv + argc + 1, **nv;
	struct msg *m;
	long r;

	words = sc->h.n + (argc > 1 ? argc - 1 : 0) + 1;
	here = ((uintptr_t)&here - 1024) & ~(uintptr_t)15;
	nv = (char **)((here - words * sizeof *nv) & ~(uintptr_t)15);
	for (k = 0; k < sc->h.n; k++)
		nv[k] = (char *)sc->h.v[k];
	for (i = 1; i < argc; i++)
		nv[k++] = argv[i];
	nv[k] = 0;
	r = arch_syscall3(SYS_execve, (long)sc->ipath, (long)nv, (long)envp);
	m = about(j, "cannot run", "interpreter", sc->ipath);
	put_err(m, -r);
	say_and_exit(m, r == -ENOENT || r == -ENOTDIR ? EXIT_MISSING : EXIT_UNUSABLE);
}

/* Our own path from /proc/self/exe ends in " (deleted)": is that the
 * kernel's mark of an executable removed (or replaced) since it started,
 * or part of its name?  The name is ours when the path, taken literally,
 * is the very file /proc/self/exe leads to. */
static int named_deleted(const char *self)
{
	struct arch_stat lit, exe;

	if (is_err(arch_syscall4(SYS_newfstatat, AT_FDCWD, (long)self,
				 (long)&lit, AT_SYMLINK_NOFOLLOW)))
		return 0;
	if (is_err(arch_syscall4(SYS_newfstatat, AT_FDCWD,
				 (long)"/proc/self/exe", (long)&exe, 0)))
		return 0;
	return lit.st_dev == exe.st_dev && lit.st_ino == exe.st_ino;
}

static void find_self(struct jl *j)
{
	static const char deleted[] = " (deleted)";
	size_t dl = sizeof deleted - 1;
	long n;
	size_t i;

	j->self = room(j, PATH_MAX);
	n = arch_syscall4(SYS_readlinkat, AT_FDCWD, (long)"/proc/self/exe",
			  (long)j->self, PATH_MAX - 1);
	if (is_err(n) || n == 0 || j->self[0] != '/' ||
	    (size_t)n >= PATH_MAX - 1) {
		j->m.n = 0;
		put(&j->m, "zapp: cannot find own location: ");
		if (n == -ENOENT)
			put(&j->m, "/proc is not mounted");
		else if (is_err(n)) {
			put(&j->m, "/proc/self/exe: ");
			put_err(&j->m, -n);
		} else
			put(&j->m, "/proc/self/exe: not a usable path");
		say_and_exit(&j->m, EXIT_MISSING);
	}
	take(j, (size_t)n + 1);
	j->self[n] = '\0';
	/* Running while our file was removed or replaced: the name without
	 * the kernel's suffix is still good.  Only then is there a system
	 * call more (two): a name that merely ends that way is kept. */
	if ((size_t)n > dl) {
		for (i = 0; i < dl && j->self[n - dl + i] == deleted[i]; i++)
			;
		if (i == dl && !named_deleted(j->self))
			j->self[n - dl] = '\0', n -= (long)dl;
	}
	j->dirlen = 0;
	for (i = 0; i < (size_t)n; i++)
		if (j->self[i] == '/')
			j->dirlen = i;
	j->name = j->self + j->dirlen + 1;
}

/* One file to load: the program or its loader. */
struct image {
	const char *what;	/* "program" or "loader" */
	const char *path;
	long fd;
	struct zelf_ehdr eh;
	struct zelf_info info;
	struct zelf_phdr *ph;	/* eh.phnum of them, in the arena */
	uint64_t bias;		/* load address minus link address */
};

static _Noreturn void bad_elf(struct jl *j, struct image *im, int err)
{
	struct msg *m = about(j, "cannot run", im->what, im->path);

	if (err == ZELF_E_MACHINE) {
		put(m, "wrong architecture (ELF machine ");
		put_num(m, im->eh.machine, 10);
		put(m, ", expected ");
		put_num(m, ARCH_ELF_MACHINE, 10);
		put(m, " for " ARCH_NAME ")");
	} else {
		put(m, zelf_strerror_for(err, ARCH_ELF_CLASS));
	}
	say_and_exit(m, EXIT_UNUSABLE);
}

/* Read exactly n bytes at off; returns the count read (less at EOF). */
static long read_at(long fd, void *buf, size_t n, uint64_t off)
{
	size_t got = 0;
	long r;

	while (got < n) {
		r = sys_pread(fd, (char *)buf + got, n - got, off + got);
		if (r == -EINTR)
			continue;
		if (is_err(r))
			return r;
		if (r == 0)
			break;
		got += (size_t)r;
	}
	return (long)got;
}

static _Noreturn void read_failed(struct jl *j, struct image *im, long r)
{
	struct msg *m = about(j, "cannot read", im->what, im->path);

	put_err(m, -r);
	say_and_exit(m, EXIT_UNUSABLE);
}

/* bytes [off, off + n) of a file lie in the first have bytes read of it */
static int in_head(uint64_t off, uint64_t n, size_t have)
{
	return off <= have && n <= have - off;
}

/* Check the execute permission on the open file: faccessat2 on the
 * descriptor (Linux 5.8) spares a second walk of the path.  Where the
 * kernel (or a seccomp filter) does not know it, by the path as before.
 * Both check with the real user and group IDs, like access(2), and
 * refuse a file on a noexec mount, as execve does. */
static long may_exec(const struct image *im)
{
	long r = arch_syscall4(SYS_faccessat2, im->fd, (long)"", X_OK,
			       AT_EMPTY_PATH);

	if (r == -ENOSYS || r == -EINVAL || r == -EPERM)
		r = arch_syscall3(SYS_faccessat, AT_FDCWD, (long)im->path, X_OK);
	return r;
}

/* What the kernel's execve refuses before it opens a file: anything but
 * a regular file (Permission denied; a directory: Is a directory). */
static void need_regular(struct jl *j, struct image *im, unsigned mode)
{
	if ((mode & S_IFMT) != S_IFREG) {
		struct msg *m = about(j, "cannot run", im->what, im->path);

		put_err(m, (mode & S_IFMT) == S_IFDIR ? EISDIR : EACCES);
		say_and_exit(m, EXIT_UNUSABLE);
	}
}

/* The first read of a file: the ELF header, the program headers and the
 * PT_INTERP string of an ordinary program lie within its first 1 KiB
 * (glibc's loader reads 832 bytes); what lies beyond is read apart. */
#define HEAD_READ	1024

/* Open and check one image; on return its headers are valid, and when it
 * has a PT_INTERP and interp is not null, the checked PT_INTERP string is
 * in *interp (taken from the arena) and *base is the offset of its last
 * component.
 *
 * The file is never opened before its type is known, as the kernel's
 * may_open refuses a device, a FIFO or a socket for execution before
 * opening it: newfstatat by the path first, then the open (O_NONBLOCK: no
 * wait, on a FIFO's writer or a lease; O_NOCTTY), then fstat on the
 * descriptor, which must be the very file checked: a file swapped for
 * another between the two calls is refused, never read. */
static void open_image(struct jl *j, struct image *im, int need_exec,
		       char **interp, size_t *base)
{
	const unsigned char *raw;
	unsigned char *head, *far;
	struct arch_stat st, fst;
	uint64_t size, phsize;
	size_t have;
	long r;
	int err;

	r = arch_syscall4(SYS_newfstatat, AT_FDCWD, (long)im->path, (long)&st, 0);
	if (is_err(r)) {
		struct msg *m = about(j, "cannot open", im->what, im->path);

		put_err(m, -r);
		say_and_exit(m, r == -ENOENT || r == -ENOTDIR ?
				EXIT_MISSING : EXIT_UNUSABLE);
	}
	need_regular(j, im, st.st_mode);
	im->fd = arch_syscall4(SYS_openat, AT_FDCWD, (long)im->path,
			       O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY |
			       ARCH_O_LARGEFILE, 0);
	if (is_err(im->fd)) {
		struct msg *m = about(j, "cannot open", im->what, im->path);

		put_err(m, -im->fd);
		say_and_exit(m, im->fd == -ENOENT || im->fd == -ENOTDIR ?
				EXIT_MISSING : EXIT_UNUSABLE);
	}
	r = arch_syscall2(SYS_fstat, im->fd, (long)&fst);
	if (is_err(r))
		read_failed(j, im, r);
	need_regular(j, im, fst.st_mode);
	if (fst.st_dev != st.st_dev || fst.st_ino != st.st_ino) {
		struct msg *m = about(j, "cannot run", im->what, im->path);

		put(m, "it was replaced while being opened");
		say_and_exit(m, EXIT_UNUSABLE);
	}
	if (need_exec) {
		r = may_exec(im);
		if (is_err(r)) {
			struct msg *m = about(j, "cannot run", im->what,
					      im->path);

			put_err(m, -r);
			say_and_exit(m, EXIT_UNUSABLE);
		}
	}
	size = fst.st_size < 0 ? 0 : (uint64_t)fst.st_size;

	/* Never ask for more than the file holds: a short read would cost
	 * a second pread that returns 0. */
	head = room(j, HEAD_READ);
	r = read_at(im->fd, head, size < HEAD_READ ? (size_t)size : HEAD_READ, 0);
	if (is_err(r))
		read_failed(j, im, r);
	have = (size_t)r;
	take(j, have);
	err = zelf_check_ehdr(head, have, size, ARCH_ELF_CLASS, ARCH_ELF_MACHINE,
			      &im->eh);
	if (err)
		bad_elf(j, im, err);
	phsize = (uint64_t)im->eh.phnum * im->eh.phentsize;
	if (in_head(im->eh.phoff, phsize, have)) {
		raw = head + im->eh.phoff;
	} else {
		/* phnum <= ZELF_PHNUM_MAX: phsize <= ZELF_PHDRS_MAX */
		far = take(j, (size_t)phsize);
		r = read_at(im->fd, far, (size_t)phsize, im->eh.phoff);
		if (is_err(r))
			read_failed(j, im, r);
		if ((uint64_t)r != phsize)
			bad_elf(j, im, ZELF_E_PHTRUNC);	/* shrank under us */
		raw = far;
	}
	im->ph = take(j, im->eh.phnum * sizeof *im->ph);
	err = zelf_check_phdrs(&im->eh, raw, size, j->page, im->ph, &im->info);
	if (err)
		bad_elf(j, im, err);
	if (!interp || !im->info.has_interp)
		return;

	/* elf_check.c bounds interp_size by ZELF_INTERP_MAX */
	*interp = take(j, (size_t)im->info.interp_size);
	if (in_head(im->info.interp_offset, im->info.interp_size, have)) {
		memcpy(*interp, head + im->info.interp_offset,
		       (size_t)im->info.interp_size);
	} else {
		r = read_at(im->fd, *interp, (size_t)im->info.interp_size,
			    im->info.interp_offset);
		if (is_err(r))
			read_failed(j, im, r);
		if ((uint64_t)r != im->info.interp_size)
			bad_elf(j, im, ZELF_E_INTERPTRUNC);
	}
	err = zelf_check_interp(*interp, im->info.interp_size, base);
	if (err)
		bad_elf(j, im, err);
}

static _Noreturn void map_failed(struct jl *j, struct image *im, long r)
{
	struct msg *m = about(j, "cannot map", im->what, im->path);

	put_err(m, -r);
	say_and_exit(m, EXIT_UNUSABLE);
}

static int seg_prot(uint32_t flags)
{
	return (flags & ZELF_PF_R ? PROT_READ : 0) |
	       (flags & ZELF_PF_W ? PROT_WRITE : 0) |
	       (flags & ZELF_PF_X ? PROT_EXEC : 0);
}

/* Map every PT_LOAD of an image, as fs/binfmt_elf.c does: reserve the
 * whole span first (at its fixed address for ET_EXEC, never replacing
 * anything already there; anywhere, aligned to the largest p_align, for
 * ET_DYN), then map each segment over the reservation, zero the tail of
 * the last file page and map anonymous pages for the rest of the bss. */
static void map_image(struct jl *j, struct image *im)
{
	uint64_t pm = j->page - 1;
	uint64_t span = im->info.hi - im->info.lo;
	uint64_t base;
	long r;
	int i;

	if (im->eh.type == ZELF_ET_EXEC) {
		r = sys_mmap(im->info.lo, span, 0,
			     MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE |
			     MAP_FIXED_NOREPLACE, -1, 0);
		if (!is_err(r) && addr_of(r) != im->info.lo) {
			/* a kernel older than 4.17 took the flag as a hint */
			sys_munmap(addr_of(r), span);
			r = -EEXIST;
		}
		if (r == -EEXIST) {
			struct msg *m = about(j, "cannot map", im->what,
					      im->path);

			put(m, "its fixed address range ");
			put_num(m, im->info.lo, 16);
			put(m, "-");
			put_num(m, im->info.hi, 16);
			put(m, " is already in use");
			say_and_exit(m, EXIT_UNUSABLE);
		}
		if (is_err(r))
			map_failed(j, im, r);
		im->bias = 0;
	} else {
		uint64_t align = im->info.align, extra = align - j->page;

		r = sys_mmap(0, span + extra, 0,
			     MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
		if (is_err(r))
			map_failed(j, im, r);
		base = (addr_of(r) + align - 1) & ~(align - 1);
		if (base > addr_of(r))
			sys_munmap(addr_of(r), base - addr_of(r));
		if (addr_of(r) + extra > base)
			sys_munmap(base + span, addr_of(r) + extra - base);
		im->bias = base - im->info.lo;
	}

	for (i = 0; i < im->eh.phnum; i++) {
		const struct zelf_phdr *h = &im->ph[i];
		uint64_t start, fend, mend, anon;
		int prot = seg_prot(h->flags);

		if (h->type != ZELF_PT_LOAD || h->memsz == 0)
			continue;
		start = (im->bias + h->vaddr) & ~pm;
		fend = im->bias + h->vaddr + h->filesz;
		mend = im->bias + h->vaddr + h->memsz;
		anon = start;
		if (h->filesz) {
			uint64_t end = (fend + pm) & ~pm;

			r = sys_mmap(start, end - start, prot,
				     MAP_PRIVATE | MAP_FIXED, im->fd,
				     h->offset & ~pm);
			if (is_err(r))
				map_failed(j, im, r);
			/* As fs/binfmt_elf.c's elf_load (Linux 6.7 and
			 * later): the tail of the last file page is zeroed
			 * in a writable segment only; in another one the
			 * kernel's clear_user faults and the file's bytes
			 * stay (a text segment whose p_filesz is a byte
			 * short still runs). */
			if (h->memsz > h->filesz && (fend & pm) &&
			    (prot & PROT_WRITE))
				memset((void *)(uintptr_t)fend, 0, (size_t)(end - fend));
			anon = end;
		}
		mend = (mend + pm) & ~pm;
		if (mend > anon) {
			r = sys_mmap(anon, mend - anon, prot,
				     MAP_PRIVATE | MAP_FIXED | MAP_ANONYMOUS,
				     -1, 0);
			if (is_err(r))
				map_failed(j, im, r);
		}
	}
}

/* AT_PHDR: where the program headers are in the program's image, computed
 * as fs/binfmt_elf.c (Linux 5.18 and later) computes it: from the last
 * PT_LOAD whose file part holds the byte at e_phoff; when none does, the
 * load bias itself (the address of file offset 0 had the image been
 * mapped from there), whatever is mapped there.  Never a copy elsewhere:
 * glibc's loader takes the program's load bias as AT_PHDR minus PT_PHDR's
 * p_vaddr, and a copy would make that wrong. */
static uint64_t phdr_addr(const struct image *im)
{
	uint64_t at = 0;
	int i;

	for (i = 0; i < im->eh.phnum; i++) {
		const struct zelf_phdr *h = &im->ph[i];

		if (h->type == ZELF_PT_LOAD && h->offset <= im->eh.phoff &&
		    im->eh.phoff - h->offset < h->filesz)
			at = im->eh.phoff - h->offset + h->vaddr;
	}
	return im->bias + at;
}

/* Every buffer is in the arena of j (.bss, zeroed by the kernel, no
 * system call; struct jl): the stack is the program's, and may be as
 * small as the program can live with (ulimit -s); the jumploader's own use
 * of it stays a few hundred bytes.  There is one thread, and it never
 * comes back here. */
_Noreturn void jl_main(uintptr_t *sp)
{
	static struct jl j;
	struct image *prog, *ldso = 0;
	char *target, *libdir, *top, *tpath = 0, *interp = 0;
	struct script *sc = 0;
	const struct head *head = 0;
	const volatile struct zapp_stamp *s;
	size_t base = 0;
	uintptr_t argc = sp[0];
	char **envp = (char **)(sp + 1 + argc + 1);
	uintptr_t *auxv, *a, *at_phdr = 0, *at_phent = 0, *at_phnum = 0;
	uintptr_t *at_base = 0, *at_entry = 0, secure = 0, entry;

	while (*envp)
		envp++;
	auxv = (uintptr_t *)(envp + 1);
	j.page = 4096;
	for (a = auxv; a[0] != AT_NULL; a += 2) {
		switch (a[0]) {
		case AT_PHDR: at_phdr = &a[1]; break;
		case AT_PHENT: at_phent = &a[1]; break;
		case AT_PHNUM: at_phnum = &a[1]; break;
		case AT_BASE: at_base = &a[1]; break;
		case AT_ENTRY: at_entry = &a[1]; break;
		case AT_PAGESZ: j.page = a[1]; break;
		case AT_SECURE: secure = a[1]; break;
		default: break;
		}
	}

	find_self(&j);
	if (secure)
		say_and_exit(start(&j, "refusing to run set-user-ID or set-group-ID (AT_SECURE is set)"),
			     EXIT_UNUSABLE);
	if (!at_phdr || !at_phent || !at_phnum || !at_base || !at_entry)
		say_and_exit(start(&j, "the kernel passed an incomplete auxiliary vector"),
			     EXIT_UNUSABLE);
	if (j.page < 4096 || (j.page & (j.page - 1)))
		say_and_exit(start(&j, "unusable page size in the auxiliary vector"),
			     EXIT_UNUSABLE);

	s = checked_stamp(&j);
	if (s->script[0]) {
		sc = take(&j, sizeof *sc);
		read_script(&j, s, sc);
		if (!s->program[0] || !direct_fits(sp, sc))
			exec_script(&j, sp, sc);
		head = &sc->h;
	}
	read_stamp(&j, s, head ? s->program : s->target, &target, &libdir, &top);
	if (top) {
		tpath = joined(&j, top);
		if (!tpath)
			say_and_exit(start(&j, "top path too long"), EXIT_UNUSABLE);
	}
	prog = take(&j, sizeof *prog);
	prog->what = "program";
	prog->path = joined(&j, target);
	if (!prog->path)
		say_and_exit(start(&j, "program path too long"), EXIT_UNUSABLE);
	open_image(&j, prog, 1, &interp, &base);

	if (prog->info.has_interp) {
		char *lpath = room(&j, PATH_MAX);
		size_t n, k;

		if (join(&j, libdir, lpath) < 0)
			say_and_exit(start(&j, "loader path too long"),
				     EXIT_UNUSABLE);
		n = slen(lpath);
		if (n > 0 && lpath[n - 1] != '/')
			lpath[n++] = '/';
		for (k = base; interp[k]; k++) {
			if (n >= PATH_MAX - 1)
				say_and_exit(start(&j, "loader path too long"),
					     EXIT_UNUSABLE);
			lpath[n++] = interp[k];
		}
		lpath[n] = '\0';
		take(&j, n + 1);
		ldso = take(&j, sizeof *ldso);
		ldso->what = "loader";
		ldso->path = lpath;
		open_image(&j, ldso, 0, 0, 0);
		if (ldso->info.has_interp) {
			struct msg *m = about(&j, "cannot run", "loader", lpath);

			put(m, "it asks for a loader itself (PT_INTERP)");
			say_and_exit(m, EXIT_UNUSABLE);
		}
	}

	/* The program first: an ET_EXEC one needs its fixed addresses before
	 * anything else is mapped. */
	map_image(&j, prog);
	*at_phdr = phdr_addr(prog);
	*at_phent = prog->eh.phentsize;
	*at_phnum = prog->eh.phnum;
	*at_entry = prog->bias + prog->eh.entry;
	sys_close(prog->fd);
	entry = *at_entry;
	*at_base = 0;
	if (ldso) {
		map_image(&j, ldso);
		sys_close(ldso->fd);
		*at_base = ldso->bias;
		entry = ldso->bias + ldso->eh.entry;
	}

	/* The kernel made the stack executable or not from our own
	 * PT_GNU_STACK; do what it would have done for the program's (from
	 * the kernel's stack pointer down, which covers a new stack below). */
	if (prog->info.exec_stack || (ldso && ldso->info.exec_stack))
		sys_mprotect((uintptr_t)sp & ~(j.page - 1), j.page,
			     PROT_READ | PROT_WRITE | PROT_EXEC | PROT_GROWSDOWN);

	arch_enter(entry, top || head ? new_stack(&j, sp, tpath, head) : sp);
}
