/* libzapp/fat_check.c: what a Zapp loses on a FAT32 or exFAT file system
 * (a USB stick), for zapp-check --fat and zapp-assemble --fat.
 *
 * FAT and exFAT keep no symbolic links, no hard links and no permissions,
 * fold case, refuse some names and, FAT32, cap a file at 4 GiB - 1.  Read
 * from the tree on disk:
 *  - two names of one directory that are one when case is folded (ASCII
 *    letters, as both file systems' upcase tables have them; other
 *    letters are compared as they are);
 *  - a name either refuses or changes: the characters " * : < > ? \ |,
 *    control characters, a trailing dot or space (dropped by Windows and
 *    by Linux's vfat), a DOS device name (CON, PRN, AUX, NUL, COM1-9,
 *    LPT1-9, with or without an extension), longer than 255 characters;
 *  - a file of 4 GiB or more (FAT32 only: exFAT takes it);
 *  - a hard link, which becomes a copy (its size counted once per name
 *    but the first);
 *  - a symbolic link, or anything but a file or a directory.
 * Each problem is one call of report(ctx, rel, message). */
#include "fat_check.h"
#include "dir_names.h"
#include "report.h"
#include "strlist.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define FAT32_MAX 0xFFFFFFFFull	/* bytes: 4 GiB - 1 */

struct walk {
	fat_report_fn *report;
	void *ctx;
	const char *top;
	struct strlist links;	/* "DEV:INO" of files with more than one link, seen */
	struct fat_totals *t;
};

static void say(struct walk *w, int problem, const char *rel, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void say(struct walk *w, int problem, const char *rel, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	w->t->problems += problem;
	w->report(w->ctx, rel, msg, problem);
}

/* Is the name (without its extension) a DOS device? */
static int dos_device(const char *name)
{
	static const char *const devices[] = { "AUX", "CON", "NUL", "PRN" };
	size_t n = strcspn(name, ".");
	char up[8];
	if (n < 3 || n > 4)
		return 0;
	for (size_t i = 0; i < n; i++)
		up[i] = (char)(name[i] >= 'a' && name[i] <= 'z' ? name[i] - 32 : name[i]);
	up[n] = '\0';
	if (n == 3) {
		for (size_t i = 0; i < sizeof devices / sizeof *devices; i++)
			if (strcmp(up, devices[i]) == 0)
				return 1;
		return 0;
	}
	return (strncmp(up, "COM", 3) == 0 || strncmp(up, "LPT", 3) == 0) && up[3] >= '1' && up[3] <= '9';
}

const char *fat_name_problem(const char *name)
{
	size_t n = strlen(name), chars = 0;
	for (const unsigned char *s = (const unsigned char *)name; *s; s++) {
		if (*s < 0x20 || *s == 0x7f)
			return "it holds a control character, which FAT and exFAT refuse";
		if (strchr("\"*:<>?\\|", *s))
			return "it holds one of \" * : < > ? \\ |, which FAT and exFAT refuse";
		chars += (*s & 0xc0) != 0x80;	/* a UTF-8 character starts here */
	}
	if (n && (name[n - 1] == '.' || name[n - 1] == ' '))
		return "it ends with a dot or a space, which FAT drops";
	if (dos_device(name))
		return "it is a DOS device name, which Windows cannot open on the stick";
	if (chars > 255)
		return "it is longer than 255 characters, FAT's and exFAT's limit";
	return NULL;
}

static void fold(const char *s, char *out, size_t len)
{
	size_t i = 0;
	for (; s[i] && i + 1 < len; i++)
		out[i] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] + 32 : s[i]);
	out[i] = '\0';
}

static int walk_dir(struct walk *w, const char *rel, int depth)
{
	char path[2 * PATH_MAX + 2], sub[PATH_MAX];
	struct strlist names = { 0 }, folded = { 0 };
	int r = 0;
	snprintf(path, sizeof path, "%s%s%s", w->top, *rel ? "/" : "", rel);
	if (depth > 256)
		return zfail("%s: nested too deep", rel);
	if (dir_names(path, *rel ? rel : ".", &names) < 0)
		return -1;
	/* names that are one when case is folded: "folded\tname", sorted */
	for (size_t i = 0; i < names.n && r == 0; i++) {
		char f[NAME_MAX + 1], line[2 * NAME_MAX + 2];
		fold(names.v[i], f, sizeof f);
		snprintf(line, sizeof line, "%s\t%s", f, names.v[i]);
		r = strlist_push(&folded, line);
	}
	strlist_sort(&folded);
	for (size_t i = 1; i < folded.n; i++) {
		const char *a = folded.v[i - 1], *b = folded.v[i];
		size_t la = strcspn(a, "\t");
		if (strncmp(a, b, la) == 0 && b[la] == '\t') {
			snprintf(sub, sizeof sub, "%s%s%s", rel, *rel ? "/" : "", b + la + 1);
			say(w, 1, sub, "is one name with %s%s%s when case is folded, as FAT and exFAT fold it", rel,
			    *rel ? "/" : "", a + la + 1);
		}
	}
	strlist_free(&folded);
	for (size_t i = 0; i < names.n && r == 0; i++) {
		struct stat st;
		const char *why = fat_name_problem(names.v[i]);
		if (snprintf(sub, sizeof sub, "%s%s%s", rel, *rel ? "/" : "", names.v[i]) >= (int)sizeof sub) {
			r = zfail("%s: path too long", names.v[i]);
			break;
		}
		if (why)
			say(w, 1, sub, "%s", why);
		snprintf(path, sizeof path, "%s/%s", w->top, sub);
		if (lstat(path, &st) < 0) {
			r = zfail("%s: cannot read: %s", sub, strerror(errno));
			break;
		}
		if (S_ISDIR(st.st_mode)) {
			r = walk_dir(w, sub, depth + 1);
			continue;
		}
		if (S_ISLNK(st.st_mode)) {
			say(w, 1, sub, "is a symbolic link, which FAT and exFAT cannot hold");
			continue;
		}
		if (!S_ISREG(st.st_mode)) {
			say(w, 1, sub, "is neither a file nor a directory, which FAT and exFAT cannot hold");
			continue;
		}
		w->t->files++;
		if ((unsigned long long)st.st_size > FAT32_MAX)
			say(w, 1, sub, "is %.1f GiB, more than FAT32 holds in a file (4 GiB - 1 byte; exFAT holds it)",
			    (double)st.st_size / (1024.0 * 1024.0 * 1024.0));
		if (st.st_nlink > 1) {
			char key[64];
			snprintf(key, sizeof key, "%llu:%llu", (unsigned long long)st.st_dev,
				 (unsigned long long)st.st_ino);
			if (strlist_contains(&w->links, key)) {
				w->t->copies++;
				w->t->copy_bytes += (unsigned long long)st.st_size;
				say(w, 0, sub, "is a hard link, which FAT and exFAT make a copy of (%.1f MiB more)",
				    (double)st.st_size / (1024.0 * 1024.0));
			} else if (strlist_push(&w->links, key) < 0) {
				r = zfail("out of memory");
			}
		}
	}
	strlist_free(&names);
	return r;
}

int fat_check_tree(const char *top, fat_report_fn *report, void *ctx, struct fat_totals *t)
{
	struct walk w = { .report = report, .ctx = ctx, .top = top, .t = t };
	memset(t, 0, sizeof *t);
	int r = walk_dir(&w, "", 0);
	strlist_free(&w.links);
	return r;
}
