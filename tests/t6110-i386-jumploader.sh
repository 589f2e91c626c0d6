#!/bin/sh
# The 32-bit x86 jumploader (jumploader-i386) keeps every launcher
# property t2000 checks for x86-64: argv[0] however invoked,
# /proc/self/exe, the pid, comm, the environment byte for byte, the
# Zapp's own loader and libc, the exit status, death by a signal, one
# execve.  The stories are t2000's, run with JL_ARCH=i386.

JL_ARCH=i386
. "$(dirname "$0")/lib.sh"

if ! printf '#include <errno.h>\n#include <stdio.h>\nint main(void){return errno;}\n' >m32.c ||
   ! gcc -m32 -o m32 m32.c 2>/dev/null || ! ./m32; then
	skip_all="gcc -m32 cannot build and run a 32-bit C program here (gcc-12-multilib, linux-libc-dev:i386)"
	test_done
fi

. "$ZAPP_SRC/tests/t2000-jumploader-basic.sh"
