# ccwrap/build.mk: the compiler and linker wrappers.
#
# zapp-cc, zapp-c++ and zapp-ld are one program under three names (the name
# picks the real tool).  It is small and static, built with $(MUSL_CC) and
# without libelf, so that a compile step costs one execve of it before the
# compiler's own; its objects, the libzapp ones it uses included, are built
# apart in $(B)/obj/static/.  After a link it becomes lib/zapp/zapp-fix-rpath,
# a dynamic program with libzapp and libelf, which fixes XORIGIN in the
# output (ccwrap/fixer.h).  With SANITIZE=1 the wrapper is built like the
# other tools, with $(CC) and the sanitizers, which cannot link statically.
# The libzapp files it uses (path_basename, strlist, messages) and the ones
# they need: plain C, no libelf.
CCWRAP_SRCS  := ccwrap/main.c ccwrap/classify.c ccwrap/argv.c ccwrap/run.c ccwrap/fixer.c \
                libzapp/report.c libzapp/strlist.c libzapp/searchpath.c libzapp/target.c
CCWRAP_NAMES := zapp-cc zapp-c++ zapp-ld

$(B)/obj/ccwrap/%.o: ZCFLAGS += -Iccwrap

ifeq ($(SANITIZE),1)
CCWRAP_OBJS  := $(patsubst %.c,$(B)/obj/%.o,$(CCWRAP_SRCS))
CCWRAP_LINK  := $(CC) $(ZLDFLAGS)
else
# Unused functions are dropped and the code shares a segment with the
# headers and read-only data: each page fault saved is ~1% of the
# wrapper's own cost (bench/p0310-cc-call.sh, cc-alone).
CCWRAP_OBJS  := $(patsubst %.c,$(B)/obj/static/%.o,$(CCWRAP_SRCS))
CCWRAP_LINK  := $(MUSL_CC) $(ZLDFLAGS) -static -Wl,--gc-sections -Wl,-z,noseparate-code
# Written beside the target and renamed into place, as $(B)/obj/%.o.
$(B)/obj/static/%.o: %.c $(B)/.deps-ok
	@mkdir -p $(dir $@)
	$(MUSL_CC) $(ZCFLAGS) -Iccwrap -ffunction-sections -fdata-sections \
		-MMD -MP -MT $@ -MF $(@:.o=.d).tmp -c -o $@.tmp $< && \
	mv -f $(@:.o=.d).tmp $(@:.o=.d) && mv -f $@.tmp $@
endif

$(B)/bin/zapp-cc: $(CCWRAP_OBJS)
	@mkdir -p $(dir $@)
	$(CCWRAP_LINK) -o $@.tmp $^ && mv -f $@.tmp $@

$(B)/bin/zapp-c++ $(B)/bin/zapp-ld: $(B)/bin/zapp-cc
	cp $< $@.tmp && mv -f $@.tmp $@

$(B)/lib/zapp/zapp-fix-rpath: $(B)/obj/ccwrap/zapp-fix-rpath.o $(B)/libzapp.a
	@mkdir -p $(dir $@)
	$(CC) $(ZLDFLAGS) -o $@.tmp $^ -lelf && mv -f $@.tmp $@

all: $(addprefix $(B)/bin/,$(CCWRAP_NAMES)) $(B)/lib/zapp/zapp-fix-rpath
INSTALL_BIN += $(CCWRAP_NAMES)
INSTALL_LIBZAPP += zapp-fix-rpath
INSTALL_MAN1 += docs/zapp-cc.1
