/* zapp-assemble/check_main.c: zapp-check [-q] DIR */
#include "check.h"
#include "report.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: zapp-check [-q] DIR\n"
		"\n"
		"Prove that the Zapp DIR is complete: every library each program needs\n"
		"is found inside it the way its bundled loader will look, every program\n"
		"has its jumploader and its loader, no rpath entry is absolute or still\n"
		"says XORIGIN, no symbolic link leaves it.  Each problem is listed;\n"
		"the exit status is 0 only when there is none.\n"
		"\n"
		"  -q, --quiet     no summary line\n"
		"  -h, --help      this text\n"
		"  -V, --version   the version\n"
		"\n"
		"See zapp-check(1).\n");
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ 0 },
	};
	struct check c = { 0 };
	int opt;
	zapp_prog = "zapp-check";
	while ((opt = getopt_long(argc, argv, "qhV", longopts, NULL)) != -1) {
		switch (opt) {
		case 'q': c.quiet = 1; break;
		case 'h': usage(stdout); return 0;
		case 'V': printf("zapp-check (zapp) %s\n", ZAPP_VERSION); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (optind + 1 != argc) {
		zerr(NULL, "give exactly one Zapp directory");
		usage(stderr);
		return 2;
	}
	c.top = argv[optind];
	if (check_scan(&c) < 0) {
		plan_free(&c.inv);
		return 2;
	}
	check_rules(&c);
	if (c.problems)
		fprintf(stderr, "%s: %s: %d problem%s\n", zapp_prog, c.top, c.problems, c.problems == 1 ? "" : "s");
	else if (!c.quiet)
		printf("%s: ok: %zu program%s, %zu launcher%s, %zu librar%s\n", c.top,
		       c.programs, c.programs == 1 ? "" : "s", c.launchers, c.launchers == 1 ? "" : "s",
		       c.libraries, c.libraries == 1 ? "y" : "ies");
	plan_free(&c.inv);
	return c.problems ? 1 : 0;
}
