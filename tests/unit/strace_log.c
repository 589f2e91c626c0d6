/* Unit tests: reading strace logs (zapp-assemble/strace_log.c), from lines
 * strace 6.1 wrote with -f, -ff -o, -t, -tt, -ttt, -r, -y and -yy. */
#include "../../zapp-assemble/strace_log.h"
#include "report.h"
#include "tap.h"

#include <stdlib.h>
#include <string.h>

/* The paths read from log, joined by '|'; NULL when it is refused. */
static const char *paths_of(const char *log)
{
	static char out[8192];
	struct strlist l = { 0 };
	FILE *f = fmemopen((void *)log, strlen(log), "r");
	int r = strace_log_read(f, "log", &l);
	fclose(f);
	out[0] = '\0';
	for (size_t i = 0; i < l.n; i++)
		snprintf(out + strlen(out), sizeof out - strlen(out), "%s%s", i ? "|" : "", l.v[i]);
	strlist_free(&l);
	return r < 0 ? NULL : out;
}

int main(void)
{
	zapp_prog = "strace_log";
	zapp_quiet = 1;
	is_str(paths_of("execve(\"/usr/bin/true\", [\"true\"], 0x7ffd58d13f20 /* 37 vars */) = 0\n"
			"openat(AT_FDCWD, \"/etc/ld.so.cache\", O_RDONLY|O_CLOEXEC) = 3\n"
			"openat(AT_FDCWD, \"/nonexist\", O_RDONLY) = -1 ENOENT (No such file or directory)\n"),
	       "/usr/bin/true|/etc/ld.so.cache", "plain lines: execve and openat that succeeded; a failed one left out");
	is_str(paths_of("2404  12:15:12.973018 execve(\"/usr/bin/sh\", [\"sh\", \"-c\", \"cat /etc/hostname >/dev/null; ls\"...], 0x7fff95008a78 /* 37 vars */) = 0\n"
			"2404  12:15:12.973930 openat(AT_FDCWD</tmp>, \"/etc/ld.so.cache\", O_RDONLY|O_CLOEXEC) = 3</etc/ld.so.cache>\n"
			"2404  12:15:12.974115 newfstatat(3</etc/ld.so.cache>, \"\", {st_mode=S_IFREG|0644, st_size=46879, ...}, AT_EMPTY_PATH) = 0\n"
			"2404  12:15:12.974388 openat(AT_FDCWD</tmp>, \"/lib/x86_64-linux-gnu/libc.so.6\", O_RDONLY|O_CLOEXEC) = 3</usr/lib/x86_64-linux-gnu/libc.so.6>\n"),
	       "/usr/bin/sh|/etc/ld.so.cache|/lib/x86_64-linux-gnu/libc.so.6",
	       "-f -o with -tt and -y: pid and time prefixes; a truncated argv string is no path");
	is_str(paths_of("[pid  2420] 12:15:12 openat(AT_FDCWD, \"/etc/passwd\", O_RDONLY) = 3\n"
			"1796127313.068971 (+     0.000000) execve(\"/usr/bin/true\", [\"true\"], 0x7ffd58d13f20 /* 37 vars */) = 0\n"
			"     0.000123 open(\"/etc/a\", O_RDONLY) = 4\n"
			"creat(\"/tmp/new\", 0644) = 5\n"),
	       "/etc/passwd|/usr/bin/true|/etc/a|/tmp/new", "[pid N], -t, -ttt with -r, -r alone; open and creat");
	is_str(paths_of("2418  openat(AT_FDCWD, \"/etc/passwd\", O_RDONLY <unfinished ...>\n"
			"2420  set_robust_list(0x7f7fb20a8a20, 24 <unfinished ...>\n"
			"2418  <... openat resumed>)              = 3\n"
			"2420  <... set_robust_list resumed>)    = 0\n"
			"2421  openat(AT_FDCWD, \"/etc/group\", O_RDONLY <unfinished ...>\n"
			"2421  <... openat resumed>)              = -1 EACCES (Permission denied)\n"
			"2422  <... openat resumed>)              = 3\n"),
	       "/etc/passwd", "<unfinished ...> and <... resumed> joined by pid; a failed one and a resumption without start left out");
	is_str(paths_of("openat(AT_FDCWD, \"/a\\\"b\\\\c\\n\\x41\\102\", O_RDONLY) = 3\n"),
	       "/a\"b\\c\nAB", "escapes: \\\" \\\\ \\n \\x41 \\102");
	is_str(paths_of("openat(AT_FDCWD, \"/usr/share/a-very-long-na\"..., O_RDONLY) = 3\n"
			"openat(AT_FDCWD, \"/ok\", O_RDONLY) = 3\n"),
	       "/ok", "a path cut by -s is skipped");
	is_str(paths_of("openat(AT_FDCWD, \"rel/x\", O_RDONLY) = 3\n"
			"openat(AT_FDCWD</home/u>, \"rel/y\", O_RDONLY) = 3</home/u/rel/y>\n"
			"openat(5</usr/lib/python3.11>, \"os.py\", O_RDONLY|O_CLOEXEC) = 6\n"
			"openat(AT_FDCWD, \"rel/z\", O_RDONLY) = 3</home/u/real/z>\n"
			"execve(\"./prog\", [\"./prog\"], 0x7ffd /* 1 var */) = 0\n"),
	       "/home/u/rel/y|/usr/lib/python3.11/os.py|/home/u/real/z",
	       "relative paths: through -y of the result or of the directory descriptor, else skipped");
	is_str(paths_of("openat2(AT_FDCWD, \"/etc/x\", {flags=O_RDONLY|O_CLOEXEC, mode=0, resolve=0}, 24) = 3\n"
			"execveat(3</usr/bin>, \"env\", [\"env\"], 0x7ffd /* 1 var */, 0) = 0\n"
			"execveat(3</usr/bin/env>, \"\", [\"env\"], 0x7ffd /* 1 var */, AT_EMPTY_PATH) = 0\n"
			"socket(AF_UNIX, SOCK_STREAM, 0) = 3<socket:[12345]>\n"
			"openat(AT_FDCWD, \"/dev/null\", O_RDONLY) = 3</dev/null<char 1:3>>\n"),
	       "/etc/x|/usr/bin/env|/dev/null", "openat2 and execveat; -yy decorations; an empty execveat path");
	is_str(paths_of("--- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=2419} ---\n"
			"+++ exited with 0 +++\n"
			"strace: Process 2419 attached\n"
			"execve(\"/bin/x\", [\"x\"], 0x1 /* 1 var */) = ?\n"
			"hello from the program itself\n"),
	       "", "signals, exits, attach lines and a program's own output name no file, but the log is strace's");
	ok(paths_of("this is not\nan strace log at all\n\x01\x02\n") == NULL, "garbage is refused");
	ok(paths_of("") == NULL, "an empty log is refused");
	ok(paths_of("openat(AT_FDCWD, \"/unterminated, O_RDONLY) = 3\n") == NULL, "an unterminated string is no call");
	return tap_done();
}
