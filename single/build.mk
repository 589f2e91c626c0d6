# single/build.mk: the stub of one-file Zapps (zapp-assemble --single),
# static, built with musl: it runs on any Linux of the machine, before
# anything of the Zapp is there.
SINGLE_ARCH := $(firstword $(subst -, ,$(shell $(CC) -dumpmachine)))

$(B)/single/single-$(SINGLE_ARCH).elf: single/stub.c single/pack.h single/build.mk $(B)/.deps-ok
	@mkdir -p $(dir $@)
	$(MUSL_CC) -std=c11 -D_GNU_SOURCE -Os -Wall -Wextra -Werror -Wshadow -static -o $@.tmp single/stub.c && mv -f $@.tmp $@

$(B)/lib/zapp/single-$(SINGLE_ARCH): $(B)/single/single-$(SINGLE_ARCH).elf
	@mkdir -p $(dir $@)
	strip -R .comment -o $@.tmp $< && mv -f $@.tmp $@

all: $(B)/lib/zapp/single-$(SINGLE_ARCH)
INSTALL_LIBZAPP += single-$(SINGLE_ARCH)
