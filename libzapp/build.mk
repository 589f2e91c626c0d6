# libzapp/build.mk: code shared by the tools (ELF access through libelf,
# search paths, messages), as one static library.  The jumploader's
# validator (jumploader/elf_check.c, freestanding C that also builds
# hosted) is part of it: launch_check.c applies it, so that the tools
# refuse what the jumploader refuses.
LIBZAPP_SRCS := $(wildcard libzapp/*.c)
LIBZAPP_OBJS := $(patsubst %.c,$(B)/obj/%.o,$(LIBZAPP_SRCS)) $(B)/obj/jumploader/elf_check.o

$(B)/obj/libzapp/%.o: ZCFLAGS += -Ijumploader

$(B)/libzapp.a: $(LIBZAPP_OBJS)
	@rm -f $@
	ar rcs $@ $^
