# tests/real/build.mk: "make check-real", the real-world proving ground:
# Debian's sources of hello, zlib, sqlite3, brotli, fribidi and python3.11,
# each built with its own build system and zapp-cc, and lua5.4 built with
# musl-gcc; assembled, checked, moved and run
# (also in an empty root and in a musl-only root).  Installs what it needs
# with apt-get when run as root.  Results in $(B)/real/results.md; the last
# line says "N passed, N failed".  REAL_PACKAGES=... runs some of them.
REAL_PACKAGES ?=

.PHONY: check-real
check-real: all
	@ZAPP_BUILD=$(CURDIR)/$(B) bash tests/real/run.sh $(REAL_PACKAGES)
