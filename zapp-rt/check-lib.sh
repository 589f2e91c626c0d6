#!/bin/sh
# zapp-rt/check-lib.sh FILE BASE LIST: refuse a libzapp-rt.so.1 that would not
# load with every glibc a Zapp may hold: a DT_NEEDED other than libc.so.6,
# a symbol version other than BASE (GLIBC_2.2.5 on x86_64), a text
# relocation, another soname, or a function defined that LIST
# (zapp-rt/interposed.h) does not name, or one it names missing.
f=$1 base=$2 list=$3
die() { echo "zapp-rt/check-lib.sh: $f: $*" >&2; exit 1; }
[ -f "$f" ] || die "missing"
[ -n "$base" ] || die "no base symbol version known for this architecture"
needed=$(readelf -dW "$f" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
[ "$needed" = libc.so.6 ] || die "needs '$(echo $needed)', not exactly libc.so.6"
readelf -dW "$f" | grep -q '(SONAME).*\[libzapp-rt\.so\.1\]' || die "its soname is not libzapp-rt.so.1"
readelf -dW "$f" | grep -q '(TEXTREL)' && die "has text relocations"
readelf -dW "$f" | grep -q 'TEXTREL' && die "has text relocations"
other=$(readelf -VW "$f" | sed -n 's/.*Name: \(GLIBC_[0-9.]*\).*/\1/p' | sort -u | grep -vx "$base")
[ -z "$other" ] && readelf -VW "$f" | grep -q "Name: $base" ||
	die "needs symbol versions other than $base: $(echo $other)"
syms=$(readelf --dyn-syms -W "$f" | awk '$7 != "UND" && $5 == "GLOBAL" && $4 == "FUNC" { print $8 }' | sort | tr '\n' ' ')
want=$(sed -n '/^#define ZRT_INTERPOSED/,/^$/p' "$list" | grep -o '"[a-z_]*"' | tr -d '"' | sort | tr '\n' ' ')
[ "$syms" = "$want" ] || die "defines '$syms', not '$want'"
exit 0
