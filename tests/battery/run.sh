#!/bin/sh
# tests/battery/run.sh BUILD WORK [BATTERY.PY ARGS...]: the hostile-input
# battery (battery.py) with the tools of BUILD (its bin/ first in PATH),
# in the scratch directory WORK, on the patchelf and elfutils test
# corpora (Debian's source packages, fetched by tests/fetch-source.sh into
# its cache the first time).  A corpus that cannot be had here is named on
# stderr and left out; the mutants are run all the same.
#   make fuzz                    the corpora and 8,200 mutants (BATTERY_COUNT)
#   tests/t7600-hostile-battery.sh   the corpora and 1,000 mutants
set -u
build=$1 work=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)
PATH=$(cd "$build" && pwd)/bin:$PATH
export PATH
set --  "$@"
for name in patchelf elfutils; do
	if src=$(sh "$here/../fetch-source.sh" "$name"); then
		set -- "$@" --source "$src"
	else
		echo "battery: the $name corpus is left out (its source cannot be fetched here)" >&2
	fi
done
exec python3 "$here/battery.py" --progress --work "$work" "$@"
