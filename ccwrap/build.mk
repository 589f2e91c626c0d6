# ccwrap/build.mk: the compiler and linker wrapper, one program installed
# under three names (the name picks the real tool).
CCWRAP_SRCS := $(wildcard ccwrap/*.c)
CCWRAP_OBJS := $(patsubst %.c,$(B)/obj/%.o,$(CCWRAP_SRCS))
CCWRAP_NAMES := zapp-cc zapp-c++ zapp-ld

$(B)/obj/ccwrap/%.o: ZCFLAGS += -Iccwrap

$(B)/bin/zapp-cc: $(CCWRAP_OBJS) $(B)/libzapp.a
	@mkdir -p $(dir $@)
	$(CC) $(ZLDFLAGS) -o $@.tmp $^ -lelf && mv -f $@.tmp $@

$(B)/bin/zapp-c++ $(B)/bin/zapp-ld: $(B)/bin/zapp-cc
	cp $< $@.tmp && mv -f $@.tmp $@

all: $(addprefix $(B)/bin/,$(CCWRAP_NAMES))
INSTALL_BIN += $(CCWRAP_NAMES)
INSTALL_MAN1 += docs/zapp-cc.1
