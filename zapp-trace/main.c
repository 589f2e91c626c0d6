/* zapp-trace/main.c: zapp-trace [options] -o LIST -- CMD [ARGS...]
 *
 * Runs CMD once under ptrace and writes the list of the files the run
 * used, in the form zapp-assemble --files-from reads.  This process checks
 * the options and LIST, starts the tracer (tracer.c) as its child, and
 * waits for it to say how the run ended: the command's exit status, and
 * whether the list was written.  The tracer stays with the processes the
 * command leaves running; this process ends with the command. */
#include "interrupts.h"
#include "trace.h"
#include "report.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: zapp-trace [options] -o LIST -- CMD [ARGS...]\n"
		"\n"
		"Run CMD once under ptrace, following its forks, threads and execs, and\n"
		"write to LIST the files the run used, one absolute path per line, sorted\n"
		"(the input of zapp-assemble --files-from): the files it opened to read,\n"
		"looked at (stat, access) and executed, with #! and ELF interpreters,\n"
		"under the name it asked for and the real one.  Files it wrote, and what\n"
		"lies in /proc, /sys, /dev, /run, /tmp or the current directory, are left\n"
		"out.\n"
		"\n"
		"  -o, --output LIST   where the list goes (\"-\": standard output)\n"
		"  -f, --force         replace LIST if it exists\n"
		"      --no-seccomp    stop at every system call, not only at those\n"
		"                      followed (slower; for comparison)\n"
		"  -q, --quiet         no warnings\n"
		"  -h, --help          this text\n"
		"  -V, --version       the version\n"
		"\n"
		"The exit status is the command's (128 + N if it died of signal N); 127 or\n"
		"126 if it cannot be started, 1 if zapp-trace fails; no list is written\n"
		"then.  See zapp-trace(1).\n");
}

static volatile pid_t tracer;

/* A signal sent to zapp-trace goes on to the tracer, which passes it to
 * the command; one from the terminal reached them already (tracer.c).
 * Job control stops and continues this process as it would the command. */
static void on_signal(int sig, siginfo_t *si, void *ctx)
{
	(void)ctx;
	if (si->si_code != SI_KERNEL && tracer > 0)
		kill(tracer, sig);
}

static void forward_signals(void)
{
	interrupts_catch(on_signal);
}

static void die_of(int sig)
{
	signal(sig, SIG_DFL);
	raise(sig);
	_exit(128 + sig);
}

int main(int argc, char **argv)
{
	static const char shortopts[] = "+o:fqhV";
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "force", no_argument, NULL, 'f' },
		{ "no-seccomp", no_argument, NULL, 'S' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ 0 },
	};
	struct trace_opts o = { 0 };
	const char *list = NULL;
	int c, force = 0, rep[2];

	zapp_prog = "zapp-trace";
	opterr = 0;
	while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		switch (c) {
		case 'o': list = optarg; break;
		case 'f': force = 1; break;
		case 'S': o.no_seccomp = 1; break;
		case 'q': zapp_quiet = 1; break;
		case 'h': usage(stdout); return 0;
		case 'V': printf("zapp-trace (zapp) %s\n", ZAPP_VERSION); return 0;
		default: return zbad_option(argv, shortopts, longopts);
		}
	}
	if (!list)
		return zusage("no list given: use -o LIST");
	if (!*list)
		return zusage("the list's name is empty");
	if (optind == argc)
		return zusage("no command given");
	if (!*argv[optind])
		return zusage("the command's name is empty");
	o.argv = argv + optind;
	if ((o.list_fd = output_open(list, force)) < 0)
		return 1;
	fflush(stdout);
	if (pipe2(rep, O_CLOEXEC) < 0 || (tracer = fork()) < 0) {
		zerr(NULL, "cannot start the tracer: %s", strerror(errno));
		output_discard();
		return 1;
	}
	if (tracer == 0) {
		close(rep[0]);
		o.report_fd = rep[1];
		tracer_run(&o);
	}
	close(rep[1]);
	if (o.list_fd > 2)
		close(o.list_fd);
	forward_signals();

	struct run_result r;
	ssize_t n;
	while ((n = read(rep[0], &r, sizeof r)) < 0 && errno == EINTR)
		;
	if (n == (ssize_t)sizeof r) {
		if (!r.lingering)
			while (waitpid(tracer, NULL, 0) < 0 && errno == EINTR)
				;
		if (r.signal)
			die_of(r.signal);
		return r.status;
	}
	/* the tracer died without a word (killed): so do we */
	int st = 0;
	while (waitpid(tracer, &st, 0) < 0 && errno == EINTR)
		;
	output_discard();
	if (WIFSIGNALED(st))
		die_of(WTERMSIG(st));
	zerr(NULL, "the tracer ended without saying how the run ended (status %d)",
	     WIFEXITED(st) ? WEXITSTATUS(st) : -1);
	return 1;
}
