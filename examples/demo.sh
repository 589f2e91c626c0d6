#!/bin/sh
# examples/demo.sh: the whole flow on the built-in example, as a user runs it:
# build with zapp-cc through recursive make, install into a staging tree,
# assemble a Zapp, move it somewhere awkward, and run it from there.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
work=$top/build/demo
PATH=$top/build/bin:$PATH
export PATH

step() { printf '\n==> %s\n' "$*"; }

rm -rf "$work"
mkdir -p "$work"
cp -r "$top/examples/hello" "$work/src"

step "CC=zapp-cc: build the example (three levels of recursive make) and install it"
make -s -C "$work/src" CC=zapp-cc CXX=zapp-c++
make -s -C "$work/src" install DESTDIR="$work/stage"
readelf -d "$work/stage/usr/local/bin/hello" | grep -E 'RPATH|RUNPATH'

step "zapp-assemble -o hello.zapp stage/usr/local"
zapp-assemble -o "$work/hello.zapp" "$work/stage/usr/local"

dest="$work/Ünïcode dir with spaces/on a stick"
step "move the Zapp to '$dest' and check it"
mkdir -p "$dest"
mv "$work/hello.zapp" "$dest/"
zapp-check "$dest/hello.zapp"

step "run it from there"
cd /
"$dest/hello.zapp/bin/hello"
"$dest/hello.zapp/bin/hello" --plugin
"$dest/hello.zapp/bin/hello" --data
"$dest/hello.zapp/bin/hello" --helper
"$dest/hello.zapp/bin/hello++" Zapp
echo
echo "The Zapp is in: $dest/hello.zapp"
