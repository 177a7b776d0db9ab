#!/bin/bash
# t4103-controller-disk-full: the controller's state directory (a small
# tmpfs mounted here) fills up during a run.  crest stops before changing a
# host it could not journal: a task whose intent is not in the journal is
# not applied on its host; it says why (the path, "No space left on
# device", what to do) and exits 7; the journal ends with its last whole
# record, crest show reads it, and once space is freed crest resume ends
# the run and crest rollback reverts it.
test_description='a full state disk on the controller'
. "$(dirname "$0")/test-lib.sh"

STATE=$TRASH/state
mkdir "$STATE"
mount -t tmpfs -o size=1m,mode=0700 crest-t4103 "$STATE"
trap 'umount "$STATE" 2>/dev/null; test_cleanup' EXIT

lab_up 3
CONN="--known-hosts $LAB_DIR/known_hosts --key $LAB_DIR/id_ed25519 --connect-timeout 3"

# Each result carries a 2 KiB output tail, so the journal needs room for
# each task; the first task sleeps so that the disk fills while it runs.
cat >"$TRASH/play.yml" <<'PLAY'
name: three tasks
hosts: lab
tasks:
  - shell: "head -c 3000 /dev/zero | tr '\\0' x; touch /srv/t0; sleep 2"
    rollback: "rm -f /srv/t0"
  - copy: { dest: /srv/t1, content: "one\n" }
  - shell: "head -c 3000 /dev/zero | tr '\\0' y; touch /srv/t2"
    rollback: "rm -f /srv/t2"
PLAY

# Prints "HOST TASK" for every task_intent of journal $1.
intents() {
	jq -r 'select(.event == "task_intent") | "\(.host) \(.task)"' "$1"
}

test_expect_success 'the disk fills mid-run: crest stops and exits 7' '
	$CREST run play.yml -i "$LAB_DIR/inventory" $CONN --forks 1 --state-dir "$STATE" --json >events 2>err &
	pid=$! &&
	test_wait_for 30 sh -c "grep -qs task_intent \"$STATE\"/runs/*.jsonl" &&
	{ dd if=/dev/zero of="$STATE/fill" bs=4k 2>/dev/null || true; } &&
	rc=0 && wait $pid || rc=$? &&
	cat err &&
	test "$rc" = 7 &&
	journal=$(ls "$STATE"/runs/*.jsonl) && echo "$journal" >journal &&
	grep -q "cannot write journal $journal: No space left on device" err &&
	grep -q "free space there, then .crest resume. goes on or .crest rollback. reverts" err &&
	! grep -q "\"event\":\"run_end\"" "$journal"
'

test_expect_success 'a task whose intent was not written was not applied' '
	journal=$(cat journal) &&
	intents "$journal" >written &&
	cat written &&
	test "$(wc -l <written)" -lt 9 &&
	for k in 1 2 3; do
		for t in 0 1 2; do
			grep -qx "h$k $t" written && continue
			! lab_exec h$k test -e /srv/t$t || return 1
		done
	done
'

test_expect_success 'the journal ends with its last whole record and reads' '
	journal=$(cat journal) &&
	test "$(tail -c 1 "$journal" | od -An -c | tr -d " ")" = "\n" &&
	jq -e . "$journal" >/dev/null &&
	id=$(basename "$journal" .jsonl) && echo "$id" >id &&
	$CREST show "$id" --state-dir "$STATE" >show &&
	cat show
'

test_expect_success 'space freed: crest resume ends the run on every host' '
	rm -f "$STATE/fill" &&
	$CREST resume "$(cat id)" $CONN --forks 1 --state-dir "$STATE" --json >resumed 2>rerr &&
	cat rerr &&
	tail -n 1 resumed | grep -q "\"event\":\"run_end\",\"status\":\"ok\"" &&
	for k in 1 2 3; do
		for t in 0 1 2; do
			lab_exec h$k test -e /srv/t$t || return 1
		done
	done &&
	jq -e . "$(cat journal)" >/dev/null
'

test_expect_success 'crest rollback reverts it all from the journal' '
	$CREST rollback "$(cat id)" $CONN --state-dir "$STATE" >rb 2>rberr &&
	for k in 1 2 3; do
		for t in 0 1 2; do
			! lab_exec h$k test -e /srv/t$t || return 1
		done
	done
'

test_done
