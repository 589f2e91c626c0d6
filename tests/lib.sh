# tests/lib.sh: the shell test library. Each tests/tNNNN-*.sh sources it.
#
# A test is a small story:   test_expect_success 'what must hold' '
#                                 commands && more commands
#                             '
# It prints TAP lines ("ok N - ...", "not ok N - ...", "ok N # skip ...")
# that tests/run.sh counts.  A failing test shows its commands and output.
#
# Provided to tests:
#   $ZAPP_SRC    the source tree          $ZAPP_BUILD  the build tree (bin/, lib/zapp/)
#   $TRASH       a fresh scratch directory, the cwd of every test (removed on success)
#   PATH         starts with $ZAPP_BUILD/bin
#   test_have_root / require_root REASON / test_skip_all REASON
#   fail MSG, expect_eq WANT GOT [WHAT], expect_file_contains FILE TEXT

set -u
ZAPP_SRC=$(cd "$(dirname "$0")/.." && pwd)
ZAPP_BUILD=${ZAPP_BUILD:-$ZAPP_SRC/build}
PATH=$ZAPP_BUILD/bin:$PATH
export ZAPP_SRC ZAPP_BUILD PATH
unset ZAPP_CC ZAPP_CXX ZAPP_LD ZAPP_DISABLE ZAPP_JUMPLOADER LD_LIBRARY_PATH

test_name=$(basename "$0" .sh)
TRASH=${ZAPP_TEST_TMP:-/tmp}/zapp-test.$test_name.$$
rm -rf "$TRASH" && mkdir -p "$TRASH" || exit 1
cd "$TRASH" || exit 1

test_count=0
test_failed=0
test_skipped=0
verbose=${ZAPP_TEST_VERBOSE:-}

say() { printf '%s\n' "$*"; }
fail() { printf 'FAIL: %s\n' "$*" >&2; return 1; }

expect_eq() {
	# expect_eq WANT GOT [WHAT]
	if [ "$1" != "$2" ]; then
		printf 'FAIL: %s: expected [%s], got [%s]\n' "${3:-value}" "$1" "$2" >&2
		return 1
	fi
}

expect_file_contains() {
	grep -q -F -- "$2" "$1" && return 0
	printf 'FAIL: %s does not contain [%s]; it holds:\n' "$1" "$2" >&2
	sed 's/^/| /' "$1" >&2
	return 1
}

expect_file_lacks() {
	grep -q -F -- "$2" "$1" || return 0
	printf 'FAIL: %s contains [%s]:\n' "$1" "$2" >&2
	sed 's/^/| /' "$1" >&2
	return 1
}

test_have_root() { [ "$(id -u)" = 0 ]; }

test_expect_success() {
	# test_expect_success [PREREQ-REASON] DESC BODY
	local desc=$1 body=$2 out
	test_count=$((test_count + 1))
	if [ -n "${skip_all:-}" ]; then
		say "ok $test_count # skip $desc ($skip_all)"
		test_skipped=$((test_skipped + 1))
		return 0
	fi
	out=$TRASH/.test-output.$test_count
	if ( set -e; eval "$body" ) >"$out" 2>&1; then
		say "ok $test_count - $desc"
		[ -n "$verbose" ] && sed 's/^/#   /' "$out"
	else
		test_failed=$((test_failed + 1))
		say "not ok $test_count - $desc"
		printf '%s\n' "$body" | sed 's/^/#   > /'
		sed 's/^/#   | /' "$out" | tail -n 40
	fi
	rm -f "$out"
	return 0
}

test_skip() {
	# test_skip DESC REASON: a test that cannot run here, said out loud
	test_count=$((test_count + 1))
	test_skipped=$((test_skipped + 1))
	say "ok $test_count # skip $1 ($2)"
}

# test_expect_root DESC BODY: like test_expect_success but skipped, with the
# reason given, when not root (chroot and mount namespaces need root).
test_expect_root() {
	if test_have_root; then
		test_expect_success "$1" "$2"
	else
		test_skip "$1" "needs root for chroot and unshare -m"
	fi
}

test_done() {
	say "1..$test_count"
	cd /
	if [ "$test_failed" = 0 ]; then
		rm -rf "$TRASH"
		exit 0
	fi
	say "# $test_failed of $test_count failed; scratch kept in $TRASH"
	exit 1
}

. "$ZAPP_SRC/tests/empty-root.sh"

# test_must_fail_with STATUS CMD...: CMD exits with exactly STATUS.
test_must_fail_with() {
	local want=$1 got=0; shift
	"$@" || got=$?
	if [ "$got" != "$want" ]; then
		printf 'FAIL: %s: exit status %s, expected %s\n' "$*" "$got" "$want" >&2
		return 1
	fi
}

# tree_digest DIR: one line per path under DIR with its type, mode and, for
# files, content hash: equal digests mean byte-identical trees.
tree_digest() {
	(cd "$1" && find . -printf '%y %m %p\n' | LC_ALL=C sort | while read -r t m p; do
		if [ "$t" = f ]; then
			printf '%s %s %s %s\n' "$t" "$m" "$p" "$(sha256sum <"$p" | cut -d" " -f1)"
		else
			printf '%s %s %s\n' "$t" "$m" "$p"
		fi
	done)
}

# build_example DIR: the example project built with zapp-cc and installed
# into DIR/stage; prints nothing, fails with the build log.
build_example() {
	mkdir -p "$1" && cp -r "$ZAPP_SRC/examples/hello" "$1/src" &&
	{ make -C "$1/src" CC=zapp-cc CXX=zapp-c++ >"$1/build.log" 2>&1 &&
	  make -C "$1/src" install DESTDIR="$1/stage" >>"$1/build.log" 2>&1 ||
	  { tail -n 20 "$1/build.log"; false; }; }
}

# rpath_of FILE: "TAG VALUE" of its DT_RPATH / DT_RUNPATH
rpath_of() {
	readelf -d "$1" | sed -n 's/.*(\(RPATH\|RUNPATH\)).*\[\(.*\)\]$/\1 \2/p'
}
