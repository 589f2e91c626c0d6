/* libzapp/stamp.h: the record that zapp-assemble stamps into each copy of
 * the jumploader, telling it where its program and its libraries are, and
 * which environment variables to set for it.
 *
 * The jumploader carries one struct zapp_stamp in a section of its own,
 * ZAPP_STAMP_SECTION.  zapp-assemble finds that section through the section
 * headers (libelf) of its copy and overwrites the struct; the jumploader
 * reads it at run time.  Every path is relative to the directory holding
 * the jumploader (its real location, from /proc/self/exe).  An empty string
 * means the default:
 *   target  ""  ->  "../dynbin/" + the jumploader's own file name
 *   libdir  ""  ->  "../lib"
 *   top     ""  ->  ".."  (the top of the Zapp: what $ZAPP is)
 *
 * Version 2 (magic ZAPP-STAMP-2) adds top and env: NAME=VALUE strings, each
 * ended by a NUL, the list ended by an empty string.  In a VALUE, $ZAPP and
 * ${ZAPP} (not followed by a letter, digit or '_') stand for the Zapp's
 * real location; the jumploader sets each variable that is not in its
 * environment (a variable set, even empty, is never replaced).  An entry
 * that starts with ZAPP_STAMP_IF_LOCALE ('?', no part of its name) is set
 * only when the locale the environment asks for (LC_ALL, LC_CTYPE, LANG)
 * is in the first directory of its value, or none is asked for (LOCPATH:
 * see runenv.c).  An empty env sets nothing and costs nothing.  Version 1 (ZAPP-STAMP-1) is the
 * same record without top and env: launchers of older Zapps carry it, and
 * the tools read every version (stamp_io.c).
 *
 * Version 3 (magic ZAPP-STAMP-3) adds the launcher of a script: when
 * script is not empty, the jumploader runs no program itself; it execs
 * target (then the launcher of the script's interpreter, or a static
 * interpreter) with the arguments args (its first byte their count, 0
 * to 127, then each ended by a NUL: an argument may be empty) and the
 * script's real path before its own arguments,
 * the environment as it is: what the kernel does for a #! line, with the
 * interpreter found in the Zapp.  libdir, top and env are unused then.
 *
 * Version 4 (magic ZAPP-STAMP-4) adds program, for a script's launcher
 * only: "" is the launcher above (exec mode); otherwise the launcher is
 * in direct mode: it maps program (the interpreter's real program, which
 * target's launcher starts) and its loader itself, as a program's
 * launcher does, with libdir, top and env those of target's launcher
 * seen from this directory, and hands it the argv the exec mode passes
 * target (zapp-assemble decides when that is the same: scripts.c).
 *
 * This header is shared by the freestanding jumploader and the hosted tools:
 * it must stay plain C with no includes.
 */
#ifndef ZAPP_STAMP_H
#define ZAPP_STAMP_H

#define ZAPP_STAMP_SECTION ".zapp_stamp"
#define ZAPP_STAMP_MAGIC "ZAPP-STAMP-4"	/* 12 chars, NUL-padded to 16 */
#define ZAPP_STAMP_MAGIC_V3 "ZAPP-STAMP-3"
#define ZAPP_STAMP_MAGIC_V2 "ZAPP-STAMP-2"
#define ZAPP_STAMP_MAGIC_V1 "ZAPP-STAMP-1"
#define ZAPP_STAMP_PATH_MAX 512
#define ZAPP_STAMP_TOP_MAX 256		/* "../../.." for 85 levels */
#define ZAPP_STAMP_ENV_MAX 3072		/* the env strings, every NUL counted */
#define ZAPP_STAMP_ARGS_MAX 256		/* a script's interpreter arguments, counted */
#define ZAPP_STAMP_TOKEN "ZAPP"		/* $ZAPP, ${ZAPP} */
#define ZAPP_STAMP_IF_LOCALE '?'

struct zapp_stamp {
	char magic[16];
	char target[ZAPP_STAMP_PATH_MAX];
	char libdir[ZAPP_STAMP_PATH_MAX];
	/* version 2 on */
	char top[ZAPP_STAMP_TOP_MAX];
	char env[ZAPP_STAMP_ENV_MAX];
	/* version 3 on */
	char script[ZAPP_STAMP_PATH_MAX];
	char args[ZAPP_STAMP_ARGS_MAX];
	/* version 4 on */
	char program[ZAPP_STAMP_PATH_MAX];	/* a script's launcher: "" or direct mode */
};

/* The bytes of a version 1 record: magic, target, libdir. */
#define ZAPP_STAMP_V1_SIZE (16 + 2 * ZAPP_STAMP_PATH_MAX)
/* ... and of a version 2 record: with top and env. */
#define ZAPP_STAMP_V2_SIZE (ZAPP_STAMP_V1_SIZE + ZAPP_STAMP_TOP_MAX + ZAPP_STAMP_ENV_MAX)
/* ... and of a version 3 record: with script and args. */
#define ZAPP_STAMP_V3_SIZE (ZAPP_STAMP_V2_SIZE + ZAPP_STAMP_PATH_MAX + ZAPP_STAMP_ARGS_MAX)

#endif
