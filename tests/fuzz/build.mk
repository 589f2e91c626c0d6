# tests/fuzz/build.mk: libFuzzer harnesses (tests/fuzz/fuzz_*.c), built with
# clang into $(B)/fuzz/ with ASan and UBSan, apart from the tools' objects.
#
#   make fuzz                      each harness for FUZZ_SECONDS (20) seconds;
#                                  fails on the first crash, leak or timeout
#   make fuzz FUZZ_SECONDS=3600    a long run
#   make fuzz FUZZ=ldconf          one harness
#   make fuzz BATTERY_COUNT=20000  then the hostile-input battery
#                                  (tests/battery/run.sh): the patchelf and
#                                  elfutils corpora and BATTERY_COUNT (8200)
#                                  mutants from BATTERY_SEED (1); it fails
#                                  on any disagreement (docs/reliability.md)
#   make fuzz-battery              the battery alone
#
# The seed corpora are made from this machine's files (seeds.sh), never
# committed; what the fuzzers add is kept in $(B)/fuzz/corpus/NAME and used
# by the next run.  Crashes land in $(B)/fuzz/artifacts/NAME/.

FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 20
FUZZ_ALL     := elf_info rpath_fix rpath_set ldconf jumploader_check launch_check strace_log
FUZZ         ?= $(FUZZ_ALL)
FUZZ_SAN     := -fsanitize=address,undefined -fno-sanitize-recover=undefined
FUZZ_CFLAGS  := -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -Wshadow -g -O1 \
                -fno-omit-frame-pointer -fsanitize=fuzzer-no-link $(FUZZ_SAN) \
                -DZAPP_VERSION='"$(VERSION)"' -Ilibzapp -Ijumploader -Itests/fuzz

FUZZ_LIB_OBJS := $(patsubst %.c,$(B)/fuzz/obj/%.o,$(wildcard libzapp/*.c) jumploader/elf_check.c)
FUZZ_BINS     := $(addprefix $(B)/fuzz/fuzz_,$(FUZZ_ALL))

$(B)/fuzz/obj/%.o: %.c $(B)/.deps-ok
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -MMD -MP -c -o $@ $<

$(B)/fuzz/fuzz_%: $(B)/fuzz/obj/tests/fuzz/fuzz_%.o $(FUZZ_LIB_OBJS)
	$(FUZZ_CC) -fsanitize=fuzzer $(FUZZ_SAN) -o $@ $^ -lelf

# a harness of a tool's own file links that file too
$(B)/fuzz/fuzz_strace_log: $(B)/fuzz/obj/zapp-assemble/strace_log.o

$(B)/fuzz/seeds/.made: tests/fuzz/seeds.sh $(B)/lib/zapp/jumploader-$(JL_ARCH)
	sh tests/fuzz/seeds.sh $(B)/fuzz/seeds $(B)/lib/zapp/jumploader-$(JL_ARCH)
	@touch $@

# objects are kept, not removed as intermediate files
.PRECIOUS: $(B)/fuzz/obj/%.o

-include $(shell find $(B)/fuzz/obj -name '*.d' 2>/dev/null)

.PHONY: fuzz fuzz-build fuzz-battery
fuzz-build: $(FUZZ_BINS) $(B)/fuzz/seeds/.made

BATTERY_COUNT ?= 8200
BATTERY_SEED  ?= 1

fuzz: fuzz-build all
	@sh tests/fuzz/run.sh $(B)/fuzz $(FUZZ_SECONDS) $(FUZZ)
	@$(MAKE) --no-print-directory fuzz-battery

fuzz-battery: all
	@nice sh tests/battery/run.sh $(B) $(B)/battery --count $(BATTERY_COUNT) --seed $(BATTERY_SEED)
