#!/bin/bash
# t4012-resume-crash: what the crash campaign (make crashtest) found, each
# reproduced on purpose: a resumed wave that goes over its budget reverts
# the hosts that ended before the crash too, and lets the hosts in flight
# at the crash finish when it was over its budget already; crest resume
# waits for a host whose reboot task was in flight instead of calling it
# unreachable, and does not reboot it a second time; a package task waits for the dpkg lock
# that an apt-get of the killed controller may still hold, and that
# apt-get, going on after the controller died, does not fail on the closed
# connection and put back what the resume installed.
test_description='resume after SIGKILL: wave rollback, reboot, dpkg lock, apt-get left running'
export LAB_REBOOT_DELAY=2
. "$(dirname "$0")/test-lib.sh"

lab_up 3
CONN="--known-hosts $LAB_DIR/known_hosts --key $LAB_DIR/id_ed25519 --connect-timeout 3"

# Prints the run id of the one journal under state directory $1.
run_in() {
	basename "$(ls "$1"/runs/*.jsonl)" .jsonl
}

cat >"$TRASH/wave.yml" <<'PLAY'
name: one wave, no failure allowed
hosts: lab
waves: [3]
tasks:
  - copy: { dest: /srv/conf, content: "new\n" }
  - command:
      argv: [sh, -c, "sleep 2; test ! -e /srv/fail"]
    rollback: "true"
PLAY

for k in 1 2 3; do
	lab_exec h$k sh -c "echo old-h$k >/srv/conf"
done
lab_exec h2 touch /srv/fail

test_expect_success 'a resumed wave over its budget reverts hosts that ended before the crash' '
	$CREST run wave.yml -i "$LAB_DIR/inventory" $CONN --forks 1 --state-dir st1 --json >events &
	pid=$! &&
	test_wait_for 30 grep -q "\"event\":\"host_end\",\"status\":\"changed\".*\"host\":\"h1\"" events &&
	kill -KILL $pid && { wait $pid || true; } &&
	test "$(lab_exec h1 cat /srv/conf)" = new &&
	test_expect_code 2 $CREST resume "$(run_in st1)" $CONN --forks 1 --state-dir st1 --json >resumed &&
	grep -q "\"event\":\"rollback_step\",\"task\":0,\"status\":\"ok\",[^}]*\"host\":\"h1\"" resumed &&
	for k in 1 2 3; do
		test "$(lab_exec h$k cat /srv/conf)" = "old-h$k" || return 1
	done
'

cat >"$TRASH/inflight.yml" <<'PLAY'
name: one wave, no failure allowed, two hosts slow
hosts: lab
waves: [3]
tasks:
  - copy: { dest: /srv/conf2, content: "new\n" }
  - command:
      argv: [sh, -c, "test ! -e /srv/fail && { test ! -e /srv/slow || sleep 5; }"]
    rollback: "true"
PLAY

# Found by the campaign (seed 391624125): killed in the last wave once it
# was over its budget, with hosts still in flight; the resume rolled the
# wave back without letting those hosts finish, and their host_end was
# missing from the journal (an uninterrupted run lets them finish).
lab_exec h1 touch /srv/slow
lab_exec h3 touch /srv/slow

test_expect_success 'a resumed wave already over its budget lets the hosts in flight at the crash finish' '
	$CREST run inflight.yml -i "$LAB_DIR/inventory" $CONN --forks 3 --state-dir st5 --json >events5 &
	pid=$! &&
	test_wait_for 30 grep -q "\"event\":\"host_end\",\"status\":\"failed\".*\"host\":\"h2\"" events5 &&
	kill -KILL $pid && { wait $pid || true; } &&
	! grep -q "\"event\":\"host_end\".*\"host\":\"h[13]\"" events5 &&
	test_expect_code 2 $CREST resume "$(run_in st5)" $CONN --forks 3 --state-dir st5 --json >resumed5 &&
	grep -q "\"event\":\"host_end\",\"status\":\"changed\".*\"host\":\"h1\"" resumed5 &&
	grep -q "\"event\":\"host_end\",\"status\":\"changed\".*\"host\":\"h3\"" resumed5 &&
	grep -q "\"event\":\"rollback_step\",\"task\":0,\"status\":\"ok\",[^}]*\"host\":\"h3\"" resumed5 &&
	for k in 1 2 3; do
		lab_exec h$k test ! -e /srv/conf2 || return 1
	done &&
	lab_exec h1 rm -f /srv/slow && lab_exec h3 rm -f /srv/slow
'

cat >"$TRASH/reboot.yml" <<'PLAY'
name: reboot, then a marked task
hosts: h3
tasks:
  - reboot: { timeout: 60s, test_command: "test -e /srv/marker" }
  - shell: "echo ran >>/var/tmp/after"
    rollback: "true"
PLAY

test_expect_success 'resume waits for a host whose reboot was in flight, and reboots it once' '
	lab_exec h3 touch /srv/marker
	lab_exec h3 cat /proc/sys/kernel/random/boot_id >boot.before
	$CREST run reboot.yml -i "$LAB_DIR/inventory" $CONN --state-dir st2 --json >events2 &
	pid=$! &&
	test_wait_for 30 grep -q "\"event\":\"task_intent\",\"task\":0" events2 &&
	kill -KILL $pid && { wait $pid || true; } &&
	# The host is down when crest comes back, for longer than a connect.
	$LAB fault h3 down &&
	id=$(run_in st2)
	$CREST resume "$id" $CONN --state-dir st2 --json >resumed2 2>resumed2.err &
	rpid=$! &&
	sleep 4 && $LAB fault h3 up &&
	wait $rpid &&
	tail -n 1 resumed2 | grep -q "\"event\":\"run_end\",\"status\":\"ok\"" &&
	test "$(lab_exec h3 cat /var/tmp/after)" = ran &&
	lab_exec h3 cat /proc/sys/kernel/random/boot_id >boot.after &&
	! cmp -s boot.before boot.after &&
	test "$(grep -c "reboot h3$" "$LAB_DIR/daemon.log")" = 1
'

cat >"$TRASH/agent.yml" <<'PLAY'
name: acme-agent
hosts: h1
tasks:
  - package: { name: acme-agent, version: "1.1" }
PLAY

test_expect_success 'a package task waits for the dpkg lock another apt-get holds' '
	lab_exec h1 apt-get update -qq
	lab_exec h1 python3 -c "
import fcntl, sys, time
f = open(\"/var/lib/dpkg/lock-frontend\", \"w\")
fcntl.lockf(f, fcntl.LOCK_EX)
open(\"/tmp/locked\", \"w\").close()
time.sleep(5)
" &
	holder=$! &&
	test_wait_for 10 lab_exec h1 test -e /tmp/locked &&
	$CREST run agent.yml -i "$LAB_DIR/inventory" $CONN --state-dir st3 >run3 2>&1 &&
	wait $holder &&
	test "$(lab_exec h1 dpkg-query -W -f="\${Version}" acme-agent)" = 1.1
'

cat >"$TRASH/agent2.yml" <<'PLAY'
name: acme-agent 2.0
hosts: h2
tasks:
  - package: { name: acme-agent, version: "2.0" }
PLAY

test_expect_success 'SIGKILL in a package task: the apt-get left running does not undo the resumed change' '
	lab_exec h2 apt-get update -qq
	lab_exec h2 env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq acme-agent=1.0 >/dev/null
	$CREST run agent2.yml -i "$LAB_DIR/inventory" $CONN --state-dir st4 --json >events4 &
	pid=$! &&
	test_wait_for 30 grep -q "\"event\":\"task_intent\"" events4 &&
	sleep 0.3 && kill -KILL $pid && { wait $pid || true; } &&
	$CREST resume "$(run_in st4)" $CONN --state-dir st4 --json >resumed4 &&
	tail -n 1 resumed4 | grep -q "\"status\":\"ok\"" &&
	# Time for whatever the killed apply still does on the host (its
	# apt-get, then, before the fix, its "putting the packages back").
	sleep 10 &&
	test "$(lab_exec h2 dpkg-query -W -f="\${Version}" acme-agent)" = 2.0 &&
	$CREST rollback "$(run_in st4)" $CONN --state-dir st4 >rb4 &&
	test "$(lab_exec h2 dpkg-query -W -f="\${Version}" acme-agent)" = 1.0
'

test_done
