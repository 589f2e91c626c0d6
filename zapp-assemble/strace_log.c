/* zapp-assemble/strace_log.c: reading strace's log of a run (--from-strace).
 *
 * A line of strace's log is
 *
 *	[PREFIX...] NAME(ARGS) = RESULT [DETAIL]
 *
 * PREFIX being any of: a pid ("1234 " with -f -o, "[pid  1234] " with -f
 * on a terminal), a time ("12:15:12 " -t, "12:15:12.973018 " -tt,
 * "1796127313.068971 " -ttt, "     0.000123 " -r, "(+     0.000528) " -r
 * with -t).  A call another process interrupted is split in two lines:
 * "NAME(ARGS <unfinished ...>", then, of the same pid, "<... NAME
 * resumed>ARGS) = RESULT".  Strings are C-quoted ("\n", "\"", "\\",
 * "\x1b", octal "\33"); one cut by -s ends in "..." after its quote.
 * With -y, a descriptor is followed by its path: "3</usr/lib>",
 * "AT_FDCWD</tmp>", and so is a result that is one ("= 3</etc/passwd>").
 * Other lines ("--- SIGCHLD ... ---", "+++ exited with 0 +++", "strace:
 * Process 12 attached") are strace's, but name no file; a line of none
 * of these shapes (a program's own output on the same terminal) is passed
 * over. */
#include "strace_log.h"
#include "report.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#define MAX_ARGS 6

struct arg {
	const char *text;	/* the raw argument */
	size_t len;
	char str[PATH_MAX];	/* a string argument, unquoted */
	int is_str, cut;	/* cut: truncated by -s, or longer than PATH_MAX */
	char fd_path[PATH_MAX];	/* a descriptor decorated by -y: its path */
};

/* The calls that name a file, and which argument does. */
static const struct {
	const char *name;
	int path_arg;		/* index of the path; the one before it is a dirfd when > 0 */
} calls[] = {
	{ "open", 0 }, { "creat", 0 }, { "execve", 0 },
	{ "openat", 1 }, { "openat2", 1 }, { "execveat", 1 },
};

/* One pending "<unfinished ...>" call per pid. */
struct pending {
	long pid;
	char *text;
};

struct reader {
	const char *name;
	size_t line;
	struct strlist *paths;
	struct pending *pend;
	size_t npend;
	size_t recognised;
};

/* Skip the prefixes of a line; the pid, or -1 when none. */
static const char *skip_prefixes(const char *s, long *pid)
{
	*pid = -1;
	for (;;) {
		while (*s == ' ')
			s++;
		if (strncmp(s, "[pid", 4) == 0) {
			char *end;
			long v = strtol(s + 4, &end, 10);
			if (*end != ']')
				return s;
			*pid = v;
			s = end + 1;
			continue;
		}
		if (strncmp(s, "(+", 2) == 0) {
			const char *e = strchr(s, ')');
			if (!e)
				return s;
			s = e + 1;
			continue;
		}
		if (isdigit((unsigned char)*s)) {
			const char *t = s;
			int dot = 0, colon = 0;
			while (isdigit((unsigned char)*t) || *t == '.' || *t == ':') {
				dot += *t == '.';
				colon += *t == ':';
				t++;
			}
			if (*t != ' ')
				return s;
			if (!dot && !colon && *pid < 0)
				*pid = strtol(s, NULL, 10);
			s = t;
			continue;
		}
		return s;
	}
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* A quoted string at s (s[0] == '"'): unquoted into a->str; the end,
 * past the closing quote and a "..." after it, or NULL when it does not
 * end on this line. */
static const char *read_string(const char *s, struct arg *a)
{
	size_t n = 0;
	s++;
	a->is_str = 1;
	while (*s && *s != '"') {
		int c = (unsigned char)*s++;
		if (c == '\\') {
			c = (unsigned char)*s++;
			switch (c) {
			case 'n': c = '\n'; break;
			case 't': c = '\t'; break;
			case 'r': c = '\r'; break;
			case 'v': c = '\v'; break;
			case 'f': c = '\f'; break;
			case 'a': c = '\a'; break;
			case 'b': c = '\b'; break;
			case 'e': c = 033; break;
			case 'x':
				if (hexval(s[0]) >= 0) {
					c = hexval(*s++);
					if (hexval(s[0]) >= 0)
						c = c * 16 + hexval(*s++);
				}
				break;
			case '\0':
				return NULL;
			default:
				if (c >= '0' && c <= '7') {
					c -= '0';
					for (int k = 0; k < 2 && *s >= '0' && *s <= '7'; k++)
						c = c * 8 + (*s++ - '0');
				}
				break;	/* \" \\ \' and the rest: the byte itself */
			}
		}
		if (c == 0 || n + 1 >= sizeof a->str)
			a->cut = 1;
		else
			a->str[n++] = (char)c;
	}
	if (*s != '"')
		return NULL;
	a->str[n] = '\0';
	s++;
	if (strncmp(s, "...", 3) == 0) {
		a->cut = 1;
		s += 3;
	}
	return s;
}

/* The -y decoration "<path>" at s: into out; past it, or s when none. */
static const char *read_fd_path(const char *s, char *out, size_t len)
{
	out[0] = '\0';
	if (*s != '<')
		return s;
	const char *e = strchr(s, '>');
	/* a path may hold '>': the decoration ends at the '>' before a
	 * delimiter of the argument list */
	while (e && e[1] && e[1] != ',' && e[1] != ')' && e[1] != ' ')
		e = strchr(e + 1, '>');
	if (!e)
		return s;
	size_t n = (size_t)(e - s - 1);
	if (n < len && s[1] == '/') {
		memcpy(out, s + 1, n);
		out[n] = '\0';
	}
	return e + 1;
}

/* An argument starting at s, empty (its buffers are not cleared: a long
 * log has many lines). */
static void arg_start(struct arg *a, const char *s)
{
	a->text = s;
	a->len = 0;
	a->is_str = a->cut = 0;
	a->str[0] = a->fd_path[0] = '\0';
}

/* The arguments of a call, from just after its '(': up to MAX_ARGS into
 * a; the end of the list (past ')'), or NULL when the line is no call. */
static const char *read_args(const char *s, struct arg *a, int *nargs)
{
	int depth = 0, n = 0;
	arg_start(&a[0], s);
	for (;;) {
		if (*s == '\0')
			return NULL;
		if (*s == '"') {
			static struct arg scratch;	/* a string of no interest */
			struct arg *into = depth == 0 && n < MAX_ARGS && !a[n].is_str && s == a[n].text ? &a[n] : &scratch;
			if (into == &scratch)
				arg_start(&scratch, s);
			if (!(s = read_string(s, into)))
				return NULL;
			continue;
		}
		if (*s == '<' && depth == 0 && n < MAX_ARGS) {
			const char *t = read_fd_path(s, a[n].fd_path, sizeof a[n].fd_path);
			s = t == s ? s + 1 : t;
			continue;
		}
		if (*s == '(' || *s == '[' || *s == '{')
			depth++;
		else if ((*s == ']' || *s == '}') && depth > 0)
			depth--;
		else if (*s == ')') {
			if (depth == 0) {
				if (n < MAX_ARGS)
					a[n].len = (size_t)(s - a[n].text);
				*nargs = n + (s != a[0].text);
				return s + 1;
			}
			depth--;
		} else if (*s == ',' && depth == 0) {
			if (n < MAX_ARGS)
				a[n].len = (size_t)(s - a[n].text);
			n++;
			s++;
			while (*s == ' ')
				s++;
			if (n < MAX_ARGS)
				arg_start(&a[n], s);
			continue;
		}
		s++;
	}
}

static void note(struct reader *r, const char *fmt, const char *what)
{
	char subject[PATH_MAX];
	snprintf(subject, sizeof subject, "%s:%zu", r->name, r->line);
	zwarn(subject, fmt, what);
}

/* A whole call: "NAME(ARGS) = RESULT...".  1 when it is one. */
static int take_call(struct reader *r, const char *s)
{
	struct arg a[MAX_ARGS];
	char name[32], result_path[PATH_MAX], full[PATH_MAX * 2];
	size_t k = 0;
	int nargs = 0;
	while ((isalnum((unsigned char)s[k]) || s[k] == '_') && k + 1 < sizeof name) {
		name[k] = s[k];
		k++;
	}
	name[k] = '\0';
	if (!k || s[k] != '(' || !isalpha((unsigned char)name[0]))
		return 0;
	const char *end = read_args(s + k + 1, a, &nargs);
	if (!end)
		return 0;
	while (*end == ' ')
		end++;
	if (*end != '=')
		return 0;
	end++;
	while (*end == ' ')
		end++;
	/* the call is strace's from here on */
	if (*end == '-' || *end == '?' || !isdigit((unsigned char)*end))
		return 1;	/* failed, or no result (a process that died in it) */
	while (isalnum((unsigned char)*end))
		end++;
	read_fd_path(end, result_path, sizeof result_path);
	for (size_t c = 0; c < sizeof calls / sizeof calls[0]; c++) {
		if (strcmp(calls[c].name, name) != 0)
			continue;
		int i = calls[c].path_arg;
		if (i >= nargs || !a[i].is_str)
			return 1;
		if (a[i].cut) {
			note(r, "skipped: the path in this %s was cut short by strace -s (trace again with -s 4096)", name);
			return 1;
		}
		const char *path = a[i].str;
		if (!*path)
			return 1;	/* execveat(fd, "", ..., AT_EMPTY_PATH) */
		if (path[0] == '/')
			snprintf(full, sizeof full, "%s", path);
		else if (result_path[0] && strncmp(name, "exec", 4) != 0)
			snprintf(full, sizeof full, "%s", result_path);
		else if (i > 0 && a[i - 1].fd_path[0])
			snprintf(full, sizeof full, "%s/%s", a[i - 1].fd_path, path);
		else {
			note(r, "skipped: the relative path '%s' has no directory to it (trace with strace -y)", path);
			return 1;
		}
		if (strlen(full) >= PATH_MAX) {
			note(r, "skipped: the path %s is too long", full);
			return 1;
		}
		if (strlist_push(r->paths, full) < 0)
			return zfail("out of memory");
		return 1;
	}
	return 1;
}

static struct pending *pending_of(struct reader *r, long pid)
{
	for (size_t i = 0; i < r->npend; i++)
		if (r->pend[i].pid == pid)
			return &r->pend[i];
	return NULL;
}

/* One line of the log: 1 strace's, 0 not, -1 out of memory. */
static int take_line(struct reader *r, const char *line)
{
	long pid;
	const char *s = skip_prefixes(line, &pid);
	size_t len = strlen(s);
	static const char unfinished[] = " <unfinished ...>";
	if (strncmp(s, "--- ", 4) == 0 || strncmp(s, "+++ ", 4) == 0 || strncmp(line, "strace: ", 8) == 0)
		return 1;
	if (strncmp(s, "<... ", 5) == 0) {
		/* "<... NAME resumed>REST": the call is the pending text + REST */
		const char *e = strstr(s, " resumed>");
		struct pending *pd = pending_of(r, pid);
		if (!e)
			return 0;
		if (!pd || !pd->text)
			return 1;	/* its start is not in this log (attached late) */
		size_t a = strlen(pd->text), b = strlen(e + 9);
		char *joined = malloc(a + b + 1);
		if (!joined)
			return zfail("out of memory");
		memcpy(joined, pd->text, a);
		memcpy(joined + a, e + 9, b + 1);
		free(pd->text);
		pd->text = NULL;
		int v = take_call(r, joined);
		free(joined);
		return v < 0 ? -1 : 1;
	}
	if (len > sizeof unfinished - 1 && strcmp(s + len - (sizeof unfinished - 1), unfinished) == 0) {
		const char *paren = strchr(s, '(');
		if (!paren || !isalpha((unsigned char)*s))
			return 0;
		struct pending *pd = pending_of(r, pid);
		if (!pd) {
			struct pending *v = realloc(r->pend, (r->npend + 1) * sizeof *v);
			if (!v)
				return zfail("out of memory");
			r->pend = v;
			pd = &r->pend[r->npend++];
			pd->pid = pid;
			pd->text = NULL;
		}
		free(pd->text);
		if (!(pd->text = strndup(s, len - (sizeof unfinished - 1))))
			return zfail("out of memory");
		return 1;
	}
	return take_call(r, s);
}

int strace_log_read(FILE *f, const char *name, struct strlist *paths)
{
	struct reader r = { .name = name, .paths = paths };
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int v = 0;
	while ((n = getline(&line, &cap, f)) >= 0) {
		r.line++;
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		if ((v = take_line(&r, line)) < 0)
			break;
		r.recognised += (size_t)v;
	}
	if (v >= 0 && ferror(f))
		v = zfail("cannot read: %s", strerror(errno));
	free(line);
	for (size_t i = 0; i < r.npend; i++)
		free(r.pend[i].text);
	free(r.pend);
	if (v < 0)
		return -1;
	if (!r.recognised)
		return zfail(r.line ? "not an strace log: no line of it is a system call strace reported"
				    : "not an strace log: it is empty");
	return 0;
}
