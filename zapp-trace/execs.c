/* zapp-trace/execs.c: what a successful exec brings in that the process
 * never opens itself: the program (as it was asked for and as the kernel
 * has it, /proc/PID/exe), the interpreters of #! lines, as many levels as
 * the kernel follows, and the ELF interpreter the kernel loaded
 * (PT_INTERP of the program, read with libelf).  Their real paths are
 * added with the list (pathset.c). */
#include "trace.h"
#include "zelf.h"

#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* the kernel follows #! four levels deep (BINPRM_MAX_RECURSION) */
#define MAX_SCRIPT_DEPTH 5

/* The interpreter named by the #! line of file, absolute (relative names
 * are the tracee's working directory's, as for the kernel): 0, or -1 when
 * the file has no #! line. */
static int script_interpreter(pid_t tid, const char *file, char *out, size_t len)
{
	char line[256], name[PATH_MAX];
	int fd = open(file, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return -1;
	ssize_t n = read(fd, line, sizeof line - 1);
	close(fd);
	if (n < 3 || line[0] != '#' || line[1] != '!')
		return -1;
	line[n] = '\0';
	char *s = line + 2;
	s += strspn(s, " \t");
	size_t l = strcspn(s, " \t\n");
	if (l == 0 || l >= sizeof name)
		return -1;
	memcpy(name, s, l);
	name[l] = '\0';
	return path_absolute(tid, AT_FDCWD, name, out, len);
}

void exec_record(pid_t tid, const char *asked)
{
	char file[PATH_MAX], interp[PATH_MAX], exe[64];
	if (asked)
		paths_used(asked);
	if (proc_link(tid, PROC_EXE, file, sizeof file) == 0)
		paths_used(file);
	snprintf(file, sizeof file, "%s", asked ? asked : "");
	for (int depth = 0; *file && depth < MAX_SCRIPT_DEPTH; depth++) {
		if (script_interpreter(tid, file, interp, sizeof interp) < 0)
			break;
		paths_used(interp);
		snprintf(file, sizeof file, "%s", interp);
	}
	/* the program the kernel runs in the end, whatever led to it */
	struct elf_info info;
	snprintf(exe, sizeof exe, "/proc/%d/exe", (int)tid);
	if (elf_info_read(exe, &info) < 0)
		return;
	if (info.interp && path_absolute(tid, AT_FDCWD, info.interp, interp, sizeof interp) == 0)
		paths_used(interp);
	elf_info_free(&info);
}
