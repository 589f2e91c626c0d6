# tests/real/lib.sh: the steps every package of the real-world proving
# ground shares.  Sourced by tests/real/run.sh, and by each step, which runs
# in a fresh "bash -eu" (so that set -e holds whatever the caller does) with
# its output in build/real/PKG/logs/STEP.log.  Definitions only: sourcing
# it has no effect.
#
# The state of one package is a directory, $work (build/real/PKG):
#   src/        a copy (cp -a: autotools trusts timestamps) of Debian's source
#   build/      the out-of-tree build directory, for CMake and Meson
#   stage/      DESTDIR of "make install"; the prefix is stage$PKG_PREFIX
#   out/PKG.zapp            what zapp-assemble made
#   $MOVED/PKG.zapp         the same Zapp after "mv" (spaces, non-ASCII)
#   empty-root/ musl-root/  the roots the smoke test runs in
#   smoke-WHERE/            the smoke test's files, on the host side
#
# A package script (tests/real/pkg-NAME.sh) defines:
#   PKG_SOURCE  Debian source package     PKG_SYSTEM  build system, for the table
#   PKG_DEPS    Debian packages to build   PKG_PREFIX  the install prefix
#   PKG_OWN_LIBS  sonames of the package's own shared libraries
#   PKG_PROGRAMS  the programs (in bin/) the smoke test runs
#   pkg_configure, pkg_compile, pkg_install   (cwd: $work; $src, $build, $stage set)
#   pkg_verify     what must hold of the staged install (e.g. a DT_NEEDED)
#   pkg_smoke RUN ZAPP   the smoke test: RUN runs a program with stdio
#                  inherited; ZAPP is the Zapp's path as the program sees it

REAL_PREFIX_DEFAULT=/usr/local
# Where the Zapp is moved to: a path with spaces and non-ASCII letters.
MOVED='Zäpps mit Leerzeichen/Ελληνικά & 日本語'
# The Debian packages every package needs: apt-get source, readelf, the
# roots (busybox, musl), unshare.
COMMON_DEPS='dpkg-dev binutils gzip util-linux busybox-static musl musl-tools'

say() { printf '%s\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# expect WANT GOT [WHAT]
expect() {
	[ "$1" = "$2" ] && return 0
	printf 'expected %s [%s], got [%s]\n' "${3:-output}" "$1" "$2" >&2
	return 1
}

# needs_lib FILE SONAME: FILE has DT_NEEDED SONAME.
needs_lib() {
	readelf -d "$1" | grep -F "(NEEDED)" | grep -qF "[$2]" && return 0
	printf '%s does not need %s; its dynamic section:\n' "$1" "$2" >&2
	readelf -d "$1" >&2
	return 1
}

# build_id FILE: the GNU build ID of an ELF file (rpath edits keep it).
build_id() {
	readelf -n "$1" | sed -n 's/^ *Build ID: *//p'
}

# ---------------------------------------------------------------- deps

have_debs() { # have_debs PKG...: every PKG is installed
	local p
	for p in "$@"; do
		dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q 'install ok installed' || return 1
	done
}

# install_debs PKG...: install what is missing, as root; apt-get update
# at most once per run, and a partial failure of it (one mirror) is fine.
install_debs() {
	local missing= p
	for p in "$@"; do
		have_debs "$p" || missing="$missing $p"
	done
	[ -z "$missing" ] && { say "installed already: $*"; return 0; }
	[ "$(id -u)" = 0 ] || die "missing Debian packages:$missing (and not root to install them)"
	if [ ! -e "$REAL_WORK/.apt-updated" ]; then
		apt-get update || say "apt-get update failed in part; going on with the lists there are"
		touch "$REAL_WORK/.apt-updated"
	fi
	# shellcheck disable=SC2086
	DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
		-o DPkg::Lock::Timeout=300 $missing
}

# ---------------------------------------------------------------- built

step_fetch() {
	local dir
	dir=$(sh "$ZAPP_SRC/tests/fetch-source.sh" "$PKG_SOURCE")
	say "Debian source: $dir"
	cp -a "$dir" "$src"
	(cd "$src" && dpkg-parsechangelog -S Version) >"$work/version"
	say "version $(cat "$work/version")"
}

step_deps() {
	install_debs $PKG_DEPS
}

step_configure() { cd "$work"; pkg_configure; }
step_compile()   { cd "$work"; pkg_compile; }
step_install()   { cd "$work"; pkg_install; ls -lR "$stage" | head -n 60; }
step_verify()    { cd "$work"; pkg_verify; }

# ---------------------------------------------------------------- assembled

step_assemble() {
	local prefix=$stage${PKG_PREFIX:-$REAL_PREFIX_DEFAULT} name lib zlib
	[ -x "$ZAPP_BUILD/bin/zapp-assemble" ] || die "zapp-assemble is not built ($ZAPP_BUILD/bin)"
	mkdir -p "$work/out"
	"$ZAPP_BUILD/bin/zapp-assemble" -v -o "$zapp" "$prefix"
	find "$zapp" | sort
	# The package's own libraries are in it: the very files that were
	# built (same build ID), not the system's libraries of the same name.
	for name in $PKG_OWN_LIBS; do
		lib=$(find "$prefix" -name "$name" | head -n 1)
		[ -n "$lib" ] || die "$name is not in the staged install"
		zlib=$(find "$zapp/lib" -name "$name" | head -n 1)
		[ -n "$zlib" ] || die "$name is not in the Zapp's lib/"
		expect "$(build_id "$lib")" "$(build_id "$zlib")" "build ID of ${zlib#"$zapp"/}"
		say "${zlib#"$zapp"/} is the package's own $name"
	done
}

# ---------------------------------------------------------------- zapp-check

step_check() {
	"$ZAPP_BUILD/bin/zapp-check" "$zapp"
}

# ---------------------------------------------------------------- runs

# Runners: RUN PROGRAM ARG... with stdin and stdout inherited, so that a
# smoke test's files stay on the host side even when the program runs in
# a root that has no shell.
run_here() { "$@"; }

# run_in_empty_root ROOT PROGRAM ARG... (tests/empty-root.sh): PROGRAM runs
# inside ROOT with a private /proc, via unshare -m and chroot.
. "$ZAPP_SRC/tests/empty-root.sh"
run_empty() { run_in_empty_root "$work/empty-root" "$@"; }
# In the musl root, the program is started by that system's own shell.
run_musl() { run_in_empty_root "$work/musl-root" /bin/sh -c 'exec "$@"' sh "$@"; }

# smoke WHERE RUN ZAPP: the package's smoke test, in smoke-WHERE/.
smoke() {
	rm -rf "$work/smoke-$1" && mkdir -p "$work/smoke-$1" && cd "$work/smoke-$1"
	say "zapp: $3"
	pkg_smoke "$2" "$3"
	say "smoke test passed"
}

# loads_from_inside ZAPP PROGRAM: the Zapp's loader, asked (as ldd asks,
# with LD_TRACE_LOADED_OBJECTS) which libraries bin/PROGRAM loads, names
# only files inside the Zapp.  On this machine a library missing from the
# Zapp would otherwise be taken from the system without a word.
# musl's loader has no LD_TRACE_LOADED_OBJECTS: the Zapp's is run as
# "ld-musl-ARCH.so.1 --list", and the names it answers itself (libc.so),
# which it lists as its PT_INTERP path, are left out.
loads_from_inside() {
	local trace interp
	interp=$(readelf -lW "$1/dynbin/$2" | sed -n 's/.*interpreter: \(.*\)\]$/\1/p')
	case $interp in
	*/ld-musl-*)
		trace=$("$1/lib/${interp##*/}" --list "$1/dynbin/$2" | grep -vF "=> $interp (") ;;
	*)
		trace=$(LD_TRACE_LOADED_OBJECTS=1 "$1/bin/$2") ;;
	esac
	say "$trace"
	printf '%s\n' "$trace" | grep -qF "=> $1/" || die "bin/$2: no library traced"
	if printf '%s\n' "$trace" | grep -F '=>' | grep -vF "=> $1/"; then
		die "bin/$2 loads the libraries above from outside the Zapp"
	fi
}

step_relocated() {
	local moved=$work/$MOVED/$PKG_SOURCE.zapp prog
	mkdir -p "$work/$MOVED"
	mv "$zapp" "$work/$MOVED/"
	for prog in $PKG_PROGRAMS; do
		loads_from_inside "$moved" "$prog"
	done
	smoke relocated run_here "$moved"
}

# The empty root holds the Zapp and nothing else (and /proc while it runs).
step_empty_root() {
	local root=$work/empty-root
	rm -rf "$root" && mkdir -p "$root/$MOVED"
	cp -a "$work/$MOVED/$PKG_SOURCE.zapp" "$root/$MOVED/"
	(cd "$root" && find . -not -path "*/share/*" | sort)
	smoke empty-root run_empty "/$MOVED/$PKG_SOURCE.zapp"
}

step_musl_root() {
	local root=$work/musl-root
	[ -x "$REAL_WORK/musl-root/bin/sh" ] || die "the musl root was not made: see build/real/musl-root.log"
	rm -rf "$root" && cp -a "$REAL_WORK/musl-root" "$root"
	mkdir -p "$root/$MOVED"
	cp -a "$work/$MOVED/$PKG_SOURCE.zapp" "$root/$MOVED/"
	smoke musl-root run_musl "/$MOVED/$PKG_SOURCE.zapp"
}

# make_musl_root DIR: a stand-in for a distribution without glibc (Alpine):
# Debian's musl loader and libc, busybox as /bin/sh and the usual tools, and
# nothing of glibc.  Proven by running a musl program and the shell in it.
make_musl_root() {
	local root=$1 tool
	rm -rf "$root"
	mkdir -p "$root/bin" "$root/lib/x86_64-linux-musl" "$root/tmp" "$root/proc"
	cp -L /lib/ld-musl-x86_64.so.1 "$root/lib/ld-musl-x86_64.so.1"
	ln "$root/lib/ld-musl-x86_64.so.1" "$root/lib/x86_64-linux-musl/libc.so"
	cp /bin/busybox "$root/bin/busybox"
	for tool in sh cat cmp echo env ls ln mkdir rm test true; do
		ln "$root/bin/busybox" "$root/bin/$tool"
	done
	printf '#include <stdio.h>\nint main(void) { puts("musl says hello"); return 0; }\n' >"$root/tmp/m.c"
	musl-gcc -o "$root/bin/musl-hello" "$root/tmp/m.c"
	rm "$root/tmp/m.c"
	readelf -l "$root/bin/musl-hello" | grep -F 'interpreter: /lib/ld-musl-x86_64.so.1'
	if find "$root" -name 'libc.so.6' -o -name 'ld-linux*' | grep .; then
		die "glibc in the musl root"
	fi
	expect "musl says hello" "$(run_in_empty_root "$root" /bin/sh -c '/bin/musl-hello')" "the musl root's own program"
	find "$root" | sort
}
