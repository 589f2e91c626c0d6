/* zapp-trace/trace.h: what the parts of zapp-trace share.
 *
 *   main.c      options, LIST (checked, written beside and renamed), the
 *               foreground process that waits for the tracer
 *   tracer.c    starting the command and the ptrace loop
 *   syscalls.c  the one table of the system calls followed, per tracee
 *               ABI, the seccomp filter built from it, and reading their
 *               arguments out of the tracee
 *   execs.c     what an exec brings in besides the program: #!
 *               interpreters and the ELF interpreter (PT_INTERP)
 *   pathset.c   the sets of paths, the rules of what is listed, the list
 *   output.c    LIST: refused when it exists, a temporary beside it,
 *               renamed into place
 */
#ifndef ZAPP_TRACE_H
#define ZAPP_TRACE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* ---- syscalls.c ---------------------------------------------------------- */

/* What a followed system call does with the path it names. */
enum sc_kind {
	SC_OPEN,	/* open, openat, openat2, creat: a file read, or written */
	SC_STAT,	/* stat family and access: a file looked at */
	SC_EXEC,	/* execve, execveat */
	SC_RENAME,	/* rename family: its target is written */
};

struct sc_def {
	const char *name;
	enum sc_kind kind;
	signed char dirfd;	/* argument holding the directory fd, or -1 (AT_FDCWD) */
	signed char path;	/* argument holding the path */
	signed char flags;	/* open flags / AT_ flags argument, or -1 */
	int nr[3];		/* per ABI (enum sc_abi), -1 where it does not exist */
	int write;		/* creat: always a write */
	int how;		/* openat2: flags is a struct open_how pointer */
};

enum sc_abi { ABI_X86_64, ABI_I386, ABI_AARCH64, ABI_COUNT };

/* The definition of system call nr of the ABI of audit arch, or NULL. */
const struct sc_def *sc_lookup(uint32_t arch, uint64_t nr);
/* The definition the seccomp filter returned as SECCOMP_RET_DATA, or NULL. */
const struct sc_def *sc_by_data(unsigned data);
/* Install the seccomp filter that stops (SECCOMP_RET_TRACE) at the
 * followed calls of every ABI and lets all others run: 0, or -1 with
 * errno. */
int sc_install_filter(void);

/* The NUL-terminated string at addr in process tid, into buf (len bytes):
 * 0, or -1 (unreadable, or longer than the buffer). */
int sc_read_string(pid_t tid, uint64_t addr, char *buf, size_t len);
/* len bytes at addr of process tid: 0 or -1. */
int sc_read_mem(pid_t tid, uint64_t addr, void *buf, size_t len);

/* ---- pathset.c ------------------------------------------------------------ */

/* The working directory the command was started in (real path): left out
 * with what lies below it (unless it is /). */
void paths_set_start_dir(const char *real_cwd);
/* A file the run used (opened to read, looked at, executed). */
void paths_used(const char *abs);
/* A file the run wrote (opened to write, created, renamed to): never
 * listed, even where the run read it too. */
void paths_written(const char *abs);
/* Whether abs lies in a place that is never listed (/proc, /sys, /dev,
 * /run, /tmp, the start directory). */
int paths_excluded(const char *abs);
/* Write the list to fd: sorted, no duplicates, one path per line, only
 * paths that still name a regular file and were not written.  0, or -1
 * (write error, errno set). */
int paths_write_list(int fd);

/* The absolute form of path as process tid asked for it, relative to its
 * directory fd dirfd (AT_FDCWD: its working directory): "." and empty
 * components dropped, ".." resolved as the kernel does (on the real
 * directory), symbolic links kept.  0, or -1 (cannot be known). */
int path_absolute(pid_t tid, int dirfd, const char *path, char *out, size_t len);
/* The target of /proc/TID/fd/FD (or cwd, exe for fd -1, -2): 0 or -1. */
int proc_link(pid_t tid, int fd, char *out, size_t len);
#define PROC_CWD (-100)
#define PROC_EXE (-101)

/* ---- execs.c ---------------------------------------------------------------- */

/* After process tid exec'd asked (absolute): record the program under
 * both its names, its #! interpreters and its ELF interpreter. */
void exec_record(pid_t tid, const char *asked);

/* ---- output.c --------------------------------------------------------------- */

/* Before the run: check LIST ("-": standard output) and create the
 * temporary it is written to; the descriptor to write, or -1 (said). */
int output_open(const char *list, int force);
/* After the list is written to it: move it into place.  0, or -1 (said). */
int output_commit(void);
/* Remove the temporary, if any (async-signal-safe). */
void output_discard(void);

/* ---- tracer.c --------------------------------------------------------------- */

/* How the run ended, as the tracer tells the foreground process. */
struct run_result {
	int status;	/* exit status for zapp-trace */
	int signal;	/* interrupted by this signal: die of it, no list */
	int listed;	/* the list was written */
	int lingering;	/* processes the command left keep being traced */
};

struct trace_opts {
	char **argv;		/* the command */
	int list_fd;		/* where the list goes */
	int report_fd;		/* the pipe to the foreground process */
	int no_seccomp;		/* stop at every system call (for comparison) */
};

/* The tracer process: run the command, write the list, report; never
 * returns. */
void tracer_run(const struct trace_opts *o) __attribute__((noreturn));

#endif
