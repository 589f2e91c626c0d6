/* tests/unit/hostile_inputs.c: what fuzzing (tests/fuzz/) found, kept as
 * regression inputs, generated here byte by byte (nothing binary is
 * committed), and the properties they broke.
 *
 *  1. rpath_fix_xorigin on a file whose section headers hold SHT_NULL
 *     entries at offset 0: elf_update's fill bytes overwrote the ELF magic.
 *     Property: only the 'X' of each XORIGIN entry changes.
 *  2. searchpath_system on a root whose ld.so.conf says ".." (in a line or
 *     an include): paths outside the root.  Property: every directory is a
 *     normalised path inside the root.
 *  3. searchpath_system when an include reaches a FIFO: blocked forever in
 *     open.  Property: returns (an alarm fails the test otherwise).
 *  4. searchpath_system on a file that includes itself many times:
 *     exponential time.  Property: returns at once.
 *  5. rpath_set on a file with an empty section said to be at 1 GiB: a
 *     1 GiB file written.  Property: the file stays about its size.
 * And tap.h's ok() evaluated its condition twice (a mkfifo, an
 * elf_info_read ran twice): it must run once.
 */
#include "report.h"
#include "rpath.h"
#include "searchpath.h"
#include "tap.h"
#include "zelf.h"

#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- a small 64-bit little-endian ELF shared object, made from parts ---- */

#define IMG_SIZE 0x400
#define STR_OFF 0x100		/* .dynstr */
#define DYN_OFF 0x140		/* .dynamic */
#define SHSTR_OFF 0x200		/* .shstrtab */
#define SH_OFF 0x240		/* section headers */

static void put16(unsigned char *p, uint16_t v) { p[0] = (unsigned char)v; p[1] = (unsigned char)(v >> 8); }
static void put32(unsigned char *p, uint32_t v) { put16(p, (uint16_t)v); put16(p + 2, (uint16_t)(v >> 16)); }
static void put64(unsigned char *p, uint64_t v) { put32(p, (uint32_t)v); put32(p + 4, (uint32_t)(v >> 32)); }

static void shdr(unsigned char *img, int i, uint32_t name, uint32_t type, uint64_t flags,
		 uint64_t off, uint64_t size, uint32_t link, uint64_t entsize)
{
	unsigned char *s = img + SH_OFF + 64 * i;
	put32(s, name);
	put32(s + 4, type);
	put64(s + 8, flags);
	put64(s + 16, off);	/* sh_addr: addresses equal offsets here */
	put64(s + 24, off);
	put64(s + 32, size);
	put32(s + 40, link);
	put64(s + 48, 1);
	put64(s + 56, entsize);
}

/* strings: "\0libc.so.6\0XORIGIN/../lib:XORIGIN\0"
 *                1          11 */
static const char dynstr[] = "\0libc.so.6\0XORIGIN/../lib:XORIGIN";
static const char shstr[] = "\0.dynstr\0.dynamic\0.shstrtab";

/* null_at_zero: add SHT_NULL sections at offset 0 (what the fuzzer made);
 * with_sections: 0 gives a file without section headers; far: add an empty
 * section at that offset (0: none). */
static size_t make_elf_far(unsigned char *img, int with_sections, int null_at_zero, uint64_t far)
{
	int nsec = 0;
	memset(img, 0, IMG_SIZE);
	memcpy(img, "\177ELF\2\1\1", 7);
	put16(img + 16, ET_DYN);
	put16(img + 18, EM_X86_64);
	put32(img + 20, EV_CURRENT);
	put64(img + 32, 64);			/* e_phoff */
	put16(img + 52, 64);
	put16(img + 54, 56);
	put16(img + 56, 2);			/* e_phnum */
	/* PT_LOAD of everything before the section headers, PT_DYNAMIC */
	unsigned char *ph = img + 64;
	put32(ph, PT_LOAD); put32(ph + 4, PF_R | PF_W);
	put64(ph + 32, SH_OFF); put64(ph + 40, SH_OFF); put64(ph + 48, 0x1000);
	ph += 56;
	put32(ph, PT_DYNAMIC); put32(ph + 4, PF_R | PF_W);
	put64(ph + 8, DYN_OFF); put64(ph + 16, DYN_OFF); put64(ph + 24, DYN_OFF);
	put64(ph + 32, 5 * 16); put64(ph + 40, 5 * 16); put64(ph + 48, 8);
	memcpy(img + STR_OFF, dynstr, sizeof dynstr);
	const int64_t dyn[][2] = {
		{ DT_NEEDED, 1 }, { DT_RPATH, 11 }, { DT_STRTAB, STR_OFF },
		{ DT_STRSZ, sizeof dynstr }, { DT_NULL, 0 },
	};
	for (int i = 0; i < 5; i++) {
		put64(img + DYN_OFF + 16 * i, (uint64_t)dyn[i][0]);
		put64(img + DYN_OFF + 16 * i + 8, (uint64_t)dyn[i][1]);
	}
	if (!with_sections)
		return SH_OFF;
	memcpy(img + SHSTR_OFF, shstr, sizeof shstr);
	shdr(img, nsec++, 0, SHT_NULL, 0, 0, 0, 0, 0);
	if (null_at_zero)
		for (int k = 0; k < 3; k++)
			shdr(img, nsec++, 0, SHT_NULL, 0, 0, 0, 0, 0);
	int str_index = nsec;
	shdr(img, nsec++, 1, SHT_STRTAB, SHF_ALLOC, STR_OFF, sizeof dynstr, 0, 0);
	shdr(img, nsec++, 9, SHT_DYNAMIC, SHF_ALLOC | SHF_WRITE, DYN_OFF, 5 * 16, (uint32_t)str_index, 16);
	if (far)	/* an empty section said to be far past the end */
		shdr(img, nsec++, 0, SHT_PROGBITS, 0, far, 0, 0, 0);
	shdr(img, nsec, 18, SHT_STRTAB, 0, SHSTR_OFF, sizeof shstr, 0, 0);
	put64(img + 40, SH_OFF);		/* e_shoff */
	put16(img + 58, 64);
	put16(img + 60, (uint16_t)(nsec + 1));	/* e_shnum */
	put16(img + 62, (uint16_t)nsec);	/* e_shstrndx */
	return SH_OFF + 64 * (size_t)(nsec + 1);	/* the section headers end the file */
}

static size_t make_elf(unsigned char *img, int with_sections, int null_at_zero)
{
	return make_elf_far(img, with_sections, null_at_zero, 0);
}

static char tmpdir[] = "/tmp/zapp-unit-hostile-XXXXXX";

static const char *write_file(const char *name, const void *data, size_t size)
{
	static char path[PATH_MAX];
	snprintf(path, sizeof path, "%s/%s", tmpdir, name);
	FILE *f = fopen(path, "w");
	if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0) {
		perror(path);
		exit(1);
	}
	return path;
}

static size_t read_back(const char *path, unsigned char *buf, size_t max)
{
	FILE *f = fopen(path, "r");
	size_t n = f ? fread(buf, 1, max, f) : 0;
	if (f)
		fclose(f);
	return n;
}

/* Bytes that differ between a and b, each an 'X' that became '$'; -1 if
 * any other byte changed. */
static int x_to_dollar(const unsigned char *a, const unsigned char *b, size_t n)
{
	int d = 0;
	for (size_t i = 0; i < n; i++) {
		if (a[i] == b[i])
			continue;
		if (a[i] != 'X' || b[i] != '$')
			return -1;
		d++;
	}
	return d;
}

static void test_rpath_fix(void)
{
	unsigned char img[IMG_SIZE], out[IMG_SIZE + 16];
	struct elf_info info;

	size_t size = make_elf(img, 1, 1);
	const char *path = write_file("null-sections", img, size);
	ok(elf_info_read(path, &info) == 0, "the generated file parses");
	is_str(info.rpath, "XORIGIN/../lib:XORIGIN", "with its DT_RPATH");
	elf_info_free(&info);
	is_int(rpath_fix_xorigin(path), 2, "rpath_fix_xorigin fixes both entries");
	is_int(read_back(path, out, sizeof out), size, "the size is kept");
	is_int(x_to_dollar(img, out, size), 2, "exactly two bytes changed, each X to $ (the ELF magic is intact)");
	ok(elf_info_read(path, &info) == 0, "the fixed file parses");
	is_str(info.rpath, "$ORIGIN/../lib:$ORIGIN", "and says $ORIGIN");
	elf_info_free(&info);
	is_int(rpath_fix_xorigin(path), 0, "a second fix finds nothing to do");

	size = make_elf(img, 0, 0);
	path = write_file("no-sections", img, size);
	is_int(rpath_fix_xorigin(path), 2, "a file without section headers is fixed too");
	is_int(read_back(path, out, sizeof out), size, "its size is kept");
	is_int(x_to_dollar(img, out, size), 2, "exactly two bytes changed");
}

/* 5. rpath_set on a file with an empty section at offset 1 GiB: libelf
 * wrote the file out to there (1 GiB of fill bytes for a 1 KiB input).
 * Property: growth works on the image without it; with it, rpath_set fails
 * or writes a file of about the input's size. */
static void test_rpath_set_far_section(void)
{
	unsigned char img[IMG_SIZE];
	struct elf_info info;
	struct stat st;
	static const char long_path[] = "$ORIGIN/../lib:$ORIGIN/../lib/private/a/long/one/that/cannot/fit";

	const char *path = write_file("grow", img, make_elf(img, 1, 0));
	int grown = rpath_set(path, DT_RPATH, long_path);
	is_int(grown, 0, "a longer rpath is set on the generated file (it grows)%s%s", grown ? ": " : "", grown ? zwhy() : "");
	ok(elf_info_read(path, &info) == 0, "which parses after");
	is_str(info.rpath, long_path, "with the new rpath");
	elf_info_free(&info);

	/* if the bug comes back: a write error, not 1 GiB on the disk */
	struct rlimit rl = { 16 << 20, 16 << 20 }, old;
	getrlimit(RLIMIT_FSIZE, &old);
	signal(SIGXFSZ, SIG_IGN);
	setrlimit(RLIMIT_FSIZE, &rl);
	path = write_file("far", img, make_elf_far(img, 1, 0, 1ull << 30));
	int r = rpath_set(path, DT_RPATH, long_path);
	ok(stat(path, &st) == 0 && st.st_size < 1 << 20,
	   "with an empty section at 1 GiB: the file stays small (%lld bytes; rpath_set: %s)",
	   (long long)st.st_size, r == 0 ? "set" : zwhy());
	setrlimit(RLIMIT_FSIZE, &old);
	signal(SIGXFSZ, SIG_DFL);
}

/* ---- ld.so.conf inside a root ---- */

static char root[256];

static void conf(const char *rel, const char *text)
{
	char path[PATH_MAX];
	snprintf(path, sizeof path, "%s/%s", root, rel);
	FILE *f = fopen(path, "w");
	if (!f || fputs(text, f) < 0 || fclose(f) != 0) {
		perror(path);
		exit(1);
	}
}

static int all_inside(const struct strlist *dirs)
{
	size_t rl = strlen(root);
	for (size_t i = 0; i < dirs->n; i++) {
		const char *p = dirs->v[i];
		if (strncmp(p, root, rl) != 0 || p[rl] != '/' || strstr(p + rl, "/..") || strstr(p + rl, "/./")) {
			printf("#   outside or not normalised: %s\n", p);
			return 0;
		}
	}
	return 1;
}

static void on_alarm(int sig)
{
	(void)sig;
	static const char msg[] = "not ok - searchpath_system did not return within 10 seconds\n";
	if (write(1, msg, sizeof msg - 1) < 0)
		_exit(2);
	_exit(1);
}

static void test_ldconf(void)
{
	struct strlist dirs = { 0 };
	char want[PATH_MAX];

	snprintf(root, sizeof root, "%.200s/root", tmpdir);
	mkdir(root, 0755);
	snprintf(want, sizeof want, "%s/etc", root);
	mkdir(want, 0755);
	snprintf(want, sizeof want, "%s/etc/ld.so.conf.d", root);
	mkdir(want, 0755);

	conf("etc/ld.so.conf", "/usr/lib/../../../../../etc\n"
			       "include ../../../../../../etc/ld.so.con*\n"
			       "include /../../../etc/ld.so.conf.d/*.conf\n");
	conf("etc/ld.so.conf.d/a.conf", "/opt/a/lib/./x/..\n");
	ok(searchpath_system(root, &dirs) == 0, "ld.so.conf with .. everywhere is read");
	ok(all_inside(&dirs), "every directory is a normalised path inside the root");
	snprintf(want, sizeof want, "%s/etc", root);
	ok(strlist_contains(&dirs, want), "'/usr/lib/../../../../../etc' is the root's /etc, as in a chroot");
	snprintf(want, sizeof want, "%s/opt/a/lib", root);
	ok(strlist_contains(&dirs, want), "an include with .. above the root reads the root's file");
	strlist_free(&dirs);

	/* relative includes are relative to the including file's directory */
	conf("etc/ld.so.conf", "include ld.so.conf.d/b.conf\n");
	conf("etc/ld.so.conf.d/b.conf", "include c.conf\n");
	conf("etc/ld.so.conf.d/c.conf", "/opt/c/lib\n");
	ok(searchpath_system(root, &dirs) == 0 && all_inside(&dirs), "nested relative includes");
	snprintf(want, sizeof want, "%s/opt/c/lib", root);
	ok(strlist_contains(&dirs, want), "are relative to the including file, as ldconfig reads them");
	strlist_free(&dirs);

	signal(SIGALRM, on_alarm);
	alarm(10);
	snprintf(want, sizeof want, "%s/etc/ld.so.conf.d/fifo.conf", root);
	ok(mkfifo(want, 0644) == 0, "a FIFO among the included files");
	conf("etc/ld.so.conf", "include ld.so.conf.d/*.conf\n");
	ok(searchpath_system(root, &dirs) == 0, "is never opened: searchpath_system returns");
	strlist_free(&dirs);
	unlink(want);

	conf("etc/ld.so.conf", "include ld.so.conf\ninclude ld.so.conf\ninclude ld.so.conf\n"
			       "include ld.so.conf\ninclude ld.so.conf\ninclude ld.so.conf\n"
			       "include ld.so.conf\ninclude ld.so.conf\ninclude ld.so.conf\n"
			       "include ld.so.conf\n/opt/self\n");
	ok(searchpath_system(root, &dirs) == 0, "a file that includes itself ten times is read once, at once");
	snprintf(want, sizeof want, "%s/opt/self", root);
	ok(strlist_contains(&dirs, want), "and its directory is there");
	strlist_free(&dirs);
	alarm(0);
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st; (void)ftw;
	return flag == FTW_DP ? rmdir(path) : unlink(path);
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);	/* the alarm exits with _exit */
	if (!mkdtemp(tmpdir)) {
		perror(tmpdir);
		return 1;
	}
	int calls = 0;
	ok(++calls == 1, "ok() evaluates its condition");
	is_int(calls, 1, "once");
	test_rpath_fix();
	test_rpath_set_far_section();
	test_ldconf();
	nftw(tmpdir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	return tap_done();
}
