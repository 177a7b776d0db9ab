#!/bin/bash
# t4011-resume-extra-vars: a run started with -e dies; its journal holds the
# keys and a keyed digest of each value, never the value.  crest resume
# names the missing keys (exit 4, nothing written), refuses a value other
# than the run's and a key the run did not have, asks for a missing one at
# a terminal without echoing it, and with the same values finishes the run.
test_description='resume asks for the -e values again and checks them'
. "$(dirname "$0")/test-lib.sh"

PTY_ANSWER=$SRC/tests/helpers/pty-answer.py
lab_up 2
CONN="--known-hosts $LAB_DIR/known_hosts --key $LAB_DIR/id_ed25519 --connect-timeout 3"

cat >"$TRASH/tagged.yml" <<'PLAY'
name: a tagged release
hosts: lab
waves: [1, 100%]
tasks:
  - copy: { dest: "/srv/{{ tag }}", content: "{{ msg }}\n" }
  - shell:
      cmd: "sleep 4 && touch /srv/{{ tag }}.done"
      creates: "/srv/{{ tag }}.done"
    rollback: "rm -f /srv/{{ tag }}.done"
PLAY

test_expect_success 'a run with -e dies in its second wave' '
	$CREST run tagged.yml -i "$LAB_DIR/inventory" $CONN --forks 1 --state-dir state -e tag=r7 -e msg=hello-4a1b9c --json >events &
	pid=$! &&
	test_wait_for 60 sh -c "test \$(grep -c task_intent events) -ge 4" &&
	kill -KILL $pid &&
	{ wait $pid || true; } &&
	id=$(ls state/runs) && id=${id%.jsonl} &&
	echo "$id" >run_id &&
	! grep -q run_end events
'

test_expect_success 'the journal holds the keys and keyed digests, not the values' '
	journal=state/runs/$(cat run_id).jsonl &&
	head -n 1 "$journal" >header &&
	grep -q "\"extra_vars\":\[\"tag\",\"msg\"\]" header &&
	grep -Eq "\"extra_var_digests\":\{\"tag\":\"[0-9a-f]{40}\",\"msg\":\"[0-9a-f]{40}\"\}" header &&
	! grep -q "hello-4a1b9c" header &&
	test "$(stat -c %a state/digest.key)" = 600 &&
	test "$(stat -c %s state/digest.key)" = 32
'

test_expect_success 'resume without them names the keys and changes nothing' '
	cp state/runs/$(cat run_id).jsonl before &&
	test_expect_code 4 $CREST resume "$(cat run_id)" $CONN --state-dir state </dev/null >out 2>err &&
	grep -q "give them again, .crest resume $(cat run_id) -e tag=... -e msg=...." err &&
	cmp before state/runs/$(cat run_id).jsonl
'

test_expect_success 'resume refuses a value other than the run'"'"'s, and a new key' '
	test_expect_code 4 $CREST resume "$(cat run_id)" $CONN --state-dir state -e tag=r7 -e msg=hello-other </dev/null 2>err2 &&
	grep -q "\-e msg: not the value run $(cat run_id) was started with" err2 &&
	test_expect_code 4 $CREST resume "$(cat run_id)" $CONN --state-dir state -e tag=r7 -e msg=hello-4a1b9c -e color=red </dev/null 2>err3 &&
	grep -q "\-e color: run $(cat run_id) was not started with it" err3 &&
	cmp before state/runs/$(cat run_id).jsonl
'

test_expect_success 'at a terminal, resume asks for the missing value without echo' '
	test_expect_code 4 "$PTY_ANSWER" "msg (not shown): " hello-other \
		$CREST resume "$(cat run_id)" $CONN --state-dir state -e tag=r7 >tty.out &&
	grep -q "run $(cat run_id) was started with -e msg" tty.out &&
	grep -q "not the value run" tty.out &&
	! grep -q "hello-other" tty.out &&
	cmp before state/runs/$(cat run_id).jsonl
'

test_expect_success 'with the same values, asked for or given, the run finishes' '
	"$PTY_ANSWER" "msg (not shown): " hello-4a1b9c \
		$CREST resume "$(cat run_id)" $CONN --forks 1 --state-dir state -e tag=r7 --json >resumed &&
	grep -q "\"event\":\"run_end\",\"status\":\"ok\"" resumed &&
	! grep -q "hello-4a1b9c" resumed &&
	for k in 1 2; do
		test "$(lab_exec h$k cat /srv/r7)" = hello-4a1b9c &&
		lab_exec h$k test -e /srv/r7.done || return 1
	done
'

test_expect_success 'a wave of 0 hosts is refused at its file:line:column' '
	cat >zero.yml <<-PLAY &&
	hosts: lab
	waves: [0, 100%]
	tasks:
	  - command: "true"
	PLAY
	test_expect_code 4 $CREST run zero.yml -i "$LAB_DIR/inventory" $CONN --state-dir state3 2>zero.err &&
	grep -q "zero.yml:2:9: a wave of 0 hosts is empty" zero.err &&
	! test -d state3/runs || test -z "$(ls state3/runs)"
'

test_done
