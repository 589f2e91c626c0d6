# tests/real/pkg-sqlite3.sh: SQLite.  Autotools and libtool: libsqlite3.so
# and the sqlite3 shell linked against it (Debian's source links it so).
# libtool relinks at install and adds an absolute rpath, $libdir.
PKG_SOURCE=sqlite3
PKG_SYSTEM='autotools + libtool'
PKG_DEPS='tcl libreadline-dev zlib1g-dev'	# tclsh generates sources
PKG_PREFIX=/usr/local
PKG_OWN_LIBS=libsqlite3.so.0
PKG_PROGRAMS=sqlite3

pkg_configure() {
	cd "$src"
	CC=zapp-cc ./configure --prefix="$PKG_PREFIX" --disable-static --disable-tcl
}

pkg_compile() {
	make -C "$src" -j2
}

pkg_install() {
	make -C "$src" install DESTDIR="$stage"
}

pkg_verify() {
	needs_lib "$stage$PKG_PREFIX/bin/sqlite3" libsqlite3.so.0
	readelf -d "$stage$PKG_PREFIX/bin/sqlite3" | grep -E 'RPATH|RUNPATH'
}

pkg_smoke() {
	local run=$1 zapp=$2 version
	version=$(sed 's/-.*//' "$work/version")
	expect "42|$version" "$($run "$zapp/bin/sqlite3" :memory: \
		'create table t(x); insert into t values (20), (22); select sum(x), sqlite_version() from t;')"
}
