# zapp-dedup/build.mk: zapp-dedup, which hard-links the files several Zapps
# hold with the same bytes.
DEDUP_SRCS := $(wildcard zapp-dedup/*.c)
DEDUP_OBJS := $(patsubst %.c,$(B)/obj/%.o,$(DEDUP_SRCS))

$(B)/bin/zapp-dedup: $(DEDUP_OBJS) $(B)/libzapp.a
	@mkdir -p $(dir $@)
	$(CC) $(ZLDFLAGS) -o $@.tmp $^ -lelf -lcrypto && mv -f $@.tmp $@

all: $(B)/bin/zapp-dedup
INSTALL_BIN += zapp-dedup
INSTALL_MAN1 += docs/zapp-dedup.1
