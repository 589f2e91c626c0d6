# tests/lib-complete.sh: what the "complete Zapps" stories share (t59xx):
# a minimal root to run a Zapp in, and the proof that a Zapp'd program on
# the build host opens no host file of which the Zapp holds a copy.
# Sourced after tests/lib.sh.

# The programs come from Debian's packages, by their Debian paths: a
# python3 or convert earlier in PATH (pyenv, /usr/local) is not the one.
DEB_PY=/usr/bin/python3

# min_root ROOT: ROOT as the empty root of the acceptance: nothing but what
# a test copies in, /proc and ptys (run_in_empty_root mounts them), a few
# device nodes, a /tmp, and /etc/passwd and /etc/group naming root.
min_root() {
	mkdir -p "$1/dev" "$1/etc" "$1/tmp" "$1/proc" &&
	chmod 1777 "$1/tmp" &&
	mknod -m 666 "$1/dev/null" c 1 3 &&
	mknod -m 666 "$1/dev/zero" c 1 5 &&
	mknod -m 666 "$1/dev/urandom" c 1 9 &&
	mknod -m 666 "$1/dev/random" c 1 8 &&
	mkdir "$1/dev/pts" && ln -s pts/ptmx "$1/dev/ptmx" &&
	echo "root:x:0:0:root:/:/nonexistent" >"$1/etc/passwd" &&
	echo "root:x:0:" >"$1/etc/group"
}

# in_root ROOT [NAME=VALUE...] CMD...: CMD in ROOT (run_in_empty_root)
# with only the environment given: a host's LANG, TERM or PATH mean
# nothing there.  HOME=/tmp, PATH a system default that the root lacks.
# Killed after IN_ROOT_TIMEOUT (120) seconds: a hang is a failure.
in_root() {
	local root=$1; shift
	timeout -k 5 "${IN_ROOT_TIMEOUT:-120}" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/tmp \
		sh -c '. "$1"; shift; root=$1; shift
		       while case ${1-} in *=*) true ;; *) false ;; esac; do export "$1"; shift; done
		       run_in_empty_root "$root" "$@"' \
		sh "$ZAPP_SRC/tests/empty-root.sh" "$root" "$@"
}

# host_copies ZAPP LOG: print each file the strace -f LOG shows opened or
# executed, outside ZAPP, of which ZAPP holds a copy: a host path P whose
# place in the Zapp (layout.md's placement rule: P relative to /usr, or to
# /) holds a file.  What a host program opens once a process has become
# one (a successful execve of a path outside ZAPP, and its children) is
# that program's own business: gdb runs the host's iconv, which reads the
# host's gconv modules.  The loader's /etc/ld.so.cache is the hermetic run
# time's business (issue "hermetic at run time"), not a copy.
host_copies() {
	local zapp=$1 log=$2
	awk -v zapp="$zapp/" -v pwd="$PWD/" '
	function path_of(line) {
		sub(/^[^"]*"/, "", line); sub(/".*/, "", line)
		return line
	}
	{ pid = $1 }
	/ (clone|clone3|fork|vfork)\(|<\.\.\. (clone|clone3|fork|vfork) resumed>/ && / = [0-9]+$/ {
		host[$NF] = host[pid]; next
	}
	host[pid] { next }
	/ (open|openat|execve)\(/ && / = [0-9]/ { print path_of($0) }
	/ execve\(/ && / = 0$/ {
		p = path_of($0); if (p !~ /^\//) p = pwd p
		host[pid] = index(p, zapp) != 1
	}
	' "$log" |
	LC_ALL=C sort -u | while IFS= read -r p; do
		case $p in
		"$zapp"/*|/proc/*|/sys/*|/dev/*|/tmp/*|/etc/ld.so.cache) continue ;;
		/*) ;;
		*) continue ;;
		esac
		[ -f "$p" ] || continue
		for rel in "${p#/usr/}" "${p#/}"; do
			if [ -f "$zapp/$rel" ] && [ "$rel" != "$p" ]; then
				printf '%s (the Zapp holds %s)\n' "$p" "$rel"
				break
			fi
		done
	done
}

# expect_no_host_copies ZAPP CMD...: CMD, traced, opens no host copy.
expect_no_host_copies() {
	local zapp=$1; shift
	strace -f -qq -e trace=open,openat,execve,clone,clone3,fork,vfork -e status=successful -o trace.log "$@" >/dev/null 2>&1 || :
	host_copies "$zapp" trace.log >host-copies
	if [ -s host-copies ]; then
		echo "host files used although the Zapp holds them:" >&2
		head -n 20 host-copies >&2
		return 1
	fi
}
