#!/bin/sh
# The launch environment (libzapp/runenv.c, stamp version 2): a Zapp that
# holds a directory a program only finds through a compiled-in path gets
# launchers that point the program at the Zapp's copy, with the Zapp's real
# location filled in at launch; a variable the user set is never replaced;
# children inherit what was set; --env adds the user's own; a Zapp with no
# entry launches with the same system calls as before; zapp-check reads
# the entries back and finds a launcher that lacks one.  Then real
# programs from install trees laid out as zapp-assemble places a prefix's
# files: git, iconv, tmux and nano, perl, openssl, nmap and ImageMagick,
# moved and run in an empty root.

. "$(dirname "$0")/lib.sh"
. "$ZAPP_SRC/tests/jumploader/lib-jumploader.sh"

REAL=$(pwd -P)
MOVED="$REAL/a dir/with spaces"

# env_of FILE NAME: the value of NAME in the NUL-separated environment FILE
# (showme --env=FILE); fails when NAME is not there.
env_of() {
	tr '\0' '\n' <"$1" | grep "^$2=" | head -n 1 | sed "s/^$2=//" | grep '' || {
		tr '\0' '\n' <"$1" | grep "^$2=" >/dev/null
	}
}

# stamp_at FILE: the file offset of the .zapp_stamp section.
stamp_at() {
	readelf -SW "$1" | sed -n "s/.* \.zapp_stamp *PROGBITS *[0-9a-f]* \([0-9a-f]*\) .*/\1/p"
}

# mk_root DIR ZAPP: an empty root holding ZAPP at /Z, busybox as /bin/sh
# (git runs its helpers through a shell) and /bin/busybox, /dev/null,
# /dev/urandom (git's temporary files), /tmp.
mk_root() {
	rm -rf "$1" && mkdir -p "$1/bin" "$1/tmp" "$1/dev" && chmod 1777 "$1/tmp" &&
	cp -a "$2" "$1/Z" && cp /bin/busybox "$1/bin/sh" && cp /bin/busybox "$1/bin/busybox" &&
	mknod -m 666 "$1/dev/null" c 1 3 && mknod -m 444 "$1/dev/urandom" c 1 9
}

test_expect_success 'setup: an install tree whose program is called git, with git-core, templates, a locale' '
	mkdir -p T/bin T/lib/git-core T/share/git-core/templates/info T/lib/locale T/share/x &&
	gcc -O2 -o T/bin/git "$JL_SRC/showme.c" &&
	printf "#!/bin/sh\necho helper\n" >T/lib/git-core/git-sh-helper &&
	chmod +x T/lib/git-core/git-sh-helper &&
	echo "*.o" >T/share/git-core/templates/info/exclude &&
	cp -a /usr/lib/locale/C.utf8 T/lib/locale/ &&
	echo data >T/share/x/file &&
	gcc -O1 -o T/bin/plain "$JL_SRC/showme.c"
'

test_expect_success 'zapp-assemble stamps the entries that apply, and -v says so' '
	zapp-assemble -v --glibc-pieces=none -o Z.zapp T >out &&
	grep "^bin/git: sets " out >sets &&
	printf "%s\n" "bin/git: sets GIT_EXEC_PATH=\$ZAPP/lib/git-core" \
		"bin/git: sets GIT_TEMPLATE_DIR=\$ZAPP/share/git-core/templates" \
		"bin/git: sets LOCPATH=\$ZAPP/lib/locale (when the locale asked for is there)" >want &&
	test_cmp want sets &&
	grep "^bin/plain: sets " out >psets &&
	expect_eq "bin/plain: sets LOCPATH=\$ZAPP/lib/locale (when the locale asked for is there)" "$(cat psets)" \
		"plain gets only LOCPATH"
'

test_expect_success 'zapp-check -v lists each program, its entries and what it reaches' '
	zapp-check -v Z.zapp >out &&
	grep "^bin/git: " out >got &&
	printf "%s\n" "bin/git: starts dynbin/git" \
		"bin/git: sets GIT_EXEC_PATH=\$ZAPP/lib/git-core" \
		"bin/git: sets GIT_TEMPLATE_DIR=\$ZAPP/share/git-core/templates" \
		"bin/git: sets LOCPATH=\$ZAPP/lib/locale (when the locale asked for is there)" \
		"bin/git: reaches lib/git-core/ (1 file)" \
		"bin/git: reaches lib/locale/ (16 files)" \
		"bin/git: reaches share/git-core/ (1 file)" \
		"bin/git: reaches share/git-core/templates/ (1 file)" >want &&
	sed -i "s|reaches lib/locale/ ([0-9]* files)|reaches lib/locale/ (16 files)|" got &&
	test_cmp want got &&
	expect_file_contains out "Z.zapp: ok:"
'

test_expect_success 'moved to a path with spaces: the program sees the Zapp'"'"'s real location' '
	mkdir -p "$MOVED" && cp -a Z.zapp "$MOVED/Z" &&
	env -i HOME=/h "$MOVED/Z/bin/git" one --env=e >out &&
	expect_eq "$MOVED/Z/lib/git-core" "$(env_of e GIT_EXEC_PATH)" GIT_EXEC_PATH &&
	expect_eq "$MOVED/Z/share/git-core/templates" "$(env_of e GIT_TEMPLATE_DIR)" GIT_TEMPLATE_DIR &&
	expect_eq "$MOVED/Z/lib/locale" "$(env_of e LOCPATH)" LOCPATH &&
	expect_eq one "$(jl_field out "argv\[1\]")" argv1 &&
	expect_eq ok "$(jl_field out auxv)" "aux vector" &&
	printf "HOME=/h\0GIT_EXEC_PATH=%s/Z/lib/git-core\0GIT_TEMPLATE_DIR=%s/Z/share/git-core/templates\0LOCPATH=%s/Z/lib/locale\0" \
		"$MOVED" "$MOVED" "$MOVED" >want &&
	cmp want e
'

test_expect_success 'through a link from elsewhere, $ZAPP is still the real Zapp' '
	mkdir -p L && ln -s "$MOVED/Z/bin/git" L/g &&
	L/g --env=e >/dev/null &&
	expect_eq "$MOVED/Z/lib/git-core" "$(env_of e GIT_EXEC_PATH)" GIT_EXEC_PATH
'

test_expect_success 'a variable the user set is never replaced, not even an empty one' '
	GIT_EXEC_PATH=/mine LOCPATH= "$MOVED/Z/bin/git" --env=e >/dev/null &&
	expect_eq /mine "$(env_of e GIT_EXEC_PATH)" GIT_EXEC_PATH &&
	tr "\0" "\n" <e | grep -qx "LOCPATH=" &&
	expect_eq 1 "$(tr "\0" "\n" <e | grep -c "^LOCPATH=")" "LOCPATH once" &&
	expect_eq "$MOVED/Z/share/git-core/templates" "$(env_of e GIT_TEMPLATE_DIR)" "the others are set"
'

test_expect_success 'children inherit the entries; /proc/PID/environ shows the execve'"'"'s environment' '
	env -i PATH=/usr/bin:/bin "$MOVED/Z/bin/git" \
		--run="printf \"%s\\n\" \"\$GIT_EXEC_PATH\" >child; tr \"\\\\0\" \"\\\\n\" </proc/\$PPID/environ >proc" >/dev/null &&
	expect_eq "$MOVED/Z/lib/git-core" "$(cat child)" "the child sees it" &&
	expect_eq "PATH=/usr/bin:/bin" "$(cat proc)" "the kernel'"'"'s record"
'

test_expect_success 'a launcher with entries runs on a small stack' '
	for kib in 64 32 24; do
		( ulimit -s $kib && env -i A=1 "$MOVED/Z/bin/git" x --env=e >out ) &&
		expect_eq "$MOVED/Z/lib/git-core" "$(env_of e GIT_EXEC_PATH)" "GIT_EXEC_PATH with $kib KiB" &&
		expect_eq x "$(jl_field out "argv\[1\]")" "argv with $kib KiB" || return 1
	done
'

test_expect_success 'the jumploader refuses entries that are not ended, and $ZAPP paths that do not fit' '
	rm -rf C.zapp && cp -a Z.zapp C.zapp && cp C.zapp/bin/git C.zapp/bin/git.new &&
	off=$(( 0x$(stamp_at C.zapp/bin/git.new) + 16 + 512 + 512 + 256 )) &&
	head -c 3072 /dev/zero | tr "\0" x | dd of=C.zapp/bin/git.new bs=1 seek=$off conv=notrunc 2>/dev/null &&
	mv C.zapp/bin/git.new C.zapp/bin/git &&
	test_must_fail_with 126 C.zapp/bin/git 2>err &&
	expect_eq "zapp: git: corrupt stamp record (environment entries not ended)" "$(cat err)" &&
	rm -rf D.zapp && cp -a Z.zapp D.zapp && cp D.zapp/bin/git D.zapp/bin/git.new &&
	off=$(( 0x$(stamp_at D.zapp/bin/git.new) + 16 + 512 + 512 )) &&
	head -c 256 /dev/zero | tr "\0" x | dd of=D.zapp/bin/git.new bs=1 seek=$off conv=notrunc 2>/dev/null &&
	mv D.zapp/bin/git.new D.zapp/bin/git &&
	test_must_fail_with 126 D.zapp/bin/git 2>err &&
	expect_eq "zapp: git: corrupt stamp record (top path not NUL-terminated)" "$(cat err)" &&
	test_must_fail_with 1 zapp-check C.zapp 2>err &&
	expect_file_contains err "bin/git: its stamp'"'"'s environment entries are corrupt"
'

test_expect_success ROOT 'in an empty root: $ZAPP is the Zapp there' '
	rm -rf r && mkdir r && cp -a Z.zapp r/Z &&
	LANG=C.UTF-8 run_in_empty_root r /Z/bin/git --env=/e >out &&
	expect_eq /Z/lib/git-core "$(env_of r/e GIT_EXEC_PATH)" GIT_EXEC_PATH &&
	expect_eq /Z/lib/locale "$(env_of r/e LOCPATH)" LOCPATH
'

test_expect_success 'LOCPATH only for a locale the Zapp holds, or none asked for' '
	for asked in "LANG=C.UTF-8" "LANG=C.utf8" "LC_ALL=C.UTF-8 LANG=xx_YY.UTF-8" "LC_CTYPE=C.UTF-8" \
		     "LANG=C" "LANG=POSIX" "LANG="; do
		env -i $asked "$MOVED/Z/bin/git" --env=e >/dev/null &&
		expect_eq "$MOVED/Z/lib/locale" "$(env_of e LOCPATH)" "LOCPATH with $asked" || return 1
	done &&
	for asked in "LANG=xx_YY.UTF-8" "LC_ALL=de_DE.UTF-8 LANG=C.UTF-8" "LANG=../../etc" "LANG=C.UTF-16"; do
		env -i $asked "$MOVED/Z/bin/git" --env=e >/dev/null &&
		! tr "\0" "\n" <e | grep -q "^LOCPATH=" &&
		expect_eq "$MOVED/Z/lib/git-core" "$(env_of e GIT_EXEC_PATH)" "the others with $asked" || return 1
	done
'

test_expect_success '--env: the user'"'"'s own, with $ZAPP and ${ZAPP}, replacing a table entry' '
	zapp-assemble -q --glibc-pieces=none -o U.zapp --env "MY_DATA=\$ZAPP/share/x" --env "BRACED=\${ZAPP}/share:\$ZAPPX" \
		--env "LOCPATH=" --env "PLAIN=a b" --env "PLAIN=c" T &&
	cp -a U.zapp "$MOVED/U" &&
	"$MOVED/U/bin/plain" --env=e >/dev/null &&
	expect_eq "$MOVED/U/share/x" "$(env_of e MY_DATA)" MY_DATA &&
	expect_eq "$MOVED/U/share:\$ZAPPX" "$(env_of e BRACED)" BRACED &&
	expect_eq c "$(env_of e PLAIN)" "the later --env of one name" &&
	tr "\0" "\n" <e | grep -qx "LOCPATH=" &&
	"$MOVED/U/bin/git" --env=e >/dev/null &&
	expect_eq "$MOVED/U/lib/git-core" "$(env_of e GIT_EXEC_PATH)" "the table'"'"'s others stay" &&
	expect_eq "$MOVED/U/share/x" "$(env_of e MY_DATA)" "every launcher gets the user'"'"'s" &&
	zapp-check U.zapp
'

test_expect_success '--add keeps the user'"'"'s entries of the Zapp; an --env of the same name replaces one' '
	rm -rf A.zapp && cp -a U.zapp A.zapp &&
	mkdir -p Y/bin && gcc -O3 -o Y/bin/other "$JL_SRC/showme.c" &&
	zapp-assemble -q --add -o A.zapp Y &&
	A.zapp/bin/plain --env=e >/dev/null &&
	expect_eq "$REAL/A.zapp/share/x" "$(env_of e MY_DATA)" "kept on an old launcher" &&
	tr "\0" "\n" <e | grep -qx "LOCPATH=" &&
	A.zapp/bin/other --env=e >/dev/null &&
	expect_eq "$REAL/A.zapp/share/x" "$(env_of e MY_DATA)" "given to the new one" &&
	expect_eq c "$(env_of e PLAIN)" PLAIN &&
	zapp-assemble -q -o A3.zapp --env "MY_DATA=\$ZAPP/share" A.zapp &&
	A3.zapp/bin/plain --env=e >/dev/null &&
	expect_eq "$REAL/A3.zapp/share" "$(env_of e MY_DATA)" "replaced" &&
	expect_eq c "$(env_of e PLAIN)" "the others kept, from a Zapp as an input"
'

test_expect_success 'bad --env: each a clear error, exit 2, no Zapp' '
	for bad in "NOEQUALS" "=x" "1X=y" "A-B=c" ""; do
		test_must_fail_with 2 zapp-assemble -o B.zapp --env "$bad" T 2>err &&
		expect_file_contains err "zapp-assemble: --env: " &&
		! test -e B.zapp || return 1
	done &&
	test_must_fail_with 2 zapp-assemble -o B.zapp --env NOEQUALS T 2>err &&
	expect_eq "zapp-assemble: --env: '"'"'NOEQUALS'"'"': no '"'"'='"'"' in it: give NAME=VALUE" "$(cat err)" &&
	big=$(head -c 3100 /dev/zero | tr "\0" v) &&
	test_must_fail_with 2 zapp-assemble -o B.zapp --env "BIG=$big" T 2>err &&
	expect_file_contains err "longer than" &&
	half=$(head -c 1600 /dev/zero | tr "\0" v) &&
	test_must_fail_with 2 zapp-assemble -o B.zapp --env "H1=$half" --env "H2=$half" T 2>err &&
	expect_file_contains err "more than the 3071 a launcher has" &&
	! test -e B.zapp && ! ls -a | grep -q "^\.B\.zapp"
'

test_expect_success 'entries that do not fit beside the table'"'"'s: refused, no Zapp' '
	near=$(head -c 2990 /dev/zero | tr "\0" v) &&
	test_must_fail_with 1 zapp-assemble -o B.zapp --env "N=$near" T 2>err &&
	expect_file_contains err "bin/git: cannot stamp it: the environment entries take more than" &&
	! test -e B.zapp
'

test_expect_success 'a Zapp with no entry: its launcher'"'"'s record has none' '
	mkdir -p P/bin && cp T/bin/plain P/bin/ &&
	zapp-assemble -q --glibc-pieces=none -o N.zapp P &&
	zapp-check -v N.zapp >out &&
	! grep -q " sets " out
'

test_expect_success 'zapp-check and --add read a launcher of version 1 (an older Zapp'"'"'s)' '
	rm -rf V.zapp && cp -a N.zapp V.zapp && cp V.zapp/bin/plain V.zapp/bin/plain.new &&
	printf ZAPP-STAMP-1 | dd of=V.zapp/bin/plain.new bs=1 seek=$(( 0x$(stamp_at V.zapp/bin/plain.new) )) conv=notrunc 2>/dev/null &&
	mv V.zapp/bin/plain.new V.zapp/bin/plain &&
	zapp-check -v V.zapp >out && expect_file_contains out "bin/plain: starts dynbin/plain" &&
	mkdir -p W/share/git-core/templates && echo x >W/share/git-core/templates/description &&
	zapp-assemble -q --add -o V.zapp W && V.zapp/bin/plain --env=e >/dev/null &&
	rm -rf V1.zapp && cp -a Z.zapp V1.zapp && cp V1.zapp/bin/git V1.zapp/bin/git.new &&
	off=$(( 0x$(stamp_at V1.zapp/bin/git.new) )) &&
	printf ZAPP-STAMP-1 | dd of=V1.zapp/bin/git.new bs=1 seek=$off conv=notrunc 2>/dev/null &&
	mv V1.zapp/bin/git.new V1.zapp/bin/git &&
	test_must_fail_with 1 zapp-check V1.zapp 2>err &&
	expect_file_contains err "bin/git: the Zapp holds lib/git-core, but this launcher does not set GIT_EXEC_PATH"
'

# (--no-redirect: T's script brings /bin/sh in, whose map P's Zapp lacks)
test_expect_success STRACE 'entries cost no system call: the same calls with and without' '
	zapp-assemble -q --no-redirect --glibc-pieces=none -o UR.zapp --env "MY_DATA=\$ZAPP/share/x" --env "LOCPATH=" --env "PLAIN=c" T &&
	zapp-assemble -q --no-redirect --glibc-pieces=none -o NR.zapp P &&
	UR.zapp/bin/plain --env=e >/dev/null && env_of e MY_DATA >/dev/null &&
	strace -qq -o with UR.zapp/bin/plain >/dev/null &&
	strace -qq -o without NR.zapp/bin/plain >/dev/null &&
	sed "s/(.*//" with >with.calls && sed "s/(.*//" without >without.calls &&
	test_cmp without.calls with.calls
'

test_expect_success 'zapp-check: a launcher that lacks an entry the Zapp needs' '
	rm -rf M.zapp && cp -a Z.zapp M.zapp &&
	mkdir -p Q/bin && cp T/bin/git Q/bin/ && zapp-assemble -q --glibc-pieces=none -o Q.zapp Q &&
	cp Q.zapp/bin/git M.zapp/bin/git &&
	test_must_fail_with 1 zapp-check M.zapp 2>err &&
	expect_file_contains err "zapp-check: bin/git: the Zapp holds lib/git-core, but this launcher does not set GIT_EXEC_PATH: its program would use the host'"'"'s" &&
	expect_file_contains err "does not set LOCPATH" &&
	expect_file_contains err "zapp-check: M.zapp: 3 problems"
'

test_expect_success 'zapp-check: an entry naming what the Zapp does not hold' '
	rm -rf M.zapp && cp -a Z.zapp M.zapp && rm -r M.zapp/share/git-core/templates &&
	test_must_fail_with 1 zapp-check M.zapp 2>err &&
	expect_file_contains err "zapp-check: bin/git: GIT_TEMPLATE_DIR names share/git-core/templates, which is not in the Zapp" &&
	rm -rf M.zapp && cp -a U.zapp M.zapp && rm -r M.zapp/share/x &&
	test_must_fail_with 1 zapp-check M.zapp 2>err &&
	expect_file_contains err "bin/plain: MY_DATA names share/x, which is not in the Zapp"
'

# ---- real programs --------------------------------------------------

# git from an install tree: /usr/bin/git, /usr/lib/git-core and
# /usr/share/git-core copied into a prefix, as zapp-assemble places them.
test_expect_success 'git: assembled from a prefix holding lib/git-core' '
	mkdir -p G/bin G/lib G/share && cp /usr/bin/git G/bin/ &&
	cp -a /usr/lib/git-core G/lib/ && cp -a /usr/share/git-core G/share/ &&
	zapp-assemble -q -o G.zapp G && zapp-check G.zapp &&
	rm -rf "$MOVED/G" && cp -a G.zapp "$MOVED/G" &&
	expect_eq "$MOVED/G/lib/git-core" "$("$MOVED/G/bin/git" --exec-path)" "git --exec-path"
'

test_expect_success STRACE 'git: clone over file:// on the build host runs no host helper' '
	git init -q src && git -C src -c user.name=t -c user.email=t@e commit -q --allow-empty -m one &&
	strace -f -qq -e trace=execve -o trace "$MOVED/G/bin/git" clone -q "file://$REAL/src" dst &&
	expect_eq one "$(git -C dst log --format=%s)" "the clone" &&
	grep "git-upload-pack" trace >helpers &&
	! grep -q "\"/usr/lib/git-core" trace &&
	grep -q "$MOVED/G/lib/git-core/git-upload-pack" helpers
'

test_expect_success ROOT 'git: init, commit, clone file:// in an empty root' '
	mk_root gr G.zapp &&
	run_in_empty_root gr /bin/sh -c "
		export HOME=/tmp PATH=/Z/bin GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@e GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@e
		cd /tmp && git init -q a && cd a && git commit -q --allow-empty -m first &&
		cd /tmp && git clone -q file:///tmp/a b && git -C b log --format=%s && git --exec-path
	" >out 2>err || { cat err; false; } &&
	printf "first\n/Z/lib/git-core\n" >want && test_cmp want out &&
	test -f gr/tmp/a/.git/info/exclude
'

# iconv: glibc's gconv modules (EBCDIC-US.so) in the Zapp, found through
# GCONV_PATH; without it iconv looks in the host's directory.
test_expect_success 'iconv: assembled with lib/x86_64-linux-gnu/gconv' '
	mkdir -p I/bin I/lib/x86_64-linux-gnu/gconv && cp /usr/bin/iconv I/bin/ &&
	g=/usr/lib/x86_64-linux-gnu/gconv &&
	cp -a $g/gconv-modules $g/gconv-modules.d $g/EBCDIC-US.so I/lib/x86_64-linux-gnu/gconv/ &&
	zapp-assemble -q -o I.zapp I && zapp-check I.zapp &&
	rm -rf "$MOVED/I" && cp -a I.zapp "$MOVED/I" &&
	printf abc | "$MOVED/I/bin/iconv" -f UTF-8 -t EBCDIC-US | od -An -c | tr -s " " >got &&
	expect_eq " 201 202 203" "$(cat got)" "EBCDIC bytes"
'

test_expect_success ROOT 'iconv: EBCDIC-US in an empty root' '
	rm -rf ir && mkdir ir && cp -a I.zapp ir/Z &&
	printf abc | run_in_empty_root ir /Z/bin/iconv -f UTF-8 -t EBCDIC-US | od -An -c | tr -s " " >got &&
	expect_eq " 201 202 203" "$(cat got)" "EBCDIC bytes"
'

test_expect_success STRACE 'iconv: on the build host the module opened is the Zapp'"'"'s' '
	printf abc | strace -f -qq -e trace=openat -o trace "$MOVED/I/bin/iconv" -f UTF-8 -t EBCDIC-US >/dev/null &&
	grep -q "\"$MOVED/I/lib/x86_64-linux-gnu/gconv/EBCDIC-US.so\", .* = [0-9]" trace &&
	! grep -q "\"/usr/lib/x86_64-linux-gnu/gconv/EBCDIC-US.so\"" trace
'

# tmux and nano: a UTF-8 locale (C.UTF-8, through LOCPATH) and terminfo
# (TERM=xterm, through TERMINFO_DIRS).
test_lazy_prereq TMUX 'test -x /usr/bin/tmux && test -x /bin/nano'
# a pseudo-terminal for tmux's session, inside the root's own mounts
PTYS='/bin/busybox mkdir -p /dev/pts && /bin/busybox mount -t devpts -o newinstance,ptmxmode=0666 devpts /dev/pts && /bin/busybox ln -s pts/ptmx /dev/ptmx'

test_expect_success TMUX 'tmux and nano: assembled with lib/locale and lib/terminfo' '
	mkdir -p X/bin X/lib/locale X/lib/terminfo/x &&
	cp /usr/bin/tmux /bin/nano X/bin/ && cp -a /usr/lib/locale/C.utf8 X/lib/locale/ &&
	cp /lib/terminfo/x/xterm X/lib/terminfo/x/ &&
	zapp-assemble -q -o X.zapp X && zapp-check -v X.zapp >out &&
	expect_file_contains out "bin/tmux: sets TERMINFO_DIRS=\$ZAPP/lib/terminfo:" &&
	expect_file_contains out "bin/tmux: sets LOCPATH=\$ZAPP/lib/locale" &&
	rm -rf "$MOVED/X" && cp -a X.zapp "$MOVED/X" &&
	expect_eq "tmux 3.3a" "$("$MOVED/X/bin/tmux" -V)" "tmux -V" &&
	TERM=xterm "$MOVED/X/bin/nano" --version | grep -q "GNU nano"
'

test_expect_success ROOT,TMUX 'tmux: a session started detached and killed, in an empty root' '
	mk_root xr X.zapp &&
	run_in_empty_root xr /bin/sh -c "
		export TERM=xterm LANG=C.UTF-8 SHELL=/bin/sh TMUX_TMPDIR=/tmp
		$PTYS &&
		/Z/bin/tmux new-session -d -s t \"sleep 30\" &&
		/Z/bin/tmux has-session -t t &&
		/Z/bin/tmux list-sessions -F \"#{session_name}\" &&
		/Z/bin/tmux kill-server
	" >out 2>err || { cat err; false; } &&
	expect_eq t "$(cat out)" "the session" &&
	TERM=xterm run_in_empty_root xr /Z/bin/nano --version | grep -q "GNU nano"
'

test_expect_success ROOT,TMUX 'tmux: without LOCPATH it would not start there (the entry is what works)' '
	mk_root yr X.zapp &&
	test_must_fail_with 1 run_in_empty_root yr /bin/sh -c "
		export TERM=xterm LANG=C.UTF-8 SHELL=/bin/sh TMUX_TMPDIR=/tmp LOCPATH=
		$PTYS &&
		/Z/bin/tmux new-session -d -s t \"sleep 30\"
	" 2>err &&
	expect_file_contains err "tmux: invalid LC_ALL, LC_CTYPE or LANG"
'

# perl: Debian's @INC directories, placed as zapp-assemble places a
# prefix's files, found through PERL5LIB.
test_expect_success 'perl: assembled with etc/perl and its lib/ and share/ module directories' '
	mkdir -p PL/bin PL/etc PL/lib/x86_64-linux-gnu PL/share && cp /usr/bin/perl PL/bin/ &&
	cp -a /etc/perl PL/etc/ &&
	for d in perl-base perl; do cp -a /usr/lib/x86_64-linux-gnu/$d PL/lib/x86_64-linux-gnu/ || return 1; done &&
	# perl5/5.36 holds the modules of other packages: a fresh machine
	# has none, so the tree brings one of its own
	mkdir -p PL/lib/x86_64-linux-gnu/perl5/5.36/Zapp &&
	echo "package Zapp::Probe; 1;" >PL/lib/x86_64-linux-gnu/perl5/5.36/Zapp/Probe.pm &&
	cp -a /usr/share/perl5 /usr/share/perl PL/share/ &&
	zapp-assemble -q -o PL.zapp PL && zapp-check -v PL.zapp >out &&
	grep "^bin/perl: sets PERL5LIB=\$ZAPP/etc/perl:\$ZAPP/lib/x86_64-linux-gnu/perl5/5.36:\$ZAPP/share/perl5:\$ZAPP/lib/x86_64-linux-gnu/perl-base:" out
'

test_expect_success ROOT 'perl: JSON::PP in an empty root' '
	mk_root pr PL.zapp &&
	run_in_empty_root pr /Z/bin/perl -MJSON::PP -e "print JSON::PP->new->encode([42])" >out 2>err ||
		{ cat err; false; } &&
	expect_eq "[42]" "$(cat out)" "JSON::PP" &&
	run_in_empty_root pr /Z/bin/perl -e "print \$INC[0]" >out &&
	expect_eq /Z/etc/perl "$(cat out)" "the first of @INC"
'

# openssl: its provider modules and its configuration.
test_expect_success 'openssl: assembled with ossl-modules and etc/ssl/openssl.cnf' '
	mkdir -p OS/bin OS/lib/x86_64-linux-gnu OS/etc/ssl && cp /usr/bin/openssl OS/bin/ &&
	cp -a /usr/lib/x86_64-linux-gnu/ossl-modules OS/lib/x86_64-linux-gnu/ &&
	cp /etc/ssl/openssl.cnf OS/etc/ssl/ &&
	zapp-assemble -q -o OS.zapp OS && zapp-check -v OS.zapp >out &&
	expect_file_contains out "bin/openssl: sets OPENSSL_CONF=\$ZAPP/etc/ssl/openssl.cnf" &&
	expect_file_contains out "bin/openssl: sets OPENSSL_MODULES=\$ZAPP/lib/x86_64-linux-gnu/ossl-modules"
'

test_expect_success ROOT 'openssl: the legacy provider in an empty root' '
	mk_root osr OS.zapp &&
	run_in_empty_root osr /Z/bin/openssl list -providers -provider legacy >out 2>err || { cat err; false; } &&
	expect_file_contains out "OpenSSL Legacy Provider" &&
	expect_file_contains out "status: active"
'

test_expect_success STRACE 'openssl: on the build host the module and the configuration are the Zapp'"'"'s' '
	rm -rf "$MOVED/OS" && cp -a OS.zapp "$MOVED/OS" &&
	strace -f -qq -e trace=openat -o trace "$MOVED/OS/bin/openssl" list -providers -provider legacy >/dev/null &&
	grep -q "\"$MOVED/OS/lib/x86_64-linux-gnu/ossl-modules/legacy.so\", .* = [0-9]" trace &&
	grep -q "\"$MOVED/OS/etc/ssl/openssl.cnf\", .* = [0-9]" trace &&
	! grep -q "\"/usr/lib/x86_64-linux-gnu/ossl-modules/legacy.so\"" trace &&
	! grep -q "\"/usr/lib/ssl/openssl.cnf\"" trace
'

# nmap needs no entry: it finds share/nmap beside its executable (the
# launcher) before the compiled-in /usr/share/nmap.
test_expect_success ROOT 'nmap: share/nmap found beside it, in an empty root, with no entry' '
	mkdir -p NM/bin NM/share && cp /usr/bin/nmap NM/bin/ && cp -a /usr/share/nmap NM/share/ &&
	zapp-assemble -q --glibc-pieces=none -o NM.zapp NM && zapp-check -v NM.zapp >out &&
	! grep -q "bin/nmap: sets" out &&
	expect_file_contains out "bin/nmap: reaches share/nmap/" &&
	mk_root nr NM.zapp &&
	run_in_empty_root nr /Z/bin/nmap --version >out && grep -q "^Nmap version" out &&
	run_in_empty_root nr /Z/bin/nmap -n -sT -p 1 127.0.0.1 >out 2>err || { cat err; false; } &&
	grep -q "^1/tcp *closed *tcpmux" out
'

# ImageMagick 6: coder modules, filters, configuration.
test_expect_success ROOT 'convert: coder modules and configuration in an empty root' '
	mkdir -p IM/bin IM/lib/x86_64-linux-gnu IM/etc IM/share &&
	cp /usr/bin/convert-im6.q16 IM/bin/convert && cp /usr/bin/identify-im6.q16 IM/bin/identify &&
	cp -a /usr/lib/x86_64-linux-gnu/ImageMagick-6.9.11 IM/lib/x86_64-linux-gnu/ &&
	cp -a /etc/ImageMagick-6 IM/etc/ && cp -a /usr/share/ImageMagick-6 IM/share/ &&
	zapp-assemble -q -o IM.zapp IM && zapp-check -v IM.zapp >out &&
	expect_file_contains out "bin/convert: sets MAGICK_CODER_MODULE_PATH=\$ZAPP/lib/x86_64-linux-gnu/ImageMagick-6.9.11/modules-Q16/coders" &&
	mk_root imr IM.zapp &&
	run_in_empty_root imr /Z/bin/convert logo: /tmp/x.png 2>err || { cat err; false; } &&
	run_in_empty_root imr /Z/bin/identify /tmp/x.png >out &&
	grep -q "^/tmp/x.png PNG 640x480" out
'

# ImageMagick reads each configuration file from every directory it
# knows: the Zapp's first, then the host's /etc/ImageMagick-6 where there
# is one (its policies add up); its modules only from the first.
test_expect_success STRACE 'convert: on the build host the coder modules opened are the Zapp'"'"'s' '
	c=lib/x86_64-linux-gnu/ImageMagick-6.9.11/modules-Q16/coders &&
	grep -qx "libdir='"''"'" IM.zapp/$c/png.la &&
	grep -qx "libdir='"'"'/usr/$c'"'"'" /usr/$c/png.la &&
	sed "/^libdir=/d" IM.zapp/$c/png.la >a && sed "/^libdir=/d" /usr/$c/png.la >b && test_cmp b a &&
	rm -rf "$MOVED/IM" && cp -a IM.zapp "$MOVED/IM" &&
	strace -f -qq -e trace=openat -o trace "$MOVED/IM/bin/convert" logo: x.png &&
	grep -q "\"$MOVED/IM/$c/png.so\", .* = [0-9]" trace &&
	! grep -q "\"/usr/$c/[a-z]*\.so\", .* = [0-9]" trace &&
	grep "policy\.xml\", .* = [0-9]" trace | head -n 1 | grep -q "\"$MOVED/IM/etc/ImageMagick-6/policy.xml\""
'

test_expect_success 'zapp-check: a libtool archive that names the build'"'"'s directory' '
	c=lib/x86_64-linux-gnu/ImageMagick-6.9.11/modules-Q16/coders &&
	rm -rf M.zapp && cp -a IM.zapp M.zapp && rm M.zapp/$c/png.la && cp /usr/$c/png.la M.zapp/$c/ &&
	test_must_fail_with 1 zapp-check M.zapp 2>err &&
	expect_eq "zapp-check: $c/png.la: libtool archive with libdir '"'"'/usr/$c'"'"': libltdl opens the module there, the host'"'"'s, before the Zapp'"'"'s (assemble the Zapp again)
zapp-check: M.zapp: 1 problem" "$(cat err)"
'

# (with SANITIZE=1, a leak of the directories its entries reach showed here)
test_expect_success 'a launcher with entries whose program is gone: one problem, said once' '
	zapp-assemble -q -o gone.zapp /usr/bin/iconv && rm gone.zapp/dynbin/iconv &&
	test_must_fail_with 1 zapp-check gone.zapp 2>err &&
	expect_file_contains err "zapp-check: bin/iconv: starts dynbin/iconv, which is not in the Zapp" &&
	expect_file_contains err "gone.zapp: 1 problem"
'

test_done
