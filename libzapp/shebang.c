/* libzapp/shebang.c: the #! line as Linux reads it, and env -S's words
 * (shebang.h). */
#include "shebang.h"
#include "report.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int blank(unsigned char c)
{
	return c == ' ' || c == '\t';
}

/* the first index in [from, to] that is no blank, or -1 */
static int skip_blanks(const unsigned char *b, int from, int to)
{
	for (int i = from; i <= to; i++)
		if (!blank(b[i]))
			return i;
	return -1;
}

/* the first index in [from, to] that is a blank or a NUL, or -1 */
static int find_end(const unsigned char *b, int from, int to)
{
	for (int i = from; i <= to; i++)
		if (blank(b[i]) || !b[i])
			return i;
	return -1;
}

static void refuse(struct shebang *sb, const char *why)
{
	sb->kind = SHEBANG_REFUSED;
	sb->why = why;
}

void shebang_parse(const unsigned char *in, size_t n, struct shebang *sb)
{
	unsigned char b[SHEBANG_BUF];
	int end = -1, name, sep, arg = -1;
	memset(sb, 0, sizeof *sb);
	memset(b, 0, sizeof b);
	memcpy(b, in, n < sizeof b ? n : sizeof b);
	if (b[0] != '#' || b[1] != '!') {
		sb->kind = SHEBANG_NONE;
		return;
	}
	/* the newline, unless a NUL comes first */
	for (int i = 0; i < SHEBANG_BUF && b[i]; i++)
		if (b[i] == '\n') {
			end = i;
			break;
		}
	if (end < 0) {
		int first = skip_blanks(b, 2, SHEBANG_BUF - 1);
		if (first < 0)
			return refuse(sb, "its #! line is only blanks, with no newline in its first 256 bytes");
		if (find_end(b, first, SHEBANG_BUF - 1) < 0)
			return refuse(sb, "its #! line has no newline in its first 256 bytes, and its interpreter's path does not end within them");
		end = SHEBANG_BUF - 1;
		sb->cut = 1;
	}
	while (blank(b[end - 1]))
		end--;
	name = skip_blanks(b, 2, end);
	if (name < 0 || name == end || !b[name])
		return refuse(sb, "its #! line names no interpreter");
	sep = find_end(b, name, end);
	if (sep >= 0 && b[sep])
		arg = skip_blanks(b, sep, end);
	b[end] = '\0';
	if (sep >= 0)
		b[sep] = '\0';
	sb->kind = SHEBANG_SCRIPT;
	snprintf(sb->interp, sizeof sb->interp, "%s", (const char *)b + name);
	if (arg >= 0) {
		sb->has_arg = 1;
		snprintf(sb->arg, sizeof sb->arg, "%s", (const char *)b + arg);
	}
}

int shebang_read(const char *path, struct shebang *sb)
{
	unsigned char b[SHEBANG_BUF];
	size_t have = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	if (fd < 0)
		return zfail("cannot open: %s", strerror(errno));
	while (have < sizeof b) {
		ssize_t r = read(fd, b + have, sizeof b - have);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			int e = errno;
			close(fd);
			return zfail("cannot read: %s", strerror(e));
		}
		if (r == 0)
			break;
		have += (size_t)r;
	}
	close(fd);
	shebang_parse(b, have, sb);
	return 0;
}

int shebang_is_env(const struct shebang *sb)
{
	const char *slash = strrchr(sb->interp, '/');
	return sb->kind == SHEBANG_SCRIPT && strcmp(slash ? slash + 1 : sb->interp, "env") == 0;
}

/* env -S's string s split into words (see shebang.h). */
static int split_s(const char *s, struct strlist *words)
{
	char w[SHEBANG_BUF];
	size_t n = 0;
	int in_word = 0;
	for (;;) {
		char c = *s;
		if (!c || blank((unsigned char)c)) {
			if (in_word) {
				w[n] = '\0';
				if (strlist_push(words, w) < 0)
					return zfail("out of memory");
			}
			if (!c)
				return 0;
			in_word = 0;
			n = 0;
			s++;
			continue;
		}
		if (c == '#' && !in_word)
			return 0;	/* a comment: the rest is ignored */
		in_word = 1;
		if (c == '\'') {
			for (s++; *s && *s != '\''; s++)
				w[n++] = *s;
			if (!*s)
				return zfail("env -S: a ' is not closed");
			s++;
			continue;
		}
		if (c == '"') {
			for (s++; *s && *s != '"'; s++) {
				if (*s == '$')
					return zfail("env -S: a variable (${...}) is not supported");
				if (*s == '\\') {
					if (s[1] != '"' && s[1] != '\\' && s[1] != '$')
						return zfail("env -S: the escape \\%c inside \"...\" is not supported", s[1] ? s[1] : ' ');
					s++;
				}
				w[n++] = *s;
			}
			if (!*s)
				return zfail("env -S: a \" is not closed");
			s++;
			continue;
		}
		if (c == '$')
			return zfail("env -S: a variable (${...}) is not supported");
		if (c == '\\') {
			switch (s[1]) {
			case '\\': case '\'': case '"': case '#': case '$': w[n++] = s[1]; break;
			case '_': w[n++] = ' '; break;
			case 't': w[n++] = '\t'; break;
			case 'n': w[n++] = '\n'; break;
			default:
				return zfail("env -S: the escape \\%c is not supported", s[1] ? s[1] : ' ');
			}
			s += 2;
			continue;
		}
		w[n++] = c;
		s++;
	}
}

int shebang_env_words(const struct shebang *sb, struct strlist *words)
{
	const char *a = sb->arg;
	if (!sb->has_arg || !*a)
		return zfail("#!%s names no program for env to run", sb->interp);
	if (strncmp(a, "-S", 2) == 0) {
		a += 2;
		if (split_s(a, words) < 0)
			return -1;
		if (!words->n)
			return zfail("env -S: the string names no program");
	} else {
		if (a[0] == '-')
			return zfail("env option %s: only -S is supported", a);
		if (strpbrk(a, " \t"))
			return zfail("env looks for a program named '%s' (with the blanks): its arguments need -S", a);
		if (strlist_push(words, a) < 0)
			return zfail("out of memory");
	}
	if (words->v[0][0] == '-')
		return zfail("env option %s: only -S is supported", words->v[0]);
	if (strchr(words->v[0], '='))
		return zfail("env assignment %s: not supported", words->v[0]);
	if (strchr(words->v[0], '/'))
		return 0;	/* a path: env runs it as it is */
	return 0;
}

int shebang_is_module(const char *rel)
{
	static const char *const suffixes[] = { ".py", ".pm", ".pl", ".rb", ".tcl", ".lua", NULL };
	static const char *const dirs[] = { "bin", "sbin", "libexec", "games", NULL };
	const char *name = strrchr(rel, '/'), *dot;
	int module = 0;
	name = name ? name + 1 : rel;
	if (!(dot = strrchr(name, '.')))
		return 0;
	for (size_t i = 0; suffixes[i]; i++)
		if (strcmp(dot, suffixes[i]) == 0)
			module = 1;
	for (const char *s = rel; module && s < name; ) {
		size_t n = strcspn(s, "/");
		for (size_t i = 0; dirs[i]; i++)
			if (strlen(dirs[i]) == n && strncmp(s, dirs[i], n) == 0)
				return 0;
		s += n + 1;
	}
	return module;
}
