#!/bin/sh
# The hostile-input battery (tests/battery/battery.py, docs/reliability.md):
# the patchelf and elfutils test corpora and a bounded number of
# structured mutants of real programs and loaders, each through the
# kernel, zapp-assemble, zapp-check and the jumploader (as the program and
# as the loader of a known-good Zapp), with the rule checked for every
# file: zapp-check passes => the jumploader starts it; the jumploader
# refuses => zapp-check refuses, in the same words; the jumploader never
# dies of a signal or hangs where the kernel-started file does not;
# zapp-assemble exits 0 => zapp-check passes its Zapp.  `make fuzz` runs
# the full battery (8,200 mutants).  ZAPP_BATTERY_COUNT=N changes the 600 here.
. "$(dirname "$0")/lib.sh"

BATTERY=$ZAPP_SRC/tests/battery
COUNT=${ZAPP_BATTERY_COUNT:-600}

test_lazy_prereq CORPORA '
	sh "$ZAPP_SRC/tests/fetch-source.sh" patchelf >/dev/null &&
	sh "$ZAPP_SRC/tests/fetch-source.sh" elfutils >/dev/null
'

# battery WHAT ARGS...: run it in "work WHAT" (a path with a space), its
# figures and disagreements in WHAT.log; fail on any disagreement
battery() {
	local what=$1; shift
	nice python3 "$BATTERY/battery.py" --work "work $what" "$@" >"$what.log" 2>&1 ||
		{ sed 's/^/| /' "$what.log" | head -n 80 >&2; return 1; }
	grep "^battery: " "$what.log" | sed 's/^/# /'
}

test_expect_success 'the battery fails when zapp-check passes what the jumploader refuses' '
	mkdir -p fake && printf "#!/bin/sh\nexit 0\n" >fake/zapp-check && chmod +x fake/zapp-check &&
	{ PATH=$PWD/fake:$PATH python3 "$BATTERY/battery.py" --work "work fake" --count 30 --seed fake \
		>fake.log 2>&1 && st=0 || st=$?; } &&
	expect_eq 1 "$st" "the battery with a zapp-check that always passes" &&
	grep -q "^DISAGREEMENT check-ok-refused: mutant " fake.log &&
	grep -q "^  made by: .*mutate.py fake " fake.log
'

test_expect_success 'a mutant is made again from its seed and index alone' '
	python3 "$BATTERY/mutate.py" again 7 /usr/bin/true -o m1 >d1 &&
	python3 "$BATTERY/mutate.py" again 7 /usr/bin/true -o m2 >d2 &&
	cmp m1 m2 && test_cmp d1 d2 && ! cmp -s m1 /usr/bin/true
'

test_expect_success CORPORA 'the patchelf and elfutils test corpora: no disagreement' '
	battery corpora --count 0 \
		--source "$(sh "$ZAPP_SRC/tests/fetch-source.sh" patchelf)" \
		--source "$(sh "$ZAPP_SRC/tests/fetch-source.sh" elfutils)" &&
	grep -q "^battery: 36[0-9] files (36[0-9] corpus, 0 mutants" corpora.log
'

test_expect_success "$COUNT mutants of real programs and loaders: no disagreement" '
	battery mutants --count "$COUNT" --seed check &&
	grep -q "^battery: $COUNT files (0 corpus, $COUNT mutants" mutants.log
'

test_done
