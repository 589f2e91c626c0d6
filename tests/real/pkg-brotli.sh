# tests/real/pkg-brotli.sh: Brotli.  CMake: three shared libraries and the
# brotli tool.  CMake edits rpaths at install.  Brotli 1.0.9 always links
# its tool against the static libraries (BUILD_SHARED_LIBS arrived in
# 1.1.0), so one line of CMakeLists.txt is changed to link it against the
# shared ones, as upstream does since.
PKG_SOURCE=brotli
PKG_SYSTEM=CMake
PKG_DEPS=cmake
PKG_PREFIX=/usr/local
PKG_OWN_LIBS='libbrotlienc.so.1 libbrotlidec.so.1 libbrotlicommon.so.1'
PKG_PROGRAMS=brotli

pkg_configure() {
	sed -i 's/^target_link_libraries(brotli \${BROTLI_LIBRARIES_STATIC})$/target_link_libraries(brotli ${BROTLI_LIBRARIES})/' \
		"$src/CMakeLists.txt"
	grep -qx 'target_link_libraries(brotli ${BROTLI_LIBRARIES})' "$src/CMakeLists.txt"
	cmake -S "$src" -B "$build" -DCMAKE_C_COMPILER=zapp-cc \
		-DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX="$PKG_PREFIX" \
		-DBROTLI_DISABLE_TESTS=ON
}

pkg_compile() {
	cmake --build "$build" -j2
}

pkg_install() {
	DESTDIR=$stage cmake --install "$build"
}

pkg_verify() {
	needs_lib "$stage$PKG_PREFIX/bin/brotli" libbrotlienc.so.1
	needs_lib "$stage$PKG_PREFIX/bin/brotli" libbrotlidec.so.1
	readelf -d "$stage$PKG_PREFIX/bin/brotli" | grep -E 'RPATH|RUNPATH' || say "brotli: no rpath after install"
}

pkg_smoke() {
	local run=$1 zapp=$2
	cat "$src"/c/enc/*.c >in
	$run "$zapp/bin/brotli" -c <in >in.br
	[ "$(wc -c <in.br)" -lt "$(wc -c <in)" ]
	$run "$zapp/bin/brotli" -dc <in.br >out
	cmp in out
	ls -l in in.br out
}
