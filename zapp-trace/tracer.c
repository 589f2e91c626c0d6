/* zapp-trace/tracer.c: the tracer process.  It starts the command under
 * ptrace (PTRACE_SEIZE, following forks, vforks, clones and execs; with
 * PTRACE_O_EXITKILL, so that nothing it traces outlives it untraced), stops
 * it only at the calls of the seccomp filter (syscalls.c), records what
 * they name (pathset.c, execs.c) and, when the command has exited, writes
 * the list and tells the foreground process how the run ended.
 *
 * Processes the command leaves running keep running: a process with the
 * filter must stay traced (without a tracer its followed calls would fail
 * with ENOSYS), so the tracer stays with them, in a session of its own,
 * resuming each stop at once, and ends when the last of them ends.
 *
 * The command is started by a child that installs the filter, stops
 * itself, and once seized and continued execs the command: a command that
 * cannot be started is reported through a close-on-exec pipe (its errno),
 * with the exit status a shell gives (127 not found, 126 otherwise). */
#include "interrupts.h"
#include "trace.h"
#include "report.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/openat2.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef __O_TMPFILE
#define __O_TMPFILE 020000000
#endif

struct thread {
	pid_t tid;
	struct thread *next;
	const struct sc_def *pending;	/* entered, its exit stop awaited */
	int pending_write;		/* an open to write */
	int exec_pending;		/* an exec entered: asked holds its path */
	int have_asked;
	char asked[PATH_MAX];		/* the path as asked for, absolute */
};

#define NBUCKETS 256
static struct thread *bucket[NBUCKETS];
static size_t nthreads;

static struct thread *thread_find(pid_t tid)
{
	for (struct thread *t = bucket[(unsigned)tid % NBUCKETS]; t; t = t->next)
		if (t->tid == tid)
			return t;
	return NULL;
}

static struct thread *thread_get(pid_t tid)
{
	struct thread *t = thread_find(tid);
	if (t)
		return t;
	if (!(t = calloc(1, sizeof *t))) {
		zerr(NULL, "out of memory");
		exit(1);
	}
	t->tid = tid;
	t->next = bucket[(unsigned)tid % NBUCKETS];
	bucket[(unsigned)tid % NBUCKETS] = t;
	nthreads++;
	return t;
}

static void thread_drop(pid_t tid)
{
	for (struct thread **p = &bucket[(unsigned)tid % NBUCKETS]; *p; p = &(*p)->next)
		if ((*p)->tid == tid) {
			struct thread *t = *p;
			*p = t->next;
			free(t);
			nthreads--;
			return;
		}
}

static volatile sig_atomic_t caught, caught_from_tty;
static volatile pid_t command;
static int recording = 1;

/* SIGINT, SIGTERM, SIGHUP.  One sent to zapp-trace (kill, or the
 * foreground process passing it on) is passed on to the command, and the
 * run ends without a list when the command does; a second one kills the
 * tracer, and with it (PTRACE_O_EXITKILL) everything it traces.  One from
 * the terminal reached the command too, which may handle it and go on (an
 * interpreter's prompt): it ends the run without a list only if the
 * command dies of it, as a shell does with its foreground job. */
static void on_signal(int sig, siginfo_t *si, void *ctx)
{
	(void)ctx;
	if (si->si_code == SI_KERNEL) {
		caught_from_tty = sig;
		return;
	}
	if (caught) {
		output_discard();
		signal(sig, SIG_DFL);
		raise(sig);
		return;
	}
	caught = sig;
	if (command > 0)
		kill(command, sig);
}

static void signals_install(void)
{
	interrupts_catch(on_signal);
	/* job control stops the command, never its tracer: a stopped tracer
	 * would hold the command's SIGTSTP until after the SIGCONT */
	signal(SIGTSTP, SIG_IGN);
	signal(SIGTTIN, SIG_IGN);
	signal(SIGTTOU, SIG_IGN);
	/* the foreground process may be gone when the tracer reports */
	signal(SIGPIPE, SIG_IGN);
}

/* The child: the filter, a byte saying whether it holds ('S') or every
 * call must stop ('P'), a stop to be seized in, then the command. */
static void child(const struct trace_opts *o, int pipefd)
{
	char mode = !o->no_seccomp && sc_install_filter() == 0 ? 'S' : 'P';
	if (write(pipefd, &mode, 1) != 1)
		_exit(126);
	raise(SIGSTOP);
	execvp(o->argv[0], o->argv);
	int e = errno;
	if (write(pipefd, &e, sizeof e) != (ssize_t)sizeof e)
		_exit(126);
	_exit(e == ENOENT ? 127 : 126);
}

static void record_open(struct thread *t, long fd)
{
	char real[PATH_MAX];
	int ok = proc_link(t->tid, (int)fd, real, sizeof real) == 0 && real[0] == '/';
	if (t->pending_write) {
		if (ok)
			paths_written(real);
		if (t->have_asked)
			paths_written(t->asked);
		return;
	}
	if (ok)
		paths_used(real);
	if (t->have_asked)
		paths_used(t->asked);
}

/* the real path of a name looked at is found once, at the end
 * (paths_write_list) */
static void record_stat(struct thread *t)
{
	if (t->have_asked)
		paths_used(t->asked);
}

/* A followed call entered: note what it names; 1 when its exit must be
 * seen. */
static int on_entry(struct thread *t, const struct sc_def *d, const uint64_t *args)
{
	char path[PATH_MAX];
	t->pending = NULL;
	t->have_asked = 0;
	if (!d || !recording || sc_read_string(t->tid, args[d->path], path, sizeof path) < 0)
		return 0;
	int dirfd = d->dirfd >= 0 ? (int)args[d->dirfd] : AT_FDCWD;
	uint64_t flags = d->flags >= 0 ? args[d->flags] : 0, resolve = 0;
	if (d->how) {
		struct open_how how;
		if (sc_read_mem(t->tid, args[d->flags], &how, sizeof how) < 0)
			return 0;
		flags = how.flags;
		resolve = how.resolve;
	}
	switch (d->kind) {
	case SC_OPEN:
		t->pending_write = d->write || (flags & O_ACCMODE) != O_RDONLY ||
			(flags & (O_CREAT | O_TRUNC | __O_TMPFILE)) != 0;
		/* resolved inside dirfd, the asked name means nothing outside */
		t->have_asked = path[0] && !(resolve & (RESOLVE_IN_ROOT | RESOLVE_BENEATH)) &&
			path_absolute(t->tid, dirfd, path, t->asked, sizeof t->asked) == 0;
		break;
	case SC_STAT:
		/* fstat of a descriptor: the filter lets it run (syscalls.c) */
		if ((d->flags >= 0 && (flags & AT_EMPTY_PATH)) || !path[0] || path_absolute(t->tid, dirfd, path, t->asked, sizeof t->asked) < 0 ||
		    paths_excluded(t->asked))
			return 0;
		t->have_asked = 1;
		break;
	case SC_RENAME:
		if (!path[0] || path_absolute(t->tid, dirfd, path, t->asked, sizeof t->asked) < 0)
			return 0;
		t->have_asked = 1;
		break;
	case SC_EXEC:
		/* its success is the PTRACE_EVENT_EXEC stop, no exit needed */
		if (!path[0] && (flags & AT_EMPTY_PATH))
			t->exec_pending = proc_link(t->tid, dirfd, t->asked, sizeof t->asked) == 0;
		else
			t->exec_pending = path_absolute(t->tid, dirfd, path, t->asked, sizeof t->asked) == 0;
		return 0;
	}
	t->pending = d;
	return 1;
}

static void on_exit_stop(struct thread *t, int64_t rval, int is_error)
{
	const struct sc_def *d = t->pending;
	t->pending = NULL;
	if (!d || is_error || !recording)
		return;
	switch (d->kind) {
	case SC_OPEN: record_open(t, (long)rval); break;
	case SC_STAT: record_stat(t); break;
	case SC_RENAME: paths_written(t->asked); break;
	case SC_EXEC: break;
	}
}

/* A syscall stop (seccomp, entry or exit): 1 when the exit must be seen. */
static int on_syscall_stop(struct thread *t, int seccomp_mode)
{
	struct __ptrace_syscall_info si;
	if (ptrace(PTRACE_GET_SYSCALL_INFO, t->tid, (void *)sizeof si, &si) <= 0)
		return 0;
	switch (si.op) {
	case PTRACE_SYSCALL_INFO_SECCOMP:
		return on_entry(t, sc_by_data(si.seccomp.ret_data), si.seccomp.args);
	case PTRACE_SYSCALL_INFO_ENTRY:
		/* kernels before 4.8 stop at the entry after the seccomp stop */
		if (seccomp_mode)
			return t->pending != NULL;
		return on_entry(t, sc_lookup(si.arch, si.entry.nr), si.entry.args);
	case PTRACE_SYSCALL_INFO_EXIT:
		on_exit_stop(t, si.exit.rval, si.exit.is_error);
		return 0;
	}
	return 0;
}

static void on_exec(struct thread *t)
{
	unsigned long former = 0;
	struct thread *from = t;
	/* a thread other than the leader exec'd: it now has the leader's id */
	if (ptrace(PTRACE_GETEVENTMSG, t->tid, NULL, &former) == 0 && (pid_t)former != t->tid &&
	    (from = thread_find((pid_t)former)) == NULL)
		from = t;
	if (recording)
		exec_record(t->tid, from->exec_pending ? from->asked : NULL);
	if (from != t)
		thread_drop(from->tid);
	t->exec_pending = 0;
	t->pending = NULL;
}

/* From now on nothing is recorded: the stops are resumed at once, the
 * tracer has its own session and nothing of the caller's terminal. */
static void linger(void)
{
	recording = 0;
	signal(SIGINT, SIG_IGN);
	signal(SIGHUP, SIG_IGN);
	setsid();
	int null = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (null >= 0) {
		dup2(null, 0);
		dup2(null, 1);
		dup2(null, 2);
		if (null > 2)
			close(null);
	}
}

static void report(const struct trace_opts *o, struct run_result *r)
{
	if (!r->listed)
		output_discard();
	r->lingering = nthreads > 0;
	if (write(o->report_fd, r, sizeof *r) != (ssize_t)sizeof *r) {
		/* the foreground is gone: nothing waits for the status */
	}
	close(o->report_fd);
	if (!r->lingering)
		_exit(0);
	linger();
}

/* The command has exited with status (a shell's: 128 + N for signal N),
 * died_of the signal N or 0. */
static void finish(const struct trace_opts *o, int started, int pipefd, int status, int died_of)
{
	struct run_result r = { .status = status };
	int tty_sig = caught_from_tty && died_of == caught_from_tty;
	if (!started) {
		int e = 0;
		if (read(pipefd, &e, sizeof e) == (ssize_t)sizeof e)
			zerr(o->argv[0], "cannot run: %s", strerror(e));
		else
			zerr(o->argv[0], "cannot run: it ended before it started (status %d)", status);
		r.status = e == ENOENT ? 127 : 126;
	} else if (caught || tty_sig) {
		r.signal = caught ? caught : caught_from_tty;
	} else if (paths_write_list(o->list_fd) < 0) {
		zerr(NULL, "cannot write the list: %s", strerror(errno));
		r.status = 1;
	} else if (output_commit() < 0) {
		r.status = 1;
	} else {
		r.listed = 1;
	}
	report(o, &r);
}

void tracer_run(const struct trace_opts *o)
{
	int pipefd[2], st;
	char cwd[PATH_MAX], mode = 0;
	struct run_result fail = { .status = 1 };
	if (!getcwd(cwd, sizeof cwd)) {
		zerr(NULL, "cannot tell the working directory: %s", strerror(errno));
		report(o, &fail);
	}
	paths_set_start_dir(cwd);
	if (pipe2(pipefd, O_CLOEXEC) < 0) {
		zerr(NULL, "cannot start: pipe: %s", strerror(errno));
		report(o, &fail);
	}
	pid_t pid = fork();
	if (pid < 0) {
		zerr(NULL, "cannot start: fork: %s", strerror(errno));
		report(o, &fail);
	}
	if (pid == 0) {
		close(pipefd[0]);
		child(o, pipefd[1]);
	}
	close(pipefd[1]);
	long opts = PTRACE_O_TRACESYSGOOD | PTRACE_O_TRACEEXEC | PTRACE_O_TRACEFORK |
		PTRACE_O_TRACEVFORK | PTRACE_O_TRACECLONE | PTRACE_O_TRACESECCOMP | PTRACE_O_EXITKILL;
	if (read(pipefd[0], &mode, 1) != 1 || waitpid(pid, &st, WSTOPPED) != pid || !WIFSTOPPED(st) ||
	    ptrace(PTRACE_SEIZE, pid, NULL, (void *)opts) < 0) {
		int e = errno;
		kill(pid, SIGKILL);
		zerr(NULL, "cannot trace the command: %s", strerror(e));
		report(o, &fail);
	}
	command = pid;
	signals_install();
	kill(pid, SIGCONT);
	int seccomp_mode = mode == 'S', started = 0;
	long resume = seccomp_mode ? PTRACE_CONT : PTRACE_SYSCALL;
	thread_get(pid);
	for (;;) {
		pid_t tid = waitpid(-1, &st, __WALL);
		if (tid < 0) {
			if (errno == EINTR)
				continue;
			break;		/* ECHILD: nothing left */
		}
		if (WIFEXITED(st) || WIFSIGNALED(st)) {
			thread_drop(tid);
			if (tid == pid && recording)
				finish(o, started, pipefd[0],
				       WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st),
				       WIFSIGNALED(st) ? WTERMSIG(st) : 0);
			continue;
		}
		if (!WIFSTOPPED(st))
			continue;
		struct thread *t = thread_get(tid);
		int sig = WSTOPSIG(st), event = (unsigned)st >> 16, inject = 0;
		long how = resume;
		if (sig == (SIGTRAP | 0x80) || event == PTRACE_EVENT_SECCOMP) {
			if (on_syscall_stop(t, seccomp_mode))
				how = PTRACE_SYSCALL;
		} else if (event == PTRACE_EVENT_EXEC) {
			on_exec(t);
			if (tid == pid)
				started = 1;
		} else if (event == PTRACE_EVENT_STOP) {
			/* a group-stop stays a stop, listened to; other
			 * PTRACE_EVENT_STOPs (a new tracee's first) resume */
			if (sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU) {
				ptrace(PTRACE_LISTEN, tid, NULL, NULL);
				continue;
			}
		} else if (event == PTRACE_EVENT_FORK || event == PTRACE_EVENT_VFORK ||
			   event == PTRACE_EVENT_CLONE) {
			/* counted from now on, before its first stop is seen: a
			 * command that exits right after a fork leaves it behind */
			unsigned long child_tid;
			if (ptrace(PTRACE_GETEVENTMSG, tid, NULL, &child_tid) == 0 && child_tid > 0)
				thread_get((pid_t)child_tid);
		} else if (event == 0) {
			inject = sig;	/* a signal being delivered */
		}
		ptrace(how, tid, NULL, (void *)(long)inject);
	}
	_exit(0);
}
