/* libzapp/stamp_io.c: read and write the stamp record (stamp.h) of a
 * jumploader copy, through its section headers (libelf), in either version
 * of the record.  The file is only read through libelf; the new record is
 * written by zelf_write (elf_write.c), as every edit of an ELF file is. */
#include "stamp_io.h"
#include "runenv.h"
#include "zelf.h"
#include "report.h"

#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <string.h>
#include <unistd.h>

static Elf_Scn *stamp_section(Elf *elf)
{
	size_t shstrndx;
	Elf_Scn *scn = NULL;
	if (elf_kind(elf) != ELF_K_ELF || elf_getshdrstrndx(elf, &shstrndx) < 0)
		return NULL;
	while ((scn = elf_nextscn(elf, scn))) {
		GElf_Shdr sh;
		const char *name;
		if (gelf_getshdr(scn, &sh) && sh.sh_type == SHT_PROGBITS
		    && (name = elf_strptr(elf, shstrndx, sh.sh_name))
		    && strcmp(name, ZAPP_STAMP_SECTION) == 0)
			return scn;
	}
	return NULL;
}

/* The record of elf, its version in *version and in *off where it is in
 * the file.  A version 1 record is only the first ZAPP_STAMP_V1_SIZE bytes
 * of the struct, a version 2 one the first ZAPP_STAMP_V2_SIZE, a version
 * 3 one the first ZAPP_STAMP_V3_SIZE: nothing past them may be read. */
static const struct zapp_stamp *find_stamp(Elf *elf, GElf_Off *off, int *version)
{
	Elf_Scn *scn;
	Elf_Data *d;
	GElf_Shdr sh;
	const struct zapp_stamp *st;
	if (!(scn = stamp_section(elf)) || !gelf_getshdr(scn, &sh) || !(d = elf_getdata(scn, NULL))
	    || d->d_size < ZAPP_STAMP_V1_SIZE)
		return zfail("not a zapp jumploader: no %s section", ZAPP_STAMP_SECTION), NULL;
	st = d->d_buf;
	if (strncmp(st->magic, ZAPP_STAMP_MAGIC, sizeof st->magic) == 0 && d->d_size >= sizeof *st)
		*version = 4;
	else if (strncmp(st->magic, ZAPP_STAMP_MAGIC_V3, sizeof st->magic) == 0 && d->d_size >= ZAPP_STAMP_V3_SIZE)
		*version = 3;
	else if (strncmp(st->magic, ZAPP_STAMP_MAGIC_V2, sizeof st->magic) == 0 && d->d_size >= ZAPP_STAMP_V2_SIZE)
		*version = 2;
	else if (strncmp(st->magic, ZAPP_STAMP_MAGIC_V1, sizeof st->magic) == 0)
		*version = 1;
	else
		return zfail("not a zapp jumploader: the stamp record has no magic"), NULL;
	*off = sh.sh_offset;
	return st;
}

static void field(char *to, const char *from, size_t n)
{
	memcpy(to, from, n);
	to[n - 1] = '\0';
}

/* The interpreter's arguments of a record: a count, then as many
 * NUL-ended strings within the field (stamp.h); into si. */
static int args_read(const unsigned char *b, struct stamp_info *si)
{
	size_t at = 1;
	si->nargs = b[0];
	if (si->nargs > 127)
		return zfail("its stamp's interpreter arguments are corrupt (a count of %d)", si->nargs);
	for (int k = 0; k < si->nargs; k++) {
		while (at < ZAPP_STAMP_ARGS_MAX && b[at])
			at++;
		if (at++ >= ZAPP_STAMP_ARGS_MAX)
			return zfail("its stamp's interpreter arguments are corrupt (not ended)");
	}
	memcpy(si->args, b + 1, at - 1);
	return 0;
}

int stamp_read_info(const char *path, struct stamp_info *si)
{
	int fd, r = -1;
	Elf *elf = NULL;
	GElf_Off off;
	const struct zapp_stamp *st;
	memset(si, 0, sizeof *si);
	elf_version(EV_CURRENT);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return zfail("cannot open: %s", strerror(errno));
	if (!(elf = elf_begin(fd, ELF_C_READ_MMAP, NULL)))
		zfail("cannot read: %s", elf_errmsg(-1));
	else if ((st = find_stamp(elf, &off, &si->version))) {
		field(si->target, st->target, sizeof si->target);
		field(si->libdir, st->libdir, sizeof si->libdir);
		r = 0;
		if (si->version >= 2) {
			field(si->top, st->top, sizeof si->top);
			memcpy(si->env, st->env, sizeof si->env);
			if (runenv_block_check(si->env, sizeof si->env) < 0) {
				zfail("its stamp's environment entries are corrupt: %s", zwhy());
				r = -1;
			}
		}
		if (r == 0 && si->version >= 3) {
			field(si->script, st->script, sizeof si->script);
			if (si->script[0] && args_read((const unsigned char *)st->args, si) < 0)
				r = -1;
		}
		if (r == 0 && si->version >= 4)
			field(si->program, st->program, sizeof si->program);
	}
	if (elf)
		elf_end(elf);
	close(fd);
	return r;
}

int stamp_read(const char *path, char *target, char *libdir)
{
	static struct stamp_info si;
	if (stamp_read_info(path, &si) < 0)
		return -1;
	memcpy(target, si.target, ZAPP_STAMP_PATH_MAX);
	memcpy(libdir, si.libdir, ZAPP_STAMP_PATH_MAX);
	return 0;
}

int stamp_is_jumploader(const char *path)
{
	char t[ZAPP_STAMP_PATH_MAX], l[ZAPP_STAMP_PATH_MAX];
	return stamp_read(path, t, l) == 0;
}

int stamp_write_env(const char *path, const char *target, const char *libdir,
		    const char *top, char *const *env)
{
	struct zelf z;
	struct zpatches p = { 0 };
	const struct zapp_stamp *old;
	struct zapp_stamp *st;
	char block[ZAPP_STAMP_ENV_MAX];
	GElf_Off off;
	int r = -1, version;
	if (strlen(target) >= ZAPP_STAMP_PATH_MAX || strlen(libdir) >= ZAPP_STAMP_PATH_MAX)
		return zfail("the path to its program is longer than %d bytes", ZAPP_STAMP_PATH_MAX - 1);
	if (strlen(top) >= ZAPP_STAMP_TOP_MAX)
		return zfail("the path to the top of the Zapp is longer than %d bytes", ZAPP_STAMP_TOP_MAX - 1);
	if (runenv_block_pack(env, block, sizeof block) < 0)
		return -1;
	if (zelf_open(&z, path) < 0)
		return -1;
	if ((old = find_stamp(z.elf, &off, &version))) {
		if (version < 2 && (*top || block[0]))
			zfail("this jumploader's stamp record (%s) has no room for environment entries",
			      ZAPP_STAMP_MAGIC_V1);
		else if (zpatches_add(&p, off, version < 2 ? ZAPP_STAMP_V1_SIZE : version < 3 ? ZAPP_STAMP_V2_SIZE
				      : version < 4 ? ZAPP_STAMP_V3_SIZE : sizeof *st, (void **)&st) == 0) {
			memcpy(st->magic, old->magic, sizeof st->magic);
			memcpy(st->target, target, strlen(target));
			memcpy(st->libdir, libdir, strlen(libdir));
			if (version >= 2) {
				memcpy(st->top, top, strlen(top));
				memcpy(st->env, block, sizeof block);
			}
			r = zelf_write(&z, &p, z.filesize);
		}
	}
	zpatches_free(&p);
	zelf_close(&z);
	return r;
}

int stamp_write(const char *path, const char *target, const char *libdir)
{
	return stamp_write_env(path, target, libdir, "", NULL);
}

int stamp_write_script(const char *path, const struct stamp_script *sc)
{
	struct zelf z;
	struct zpatches p = { 0 };
	const struct zapp_stamp *old;
	struct zapp_stamp *st;
	char block[ZAPP_STAMP_ARGS_MAX] = "", env[ZAPP_STAMP_ENV_MAX] = "";
	size_t n = 1;
	GElf_Off off;
	int r = -1, version;
	const char *prog = sc->program ? sc->program : "", *libdir = sc->program ? sc->libdir : "";
	const char *top = sc->program ? sc->top : "";
	if (strlen(sc->interp) >= ZAPP_STAMP_PATH_MAX || strlen(sc->script) >= ZAPP_STAMP_PATH_MAX
	    || strlen(prog) >= ZAPP_STAMP_PATH_MAX || strlen(libdir) >= ZAPP_STAMP_PATH_MAX)
		return zfail("the path to its interpreter or script is longer than %d bytes", ZAPP_STAMP_PATH_MAX - 1);
	if (strlen(top) >= ZAPP_STAMP_TOP_MAX)
		return zfail("the path to the top of the Zapp is longer than %d bytes", ZAPP_STAMP_TOP_MAX - 1);
	if (!*sc->interp || !*sc->script)
		return zfail("no script or no interpreter");
	for (char *const *a = sc->args; a && *a; a++) {
		size_t l = strlen(*a) + 1;
		if (n + l > sizeof block || block[0] == 127)
			return zfail("its interpreter's arguments take more than %d bytes", ZAPP_STAMP_ARGS_MAX - 1);
		memcpy(block + n, *a, l);
		n += l;
		block[0]++;
	}
	if (sc->program && runenv_block_pack(sc->env, env, sizeof env) < 0)
		return -1;
	if (zelf_open(&z, path) < 0)
		return -1;
	if ((old = find_stamp(z.elf, &off, &version))) {
		if (version < 3)
			zfail("this jumploader's stamp record (%s) has no room for a script",
			      version < 2 ? ZAPP_STAMP_MAGIC_V1 : ZAPP_STAMP_MAGIC_V2);
		else if (version < 4 && *prog)
			zfail("this jumploader's stamp record (%s) has no room for a script's launcher in direct mode",
			      ZAPP_STAMP_MAGIC_V3);
		else if (zpatches_add(&p, off, version < 4 ? ZAPP_STAMP_V3_SIZE : sizeof *st, (void **)&st) == 0) {
			memcpy(st->magic, old->magic, sizeof st->magic);
			memcpy(st->target, sc->interp, strlen(sc->interp));
			memcpy(st->libdir, libdir, strlen(libdir));
			memcpy(st->top, top, strlen(top));
			memcpy(st->env, env, sizeof env);
			memcpy(st->script, sc->script, strlen(sc->script));
			memcpy(st->args, block, sizeof block);
			if (version >= 4)
				memcpy(st->program, prog, strlen(prog));
			r = zelf_write(&z, &p, z.filesize);
		}
	}
	zpatches_free(&p);
	zelf_close(&z);
	return r;
}

int stamp_version(const char *path)
{
	static struct stamp_info si;
	return stamp_read_info(path, &si) < 0 ? -1 : si.version;
}
