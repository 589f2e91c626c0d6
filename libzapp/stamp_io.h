/* libzapp/stamp_io.h: the stamp record of jumploader copies (stamp.h). */
#ifndef ZAPP_STAMP_IO_H
#define ZAPP_STAMP_IO_H

#include "stamp.h"

/* A record read back, of either version; "" means the default. */
struct stamp_info {
	int version;			/* 1 to 4 */
	char target[ZAPP_STAMP_PATH_MAX];
	char libdir[ZAPP_STAMP_PATH_MAX];
	char top[ZAPP_STAMP_TOP_MAX];	/* "" in version 1 */
	char env[ZAPP_STAMP_ENV_MAX];	/* NAME=VALUE\0...\0; version 1: none */
	char script[ZAPP_STAMP_PATH_MAX];	/* a script's launcher: its script; "" */
	int nargs;			/* ... its interpreter's arguments: */
	char args[ZAPP_STAMP_ARGS_MAX];	/* nargs strings, each \0-ended */
	char program[ZAPP_STAMP_PATH_MAX];	/* ... in direct mode its interpreter's
						   program (version 4); "" */
};

/* Read the record: target and libdir get ZAPP_STAMP_PATH_MAX bytes each
 * ("" means the default).  -1 with zwhy() when path is no jumploader. */
int stamp_read(const char *path, char *target, char *libdir);
/* All of it; the env strings are checked to be well formed (each one
 * NAME=VALUE, the list ended inside the record): -1 with zwhy() if not. */
int stamp_read_info(const char *path, struct stamp_info *si);
int stamp_is_jumploader(const char *path);
/* Overwrite the record of a copy: no environment. */
int stamp_write(const char *path, const char *target, const char *libdir);
/* ... with top and the env strings (NULL-terminated NAME=VALUE array, or
 * NULL): a version 1 jumploader takes none (refused with zwhy()). */
int stamp_write_env(const char *path, const char *target, const char *libdir,
		    const char *top, char *const *env);

/* The launcher of a script (stamp.h, versions 3 and 4): interp, the
 * launcher of its interpreter, args (NULL-terminated, or NULL) before
 * script; in direct mode (program not NULL) the interpreter's program,
 * and libdir, top and env (NULL-terminated NAME=VALUE array, or NULL) of
 * interp's launcher, each path relative to this launcher's directory. */
struct stamp_script {
	const char *interp;
	char *const *args;
	const char *script;
	const char *program, *libdir, *top;
	char *const *env;
};
/* An older jumploader has no room for a script (version 1 and 2), or for
 * direct mode (version 3): refused with zfail(). */
int stamp_write_script(const char *path, const struct stamp_script *sc);
/* The version of path's record, or -1 with zwhy(). */
int stamp_version(const char *path);

#endif
