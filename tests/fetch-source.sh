#!/bin/sh
# tests/fetch-source.sh NAME: print the directory of Debian's source package
# NAME, unpacked, fetching it with apt-get source into the cache directory
# ($ZAPP_SOURCES, default build/sources) the first time.  When the machine
# has no deb-src entry, one matching its deb entries is added (root only).
# Exits 2 with a reason on stderr when the source cannot be had here.
set -u
name=$1
top=$(cd "$(dirname "$0")/.." && pwd)
cache=${ZAPP_SOURCES:-$top/build/sources}
mkdir -p "$cache/$name" || exit 2
cd "$cache/$name" || exit 2

found() {
	for d in */; do
		[ -f "$d/debian/control" ] && { echo "$cache/$name/${d%/}"; return 0; }
	done
	return 1
}
found && exit 0

command -v dpkg-source >/dev/null || { echo "dpkg-dev is not installed" >&2; exit 2; }

has_deb_src() {
	grep -rqsE '^(deb-src|Types:.*deb-src)' /etc/apt/sources.list /etc/apt/sources.list.d/
}
if ! has_deb_src; then
	[ "$(id -u)" = 0 ] || { echo "no deb-src entry and not root to add one" >&2; exit 2; }
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] || continue
		sed 's/^Types: deb$/Types: deb-src/' "$f" >"/etc/apt/sources.list.d/zapp-src-$(basename "$f")"
	done
	if [ -f /etc/apt/sources.list ]; then
		sed -n 's/^deb /deb-src /p' /etc/apt/sources.list >/etc/apt/sources.list.d/zapp-src.list
	fi
	apt-get update -qq >/dev/null 2>&1 || true	# a partial failure still gives the lists we need
fi
# fetch_any: the newest version of the source that the mirrors still
# serve (a security update's source can be missing while an older one is
# there): apt-get source NAME, then NAME=VERSION for each version the
# lists know, newest first.
fetch_any() {
	apt-get source -qq "$name" >fetch.log 2>&1 && return 0
	for v in $(apt-cache showsrc "$name" 2>/dev/null | sed -n 's/^Version: //p' | sort -u -r -V); do
		echo "trying $name=$v" >>fetch.log
		apt-get source -qq --only-source "$name=$v" >>fetch.log 2>&1 && return 0
	done
	return 1
}
fetch_any || {
	# the package lists may be stale or missing
	apt-get update -qq >/dev/null 2>&1
	fetch_any
} || { echo "apt-get source $name failed:" >&2; tail -n 5 fetch.log >&2; exit 2; }
found || { echo "apt-get source $name unpacked nothing" >&2; exit 2; }
