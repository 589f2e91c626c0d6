# tests/real/pkg-hello.sh: GNU hello.  Autotools, gnulib, recursive make;
# no library of its own.
PKG_SOURCE=hello
PKG_SYSTEM=autotools
PKG_DEPS=
PKG_PREFIX=/usr/local
PKG_OWN_LIBS=
PKG_PROGRAMS=hello

pkg_configure() {
	cd "$src"
	CC=zapp-cc ./configure --prefix="$PKG_PREFIX"
}

pkg_compile() {
	make -C "$src" -j2
}

pkg_install() {
	make -C "$src" install DESTDIR="$stage"
}

pkg_verify() {
	test -x "$stage$PKG_PREFIX/bin/hello"
}

pkg_smoke() {
	local run=$1 zapp=$2
	expect "Hello, world!" "$($run "$zapp/bin/hello")"
}
