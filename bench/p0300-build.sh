#!/bin/bash
# bench/p0300-build.sh [full|quick]: a package built with gcc and with
# zapp-cc (ZAPP_CC=gcc), alternating, from a fresh copy of the source each
# time.  full: Debian's zlib, ./configure && make -j2; quick: examples/hello.
#
# Each build is checked: it makes the same object files, of the same sizes,
# as every other; what zapp-cc built carries $ORIGIN/../lib, what gcc built
# no search path.  One more build, untimed, counts the calls the
# build makes to its compiler (CC is a script that notes whether the call
# only compiles, then execs zapp-cc).
#
# Data:
#   build.tsv         rep, variant (gcc, zapp-cc), wall_s, cpu_s
#   build-params.tsv  package, command, compile_calls, other_calls
. "${0%/*}/lib.sh"
bench_need make

reps=$(bench_pick 5 2)
if [ "$mode" = full ]; then
	src=$(sh "$top/tests/fetch-source.sh" zlib) || bench_die "no zlib source"
	package="zlib $(basename "$src" | sed 's/^zlib-//')"
	cmd='./configure && make -j2'
	check=minigzipsh
else
	src=$top/examples/hello
	package='examples/hello (recursive make, C and C++)'
	cmd='make -j2 CC="$CC" CXX="$CXX"'
	check=src/app/hello
fi

fresh() {
	rm -rf src
	cp -a "$src" src
	[ "$mode" = full ] || make -s -C src clean >/dev/null
}
build() {
	local envs=(CC=gcc CXX=g++) rp
	[ "$1" = gcc ] || envs=(ZAPP_CC=gcc ZAPP_CXX=g++ "CC=$bin/zapp-cc" "CXX=$bin/zapp-c++")
	[ "$1" != count ] || envs=(ZAPP_CC=gcc ZAPP_CXX=g++ "CC=$PWD/count-cc" "CXX=$PWD/count-c++")
	(cd src && env "${envs[@]}" sh -c "$cmd") >"$1.log" 2>&1 ||
		{ tail -5 "$1.log" >&2; bench_die "the build with $1 failed"; }
	# the same work: the same objects, of the same sizes (give or take
	# the rpath's bytes in what was linked)
	(cd src && find . -name '*.o' -printf '%p %s\n' | sort) >"$1.objects"
	[ "$1" = count ] || cmp -s count.objects "$1.objects" ||
		bench_die "the build with $1 made other objects than the build that counted the calls"
	rp=$(readelf -dW "src/$check" | sed -n 's/.*(RPATH).*\[\(.*\)\]$/\1/p')
	if [ "$1" = gcc ]; then [ -z "$rp" ] || bench_die "what gcc built has an rpath: $rp"
	else [ "$rp" = '$ORIGIN/../lib' ] || bench_die "what $1 built has rpath '$rp'"; fi
}

for t in cc c++; do
	cat >count-$t <<-EOF
	#!/bin/sh
	for a; do [ "\$a" = -c ] && { echo compile >>$PWD/calls; exec "$bin/zapp-$t" "\$@"; }; done
	echo other >>$PWD/calls
	exec "$bin/zapp-$t" "\$@"
	EOF
	chmod 755 count-$t
done
bench_say "$package: counting the compiler calls"
: >calls
fresh
build count

bench_say "$package: $reps builds each with gcc and zapp-cc"
bench_alternate build "$reps" fresh build gcc zapp-cc
rm -rf src

bench_tsv build-params package command compile_calls other_calls
bench_row build-params "$package" "$cmd" "$(grep -c '^compile$' calls || true)" "$(grep -c '^other$' calls || true)"
