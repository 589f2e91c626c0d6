/* tests/unit/stamp_io.c: the stamp record of jumploader copies: written by
 * zelf_write (the one writer) as the bytes of the record and nothing else,
 * read back, refused on files that are no jumploader, never half-written;
 * version 2 carries environment entries, a version 1 record is still read
 * and takes none. */
#include "stamp_io.h"
#include "report.h"
#include "target.h"
#include "zelf.h"
#include "scratch.h"
#include "tap.h"

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static unsigned char *slurp(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf = NULL;
	long n;
	if (f && fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0
	    && (buf = malloc((size_t)n + 1)) && fread(buf, 1, (size_t)n, f) == (size_t)n)
		*size = (size_t)n;
	else {
		free(buf);
		buf = NULL;
	}
	if (f)
		fclose(f);
	return buf;
}

static int copy(const char *from, const char *to)
{
	size_t n;
	unsigned char *b = slurp(from, &n);
	FILE *f = b ? fopen(to, "wb") : NULL;
	int ok_ = f && fwrite(b, 1, n, f) == n;
	if (f && fclose(f) != 0)
		ok_ = 0;
	free(b);
	return ok_ ? 0 : -1;
}

/* Where the record is: the .zapp_stamp section's file offset. */
static long stamp_offset(const char *path)
{
	struct zelf z;
	size_t shstrndx;
	long off = -1;
	Elf_Scn *scn = NULL;
	if (zelf_open(&z, path) < 0)
		return -1;
	if (elf_getshdrstrndx(z.elf, &shstrndx) == 0)
		while ((scn = elf_nextscn(z.elf, scn))) {
			GElf_Shdr sh;
			const char *name;
			if (gelf_getshdr(scn, &sh) && (name = elf_strptr(z.elf, shstrndx, sh.sh_name))
			    && strcmp(name, ZAPP_STAMP_SECTION) == 0)
				off = (long)sh.sh_offset;
		}
	zelf_close(&z);
	return off;
}

/* Bytes that differ between a and b (the same size) outside [lo, hi); -1
 * when the sizes differ. */
static long differ_outside(const char *a, const char *b, long lo, long hi)
{
	size_t na, nb;
	unsigned char *x = slurp(a, &na), *y = slurp(b, &nb);
	long n = x && y && na == nb ? 0 : -1;
	for (size_t i = 0; n >= 0 && i < na; i++)
		if (x[i] != y[i] && ((long)i < lo || (long)i >= hi))
			n++;
	free(x);
	free(y);
	return n;
}

static int same_file(const char *a, const char *b)
{
	return differ_outside(a, b, 0, 0) == 0;
}

int main(void)
{
	const char *build = getenv("ZAPP_BUILD");
	char jl[1024], name[64], target[ZAPP_STAMP_PATH_MAX], libdir[ZAPP_STAMP_PATH_MAX];
	char longpath[ZAPP_STAMP_PATH_MAX + 8], self[1024];
	ssize_t n;
	/* $ZAPP_BUILD, or the build this test is part of: B/tests/unit/stamp_io */
	if ((!build || !*build) && (n = readlink("/proc/self/exe", self, sizeof self - 1)) > 0) {
		self[n] = '\0';
		for (int up = 0; up < 3 && strrchr(self, '/'); up++)
			*strrchr(self, '/') = '\0';
		build = self;
	}
	if (target_jumploader_name(target_build(), name, sizeof name) < 0 || !build || !*build
	    || snprintf(jl, sizeof jl, "%s/lib/zapp/%s", build, name) >= (int)sizeof jl || access(jl, R_OK) < 0)
		return printf("1..0 # skip no jumploader built (set ZAPP_BUILD)\n"), 0;
	if (scratch_make("zapp-unit-stamp") < 0)
		return printf("1..0 # skip no temporary directory\n"), 0;

	ok(copy(jl, at("orig")) == 0 && copy(jl, at("a")) == 0, "copy the jumploader");
	ok(stamp_is_jumploader(at("a")), "a copy is a jumploader");
	ok(stamp_read(at("a"), target, libdir) == 0 && !*target && !*libdir,
	   "a fresh copy has the default record (empty strings)");

	long off = stamp_offset(at("a"));
	ok(off > 0, "its record is at byte %ld", off);
	is_int(stamp_write(at("a"), "../dynbin/libexec/app/helper", "../../lib"), 0, "stamp a copy");
	ok(stamp_read(at("a"), target, libdir) == 0, "read it back");
	is_str(target, "../dynbin/libexec/app/helper", "the program's path");
	is_str(libdir, "../../lib", "the library directory");
	is_int(differ_outside(at("orig"), at("a"), off, off + (long)sizeof(struct zapp_stamp)), 0,
	       "no byte outside the record changed, and the size is the same");
	ok(differ_outside(at("orig"), at("a"), 0, 0) > 0, "bytes of the record did change");

	is_int(stamp_write(at("a"), "x", ""), 0, "stamp it again, shorter");
	ok(stamp_read(at("a"), target, libdir) == 0 && !strcmp(target, "x") && !*libdir,
	   "the longer old paths are gone");
	is_int(stamp_write(at("a"), "", ""), 0, "back to the defaults");
	ok(same_file(at("orig"), at("a")), "the copy is byte for byte the jumploader again");

	memset(longpath, 'x', sizeof longpath - 1);
	longpath[sizeof longpath - 1] = '\0';
	zfail("%s", "");
	ok(stamp_write(at("a"), longpath, "") == -1 && *zwhy(), "a path too long is refused (%s)", zwhy());
	ok(same_file(at("orig"), at("a")), "and the file is untouched");

	FILE *f = fopen(at("text"), "w");
	if (f) {
		fputs("not an ELF file\n", f);
		fclose(f);
	}
	ok(copy(at("text"), at("text.orig")) == 0, "a text file");
	ok(stamp_write(at("text"), "x", "") == -1, "is refused (%s)", zwhy());
	ok(same_file(at("text"), at("text.orig")), "and untouched");
	ok(!stamp_is_jumploader(at("text")), "is no jumploader");

	/* an ELF file without the record: this test program itself */
	ok(copy("/proc/self/exe", at("prog")) == 0 && copy(at("prog"), at("prog.orig")) == 0,
	   "an ELF program that is no jumploader");
	zfail("%s", "");
	ok(stamp_write(at("prog"), "x", "") == -1 && strstr(zwhy(), "not a zapp jumploader"),
	   "is refused (%s)", zwhy());
	ok(same_file(at("prog"), at("prog.orig")), "and untouched");
	ok(stamp_read(at("missing"), target, libdir) == -1, "a missing file: %s", zwhy());

	/* version 2: the environment */
	static struct stamp_info si;
	char *env[] = { "GIT_EXEC_PATH=$ZAPP/lib/git-core", "X=", NULL };
	ok(copy(jl, at("e")) == 0, "another copy");
	is_int(stamp_write_env(at("e"), "../dynbin/git", "../lib", "..", env), 0, "stamp it with two entries");
	ok(stamp_read_info(at("e"), &si) == 0 && si.version == 4 && !si.script[0], "read back: version %d, no script", si.version);
	is_str(si.top, "..", "its path to the top");
	ok(!memcmp(si.env, "GIT_EXEC_PATH=$ZAPP/lib/git-core\0X=\0\0", 37), "its entries, in order");
	is_int(differ_outside(at("orig"), at("e"), off, off + (long)sizeof(struct zapp_stamp)), 0,
	       "no byte outside the record changed");
	is_int(stamp_write_env(at("e"), "", "", "", NULL), 0, "and without");
	ok(same_file(at("orig"), at("e")), "the copy is the jumploader again");
	char big[ZAPP_STAMP_ENV_MAX], *bigenv[] = { big, NULL };
	memset(big, 'v', sizeof big - 1);
	memcpy(big, "BIG=", 4);
	big[sizeof big - 1] = '\0';
	ok(stamp_write_env(at("e"), "x", "", "..", bigenv) == -1 && strstr(zwhy(), "bytes"),
	   "entries too long for the record are refused (%s)", zwhy());
	ok(same_file(at("orig"), at("e")), "and the file is untouched");

	/* version 3: the launcher of a script */
	char *args[] = { "-u", "two words", NULL };
	ok(copy(jl, at("s")) == 0, "a copy for a script");
	struct stamp_script sc = { .interp = "python3", .args = args, .script = "../dynbin/tool.py" };
	is_int(stamp_write_script(at("s"), &sc), 0, "stamp it as a script's launcher");
	ok(stamp_read_info(at("s"), &si) == 0 && si.version == 4 && !si.program[0], "read back: version %d, exec mode",
	   si.version);
	is_str(si.target, "python3", "the interpreter's launcher");
	is_str(si.script, "../dynbin/tool.py", "the script");
	ok(si.nargs == 2 && !memcmp(si.args, "-u\0two words\0", 13), "the interpreter's arguments, in order");
	char *empty[] = { "", "x", NULL };
	sc = (struct stamp_script){ .interp = "python3", .args = empty, .script = "y" };
	ok(stamp_write_script(at("s"), &sc) == 0 && stamp_read_info(at("s"), &si) == 0
	   && si.nargs == 2 && !memcmp(si.args, "\0x\0", 3), "an empty argument is one");
	ok(!si.env[0] && !si.libdir[0], "no environment, no library directory");
	is_int(differ_outside(at("orig"), at("s"), off, off + (long)sizeof(struct zapp_stamp)), 0,
	       "no byte outside the record changed");
	sc = (struct stamp_script){ .interp = "x", .script = "y" };
	ok(stamp_write_script(at("s"), &sc) == 0 && stamp_read_info(at("s"), &si) == 0
	   && !strcmp(si.target, "x") && si.nargs == 0, "no arguments: an empty list");

	/* version 4: direct mode */
	char *shenv[] = { "TERMINFO_DIRS=$ZAPP/share/terminfo", NULL };
	sc = (struct stamp_script){ .interp = "sh", .args = empty, .script = "../dynbin/t.sh",
				    .program = "../dynbin/sh", .libdir = "../lib", .top = "..", .env = shenv };
	ok(stamp_write_script(at("s"), &sc) == 0 && stamp_read_info(at("s"), &si) == 0 && si.version == 4,
	   "a script's launcher in direct mode");
	ok(!strcmp(si.target, "sh") && !strcmp(si.script, "../dynbin/t.sh") && si.nargs == 2
	   && !strcmp(si.program, "../dynbin/sh"), "its interpreter's launcher, script, arguments and program");
	ok(!strcmp(si.libdir, "../lib") && !strcmp(si.top, "..")
	   && !memcmp(si.env, "TERMINFO_DIRS=$ZAPP/share/terminfo\0\0", 36), "its library directory, top and entries");
	is_int(differ_outside(at("orig"), at("s"), off, off + (long)sizeof(struct zapp_stamp)), 0,
	       "no byte outside the record changed");
	sc = (struct stamp_script){ .interp = "x", .script = "y" };
	ok(stamp_write_script(at("s"), &sc) == 0 && stamp_read_info(at("s"), &si) == 0 && !si.program[0]
	   && !si.libdir[0] && !si.top[0] && !si.env[0], "and back to exec mode: nothing of it left");
	char bigarg[ZAPP_STAMP_ARGS_MAX], *bigargs[] = { bigarg, NULL };
	memset(bigarg, 'a', sizeof bigarg - 1);
	bigarg[sizeof bigarg - 1] = '\0';
	sc = (struct stamp_script){ .interp = "x", .args = bigargs, .script = "y" };
	ok(copy(at("s"), at("s.orig")) == 0 && stamp_write_script(at("s"), &sc) == -1
	   && strstr(zwhy(), "bytes") && same_file(at("s"), at("s.orig")),
	   "arguments too long are refused, the file untouched (%s)", zwhy());
	is_int(stamp_write_env(at("s"), "", "", "", NULL), 0, "a program's stamp again");
	ok(same_file(at("orig"), at("s")), "is the jumploader again: no script left");
	FILE *v3 = fopen(at("s"), "r+b");
	ok(v3 && fseek(v3, off, SEEK_SET) == 0 && fwrite(ZAPP_STAMP_MAGIC_V3, 1, 12, v3) == 12 && fclose(v3) == 0,
	   "a record of version 3");
	sc = (struct stamp_script){ .interp = "x", .script = "y" };
	ok(stamp_write_script(at("s"), &sc) == 0 && stamp_read_info(at("s"), &si) == 0 && si.version == 3
	   && !strcmp(si.script, "y") && !si.program[0], "takes a script in exec mode: read as version %d", si.version);
	sc = (struct stamp_script){ .interp = "x", .script = "y", .program = "../dynbin/sh", .libdir = "../lib", .top = "" };
	ok(copy(at("s"), at("s.orig")) == 0 && stamp_write_script(at("s"), &sc) == -1 && strstr(zwhy(), "direct mode")
	   && same_file(at("s"), at("s.orig")), "but not in direct mode, untouched (%s)", zwhy());
	is_int(stamp_write_env(at("s"), "", "", "", NULL), 0, "a program's stamp in it");
	FILE *v2 = fopen(at("s"), "r+b");
	ok(v2 && fseek(v2, off, SEEK_SET) == 0 && fwrite(ZAPP_STAMP_MAGIC_V2, 1, 12, v2) == 12 && fclose(v2) == 0,
	   "a record of version 2");
	ok(stamp_read_info(at("s"), &si) == 0 && si.version == 2 && !si.script[0], "is read: version %d, no script",
	   si.version);
	sc = (struct stamp_script){ .interp = "x", .script = "y" };
	ok(stamp_write_script(at("s"), &sc) == -1 && strstr(zwhy(), "no room"),
	   "takes no script (%s)", zwhy());
	ok(stamp_write_env(at("s"), "../dynbin/g", "", "..", env) == 0 && stamp_read_info(at("s"), &si) == 0
	   && si.version == 2 && !strcmp(si.target, "../dynbin/g"), "takes a program and its entries as before");

	/* a launcher of an older Zapp: the version 1 magic */
	FILE *v1 = fopen(at("e"), "r+b");
	ok(v1 && fseek(v1, off, SEEK_SET) == 0 && fwrite(ZAPP_STAMP_MAGIC_V1, 1, 12, v1) == 12 && fclose(v1) == 0,
	   "a record of version 1");
	ok(stamp_read_info(at("e"), &si) == 0 && si.version == 1 && !si.env[0] && !si.top[0],
	   "is read: version %d, no entries", si.version);
	ok(stamp_write(at("e"), "../dynbin/y", "") == 0 && stamp_read(at("e"), target, libdir) == 0
	   && !strcmp(target, "../dynbin/y"), "is stamped as before");
	ok(stamp_write_env(at("e"), "../dynbin/y", "", "..", env) == -1 && strstr(zwhy(), "no room"),
	   "takes no entries (%s)", zwhy());
	v1 = fopen(at("e"), "r+b");
	ok(v1 && fseek(v1, off + ZAPP_STAMP_V1_SIZE + ZAPP_STAMP_TOP_MAX, SEEK_SET) == 0
	   && fwrite("NOEQUALS", 1, 9, v1) == 9 && fseek(v1, off, SEEK_SET) == 0
	   && fwrite(ZAPP_STAMP_MAGIC, 1, 12, v1) == 12 && fclose(v1) == 0, "entries spoilt");
	ok(stamp_read_info(at("e"), &si) == -1 && strstr(zwhy(), "corrupt"), "are refused: %s", zwhy());

	int r = tap_done();
	if (!r) {
		const char *names[] = { "orig", "a", "e", "s", "s.orig", "text", "text.orig", "prog", "prog.orig" };
		for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
			unlink(at(names[i]));
		rmdir(dir);
	} else {
		printf("# files kept in %s\n", dir);
	}
	return r;
}
