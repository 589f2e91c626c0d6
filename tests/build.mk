# tests/build.mk: C unit tests, each a TAP program in $(B)/tests/unit/.
# A unit test tests/unit/NAME.c links against libzapp.
UNIT_SRCS := $(wildcard tests/unit/*.c)
UNIT_BINS := $(patsubst tests/unit/%.c,$(B)/tests/unit/%,$(UNIT_SRCS))

$(B)/tests/unit/%: $(B)/obj/tests/unit/%.o $(B)/libzapp.a
	@mkdir -p $(dir $@)
	$(CC) $(ZLDFLAGS) -o $@.tmp $^ $(B)/libzapp.a -lelf && mv -f $@.tmp $@

all: $(UNIT_BINS)

# a unit test of a tool's own file links that file too (and libzapp.a
# again after it, for what that file needs of it)
$(B)/tests/unit/strace_log: $(B)/obj/zapp-assemble/strace_log.o
$(B)/tests/unit/interp_files: $(B)/obj/zapp-assemble/interp_files.o
$(B)/tests/unit/zrt_syslib: $(B)/obj/zapp-rt/syslib.o $(B)/obj/zapp-rt/paths.o
