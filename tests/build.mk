# tests/build.mk: C unit tests, each a TAP program in $(B)/tests/unit/.
# A unit test tests/unit/NAME.c links against libzapp.
UNIT_SRCS := $(wildcard tests/unit/*.c)
UNIT_BINS := $(patsubst tests/unit/%.c,$(B)/tests/unit/%,$(UNIT_SRCS))

$(B)/tests/unit/%: $(B)/obj/tests/unit/%.o $(B)/libzapp.a
	@mkdir -p $(dir $@)
	$(CC) $(ZLDFLAGS) -o $@.tmp $^ -lelf && mv -f $@.tmp $@

all: $(UNIT_BINS)

# a unit test of a tool's own file links that file too
$(B)/tests/unit/strace_log: $(B)/obj/zapp-assemble/strace_log.o
