/* tests/unit/rpath_set.c: rpath_set() on small programs built here with cc:
 * in place (shrink, same length, removal, kind change), growth (with and
 * without an entry, with the dynamic table moving, twice, 32-bit, non-PIE),
 * shared strings, and corrupt inputs that must fail without crashing. */
#include "rpath.h"
#include "zelf.h"
#include "report.h"
#include "scratch.h"
#include "tap.h"

#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static int build(const char *name, const char *flags)
{
	return sh("cd %s && cc -o %s main.c %s >/dev/null 2>&1", dir, name, flags) == 0;
}

static void copy(const char *from, const char *to)
{
	sh("cp %s/%s %s/%s", dir, from, dir, to);
}

/* The program prints "hi" and exits 0. */
static int runs(const char *name)
{
	return sh("cd %s && test \"$(./%s)\" = hi", dir, name) == 0;
}

static long long size_of(const char *name)
{
	struct stat st;
	return stat(at(name), &st) == 0 ? (long long)st.st_size : -1;
}

/* Bytes that differ between two files of the same size outside the
 * offsets [lo, hi), or -1. */
static long differing_outside(const char *a, const char *b, long lo, long hi)
{
	char pa[512], pb[512];
	snprintf(pa, sizeof pa, "%s/%s", dir, a);
	snprintf(pb, sizeof pb, "%s/%s", dir, b);
	FILE *fa = fopen(pa, "rb"), *fb = fopen(pb, "rb");
	long n = 0, pos = 0;
	int ca, cb;
	if (!fa || !fb)
		n = -1;
	while (n >= 0 && (ca = getc(fa)) != EOF) {
		if ((cb = getc(fb)) == EOF)
			n = -1;
		else if (ca != cb && (pos < lo || pos >= hi))
			n++;
		pos++;
	}
	if (n >= 0 && getc(fb) != EOF)
		n = -1;
	if (fa)
		fclose(fa);
	if (fb)
		fclose(fb);
	return n;
}

static long differing(const char *a, const char *b)
{
	return differing_outside(a, b, 0, 0);
}

static struct elf_info info;

static int read_info(const char *name)
{
	elf_info_free(&info);
	return elf_info_read(at(name), &info);
}

static int set(const char *name, GElf_Sxword tag, const char *value)
{
	int r = rpath_set(at(name), tag, value);
	if (r < 0)
		printf("# rpath_set %s: %s\n", name, zwhy());
	return r;
}

static void skip(const char *why)
{
	printf("ok %d # skip %s\n", ++tap_n, why);
}

static int bad(const char *why)
{
	printf("# %s\n", why);
	return 0;
}

/* What loaders and readers need of a grown file. */
static int layout_ok(const char *name)
{
	struct zelf z;
	GElf_Phdr ph, load = { 0 };
	GElf_Addr prev_end = 0;
	int phdr_in_load = 0, nload = 0, ok = 1;
	if (zelf_open(&z, at(name)) < 0)
		return printf("# %s: %s\n", name, zwhy()), 0;
	for (size_t i = 0; i < z.phnum && gelf_getphdr(z.elf, (int)i, &ph); i++) {
		if (ph.p_type == PT_PHDR && (ph.p_offset != z.ehdr.e_phoff
					     || ph.p_filesz != z.phnum * z.ehdr.e_phentsize))
			ok = bad("PT_PHDR does not match e_phoff");
		if (ph.p_type != PT_LOAD)
			continue;
		if (nload++ && ph.p_vaddr < prev_end)
			ok = bad("a load segment overlaps another or is out of order");
		if (ph.p_align > 1 && (ph.p_vaddr - ph.p_offset) % ph.p_align)
			ok = bad("a load segment is misaligned");
		prev_end = ph.p_vaddr + ph.p_memsz;
		if (z.ehdr.e_phoff >= ph.p_offset
		    && z.ehdr.e_phoff + z.phnum * z.ehdr.e_phentsize <= ph.p_offset + ph.p_filesz) {
			phdr_in_load = 1;
			load = ph;
		}
	}
	if (!phdr_in_load)
		ok = bad("no load segment holds the program headers");
	/* glibc takes a library's program headers from the first load segment
	 * whose page-rounded file image holds them: that must be theirs */
	for (size_t i = 0; i < z.phnum && gelf_getphdr(z.elf, (int)i, &ph); i++)
		if (ph.p_type == PT_LOAD && ph.p_offset != load.p_offset
		    && ph.p_offset <= z.ehdr.e_phoff
		    && z.ehdr.e_phoff < ((ph.p_offset + ph.p_filesz + 4095) & ~(GElf_Off)4095))
			ok = bad("the program headers lie in the last page of another segment");
	for (size_t i = 0; i < z.phnum && gelf_getphdr(z.elf, (int)i, &ph); i++)
		if (ph.p_type == PT_PHDR && ph.p_vaddr != load.p_vaddr + (ph.p_offset - load.p_offset))
			ok = bad("PT_PHDR address is not where its load segment puts it");
	GElf_Shdr sh;
	GElf_Dyn d;
	if (!z.dyn_scn || !gelf_getshdr(z.dyn_scn, &sh) || sh.sh_offset != z.dyn_phdr.p_offset
	    || sh.sh_addr != z.dyn_phdr.p_vaddr)
		ok = bad(".dynamic and PT_DYNAMIC disagree");
	if (!z.str_scn || !gelf_getshdr(z.str_scn, &sh) || zelf_dyn_find(&z, DT_STRSZ, &d) < 0
	    || d.d_un.d_val != sh.sh_size || zelf_dyn_find(&z, DT_STRTAB, &d) < 0
	    || d.d_un.d_ptr != sh.sh_addr)
		ok = bad(".dynstr and DT_STRTAB/DT_STRSZ disagree");
	if (z.ehdr.e_shoff + z.shnum * z.ehdr.e_shentsize > z.filesize)
		ok = bad("section headers past the end");
	zelf_close(&z);
	return ok;
}

/* Odd files are made the way zapp edits files: one value, encoded by
 * libelf, written by zelf_write. */
static int put(struct zelf *z, GElf_Off off, Elf_Type t, const void *val)
{
	struct zpatches p = { 0 };
	int r = zpatches_encode(&p, z, off, t, val, 1) < 0 ? -1 : zelf_write(z, &p, z->filesize);
	zpatches_free(&p);
	return r;
}

static GElf_Off dyn_at(struct zelf *z, size_t i)
{
	return z->dyn_phdr.p_offset + i * gelf_fsize(z->elf, ELF_T_DYN, 1, EV_CURRENT);
}

/* Edit a dynamic entry of a copy (to make odd files). */
static int poke_dyn(const char *name, GElf_Sxword tag, GElf_Sxword newtag, GElf_Xword val, int all)
{
	struct zelf z;
	GElf_Dyn d;
	int n = 0, r = 0;
	if (zelf_open(&z, at(name)) < 0)
		return -1;
	for (size_t i = 0; i < z.dyn_cap && r == 0; i++) {
		if (zelf_dyn_get(&z, i, &d) < 0 || d.d_tag != tag)
			continue;
		d.d_tag = newtag;
		d.d_un.d_val = val;
		r = put(&z, dyn_at(&z, i), ELF_T_DYN, &d);
		n++;
		if (!all)
			break;
	}
	zelf_close(&z);
	return n && r == 0 ? 0 : -1;
}

/* Fill all spare DT_NULL slots but the terminator, so adding an entry must
 * move the dynamic table. */
static int no_spare_slots(const char *name)
{
	struct zelf z;
	GElf_Dyn dbg = { .d_tag = DT_DEBUG };
	int r = 0;
	if (zelf_open(&z, at(name)) < 0)
		return -1;
	for (size_t i = z.ndyn + 1; i < z.dyn_cap && r == 0; i++)
		r = put(&z, dyn_at(&z, i - 1), ELF_T_DYN, &dbg);
	zelf_close(&z);
	return r;
}

static GElf_Off dynamic_offset(const char *name)
{
	struct zelf z;
	GElf_Off off = 0;
	if (zelf_open(&z, at(name)) == 0)
		off = z.dyn_phdr.p_offset;
	zelf_close(&z);
	return off;
}

static int dynamic_symbol_ok(const char *name)
{
	return sh("cd %s && a=$(readelf -lW %s | awk '$1==\"DYNAMIC\"{print $3}') && "
		  "s=$(readelf -sW %s | awk '$8==\"_DYNAMIC\"{print \"0x\" $2; exit}') && "
		  "test -n \"$s\" && test $((a)) = $((s))", dir, name, name) == 0;
}

static const char *long_path(void)
{
	static char s[400];
	if (!s[0]) {
		strcpy(s, "/opt/zapp-test/");
		memset(s + strlen(s), 'x', 300);
		strcat(s, ":/opt/other");
	}
	return s;
}

static void in_place(void)
{
	const char *old = "/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
	char flags[256];
	snprintf(flags, sizeof flags, "-Wl,--disable-new-dtags,-rpath,%s", old);
	ok(build("rp", flags), "build a program with a DT_RPATH");

	copy("rp", "shrink");
	is_int(set("shrink", DT_RPATH, "/b"), 0, "shrink: set a shorter path");
	ok(read_info("shrink") == 0 && info.rpath && !strcmp(info.rpath, "/b") && !info.runpath,
	   "shrink: readers see exactly the new DT_RPATH");
	is_int(size_of("shrink"), size_of("rp"), "shrink: in place, the size is unchanged");
	long n = differing("rp", "shrink");
	ok(n > 0 && n <= (long)strlen(old), "shrink: only the string's bytes differ (%ld)", n);
	ok(runs("shrink"), "shrink: still runs");

	char same[64];
	strcpy(same, old);
	for (char *c = same + 1; *c; c++)
		*c = 'c';
	copy("rp", "same");
	is_int(set("same", DT_RPATH, same), 0, "same length: set");
	is_int(differing("rp", "same"), (long)strlen(old) - 1, "same length: exactly the changed bytes differ");
	ok(runs("same"), "same length: still runs");

	copy("rp", "again");
	is_int(set("again", DT_RPATH, old), 0, "the same value again");
	is_int(differing("rp", "again"), 0, "the same value again: the file is untouched");

	copy("rp", "remove");
	is_int(set("remove", DT_RPATH, NULL), 0, "remove");
	ok(read_info("remove") == 0 && !info.rpath && !info.runpath, "remove: no search path left");
	is_int(size_of("remove"), size_of("rp"), "remove: in place");
	ok(runs("remove"), "remove: still runs");

	copy("rp", "to-runpath");
	is_int(set("to-runpath", DT_RUNPATH, old), 0, "RPATH -> RUNPATH, same value");
	ok(read_info("to-runpath") == 0 && !info.rpath && info.runpath && !strcmp(info.runpath, old),
	   "RPATH -> RUNPATH: only DT_RUNPATH");
	is_int(size_of("to-runpath"), size_of("rp"), "RPATH -> RUNPATH: in place");

	snprintf(flags, sizeof flags, "-Wl,--enable-new-dtags,-rpath,%s", old);
	ok(build("runp", flags), "build a program with a DT_RUNPATH");
	copy("runp", "conv");
	is_int(set("conv", DT_RPATH, "/short"), 0, "RUNPATH -> RPATH");
	ok(read_info("conv") == 0 && info.rpath && !strcmp(info.rpath, "/short") && !info.runpath,
	   "RUNPATH -> RPATH: only DT_RPATH, with the new value");
	is_int(size_of("conv"), size_of("runp"), "RUNPATH -> RPATH: in place");
	copy("runp", "conv-long");
	is_int(set("conv-long", DT_RPATH, long_path()), 0, "RUNPATH -> longer RPATH");
	ok(read_info("conv-long") == 0 && info.rpath && !strcmp(info.rpath, long_path()) && !info.runpath,
	   "RUNPATH -> longer RPATH: only DT_RPATH");
	ok(runs("conv-long") && layout_ok("conv-long"), "RUNPATH -> longer RPATH: runs, layout holds");
}

static void grown(const char *base, const char *what)
{
	char name[64];
	snprintf(name, sizeof name, "%s-grown", base);
	copy(base, name);
	is_int(set(name, DT_RPATH, long_path()), 0, "%s: set a long path", what);
	ok(read_info(name) == 0 && info.rpath && !strcmp(info.rpath, long_path()) && !info.runpath,
	   "%s: readers see exactly the new DT_RPATH", what);
	ok(size_of(name) > size_of(base), "%s: the file grew", what);
	ok(layout_ok(name), "%s: headers hold together", what);
	ok(runs(name), "%s: still runs", what);
	ok(sh("cd %s && cmp -s %s %s-orig", dir, base, base) == 0, "%s: the input is unchanged", what);
}

static void growth(void)
{
	ok(build("plain", ""), "build a program without a search path");
	sh("cp %s/plain %s/plain-orig", dir, dir);
	grown("plain", "PIE, no entry yet");

	ok(build("withrp", "-Wl,--disable-new-dtags,-rpath,/a"), "build a program with a short DT_RPATH");
	sh("cp %s/withrp %s/withrp-orig", dir, dir);
	grown("withrp", "PIE, entry exists");

	if (build("nopie", "-no-pie")) {
		sh("cp %s/nopie %s/nopie-orig", dir, dir);
		grown("nopie", "non-PIE");
	} else {
		skip("non-PIE: cc cannot link -no-pie");
	}

	copy("plain", "full");
	ok(no_spare_slots("full") == 0, "fill the spare slots of the dynamic table");
	sh("cp %s/full %s/full-orig", dir, dir);
	GElf_Off before = dynamic_offset("full");
	grown("full", "no spare slot");
	ok(dynamic_offset("full-grown") != before, "no spare slot: the dynamic table moved");
	ok(dynamic_symbol_ok("full-grown"), "no spare slot: _DYNAMIC follows it");

	copy("full-grown", "twice");
	is_int(set("twice", DT_RPATH, "/in/place"), 0, "after growth: in place");
	ok(runs("twice") && layout_ok("twice"), "after growth, in place: runs, layout holds");
	char longer[1024];
	snprintf(longer, sizeof longer, "%s:%s", long_path(), long_path());
	is_int(set("twice", DT_RPATH, longer), 0, "grow a second time");
	ok(read_info("twice") == 0 && info.rpath && !strcmp(info.rpath, longer), "second growth: new value");
	ok(runs("twice") && layout_ok("twice"), "second growth: runs, layout holds");
	is_int(set("twice", DT_RPATH, "XORIGIN/../lib"), 0, "a placeholder path, in place");
	is_int(rpath_fix_xorigin(at("twice")), 1, "the XORIGIN fix works on a grown file");
	ok(read_info("twice") == 0 && info.rpath && !strcmp(info.rpath, "$ORIGIN/../lib") && runs("twice"),
	   "the fixed grown file runs");
	is_int(set("twice", DT_RPATH, NULL), 0, "remove from a grown file");
	ok(read_info("twice") == 0 && !info.rpath && runs("twice"), "removed: runs");

	if (build("m32", "-m32") && runs("m32")) {
		sh("cp %s/m32 %s/m32-orig", dir, dir);
		grown("m32", "32-bit");
		copy("m32", "m32full");
		ok(no_spare_slots("m32full") == 0, "32-bit: fill the spare slots");
		sh("cp %s/m32full %s/m32full-orig", dir, dir);
		grown("m32full", "32-bit, no spare slot");
		ok(dynamic_symbol_ok("m32full-grown"), "32-bit: _DYNAMIC follows the dynamic table");
	} else {
		skip("32-bit: cc -m32 cannot build and run here");
	}
}

/* A string shared with another one must not be overwritten in place. */
static void shared(void)
{
	ok(build("needs", "-Wl,--disable-new-dtags,-rpath,/some/where"), "build a program for sharing");
	/* the DT_RPATH string becomes the tail of libc's name: "c.so.6" */
	copy("needs", "tail");
	struct zelf z;
	GElf_Dyn d;
	GElf_Xword needed = 0;
	if (zelf_open(&z, at("tail")) == 0) {
		for (size_t i = 0; i < z.ndyn; i++) {
			const char *s;
			if (zelf_dyn_get(&z, i, &d) == 0 && d.d_tag == DT_NEEDED
			    && (s = zelf_dynstr(&z, d.d_un.d_val)) && !strcmp(s, "libc.so.6"))
				needed = d.d_un.d_val;
		}
		zelf_close(&z);
	}
	ok(needed > 0, "find libc.so.6 among the needed libraries");
	ok(poke_dyn("tail", DT_RPATH, DT_RPATH, needed + 3, 0) == 0, "point DT_RPATH at the tail of libc.so.6");
	is_int(set("tail", DT_RPATH, "/x"), 0, "set a short path");
	ok(read_info("tail") == 0 && info.nneeded && !strcmp(info.needed[info.nneeded - 1], "libc.so.6")
	   && info.rpath && !strcmp(info.rpath, "/x"), "libc.so.6 is intact, the path is new");
	ok(runs("tail"), "the program still runs");

	copy("needs", "same");
	ok(poke_dyn("same", DT_RPATH, DT_RPATH, needed, 0) == 0, "point DT_RPATH at libc.so.6 itself");
	is_int(set("same", DT_RPATH, "/x"), 0, "set a short path");
	ok(read_info("same") == 0 && info.nneeded && !strcmp(info.needed[info.nneeded - 1], "libc.so.6")
	   && runs("same"),
	   "libc.so.6 is intact and the program runs");
}

static void must_fail(const char *name, const char *what)
{
	zfail("%s", "");
	int r = rpath_set(at(name), DT_RPATH, long_path());
	ok(r == -1 && *zwhy(), "%s: fails (%s)", what, zwhy());
}

static void corrupt(void)
{
	copy("plain", "half");
	ok(truncate(at("half"), size_of("plain") / 2) == 0, "truncate a copy to half");
	must_fail("half", "truncated to half");
	copy("plain", "stub");
	ok(truncate(at("stub"), 100) == 0, "truncate a copy to 100 bytes");
	must_fail("stub", "truncated to 100 bytes");
	sh("printf 'not an ELF file\\n' > %s/text", dir);
	must_fail("text", "not ELF");

	copy("plain", "dyn-past-eof");
	struct zelf z;
	int edited = -1;
	if (zelf_open(&z, at("dyn-past-eof")) == 0) {
		for (size_t i = 0; i < z.phnum; i++) {
			GElf_Phdr ph;
			if (gelf_getphdr(z.elf, (int)i, &ph) && ph.p_type == PT_DYNAMIC) {
				ph.p_offset = z.filesize + 0x10000;
				edited = put(&z, z.ehdr.e_phoff + i * z.ehdr.e_phentsize, ELF_T_PHDR, &ph);
			}
		}
		zelf_close(&z);
	}
	ok(edited == 0, "move PT_DYNAMIC past the end of the file");
	must_fail("dyn-past-eof", "PT_DYNAMIC past EOF");

	copy("plain", "no-null");
	ok(poke_dyn("no-null", DT_NULL, DT_DEBUG, 0, 1) == 0, "replace every DT_NULL");
	must_fail("no-null", "no DT_NULL");

	copy("withrp", "bad-string");
	ok(poke_dyn("bad-string", DT_RPATH, DT_RPATH, 0x7fffffff, 0) == 0, "point DT_RPATH past the table");
	must_fail("bad-string", "string offset past the table");

	/* The header of the section before .dynamic hidden (SHT_NULL at offset
	 * 0): bytes that no section describes, which a writer filling the gaps
	 * around an edited section would overwrite.  Only the bytes that
	 * change are written. */
	copy("withrp", "hidden");
	edited = -1;
	if (zelf_open(&z, at("hidden")) == 0) {
		Elf_Scn *scn = NULL, *before = NULL;
		GElf_Shdr sh, bsh = { 0 };
		while ((scn = elf_nextscn(z.elf, scn)))
			if (gelf_getshdr(scn, &sh) && sh.sh_type != SHT_NOBITS && sh.sh_size
			    && sh.sh_offset < z.dyn_phdr.p_offset && sh.sh_offset >= bsh.sh_offset) {
				before = scn;
				bsh = sh;
			}
		if (before) {
			bsh.sh_type = SHT_NULL;
			bsh.sh_offset = bsh.sh_size = 0;
			edited = put(&z, z.ehdr.e_shoff + elf_ndxscn(before) * z.ehdr.e_shentsize,
				     ELF_T_SHDR, &bsh);
		}
		zelf_close(&z);
	}
	ok(edited == 0 && runs("hidden"), "hide the header of the section before .dynamic");
	copy("hidden", "hidden-rm");
	is_int(set("hidden-rm", DT_RPATH, NULL), 0, "hidden section header: remove the path");
	long dyn_lo = -1, dyn_hi = -1;
	if (zelf_open(&z, at("hidden")) == 0) {
		dyn_lo = (long)z.dyn_phdr.p_offset;
		dyn_hi = dyn_lo + (long)z.dyn_phdr.p_filesz;
		zelf_close(&z);
	}
	ok(differing("hidden", "hidden-rm") > 0
	   && differing_outside("hidden", "hidden-rm", dyn_lo, dyn_hi) == 0,
	   "hidden section header: only the dynamic table changed");
	ok(read_info("hidden-rm") == 0 && !info.rpath && runs("hidden-rm"),
	   "hidden section header: no path left, still runs");
	copy("hidden", "hidden-grown");
	is_int(set("hidden-grown", DT_RPATH, long_path()), 0, "hidden section header: grow");
	ok(read_info("hidden-grown") == 0 && info.rpath && !strcmp(info.rpath, long_path())
	   && runs("hidden-grown"), "hidden section header: grown, still runs");

	copy("withrp", "bad-strsz");
	ok(poke_dyn("bad-strsz", DT_STRSZ, DT_STRSZ, 0x7fffffff, 0) == 0, "make DT_STRSZ huge");
	must_fail("bad-strsz", "DT_STRSZ larger than the section");

	if (build("static", "-static"))
		must_fail("static", "a static program");
	else
		skip("static: no static C library");

	/* Random damage to the headers: any result but a crash will do. */
	unsigned seed = 12345;
	int done = 0;
	for (int i = 0; i < 200; i++) {
		copy("plain", "fuzz");
		FILE *f = fopen(at("fuzz"), "r+b");
		if (!f)
			break;
		for (int k = 0; k < 4; k++) {
			seed = seed * 1103515245u + 12345u;
			fseek(f, (long)((seed >> 8) % 4096), SEEK_SET);
			putc((int)(seed >> 20) & 0xff, f);
		}
		fclose(f);
		rpath_set(at("fuzz"), DT_RPATH, (i & 1) ? long_path() : "/s");
		done++;
	}
	is_int(done, 200, "200 copies with damaged headers: no crash");
}

/* Run f(name) in a child that SIGALRM ends after 5 s: how it ended, as
 * the exit status (f's result + 1: 0 for -1, 1 for 0, ...) or 128 + the
 * signal. */
static int bounded(int (*f)(const char *), const char *name)
{
	pid_t pid = fork();
	int st;
	if (pid == 0) {
		alarm(5);
		_exit(f(at(name)) + 1);
	}
	if (pid < 0 || waitpid(pid, &st, 0) != pid)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static int set_long(const char *p) { return rpath_set(p, DT_RPATH, long_path()); }
static int set_short(const char *p) { return rpath_set(p, DT_RPATH, "/s"); }
static int remove_path(const char *p) { return rpath_set(p, DT_RPATH, NULL); }
static int fix(const char *p) { return rpath_fix_xorigin(p); }
static int open_says_why(const char *p)
{
	struct zelf z;
	zfail("%s", "");
	return zelf_open(&z, p) < 0 && strstr(zwhy(), "not a regular file") ? 0 : -1;
}

/* Make the last byte of the dynamic string table (a NUL) a letter and point
 * DT_NEEDED at it: a string without a terminator inside the table. */
static int unterminated_needed(const char *name)
{
	struct zelf z;
	struct zpatches p = { 0 };
	GElf_Shdr sh;
	void *buf;
	int r = -1;
	if (zelf_open(&z, at(name)) < 0)
		return -1;
	size_t strsz = z.strsz;
	if (z.str_scn && gelf_getshdr(z.str_scn, &sh) && sh.sh_size == strsz
	    && zpatches_add(&p, sh.sh_offset + strsz - 1, 1, &buf) == 0) {
		*(char *)buf = 'A';
		r = zelf_write(&z, &p, z.filesize);
	}
	zpatches_free(&p);
	zelf_close(&z);
	return r < 0 ? -1 : poke_dyn(name, DT_NEEDED, DT_NEEDED, strsz - 1, 0);
}

/* Files the edits must refuse at once, leaving them as they are. */
static void refused(void)
{
	if (mkfifo(at("fifo"), 0644) == 0) {
		is_int(bounded(set_long, "fifo"), 0, "a FIFO: rpath_set fails at once");
		is_int(bounded(remove_path, "fifo"), 0, "a FIFO: removing the path fails at once");
		is_int(bounded(fix, "fifo"), 0, "a FIFO: rpath_fix_xorigin fails at once");
		is_int(bounded(open_says_why, "fifo"), 1, "a FIFO: zelf_open fails and says why");
	} else {
		skip("no FIFO here");
	}
	ok(mkdir(at("a-dir"), 0755) == 0 && bounded(set_long, "a-dir") == 0,
	   "a directory: rpath_set fails");

	copy("withrp", "no-nul");
	ok(unterminated_needed("no-nul") == 0, "point DT_NEEDED at an unterminated last string");
	copy("no-nul", "no-nul-orig");
	int (*edits[])(const char *) = { set_long, set_short, remove_path, fix };
	const char *what[] = { "a long path (growth)", "a short path (in place)", "removal",
			       "the XORIGIN fix" };
	for (int i = 0; i < 4; i++) {
		copy("no-nul-orig", "no-nul");
		copy("no-nul", "no-nul-before");
		zfail("%s", "");
		is_int(bounded(edits[i], "no-nul"), 0, "unterminated DT_NEEDED: %s fails", what[i]);
		ok(differing("no-nul-before", "no-nul") == 0, "unterminated DT_NEEDED: %s leaves the file as it was",
		   what[i]);
	}
	copy("no-nul-orig", "no-nul");
	zfail("%s", "");
	ok(rpath_set(at("no-nul"), DT_RPATH, long_path()) < 0 && strstr(zwhy(), "not terminated"),
	   "unterminated DT_NEEDED: the reason is given (%s)", zwhy());
}

int main(void)
{
	if (scratch_make("zapp-unit-rpath") < 0)
		return printf("1..0 # skip no temporary directory\n"), 0;
	FILE *f = fopen(at("main.c"), "w");
	if (!f)
		return printf("1..0 # skip cannot write\n"), 0;
	fputs("#include <stdio.h>\nint main(void) { puts(\"hi\"); return 0; }\n", f);
	fclose(f);
	if (!build("probe", "")) {
		printf("1..0 # skip no C compiler\n");
		sh("rm -rf %s", dir);
		return 0;
	}
	in_place();
	growth();
	shared();
	corrupt();
	refused();
	elf_info_free(&info);
	int r = tap_done();
	if (!r)
		sh("rm -rf %s", dir);
	else
		printf("# files kept in %s\n", dir);
	return r;
}
