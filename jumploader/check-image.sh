#!/bin/sh
# jumploader/check-image.sh FILE MAXSIZE: refuse a jumploader image that
# could not work: one with a loader (PT_INTERP), a DT_NEEDED, relocations
# (nothing would apply them), no .zapp_stamp section, or too big.
f=$1 max=$2
die() { echo "jumploader/check-image.sh: $f: $*" >&2; exit 1; }
[ -f "$f" ] || die "missing"
readelf -lW "$f" | grep -q 'INTERP' && die "has a PT_INTERP"
readelf -dW "$f" | grep -q '(NEEDED)' && die "has a DT_NEEDED"
readelf -rW "$f" | grep -q 'There are no relocations in this file' ||
	die "has relocations: $(readelf -rW "$f" | head -5)"
readelf -SW "$f" | grep -q ' \.zapp_stamp ' || die "has no .zapp_stamp section"
size=$(wc -c <"$f")
[ "$size" -le "$max" ] || die "is $size bytes, more than $max"
exit 0
