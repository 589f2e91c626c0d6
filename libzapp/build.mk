# libzapp/build.mk: code shared by the tools (ELF access through libelf,
# search paths, messages), as one static library.
LIBZAPP_SRCS := $(wildcard libzapp/*.c)
LIBZAPP_OBJS := $(patsubst %.c,$(B)/obj/%.o,$(LIBZAPP_SRCS))

$(B)/libzapp.a: $(LIBZAPP_OBJS)
	@rm -f $@
	ar rcs $@ $^
