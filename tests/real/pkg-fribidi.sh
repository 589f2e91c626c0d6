# tests/real/pkg-fribidi.sh: GNU FriBidi, built with Meson (it also ships
# autotools).  libfribidi.so.0 goes to Debian's multiarch libdir,
# lib/x86_64-linux-gnu; Meson removes build rpaths at install.
PKG_SOURCE=fribidi
PKG_SYSTEM=Meson
PKG_DEPS='meson ninja-build'
PKG_PREFIX=/usr/local
PKG_OWN_LIBS=libfribidi.so.0
PKG_PROGRAMS=fribidi

pkg_configure() {
	local opts=-Ddocs=false
	# -Dtests=false where this version has it (1.0.8 has not)
	grep -q "option('tests'" "$src/meson_options.txt" && opts="$opts -Dtests=false"
	cd "$src"
	CC=zapp-cc meson setup "$build" --prefix="$PKG_PREFIX" $opts
}

pkg_compile() {
	ninja -C "$build" -j2
}

pkg_install() {
	DESTDIR=$stage ninja -C "$build" install
}

pkg_verify() {
	needs_lib "$stage$PKG_PREFIX/bin/fribidi" libfribidi.so.0
	readelf -d "$stage$PKG_PREFIX/bin/fribidi" | grep -E 'RPATH|RUNPATH' || say "fribidi: no rpath after install"
}

# CapRTL: capital letters are right-to-left; the visual line reverses them.
pkg_smoke() {
	local run=$1 zapp=$2
	expect "abc FED ghi" "$(echo 'abc DEF ghi' | $run "$zapp/bin/fribidi" --charset CapRTL --nopad)"
}
