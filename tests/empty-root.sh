# tests/empty-root.sh: running a program in a root that holds nothing but
# what a test put there; sourced by tests/lib.sh and tests/real/lib.sh.

# run_in_empty_root ROOT CMD...: run CMD inside ROOT (which holds the Zapp
# and nothing else) with a private /proc, via unshare -m and chroot; and
# a private devpts when ROOT has a dev/pts directory.
run_in_empty_root() {
	local root=$1; shift
	mkdir -p "$root/proc"
	unshare -m --propagation private sh -c '
		root=$1; shift
		mount -t proc proc "$root/proc" || exit 99
		# a root that has a dev/pts directory gets ptys of its own
		if [ -d "$root/dev/pts" ]; then
			mount -t devpts -o newinstance,ptmxmode=0666 devpts "$root/dev/pts" || exit 99
		fi
		exec chroot "$root" "$@"
	' sh "$root" "$@"
}
