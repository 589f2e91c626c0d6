#!/bin/sh
# The bench's machinery (bench/lib.sh, bench/render.sh), on scripts and data
# made here: the variants take turns as promised, CPU time is counted, a
# refused program is found and left out, and the renderer writes tables from
# the data, leaves out what has no data and says when the hand-written
# notes belong to another run.  No time is asserted: the bench measures,
# it never passes or fails on a time.

. "$(dirname "$0")/lib.sh"

# A build tree holding stand-ins for what lib.sh requires; zapp-assemble
# refuses any program whose name starts with "bad".
fake_build() {
	mkdir -p fb/bench fb/bin fb/lib/zapp fb/tests/tools &&
	for t in bench/spawnloop bench/execloader bench/dynlist tests/tools/set-rpath bin/zapp-cc \
		lib/zapp/jumploader-x86_64; do
		printf '#!/bin/sh\nexit 0\n' >"fb/$t" && chmod 755 "fb/$t" || return 1
	done &&
	cat >fb/bin/zapp-assemble <<-\EOF &&
	#!/bin/sh
	for a; do case ${a##*/} in bad*) echo "zapp-assemble: $a: refused for the test" >&2; exit 1;; esac; done
	exit 0
	EOF
	chmod 755 fb/bin/zapp-assemble
}

# bench SCRIPT-BODY: run it as bench/p9999-test.sh would run, sourcing lib.sh
bench() {
	mkdir -p bs &&
	{ printf '. "%s/bench/lib.sh"\n' "$ZAPP_SRC"; printf '%s\n' "$1"; } >bs/p9999-test.sh &&
	ZAPP_BUILD=$TRASH/fb BENCH_DATA=$TRASH/data bash bs/p9999-test.sh quick
}

test_expect_success 'bench_alternate: every variant REPS times, taking turns, the first rotating, prepared before each' '
	fake_build &&
	bench "
		prep() { echo \"prep \$1 \$bench_rep\" >>$TRASH/log; }
		run() { echo \"run \$1\" >>$TRASH/log; }
		bench_alternate alt 3 prep run a b c
	" &&
	cat >want <<-\EOF &&
	prep a 1
	run a
	prep b 1
	run b
	prep c 1
	run c
	prep b 2
	run b
	prep c 2
	run c
	prep a 2
	run a
	prep c 3
	run c
	prep a 3
	run a
	prep b 3
	run b
	EOF
	test_cmp want log &&
	expect_eq "rep	variant	wall_s	cpu_s" "$(head -1 data/alt.tsv)" header &&
	cut -f1,2 data/alt.tsv | tail -n +2 | tr "\t\n" ":," >order &&
	expect_eq "1:a,1:b,1:c,2:b,2:c,2:a,3:c,3:a,3:b," "$(cat order)" rows
'

test_expect_success 'bench_alternate counts the CPU time of what the variant runs' '
	fake_build &&
	bench "
		prep() { :; }
		busy() { sh -c \"i=0; while [ \\\$i -lt 300000 ]; do i=\\\$((i + 1)); done\"; }
		bench_alternate cpu 1 prep busy one
	" &&
	cpu=$(tail -1 data/cpu.tsv | cut -f4) &&
	test -n "$cpu" &&
	awk -v c="$cpu" "BEGIN { exit !(c > 0) }" || fail "no CPU time counted: [$cpu]"
'

test_expect_success 'bench_probe: the programs zapp-assemble refuses are found alone and left out, the others kept in order' '
	fake_build &&
	printf "/x/p%s\n" 1 2 3 4 5 6 7 >list &&
	sed -i "s|/x/p3|/x/bad3|; s|/x/p6|/x/bad6|" list &&
	bench "
		bench_tsv left-out program message
		bench_probe $TRASH/list >$TRASH/kept
	" &&
	printf "/x/p%s\n" 1 2 4 5 7 >want &&
	test_cmp want kept &&
	cat >want.left <<-\EOF &&
	program	message
	bad3	zapp-assemble: /x/bad3: refused for the test
	bad6	zapp-assemble: /x/bad6: refused for the test
	EOF
	test_cmp want.left data/left-out.tsv
'

test_expect_success 'bench_closure: a program, the libraries the loader loads for it, the loader' '
	fake_build &&
	printf "int main(void) { return 0; }\n" >t.c && gcc -o t t.c &&
	bench "bench_closure $TRASH/t >$TRASH/closure" &&
	expect_eq "$TRASH/t" "$(sed -n 1p closure)" program &&
	grep -q "/libc\.so\.6$" closure &&
	expect_eq "$(readelf -lW t | sed -n "s/.*interpreter: \(.*\)]$/\1/p")" "$(tail -1 closure)" loader &&
	expect_eq 3 "$(wc -l <closure)" files
'

# data for the build and compiler-call sections only
fixture() {
	mkdir -p d &&
	printf "key\tvalue\nrun\tbench/run.sh full, 2000-01-01 00:00 UTC\nzapp\tabc1234\n" >d/machine.tsv &&
	printf "rep\tvariant\twall_s\tcpu_s\n1\tgcc\t3.0\t10.0\n1\tzapp-cc\t3.1\t10.1\n2\tzapp-cc\t3.1\t10.1\n2\tgcc\t3.0\t10.0\n" >d/build.tsv &&
	printf "package\tcommand\tcompile_calls\tother_calls\nzlib 9\t./configure && make\t40\t10\n" >d/build-params.tsv &&
	h="variant	n	wall_median_us	wall_p10_us	wall_p90_us	wall_mean_us	wall_min_us	wall_max_us	wall_ratio	wall_ratio_round_min	wall_ratio_round_max	cpu_median_us	cpu_p90_us	cpu_ratio	cpu_ratio_round_min	cpu_ratio_round_max	faults_mean" &&
	for k in compile link; do
		{ echo "$h"
		  printf "gcc\t10\t1000\t1\t1\t1\t1\t1\t1.0\t1\t1\t1000\t1\t1.0\t1\t1\t100\n"
		  printf "zapp-cc\t10\t1500\t1\t1\t1\t1\t1\t1.5\t1\t1\t1600\t1\t1.6\t1\t1\t120\n"; } >d/cc-$k.tsv || return 1
	done &&
	{ echo "$h"
	  printf "true\t10\t500\t1\t1\t1\t1\t1\t1.0\t1\t1\t400\t1\t1.0\t1\t1\t50\n"
	  printf "execstub\t10\t600\t1\t1\t1\t1\t1\t1.2\t1\t1\t500\t1\t1.25\t1\t1\t55\n"
	  printf "zapp-cc\t10\t800\t1\t1\t1\t1\t1\t1.6\t1\t1\t700\t1\t1.75\t1\t1\t70\n"; } >d/cc-alone.tsv &&
	printf "call\tvariant\tsyscalls\texecve\texecve_failed\ncompile\tgcc\t10\t1\t0\ncompile\tzapp-cc\t20\t2\t0\nlink\tgcc\t30\t3\t0\nlink\tzapp-cc\t40\t4\t1\nalone\ttrue\t5\t1\t0\nalone\texecstub\t6\t2\t0\nalone\tzapp-cc\t7\t2\t0\n" >d/cc-syscalls.tsv &&
	printf "calls\tinterpreter\tneeded\tbytes\n10\tnone\tstatic\t4242\n" >d/cc-params.tsv
}

test_expect_success 'render.sh: tables from the data, no section without data, the notes of another run flagged' '
	fixture &&
	bash "$ZAPP_SRC/bench/render.sh" d out &&
	r=out/results.md &&
	expect_file_contains $r "| build with zapp-cc ÷ with gcc, zlib 9: wall clock | 1.033 | ≤ 1.01 | **misses** |" &&
	expect_file_contains $r "| the same, CPU time of everything the build runs | 1.010 | ≤ 1.01 | meets |" &&
	expect_file_contains $r "(300 µs ÷ 100 µs) | 3.00 | ≤ 1 | **misses** |" &&
	expect_file_contains $r "| 40 | 10 | 600 | 600 | 0.030 | 0.100 |" &&
	expect_file_contains $r "4242 bytes, program interpreter none, libraries: static" &&
	expect_file_contains $r "| 30 / 40 | 3 / 4 (0 / 1) | 100 / 120 |" &&
	expect_file_contains $r "## 3. Build" &&
	expect_file_contains $r "## 4. One compiler call" &&
	expect_file_lacks $r "## 1. Launch" &&
	expect_file_lacks $r "## 2. Assembly" &&
	expect_file_contains $r "not for this one (\"bench/run.sh full, 2000-01-01 00:00 UTC\")" &&
	expect_file_contains $r "$(grep -m1 "^From a fresh copy" "$ZAPP_SRC/bench/notes.md")"
'

test_expect_success 'render.sh: no warning when the notes were written for this run; nothing measured' '
	fixture &&
	sed -n "s/^<!-- run: \(.*\) -->$/\1/p" "$ZAPP_SRC/bench/notes.md" >written &&
	test -s written &&
	sed -i "s|^run	.*|run	$(cat written)|" d/machine.tsv &&
	bash "$ZAPP_SRC/bench/render.sh" d out &&
	expect_file_lacks out/results.md "not for this one" &&
	test ! -e out/launch-cdf.png
'

test_done
