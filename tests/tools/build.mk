# tests/tools/build.mk: commands that only tests and benches use, built to
# $(B)/tests/tools/ and never installed.
TEST_TOOLS_SRCS := $(wildcard tests/tools/*.c)
TEST_TOOLS := $(patsubst tests/tools/%.c,$(B)/tests/tools/%,$(TEST_TOOLS_SRCS))

$(B)/tests/tools/%: $(B)/obj/tests/tools/%.o $(B)/libzapp.a
	@mkdir -p $(dir $@)
	$(CC) $(ZLDFLAGS) -o $@.tmp $^ -lelf && mv -f $@.tmp $@

all: $(TEST_TOOLS)
