# zapp-assemble/build.mk: zapp-assemble, and zapp-check which shares its
# view of a Zapp.
ASSEMBLE_SRCS := $(filter-out zapp-assemble/check%.c,$(wildcard zapp-assemble/*.c))
ASSEMBLE_OBJS := $(patsubst %.c,$(B)/obj/%.o,$(ASSEMBLE_SRCS))

$(B)/obj/zapp-assemble/%.o: ZCFLAGS += -Izapp-assemble -I$(B)/zapp-assemble

# The installer's script, as a C string (installer.c).
$(B)/zapp-assemble/installer_sh.h: zapp-assemble/installer.sh zapp-assemble/build.mk
	@mkdir -p $(dir $@)
	{ echo '/* generated from zapp-assemble/installer.sh */'; echo 'static const char installer_sh[] ='; \
	  sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/\t"/' -e 's/$$/\\n"/' $<; echo ';'; } >$@.tmp && mv -f $@.tmp $@
$(B)/obj/zapp-assemble/installer.o: $(B)/zapp-assemble/installer_sh.h

$(B)/bin/zapp-assemble: $(ASSEMBLE_OBJS) $(B)/libzapp.a
	@mkdir -p $(dir $@)
	$(CC) $(ZLDFLAGS) -o $@.tmp $^ -lelf -larchive -lcrypto && mv -f $@.tmp $@

CHECK_SRCS := $(wildcard zapp-assemble/check*.c) zapp-assemble/plan.c zapp-assemble/plan_imports.c \
	zapp-assemble/interp_files.c
CHECK_OBJS := $(patsubst %.c,$(B)/obj/%.o,$(CHECK_SRCS))

$(B)/bin/zapp-check: $(CHECK_OBJS) $(B)/libzapp.a
	@mkdir -p $(dir $@)
	$(CC) $(ZLDFLAGS) -o $@.tmp $^ -lelf && mv -f $@.tmp $@

all: $(B)/bin/zapp-assemble $(B)/bin/zapp-check
INSTALL_BIN += zapp-assemble zapp-check
INSTALL_MAN1 += docs/zapp-assemble.1 docs/zapp-check.1
