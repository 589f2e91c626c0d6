#!/bin/sh
# tests/fuzz/seeds.sh OUT [JUMPLOADER]: the seed corpora of the fuzzing
# harnesses, made from this machine's own files (nothing is committed):
#   OUT/elf/     small executables and libraries of the system (64- and
#                32-bit), objects and programs compiled here (with XORIGIN,
#                RPATH, RUNPATH, static, static-pie), the jumploader
#   OUT/ldconf/  ld.so.conf texts, parts separated by NUL (fuzz_ldconf.c)
#   OUT/strace/  strace logs of a small run (fuzz_strace_log.c)
set -eu
out=$1
jl=${2:-}
CC=${CC:-gcc}
max=49152	# bytes: small seeds keep the fuzzers fast

rm -rf "$out"
mkdir -p "$out/elf" "$out/ldconf"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

is_elf() { [ "$(head -c 4 "$1" 2>/dev/null | od -An -c | tr -d ' ')" = '177ELF' ]; }

# take DIR PATTERN PREFIX N: up to N small ELF files of DIR, spread over
# the sorted list, copied as PREFIX-NAME.
take() {
	dir=$1 pattern=$2 prefix=$3 n=$4
	[ -d "$dir" ] || return 0
	find "$dir" -maxdepth 1 -type f -name "$pattern" -size -${max}c 2>/dev/null |
		LC_ALL=C sort >"$tmp/list"
	total=$(wc -l <"$tmp/list")
	[ "$total" -gt 0 ] || return 0
	step=$(( total / n )); [ "$step" -gt 0 ] || step=1
	i=0 taken=0
	while read -r f; do
		if [ $((i % step)) = 0 ] && [ "$taken" -lt "$n" ] && is_elf "$f"; then
			cp "$f" "$out/elf/$prefix-$(basename "$f")" && taken=$((taken + 1))
		fi
		i=$((i + 1))
	done <"$tmp/list"
}

take /usr/bin '*' bin 16
take /usr/lib/x86_64-linux-gnu '*.so*' lib64 16
take /usr/lib/i386-linux-gnu '*.so*' lib32 6
take /usr/lib/x86_64-linux-gnu/gconv '*.so' gconv 4

# Built here: each kind of file the tools meet.
cat >"$tmp/m.c" <<'EOF'
#include <stdio.h>
extern int lib_f(void);
int main(void) { printf("%d\n", lib_f()); return 0; }
EOF
cat >"$tmp/l.c" <<'EOF'
int lib_f(void) { return 42; }
EOF
cat >"$tmp/s.c" <<'EOF'
int main(void) { return 0; }
EOF
build() { # build NAME ARGS...: a seed, if this compiler can make it
	name=$1; shift
	if (cd "$tmp" && "$@") >/dev/null 2>&1 && [ -f "$tmp/$name" ]; then
		cp "$tmp/$name" "$out/elf/built-$name"
	fi
}
build l.o $CC -c -o l.o l.c
build libl.so $CC -shared -fPIC -Wl,-soname,libl.so.1 -Wl,--disable-new-dtags,-rpath,XORIGIN/../lib -o libl.so l.c
build m-xorigin $CC -o m-xorigin m.c -L. -ll -Wl,--disable-new-dtags,-rpath,XORIGIN/../lib:/opt/x/lib
build m-runpath $CC -o m-runpath m.c -L. -ll -Wl,--enable-new-dtags,-rpath,\$ORIGIN/../lib
build m-norpath $CC -o m-norpath m.c -L. -ll
build m-nopie $CC -no-pie -o m-nopie m.c -L. -ll
build m-bindnow $CC -Wl,-z,now,-z,relro -o m-bindnow m.c -L. -ll
build m-static $CC -static -o m-static s.c
build m-static-pie $CC -static-pie -o m-static-pie s.c
build m-musl musl-gcc -static -o m-musl s.c
build m32 $CC -m32 -o m32 s.c
build m32-lib.so $CC -m32 -shared -fPIC -o m32-lib.so l.c
# the static ones can be big: keep only small seeds
find "$out/elf" -type f -size +${max}c -exec rm -f {} +
if [ -n "$jl" ] && [ -f "$jl" ]; then
	cp "$jl" "$out/elf/jumploader"
fi

# ld.so.conf, as systems write it; NUL starts the next file (1.conf ...).
seed() { printf "$2" >"$out/ldconf/$1"; }
seed debian 'include /etc/ld.so.conf.d/*.conf\n'
seed debian-parts 'include /etc/ld.so.conf.d/*.conf\n\0# libc default configuration\n/usr/local/lib\n\0# Multiarch support\n/usr/local/lib/x86_64-linux-gnu\n/lib/x86_64-linux-gnu\n/usr/lib/x86_64-linux-gnu\n'
seed relative 'include ld.so.conf.d/*.conf\n/opt/lib\n\0/usr/lib/extra\t# comment\n'
seed nested 'include ld.so.conf.d/1.conf\n\0include 2.conf\n/a/b\n\0include /etc/ld.so.conf.d/3.conf\n\0/deep/lib\n'
seed hwcap 'hwcap 1 nosegneg\n  /usr/lib/with/spaces   \n\n#only a comment\n/usr/lib32\n'
seed self 'include ld.so.conf\ninclude ld.so.conf\n/lib/self\n'
seed dots 'include ../etc/ld.so.conf.d/*.conf\n/usr/lib/../lib64\n/./usr/./lib/\n\0/usr//lib//x\n'
seed empty ''
# strace logs of a small run, in the formats --from-strace reads
mkdir -p "$out/strace"
if command -v strace >/dev/null 2>&1; then
	i=0
	for opts in "-f" "-f -tt -y" "-ttt -r -yy" "-f -t -s 8"; do
		i=$((i + 1))
		# shellcheck disable=SC2086
		(cd "$tmp" && strace $opts -o "$tmp/log" sh -c 'cat /etc/hostname ./m.c >/dev/null; ls . >/dev/null') >/dev/null 2>&1 || true
		if [ -f "$tmp/log" ]; then
			head -c 16384 "$tmp/log" >"$out/strace/log$i"
			rm -f "$tmp/log"
		fi
	done
fi
printf '1 openat(AT_FDCWD, "a\\"b\\x41\\101", O_RDONLY <unfinished ...>\n1 <... openat resumed>) = 3</x>\n' >"$out/strace/unfinished"
n_elf=$(find "$out/elf" -type f | wc -l)
n_conf=$(find "$out/ldconf" -type f | wc -l)
n_strace=$(find "$out/strace" -type f | wc -l)
echo "seeds: $n_elf ELF files, $n_conf ld.so.conf texts, $n_strace strace logs in $out"
