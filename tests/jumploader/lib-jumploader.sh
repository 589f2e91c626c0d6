# tests/jumploader/lib-jumploader.sh: shared by tests/t2*-jumploader*.sh,
# sourced after tests/lib.sh.  Lays Zapps out by hand (as zapp-assemble
# will): Z/bin/NAME the jumploader, Z/dynbin/NAME the program, Z/lib/ its
# libraries and its loader.

# JL_ARCH (set before sourcing; x86_64 by default) is the jumploader's
# architecture: i386 builds the programs with gcc -m32 ($JL_M) for
# jumploader-i386 and the 32-bit loader $JL_LDSO.
JL_ARCH=${JL_ARCH:-x86_64}
JL=$ZAPP_BUILD/lib/zapp/jumploader-$JL_ARCH
case $JL_ARCH in
i386) JL_M=-m32 JL_LDSO=ld-linux.so.2 ;;
*) JL_M= JL_LDSO=ld-linux-x86-64.so.2 ;;
esac
JL_SRC=$ZAPP_SRC/tests/jumploader
JL_RPATH='-Wl,--disable-new-dtags,-rpath,$ORIGIN/../lib'

# jl_interp PROG: the PT_INTERP of PROG, empty when it is static.
jl_interp() {
	readelf -lW "$1" | sed -n 's/.*\[Requesting program interpreter: \(.*\)\]$/\1/p'
}

# jl_copy_libs PROG LIBDIR: copy the loader PROG asks for, and every
# library the loader finds for it, into LIBDIR.
jl_copy_libs() {
	local prog=$1 lib=$2 interp list
	interp=$(jl_interp "$prog")
	[ -n "$interp" ] || return 0
	mkdir -p "$lib" &&
	cp -L "$interp" "$lib/${interp##*/}" || return 1
	case $interp in
	*ld-musl*) list=$("$interp" --list "$prog" 2>&1) ;;
	*) list=$(ldd "$prog" 2>&1) ;;
	esac || { printf '%s\n' "$list" >&2; return 1; }
	printf '%s\n' "$list" | sed -n 's/.* => \(\/[^ ]*\) .*/\1/p' |
	while read -r so; do
		cp -L "$so" "$lib/" || exit 1
	done
}

# jl_make_zapp DIR NAME COMPILER [ARGS...]: compile with COMPILER ARGS into
# DIR/dynbin/NAME (add $JL_RPATH to ARGS for a dynamic program), then put
# the jumploader at DIR/bin/NAME and the libraries in DIR/lib.
jl_make_zapp() {
	local z=$1 name=$2
	shift 2
	mkdir -p "$z/bin" "$z/dynbin" &&
	"$@" -o "$z/dynbin/$name" &&
	cp "$JL" "$z/bin/$name" &&
	jl_copy_libs "$z/dynbin/$name" "$z/lib"
}

# jl_build_helper NAME: compile tests/jumploader/NAME.c into ./NAME.
jl_build_helper() {
	case $1 in
	stamp) gcc -O2 -Wall -Werror -I"$ZAPP_SRC/libzapp" -o stamp "$JL_SRC/stamp.c" -lelf ;;
	*) gcc -O2 -Wall -Werror -o "$1" "$JL_SRC/$1.c" ;;
	esac
}

# jl_field FILE KEY: the value of the first KEY=... line of FILE.
jl_field() {
	sed -n "s/^$2=//p" "$1" | head -n 1
}

# refused STATUS MESSAGE CMD...: CMD exits with STATUS, prints exactly the
# line MESSAGE on stderr and nothing on stdout.
refused() {
	local want=$1 msg=$2 status
	shift 2
	"$@" >out 2>err && status=0 || status=$?
	printf '%s\n' "$msg" >want.err
	expect_eq "$want" "$status" "exit status" || { cat err >&2; return 1; }
	cmp -s want.err err || {
		printf 'FAIL: stderr: expected\n| %s\ngot\n' "$msg" >&2
		sed 's/^/| /' err >&2
		return 1
	}
	! test -s out || fail "stdout is not empty: $(cat out)"
}
