/* tests/jumploader/showme.c: the program the jumploader tests run inside a
 * Zapp.  It reports what a program can see of how it was started:
 *
 *   argc=N / argv[I]=... / exe=<readlink /proc/self/exe> / pid=N /
 *   comm=<contents of /proc/self/comm> / cwd=... / execfn=<AT_EXECFN> /
 *   at_base=<AT_BASE> / auxv=ok, when AT_PHDR, AT_PHENT, AT_PHNUM and
 *   AT_ENTRY describe this program (checked against __ehdr_start and
 *   _start), else auxv=bad and the values
 *
 * then acts on its arguments, in order:
 *   --env=FILE   write its environment to FILE, NUL-separated (like env -0)
 *   --cat        copy stdin to stdout
 *   --stderr=T   write T and a newline to stderr
 *   --run=CMD    run /bin/sh -c CMD and wait for it; its status is ours
 *   --maps       copy /proc/self/maps to stdout
 *   --fds        print fds=<the open file descriptors, in order>
 *   --segv       die of SIGSEGV
 *   --exit=N     exit with status N
 * Built as C (and as C++ through showme-cxx.cc) in every flavour the tests
 * need: PIE, non-PIE, static, static-pie, musl.
 */
#include <dirent.h>
#include <elf.h>
#include <link.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <sys/auxv.h>
#include <unistd.h>

extern char **environ;
extern const ElfW(Ehdr) __ehdr_start;	/* defined by the linker */
extern char _start[];			/* the C library's entry point */

static void check_auxv(void)
{
	const ElfW(Ehdr) *eh = &__ehdr_start;
	unsigned long phdr = (unsigned long)eh + eh->e_phoff;
	unsigned long entry = (unsigned long)_start;

	printf("execfn=%s\n", (const char *)getauxval(AT_EXECFN));
	printf("at_base=%#lx\n", getauxval(AT_BASE));
	if (getauxval(AT_PHDR) == phdr && getauxval(AT_PHNUM) == eh->e_phnum &&
	    getauxval(AT_PHENT) == sizeof(ElfW(Phdr)) &&
	    getauxval(AT_ENTRY) == entry)
		printf("auxv=ok\n");
	else
		printf("auxv=bad phdr=%#lx/%#lx phnum=%lu/%u phent=%lu entry=%#lx/%#lx\n",
		       getauxval(AT_PHDR), phdr, getauxval(AT_PHNUM),
		       (unsigned)eh->e_phnum, getauxval(AT_PHENT),
		       getauxval(AT_ENTRY), entry);
}

static void copy_fd(int from, int to)
{
	char buf[4096];
	ssize_t n;

	while ((n = read(from, buf, sizeof buf)) > 0)
		if (write(to, buf, (size_t)n) != n)
			exit(3);
}

static void cat_file(const char *path)
{
	FILE *f = fopen(path, "r");
	int c;

	if (!f) {
		perror(path);
		exit(2);
	}
	while ((c = getc(f)) != EOF)
		putchar(c);
	fclose(f);
}

int main(int argc, char **argv)
{
	char buf[4096];
	ssize_t n;
	int i;

	printf("argc=%d\n", argc);
	for (i = 0; i < argc; i++)
		printf("argv[%d]=%s\n", i, argv[i]);
	n = readlink("/proc/self/exe", buf, sizeof buf - 1);
	buf[n < 0 ? 0 : n] = '\0';
	printf("exe=%s\n", buf);
	printf("pid=%d\n", (int)getpid());
	printf("comm=");
	cat_file("/proc/self/comm");
	printf("cwd=%s\n", getcwd(buf, sizeof buf) ? buf : "?");
	check_auxv();
	fflush(stdout);

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!strncmp(a, "--env=", 6)) {
			FILE *f = fopen(a + 6, "w");
			char **e;

			if (!f) {
				perror(a + 6);
				return 2;
			}
			for (e = environ; *e; e++)
				fwrite(*e, 1, strlen(*e) + 1, f);
			if (fclose(f))
				return 2;
		} else if (!strcmp(a, "--cat")) {
			copy_fd(0, 1);
		} else if (!strncmp(a, "--stderr=", 9)) {
			fprintf(stderr, "%s\n", a + 9);
		} else if (!strncmp(a, "--run=", 6)) {
			pid_t pid = fork();
			int st;

			if (pid == 0) {
				execl("/bin/sh", "sh", "-c", a + 6, (char *)0);
				_exit(127);
			}
			if (pid < 0 || waitpid(pid, &st, 0) < 0)
				return 2;
			if (!WIFEXITED(st) || WEXITSTATUS(st))
				return WIFEXITED(st) ? WEXITSTATUS(st) : 128;
		} else if (!strcmp(a, "--maps")) {
			cat_file("/proc/self/maps");
			fflush(stdout);
		} else if (!strcmp(a, "--fds")) {
			DIR *d = opendir("/proc/self/fd");
			struct dirent *de;
			int fds[256], nfds = 0, j, k, skip;

			if (!d)
				return 2;
			skip = dirfd(d);
			while ((de = readdir(d)) && nfds < 256)
				if (de->d_name[0] != '.' && atoi(de->d_name) != skip)
					fds[nfds++] = atoi(de->d_name);
			closedir(d);
			for (j = 1; j < nfds; j++)	/* insertion sort */
				for (k = j; k > 0 && fds[k - 1] > fds[k]; k--) {
					int t = fds[k];
					fds[k] = fds[k - 1];
					fds[k - 1] = t;
				}
			printf("fds=");
			for (j = 0; j < nfds; j++)
				printf(j ? " %d" : "%d", fds[j]);
			printf("\n");
			fflush(stdout);
		} else if (!strcmp(a, "--segv")) {
			fflush(stdout);
			signal(SIGSEGV, SIG_DFL);
			raise(SIGSEGV);
			return 2;
		} else if (!strncmp(a, "--exit=", 7)) {
			fflush(stdout);
			return atoi(a + 7);
		}
	}
	fflush(stdout);
	return 0;
}
