# jumploader/build.mk: the jumploader, bin/NAME of every Zapp.
#
# A freestanding static-pie: no C library, no loader, no relocations.  It is
# built with $(MUSL_CC) and uses no libc at all (only the compiler's own
# freestanding headers); --no-dynamic-linker keeps musl-gcc's link spec from
# giving the static-pie a PT_INTERP (check-image.sh refuses one).  The
# stripped result keeps its section headers: zapp-assemble finds the
# .zapp_stamp section through them.
# $(CFLAGS) and SANITIZE=1 do not apply to it: its flags are part of what
# makes it work (no stack protector, no libc, no relocations).

# The architecture is the compiler's, as for the tools (libzapp/target.c
# names the jumploader "jumploader-" + the same word; tests/unit/target
# checks that the two agree).  An x86-64 build also makes the 32-bit x86
# one, jumploader-i386, from the same sources with $(CC) -m32: it needs no
# 32-bit C library, only the compiler's own headers.  JL_ARCHS are those
# built, each with the compiler JL_CC_<arch>.
#
# AArch64's, jumploader-aarch64, is built with Debian's cross compiler
# when it is installed (make deps installs it), so that an x86-64 machine
# assembles Zapps for AArch64 from a --sysroot; without it, assembling one
# says which jumploader is missing.  On AArch64 the linker does not relax
# calls through the GOT as x86's does: no -fno-plt there (it would leave
# relocations), and its kernels may have 64 KiB pages.
JL_ARCH     := $(firstword $(subst -, ,$(shell $(CC) -dumpmachine)))
JL_ARCHS    := $(JL_ARCH)
JL_CC_$(JL_ARCH) := $(MUSL_CC)
JL_CROSS_aarch64 := aarch64-linux-gnu-gcc
ifeq ($(JL_ARCH),x86_64)
JL_ARCHS    += i386
JL_CC_i386  := $(CC) -m32
ifneq ($(shell command -v $(JL_CROSS_aarch64) 2>/dev/null),)
JL_ARCHS    += aarch64
JL_CC_aarch64 := $(JL_CROSS_aarch64)
JL_STRIP_aarch64 := aarch64-linux-gnu-strip
endif
endif
JL_FLAGS_x86_64  := -fno-plt -Wl,-z,max-page-size=4096
JL_FLAGS_i386    := -fno-plt -Wl,-z,max-page-size=4096
JL_FLAGS_aarch64 := -Wl,-z,max-page-size=65536
JL_SRCS     := jumploader/jumploader.c jumploader/elf_check.c
JL_HDRS     := jumploader/elf_check.h jumploader/arch.h libzapp/stamp.h
JL_MAX_SIZE := 24576
JL_STRIP    ?= strip
JL_CFLAGS   := -std=c11 -Os -Wall -Wextra -Werror -Wshadow \
               -ffreestanding -nostdinc \
               -fPIE -fvisibility=hidden -fno-stack-protector \
               -fno-asynchronous-unwind-tables -fno-unwind-tables \
               -fno-tree-loop-distribute-patterns \
               -ffunction-sections -fdata-sections -Ilibzapp -Ijumploader
JL_LDFLAGS  := -nostdlib -static-pie -Wl,--no-dynamic-linker -Wl,--gc-sections \
               -Wl,-z,noexecstack -Wl,-z,norelro -Wl,-z,noseparate-code \
               -Wl,--build-id=none -Wl,--hash-style=gnu

# Unstripped, with symbols, for debugging.
$(B)/jumploader/jumploader-%.elf: $(JL_SRCS) $(JL_HDRS) jumploader/arch/%.h jumploader/build.mk $(B)/.deps-ok
	@mkdir -p $(dir $@)
	$(JL_CC_$*) $(JL_CFLAGS) -isystem $$($(firstword $(JL_CC_$*)) -print-file-name=include) $(JL_FLAGS_$*) \
		$(JL_LDFLAGS) -o $@ $(JL_SRCS)

# Stripped, and refused unless it is what a jumploader must be.
$(B)/lib/zapp/jumploader-%: $(B)/jumploader/jumploader-%.elf jumploader/check-image.sh
	@mkdir -p $(dir $@)
	$(or $(JL_STRIP_$*),$(JL_STRIP)) -R .comment -o $@.tmp $<
	sh jumploader/check-image.sh $@.tmp $(JL_MAX_SIZE)
	mv -f $@.tmp $@

all: $(addprefix $(B)/lib/zapp/jumploader-,$(JL_ARCHS))
INSTALL_LIBZAPP += $(addprefix jumploader-,$(JL_ARCHS))
# Section 7: the install rule does not handle it yet.
INSTALL_MAN7 += jumploader/zapp-jumploader.7

# The unit test of elf_check.c links the hosted build of that file (through
# the $(B)/obj pattern rule), not libzapp.
$(B)/tests/unit/jumploader_elf_check: $(B)/obj/tests/unit/jumploader_elf_check.o \
                                      $(B)/obj/jumploader/elf_check.o
	@mkdir -p $(dir $@)
	$(CC) $(ZLDFLAGS) -o $@ $^
