#!/bin/bash
# --include SRC[=DEST] and --files-from LIST: files beyond the closure,
# placed relative to the prefix of the program they come with (a data file
# the program finds beside itself, a plugin it dlopens, a helper it runs);
# each Zapp moved to a path with spaces and run there and in an empty
# root.  Bad input: a clear message, exit 1, nothing at OUT, no temporary
# left beside it.
. "$(dirname "$0")/lib.sh"

# nothing_left DIR: DIR holds only what it held before (listed in DIR.before)
nothing_left() {
	ls -A "$1" >"$1.after" && test_cmp "$1.before" "$1.after"
}

# refused WHAT ARGS...: zapp-assemble ARGS exits 1, says WHAT on one line
# of the form "zapp-assemble: SUBJECT: ...", and leaves out/ as it was.
refused() {
	local what=$1; shift
	ls -A out >out.before &&
	test_must_fail_with 1 zapp-assemble -q -o out/z.zapp "$@" 2>err &&
	cat err && expect_file_contains err "$what" &&
	grep -q "^zapp-assemble: [^:]*: " err &&
	nothing_left out
}

test_expect_success 'setup: a program that reads a data file, dlopens a plugin and runs a helper, all found beside it' '
	cat >app.c <<-\EOC &&
	#include <dlfcn.h>
	#include <limits.h>
	#include <stdio.h>
	#include <string.h>
	#include <sys/wait.h>
	#include <unistd.h>
	int main(void)
	{
		char self[PATH_MAX], path[PATH_MAX + 64], line[128];
		ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
		if (n < 0) return 2;
		self[n] = 0;
		*strrchr(self, 0x2f) = 0;
		snprintf(path, sizeof path, "%s/../share/app/data.txt", self);
		FILE *f = fopen(path, "r");
		if (!f || !fgets(line, sizeof line, f)) { printf("no data at %s\n", path); return 3; }
		printf("data %s", line);
		snprintf(path, sizeof path, "%s/../lib/app/plugins/plug.so", self);
		void *h = dlopen(path, RTLD_NOW);
		if (!h) { printf("no plugin: %s\n", dlerror()); return 4; }
		const char *(*plug)(void) = (const char *(*)(void))dlsym(h, "plug");
		printf("plugin %s\n", plug());
		snprintf(path, sizeof path, "%s/../libexec/app/helper", self);
		fflush(stdout);
		pid_t pid = fork();
		if (pid == 0) { execl(path, "helper", (char *)0); perror(path); _exit(5); }
		int st; waitpid(pid, &st, 0);
		return WIFEXITED(st) ? WEXITSTATUS(st) : 6;
	}
	EOC
	printf "#include <zlib.h>\nconst char *plug(void) { return zlibVersion()[0] ? \"zlib\" : \"?\"; }\n" >plug.c &&
	printf "#include <stdio.h>\n#include <zlib.h>\nint main(void) { printf(\"helper %%s\\\\n\", zlibVersion()[0] ? \"zlib\" : \"?\"); return 0; }\n" >helper.c &&
	mkdir -p pfx/bin pfx/share/app/more pfx/lib/app/plugins pfx/libexec/app out &&
	gcc -o pfx/bin/app app.c -ldl &&
	gcc -shared -fPIC -o pfx/lib/app/plugins/plug.so plug.c -lz &&
	gcc -o pfx/libexec/app/helper helper.c -lz &&
	echo hello >pfx/share/app/data.txt && echo more >pfx/share/app/more/x.txt &&
	printf "data hello\nplugin zlib\nhelper zlib\n" >expect &&
	pfx/bin/app >actual && test_cmp expect actual
'

test_expect_success '--include of directories without DEST: each at its place under the prefix; moved, it runs' '
	zapp-assemble -o a.zapp pfx/bin/app --include pfx/share/app --include pfx/lib/app --include "$PWD/pfx/libexec/app" >out.txt &&
	test -f a.zapp/share/app/data.txt && test -f a.zapp/share/app/more/x.txt &&
	test -f a.zapp/lib/app/plugins/plug.so && test -f a.zapp/lib/libz.so.1 &&
	test -f a.zapp/dynbin/libexec/app/helper && test -f a.zapp/libexec/app/helper &&
	expect_eq "RPATH \$ORIGIN/../.." "$(rpath_of a.zapp/lib/app/plugins/plug.so)" &&
	zapp-check a.zapp &&
	mv a.zapp "a b.zapp" && "a b.zapp/bin/app" >actual && test_cmp expect actual
'

test_expect_success ROOT 'the same Zapp in an empty root: data, plugin with its closure, helper as a launcher' '
	rm -rf root && mkdir -p "root/x y" && cp -a "a b.zapp" "root/x y/a.zapp" &&
	run_in_empty_root root "/x y/a.zapp/bin/app" >actual && test_cmp expect actual
'

test_expect_success '--include of files with DEST, and a directory with DEST' '
	zapp-assemble -q -o d.zapp pfx/bin/app --include pfx/share/app/data.txt=share/app/data.txt \
		--include pfx/lib/app/plugins/plug.so=lib/app/plugins/plug.so \
		--include pfx/libexec/app=libexec/app >/dev/null &&
	test -f d.zapp/share/app/data.txt && test ! -e d.zapp/share/app/more &&
	mv d.zapp "d e.zapp" && "d e.zapp/bin/app" >actual && test_cmp expect actual &&
	zapp-assemble -q -o d2.zapp pfx/bin/app --include pfx/share/app=elsewhere/app &&
	test -f d2.zapp/elsewhere/app/data.txt && test -f d2.zapp/elsewhere/app/more/x.txt &&
	{ ! d2.zapp/bin/app >actual; } && expect_file_contains actual "no data at"
'

test_expect_success 'a file outside every prefix goes to its path relative to /' '
	mkdir -p other && echo o >other/o.conf &&
	zapp-assemble -q -o o.zapp pfx/bin/app --include other/o.conf &&
	rel=$(realpath other/o.conf) && rel=${rel#/} &&
	test -f "o.zapp/$rel" && expect_eq o "$(cat "o.zapp/$rel")"
'

test_expect_success 'the longest prefix wins; a program under lib/ has the prefix above lib/' '
	mkdir -p pfx/local/bin pfx/local/share/l && cp pfx/bin/app pfx/local/bin/app2 && echo l >pfx/local/share/l/l.txt &&
	zapp-assemble -q -o l.zapp pfx/bin/app pfx/local/bin/app2 --include pfx/local/share/l --include pfx/share/app &&
	test -f l.zapp/share/l/l.txt && test -f l.zapp/share/app/data.txt &&
	mkdir -p pfx/lib/tool && cp pfx/bin/app pfx/lib/tool/tool &&
	zapp-assemble -q -o t.zapp pfx/lib/tool/tool --include pfx/share/app &&
	test -f t.zapp/share/app/data.txt
'

test_expect_success 'links among included files are what they lead to; one that leads nowhere is skipped with a warning' '
	mkdir -p pfx/share/ln && echo real >pfx/share/ln/real.txt &&
	ln -s real.txt pfx/share/ln/alias.txt && ln -s ../app pfx/share/ln/appdir && ln -s nowhere pfx/share/ln/dangling &&
	zapp-assemble -o ln.zapp pfx/bin/app --include pfx/share/ln >out.txt 2>err &&
	expect_file_contains err "pfx/share/ln/dangling: skipped: a symbolic link that leads nowhere" &&
	test -f ln.zapp/share/ln/alias.txt && test ! -L ln.zapp/share/ln/alias.txt &&
	test -f ln.zapp/share/ln/appdir/data.txt &&
	expect_eq 0 "$(find ln.zapp -type l | wc -l)" && zapp-check ln.zapp
'

test_expect_success '--files-from a file and from standard input, relative paths from the working directory' '
	(cd pfx && find share/app lib/app libexec -type f) >list &&
	(cd pfx && zapp-assemble -q -o ../f.zapp bin/app --files-from ../list) &&
	mv f.zapp "f g.zapp" && "f g.zapp/bin/app" >actual && test_cmp expect actual &&
	find "$PWD/pfx/share/app" "$PWD/pfx/lib/app" "$PWD/pfx/libexec" -type f | zapp-assemble -q -o s.zapp pfx/bin/app --files-from - &&
	s.zapp/bin/app >actual && test_cmp expect actual &&
	printf "%s\n\n%s" "$PWD/pfx/share/app/data.txt" "$PWD/pfx/share/app/more/x.txt" >nofinal &&
	zapp-assemble -q -o n.zapp pfx/bin/app --files-from nofinal && test -f n.zapp/share/app/more/x.txt
'

test_expect_success '--files-from: a listed directory is included whole, a listed link is copied at its place' '
	ln -s data.txt pfx/share/app/link.txt &&
	printf "%s\n%s\n" "$PWD/pfx/share/app/more" "$PWD/pfx/share/app/link.txt" >dl &&
	zapp-assemble -q -o dl.zapp pfx/bin/app --files-from dl &&
	test -f dl.zapp/share/app/more/x.txt && test -f dl.zapp/share/app/link.txt && test ! -L dl.zapp/share/app/link.txt &&
	rm pfx/share/app/link.txt
'

test_expect_success 'an included file already in the Zapp with the same bytes is kept once' '
	zapp-assemble -q -o same.zapp pfx/bin/app --include pfx/bin/app --include pfx/share/app \
		--include pfx/share/app/data.txt=share/app/data.txt --include pfx/lib --include pfx/libexec &&
	expect_eq 1 "$(find same.zapp/dynbin -type f | grep -c "dynbin/app$")" &&
	same.zapp/bin/app >actual && test_cmp expect actual
'

test_expect_success '--add with --include alone adds the files to a Zapp; a list naming files of OUT itself skips them' '
	zapp-assemble -q -o add.zapp pfx/bin/app &&
	zapp-assemble -q --add -o add.zapp --include pfx/share/app=share/app --include pfx/lib/app=lib/app \
		--include pfx/libexec/app=libexec/app &&
	add.zapp/bin/app >actual && test_cmp expect actual && zapp-check add.zapp &&
	find "$PWD/add.zapp/share" -type f >own && echo "$PWD/pfx/share/app/more/x.txt" >>own &&
	zapp-assemble --force -o add.zapp pfx/bin/app --files-from own >/dev/null 2>err &&
	expect_file_contains err "skipped: a file of" &&
	test -f add.zapp/share/app/more/x.txt && test ! -e add.zapp/share/app/data.txt
'

test_lazy_prereq GITCORE 'test -x /usr/bin/git && test -x /usr/lib/git-core/git-upload-pack'
test_expect_success GITCORE 'git'"'"'s helpers included from /usr/lib/git-core are launchers at their place: clone over file://; init and commit in an empty root, with its templates' '
	zapp-assemble -q -o git.zapp /usr/bin/git --include /usr/lib/git-core --include /usr/share/git-core &&
	test -f git.zapp/lib/git-core/git-upload-pack && test -f git.zapp/dynbin/lib/git-core/git &&
	test -f git.zapp/share/git-core/templates/description &&
	zapp-check git.zapp >/dev/null &&
	mkdir -p "groot/g z" groot/w groot/etc && mv git.zapp "groot/g z/git.zapp" &&
	echo "root:x:0:0:root:/w:/bin/sh" >groot/etc/passwd && echo "root:x:0:" >groot/etc/group &&
	g="/g z/git.zapp" &&
	export GIT_EXEC_PATH="$TRASH/groot$g/lib/git-core" HOME="$TRASH/groot/w" GIT_CONFIG_NOSYSTEM=1 &&
	"$TRASH/groot$g/bin/git" init -q groot/w/repo && echo a >groot/w/repo/a &&
	"$TRASH/groot$g/bin/git" -C groot/w/repo add a &&
	"$TRASH/groot$g/bin/git" -C groot/w/repo -c user.name=u -c user.email=u@h commit -qm one &&
	"$TRASH/groot$g/bin/git" clone -q "file://$TRASH/groot/w/repo" groot/w/clone &&
	expect_eq a "$(cat groot/w/clone/a)" &&
	if test_have_prereq ROOT; then
		: a clone over file:// runs git-upload-pack through /bin/sh, which an empty root has not &&
		mkdir -p groot/dev && mknod -m 666 groot/dev/null c 1 3 && mknod -m 444 groot/dev/urandom c 1 9 &&
		GIT_EXEC_PATH="$g/lib/git-core" GIT_TEMPLATE_DIR="$g/share/git-core/templates" HOME=/w \
			run_in_empty_root groot "$g/bin/git" init -q /w/r2 &&
		echo b >groot/w/r2/b &&
		GIT_EXEC_PATH="$g/lib/git-core" HOME=/w run_in_empty_root groot "$g/bin/git" -C /w/r2 add b &&
		GIT_EXEC_PATH="$g/lib/git-core" HOME=/w run_in_empty_root groot "$g/bin/git" -C /w/r2 \
			-c user.name=u -c user.email=u@h commit -qm two &&
		expect_eq two "$(git -C groot/w/r2 log --format=%s)" &&
		test -f groot/w/r2/.git/description
	fi
'

test_expect_success 'bad input: a missing path, a path through a file, a FIFO' '
	refused "pfx/none: cannot include: No such file or directory" pfx/bin/app --include pfx/none &&
	refused "pfx/share/app/data.txt/x: cannot include: Not a directory" pfx/bin/app --include pfx/share/app/data.txt/x &&
	mkfifo fifo &&
	refused "fifo: cannot include: not a regular file or directory" pfx/bin/app --include fifo
'

test_expect_success ROOT 'bad input: an unreadable file (as another user)' '
	mkdir -p -m 0777 nobody && chmod 0755 . &&
	echo secret >nobody/secret && chmod 0 nobody/secret &&
	cp pfx/bin/app nobody/app && chmod 0755 nobody/app &&
	ls -A nobody >nobody.before &&
	test_must_fail_with 1 setpriv --reuid=65534 --regid=65534 --clear-groups \
		zapp-assemble -q -o nobody/z.zapp nobody/app --include nobody/secret 2>err &&
	expect_file_contains err "nobody/secret: cannot include: Permission denied" &&
	nothing_left nobody
'

test_expect_success 'bad input: DEST outside the Zapp, absolute, in dynbin/, or taken by another file' '
	refused "a place in the Zapp stays inside it" pfx/bin/app --include pfx/share/app/data.txt=../x &&
	refused "a place in the Zapp stays inside it" pfx/bin/app --include pfx/share/app/data.txt=share/../../x &&
	refused "is an absolute path" pfx/bin/app --include pfx/share/app/data.txt=/abs &&
	refused "is the Zapp" pfx/bin/app --include pfx/share/app/data.txt=dynbin/app &&
	refused "names no place inside the Zapp" pfx/bin/app --include pfx/share/app/data.txt=. &&
	refused "the Zapp holds another file of this name" pfx/bin/app --include pfx/share/app/data.txt=bin/app &&
	refused "the Zapp holds another file of this name" pfx/bin/app --include pfx/share/app/more/x.txt=share/app/data.txt --include pfx/share/app
'

test_expect_success 'bad input: an empty list, a list that does not exist, a list with a missing path' '
	: >empty && refused "empty: the list of files holds no path" pfx/bin/app --files-from empty &&
	printf "\n\n" >blank && refused "blank: the list of files holds no path" pfx/bin/app --files-from blank &&
	refused "nolist: cannot read the list of files: No such file or directory" pfx/bin/app --files-from nolist &&
	printf "%s\n/nonexistent/file\n" "$PWD/pfx/share/app/data.txt" >bad &&
	refused "/nonexistent/file: cannot include (named by line 2 of bad): No such file or directory" pfx/bin/app --files-from bad &&
	: | refused "standard input: the list of files holds no path" pfx/bin/app --files-from -
'

test_done
