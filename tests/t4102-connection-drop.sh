#!/bin/bash
# t4102-connection-drop: the SSH connection to one host drops in the middle
# of a slow task.  The host is unreachable (not failed for a task error) in
# the recap, the event stream and the journal; the wave's budget counts it
# (budget 0: the wave is rolled back; budget 1: the run goes on); its revert
# connects again instead of using the dead session; and a host that stays
# down is reverted by crest rollback once it is back.
test_description='a connection lost mid-task'
. "$(dirname "$0")/test-lib.sh"

lab_up 4
CONN="--known-hosts $LAB_DIR/known_hosts --key $LAB_DIR/id_ed25519 --connect-timeout 3"

# Writes a play over h1..h4 in waves of 1, 2 and 1 with budget $1: a file, a
# slow command on h3 only (it leaves a marker and sleeps), a second file.
write_play() {
	cat <<PLAY
name: slow on h3
hosts: lab
waves: [1, 2, 100%]
max_failures: $1
tasks:
  - copy: { dest: /srv/one, content: "one {{ inventory_hostname }}\n" }
  - shell: "touch /srv/slow; if [ {{ inventory_hostname }} = h3 ]; then sleep 60; fi"
    rollback: "rm -f /srv/slow"
  - copy: { dest: /srv/two, content: "two\n" }
PLAY
}
write_play 0 >"$TRASH/budget0.yml"
write_play 1 >"$TRASH/budget1.yml"

# Puts every host back to the start: an old /srv/one, nothing else.
reset_hosts() {
	for k in 1 2 3 4; do
		lab_exec h$k sh -c "rm -f /srv/slow /srv/two; echo old-h$k >/srv/one"
	done
}

# Kills, by pid, the sshd processes serving connections on host $1: the
# children of its sshd listener (the lab's pid file names it).
kill_sessions() {
	local listener pids
	listener=$(cat "$LAB_DIR/hosts/$1/run/sshd.pid")
	pids=$(ps -o pid= --ppid "$listener")
	test -n "$pids"
	kill -KILL $pids
}

# Checks that host $1 is as it was before any run.
at_start() {
	test "$(lab_exec $1 cat /srv/one)" = "old-$1" &&
		! lab_exec $1 test -e /srv/slow &&
		! lab_exec $1 test -e /srv/two
}

# Checks that host $1 is as a run that went through leaves it.
applied() {
	test "$(lab_exec $1 cat /srv/one)" = "one $1" &&
		lab_exec $1 test -e /srv/slow &&
		test "$(lab_exec $1 cat /srv/two)" = "two"
}

# Prints the status of host $2's host_end in journal or event file $1.
host_end() {
	grep "\"event\":\"host_end\"" "$1" | grep "\"host\":\"$2\"" |
		sed -n 's/.*"status":"\([^"]*\)".*/\1/p' | tail -n 1
}

reset_hosts

test_expect_success 'budget 0: the session dies mid-task, the wave rolls back' '
	$CREST run budget0.yml -i "$LAB_DIR/inventory" $CONN --state-dir s0 >out 2>err &
	pid=$! &&
	test_wait_for 30 lab_exec h3 test -e /srv/slow &&
	kill_sessions h3 &&
	rc=0 && wait $pid || rc=$? &&
	cat out err &&
	test "$rc" = 2 &&
	test "$(host_end out h3)" = unreachable &&
	tail -n 1 out | grep -q "\"event\":\"run_end\",\"status\":\"rolled_back\"" &&
	journal=$(ls s0/runs/*.jsonl) &&
	test "$(host_end "$journal" h3)" = unreachable &&
	grep "\"event\":\"task_result\"" "$journal" | grep "\"host\":\"h3\"" |
		grep "\"task\":1," >result &&
	grep -q "\"error_kind\":\"unreachable\"" result &&
	grep -q "connection lost" result &&
	grep -q "\"event\":\"wave_end\",\"wave\":2,.*\"exceeded\":true" "$journal" &&
	# h3 reconnected for its own revert: every step of it succeeded.
	grep "\"event\":\"rollback_step\"" "$journal" | grep "\"host\":\"h3\"" >steps &&
	test "$(wc -l <steps)" = 2 &&
	! grep -q "\"status\":\"failed\"" steps &&
	at_start h2 && at_start h3 &&
	# Wave 3 never started; wave 1 keeps its change (rollback: wave).
	at_start h4 && test -z "$(host_end "$journal" h4)" &&
	applied h1
'

test_expect_success 'crest show reads the run: h3 unreachable' '
	id=$(basename s0/runs/*.jsonl .jsonl) &&
	$CREST show "$id" --state-dir s0 >show &&
	cat show &&
	grep "h3" show | grep -q unreachable
'

test_expect_success 'budget 1: the run goes on past the lost host' '
	reset_hosts &&
	$CREST run budget1.yml -i "$LAB_DIR/inventory" $CONN --state-dir s1 --json >events 2>err &
	pid=$! &&
	test_wait_for 30 lab_exec h3 test -e /srv/slow &&
	kill_sessions h3 &&
	rc=0 && wait $pid || rc=$? &&
	cat err &&
	test "$rc" = 1 &&
	test "$(host_end events h3)" = unreachable &&
	tail -n 1 events | grep -q "\"event\":\"run_end\",\"status\":\"failed\"" &&
	grep -q "\"event\":\"wave_end\",\"wave\":2,.*\"failed\":1,.*\"exceeded\":false" events &&
	applied h1 && applied h2 && applied h4 &&
	at_start h3
'

test_expect_success 'a host that stays down: its revert cannot connect, a person is needed' '
	reset_hosts &&
	$CREST run budget1.yml -i "$LAB_DIR/inventory" $CONN --state-dir s2 >out 2>err &
	pid=$! &&
	test_wait_for 30 lab_exec h3 test -e /srv/slow &&
	"$LAB" fault h3 down &&
	rc=0 && wait $pid || rc=$? &&
	cat out err &&
	test "$rc" = 3 &&
	test "$(host_end out h3)" = rollback_failed &&
	journal=$(ls s2/runs/*.jsonl) &&
	grep "\"event\":\"task_result\"" "$journal" | grep "\"host\":\"h3\"" |
		grep -q "\"error_kind\":\"unreachable\"" &&
	grep "\"event\":\"host_end\"" "$journal" | grep "\"host\":\"h3\"" |
		grep -q "unreachable.*crest rollback" &&
	applied h1 && applied h2 && applied h4
'

test_expect_success 'back up, crest rollback brings every host to the start' '
	"$LAB" fault h3 up &&
	lab_exec h3 test -e /srv/slow &&
	id=$(basename s2/runs/*.jsonl .jsonl) &&
	$CREST rollback "$id" $CONN --state-dir s2 >rb 2>rberr &&
	cat rb rberr &&
	for k in 1 2 3 4; do
		at_start h$k || return 1
	done &&
	$CREST rollback "$id" $CONN --state-dir s2 >again &&
	for k in 1 2 3 4; do
		at_start h$k || return 1
	done
'

test_done
