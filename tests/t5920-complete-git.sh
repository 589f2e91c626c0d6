#!/bin/bash
# A complete Zapp of Debian's git: --detect brings its helpers
# (/usr/lib/git-core) and templates; a clone over file:// runs
# "/bin/sh -c git-upload-pack ..." (git's shell is compiled in), so the
# Zapp holds a sh too, and the Zapp'd git gets the Zapp's.
. "$(dirname "$0")/lib.sh"
. "$ZAPP_SRC/tests/lib-complete.sh"

[ -x /usr/bin/git ] && [ -d /usr/lib/git-core ] ||
	{ skip_all="git is not installed (make deps installs git)"; test_done; }

test_expect_success 'git and sh: --detect' '
	zapp-assemble -q -o git.zapp /usr/bin/git /bin/sh --detect &&
	test -f git.zapp/lib/git-core/git-upload-pack &&
	test -d git.zapp/share/git-core/templates &&
	zapp-check git.zapp
'

git_in_root() {
	in_root root GIT_CONFIG_NOSYSTEM=1 "/git zapp/bin/git" "$@"
}

test_expect_success ROOT 'in an empty root: init, commit, clone over file://' '
	min_root root && cp -a git.zapp "root/git zapp" &&
	git_in_root init -q /tmp/repo &&
	test -d root/tmp/repo/.git/hooks &&
	git_in_root -C /tmp/repo -c user.name=T -c user.email=t@example.org \
		commit -q --allow-empty -m first &&
	git_in_root clone -q file:///tmp/repo /tmp/clone &&
	git_in_root -C /tmp/clone log --format=%s >out &&
	expect_eq first "$(cat out)"
'

test_expect_success ROOT '--exec-path is inside the Zapp' '
	git_in_root --exec-path >out &&
	expect_eq "/git zapp/lib/git-core" "$(cat out)"
'

# The map of host paths (lib/zapp/hostpaths) names the included helpers
# under the paths git knows them by: with GIT_EXEC_PATH set by the user to
# the host's directory, git finds each helper there and the exec of it
# starts the Zapp's copy.  (In an empty root the host's directory is not
# there to be found: git looks with stat, which is not redirected.)
test_expect_success 'the map of host paths names the helpers' '
	grep "^/usr/lib/git-core/git-upload-pack	lib/git-core/git-upload-pack$" git.zapp/lib/zapp/hostpaths &&
	grep "^/usr/bin/git	bin/git$" git.zapp/lib/zapp/hostpaths &&
	grep "^/bin/sh	bin/sh$" git.zapp/lib/zapp/hostpaths
'

test_expect_success STRACE 'with GIT_EXEC_PATH set to the host'"'"'s helpers, the Zapp'"'"'s run' '
	rm -rf repo2 clone2 && git.zapp/bin/git init -q repo2 &&
	git.zapp/bin/git -C repo2 -c user.name=T -c user.email=t@example.org commit -q --allow-empty -m x &&
	GIT_EXEC_PATH=/usr/lib/git-core strace -f -qq -e trace=execve -e status=successful -o exec.log \
		git.zapp/bin/git clone -q "file://$PWD/repo2" clone2 &&
	test -d clone2/.git &&
	grep "git-upload-pack" exec.log &&
	! grep "execve(\"/usr/lib/git-core/" exec.log &&
	! grep "execve(\"/bin/sh\"" exec.log
'

test_expect_success STRACE 'on the build host: no host git helper, no host sh' '
	rm -rf repo clone &&
	git.zapp/bin/git init -q repo &&
	git.zapp/bin/git -C repo -c user.name=T -c user.email=t@example.org commit -q --allow-empty -m x &&
	expect_no_host_copies "$PWD/git.zapp" git.zapp/bin/git clone -q "file://$PWD/repo" clone &&
	test -d clone/.git
'

test_done
