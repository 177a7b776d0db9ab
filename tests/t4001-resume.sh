#!/bin/bash
# t4001-resume: SIGKILL the controller mid-run; crest resume ends as if it
# never died, without running a finished task twice; crest rollback of the
# resumed run still restores what the hosts had before it.
test_description='crash-safe journal: resume and rollback after SIGKILL'
. "$(dirname "$0")/test-lib.sh"

lab_up 6
CONN="--known-hosts $LAB_DIR/known_hosts --key $LAB_DIR/id_ed25519 --connect-timeout 3"

cat >"$TRASH/files.yml" <<'PLAY'
name: three files
hosts: lab
waves: [2, 100%]
tasks:
  - copy: { dest: /srv/one, content: "one {{ inventory_hostname }}\n" }
  - copy: { dest: /srv/two, content: "two {{ inventory_hostname }}\n" }
  - copy: { dest: /etc/crest-three, content: "three\n", mode: "0600" }
PLAY

# Each host starts with an old /srv/one the rollback must bring back.
for k in $(seq 6); do
	lab_exec h$k sh -c "echo old-h$k >/srv/one"
done

test_expect_success 'SIGKILL mid-run, then resume: every host ends as asked' '
	$CREST run files.yml -i "$LAB_DIR/inventory" $CONN --forks 1 --state-dir state --json >events &
	pid=$! &&
	test_wait_for 30 sh -c "test \$(grep -c task_intent events) -ge 7" &&
	kill -KILL $pid &&
	wait $pid || true &&
	! grep -q run_end events &&
	id=$(ls state/runs) && id=${id%.jsonl} &&
	echo "$id" >run_id &&
	$CREST resume "$id" $CONN --forks 1 --state-dir state --json >resumed &&
	tail -n 1 resumed | grep -q "\"event\":\"run_end\",\"status\":\"ok\"" &&
	for k in $(seq 6); do
		test "$(lab_exec h$k cat /srv/one)" = "one h$k"
		test "$(lab_exec h$k cat /srv/two)" = "two h$k"
		test "$(lab_exec h$k stat -c %a /etc/crest-three)" = 600
	done
'

test_expect_success 'the journal shows no finished task run twice' '
	journal=state/runs/$(cat run_id).jsonl &&
	grep "\"event\":\"task_result\"" "$journal" |
		grep -v "\"status\":\"failed\"" |
		sed "s/.*\"task\":\([0-9]*\),.*\"host\":\"\([^\"]*\)\".*/\2 \1/" |
		sort >done &&
	test "$(wc -l <done)" = 18 &&
	test -z "$(uniq -d done)" &&
	grep -q "\"event\":\"run_resume\"" "$journal"
'

test_expect_success 'rollback of the resumed run restores the prior files' '
	$CREST rollback "$(cat run_id)" $CONN --state-dir state >rb &&
	for k in $(seq 6); do
		test "$(lab_exec h$k cat /srv/one)" = "old-h$k"
		! lab_exec h$k test -e /srv/two
		! lab_exec h$k test -e /etc/crest-three
	done
'

test_expect_success 'SIGTERM: nothing new starts, the run ends interrupted and resumes' '
	$CREST run files.yml -i "$LAB_DIR/inventory" $CONN --forks 1 --state-dir state2 --json >events2 &
	pid=$! &&
	test_wait_for 30 grep -q task_intent events2 &&
	kill -TERM $pid &&
	rc=0 && wait $pid || rc=$? &&
	test "$rc" = 6 &&
	tail -n 1 events2 | grep -q "\"status\":\"interrupted\"" &&
	id=$(ls state2/runs) &&
	$CREST resume "${id%.jsonl}" $CONN --state-dir state2 --json >resumed2 &&
	tail -n 1 resumed2 | grep -q "\"status\":\"ok\""
'

test_done
