/* zapp-assemble/main.c: zapp-assemble [options] -o OUT INPUT...
 *
 * Turns install trees and programs into a Zapp: plan everything (scan,
 * closure, rpaths), and only then write it beside OUT and move it in. */
#include "assemble.h"
#include "report.h"
#include "fat_check.h"
#include "runenv.h"
#include "searchpath.h"
#include "stamp.h"
#include "target.h"
#include "zelf.h"

#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: zapp-assemble [options] -o OUT INPUT...\n"
		"       zapp-assemble [options] --tar FILE INPUT...\n"
		"       zapp-assemble [options] -o OUT --files-from LIST (or --from-strace LOG,\n"
		"                     --include SRC): a Zapp of the listed files alone\n"
		"\n"
		"Lay out a Zapp in OUT: a directory that runs from any path on any Linux\n"
		"of the same architecture.  Each INPUT is an install prefix (a directory\n"
		"with bin/, lib/, libexec/, share/, ...) or a program (dynamic ELF, static\n"
		"ELF, or #! script).\n"
		"\n"
		"  -o, --output OUT    the Zapp to create\n"
		"      --include SRC[=DEST]  add the file or directory SRC (recursively) at\n"
		"                      DEST, a path inside the Zapp, or where the placement\n"
		"                      rule puts it (repeatable)\n"
		"      --files-from LIST  add each path of LIST, one a line (- for standard\n"
		"                      input), placed by the rule (repeatable)\n"
		"      --from-strace LOG  add the regular files a run traced by strace -f\n"
		"                      opened or executed (repeatable)\n"
		"      --detect        add every file of the Debian packages that own the\n"
		"                      file inputs (read from the dpkg database)\n"
		"      --glibc-pieces=SET  for a Zapp that holds glibc, its run-time pieces:\n"
		"                      common (the default: C.UTF-8, the NSS modules, the\n"
		"                      common gconv modules), all (every gconv module), none\n"
		"      --sysroot DIR   find libraries and the loader inside DIR, not /\n"
		"  -f, --force         replace OUT if it is a Zapp (has .zapp)\n"
		"  -a, --add           add the INPUTs to the existing Zapp OUT\n"
		"      --jumploader F  the jumploader to copy (default: the one installed\n"
		"                      with zapp, or $ZAPP_JUMPLOADER)\n"
		"      --env NAME=VALUE  set NAME for every program of the Zapp, unless\n"
		"                      it is set; $ZAPP in VALUE is the Zapp's location\n"
		"                      (quote it: --env 'X=$ZAPP/share/x')\n"
		"      --no-redirect   no run-time redirection of host paths the Zapp holds\n"
		"                      (no lib/zapp/hostpaths, no libzapp-rt.so.1)\n"
		"      --host-lib PATTERN  leave the libraries of that name (libGL.so.*) to\n"
		"                      the host: not brought in, loaded from the host's\n"
		"                      library directories at run time (graphics and\n"
		"                      compute drivers; repeatable; see the manual)\n"
		"      --rename OLD=NEW  the program given as the file OLD (or named OLD)\n"
		"                      is NEW in the Zapp: two greps, --rename /opt/x/bin/grep=xgrep\n"
		"      --fat           warn of what FAT32 and exFAT (USB sticks) would refuse\n"
		"                      or change in the Zapp (see zapp-check --fat)\n"
		"      --single FILE   write a one-file Zapp too (alone: only it): FILE runs\n"
		"                      the program, from a copy it keeps in the user's cache\n"
		"      --main NAME     the program --single runs (else the Zapp's only one, or\n"
		"                      the one named like the Zapp; a link to FILE named\n"
		"                      after another program runs that one)\n"
		"      --tar FILE      write the Zapp as a tar archive too (alone: only\n"
		"                      it); .tar, .tar.gz, .tgz, .tar.xz, .tar.zst; - for\n"
		"                      standard output; the same inputs give the same bytes\n"
		"      --installer FILE  write a POSIX sh script that carries the Zapp and\n"
		"                      installs it in ${PREFIX:-$HOME/.local/opt}/NAME (too,\n"
		"                      or alone); - for standard output: ... | ssh HOST sh -s\n"
		"      --script-exec   every script's launcher execs its interpreter's\n"
		"                      launcher (by default one whose interpreter is dash\n"
		"                      or bash starts it itself: one execve less, and\n"
		"                      /proc/self/exe is the script's launcher)\n"
		"      --no-interp-files  an interpreter given as a file (python3.N, perl)\n"
		"                      comes without its standard library (by default it\n"
		"                      comes with it, placed by the rule: lib/python3.N)\n"
		"  -v, --verbose       say where each library comes from\n"
		"  -q, --quiet         no summary, no warnings\n"
		"  -h, --help          this text\n"
		"  -V, --version       the version\n"
		"\n"
		"Layout: bin/NAME (jumploader), dynbin/NAME (the program), lib/ (every\n"
		"library and the loader), everything else of the input as it is; a #!\n"
		"script is in dynbin/ too, and its launcher runs the Zapp's interpreter\n"
		"(brought in from the system when the input has none).\n"
		"Placement: an included file keeps its path relative to the prefix of the\n"
		"inputs it lies under (/usr/share/nmap/x -> share/nmap/x for /usr/bin/nmap),\n"
		"else relative to / (/etc/x -> etc/x).\n"
		"See zapp-assemble(1) and zapp-check(1).\n");
}

/* The jumploader given must be one of the Zapp's machine. */
static int check_jumploader_machine(const char *path)
{
	const struct target *t = target_zapp();
	struct elf_info info;
	char m[32];
	if (elf_info_read(path, &info) < 0)
		return zerr(path, "cannot use as the jumploader: %s", zwhy()), -1;
	int ok = info.machine == t->machine && info.elfclass == t->elfclass;
	if (!ok)
		zerr(path, "cannot use as the jumploader: it is for %s%s, the Zapp's programs are %s",
		     info.elfclass == ELFCLASS32 ? "32-bit " : "", elf_machine_name(info.machine, m, sizeof m),
		     t->name);
	elf_info_free(&info);
	return ok ? 0 : -1;
}

/* The jumploader of the Zapp's machine (decided by its first program)
 * installed beside this program: BINDIR/../lib/zapp/jumploader-ARCH. */
static int find_jumploader(struct options *o, char *buf, size_t len)
{
	const char *env = getenv("ZAPP_JUMPLOADER");
	char name[64];
	if (o->jumploader)
		return check_jumploader_machine(o->jumploader);
	if (env && *env) {
		o->jumploader = env;
		return check_jumploader_machine(o->jumploader);
	}
	if (target_jumploader_name(target_zapp(), name, sizeof name) < 0 || installed_file(NULL, name, buf, len) < 0)
		return zerr(NULL, "cannot find the jumploader: %s", zwhy()), -1;
	if (access(buf, R_OK) < 0)
		return zerr(buf, "cannot find the jumploader: %s (set ZAPP_JUMPLOADER)", strerror(errno)), -1;
	o->jumploader = buf;
	return 0;
}

/* OUT must not be inside an input tree: it would copy itself; no input may
 * be inside OUT: replacing OUT would delete it. */
static int check_out_not_in_inputs(struct options *o, char **inputs, int n)
{
	char out_real[PATH_MAX], dir[PATH_MAX], in_real[PATH_MAX];
	snprintf(dir, sizeof dir, "%s", o->out);
	char *slash = strrchr(dir, '/');
	if (slash && slash != dir)
		*slash = '\0';
	else if (slash)
		dir[1] = '\0';
	else
		snprintf(dir, sizeof dir, ".");
	if (!realpath(dir, out_real))
		return zerr(o->out, "cannot create: %s", strerror(errno)), -1;
	const char *base = strrchr(o->out, '/') ? strrchr(o->out, '/') + 1 : o->out;
	size_t l = strlen(out_real);
	snprintf(out_real + l, sizeof out_real - l, "%s%s", l > 1 ? "/" : "", base);
	for (int i = 0; i < n; i++) {
		struct stat st;
		if (stat(inputs[i], &st) < 0 || !realpath(inputs[i], in_real))
			continue;
		if (S_ISDIR(st.st_mode) && path_under(out_real, in_real))
			return zerr(o->out, "is inside the input %s: it would copy itself", inputs[i]), -1;
		/* --force and --add replace OUT, and remove what it held */
		if (path_under(in_real, out_real))
			return zerr(o->out, "holds the input %s: replacing it would delete that input", inputs[i]), -1;
	}
	return 0;
}

/* The same for the sources of --include (SRC of SRC=DEST). */
static int check_out_not_in_includes(struct options *o)
{
	struct strlist srcs = { 0 };
	int r = 0;
	for (size_t i = 0; i < o->include.n; i++) {
		const char *arg = o->include.v[i], *eq = strchr(arg, '=');
		struct stat st;
		char src[PATH_MAX];
		snprintf(src, sizeof src, "%.*s", eq && lstat(arg, &st) < 0 ? (int)(eq - arg) : (int)strlen(arg), arg);
		if (strlist_push(&srcs, src) < 0)
			return zerr(NULL, "out of memory"), -1;
	}
	if (srcs.n)
		r = check_out_not_in_inputs(o, srcs.v, (int)srcs.n);
	strlist_free(&srcs);
	return r;
}

struct file_id {
	dev_t dev;
	ino_t ino;
	off_t size;
};

static int by_file(const void *a, const void *b)
{
	const struct file_id *x = a, *y = b;
	if (x->dev != y->dev)
		return x->dev < y->dev ? -1 : 1;
	return x->ino < y->ino ? -1 : x->ino > y->ino;
}

/* One line: what the Zapp holds, and the bytes of its distinct source
 * files (the names of one file are one file). */
static void summary(struct plan *p, struct options *o)
{
	size_t programs = 0, statics = 0, launchers = 0, tree_libs = 0, sys_libs = 0, other = 0, nids = 0;
	unsigned long long bytes = 0;
	const char *loader = NULL, *loader2 = NULL;	/* glibc's and musl's side by side */
	struct file_id *ids = calloc(p->n + 1, sizeof *ids);
	for (size_t i = 0; i < p->n; i++) {
		struct entry *e = p->e[i];
		struct stat st;
		if (e->src && stat(e->src, &st) == 0 && ids)
			ids[nids++] = (struct file_id){ st.st_dev, st.st_ino, st.st_size };
		switch (e->kind) {
		case ENTRY_PROGRAM: programs++; break;
		case ENTRY_STATIC: statics++; break;
		case ENTRY_JUMPLOADER: launchers++; break;
		case ENTRY_LIBRARY: e->from_tree ? tree_libs++ : sys_libs++; break;
		case ENTRY_LOADER:
			if (!loader)
				loader = path_basename(e->dest);
			else
				loader2 = path_basename(e->dest);
			break;
		case ENTRY_FILE: other++; break;
		case ENTRY_DIR: break;
		}
	}
	if (ids) {
		qsort(ids, nids, sizeof *ids, by_file);
		for (size_t i = 0; i < nids; i++)
			if (i == 0 || by_file(&ids[i - 1], &ids[i]) != 0)
				bytes += (unsigned long long)ids[i].size;
		free(ids);
	}
	char st_part[64] = "";
	if (statics)
		snprintf(st_part, sizeof st_part, ", %zu static", statics);
	char sc_part[PATH_MAX] = "";
	if (o->scripts) {
		size_t n = (size_t)snprintf(sc_part, sizeof sc_part, ", %zu script%s", o->scripts, o->scripts == 1 ? "" : "s");
		for (size_t i = 0; i < o->brought.n && n < sizeof sc_part; i++)
			n += (size_t)snprintf(sc_part + n, sizeof sc_part - n, "%s%s", i ? ", " : " (interpreters brought in: ",
					      o->brought.v[i]);
		if (o->brought.n && n < sizeof sc_part)
			snprintf(sc_part + n, sizeof sc_part - n, ")");
	}
	/* the interpreters' run-time files: "; 1332 files (25.0 MiB) are the
	 * run-time files of python3.11" */
	char interp_part[256] = "";
	if (o->interps.n && o->interp_files) {
		size_t l = (size_t)snprintf(interp_part, sizeof interp_part, "; %zu file%s (%.1f MiB) %s the run-time files of ",
					    o->interp_files, o->interp_files == 1 ? "" : "s",
					    (double)o->interp_bytes / (1024.0 * 1024.0), o->interp_files == 1 ? "is" : "are");
		for (size_t i = 0; i < o->interps.n && l < sizeof interp_part; i++)
			l += (size_t)snprintf(interp_part + l, sizeof interp_part - l, "%s%s",
					      i == 0 ? "" : i + 1 == o->interps.n ? " and " : ", ", o->interps.v[i]);
	}
	zprint(stdout, "%s: %zu program%s (%zu launcher%s%s)%s, %zu librar%s (%zu from the input, %zu from the system), loader%s %s%s%s, %zu other file%s, %.1f MiB%s",
	       o->out, programs + statics, programs + statics == 1 ? "" : "s", launchers, launchers == 1 ? "" : "s",
	       st_part, sc_part, tree_libs + sys_libs, tree_libs + sys_libs == 1 ? "y" : "ies", tree_libs, sys_libs,
	       loader2 ? "s" : "", loader ? loader : "none", loader2 ? " and " : "", loader2 ? loader2 : "", other, other == 1 ? "" : "s", (double)bytes / (1024.0 * 1024.0), interp_part);
}

/* --env NAME=VALUE: a later one for the same NAME replaces the earlier;
 * all of them must leave room in the stamp for the table's entries. */
static int add_env(struct options *o, const char *entry)
{
	size_t n = strcspn(entry, "="), total = strlen(entry) + 1;
	/* a long one is named by its first bytes */
	if (runenv_check_entry(entry) < 0)
		return zerr("--env", "'%.*s%s': %s", n > 64 ? 64 : (int)n, entry, n > 64 ? "..." : "",
			    zwhy()), -1;
	for (size_t i = 0; i < o->env.n; i++)
		if (strncmp(o->env.v[i], entry, n + 1) == 0) {
			free(o->env.v[i]);
			memmove(o->env.v + i, o->env.v + i + 1, (o->env.n - i) * sizeof *o->env.v);
			o->env.n--;
			break;
		}
	for (size_t i = 0; i < o->env.n; i++)
		total += strlen(o->env.v[i]) + 1;
	if (total >= ZAPP_STAMP_ENV_MAX)
		return zerr("--env", "'%.*s': the entries take %zu bytes, more than the %d a launcher has for them",
			    (int)n, entry, total, ZAPP_STAMP_ENV_MAX - 1), -1;
	if (strlist_push(&o->env, entry) < 0)
		return zerr(NULL, "out of memory"), -1;
	return 0;
}

/* The inputs given, then the interpreters brought in for scripts. */
static int inputs_with_brought(const struct options *o, char **given, int n, struct strlist *inputs)
{
	strlist_free(inputs);
	for (int i = 0; i < n; i++)
		if (strlist_push(inputs, given[i]) < 0)
			return zerr(NULL, "out of memory"), -1;
	for (size_t i = 0; i < o->brought.n; i++)
		if (strlist_push(inputs, o->brought.v[i]) < 0)
			return zerr(NULL, "out of memory"), -1;
	return 0;
}

/* The options' lists freed (LeakSanitizer sees every exit); status. */
static int options_done(struct options *o, int status)
{
	strlist_free(&o->trees);
	strlist_free(&o->env);
	strlist_free(&o->include);
	strlist_free(&o->files_from);
	strlist_free(&o->straces);
	strlist_free(&o->prefixes);
	strlist_free(&o->maps);
	strlist_free(&o->host_libs);
	strlist_free(&o->renames);
	strlist_free(&o->renamed);
	strlist_free(&o->brought);
	strlist_free(&o->interps);
	return status;
}

/* The program --single runs without --main: the one named like the Zapp,
 * else the only one in bin/; NULL (zfail) when neither is there. */
static const char *single_main(const char *top, const char *name)
{
	static char only[NAME_MAX + 1];
	char bin[PATH_MAX];
	DIR *d;
	struct dirent *de;
	size_t n = 0;
	snprintf(bin, sizeof bin, "%s/bin/%s", top, name);
	if (access(bin, X_OK) == 0)
		return name;
	snprintf(bin, sizeof bin, "%s/bin", top);
	if ((d = opendir(bin))) {
		while ((de = readdir(d)))
			if (de->d_name[0] != '.' && n++ == 0)
				snprintf(only, sizeof only, "%s", de->d_name);
		closedir(d);
	}
	if (n == 1)
		return only;
	return zfail("the Zapp has %s programs in bin/ and none named %s: say which with --main NAME",
		     n ? "several" : "no", name), NULL;
}

/* --fat: what FAT32 and exFAT would refuse or change in the tree written
 * at top, as warnings (the Zapp is made all the same). */
static void fat_warn(void *ctx, const char *rel, const char *message, int problem)
{
	(void)ctx;
	if (problem)
		zwarn(rel, "on FAT or exFAT: %s", message);
}

static void fat_warnings(const char *top)
{
	struct fat_totals t;
	if (fat_check_tree(top, fat_warn, NULL, &t) < 0) {
		zwarn(NULL, "--fat: %s", zwhy());
		return;
	}
	if (t.copies)
		zwarn(NULL, "on FAT or exFAT, %zu hard link%s %s: %.1f MiB more", t.copies, t.copies == 1 ? "" : "s",
		      t.copies == 1 ? "becomes a copy" : "become copies", (double)t.copy_bytes / (1024.0 * 1024.0));
}

int main(int argc, char **argv)
{
	static const char shortopts[] = "o:favqhV";
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "sysroot", required_argument, NULL, 'S' },
		{ "force", no_argument, NULL, 'f' },
		{ "add", no_argument, NULL, 'a' },
		{ "jumploader", required_argument, NULL, 'J' },
		{ "env", required_argument, NULL, 'E' },
		{ "no-redirect", no_argument, NULL, 'R' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ "include", required_argument, NULL, 'I' },
		{ "files-from", required_argument, NULL, 'F' },
		{ "from-strace", required_argument, NULL, 'T' },
		{ "detect", no_argument, NULL, 'D' },
		{ "glibc-pieces", required_argument, NULL, 'G' },
		{ "no-interp-files", no_argument, NULL, 'P' },
		{ "host-lib", required_argument, NULL, 'H' },
		{ "tar", required_argument, NULL, 'A' },
		{ "rename", required_argument, NULL, 'M' },
		{ "fat", no_argument, NULL, 'W' },
		{ "installer", required_argument, NULL, 'N' },
		{ "single", required_argument, NULL, 'O' },
		{ "main", required_argument, NULL, 'U' },
		{ "script-exec", no_argument, NULL, 'X' },
		{ 0 },
	};
	struct options o = { .sysroot = "" };
	struct plan p = { 0 };
	char jl[PATH_MAX], tmp[PATH_MAX] = "", tar_tmp[PATH_MAX + 32] = "";
	int tar_made = 0, installer_made = 0, single_made = 0;
	struct strlist inputs = { 0 };
	int c, status = 1;

	zapp_prog = "zapp-assemble";
	signals_install();
	umask(0);	/* modes come from the inputs, not from the caller's umask */
	opterr = 0;
	while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		switch (c) {
		case 'o': o.out = optarg; break;
		case 'S': o.sysroot = optarg; break;
		case 'f': o.force = 1; break;
		case 'a': o.add = 1; break;
		case 'J': o.jumploader = optarg; break;
		case 'E': if (add_env(&o, optarg) < 0) return options_done(&o, 2); break;
		case 'R': o.no_redirect = 1; break;
		case 'v': o.verbose = 1; break;
		case 'q': o.quiet = 1; break;
		case 'I':
		case 'F':
		case 'T':
			if (!*optarg)
				return options_done(&o, zusage("option '--%s' needs a non-empty argument",
							       c == 'I' ? "include" : c == 'F' ? "files-from" : "from-strace"));
			if (strlist_push(c == 'I' ? &o.include : c == 'F' ? &o.files_from : &o.straces, optarg) < 0)
				return zerr(NULL, "out of memory"), options_done(&o, 1);
			break;
		case 'D': o.detect = 1; break;
		case 'P': o.no_interp_files = 1; break;
		case 'H': if (host_libs_add(&o, optarg) < 0) return options_done(&o, 2); break;
		case 'A':
			if (tar_name_ok(optarg) < 0)
				return options_done(&o, zusage("--tar '%s': %s", optarg, zwhy()));
			o.tar = optarg;
			break;
		case 'W': o.fat = 1; break;
		case 'O':
			if (!*optarg || strcmp(optarg, "-") == 0)
				return options_done(&o, zusage("--single needs a file name"));
			o.single = optarg;
			break;
		case 'U':
			if (!*optarg || strchr(optarg, '/'))
				return options_done(&o, zusage("--main needs a program name"));
			o.main_prog = optarg;
			break;
		case 'M':
			if (rename_check(optarg) < 0)
				return options_done(&o, 2);
			if (strlist_push(&o.renames, optarg) < 0)
				return zerr(NULL, "out of memory"), options_done(&o, 1);
			break;
		case 'N':
			if (!*optarg)
				return options_done(&o, zusage("option '--installer' needs a non-empty argument"));
			o.installer = optarg;
			break;
		case 'X': o.script_exec = 1; break;
		case 'G':
			if (strcmp(optarg, "common") == 0)
				o.glibc_pieces = PIECES_COMMON;
			else if (strcmp(optarg, "all") == 0)
				o.glibc_pieces = PIECES_ALL;
			else if (strcmp(optarg, "none") == 0)
				o.glibc_pieces = PIECES_NONE;
			else
				return options_done(&o, zusage("--glibc-pieces takes common, all or none, not '%s'", optarg));
			break;
		case 'h': usage(stdout); return options_done(&o, 0);
		case 'V': printf("zapp-assemble (zapp) %s\n", ZAPP_VERSION); return options_done(&o, 0);
		default: return options_done(&o, zbad_option(argv, shortopts, longopts));
		}
	}
	zapp_quiet = o.quiet;
	char tar_out[PATH_MAX];
	const char *named = o.tar && strcmp(o.tar, "-") != 0 ? o.tar
			    : o.installer && strcmp(o.installer, "-") != 0 ? o.installer : o.single;
	if (!o.out && named) {
		/* the tree is made beside FILE, under the name it has inside */
		if (tar_tree_name(named, tar_out, sizeof tar_out) < 0)
			return options_done(&o, zusage("'%s': %s", named, zwhy()));
		o.out = tar_out;
		o.tar_only = 1;
	} else if (!o.out && (o.tar || o.installer || o.single)) {
		snprintf(tar_out, sizeof tar_out, "zapp");
		o.out = tar_out;
		o.tar_only = 1;
	}
	if (o.tar && o.installer && strcmp(o.tar, "-") == 0 && strcmp(o.installer, "-") == 0)
		return options_done(&o, zusage("--tar - and --installer - cannot both be standard output"));
	if (!o.out)
		return options_done(&o, zusage("no output given: use -o OUT (or --tar FILE, --installer FILE)"));
	if (o.tar_only && (o.add || o.force))
		return options_done(&o, zusage("--add and --force need -o OUT"));
	if (optind == argc && !(o.include.n || o.files_from.n || o.straces.n))
		return options_done(&o, zusage("no input given"));
	if (o.detect && optind == argc)
		return options_done(&o, zusage("--detect needs the programs as inputs"));
	if (strcmp(o.sysroot, "/") == 0)
		o.sysroot = "";
	if (*o.sysroot && access(o.sysroot, X_OK) < 0)
		return zerr(o.sysroot, "cannot use as --sysroot: %s", strerror(errno)), options_done(&o, 2);
	if ((!o.tar_only && check_out_not_in_inputs(&o, argv + optind, argc - optind) < 0)
	    || (!o.tar_only && outdir_check(&o) < 0))
		return options_done(&o, 1);
	if (!o.tar_only && check_out_not_in_includes(&o) < 0) {
		outdir_abort("");
		return options_done(&o, 1);
	}
	if (o.add && scan_existing_zapp(&p, &o, o.out) < 0)
		goto out;
	for (int i = optind; i < argc; i++)
		if (scan_input(&p, &o, argv[i]) < 0 || interrupted())
			goto out;
	if (rename_unused(&o) < 0)
		goto out;
	/* the interpreters brought in for scripts are inputs given as files */
	if (scripts_plan(&p, &o) < 0 || inputs_with_brought(&o, argv + optind, argc - optind, &inputs) < 0
	    || interrupted())
		goto out;
	if (include_prefixes(&o, inputs.v, (int)inputs.n) < 0
	    || include_inputs(&p, &o, inputs.v, (int)inputs.n) < 0 || interrupted())
		goto out;
	/* every interpreter planned by now (inputs, interpreters brought in
	 * for scripts) with its run-time files, before the closure; then the
	 * scripts among the included files and the run-time files, and the
	 * run-time files of an interpreter brought in for them */
	size_t brought = o.brought.n;
	if (interp_include(&p, &o) < 0 || interrupted())
		goto out;
	if (scripts_plan(&p, &o) < 0 || inputs_with_brought(&o, argv + optind, argc - optind, &inputs) < 0)
		goto out;
	if (o.brought.n > brought && (interp_include(&p, &o) < 0 || scripts_plan(&p, &o) < 0 || interrupted()))
		goto out;
	/* the inputs' programs decided the machine, hence the jumploader */
	if (find_jumploader(&o, jl, sizeof jl) < 0)
		goto out;
	if (closure_resolve(&p, &o) < 0 || redirect_plan(&p, &o, inputs.v, (int)inputs.n) < 0
	    || host_libs_plan(&p, &o) < 0 || rpaths_compute(&p, &o) < 0 || interrupted())
		goto out;
	if (outdir_begin(&o, tmp, sizeof tmp) < 0) {
		tmp[0] = '\0';
		goto out;
	}
	if (write_plan(&p, &o, tmp) < 0 || interrupted())
		goto out;
	if (o.fat)
		fat_warnings(tmp);
	if (o.tar) {
		if (tar_write(tmp, path_basename(o.out), o.tar, tar_tmp, sizeof tar_tmp) < 0
		    || interrupted() || tar_commit(tar_tmp, o.tar) < 0) {
			zerr(o.tar, "%s", zwhy());
			goto out;
		}
		tar_made = *tar_tmp != '\0';
		tar_tmp[0] = '\0';
	}
	if (o.installer) {
		if (installer_write(tmp, path_basename(o.out), o.installer, tar_tmp, sizeof tar_tmp) < 0
		    || interrupted() || tar_commit(tar_tmp, o.installer) < 0) {
			zerr(o.installer, "%s", zwhy());
			goto out;
		}
		installer_made = *tar_tmp != '\0';
		tar_tmp[0] = '\0';
	}
	if (o.single) {
		const char *name = path_basename(o.out), *run = o.main_prog ? o.main_prog : single_main(tmp, name);
		if (!run || single_write(tmp, name, run, o.single, tar_tmp, sizeof tar_tmp) < 0 || interrupted()
		    || tar_commit(tar_tmp, o.single) < 0) {
			zerr(o.single, "%s", zwhy());
			goto out;
		}
		single_made = 1;
		tar_tmp[0] = '\0';
	}
	if (o.tar_only) {
		status = 0;
		if (!o.quiet) {
			const char *tree = o.out;
			o.out = named ? named : o.tar && strcmp(o.tar, "-") ? o.tar : "-";
			summary(&p, &o);
			o.out = tree;
		}
		goto out;	/* the tree goes with tmp */
	}
	if (outdir_commit(&o, tmp) < 0)
		goto out;
	tmp[0] = '\0';
	status = 0;
	if (!o.quiet)
		summary(&p, &o);
out:
	outdir_abort(tmp);
	if (*tar_tmp)
		unlink(tar_tmp);	/* ours, unfinished */
	if (status != 0 && tar_made)
		unlink(o.tar);	/* ours: no archive of a Zapp that is not there */
	if (status != 0 && installer_made)
		unlink(o.installer);
	if (status != 0 && single_made)
		unlink(o.single);
	if (interrupted())
		die_of_signal();
	plan_free(&p);
	strlist_free(&inputs);
	return options_done(&o, status);
}
