/* zapp-assemble/check_main.c: zapp-check [-q] [-v] [--fat] DIR */
#include "check.h"
#include "fat_check.h"
#include "marker.h"
#include "report.h"
#include "target.h"

#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: zapp-check [-q] [-v] [--fat] DIR\n"
		"\n"
		"Prove that the Zapp DIR is complete: every library each program needs\n"
		"is found inside it the way its bundled loader will look, every program\n"
		"has its jumploader and its loader, no rpath entry is absolute or still\n"
		"says XORIGIN, no symbolic link leaves it, every environment entry a\n"
		"launcher sets names what the Zapp holds and none it needs is missing,\n"
		"each interpreter (Python, perl) finds its standard library where it looks.\n"
		"Each problem is listed; the exit status is 0 only when there is none.\n"
		"\n"
		"  -q, --quiet     no summary line\n"
		"  -v, --verbose   for each launcher: its program, the environment it\n"
		"                  sets and the run-time directories its program reaches\n"
		"                  and the host paths the Zapp redirects, each with its copy\n"
		"      --fat       also what FAT32 and exFAT (USB sticks) would refuse or\n"
		"                  change: names one when case is folded, names with\n"
		"                  \" * : < > ? \\ | or a trailing dot, files of 4 GiB, and\n"
		"                  the hard links they make copies of\n"
		"  -h, --help      this text\n"
		"  -V, --version   the version\n"
		"\n"
		"See zapp-check(1).\n");
}

/* The marker (marker.h): absent in Zapps made before it existed, else
 * exactly what zapp-assemble writes, for a layout this zapp-check knows. */
static void check_marker(struct check *c)
{
	int fd = open(c->top, O_RDONLY | O_DIRECTORY | O_CLOEXEC), v;
	if (fd < 0)
		return;
	if ((v = marker_read(fd)) < 0)
		check_problem(c, ZAPP_MARKER, "not a Zapp marker: %s", zwhy());
	else if (v > ZAPP_LAYOUT_VERSION)
		check_problem(c, ZAPP_MARKER, "made for layout version %d; this zapp-check knows version %d",
			      v, ZAPP_LAYOUT_VERSION);
	close(fd);
}

/* ", N scripts" when the Zapp has any */
static const char *scripts_part(size_t n)
{
	static char b[48];
	if (n)
		snprintf(b, sizeof b, ", %zu script%s", n, n == 1 ? "" : "s");
	return b;
}

/* The programs' C library when musl is one: " (musl)", " (1 glibc, 2
 * musl)"; "" for glibc's alone, the common case. */
static const char *libc_part(const struct check *c, char *b, size_t len)
{
	b[0] = '\0';
	if (c->glibc_programs && c->musl_programs)
		snprintf(b, len, " (%zu glibc, %zu musl)", c->glibc_programs, c->musl_programs);
	else if (c->musl_programs)
		snprintf(b, len, " (musl)");
	return b;
}

/* fat_check.c's findings: a problem, or (a hard link) a note with -v */
static void fat_said(void *ctx, const char *rel, const char *message, int problem)
{
	struct check *c = ctx;
	if (problem)
		check_problem(c, rel, "%s", message);
	else if (c->verbose)
		zprint(stdout, "%s: %s", rel, message);
}

int main(int argc, char **argv)
{
	static const char shortopts[] = "qvhV";
	static const struct option longopts[] = {
		{ "quiet", no_argument, NULL, 'q' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "fat", no_argument, NULL, 'F' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ 0 },
	};
	struct check c = { 0 };
	struct fat_totals ft = { 0 };
	char part[64];
	int opt, fat = 0;
	zapp_prog = "zapp-check";
	opterr = 0;
	while ((opt = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		switch (opt) {
		case 'q': c.quiet = 1; break;
		case 'v': c.verbose = 1; break;
		case 'F': fat = 1; break;
		case 'h': usage(stdout); return 0;
		case 'V': printf("zapp-check (zapp) %s\n", ZAPP_VERSION); return 0;
		default: return zbad_option(argv, shortopts, longopts);
		}
	}
	if (optind + 1 != argc)
		return zusage("give exactly one Zapp directory");
	c.top = argv[optind];
	if (check_scan(&c) < 0) {
		plan_free(&c.inv);
		return 2;
	}
	check_marker(&c);
	check_rules(&c);
	check_env(&c);
	check_builtin(&c);
	check_interp(&c);
	check_redirect(&c, c.verbose);
	if (fat && fat_check_tree(c.top, fat_said, &c, &ft) < 0)
		check_problem(&c, ".", "cannot be read for --fat: %s", zwhy());
	if (fat && ft.copies && !c.quiet)
		zprint(stdout, "%s: on FAT or exFAT, %zu hard link%s %s: %.1f MiB more", c.top, ft.copies,
		       ft.copies == 1 ? "" : "s", ft.copies == 1 ? "becomes a copy" : "become copies",
		       (double)ft.copy_bytes / (1024.0 * 1024.0));
	if (c.problems)
		zerr(c.top, "%d problem%s", c.problems, c.problems == 1 ? "" : "s");
	else if (!c.quiet)
		zprint(stdout, "%s: ok: %s, %zu program%s%s, %zu launcher%s, %zu librar%s%s", c.top,
		       target_zapp()->name, c.programs, c.programs == 1 ? "" : "s", libc_part(&c, part, sizeof part),
		       c.launchers, c.launchers == 1 ? "" : "s",
		       c.libraries, c.libraries == 1 ? "y" : "ies", scripts_part(c.scripts));
	if (!c.problems && !c.quiet && fat)
		zprint(stdout, "%s: ok for FAT32 and exFAT", c.top);
	if (!c.problems && !c.quiet && c.host_libs.n)
		zprint(stdout, "%s: left to the host (lib/zapp/hostlibs): %zu name%s", c.top, c.host_libs.n,
		       c.host_libs.n == 1 ? "" : "s");
	strlist_free(&c.host_libs);
	plan_free(&c.inv);
	return c.problems ? 1 : 0;
}
