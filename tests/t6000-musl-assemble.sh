#!/bin/sh
# A program linked with musl (Debian's musl-gcc, dynamically) and a shared
# library of its own is assembled: musl's loader is its libc, held once
# under both names (lib/ld-musl-x86_64.so.1, lib/libc.so); the Zapp runs
# moved, in an empty root and in a root that holds only glibc; and its
# musl finds no library of the host, neither through the host's
# /etc/ld-musl-x86_64.path nor in musl's default directories, nor
# through the caller's LD_LIBRARY_PATH, which musl searches before the
# objects' paths: the variable stays for the program and the host
# programs it starts.

. "$(dirname "$0")/lib.sh"

MUSL_LIBC=/lib/ld-musl-x86_64.so.1
REAL=$(pwd -P)

test_lazy_prereq MUSL_PATH_FILE 'test -f /etc/ld-musl-x86_64.path'

# the library answers who built it; the program says what it got, and
# with --dlopen=NAME, whether dlopen of NAME worked and what it answered;
# --env prints its LD_LIBRARY_PATH, --exec=PROG execs PROG LD_LIBRARY_PATH
cat >foo.c <<'EOF'
#ifndef WHO
#define WHO "the Zapp's own"
#endif
const char *foo(void) { return WHO; }
EOF
cat >plug.c <<'EOF'
const char *plug(void) { return "the host's plugin"; }
EOF
cat >main.c <<'EOF'
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
const char *foo(void);
int main(int argc, char **argv)
{
	printf("argv0=%s\nfoo=%s\n", argv[0], foo());
	for (int i = 1; i < argc; i++)
		if (strncmp(argv[i], "--dlopen=", 9) == 0) {
			void *h = dlopen(argv[i] + 9, RTLD_NOW);
			const char *(*f)(void) = h ? (const char *(*)(void))dlsym(h, "plug") : NULL;
			printf("dlopen=%s\n", f ? f() : "NULL");
		} else if (strcmp(argv[i], "--env") == 0) {
			const char *v = getenv("LD_LIBRARY_PATH");
			printf("env=%s\n", v ? v : "(unset)");
		} else if (strncmp(argv[i], "--exec=", 7) == 0) {
			fflush(stdout);
			execl(argv[i] + 7, argv[i] + 7, "LD_LIBRARY_PATH", (char *)0);
			return 126;
		}
	return 0;
}
EOF

# root_with DIR ZAPP: a fresh root directory holding a copy of ZAPP at
# /Z and nothing else.
root_with() {
	rm -rf "$1" && mkdir "$1" && cp -a "$2" "$1/Z"
}

test_expect_success 'setup: a musl program and its library, installed to a stage without an rpath' '
	mkdir -p stage/usr/local/bin stage/usr/local/lib host/lib &&
	musl-gcc -O2 -shared -fPIC -Wl,-soname,libfoo.so.1 -o stage/usr/local/lib/libfoo.so.1 foo.c &&
	musl-gcc -O2 -o stage/usr/local/bin/hello main.c stage/usr/local/lib/libfoo.so.1 &&
	musl-gcc -O2 -shared -fPIC -DWHO="\"the host'"'"'s copy\"" -Wl,-soname,libfoo.so.1 -o host/lib/libfoo.so.1 foo.c &&
	musl-gcc -O2 -shared -fPIC -o host/lib/libplug.so plug.c &&
	expect_eq "$MUSL_LIBC" "$(readelf -lW stage/usr/local/bin/hello | sed -n "s/.*interpreter: \(.*\)\]/\1/p")" PT_INTERP &&
	readelf -dW stage/usr/local/bin/hello >dyn &&
	expect_file_contains dyn "Shared library: [libc.so]" &&
	expect_file_lacks dyn PATH
'

test_expect_success 'it assembles: musl'"'"'s libc is one file under the loader'"'"'s name and libc.so' '
	zapp-assemble -o hello.zapp stage/usr/local >out &&
	expect_file_contains out "loader ld-musl-x86_64.so.1" &&
	test -f hello.zapp/lib/ld-musl-x86_64.so.1 &&
	test -f hello.zapp/lib/libc.so &&
	test -f hello.zapp/lib/libfoo.so.1 &&
	! test -e hello.zapp/lib/libc.so.6 &&
	! test -e hello.zapp/lib/ld-linux-x86-64.so.2 &&
	expect_eq "$(stat -c %i hello.zapp/lib/ld-musl-x86_64.so.1)" "$(stat -c %i hello.zapp/lib/libc.so)" "one inode" &&
	expect_eq "RPATH \$ORIGIN/../lib" "$(rpath_of hello.zapp/dynbin/hello)"
'

test_expect_success 'zapp-check passes and names musl' '
	zapp-check hello.zapp >out &&
	expect_eq "hello.zapp: ok: x86-64, 1 program (musl), 1 launcher, 3 libraries" "$(cat out)"
'

test_expect_success 'the Zapp'"'"'s musl keeps neither its path file nor its default directories' '
	strings -a "$MUSL_LIBC" >orig &&
	grep -qx "%\.\*s/etc/ld-musl-x86_64\.path" orig &&
	grep -qx "/lib:/usr/local/lib:/usr/lib" orig &&
	strings -a hello.zapp/lib/ld-musl-x86_64.so.1 >edited &&
	expect_file_lacks edited "ld-musl-x86_64.path" &&
	! grep -qx "/lib:/usr/local/lib:/usr/lib" edited &&
	grep -qx "/dev/null/d-musl-x86_64\.path" edited &&
	grep -qx "/dev/null/local/lib//usr/lib" edited &&
	expect_eq "$(stat -L -c %s "$MUSL_LIBC")" "$(stat -c %s hello.zapp/lib/libc.so)" "size"
'

test_expect_success 'the Zapp'"'"'s musl asks getenv for =D_LIBRARY_PATH, which names no variable; LD_PRELOAD stays' '
	expect_eq 1 "$(grep -cx LD_LIBRARY_PATH orig)" "LD_LIBRARY_PATH strings of musl" &&
	grep -qx LD_PRELOAD orig &&
	expect_file_lacks edited LD_LIBRARY_PATH &&
	grep -qx "=D_LIBRARY_PATH" edited &&
	grep -qx LD_PRELOAD edited &&
	zapp-assemble -v -o v.zapp stage/usr/local >log &&
	expect_file_contains log "lib/ld-musl-x86_64.so.1: LD_LIBRARY_PATH (the caller'"'"'s library path, searched before the Zapp'"'"'s lib/) made to name no variable"
'

test_expect_success 'moved to a path with spaces, it runs on its own musl and library' '
	mkdir -p "far away/a b" && cp -a hello.zapp "far away/a b/h.zapp" &&
	"far away/a b/h.zapp/bin/hello" >out &&
	printf "argv0=far away/a b/h.zapp/bin/hello\nfoo=the Zapp'"'"'s own\n" >want &&
	test_cmp want out
'

test_expect_success STRACE 'it opens nothing of the host'"'"'s but /proc/self' '
	strace -f -e trace=open,openat,execve -o trace "far away/a b/h.zapp/bin/hello" >out &&
	{ grep -v -e "= -1 E" -e "+++ exited with 0 +++" -e "/proc/self/" -e "far away/a b/h.zapp/" trace >outside || :; } &&
	expect_file_contains trace "h.zapp/bin/../lib/libfoo.so.1\", O_RDONLY|O_LARGEFILE|O_CLOEXEC) = 3" &&
	! test -s outside || { cat outside >&2; false; }
'

test_expect_success 'setup: a directory for LD_LIBRARY_PATH with a library of the name the Zapp holds, built for glibc, and a plugin' '
	mkdir ldpath &&
	gcc -O2 -shared -fPIC -DWHO="\"the caller'"'"'s copy\"" -Wl,--no-as-needed,-soname,libfoo.so.1 -o ldpath/libfoo.so.1 foo.c &&
	readelf -dW ldpath/libfoo.so.1 | grep -qF "[libc.so.6]" &&
	cp host/lib/libplug.so ldpath/
'

test_expect_success 'LD_LIBRARY_PATH leads a native musl program to that library, before the program'"'"'s own rpath' '
	musl-gcc -O2 -o native-rpath main.c stage/usr/local/lib/libfoo.so.1 -Wl,-rpath,"$REAL/stage/usr/local/lib" &&
	./native-rpath >out &&
	expect_file_contains out "foo=the Zapp'"'"'s own" &&
	LD_LIBRARY_PATH="$REAL/ldpath" ./native-rpath --dlopen=libplug.so >out &&
	expect_file_contains out "foo=the caller'"'"'s copy" &&
	expect_file_contains out "dlopen=the host'"'"'s plugin"
'

test_expect_success 'moved, the Zapp uses its own library whatever LD_LIBRARY_PATH says, and dlopen does not search it' '
	LD_LIBRARY_PATH="$REAL/ldpath" "far away/a b/h.zapp/bin/hello" --dlopen=libplug.so >out &&
	printf "argv0=far away/a b/h.zapp/bin/hello\nfoo=the Zapp'"'"'s own\ndlopen=NULL\n" >want &&
	test_cmp want out
'

test_expect_success STRACE 'it opens nothing in the directories of LD_LIBRARY_PATH' '
	LD_LIBRARY_PATH="$REAL/ldpath:ldpath" strace -f -e trace=open,openat,stat,newfstatat -o trace \
		"far away/a b/h.zapp/bin/hello" --dlopen=libplug.so >out &&
	expect_file_contains out "foo=the Zapp'"'"'s own" &&
	expect_file_lacks trace ldpath
'

test_expect_success 'the same Zapp with its musl unedited takes the library of LD_LIBRARY_PATH' '
	cp -a "far away/a b/h.zapp" unedited.zapp &&
	cp "$MUSL_LIBC" unedited.zapp/lib/new && mv unedited.zapp/lib/new unedited.zapp/lib/ld-musl-x86_64.so.1 &&
	LD_LIBRARY_PATH="$REAL/ldpath" unedited.zapp/bin/hello --dlopen=libplug.so >out &&
	expect_file_contains out "foo=the caller'"'"'s copy" &&
	expect_file_contains out "dlopen=the host'"'"'s plugin"
'

test_expect_success 'the program and a host program it starts get LD_LIBRARY_PATH unchanged' '
	llp="$REAL/ldpath::/no where:ldpath" &&
	LD_LIBRARY_PATH="$llp" "far away/a b/h.zapp/bin/hello" --env --exec=/usr/bin/printenv >out &&
	printf "argv0=far away/a b/h.zapp/bin/hello\nfoo=the Zapp'"'"'s own\nenv=%s\n%s\n" "$llp" "$llp" >want &&
	test_cmp want out
'

test_expect_success 'LD_PRELOAD still works: the user'"'"'s choice, as for glibc' '
	LD_PRELOAD="$REAL/ldpath/libfoo.so.1" "far away/a b/h.zapp/bin/hello" >out &&
	expect_file_contains out "foo=the caller'"'"'s copy"
'

test_expect_success ROOT 'it runs in an empty root' '
	root_with r1 hello.zapp &&
	run_in_empty_root r1 /Z/bin/hello >out &&
	printf "argv0=/Z/bin/hello\nfoo=the Zapp'"'"'s own\n" >want &&
	test_cmp want out
'

test_expect_success ROOT 'it runs in a root that holds only glibc' '
	root_with r2 hello.zapp &&
	mkdir -p r2/lib/x86_64-linux-gnu r2/lib64 r2/bin &&
	cp /lib/x86_64-linux-gnu/libc.so.6 r2/lib/x86_64-linux-gnu/ &&
	cp /lib64/ld-linux-x86-64.so.2 r2/lib64/ &&
	printf "#include <stdio.h>\nint main(void){puts(\"glibc here\");return 0;}\n" >g.c &&
	gcc -O2 -o r2/bin/g g.c &&
	run_in_empty_root r2 /bin/g >out &&
	expect_eq "glibc here" "$(cat out)" "a glibc program of that root" &&
	! find r2 -name "*musl*" -not -path "r2/Z/*" | grep . &&
	run_in_empty_root r2 /Z/bin/hello >out &&
	printf "argv0=/Z/bin/hello\nfoo=the Zapp'"'"'s own\n" >want &&
	test_cmp want out
'

# A root whose musl default directories (/lib, /usr/local/lib, /usr/lib)
# hold the host's copy of the library and the plugin, with no path file;
# the Zapp in it lacks libfoo.so.1.
test_expect_success ROOT 'a library the Zapp lacks is not taken from musl'"'"'s default directories' '
	root_with r3 hello.zapp &&
	rm r3/Z/lib/libfoo.so.1 &&
	for d in lib usr/local/lib usr/lib; do
		mkdir -p r3/$d && cp host/lib/* r3/$d/ || return 1
	done &&
	test_must_fail_with 127 run_in_empty_root r3 /Z/bin/hello >out 2>err &&
	expect_file_contains err "Error loading shared library libfoo.so.1: No such file or directory" &&
	expect_file_lacks out "host" &&
	# the same Zapp with an unedited musl takes the host copy
	cp "$MUSL_LIBC" r3/Z/lib/ld-musl-x86_64.so.1.new &&
	mv r3/Z/lib/ld-musl-x86_64.so.1.new r3/Z/lib/ld-musl-x86_64.so.1 &&
	run_in_empty_root r3 /Z/bin/hello >out &&
	expect_file_contains out "foo=the host'"'"'s copy"
'

test_expect_success ROOT 'nor through a path file of the root' '
	root_with r4 hello.zapp &&
	mkdir -p r4/etc r4/opt/hostlibs &&
	cp host/lib/* r4/opt/hostlibs/ &&
	echo /opt/hostlibs >r4/etc/ld-musl-x86_64.path &&
	run_in_empty_root r4 /Z/bin/hello --dlopen=libplug.so >out &&
	expect_file_contains out "foo=the Zapp'"'"'s own" &&
	expect_file_contains out "dlopen=NULL" &&
	rm r4/Z/lib/libfoo.so.1 &&
	test_must_fail_with 127 run_in_empty_root r4 /Z/bin/hello >out 2>err &&
	expect_file_contains err "Error loading shared library libfoo.so.1: No such file or directory"
'

# The host's own /etc/ld-musl-x86_64.path, in a private mount namespace,
# replaced by one naming a directory with the host's copy of the library
# and a plugin: the real /etc is never touched.
with_host_path_file() {
	printf "%s/host/lib\n" "$REAL" >pathfile &&
	unshare -m --propagation private sh -c '
		mount --bind "$1" /etc/ld-musl-x86_64.path || exit 99
		shift
		exec "$@"
	' sh "$REAL/pathfile" "$@"
}

test_expect_success ROOT,MUSL_PATH_FILE 'the host'"'"'s /etc/ld-musl-x86_64.path leads a native musl program to the host copy' '
	with_host_path_file sh -c "cat /etc/ld-musl-x86_64.path" >out &&
	expect_eq "$REAL/host/lib" "$(cat out)" "the path file in the namespace" &&
	musl-gcc -O2 -o native main.c host/lib/libfoo.so.1 &&
	with_host_path_file ./native --dlopen=libplug.so >out &&
	expect_file_contains out "foo=the host'"'"'s copy" &&
	expect_file_contains out "dlopen=the host'"'"'s plugin"
'

test_expect_success ROOT,MUSL_PATH_FILE 'the Zapp uses its own library and does not load the host'"'"'s plugin' '
	with_host_path_file "$REAL/far away/a b/h.zapp/bin/hello" --dlopen=libplug.so >out &&
	expect_file_contains out "foo=the Zapp'"'"'s own" &&
	expect_file_contains out "dlopen=NULL"
'

test_expect_success ROOT,MUSL_PATH_FILE,STRACE 'without its library the Zapp fails, and opens no host file for it' '
	cp -a "far away/a b/h.zapp" lacking.zapp &&
	rm lacking.zapp/lib/libfoo.so.1 &&
	test_must_fail_with 127 with_host_path_file strace -f -e trace=open,openat -o trace lacking.zapp/bin/hello >out 2>err &&
	# the path file the Zapp'"'"'s musl opens is under /dev/null: ENOTDIR
	expect_file_contains err "Error loading shared library libfoo.so.1: Not a directory" &&
	expect_file_contains trace "open(\"/dev/null/d-musl-x86_64.p\", O_RDONLY|O_LARGEFILE|O_CLOEXEC) = -1 ENOTDIR" &&
	expect_file_lacks trace "host/lib" &&
	expect_file_lacks trace "ld-musl-x86_64.path\""
'

test_expect_success 'zapp-check reports a musl libc that still reads the host'"'"'s path file and directories' '
	cp -a hello.zapp old.zapp &&
	cp "$MUSL_LIBC" old.zapp/lib/new && mv old.zapp/lib/new old.zapp/lib/ld-musl-x86_64.so.1 &&
	test_must_fail_with 1 zapp-check old.zapp >out 2>err &&
	expect_file_contains err "zapp-check: lib/ld-musl-x86_64.so.1: reads %.*s/etc/ld-musl-x86_64.path of the host (musl'"'"'s path file)" &&
	expect_file_contains err "zapp-check: lib/ld-musl-x86_64.so.1: reads /lib:/usr/local/lib:/usr/lib of the host (musl'"'"'s default library directories)" &&
	expect_file_contains err "zapp-check: lib/ld-musl-x86_64.so.1: reads LD_LIBRARY_PATH of the environment (the caller'"'"'s library path, searched before the Zapp'"'"'s lib/): assemble the Zapp again"
'

# another musl, whose loader has no string LD_LIBRARY_PATH (here musl
# 1.2.3 with the name changed): left as it is, said by -v and zapp-check
test_expect_success 'a musl loader without the name LD_LIBRARY_PATH is left as it is, and zapp-check says so' '
	mkdir -p other/lib &&
	/usr/bin/python3 -c "
import sys
b = open(sys.argv[1], \"rb\").read()
assert b.count(b\"\\0LD_LIBRARY_PATH\\0\") == 1
open(sys.argv[2], \"wb\").write(b.replace(b\"\\0LD_LIBRARY_PATH\\0\", b\"\\0LD_LIBRARY_PATX\\0\"))
" "$MUSL_LIBC" other/lib/ld-musl-x86_64.so.1 &&
	zapp-assemble -v --sysroot other -o other.zapp stage/usr/local >log &&
	expect_file_contains log "lib/ld-musl-x86_64.so.1: LD_LIBRARY_PATH (the caller'"'"'s library path, searched before the Zapp'"'"'s lib/) left as it is: it is not a string of the file'"'"'s read-only data" &&
	expect_file_contains log "lib/ld-musl-x86_64.so.1: /lib:/usr/local/lib:/usr/lib (musl'"'"'s default library directories) made to lead nowhere" &&
	strings -a other.zapp/lib/ld-musl-x86_64.so.1 >s &&
	grep -qx LD_LIBRARY_PATX s &&
	test_must_fail_with 1 zapp-check other.zapp >out 2>err &&
	expect_file_contains err "zapp-check: lib/ld-musl-x86_64.so.1: zapp-assemble cannot make it ignore LD_LIBRARY_PATH (the caller'"'"'s library path, searched before the Zapp'"'"'s lib/): it is not a string of the file'"'"'s read-only data" &&
	expect_file_contains err "zapp-check: other.zapp: 1 problem"
'

test_expect_success 'zapp-check does not need lib/libc.so: musl answers that name itself' '
	cp -a hello.zapp nolibc.zapp && rm nolibc.zapp/lib/libc.so &&
	zapp-check nolibc.zapp >out &&
	expect_file_contains out "ok: x86-64, 1 program (musl)" &&
	nolibc.zapp/bin/hello >out &&
	expect_file_contains out "foo=the Zapp'"'"'s own"
'

test_expect_success 'nor does a musl plugin no program loads' '
	cp -a nolibc.zapp plugin.zapp &&
	musl-gcc -O2 -shared -fPIC -o plugin.zapp/lib/libplug.so plug.c &&
	readelf -dW plugin.zapp/lib/libplug.so | grep -qF "[libc.so]" &&
	zapp-check plugin.zapp >out &&
	expect_file_contains out "ok: x86-64, 1 program (musl), 1 launcher, 3 libraries"
'

test_expect_success 'zapp-check still finds a missing library of a musl program' '
	cp -a hello.zapp nofoo.zapp && rm nofoo.zapp/lib/libfoo.so.1 &&
	test_must_fail_with 1 zapp-check nofoo.zapp 2>err &&
	expect_file_contains err "zapp-check: dynbin/hello: needs libfoo.so.1, which is not found inside the Zapp"
'

test_done
