#!/bin/bash
# ZAPP_CC="ccache gcc": compile steps reach ccache unchanged, so a second
# clean build is served entirely from the cache.
. "$(dirname "$0")/lib.sh"

if ! command -v ccache >/dev/null; then
	skip_all="ccache is not installed (Debian package ccache)"
	test_done
fi
export CCACHE_DIR=$TRASH/ccache CCACHE_NOHASHDIR=1 CCACHE_BASEDIR=$TRASH
export ZAPP_CC="ccache gcc" ZAPP_CXX="ccache g++"

stat_of() { ccache --print-stats | awk -v k="$1" '$1 == k { print $2 }'; }

test_expect_success 'a first build through ccache fills the cache' '
	cp -r "$ZAPP_SRC/examples/hello" ex &&
	make -C ex CC=zapp-cc CXX=zapp-c++ >build1.log 2>&1 &&
	test "$(stat_of cache_miss)" -eq 5 &&
	readelf -d ex/src/app/hello | grep -F "[\$ORIGIN/../lib]"
'

test_expect_success 'a second clean build is served entirely from the cache' '
	make -C ex clean >/dev/null &&
	ccache -z >/dev/null &&
	make -C ex CC=zapp-cc CXX=zapp-c++ >build2.log 2>&1 &&
	expect_eq 0 "$(stat_of cache_miss)" "cache misses" &&
	hits=$(( $(stat_of direct_cache_hit) + $(stat_of preprocessed_cache_hit) )) &&
	expect_eq 5 "$hits" "cache hits (one per compile step)" &&
	readelf -d ex/src/app/hello | grep -F "[\$ORIGIN/../lib]"
'

test_done
