/* zapp-assemble/dpkg_db.c: dpkg's database, read as files: no dpkg
 * process is run.
 *
 * /var/lib/dpkg/info/PKG.list (PKG:ARCH.list for a package of a foreign
 * or "same" multi-arch) holds the paths a package installed, directories
 * too, one a line.  /var/lib/dpkg/diversions holds triples of lines: a
 * path, where the file of that path is moved to, and the package that
 * moved it (":" a local diversion): a package other than that one that
 * lists the path has its file at the second place.
 *
 * Finding the owners.  The answer is that of reading every list: a list
 * is an owner's when one of its lines, diverted, is one of an input's
 * names.  Reading the 890 lists of a desktop costs some 15 ms; most
 * programs are found in one list their names suggest (nmap in nmap.list,
 * git-upload-pack in git.list, python3.11 in python3.11-minimal.list).
 * Those are read first, and their answer is taken only when dpkg's own
 * rule says no other list can hold the names: a path that is not a
 * directory belongs to the instances of one package (one PKG.list, or the
 * PKG:ARCH.list of a Multi-Arch: same package, all of which are then
 * read), so a name found in a list is no other package's, and neither is
 * a name of the same directory entry (/bin/x on a merged /usr, where dpkg
 * lists /usr/bin/x; the directories compared by device and inode).  Every
 * name of every input must be accounted for so, none may be a diversion's
 * (whose path two packages list) or hold a newline, and a list that
 * cannot be read ends the guess: otherwise every list is read, as before.
 * The one database where the two answers could differ is one in which
 * dpkg's rule does not hold: two packages listing one file under two
 * names (/bin/x and /usr/bin/x, two paths to dpkg), which Debian forbids
 * and dpkg cannot keep apart either (removing one removes the other's). */
#include "dpkg_db.h"
#include "report.h"
#include "searchpath.h"

#include <ctype.h>
#include <dirent.h>
#include <fcntl.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct diversion {
	char *from, *to, *by;
};

struct db {
	const char *root;
	char info[PATH_MAX + 16];
	struct diversion *dv;
	size_t ndv;
	struct strlist *names;	/* the names of each input */
	size_t n;
	char *owned;		/* each input: an owner was found */
	char *buf;		/* the file last read, NUL-terminated */
	size_t cap, len;	/* len: up to the first NUL, as lines are read */
};

/* dpkg's name of the architecture zapp runs on: a list PKG:ARCH.list of
 * this one is tried by name; another is found by the full scan. */
static const char native_arch[] =
#if defined(__x86_64__) && defined(__ILP32__)
	"x32";
#elif defined(__x86_64__)
	"amd64";
#elif defined(__i386__)
	"i386";
#elif defined(__aarch64__)
	"arm64";
#elif defined(__arm__)
	"armhf";
#elif defined(__riscv) && __riscv_xlen == 64
	"riscv64";
#elif defined(__powerpc64__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	"ppc64el";
#elif defined(__s390x__)
	"s390x";
#else
	"";
#endif

/* The whole file path into db->buf with one read (short reads continued),
 * as long as it was when opened; 0, or -1 with errno. */
static int read_file(struct db *db, const char *path)
{
	struct stat st;
	size_t n = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK), e = 0;
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) < 0)
		e = errno;
	else if (!S_ISREG(st.st_mode))
		e = EINVAL;
	else if ((size_t)st.st_size + 1 > db->cap) {
		char *b = realloc(db->buf, (size_t)st.st_size + 1);
		if (!b)
			e = ENOMEM;
		else {
			db->buf = b;
			db->cap = (size_t)st.st_size + 1;
		}
	}
	while (!e && n < (size_t)st.st_size) {
		ssize_t r = read(fd, db->buf + n, (size_t)st.st_size - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			e = errno;
		if (r <= 0)
			break;		/* an error, or shorter than it was */
		n += (size_t)r;
	}
	close(fd);
	if (e) {
		errno = e;
		return -1;
	}
	db->buf[n] = '\0';
	db->len = strlen(db->buf);
	return 0;
}

/* Does buf hold line as one of its lines? */
static int holds_line(const char *buf, size_t size, const char *line)
{
	size_t l = strlen(line);
	for (const char *s = buf; (s = memmem(s, size - (size_t)(s - buf), line, l)); s++)
		if ((s == buf || s[-1] == '\n') && (s[l] == '\n' || s[l] == '\0'))
			return 1;
	return 0;
}

/* The next line of db->buf at or after *at (empty lines skipped), copied
 * into line, or NULL at the end.  A line too long for any path is cut:
 * it names nothing. */
static const char *next_line(const struct db *db, size_t *at, char *line, size_t size)
{
	const char *b = db->buf;
	while (*at < db->len && b[*at] == '\n')
		(*at)++;
	if (*at >= db->len)
		return NULL;
	const char *s = b + *at, *e = memchr(s, '\n', db->len - *at);
	size_t l = e ? (size_t)(e - s) : db->len - *at;
	*at += l;
	snprintf(line, size, "%.*s", (int)(l < size ? l : size - 1), s);
	return line;
}

static int read_diversions(struct db *db, const char *dbdir)
{
	char path[PATH_MAX + 16], a[PATH_MAX * 2], b[PATH_MAX * 2], c[PATH_MAX * 2];
	size_t at = 0;
	snprintf(path, sizeof path, "%s/diversions", dbdir);
	if (read_file(db, path) < 0)
		return errno == ENOENT ? 0 : zfail("cannot read %s: %s", path, strerror(errno));
	while (next_line(db, &at, a, sizeof a) && next_line(db, &at, b, sizeof b) && next_line(db, &at, c, sizeof c)) {
		struct diversion *v = realloc(db->dv, (db->ndv + 1) * sizeof *v);
		if (!v)
			return zfail("out of memory");
		db->dv = v;
		v += db->ndv;
		v->from = strdup(a);
		v->to = strdup(b);
		v->by = strdup(c);
		db->ndv++;
		if (!v->from || !v->to || !v->by)
			return zfail("out of memory");
	}
	return 0;
}

/* Where the file package pkg lists as path is. */
static const char *diverted(const struct db *db, const char *path, const char *pkg)
{
	for (size_t i = 0; i < db->ndv; i++)
		if (strcmp(db->dv[i].from, path) == 0) {
			size_t l = strcspn(pkg, ":");
			if (strlen(db->dv[i].by) == l && strncmp(db->dv[i].by, pkg, l) == 0)
				return path;
			return db->dv[i].to;
		}
	return path;
}

/* The names path is known by in the database: as given and real, inside
 * root, with and without /usr. */
static int names_of(const char *root, const char *path, struct strlist *names)
{
	char real[PATH_MAX], alt[PATH_MAX + 8];
	const char *forms[2] = { path, realpath(path, real) ? real : NULL };
	for (int k = 0; k < 2; k++) {
		const char *in = forms[k];
		if (!in)
			continue;
		if (*root) {
			const char *under = path_under(in, root);
			if (!under)
				continue;
			snprintf(alt, sizeof alt, "/%s", under);
			in = alt[1] ? strdup(alt) : NULL;
			if (!in)
				continue;
		}
		char usr[PATH_MAX + 8];
		if (strncmp(in, "/usr/", 5) == 0)
			snprintf(usr, sizeof usr, "%s", in + 4);
		else
			snprintf(usr, sizeof usr, "/usr%s", in);
		int bad = (!strlist_contains(names, in) && strlist_push(names, in) < 0)
			  || (!strlist_contains(names, usr) && strlist_push(names, usr) < 0);
		if (*root)
			free((char *)in);
		if (bad)
			return zfail("out of memory");
	}
	return 0;
}

static int push_once(struct strlist *l, const char *s)
{
	return strlist_contains(l, s) || strlist_push(l, s) == 0 ? 0 : zfail("out of memory");
}

/* The list info/fn (PKG.list), read: when one of its lines, diverted,
 * is a name of an input, PKG is pushed onto pkgs and every path it lists
 * onto files. */
static int take_list(struct db *db, const char *fn, struct strlist *pkgs, struct strlist *files)
{
	char path[PATH_MAX * 2], pkg[NAME_MAX + 1], line[PATH_MAX * 2];
	size_t fl = strlen(fn), at = 0;
	int mine = 0, maybe = 0;
	snprintf(pkg, sizeof pkg, "%.*s", (int)(fl - 5), fn);
	snprintf(path, sizeof path, "%s/%s", db->info, fn);
	if (read_file(db, path) < 0)
		return zfail("cannot read %s: %s", path, strerror(errno));
	/* most lists hold none of the names: only those that do are read
	 * line by line */
	for (size_t i = 0; i < db->n && !maybe; i++)
		for (size_t m = 0; m < db->names[i].n && !maybe; m++)
			maybe = holds_line(db->buf, db->len, db->names[i].v[m]);
	while (maybe && next_line(db, &at, line, sizeof line)) {
		const char *to = diverted(db, line, pkg);
		for (size_t i = 0; i < db->n; i++)
			if (strlist_contains(&db->names[i], to))
				mine = db->owned[i] = 1;
	}
	if (!mine)
		return 0;
	if (push_once(pkgs, pkg) < 0)
		return -1;
	for (at = 0; next_line(db, &at, line, sizeof line); ) {
		const char *to = diverted(db, line, pkg);
		char full[PATH_MAX * 3];
		if (line[0] != '/' || strcmp(line, "/.") == 0 || strlen(db->root) + strlen(to) >= PATH_MAX)
			continue;
		snprintf(full, sizeof full, "%s%s", db->root, to);
		if (strlist_push(files, full) < 0)
			return zfail("out of memory");
	}
	return 0;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static int by_string(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every list, in the order of their names. */
static int scan_all(struct db *db, struct strlist *pkgs, struct strlist *files)
{
	struct dirent **ent = NULL;
	int nent = scandir(db->info, &ent, NULL, by_name), r = 0;
	if (nent < 0)
		return zfail("cannot read the dpkg database %s: %s", db->info, strerror(errno));
	for (int k = 0; k < nent; k++) {
		const char *fn = ent[k]->d_name;
		size_t fl = strlen(fn);
		if (r == 0 && fl >= 6 && strcmp(fn + fl - 5, ".list") == 0)
			r = take_list(db, fn, pkgs, files);
		free(ent[k]);
	}
	free(ent);
	return r;
}

/* --- the guess ------------------------------------------------------ */

/* Could word be a Debian package's name (lower case letters, digits,
 * + - ., two at least, beginning with a letter or digit)? */
static int package_name(const char *w)
{
	if (strlen(w) < 2 || strlen(w) > NAME_MAX - 16 || !(islower((unsigned char)*w) || isdigit((unsigned char)*w)))
		return 0;
	for (const char *s = w; *s; s++)
		if (!islower((unsigned char)*s) && !isdigit((unsigned char)*s) && !strchr("+-.", *s))
			return 0;
	return 1;
}

static int push_word(struct strlist *c, const char *w, size_t l, const char *suffix)
{
	char s[NAME_MAX + 1];
	snprintf(s, sizeof s, "%.*s%s", (int)l, w, suffix);
	for (char *p = s; *p; p++)
		*p = *p == '_' ? '-' : (char)tolower((unsigned char)*p);
	return !package_name(s) ? 0 : push_once(c, s);
}

/* The package names a word suggests: itself, each prefix that ends
 * before a '-', '.' or '_' (dpkg-deb: dpkg; git-core: git; python3.11:
 * python3), the same after a "-linux-gnu" triplet (x86_64-linux-gnu-gcc-12:
 * gcc-12), and those with the suffixes packages of programs often
 * have. */
static int words_of(struct strlist *c, const char *w)
{
	static const char *const suffixes[] = { "-minimal", "-bin", "-utils", "-tools", "-common", "-core", "-client" };
	const char *t = strstr(w, "-linux-gnu");
	if (t && (t = strchr(t + 10, '-')) && t[1] && words_of(c, t + 1) < 0)
		return -1;
	size_t l = strlen(w), from = c->n;
	for (size_t k = l; k > 0; k--)
		if ((k == l || strchr("-._", w[k])) && push_word(c, w, k, "") < 0)
			return -1;
	for (size_t j = 0, to = c->n; j < sizeof suffixes / sizeof *suffixes; j++)
		for (size_t k = from; k < to; k++)
			if (push_word(c, c->v[k], strlen(c->v[k]), suffixes[j]) < 0)
				return -1;
	return 0;
}

/* Do the names a and b (inside root) name one directory entry? */
static int same_entry(const char *root, const char *a, const char *b)
{
	const char *sa = strrchr(a, '/'), *sb = strrchr(b, '/');
	char da[PATH_MAX * 2], dbuf[PATH_MAX * 2];
	struct stat x, y;
	if (!sa || !sb || strcmp(sa, sb) != 0)
		return 0;
	snprintf(da, sizeof da, "%s%.*s/", root, (int)(sa - a), a);
	snprintf(dbuf, sizeof dbuf, "%s%.*s/", root, (int)(sb - b), b);
	return stat(da, &x) == 0 && stat(dbuf, &y) == 0 && x.st_dev == y.st_dev && x.st_ino == y.st_ino;
}

/* Is each name of input i a name found, or a name of its entry? */
static int accounted(const struct db *db, size_t i, const struct strlist *found)
{
	for (size_t m = 0; m < db->names[i].n; m++) {
		const char *name = db->names[i].v[m];
		int ok = strlist_contains(found, name);
		for (size_t f = 0; !ok && f < found->n; f++)
			ok = same_entry(db->root, name, found->v[f]);
		if (!ok)
			return 0;
	}
	return 1;
}

/* The lists info/PKG:*.list of the instances of a Multi-Arch: same
 * package, onto lists. */
static int instances(struct db *db, const char *pkg, struct strlist *lists)
{
	size_t l = strcspn(pkg, ":");
	DIR *d = opendir(db->info);
	struct dirent *e;
	int r = 0;
	if (!d)
		return -1;
	while (r == 0 && (e = readdir(d))) {
		size_t fl = strlen(e->d_name);
		if (fl > l + 6 && strncmp(e->d_name, pkg, l) == 0 && e->d_name[l] == ':'
		    && strcmp(e->d_name + fl - 5, ".list") == 0)
			r = push_once(lists, e->d_name);
	}
	closedir(d);
	return r;
}

/* Tries the list info/fn for input i: the names it holds onto found, fn
 * onto lists when it holds one.  0, or -1 when the guess must end. */
static int try_list(struct db *db, size_t i, const char *fn, struct strlist *found, struct strlist *lists)
{
	char path[PATH_MAX * 2];
	size_t was = found->n;
	snprintf(path, sizeof path, "%s/%s", db->info, fn);
	if (read_file(db, path) < 0)
		return errno == ENOENT ? 0 : -1;
	for (size_t m = 0; m < db->names[i].n; m++)
		if (holds_line(db->buf, db->len, db->names[i].v[m]) && push_once(found, db->names[i].v[m]) < 0)
			return -1;
	if (found->n == was)
		return 0;
	if (push_once(lists, fn) < 0)
		return -1;
	return strchr(fn, ':') ? instances(db, fn, lists) : 0;
}

/* The lists that hold the names of input i, when the lists its names
 * suggest account for all of them: 1, else 0. */
static int guess_input(struct db *db, size_t i, struct strlist *lists)
{
	const struct strlist *names = &db->names[i];
	struct strlist words = { 0 }, found = { 0 };
	int r = 0;
	for (size_t m = 0; m < names->n; m++) {
		if (strchr(names->v[m], '\n'))
			return 0;	/* no line is such a name: holds_line would see one */
		for (size_t d = 0; d < db->ndv; d++)
			if (strcmp(names->v[m], db->dv[d].from) == 0 || strcmp(names->v[m], db->dv[d].to) == 0)
				return 0;
	}
	for (size_t m = 0; m < names->n; m++) {
		const char *name = names->v[m], *base = strrchr(name, '/');
		if (!base || words_of(&words, base + 1) < 0)
			goto out;
	}
	/* then the directories the program lies in: git-core, llvm-14 */
	for (size_t m = 0; m < names->n; m++)
		for (const char *dir = names->v[m] + 1, *end; (end = strchr(dir, '/')); dir = end + 1) {
			static const char *const common[] = { "bin", "games", "lib", "lib32", "lib64", "libexec",
							      "libx32", "local", "sbin", "share", "usr" };
			char w[NAME_MAX + 1];
			int skip = (size_t)(end - dir) >= sizeof w || memmem(dir, (size_t)(end - dir), "-linux-gnu", 10);
			snprintf(w, sizeof w, "%.*s", (int)(end - dir), dir);
			for (size_t k = 0; k < sizeof common / sizeof *common && !skip; k++)
				skip = strcmp(w, common[k]) == 0;
			if (!skip && words_of(&words, w) < 0)
				goto out;
		}
	for (size_t k = 0; k < 2 * words.n && !r; k++) {
		char fn[NAME_MAX + 1];
		if (k % 2 && !*native_arch)
			continue;
		snprintf(fn, sizeof fn, k % 2 ? "%s:%s.list" : "%s.list", words.v[k / 2], native_arch);
		size_t was = found.n;
		if (try_list(db, i, fn, &found, lists) < 0)
			goto out;
		r = found.n > was && accounted(db, i, &found);
	}
out:
	strlist_free(&words);
	strlist_free(&found);
	return r;
}

/* The owners' lists, in the order of their names, when the guess finds
 * them for every input: 1, else 0. */
static int guess(struct db *db, struct strlist *pkgs, struct strlist *files)
{
	struct strlist lists = { 0 };
	int r = 1;
	for (size_t i = 0; i < db->n && r == 1; i++)
		r = guess_input(db, i, &lists);
	if (r == 1) {
		qsort(lists.v, lists.n, sizeof *lists.v, by_string);
		for (size_t k = 0; k < lists.n && r == 1; k++)
			if (take_list(db, lists.v[k], pkgs, files) < 0)
				r = -1;
	}
	strlist_free(&lists);
	return r;
}

int dpkg_owned_files(const char *root, char *const *paths, size_t n, struct strlist *pkgs,
		     struct strlist *files, struct strlist *unowned)
{
	char dbdir[PATH_MAX];
	struct db db = { .root = root, .n = n };
	int r = -1;
	db.names = calloc(n ? n : 1, sizeof *db.names);
	db.owned = calloc(n ? n : 1, 1);
	if (!db.names || !db.owned) {
		zfail("out of memory");
		goto out;
	}
	snprintf(dbdir, sizeof dbdir, "%s/var/lib/dpkg", root);
	snprintf(db.info, sizeof db.info, "%s/info", dbdir);
	for (size_t i = 0; i < n; i++)
		if (names_of(root, paths[i], &db.names[i]) < 0)
			goto out;
	if (read_diversions(&db, dbdir) < 0)
		goto out;
	/* a file moved by a diversion is listed by its first name */
	for (size_t i = 0; i < n; i++)
		for (size_t d = 0; d < db.ndv; d++)
			if (strlist_contains(&db.names[i], db.dv[d].to) && !strlist_contains(&db.names[i], db.dv[d].from)
			    && strlist_push(&db.names[i], db.dv[d].from) < 0) {
				zfail("out of memory");
				goto out;
			}
	int g = guess(&db, pkgs, files);
	if (g < 0 || (g == 0 && scan_all(&db, pkgs, files) < 0))
		goto out;
	for (size_t i = 0; i < n; i++)
		if (!db.owned[i] && strlist_push(unowned, paths[i]) < 0) {
			zfail("out of memory");
			goto out;
		}
	r = 0;
out:
	for (size_t i = 0; db.names && i < n; i++)
		strlist_free(&db.names[i]);
	free(db.names);
	free(db.owned);
	for (size_t i = 0; i < db.ndv; i++) {
		free(db.dv[i].from);
		free(db.dv[i].to);
		free(db.dv[i].by);
	}
	free(db.dv);
	free(db.buf);
	return r;
}
