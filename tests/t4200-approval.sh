#!/bin/bash
# t4200-approval: approve: [2] stops a run after wave 1 (exit 5, wave 2's
# hosts untouched, seen from outside); crest resume refuses while it
# waits; crest approve records who and why and goes on to the end; crest
# abort of a second paused run rolls wave 1's host back.
test_description='approval gates: crest approve and crest abort'
. "$(dirname "$0")/test-lib.sh"

lab_up 4
CONN="--known-hosts $LAB_DIR/known_hosts --key $LAB_DIR/id_ed25519 --connect-timeout 3"

cat >"$TRASH/gate.yml" <<'PLAY'
name: gated file
hosts: lab
waves: [1, 2, 100%]
approve: [2]
tasks:
  - copy: { dest: /srv/gate, content: "new {{ inventory_hostname }}\n" }
PLAY

for k in $(seq 4); do
	lab_exec h$k sh -c "echo old-h$k >/srv/gate"
done

test_expect_success 'crest plan says wave 2 waits for approval, and no other' '
	$CREST plan gate.yml -i "$LAB_DIR/inventory" $CONN >plan &&
	grep -A1 "^wave 2:" plan | grep -q "waits for approval" &&
	test "$(grep -c "waits for approval" plan)" = 1
'

test_expect_success 'the run stops after wave 1 with exit 5; wave 2 untouched' '
	rc=0 && $CREST run gate.yml -i "$LAB_DIR/inventory" $CONN --state-dir state >out 2>err || rc=$? &&
	test "$rc" = 5 &&
	grep -q "wave 2/3 (2 hosts) waits for approval" err &&
	id=$(ls state/runs) && id=${id%.jsonl} && echo "$id" >run_id &&
	grep -q "crest approve $id" err && grep -q "crest abort $id" err &&
	test "$(lab_exec h1 cat /srv/gate)" = "new h1" &&
	for k in 2 3 4; do
		test "$(lab_exec h$k cat /srv/gate)" = "old-h$k" || return 1
	done &&
	j=state/runs/$id.jsonl &&
	grep "\"event\":\"run_paused\"" $j | grep -q "\"reason\":\"approval\"" &&
	tail -n 1 $j | grep -q "\"event\":\"run_end\",\"status\":\"paused\"" &&
	! grep -q "\"wave\":2" $j.tmp 2>/dev/null &&
	! grep "\"event\":\"wave_start\"" $j | grep -q "\"wave\":2"
'

test_expect_success 'the pause is a state: no crest left running, crest runs shows paused' '
	! pgrep -f "crest run gate.yml" &&
	$CREST runs --state-dir state >runs &&
	grep "$(cat run_id)" runs | grep -q paused
'

test_expect_success 'crest resume refuses while the run waits (exit 5), touching nothing' '
	id=$(cat run_id) && j=state/runs/$id.jsonl && before=$(wc -l <$j) &&
	rc=0 && $CREST resume "$id" $CONN --state-dir state >out 2>err || rc=$? &&
	test "$rc" = 5 &&
	grep -q "waits for approval of wave 2" err &&
	test "$(wc -l <$j)" = "$before" &&
	test "$(lab_exec h2 cat /srv/gate)" = old-h2
'

test_expect_success 'crest approve with a wave that waits for nothing is refused (exit 4)' '
	rc=0 && $CREST approve "$(cat run_id)" --wave 3 $CONN --state-dir state 2>err || rc=$? &&
	test "$rc" = 4 && grep -q "does not wait for approval" err
'

test_expect_success 'crest approve --comment ok goes on to the end' '
	id=$(cat run_id) &&
	$CREST approve "$id" --comment ok $CONN --state-dir state >out 2>err &&
	for k in $(seq 4); do
		test "$(lab_exec h$k cat /srv/gate)" = "new h$k" || return 1
	done &&
	j=state/runs/$id.jsonl &&
	grep "\"event\":\"approval\"" $j | grep "\"comment\":\"ok\"" |
		grep -q "\"user\":\"$(id -un)\"" &&
	tail -n 1 $j | grep -q "\"status\":\"ok\""
'

test_expect_success 'crest show shows the approver and the comment' '
	$CREST show "$(cat run_id)" --state-dir state >show &&
	grep -q "waited for approval" show &&
	grep "approved" show | grep "by $(id -un)" | grep -q "\"ok\"" &&
	grep -q "^status: *ok" show
'

test_expect_success 'a second run paused, then crest abort rolls wave 1 back' '
	for k in $(seq 4); do
		lab_exec h$k sh -c "echo old-h$k >/srv/gate"
	done &&
	rc=0 && $CREST run gate.yml -i "$LAB_DIR/inventory" $CONN --state-dir state2 >out 2>err || rc=$? &&
	test "$rc" = 5 &&
	test "$(lab_exec h1 cat /srv/gate)" = "new h1" &&
	id=$(ls state2/runs) && id=${id%.jsonl} &&
	rc=0 && $CREST abort "$id" --comment "canary looks wrong" $CONN --state-dir state2 >out 2>err || rc=$? &&
	test "$rc" = 2 &&
	for k in $(seq 4); do
		test "$(lab_exec h$k cat /srv/gate)" = "old-h$k" || return 1
	done &&
	j=state2/runs/$id.jsonl &&
	grep "\"event\":\"abort\"" $j | grep -q "canary looks wrong" &&
	tail -n 1 $j | grep -q "\"status\":\"rolled_back\"" &&
	$CREST show "$id" --state-dir state2 >show &&
	grep "aborted" show | grep -q "by $(id -un)" &&
	rc=0 && $CREST approve "$id" $CONN --state-dir state2 2>err || rc=$? &&
	test "$rc" = 4
'

test_done
