# bench/build.mk: "make bench" and "make bench-quick", what zapp costs
# (bench/run.sh; results in bench/results.md, see there).  Include it from
# the top Makefile after the other build.mk files:
#
#   include bench/build.mk
#
# The helpers are built to $(B)/bench/ and never installed.  The bench uses
# tests/tools' set-rpath; its rules are taken from tests/tools/build.mk when
# the including Makefile has not read that file already.
ifeq ($(filter tests/tools/build.mk,$(MAKEFILE_LIST)),)
include tests/tools/build.mk
endif

BENCH_CFLAGS := -std=c11 -O2 -Wall -Wextra -Werror
BENCH_TOOLS  := $(B)/bench/spawnloop $(B)/bench/dynlist $(B)/bench/execloader

$(B)/bench/spawnloop $(B)/bench/dynlist: $(B)/bench/%: bench/%.c bench/build.mk $(B)/.deps-ok
	@mkdir -p $(dir $@)
	$(CC) $(BENCH_CFLAGS) -o $@ $<

# The exec-the-loader baseline is static, as such launchers are.
$(B)/bench/execloader: bench/execloader.c bench/build.mk $(B)/.deps-ok
	@mkdir -p $(dir $@)
	$(MUSL_CC) $(BENCH_CFLAGS) -static -o $@ $<

.PHONY: bench bench-quick bench-tools
bench-tools: all $(BENCH_TOOLS) $(B)/tests/tools/set-rpath

bench: bench-tools
	@ZAPP_BUILD=$(CURDIR)/$(B) bash bench/run.sh full

bench-quick: bench-tools
	@ZAPP_BUILD=$(CURDIR)/$(B) bash bench/run.sh quick
