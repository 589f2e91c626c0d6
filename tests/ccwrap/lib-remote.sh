# tests/ccwrap/lib-remote.sh: what the remote-compile tests (t1400 distcc,
# t1420 icecream) check of a build of the example project against a plain
# local one built in plain/.

# same_objects DIR: every object of DIR is byte-identical to the plain build's.
same_objects() {
	local n=0 o
	for o in plain/src/*/*.o; do
		cmp "$o" "$1/${o#plain/}" || return 1
		n=$((n + 1))
	done
	expect_eq 5 "$n" "objects compared"
}

# rpaths_ok DIR: each program and library linked carries $ORIGIN/../lib.
rpaths_ok() {
	local f
	for f in "$1"/src/app/hello "$1"/src/helper/hello-helper "$1"/src/cxx/hello++ \
		"$1"/src/lib/libgreet.so.1 "$1"/src/plugin/libhello-shout.so; do
		expect_eq "RPATH \$ORIGIN/../lib" "$(rpath_of "$f")" "rpath of $f" || return 1
	done
}
