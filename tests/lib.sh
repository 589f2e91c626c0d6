# tests/lib.sh: the shell test library. Each tests/tNNNN-*.sh sources it.
# Modelled on git's t/test-lib.sh.
#
# A test is a small story:   test_expect_success 'what must hold' '
#                                 commands && more commands
#                             '
# It prints TAP lines ("ok N - ...", "not ok N - ...", "ok N # skip ...")
# and the plan "1..N" from test_done, which tests/run.sh counts.  A failing
# test shows its commands and output.
#
# Provided to tests:
#   $ZAPP_SRC    the source tree          $ZAPP_BUILD  the build tree (bin/, lib/zapp/)
#   $TRASH       a fresh scratch directory, the cwd of every test (removed on success)
#   PATH         starts with $ZAPP_BUILD/bin
#
#   test_expect_success [PREREQ] DESC BODY
#                run BODY (with set -e, in a subshell); skipped, saying which
#                prerequisite is missing, unless every one of PREREQ holds
#   test_done    print the plan and exit: 0 unless a test failed
#   skip_all=REASON; test_done
#                at the top of a script, before any test: skip the whole
#                script ("1..0 # SKIP REASON"); setting skip_all after a test
#                ran, or running a test while it is set, is an error
#
# Prerequisites: PREREQ is a comma-separated list of names, each of which
# may be negated with "!" (git's "!MINGW,PERL").
#   test_set_prereq NAME          NAME holds
#   test_lazy_prereq NAME SCRIPT  NAME holds if SCRIPT succeeds; run once, on
#                                 first use, in a directory of its own
#   test_have_prereq PREREQ       true if every one holds (for use in scripts)
# Given here: ROOT (running as root: chroot, unshare -m, mknod), STRACE (strace
# is installed and can trace here).
#
# Helpers: fail MSG, expect_eq WANT GOT [WHAT], expect_file_contains FILE TEXT,
# expect_file_lacks FILE TEXT, test_cmp WANT GOT, test_must_fail_with STATUS
# CMD..., tree_digest DIR, build_example DIR, rpath_of FILE, strace ARGS...
# (LeakSanitizer off under it),
# run_in_empty_root ROOT CMD... (tests/empty-root.sh).

set -u
skip_all=
ZAPP_SRC=$(cd "$(dirname "$0")/.." && pwd)
ZAPP_BUILD=${ZAPP_BUILD:-$ZAPP_SRC/build}
PATH=$ZAPP_BUILD/bin:$PATH
export ZAPP_SRC ZAPP_BUILD PATH
unset ZAPP_CC ZAPP_CXX ZAPP_LD ZAPP_DISABLE ZAPP_JUMPLOADER ZAPP_RT LD_LIBRARY_PATH

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

# test_bail_out_ MSG: the script itself is wrong; stop it, failed.
test_bail_out_() {
	say "Bail out! $*"
	printf 'tests/lib.sh: %s: %s\n' "$test_name" "$*" >&2
	exit 1
}

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

# test_cmp WANT GOT: the files are equal; if not, the difference is shown.
test_cmp() {
	cmp -s -- "$1" "$2" && return 0
	printf 'FAIL: %s and %s differ:\n' "$1" "$2" >&2
	diff -u -- "$1" "$2" >&2
	return 1
}

expect_file_lacks() {
	grep -q -F -- "$2" "$1" || return 0
	printf 'FAIL: %s contains [%s]:\n' "$1" "$2" >&2
	sed 's/^/| /' "$1" >&2
	return 1
}

# test_prereq_name_ NAME: bail out unless NAME is a prerequisite's name.
test_prereq_name_() {
	case $1 in
	''|*[!A-Za-z0-9_]*) test_bail_out_ "bad prerequisite name '$1'" ;;
	esac
}

# test_set_prereq NAME: the prerequisite NAME holds.
test_set_prereq() {
	test_prereq_name_ "$1"
	satisfied_prereq="$satisfied_prereq$1 "
}
satisfied_prereq=" "
lazily_tested_prereq=" "

# test_lazy_prereq NAME SCRIPT: NAME holds if SCRIPT succeeds; SCRIPT runs
# the first time NAME is asked for, in a scratch directory of its own, its
# output discarded.
test_lazy_prereq() {
	test_prereq_name_ "$1"
	eval "test_prereq_lazily_$1=\$2"
}

test_run_lazy_prereq_() {
	local dir=$TRASH/.prereq-$1
	mkdir -p "$dir" &&
	( cd "$dir" && eval "$2" ) >/dev/null 2>&1
	local status=$?
	rm -rf "$dir"
	return $status
}

# test_have_prereq PREREQ: every prerequisite of the comma-separated list
# holds ("!NAME": NAME does not).  The ones missing are left in
# $missing_prereq, comma-separated.
test_have_prereq() {
	local list=$1 prereq negative holds script
	missing_prereq=
	local IFS=,
	for prereq in $list; do
		unset IFS
		case $prereq in
		!*) negative=t prereq=${prereq#!} ;;
		*) negative= ;;
		esac
		test_prereq_name_ "$prereq"
		case $lazily_tested_prereq in
		*" $prereq "*) ;;
		*)
			eval "script=\${test_prereq_lazily_$prereq-}"
			if [ -n "$script" ]; then
				lazily_tested_prereq="$lazily_tested_prereq$prereq "
				test_run_lazy_prereq_ "$prereq" "$script" && test_set_prereq "$prereq"
			fi ;;
		esac
		case $satisfied_prereq in
		*" $prereq "*) holds=t ;;
		*) holds= ;;
		esac
		if [ "$holds" != "$negative" ]; then :
		else
			missing_prereq="${missing_prereq:+$missing_prereq,}${negative:+!}$prereq"
		fi
	done
	unset IFS
	[ -z "$missing_prereq" ]
}

test_lazy_prereq ROOT '[ "$(id -u)" = 0 ]'

# strace ARGS...: strace, with LeakSanitizer off for the tools it traces
# when they are built with SANITIZE=1 (LeakSanitizer cannot run under
# ptrace; AddressSanitizer itself stays on).  Every test's strace is this.
strace() {
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" command strace "$@"
}
test_lazy_prereq STRACE 'command -v strace && strace -qq -o /dev/null true'

test_expect_success() {
	# test_expect_success [PREREQ] DESC BODY
	local prereq= desc body out
	case $# in
	2) ;;
	3) prereq=$1; shift ;;
	*) test_bail_out_ "test_expect_success takes [PREREQ] DESC BODY, got $# arguments" ;;
	esac
	desc=$1 body=$2
	[ -z "${skip_all:-}" ] ||
		test_bail_out_ "skip_all is set ($skip_all) but the script goes on: follow it with test_done"
	test_count=$((test_count + 1))
	if [ -n "$prereq" ] && ! test_have_prereq "$prereq"; then
		test_skipped=$((test_skipped + 1))
		say "ok $test_count # skip $desc (missing $missing_prereq)"
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

test_done() {
	if [ -n "${skip_all:-}" ]; then
		[ "$test_count" = 0 ] ||
			test_bail_out_ "skip_all is set ($skip_all) after $test_count tests ran: set it before the first test"
		say "1..0 # SKIP $skip_all"
		cd / && rm -rf "$TRASH"
		exit 0
	fi
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
