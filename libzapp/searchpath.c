/* libzapp/searchpath.c: search-path strings, ld.so.conf, path arithmetic. */
#include "searchpath.h"
#include "report.h"
#include "target.h"

#include <ctype.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int searchpath_next(const char **cursor, const char **entry, size_t *len)
{
	const char *p = *cursor;
	if (!p)
		return 0;
	*entry = p;
	*len = strcspn(p, ":");
	*cursor = p[*len] ? p + *len + 1 : NULL;
	return 1;
}

/* Does the token tok start the len bytes at s?  An unbraced name ends at
 * the first character that cannot be part of a name, as glibc's loader
 * reads it: "$ORIGINX" is not $ORIGIN. */
static size_t token_at(const char *s, size_t len, const char *tok)
{
	size_t l = strlen(tok);
	if (l > len || memcmp(s, tok, l) != 0)
		return 0;
	if (tok[l - 1] != '}' && l < len
	    && (isalnum((unsigned char)s[l]) || s[l] == '_'))
		return 0;
	return l;
}

size_t searchpath_is_origin(const char *entry, size_t len)
{
	static const char *const tokens[] = { "$ORIGIN", "${ORIGIN}", "XORIGIN" };
	for (size_t t = 0; t < 3; t++) {
		size_t l = token_at(entry, len, tokens[t]);
		if (l)
			return l;
	}
	return 0;
}

/* One entry, its origin tokens replaced: 0 pushed, 1 skipped (a token we
 * do not expand, or too long), -1 out of memory.  $ORIGIN may appear
 * anywhere in an entry, XORIGIN only at its start. */
static int expand_entry(const char *e, size_t len, const char *origin, struct strlist *dirs)
{
	char out[4096];
	size_t o = 0, ol = strlen(origin);
	for (size_t i = 0; i < len; ) {
		size_t tl = i == 0 ? searchpath_is_origin(e, len)
			: token_at(e + i, len - i, "$ORIGIN") + token_at(e + i, len - i, "${ORIGIN}");
		if (tl) {
			if (o + ol >= sizeof out)
				return 1;
			memcpy(out + o, origin, ol);
			o += ol;
			i += tl;
			continue;
		}
		if (e[i] == '$' || o + 1 >= sizeof out)
			return 1;	/* $LIB, $PLATFORM: not for us */
		out[o++] = e[i++];
	}
	out[o] = '\0';
	return strlist_push(dirs, out) < 0 ? -1 : 0;
}

int searchpath_expand(const char *value, const char *origin, struct strlist *dirs, int *skipped)
{
	int skip = 0;
	const char *e;
	size_t len;
	for (const char *c = value; searchpath_next(&c, &e, &len); ) {
		int r = len ? expand_entry(e, len, origin, dirs) : 1;
		if (r < 0)
			return zfail("out of memory");
		skip += r;
	}
	if (skipped)
		*skipped = skip;
	return 0;
}

int path_join_root(const char *root, const char *abs, char *out, size_t len)
{
	size_t rl = strlen(root), o = rl;
	if (rl + 2 > len)
		return -1;
	memcpy(out, root, rl);
	for (const char *p = abs; *p; ) {
		size_t l = strcspn(p, "/");
		if (l == 2 && p[0] == '.' && p[1] == '.') {
			while (o > rl && out[o - 1] != '/')
				o--;
			if (o > rl)
				o--;
		} else if (l && !(l == 1 && p[0] == '.')) {
			if (o + 1 + l + 1 > len)
				return -1;
			out[o++] = '/';
			memcpy(out + o, p, l);
			o += l;
		}
		p += l;
		while (*p == '/')
			p++;
	}
	if (o == rl)
		out[o++] = '/';
	out[o] = '\0';
	return 0;
}

/* The files read so far: each is read once, however often it is included
 * (a file that includes itself, or many includes of one file, would
 * otherwise cost exponential time). */
struct conf_seen {
	dev_t dev[256];
	ino_t ino[256];
	size_t n;
};

/* Open a configuration file: only a regular file, never a FIFO or device
 * (which could block or never end), and never twice. */
static FILE *open_conf(const char *path, struct conf_seen *seen)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || seen->n == 256)
		goto skip;
	for (size_t i = 0; i < seen->n; i++)
		if (seen->dev[i] == st.st_dev && seen->ino[i] == st.st_ino)
			goto skip;
	seen->dev[seen->n] = st.st_dev;
	seen->ino[seen->n++] = st.st_ino;
	FILE *f = fdopen(fd, "r");
	if (f)
		return f;
skip:
	close(fd);
	return NULL;
}

/* Read file (an absolute path inside root, normalised) and what it
 * includes; a relative include is relative to the including file's
 * directory, as ldconfig reads it. */
static void read_conf(const char *root, const char *file, struct strlist *dirs,
		      struct conf_seen *seen, int depth)
{
	char path[4096], line[4096];
	FILE *f;
	if (depth > 8 || path_join_root(root, file, path, sizeof path) < 0 || !(f = open_conf(path, seen)))
		return;
	while (fgets(line, sizeof line, f)) {
		char *s = line, *end;
		line[strcspn(line, "#\n")] = '\0';
		while (*s == ' ' || *s == '\t')
			s++;
		end = s + strlen(s);
		while (end > s && (end[-1] == ' ' || end[-1] == '\t'))
			*--end = '\0';
		if (!*s)
			continue;
		if (strncmp(s, "include", 7) == 0 && (s[7] == ' ' || s[7] == '\t')) {
			char abs[4096], pattern[4096];
			glob_t g;
			s += 8;
			while (*s == ' ' || *s == '\t')
				s++;
			if (*s == '/')
				snprintf(abs, sizeof abs, "%s", s);
			else
				snprintf(abs, sizeof abs, "%.*s/%s",
					 (int)(strrchr(file, '/') - file), file, s);
			if (path_join_root(root, abs, pattern, sizeof pattern) < 0)
				continue;
			if (glob(pattern, 0, NULL, &g) == 0) {
				size_t rl = strlen(root);
				for (size_t i = 0; i < g.gl_pathc; i++)
					if (strncmp(g.gl_pathv[i], root, rl) == 0)
						read_conf(root, g.gl_pathv[i] + rl, dirs, seen, depth + 1);
				globfree(&g);
			}
			continue;
		}
		if (*s != '/')
			continue;	/* hwcap lines and junk */
		if (path_join_root(root, s, path, sizeof path) == 0 && !strlist_contains(dirs, path))
			strlist_push(dirs, path);
	}
	fclose(f);
}

int searchpath_system(const char *root, struct strlist *dirs)
{
	const struct target *t = target_zapp();
	char multi[64], umulti[80], word[16], uword[24];
	snprintf(multi, sizeof multi, "/lib/%s", t->triplet);
	snprintf(umulti, sizeof umulti, "/usr/lib/%s", t->triplet);
	snprintf(word, sizeof word, "/%s", t->wordlib);
	snprintf(uword, sizeof uword, "/usr/%s", t->wordlib);
	const char *const defaults[] = { multi, umulti, word, uword, "/lib", "/usr/lib", NULL };
	char path[4096];
	if (strcmp(root, "/") == 0)
		root = "";
	struct conf_seen seen = { .n = 0 };
	read_conf(root, "/etc/ld.so.conf", dirs, &seen, 0);
	for (const char *const *d = defaults; *d; d++) {
		snprintf(path, sizeof path, "%s%s", root, *d);
		if (!strlist_contains(dirs, path) && strlist_push(dirs, path) < 0)
			return zfail("out of memory");
	}
	return 0;
}

/* musl's default search path (dynlink.c's sys_path when there is no path
 * file), and where its path file is, after the loader's prefix. */
static const char musl_default_path[] = "/lib:/usr/local/lib:/usr/lib";
static const char musl_path_file[] = "/etc/ld-musl-%.*s.path";

/* Push each entry of the search path value (':' separated) inside root. */
static int push_entries(const char *root, const char *value, struct strlist *dirs)
{
	const char *e;
	size_t len;
	char entry[4096], path[4096];
	for (const char *c = value; searchpath_next(&c, &e, &len); ) {
		if (!len || e[0] != '/' || len >= sizeof entry)
			continue;	/* empty, or relative to the working directory */
		memcpy(entry, e, len);
		entry[len] = '\0';
		if (path_join_root(root, entry, path, sizeof path) == 0 && !strlist_contains(dirs, path)
		    && strlist_push(dirs, path) < 0)
			return zfail("out of memory");
	}
	return 0;
}

int searchpath_musl(const char *root, const char *interp, struct strlist *dirs)
{
	const char *base = path_basename(interp), *arch = base + 8;
	size_t alen = strlen(base);
	char file[4096], path[4096];
	if (strcmp(root, "/") == 0)
		root = "";
	if (strncmp(base, "ld-musl-", 8) != 0 || alen < 8 + 5 || strcmp(base + alen - 5, ".so.1") != 0)
		return zfail("%s: not the name of musl's loader", interp);
	alen -= 8 + 5;
	/* the prefix: interp up to the slash before its directory's */
	size_t prefix = 0;
	if (interp[0] == '/') {
		size_t t = 0;
		for (size_t i = 0; interp[i]; i++)
			if (interp[i] == '/') {
				prefix = t;
				t = i;
			}
	}
	snprintf(file, sizeof file, "%.*s", (int)prefix, interp);
	snprintf(file + strlen(file), sizeof file - strlen(file), musl_path_file, (int)alen, arch);
	if (path_join_root(root, file, path, sizeof path) < 0)
		return zfail("%s: path too long", file);
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	if (fd < 0)
		return errno == ENOENT ? push_entries(root, musl_default_path, dirs) : 0;
	struct stat st;
	char *text = NULL;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size < (1 << 20)
	    && (text = malloc((size_t)st.st_size + 1))) {
		ssize_t n = read(fd, text, (size_t)st.st_size);
		text[n > 0 ? n : 0] = '\0';
		for (char *c = text; (c = strchr(c, '\n')); )
			*c = ':';
	}
	close(fd);
	int r = text ? push_entries(root, text, dirs) : 0;
	free(text);
	return r;
}

int path_normalize(const char *in, char *out, size_t len)
{
	size_t o = 0;
	if (len == 0)
		return -1;
	out[0] = '\0';
	for (const char *p = in; *p; ) {
		size_t l = strcspn(p, "/");
		if (l == 0 || (l == 1 && p[0] == '.')) {
			/* skip */
		} else if (l == 2 && p[0] == '.' && p[1] == '.') {
			if (o == 0)
				return -1;
			while (o > 0 && out[o - 1] != '/')
				o--;
			if (o > 0)
				o--;
			out[o] = '\0';
		} else {
			if (o + (o ? 1 : 0) + l + 1 > len)
				return -1;
			if (o)
				out[o++] = '/';
			memcpy(out + o, p, l);
			o += l;
			out[o] = '\0';
		}
		p += l;
		while (*p == '/')
			p++;
	}
	if (o == 0) {
		if (len < 2)
			return -1;
		strcpy(out, ".");
	}
	return 0;
}

int path_relative(const char *from_dir, const char *to, char *out, size_t len)
{
	char a[4096], b[4096];
	if (path_normalize(from_dir, a, sizeof a) < 0 || path_normalize(to, b, sizeof b) < 0)
		return -1;
	const char *pa = strcmp(a, ".") ? a : "", *pb = strcmp(b, ".") ? b : "";
	/* common leading components */
	size_t i = 0, common = 0;
	for (;; i++) {
		int ea = pa[i] == '\0' || pa[i] == '/', eb = pb[i] == '\0' || pb[i] == '/';
		if (ea && eb)
			common = i;
		if (pa[i] != pb[i] || !pa[i])
			break;
	}
	if (!pa[i] && !pb[i])
		common = i;
	const char *ra = pa + common, *rb = pb + common;
	while (*ra == '/')
		ra++;
	while (*rb == '/')
		rb++;
	size_t o = 0;
	out[0] = '\0';
	for (const char *p = ra; *p; ) {
		if (o + 4 > len)
			return -1;
		memcpy(out + o, o ? "/.." : "..", o ? 3 : 2);
		o += o ? 3 : 2;
		p += strcspn(p, "/");
		while (*p == '/')
			p++;
	}
	if (*rb) {
		if (o + 1 + strlen(rb) + 1 > len)
			return -1;
		if (o)
			out[o++] = '/';
		strcpy(out + o, rb);
		o += strlen(rb);
	}
	if (o == 0) {
		if (len < 2)
			return -1;
		strcpy(out, ".");
	} else {
		out[o] = '\0';
	}
	return 0;
}

const char *path_under(const char *path, const char *dir)
{
	size_t l = strlen(dir);
	while (l > 0 && dir[l - 1] == '/')
		l--;	/* "/" itself, or a trailing slash */
	if (strncmp(path, dir, l) != 0 || (path[l] != '/' && path[l] != '\0'))
		return NULL;
	while (path[l] == '/')
		l++;
	return path + l;
}

const char *path_basename(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

void path_dirname(const char *in, char *out, size_t len)
{
	const char *slash = strrchr(in, '/');
	if (!slash) {
		snprintf(out, len, ".");
		return;
	}
	snprintf(out, len, "%.*s", (int)(slash - in), in);
}
