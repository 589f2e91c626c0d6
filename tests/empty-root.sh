# tests/empty-root.sh: running a program in a root that holds nothing but
# what a test put there; sourced by tests/lib.sh and tests/real/lib.sh.

# run_in_empty_root ROOT CMD...: run CMD inside ROOT (which holds the Zapp
# and nothing else) with a private /proc, via unshare -m and chroot.
run_in_empty_root() {
	local root=$1; shift
	mkdir -p "$root/proc"
	unshare -m --propagation private sh -c '
		root=$1; shift
		mount -t proc proc "$root/proc" || exit 99
		exec chroot "$root" "$@"
	' sh "$root" "$@"
}
