# zapp: a toolchain that turns Linux programs into path-agnostic Zapps.
#
#   make                 build the toolchain into build/ (laid out like an install)
#   make check           build, check the test dependencies, then run every test;
#                        ends with "N passed, N failed, N skipped"
#   make demo            build an example with zapp-cc, assemble it, move it, run it
#   make install         install into $(DESTDIR)$(PREFIX)
#   make check-real      build real Debian packages with zapp-cc, assemble, run them
#   make fuzz            run each libFuzzer harness for FUZZ_SECONDS (20) seconds
#                        then the hostile-input battery (BATTERY_COUNT, 8200 mutants)
#   make bench           measure launch, assembly, build and editing costs (bench/results.md)
#   make bench-quick     the same with few repetitions (~20 s), into $(B)/bench/quick/
#   make bench-deps      install what the bench runs beyond make deps (gdb, ...)
#   make deps            install the build and test dependencies (Debian, as root)
#   make deps-check      name the missing ones, one line each
#   make check SANITIZE=1   the same tests with ASan and UBSan in every tool
#                        (built apart, in build-san/)

VERSION   := 0.1.0
PREFIX    ?= /usr/local
DESTDIR   ?=
CC        := gcc
MUSL_CC   ?= musl-gcc
CFLAGS    ?= -O2 -g
B         := build

ZCFLAGS   := -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -Wshadow \
             -DZAPP_VERSION='"$(VERSION)"' -Ilibzapp $(CFLAGS)
ZLDFLAGS  := $(LDFLAGS)
ifeq ($(SANITIZE),1)
# objects of their own, built again from the same sources
B         := build-san
ZCFLAGS   += -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
ZLDFLAGS  += -fsanitize=address,undefined
# Reports go to files, so that one behind a failure a test expects (exit
# status 1) still fails the run: see the check target.
export ASAN_OPTIONS  ?= log_path=$(CURDIR)/$(B)/sanitizer/asan
export UBSAN_OPTIONS ?= log_path=$(CURDIR)/$(B)/sanitizer/ubsan:print_stacktrace=1
endif

# What a fresh Debian 12 machine needs, to build and to test (make check,
# check-real, fuzz; t8000 renders plots with gnuplot).  .ci/check-deps
# checks each one the way it is used and names the package that is
# missing; t0040 keeps the two lists equal.  The 32-bit libc, libstdc++ and
# zlib the tests build against are the multilib ones (libc6-i386,
# lib32stdc++6, lib32z1, in /lib32 and /usr/lib32), through gcc-12-multilib
# and g++-12-multilib: the unversioned gcc-multilib conflicts with every
# cross compiler (for its /usr/include/asm link), whose place the i386
# kernel headers take (linux-libc-dev:i386, /usr/include/i386-linux-gnu/asm).
# make deps adds dpkg's i386 architecture for them, and so that t6100 can
# download Debian's i386 packages (a prebuilt program, its libraries) into
# a root of its own.
DEPS_BUILD := gcc make libc6-dev libelf-dev libarchive-dev libssl-dev musl-tools
DEPS_TEST  := g++ binutils elfutils ccache strace file util-linux dpkg-dev \
              ca-certificates curl openssh-client git busybox-static \
              cmake meson ninja-build pkg-config tcl libreadline-dev zlib1g-dev \
              patchelf gcc-12-multilib g++-12-multilib linux-libc-dev:i386 lib32z1-dev \
              binutils-aarch64-linux-gnu gcc-aarch64-linux-gnu libc6-dev-arm64-cross \
              qemu-user-static valgrind \
              clang libclang-rt-14-dev perl lld python3 distcc gnuplot-nox \
              exfatprogs exfat-fuse procps icecc tmux nano \
              openssl nmap imagemagick jq gdb python3-pip libpython3.11 gpg gpg-agent locales \
              zstd xz-utils mtools dosfstools

.PHONY: all check demo install deps deps-check clean zapp
all:

include libzapp/build.mk
include ccwrap/build.mk
include jumploader/build.mk
include zapp-assemble/build.mk
include zapp-trace/build.mk
include zapp-dedup/build.mk
include single/build.mk
include zapp-rt/build.mk
include tests/build.mk
include examples/build.mk
include docs/build.mk
include tests/real/build.mk
include tests/tools/build.mk
include tests/fuzz/build.mk
include bench/build.mk

# Every object depends on the dependency check, so a missing package gives
# one line naming it instead of a wall of compiler errors.
$(B)/.deps-ok:
	@sh .ci/check-deps
	@mkdir -p $(B) && touch $@

# Outputs are written beside their target and renamed into place, so that a
# tool being rebuilt is never seen half-written by a run of the tests, and an
# interrupted compile leaves no object that looks up to date.
$(B)/obj/%.o: %.c $(B)/.deps-ok
	@mkdir -p $(dir $@)
	$(CC) $(ZCFLAGS) -MMD -MP -MT $@ -MF $(@:.o=.d).tmp -c -o $@.tmp $< && \
	mv -f $(@:.o=.d).tmp $(@:.o=.d) && mv -f $@.tmp $@

# Objects reached only through pattern rules (the unit tests', the test
# tools', the fuzzers') would count as intermediate and be deleted after
# each build, then compiled again by the next make or make install.
.PRECIOUS: $(B)/obj/%.o $(B)/fuzz/obj/%.o

-include $(shell find $(B)/obj -name '*.d' 2>/dev/null)

deps-check:
	@sh .ci/check-deps build test

deps:
	dpkg --add-architecture i386
	dpkg --add-architecture arm64
	-apt-get update  # a partial failure (one mirror) still gives what we need
	apt-get install -y --no-install-recommends $(DEPS_BUILD) $(DEPS_TEST)

check: all
	@sh .ci/check-deps test
	@rm -rf $(B)/sanitizer && mkdir -p $(B)/sanitizer
	@ZAPP_BUILD=$(CURDIR)/$(B) sh tests/run.sh; status=$$?; \
	if [ -n "$$(ls -A $(B)/sanitizer)" ]; then \
		echo "sanitizer reports, in $(B)/sanitizer/:"; head -n 20 $(B)/sanitizer/*; exit 1; \
	fi; exit $$status

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib/zapp \
	           $(DESTDIR)$(PREFIX)/share/man/man1 $(DESTDIR)$(PREFIX)/share/man/man7
	for f in $(INSTALL_BIN); do install -m 755 $(B)/bin/$$f $(DESTDIR)$(PREFIX)/bin/$$f || exit 1; done
	for f in $(INSTALL_LIBZAPP); do install -m 755 $(B)/lib/zapp/$$f $(DESTDIR)$(PREFIX)/lib/zapp/$$f || exit 1; done
	for f in $(INSTALL_MAN1); do install -m 644 $$f $(DESTDIR)$(PREFIX)/share/man/man1/ || exit 1; done
	for f in $(INSTALL_MAN7); do install -m 644 $$f $(DESTDIR)$(PREFIX)/share/man/man7/ || exit 1; done

# make zapp: the toolchain itself as a Zapp, $(ZAPP_OUT) (and an installer
# of it, $(ZAPP_OUT).sh), for a machine that has no package of zapp.  The
# tree is what make install lays out; the jumploaders, the run-time
# library and the one-file stub there are data the tools copy into the
# Zapps they make, not programs of this one: they lose their execute bit
# (a launcher is what the kernel may start, layout.md rule 1).
ZAPP_OUT ?= $(B)/zapp
zapp: all
	rm -rf $(B)/zapp-stage && $(MAKE) -s install DESTDIR=$(abspath $(B))/zapp-stage PREFIX=/
	cd $(B)/zapp-stage/lib/zapp && chmod 644 jumploader-* libzapp-rt.so.1 single-*
	rm -f $(ZAPP_OUT).sh
	$(B)/bin/zapp-assemble -q -f -o $(ZAPP_OUT) --installer $(ZAPP_OUT).sh $(B)/zapp-stage
	rm -rf $(B)/zapp-stage

clean:
	rm -rf $(B)
