# tests/real/pkg-zlib.sh: zlib.  A hand-written configure script; the
# shared libz.so.1 and the programs of its shared build, which link against
# it (minigzipsh, examplesh).  "make install" installs the library only, so
# minigzipsh goes into the stage's bin/ as minigzip.
PKG_SOURCE=zlib
PKG_SYSTEM='configure (hand-written)'
PKG_DEPS=
PKG_PREFIX=/usr/local
PKG_OWN_LIBS=libz.so.1
PKG_PROGRAMS=minigzip

pkg_configure() {
	cd "$src"
	CC=zapp-cc ./configure --prefix="$PKG_PREFIX"
}

pkg_compile() {
	make -C "$src" -j2
}

pkg_install() {
	make -C "$src" install DESTDIR="$stage"
	install -d "$stage$PKG_PREFIX/bin"
	install -m 755 "$src/minigzipsh" "$stage$PKG_PREFIX/bin/minigzip"
}

pkg_verify() {
	needs_lib "$stage$PKG_PREFIX/bin/minigzip" libz.so.1
}

# Compress and decompress through stdin and stdout; the host's gzip agrees.
pkg_smoke() {
	local run=$1 zapp=$2
	seq 1 50000 >in
	$run "$zapp/bin/minigzip" <in >in.gz
	gzip -dc in.gz | cmp - in
	$run "$zapp/bin/minigzip" -d <in.gz >out
	cmp in out
	ls -l in in.gz out
}
