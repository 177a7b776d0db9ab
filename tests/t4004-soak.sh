#!/bin/bash
# t4004-soak: after a wave holds, the soak (pause) runs, then the verify
# checks run again on the whole wave; a failure then counts against the
# budget and rolls the wave back.
test_description='pause, verify after the soak, rollback'
. "$(dirname "$0")/test-lib.sh"

lab_up 3
CONN="--known-hosts $LAB_DIR/known_hosts --key $LAB_DIR/id_ed25519 --connect-timeout 3"

cat >"$TRASH/soak.yml" <<'PLAY'
hosts: lab
waves: [1, 100%]
pause: 3s
max_failures: 0
verify:
  - name: the marker is there
    command: test -e /srv/marker
tasks:
  - copy: { dest: /srv/marker, content: "up\n" }
PLAY

test_expect_success 'checks pass after the soak: the run goes on to the next wave' '
	$CREST run soak.yml -i "$LAB_DIR/inventory" $CONN --state-dir state --json >events &&
	grep -c "\"event\":\"verify\".*\"phase\":\"soak\".*\"status\":\"ok\"" events >n &&
	test "$(cat n)" = 3 &&
	for k in 1 2 3; do lab_exec h$k test -e /srv/marker; done
'

test_expect_success 'a check failing after the soak rolls the wave back' '
	for k in 1 2 3; do lab_exec h$k rm -f /srv/marker; done &&
	$CREST run soak.yml -i "$LAB_DIR/inventory" $CONN --state-dir state2 --json >events2 &
	pid=$! &&
	test_wait_for 30 grep -q "\"event\":\"task_result\".*\"host\":\"h1\"" events2 &&
	lab_exec h1 rm -f /srv/marker &&
	rc=0 && wait $pid || rc=$? &&
	test "$rc" = 2 &&
	grep -q "\"event\":\"verify\".*\"phase\":\"soak\".*\"status\":\"failed\".*\"host\":\"h1\"" events2 &&
	grep -q "\"event\":\"rollback_start\",\"wave\":1" events2 &&
	! grep -q "\"host\":\"h2\"" events2 &&
	! lab_exec h1 test -e /srv/marker
'

test_done
