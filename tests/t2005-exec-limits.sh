#!/bin/bash
# t2005-exec-limits.sh - command and host timeouts, authentication
# failures, and become: a command over its time is stopped on the host and
# ends "timeout" with the output it gave; no key accepted is "auth";
# "sudo -n" that wants a password is "auth" with sudo's own words, never a
# prompt.
test_description='timeouts, auth and become'
. "$(dirname "$0")/test-lib.sh"

lab_up 2
INV=$LAB_DIR/inventory
CONN="-i $INV --key $LAB_DIR/id_ed25519 --known-hosts $LAB_DIR/known_hosts"

# A user "deploy" on h2 that can log in with the lab key (the lab's sshd
# reads one authorized_keys file for everyone, so deploy must be able to
# read it) and has no sudo rights.
lab_exec h2 useradd -M -d /nonexistent -s /bin/sh deploy
lab_exec h2 usermod -p '*' deploy
lab_exec h2 chmod 644 /run/lab/authorized_keys

test_expect_success 'a command over --timeout is stopped and ends timeout' '
	start=$(date +%s) &&
	test_expect_code 1 "$CREST" exec h1 $CONN --timeout 1 -- \
		sh -c "echo started; exec sleep 31.7" >out &&
	end=$(date +%s) &&
	cat out &&
	grep -q "^h1 | timeout | 1\.[0-9]* s | the command timed out after 1 s" out &&
	grep -qx started out &&
	test $((end - start)) -le 3 &&
	# The host got the TERM: nothing of it is left running.
	test_wait_for 5 sh -c "! pgrep -f \"slee[p] 31.7\" >/dev/null"
'

test_expect_success '--host-timeout bounds everything a host does' '
	test_expect_code 1 "$CREST" exec all $CONN --host-timeout 1.5 -- \
		sleep 30 >out &&
	grep -q "^h1 | timeout | .*host ran out of time (--host-timeout 1.5 s)" out &&
	grep -q "^2 hosts: 0 ok, 2 timeout in 1\\.[5-9]" out
'

test_expect_success 'Ctrl-C starts no further host; those running finish' '
	"$CREST" exec all $CONN --forks 1 -- sleep 2 >out &
	pid=$! &&
	sleep 1 &&
	kill -INT $pid &&
	rc=0 && wait $pid || rc=$? &&
	cat out &&
	test "$rc" = 6 &&
	grep -q "^h1 | ok | exit 0 | " out &&
	grep -q "^2 hosts: 1 ok, 1 skipped in .* (interrupted)" out
'

test_expect_success 'a key the host does not accept is auth, no prompt' '
	ssh-keygen -q -t ed25519 -N "" -f stranger &&
	test_expect_code 1 "$CREST" exec h1 -i "$INV" --key stranger \
		--known-hosts "$LAB_DIR/known_hosts" -- true </dev/null >out &&
	cat out &&
	grep -q "^h1 | auth | .*no key was accepted" out
'

test_expect_success 'a key with a passphrase is skipped, not prompted for' '
	ssh-keygen -q -t ed25519 -N "secret" -f locked &&
	test_expect_code 1 "$CREST" exec h1 -i "$INV" --key locked \
		--known-hosts "$LAB_DIR/known_hosts" -- true </dev/null >out &&
	grep -q "^h1 | auth | " out
'

test_expect_success 'become as another user' '
	"$CREST" exec h1 $CONN --become-user nobody -- id -un >out &&
	grep -qx nobody out
'

test_expect_success 'sudo wanting a password is a clear auth error' '
	test_expect_code 1 "$CREST" exec h2 $CONN -e ansible_user=deploy \
		--become -- touch /root/by-deploy </dev/null >out &&
	cat out &&
	grep -q "^h2 | auth | .*sudo -n refused to run commands as root" out &&
	grep -q "password is required" out &&
	grep -q "NOPASSWD" out &&
	! lab_exec h2 test -e /root/by-deploy
'

test_expect_success 'with NOPASSWD in sudoers, become works for that user' '
	lab_exec h2 sh -c "echo \"deploy ALL=(ALL) NOPASSWD: ALL\" >/etc/sudoers.d/deploy && chmod 440 /etc/sudoers.d/deploy" &&
	"$CREST" exec h2 $CONN -e ansible_user=deploy --become -- \
		sh -c "id -un; touch /root/by-deploy" >out &&
	grep -qx root out &&
	lab_exec h2 test -e /root/by-deploy &&
	"$CREST" exec h2 $CONN -e ansible_user=deploy -- id -un >out &&
	grep -qx deploy out
'

test_done
