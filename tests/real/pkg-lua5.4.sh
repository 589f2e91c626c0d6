# tests/real/pkg-lua5.4.sh: Lua 5.4 from Debian's source, built with musl
# (CC=musl-gcc, dynamically linked): Debian's shared liblua5.4.so.0 and
# the lua5.4 interpreter linked against it, as Debian's build makes them,
# with the compiler driven directly (Debian's makefile needs libtool and a
# C++ compiler for liblua5.4-c++, which musl-gcc has not).  The Zapp holds
# musl's libc as lib/ld-musl-x86_64.so.1 and lib/libc.so.
PKG_SOURCE=lua5.4
PKG_SYSTEM='make (musl-gcc)'
PKG_DEPS=
PKG_PREFIX=/usr/local
PKG_OWN_LIBS=liblua5.4.so.0
PKG_PROGRAMS=lua5.4

LUA_CC='musl-gcc -std=gnu99 -O2 -Wall -fPIC -DLUA_COMPAT_5_3 -DLUA_USE_LINUX'

pkg_configure() {
	cd "$src/src"
	# what debian/rules writes before the build (Debian patch 0002)
	printf '#define DEB_HOST_MULTIARCH "x86_64-linux-musl"\n' >lua5.4-deb-multiarch.h
}

pkg_compile() {
	cd "$src/src"
	local c core=
	for c in *.c; do
		$LUA_CC -c "$c" -o "${c%.c}.o"
		case $c in lua.c|luac.c) ;; *) core="$core ${c%.c}.o" ;; esac
	done
	# shellcheck disable=SC2086
	musl-gcc -shared -Wl,-soname,liblua5.4.so.0 -Wl,--version-script,../debian/version-script \
		-o liblua5.4.so.0.0.0 $core
	ln -sf liblua5.4.so.0.0.0 liblua5.4.so.0
	ln -sf liblua5.4.so.0.0.0 liblua5.4.so
	musl-gcc -Wl,-E -o lua5.4 lua.o -L. -llua5.4
}

pkg_install() {
	local lib=$stage$PKG_PREFIX/lib
	install -d "$stage$PKG_PREFIX/bin" "$lib"
	install -m 755 "$src/src/lua5.4" "$stage$PKG_PREFIX/bin/lua5.4"
	install -m 755 "$src/src/liblua5.4.so.0.0.0" "$lib/"
	ln -sf liblua5.4.so.0.0.0 "$lib/liblua5.4.so.0"
	ln -sf liblua5.4.so.0.0.0 "$lib/liblua5.4.so"
}

pkg_verify() {
	local lua=$stage$PKG_PREFIX/bin/lua5.4
	needs_lib "$lua" liblua5.4.so.0
	needs_lib "$lua" libc.so
	readelf -lW "$lua" | grep -F 'interpreter: /lib/ld-musl-x86_64.so.1'
	# no rpath: zapp-assemble gives the program its own
	! readelf -dW "$lua" | grep -E 'R(UN)?PATH'
}

# Version; a script (given with -e: a root has only stdin and stdout of
# the host's) summing the numbers on stdin, with string and table
# functions; an exit status.
pkg_smoke() {
	local run=$1 zapp=$2 status script
	expect "Lua 5.4.4  Copyright (C) 1994-2022 Lua.org, PUC-Rio" "$($run "$zapp/bin/lua5.4" -v)" version
	script='local s = 0
for line in io.lines() do s = s + tonumber(line) end
local t = { "pear", "apple", "fig" }
table.sort(t)
print(s, table.concat(t, ","), string.format("%.3f", math.pi), ("ab"):rep(3), _VERSION)'
	expect "500500	apple,fig,pear	3.142	ababab	Lua 5.4" \
		"$(seq 1 1000 | $run "$zapp/bin/lua5.4" -e "$script")" "the script's output"
	status=0
	$run "$zapp/bin/lua5.4" -e 'os.exit(3)' || status=$?
	expect 3 "$status" "exit status"
}
