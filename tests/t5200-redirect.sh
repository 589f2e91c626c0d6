#!/bin/sh
# Run-time redirection: a Zapp'd program that executes or dlopens an
# absolute host path of which the Zapp holds a copy gets the Zapp's copy
# (lib/zapp/hostpaths, applied by lib/libzapp-rt.so.1, the first
# DT_NEEDED of each program): from a moved Zapp (strace shows the host
# file never opened nor executed) and in an empty root where the host
# paths do not exist.  A program that calls none of the functions the
# library interposes is left as it is.  A path the map does not hold is the host's; the
# searching calls keep libc's rules; popen's shell is the Zapp's, with
# glibc's modes, pclose's status and no earlier popen stream leaked into a
# child; a multi-threaded program forks and
# execs; a library's dlopen of a bare name still finds what its own
# search path names; a Zapp without a map is as it was (no library, no
# edit); zapp-check refuses a damaged map; git clone over file:// runs its
# /bin/sh and git-upload-pack from the Zapp.

. "$(dirname "$0")/lib.sh"

SRC=$ZAPP_SRC/tests/redirect
RT=$ZAPP_BUILD/lib/zapp/libzapp-rt.so.1
H=$TRASH/host
Z="$TRASH/moved Zapp"

# traced FILE CMD...: run CMD under strace -f into FILE (execve, open
# calls); with $TPATH set, CMD gets it as its PATH
traced() {
	local f=$1; shift
	strace -f -qq -s 4096 -o "$f" -e trace=execve,execveat,open,openat ${TPATH:+-E PATH="$TPATH"} "$@"
}

# untouched FILE PATH: the trace FILE shows no successful open or exec of PATH
untouched() {
	if grep -F -e "execve(\"$2\"" -e "open(\"$2\"" -e "openat(AT_FDCWD, \"$2\"" \
		-e "execveat(AT_FDCWD, \"$2\"" "$1" | grep -v ' = -1 ' | grep -q .; then
		grep -F "\"$2\"" "$1" >&2
		fail "$2 was opened or executed"
	fi
}

test_expect_success 'setup: a runner, a host program, a host plugin, /bin/sh; a moved Zapp of them' '
	mkdir -p "$H/bin" "$H/lib" other &&
	gcc -O2 -o runner "$SRC/runner.c" -pthread &&
	gcc -O2 -o "$H/bin/hello" "$SRC/hello.c" &&
	cp "$H/bin/hello" "$H/bin/not-given" &&
	gcc -O2 -fPIC -shared -DPLUGIN_NAME="\"plugin\"" -o "$H/lib/plugin.so" "$SRC/plugin.c" &&
	printf "echo script ran as \$0\n" >"$H/bin/noshebang" && chmod +x "$H/bin/noshebang" &&
	zapp-assemble -q -o Z runner "$H/bin/hello" "$H/lib/plugin.so" /bin/sh &&
	zapp-check Z &&
	mv Z "$Z"
'

test_expect_success 'the map lists each input under its names, sorted, each leading to its launcher or library' '
	real_sh=$(realpath /bin/sh) &&
	printf "%s\tbin/hello\n" "$H/bin/hello" >expect &&
	printf "%s\tlib/plugin.so\n" "$H/lib/plugin.so" >>expect &&
	printf "%s\tbin/runner\n" "$TRASH/runner" >>expect &&
	printf "/bin/sh\tbin/sh\n" >>expect &&
	printf "%s\tbin/sh\n" "$real_sh" >>expect &&
	printf "%s/sh\tbin/sh\n" "$(realpath /bin)" >>expect &&
	LC_ALL=C sort -u expect >expect.sorted &&
	test_cmp expect.sorted "$Z/lib/zapp/hostpaths" &&
	for p in runner sh; do
		readelf -dW "$Z/dynbin/$p" | grep "(NEEDED)" | head -n 1 | grep -q "\[libzapp-rt.so.1\]" ||
			fail "dynbin/$p: libzapp-rt.so.1 is not its first DT_NEEDED"
	done &&
	# hello calls none of the functions the library interposes: no edit
	! readelf -dW "$Z/dynbin/hello" | grep -q libzapp-rt &&
	eu-elflint --gnu-ld --quiet "$Z/dynbin/runner" &&
	cmp "$RT" "$Z/lib/libzapp-rt.so.1" &&
	zapp-check -v "$Z" >out &&
	grep -qF "lib/zapp/hostpaths: $H/bin/hello -> bin/hello" out
'

test_expect_success STRACE 'execve of a host program the Zapp holds runs the Zapp copy; the host file is not touched' '
	traced tr "$Z/bin/runner" execve "$H/bin/hello" arg >out &&
	expect_eq "hello $H/bin/hello arg" "$(cat out)" "output" &&
	grep -qF "execve(\"$Z/bin/hello\"" tr &&
	untouched tr "$H/bin/hello"
'

test_expect_success STRACE 'dlopen of a host plugin the Zapp holds opens the Zapp copy only' '
	traced tr "$Z/bin/runner" dlopen "$H/lib/plugin.so" >out &&
	expect_eq plugin "$(cat out)" "answer" &&
	grep -F "\"$Z/lib/plugin.so\"" tr | grep -qv " = -1 " &&
	untouched tr "$H/lib/plugin.so"
'

test_expect_success STRACE 'a path the map does not hold is the host one (execve, dlopen)' '
	traced tr "$Z/bin/runner" execve "$H/bin/not-given" >out &&
	expect_eq "hello $H/bin/not-given" "$(cat out)" "output" &&
	grep -F "execve(\"$H/bin/not-given\"" tr | grep -q " = 0" &&
	cp "$H/lib/plugin.so" "$H/lib/other.so" &&
	"$Z/bin/runner" dlopen "$H/lib/other.so" >out &&
	expect_eq plugin "$(cat out)" "answer" &&
	test_must_fail_with 126 "$Z/bin/runner" execve "$H/bin/missing" 2>err &&
	grep -q "execve: No such file or directory" err
'

test_expect_success STRACE 'execvp and execl: PATH of host directories; an earlier host candidate wins; ENOEXEC runs the Zapp'"'"'s /bin/sh' '
	TPATH="$H/bin:/usr/bin" traced tr "$Z/bin/runner" execvp hello x >out &&
	expect_eq "hello hello x" "$(cat out)" "output" &&
	grep -qF "execve(\"$Z/bin/hello\"" tr && untouched tr "$H/bin/hello" &&
	cp "$H/bin/not-given" other/hello &&
	TPATH="$TRASH/other:$H/bin" traced tr "$Z/bin/runner" execvp hello >out &&
	grep -F "execve(\"$TRASH/other/hello\"" tr | grep -q " = 0" &&
	TPATH="/nonexistent::$H/bin" traced tr "$Z/bin/runner" execvp noshebang >out &&
	expect_eq "script ran as $H/bin/noshebang" "$(cat out)" "script output" &&
	grep -qF "execve(\"$Z/bin/sh\", [\"/bin/sh\", \"$H/bin/noshebang\"]" tr &&
	traced tr "$Z/bin/runner" execl "$H/bin/hello" one >out &&
	expect_eq "hello $H/bin/hello one" "$(cat out)" "execl output" &&
	untouched tr "$H/bin/hello" &&
	(unset PATH; "$Z/bin/runner" execvp nothing-of-this-name 2>err; test $? = 126) &&
	grep -q "No such file or directory" err &&
	chmod -x "$H/bin/not-given" &&
	(PATH="$H/bin"; export PATH; "$Z/bin/runner" execvp not-given 2>err; test $? = 126) &&
	grep -q "execvp: Permission denied" err &&
	chmod +x "$H/bin/not-given"
'

test_expect_success STRACE 'execv, execle, execlp, execvpe, execveat and dlmopen: the Zapp copy' '
	for call in execv execle execveat; do
		traced tr "$Z/bin/runner" $call "$H/bin/hello" c >out &&
		grep -q "^hello $H/bin/hello c" out && grep -qF "\"$Z/bin/hello\"" tr && untouched tr "$H/bin/hello" ||
			fail "$call" || exit 1
	done &&
	traced tr "$Z/bin/runner" execle "$H/bin/hello" c >out &&
	expect_eq "hello $H/bin/hello c from runner" "$(cat out)" "execle passes its environment" &&
	TPATH="$H/bin" traced tr "$Z/bin/runner" execlp hello c >out &&
	expect_eq "hello hello c" "$(cat out)" "execlp" && untouched tr "$H/bin/hello" &&
	TPATH="$H/bin" traced tr "$Z/bin/runner" execvpe hello c >out &&
	expect_eq "hello hello c from runner" "$(cat out)" "execvpe" && untouched tr "$H/bin/hello" &&
	traced tr "$Z/bin/runner" dlmopen "$H/lib/plugin.so" >out &&
	expect_eq plugin "$(cat out)" "dlmopen" && untouched tr "$H/lib/plugin.so"
'

test_expect_success STRACE 'posix_spawn and posix_spawnp run the Zapp copy' '
	traced tr "$Z/bin/runner" spawn "$H/bin/hello" s >out &&
	expect_eq "hello $H/bin/hello s" "$(cat out)" "spawn output" &&
	TPATH="/usr/bin:$H/bin" traced tr "$Z/bin/runner" spawnp hello sp >out &&
	expect_eq "hello hello sp" "$(cat out)" "spawnp output" &&
	grep -qF "execve(\"$Z/bin/hello\"" tr && untouched tr "$H/bin/hello" &&
	PATH="/usr/bin" "$Z/bin/runner" spawnp true
'

test_expect_success STRACE 'system() runs the Zapp'"'"'s /bin/sh, with the status of the command' '
	traced tr "$Z/bin/runner" system "echo from system; exit 3" >out &&
	expect_eq "from system
system: 768" "$(cat out)" "output and status" &&
	grep -qF "execve(\"$Z/bin/sh\", [\"sh\", \"-c\", \"echo from system; exit 3\"]" tr &&
	untouched tr /bin/sh && untouched tr "$(realpath /bin/sh)" &&
	expect_eq "system: 1" "$("$Z/bin/runner" system -)" "system(NULL): a shell is there"
'

test_expect_success STRACE 'popen() runs the Zapp'"'"'s /bin/sh; pclose returns the command'"'"'s status' '
	traced tr "$Z/bin/runner" popen r "echo from popen; exit 5" >out &&
	expect_eq "cloexec: 0
from popen
pclose: 1280" "$(cat out)" "output and status" &&
	grep -qF "execve(\"$Z/bin/sh\", [\"sh\", \"-c\", \"echo from popen; exit 5\"]" tr &&
	untouched tr /bin/sh && untouched tr "$(realpath /bin/sh)" &&
	"$Z/bin/runner" popen r "kill -TERM \$\$" >out &&
	expect_eq "cloexec: 0
pclose: 15" "$(cat out)" "a shell killed by SIGTERM"
'

test_expect_success 'popen() modes: w feeds the command, e keeps close-on-exec, others are EINVAL' '
	"$Z/bin/runner" popen w "cat >w.out; exit 2" >out &&
	expect_eq "cloexec: 0
pclose: 512" "$(cat out)" "w" && expect_eq "to popen" "$(cat w.out)" "what the command read" &&
	"$Z/bin/runner" popen er "echo e" >out &&
	expect_eq "cloexec: 1
e
pclose: 0" "$(cat out)" "er" &&
	"$Z/bin/runner" popen we "cat >/dev/null" >out && grep -qx "cloexec: 1" out &&
	for mode in rw x "" re+; do
		test_must_fail_with 126 "$Z/bin/runner" popen "$mode" true 2>err &&
		expect_file_contains err "runner: popen: Invalid argument" || return 1
	done
'

test_expect_success 'the child of a popen() has none of the streams of earlier popens open' '
	"$Z/bin/runner" popen2 "ls /proc/\$\$/fd" >out &&
	first=$(sed -n "s/^first: //p" out) && test -n "$first" &&
	sed -e "1,/^cloexec:/d" -e "/^pclose:/,\$d" out >fds && grep -qx 0 fds && grep -qx 1 fds &&
	! grep -qx "$first" fds &&
	grep -qx "pclose: 0" out && grep -qx "first pclose: 0" out
'

test_expect_success 'a multi-threaded program forks and execs, 20 times, while its threads dlopen and fork' '
	"$Z/bin/runner" threads "$H/bin/hello" t >out &&
	test "$(grep -c "^hello $H/bin/hello t\$" out)" = 20
'

test_expect_success ROOT 'in an empty root, where the host paths do not exist, the Zapp copies serve' '
	mkdir root && cp -a "$Z" root/Z &&
	run_in_empty_root root /Z/bin/runner execve "$H/bin/hello" e >out &&
	expect_eq "hello $H/bin/hello e" "$(cat out)" "execve" &&
	run_in_empty_root root /Z/bin/runner dlopen "$H/lib/plugin.so" >out &&
	expect_eq plugin "$(cat out)" "dlopen" &&
	run_in_empty_root root /Z/bin/runner execve /bin/sh -c "echo sh in root" >out &&
	expect_eq "sh in root" "$(cat out)" "/bin/sh" &&
	run_in_empty_root root /Z/bin/runner system "echo system in root" >out &&
	expect_eq "system in root
system: 0" "$(cat out)" "system()" &&
	run_in_empty_root root /Z/bin/runner popen r "echo popen in root; exit 4" >out &&
	expect_eq "cloexec: 0
popen in root
pclose: 1024" "$(cat out)" "popen()" &&
	run_in_empty_root root /Z/bin/runner popen w "read l; test \"\$l\" = \"to popen\"" >out &&
	expect_eq "cloexec: 0
pclose: 0" "$(cat out)" "popen(w)" &&
	PATH="$H/bin:$PATH" run_in_empty_root root /Z/bin/runner spawnp hello p >out &&
	expect_eq "hello hello p" "$(cat out)" "spawnp" &&
	test_must_fail_with 126 run_in_empty_root root /Z/bin/runner execve "$H/bin/not-given"
'

test_expect_success 'a library'"'"'s dlopen of a bare name still searches that library'"'"'s own DT_RUNPATH' '
	mkdir -p cl/sub &&
	gcc -O2 -fPIC -shared -DPLUGIN_NAME="\"sub\"" -o cl/sub/libsub.so "$SRC/plugin.c" &&
	gcc -O2 -fPIC -shared -o cl/libcaller.so "$SRC/caller.c" -Wl,--enable-new-dtags,-rpath,"\$ORIGIN/sub" &&
	gcc -O2 -o cl/usecaller "$SRC/usecaller.c" -Lcl -lcaller -Wl,--enable-new-dtags,-rpath,"\$ORIGIN" &&
	expect_eq sub "$(cl/usecaller)" "natively" &&
	expect_eq sub "$(LD_PRELOAD=$RT cl/usecaller)" "with libzapp-rt.so.1 interposing dlopen"
'

test_expect_success 'a Zapp without host file inputs has no map, no library, no edit: as with --no-redirect' '
	mkdir -p tree/bin && cp "$H/bin/hello" tree/bin/ &&
	zapp-assemble -q -o T1 tree &&
	zapp-assemble -q --no-redirect -o T2 tree &&
	test ! -e T1/lib/zapp && test ! -e T1/lib/libzapp-rt.so.1 &&
	expect_eq "$(tree_digest T2)" "$(tree_digest T1)" "the trees" &&
	zapp-assemble -q --no-redirect -o N runner "$H/bin/hello" &&
	test ! -e N/lib/zapp && test ! -e N/lib/libzapp-rt.so.1 &&
	! readelf -dW N/dynbin/runner | grep -q libzapp-rt &&
	zapp-check N
'

test_expect_success STRACE 'a run that neither execs nor dlopens reads neither /proc/self/maps nor the map; a program that cannot loads no library' '
	test_must_fail_with 2 traced tr "$Z/bin/runner" &&
	! grep -q "maps\|hostpaths" tr &&
	grep -F "libzapp-rt.so.1" tr | grep -qv " = -1 " &&
	traced tr "$Z/bin/hello" >out &&
	! grep -q "libzapp-rt\|maps\|hostpaths" tr
'

test_expect_success 'programs none of which can exec or dlopen: no map, no library, no edit' '
	zapp-assemble -q -o H1 "$H/bin/hello" /usr/bin/true &&
	test ! -e H1/lib/zapp && test ! -e H1/lib/libzapp-rt.so.1 &&
	! readelf -dW H1/dynbin/hello | grep -q libzapp-rt &&
	zapp-check H1
'

test_expect_success 'a Zapp given as an input brings its map along' '
	mkdir -p tree2/bin && cp "$H/bin/hello" tree2/bin/hi &&
	zapp-assemble -q -o M "$Z" tree2 &&
	grep -qF "$H/bin/hello	bin/hello" M/lib/zapp/hostpaths &&
	zapp-check M &&
	M/bin/runner execve "$H/bin/hello" m >out &&
	grep -qF "hello $H/bin/hello m" out
'

test_expect_success 'two Zapps with maps merged: one map of both, the library once' '
	zapp-assemble -q -o Y1 runner "$H/bin/hello" &&
	zapp-assemble -q -o Y2 "$H/lib/plugin.so" /bin/sh &&
	zapp-assemble -q -o Y Y1 Y2 &&
	cat Y1/lib/zapp/hostpaths Y2/lib/zapp/hostpaths | LC_ALL=C sort >expect &&
	test_cmp expect Y/lib/zapp/hostpaths &&
	cmp "$RT" Y/lib/libzapp-rt.so.1 &&
	zapp-check Y &&
	Y/bin/runner execve /bin/sh -c "echo merged" >out && expect_eq merged "$(cat out)" &&
	zapp-assemble -q --no-redirect -o Yn Y1 &&
	test ! -e Yn/lib/zapp/hostpaths && cmp "$RT" Yn/lib/libzapp-rt.so.1 && zapp-check Yn
'

test_expect_success '--add keeps the map lines whose copies stay and adds the new input'"'"'s' '
	cp -a "$Z" A &&
	zapp-assemble -q --add -o A "$H/bin/not-given" &&
	grep -qF "$H/bin/not-given	bin/not-given" A/lib/zapp/hostpaths &&
	grep -qF "$H/bin/hello	bin/hello" A/lib/zapp/hostpaths &&
	LC_ALL=C sort -c A/lib/zapp/hostpaths &&
	readelf -dW A/dynbin/runner | grep "(NEEDED)" | head -n 1 | grep -q libzapp-rt &&
	zapp-check A &&
	A/bin/runner execve "$H/bin/not-given" >out &&
	grep -qF "hello $H/bin/not-given" out
'

test_expect_success 'zapp-check: a map out of order, one leading out or to nothing, a program without the library' '
	cp -a "$Z" B &&
	{ cat "$Z/lib/zapp/hostpaths"; printf "/a\tbin/hello\n/b\t../x\n/c\tbin/none\n"; } >B/lib/zapp/hostpaths &&
	test_must_fail_with 1 zapp-check B 2>err &&
	grep -q "out of order" err && grep -q "leads out of the Zapp" err &&
	grep -q "bin/none, is not a file of the Zapp" err &&
	zapp-assemble -q --no-redirect -o C runner &&
	mkdir -p C/lib/zapp && printf "/x\tbin/runner\n" >C/lib/zapp/hostpaths && cp "$RT" C/lib/ &&
	test_must_fail_with 1 zapp-check C 2>err &&
	grep -q "dynbin/runner: does not load lib/libzapp-rt.so.1" err &&
	cp -a "$Z" D && rm D/lib/libzapp-rt.so.1 &&
	test_must_fail_with 1 zapp-check D 2>err &&
	grep -q "libzapp-rt.so.1.*not found" err &&
	grep -q "lib/zapp/hostpaths: no lib/libzapp-rt.so.1" err
'

# fake_zapp DIR MAPFILE: a directory laid out as a Zapp's lib/ with the
# library and the map, and bin/ok, a script that says "ok NAME"
fake_zapp() {
	mkdir -p "$1/lib/zapp" "$1/bin" &&
	cp "$RT" "$1/lib/" && cp "$2" "$1/lib/zapp/hostpaths" &&
	printf "#!/bin/sh\necho ok \$(basename \$0)\n" >"$1/bin/ok" && chmod +x "$1/bin/ok" &&
	for n in b c bc; do
		printf "#!/bin/sh\necho $n\n" >"$1/bin/$n" && chmod +x "$1/bin/$n" || return 1
	done
}

test_expect_success 'the look-up: 2000 lines bisected, prefixes told apart, // and /./ folded, .. left alone' '
	awk "BEGIN { for (i = 0; i < 2000; i++) printf \"/h/p%05d\tbin/p%05d\n\", i * 2, i * 2 }" >map &&
	printf "/a/b\tbin/b\n/a/b/c\tbin/c\n/a/bc\tbin/bc\n" >>map &&
	LC_ALL=C sort -o map map &&
	fake_zapp fz map &&
	for i in 0 2 1000 1998 2000 3998 2500 3000; do
		p=$(printf "/h/p%05d" $i) && ln fz/bin/ok fz/bin/${p#/h/}
		expect_eq "ok $(basename $p)" "$(LD_PRELOAD=$TRASH/fz/lib/libzapp-rt.so.1 ./runner execve $p)" "$p" || exit 1
	done &&
	for i in 1 1999 3999 4000; do
		p=$(printf "/h/p%05d" $i)
		test_must_fail_with 126 env LD_PRELOAD=$TRASH/fz/lib/libzapp-rt.so.1 ./runner execve $p 2>err &&
		grep -q "No such file" err || exit 1
	done &&
	expect_eq b "$(LD_PRELOAD=$TRASH/fz/lib/libzapp-rt.so.1 ./runner execve /a/b)" /a/b &&
	expect_eq c "$(LD_PRELOAD=$TRASH/fz/lib/libzapp-rt.so.1 ./runner execve /a/b/c)" /a/b/c &&
	expect_eq bc "$(LD_PRELOAD=$TRASH/fz/lib/libzapp-rt.so.1 ./runner execve /a/bc)" /a/bc &&
	expect_eq c "$(LD_PRELOAD=$TRASH/fz/lib/libzapp-rt.so.1 ./runner execve //a/./b//c)" //a/./b//c &&
	test_must_fail_with 126 env LD_PRELOAD=$TRASH/fz/lib/libzapp-rt.so.1 ./runner execve /a/x/../b 2>err &&
	test_must_fail_with 126 env LD_PRELOAD=$TRASH/fz/lib/libzapp-rt.so.1 ./runner execve /a 2>err
'

test_expect_success 'a damaged or empty map redirects what it can read and never crashes' '
	printf "/a/b\tbin/b\nno tab here\n/a/bc\tbin/bc" >bad &&
	fake_zapp fb bad &&
	for p in /a/b /a/bc /a/x /zzz; do
		LD_PRELOAD=$TRASH/fb/lib/libzapp-rt.so.1 ./runner execve $p >out 2>err
		s=$?; test $s = 0 || test $s = 126 || fail "$p: exit status $s" || exit 1
	done &&
	: >empty && fake_zapp fe empty &&
	test_must_fail_with 126 env LD_PRELOAD=$TRASH/fe/lib/libzapp-rt.so.1 ./runner execve /a/b 2>err &&
	rm fe/lib/zapp/hostpaths &&
	expect_eq "hello $H/bin/hello" "$(LD_PRELOAD=$TRASH/fe/lib/libzapp-rt.so.1 ./runner execve "$H/bin/hello")" "no map"
'

test_lazy_prereq GIT 'command -v git && test -x /usr/lib/git-core/git-upload-pack && test -x /bin/sh'

test_expect_success GIT 'setup: a Zapp of git, its git-upload-pack and /bin/sh; a repository' '
	zapp-assemble -q -o G /usr/bin/git /usr/lib/git-core/git-upload-pack /bin/sh &&
	zapp-check G && mv G "moved git" &&
	git init -q repo && git -C repo -c user.name=t -c user.email=t@t commit -q --allow-empty -m one
'

test_expect_success GIT,STRACE 'git clone over file:// runs the Zapp'"'"'s /bin/sh and git-upload-pack, never the host'"'"'s' '
	HOME=$TRASH traced tr "$TRASH/moved git/bin/git" clone -q "file://$TRASH/repo" c1 &&
	test "$(git -C c1 log --format=%s)" = one &&
	grep -qF "execve(\"$TRASH/moved git/bin/sh\", [\"/bin/sh\"" tr &&
	grep -qF "execve(\"$TRASH/moved git/bin/git-upload-pack\"" tr &&
	untouched tr /bin/sh && untouched tr "$(realpath /bin/sh)" &&
	untouched tr /usr/lib/git-core/git-upload-pack
'

test_expect_success GIT,ROOT 'git clone over file:// works in an empty root (no /bin/sh there)' '
	mkdir -p groot/dev groot/tmp && mknod -m 666 groot/dev/null c 1 3 && mknod -m 666 groot/dev/urandom c 1 9 &&
	cp -a "moved git" groot/Z && cp -a repo groot/repo &&
	HOME=/tmp PATH="/Z/bin:$PATH" run_in_empty_root groot /Z/bin/git clone -q file:///repo /tmp/c2 &&
	test "$(git -C groot/tmp/c2 log --format=%s)" = one &&
	test ! -e groot/bin/sh
'

test_done
