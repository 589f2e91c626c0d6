#!/bin/bash
# gpg, whose helpers are started by their compiled-in host paths
# (/usr/bin/gpg-agent, /usr/lib/gnupg/...): given as inputs and included,
# they are held by the Zapp, and the run-time redirection starts the Zapp's.
# A passphrase-encrypted file is made and read back in an empty root.
. "$(dirname "$0")/lib.sh"
. "$ZAPP_SRC/tests/lib-complete.sh"

for p in /usr/bin/gpg /usr/bin/gpg-agent; do
	[ -x "$p" ] || { skip_all="$p is not installed (make deps installs gpg, gpg-agent)"; test_done; }
done

# stop_agent HOMEDIR: the gpg-agent serving HOMEDIR, which gpg started as a
# daemon, ended by its pid
stop_agent() {
	local pid
	for pid in $(pgrep -f -x "gpg-agent --homedir $1 --use-standard-socket --daemon"); do
		kill "$pid" 2>/dev/null || :
	done
}

test_expect_success 'gpg and gpg-agent as inputs, --include of /usr/lib/gnupg' '
	declare -f stop_agent >stop-agent.sh &&
	zapp-assemble -q -o gpg.zapp /usr/bin/gpg /usr/bin/gpg-agent --include /usr/lib/gnupg &&
	zapp-check gpg.zapp &&
	grep -x "/usr/bin/gpg-agent	bin/gpg-agent" gpg.zapp/lib/zapp/hostpaths
'

test_expect_success ROOT 'in an empty root: gpg -c starts the Zapp'"'"'s agent, and gpg -d reads the file back' '
	min_root root && cp -a gpg.zapp "root/gpg zapp" &&
	mkdir -m 700 root/tmp/gh && echo "a secret" >root/tmp/plain &&
	echo pw | in_root root GNUPGHOME=/tmp/gh "/gpg zapp/bin/gpg" --batch --pinentry-mode loopback \
		--passphrase-fd 0 -c -o /tmp/plain.gpg /tmp/plain 2>err;
	rc=$?; stop_agent /tmp/gh; test $rc = 0 &&
	test -s root/tmp/plain.gpg &&
	echo pw | in_root root GNUPGHOME=/tmp/gh "/gpg zapp/bin/gpg" --batch --pinentry-mode loopback \
		--passphrase-fd 0 -d /tmp/plain.gpg >out 2>err;
	rc=$?; stop_agent /tmp/gh; test $rc = 0 &&
	expect_eq "a secret" "$(cat out)"
'

# the agent gpg starts outlives it, and strace -f follows it: the traced
# command ends it
test_expect_success STRACE 'on the build host: the agent is the Zapp'"'"'s, and no host copy is opened' '
	mkdir -m 700 gh && echo x >plain &&
	GNUPGHOME=$PWD/gh expect_no_host_copies "$PWD/gpg.zapp" bash -c \
		". \"\$1\"; echo pw | gpg.zapp/bin/gpg --batch --pinentry-mode loopback --passphrase-fd 0 -c -o plain.gpg plain
		 rc=\$?; stop_agent \"\$2\"; exit \$rc" bash "$PWD/stop-agent.sh" "$PWD/gh" &&
	test -s plain.gpg &&
	grep -F "execve(\"$PWD/gpg.zapp/bin/gpg-agent\"" trace.log &&
	! grep -F "execve(\"/usr/bin/gpg-agent\"" trace.log
'

test_done
