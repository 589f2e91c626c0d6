# bench/build.mk: "make bench" and "make bench-quick", what zapp costs
# (bench/run.sh runs the bench/pNNNN-*.sh measurements, then bench/render.sh
# writes bench/results.md; see bench/README.md).  Include it from the top
# Makefile after the other build.mk files:
#
#   include bench/build.mk
#
# The helpers are built to $(B)/bench/ and never installed.  The bench uses
# tests/tools' set-rpath; its rules are taken from tests/tools/build.mk when
# the including Makefile has not read that file already.
ifeq ($(filter tests/tools/build.mk,$(MAKEFILE_LIST)),)
include tests/tools/build.mk
endif

# What the bench runs (Debian packages): the plots, the baselines, and large
# programs for the assembly sets.  make deps installs them too (python3
# brings python3-minimal), all but gdb, which only make bench-deps does.
DEPS_BENCH := gnuplot-nox patchelf curl strace dpkg-dev binutils gdb python3-minimal

BENCH_CFLAGS := -std=c11 -O2 -Wall -Wextra -Werror
BENCH_TOOLS  := $(B)/bench/spawnloop $(B)/bench/dynlist $(B)/bench/execloader \
                $(B)/bench/execstub

$(B)/bench/spawnloop $(B)/bench/dynlist: $(B)/bench/%: bench/%.c bench/build.mk $(B)/.deps-ok
	@mkdir -p $(dir $@)
	$(CC) $(BENCH_CFLAGS) -o $@ $<

# The exec-the-loader baseline is static, as such launchers are; so is the
# least a compiler wrapper can be.
$(B)/bench/execloader $(B)/bench/execstub: $(B)/bench/%: bench/%.c bench/build.mk $(B)/.deps-ok
	@mkdir -p $(dir $@)
	$(MUSL_CC) $(BENCH_CFLAGS) -static -o $@ $<

.PHONY: bench bench-quick bench-tools bench-deps
bench-tools: all $(BENCH_TOOLS) $(B)/tests/tools/set-rpath

bench-deps:
	-apt-get update  # a partial failure (one mirror) still gives what we need
	apt-get install -y --no-install-recommends $(DEPS_BENCH)

bench: bench-tools
	@ZAPP_BUILD=$(CURDIR)/$(B) bash bench/run.sh full

bench-quick: bench-tools
	@ZAPP_BUILD=$(CURDIR)/$(B) bash bench/run.sh quick
