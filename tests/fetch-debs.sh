#!/bin/sh
# tests/fetch-debs.sh NAME ARCH PKG...: print the directory of a root made
# of Debian's binary packages PKG (of architecture ARCH, with what they
# depend on, recommends left out), each unpacked with dpkg -x, made in the
# cache directory ($ZAPP_SOURCES, default build/sources) the first time:
# a foreign root to assemble from with --sysroot (AArch64's curl, say).
# The architecture is added to dpkg's list when it is missing (root
# only), and the package lists updated.  Exits 2 with a reason on stderr
# when the packages cannot be had here.
set -u
name=$1 arch=$2
shift 2
top=$(cd "$(dirname "$0")/.." && pwd)
cache=${ZAPP_SOURCES:-$top/build/sources}
root=$cache/debs-$name
[ -f "$root/.complete" ] && { echo "$root/root"; exit 0; }
command -v dpkg >/dev/null && command -v apt-get >/dev/null || { echo "no dpkg and apt-get here" >&2; exit 2; }
if [ "$(dpkg --print-architecture)" != "$arch" ] && ! dpkg --print-foreign-architectures | grep -qx "$arch"; then
	[ "$(id -u)" = 0 ] || { echo "architecture $arch is not known to dpkg, and not root to add it" >&2; exit 2; }
	dpkg --add-architecture "$arch" || exit 2
	apt-get update -qq >/dev/null 2>&1 || true	# a partial failure still gives the lists we need
fi
pkgs=
for p in "$@"; do pkgs="$pkgs $p:$arch"; done
# every package of the closure once, by name:arch (virtual ones, <...>, left out)
# shellcheck disable=SC2086
list=$(apt-cache depends --recurse --no-recommends --no-suggests --no-conflicts --no-breaks \
	--no-replaces --no-enhances $pkgs 2>/dev/null | grep -v '^ \|^<' | grep ":$arch\$" | sort -u)
[ -n "$list" ] || { echo "apt knows none of:$pkgs" >&2; exit 2; }
rm -rf "$root" && mkdir -p "$root/debs" "$root/root" || exit 2
cd "$root/debs" || exit 2
# shellcheck disable=SC2086
apt-get download -qq $list >/dev/null 2>"$root/download.log" || {
	echo "apt-get download failed: $(tail -n 3 "$root/download.log")" >&2
	exit 2
}
for d in *.deb; do
	dpkg -x "$d" "$root/root" || { echo "dpkg -x $d failed" >&2; exit 2; }
done
touch "$root/.complete"
echo "$root/root"
