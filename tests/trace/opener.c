/* tests/trace/opener.c: a program that uses files in every way zapp-trace
 * must see, for t4000.  opener all DIR | helper DIR | thread-exec DIR */
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *dir, *self;

static void use(const char *name)
{
	char p[4096];
	snprintf(p, sizeof p, "%s/%s", dir, name);
	int fd = open(p, O_RDONLY);
	if (fd < 0) {
		fprintf(stderr, "opener: %s: %s\n", p, strerror(errno));
		exit(1);
	}
	close(fd);
}

static void *thread_open(void *arg)
{
	(void)arg;
	use("thread.txt");
	return NULL;
}

static void *thread_exec(void *arg)
{
	char p[4096];
	(void)arg;
	snprintf(p, sizeof p, "%s/opener-link", dir);	/* a link: the name asked for counts */
	execl(p, p, "helper", dir, (char *)NULL);
	perror("opener: exec from a thread");
	exit(1);
}

static void run(char *const argv[])
{
	pid_t pid = fork();
	int st;
	if (pid == 0) {
		execv(argv[0], argv);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &st, 0) != pid || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		fprintf(stderr, "opener: %s failed\n", argv[0]);
		exit(1);
	}
}

int main(int argc, char **argv)
{
	char p[4096];
	struct stat st;
	if (argc != 3)
		return 2;
	self = argv[0];
	dir = argv[2];
	if (strcmp(argv[1], "helper") == 0) {
		use("helper.txt");
		return 0;
	}
	if (strcmp(argv[1], "thread-exec") == 0) {
		pthread_t t;
		pthread_create(&t, NULL, thread_exec, NULL);
		pthread_join(t, NULL);
		return 1;
	}
	use("abs.txt");					/* absolute */
	use("a dir/spaced name.txt");
	use("link.txt");				/* a symbolic link */
	snprintf(p, sizeof p, "%s/sub", dir);
	int d = open(p, O_RDONLY | O_DIRECTORY);	/* a directory */
	if (d < 0 || (close(openat(d, "viafd.txt", O_RDONLY)), 0))	/* via a dirfd */
		return 1;
	snprintf(p, sizeof p, "%s/sub/../sub/./dotted.txt", dir);
	close(open(p, O_RDONLY));
	snprintf(p, sizeof p, "%s/missing.txt", dir);
	if (open(p, O_RDONLY) >= 0)			/* fails */
		return 1;
	snprintf(p, sizeof p, "%s/stat.txt", dir);
	if (stat(p, &st) < 0)				/* looked at */
		return 1;
	snprintf(p, sizeof p, "%s/written.txt", dir);
	close(open(p, O_WRONLY | O_CREAT | O_TRUNC, 0644));	/* written, */
	close(open(p, O_RDONLY));			/* then read */
	snprintf(p, sizeof p, "%s/renamed.txt.tmp", dir);	/* written, renamed, read */
	close(open(p, O_WRONLY | O_CREAT | O_TRUNC, 0644));
	char q[4096];
	snprintf(q, sizeof q, "%s/renamed.txt", dir);
	if (rename(p, q) < 0)
		return 1;
	close(open(q, O_RDONLY));
	snprintf(p, sizeof p, "%s/created.txt", dir);	/* creat */
	close(creat(p, 0644));
	struct open_how how = { .flags = O_RDONLY, .resolve = RESOLVE_NO_MAGICLINKS };
	snprintf(p, sizeof p, "%s/openat2.txt", dir);	/* openat2 */
	long fd2 = syscall(SYS_openat2, AT_FDCWD, p, &how, sizeof how);
	if (fd2 < 0 && errno != ENOSYS)
		return 1;
	close((int)fd2);
	how.flags = O_WRONLY | O_CREAT;
	snprintf(p, sizeof p, "%s/openat2-written.txt", dir);
	close((int)syscall(SYS_openat2, AT_FDCWD, p, &how, sizeof how));
	snprintf(p, sizeof p, "%s/newline\nname.txt", dir);
	close(open(p, O_RDONLY));
	close(open("/proc/self/status", O_RDONLY));
	close(open("/dev/null", O_RDONLY));
	close(open("/tmp/zapp-t4000-tmpfile", O_RDONLY));
	if (chdir(dir) < 0 || chdir("sub") < 0)
		return 1;
	close(open("../rel-base.txt", O_RDONLY));	/* .. of the cwd */
	close(open("rel.txt", O_RDONLY));		/* relative to the cwd */
	pid_t pid = fork();				/* a child */
	if (pid == 0) {
		use("forked.txt");
		_exit(0);
	}
	waitpid(pid, NULL, 0);
	pid = vfork();					/* vfork, exec */
	if (pid == 0) {
		execl(self, self, "helper", dir, (char *)NULL);
		_exit(127);
	}
	waitpid(pid, NULL, 0);
	pthread_t t;					/* a thread */
	pthread_create(&t, NULL, thread_open, NULL);
	pthread_join(t, NULL);
	snprintf(p, sizeof p, "%s/outer.tool", dir);	/* #! of #! */
	run((char *[]){ p, (char *)dir, NULL });
	return 0;
}
