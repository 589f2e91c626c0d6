# zapp-rt/build.mk: libzapp-rt.so.1, the run-time redirection library that
# zapp-assemble gives a Zapp's programs (docs/design.md, "Run-time
# redirection").
#
# Linked against libc.so.6 alone, binding only symbols of the oldest
# version of the architecture (GLIBC_2.2.5 on x86_64), so it loads with
# any glibc from 2.34 on (the first with dl* in libc.so.6) that a Zapp
# may bundle; check-lib.sh refuses any other result.  Its own flags, as
# for the jumploader: no stack protector (__stack_chk_fail is a newer
# symbol), no calls the compiler makes up (memcpy), no SANITIZE=1.
RT_ARCH    := $(firstword $(subst -, ,$(shell $(CC) -dumpmachine)))
RT_BASE_x86_64 := GLIBC_2.2.5
RT_BASE_aarch64 := GLIBC_2.17
RT_BASE    := $(RT_BASE_$(RT_ARCH))
RT_SRCS    := zapp-rt/map.c zapp-rt/exec.c zapp-rt/spawn.c zapp-rt/system.c zapp-rt/popen.c zapp-rt/dl.c \
              zapp-rt/syslib.c zapp-rt/hostlibs.c zapp-rt/hostenv.c zapp-rt/paths.c zapp-rt/util.c
RT_CFLAGS  := -std=c11 -D_GNU_SOURCE -O2 -g -Wall -Wextra -Werror -Wshadow -fPIC -fvisibility=hidden \
              -fno-stack-protector -fno-tree-loop-distribute-patterns -fno-builtin \
              -fno-asynchronous-unwind-tables -fno-unwind-tables \
              -U_FORTIFY_SOURCE -DZRT_GLIBC_BASE='"$(RT_BASE)"'
# Cheap to load, as every program that can exec or dlopen loads it: no
# start files (nothing to run at load: no _init, no .init_array, no text
# page touched) and no RELRO, so that its writable data (the GOT and a few
# words of state, under 1.3 KB) is one page: one write fault where there
# were three and an mprotect (bench: -25 us of CPU on a dash launch of 690,
# two page faults fewer).  Its GOT stays writable, as its lazily bound
# .got.plt would be with RELRO too.
RT_LDFLAGS := -shared -nostartfiles -Wl,-soname,libzapp-rt.so.1 -Wl,--as-needed -Wl,-z,noexecstack \
              -Wl,-z,norelro -Wl,-z,noseparate-code -Wl,--hash-style=gnu -Wl,--build-id=none

# The runenv table's variables, for hostenv.c: printed by a tool linked
# with libzapp, so that the table stays the one in libzapp/runenv.c.
$(B)/zapp-rt/runenv_names: $(B)/obj/zapp-rt/runenv_names.o $(B)/libzapp.a
	@mkdir -p $(dir $@)
	$(CC) $(ZLDFLAGS) -o $@.tmp $^ && mv -f $@.tmp $@

$(B)/zapp-rt/runenv_names.h: $(B)/zapp-rt/runenv_names
	$< >$@.tmp && mv -f $@.tmp $@

$(B)/zapp-rt/libzapp-rt.so.1: $(RT_SRCS) zapp-rt/rt.h zapp-rt/interposed.h zapp-rt/build.mk $(B)/.deps-ok \
                              $(B)/zapp-rt/runenv_names.h
	@mkdir -p $(dir $@)
	$(CC) $(RT_CFLAGS) -I$(B)/zapp-rt $(RT_LDFLAGS) -o $@.tmp $(RT_SRCS) && mv -f $@.tmp $@

# Stripped of its debugging sections, and refused unless it loads anywhere.
$(B)/lib/zapp/libzapp-rt.so.1: $(B)/zapp-rt/libzapp-rt.so.1 zapp-rt/check-lib.sh zapp-rt/interposed.h
	@mkdir -p $(dir $@)
	strip --strip-unneeded -R .comment -o $@.tmp $<
	sh zapp-rt/check-lib.sh $@.tmp $(RT_BASE) zapp-rt/interposed.h
	mv -f $@.tmp $@

all: $(B)/lib/zapp/libzapp-rt.so.1
INSTALL_LIBZAPP += libzapp-rt.so.1
