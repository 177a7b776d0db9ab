#!/bin/bash
# t7100-windows: crest run inside maintenance windows, on lab hosts, with
# the clock injected through CREST_NOW: refused outside the window (exit
# 5, saying when it opens next), --ignore-window, a wave that would pass
# the cutoff pauses the run (exit 5, journal status paused) and the next
# window finishes it, a new commit is refused while a run is paused.
test_description='maintenance windows'
. "$(dirname "$0")/test-lib.sh"

export GIT_AUTHOR_NAME=Alice GIT_AUTHOR_EMAIL=alice@example.com
export GIT_COMMITTER_NAME=Alice GIT_COMMITTER_EMAIL=alice@example.com
export GIT_CONFIG_NOSYSTEM=1 HOME=$TRASH

lab_up 3
CONN="--known-hosts $LAB_DIR/known_hosts --key $LAB_DIR/id_ed25519 --connect-timeout 3"

# Prints what host K's /srv/win holds, or "absent".
win_file() {
	lab_exec "h$1" cat /srv/win 2>/dev/null || echo absent
}

# Writes the playbook with content $1 and wave_timeout $2.
playbook() {
	cat >repo/rollout.yml <<PLAY
name: rollout
hosts: lab
waves: [1, 2]
window: weekend
wave_timeout: $2
tasks:
  - name: marker
    copy: { dest: /srv/win, content: "$1\n" }
PLAY
}

# The status of the newest run in state dir $1.
last_status() {
	grep '"event":"run_end"' "$(ls -t "$1"/runs/*.jsonl | head -n 1)" |
		tail -n 1 | sed 's/.*"status":"\([a-z_]*\)".*/\1/'
}

cd "$TRASH"
git init -q -b main repo
cp "$LAB_DIR/inventory" repo/inventory
cat >repo/crest.yml <<'YML'
inventory: inventory
windows:
  weekend:
    calendar: "Sat *-*-* 02:00 UTC"
    duration: 4h
    cutoff: 30m
  tight:
    calendar: "Sat *-*-* 02:00 UTC"
    duration: 4h
YML
cat >repo/late.yml <<'PLAY'
name: slow
hosts: lab
waves: [1, 2]
window: tight
tasks:
  - name: slow
    shell: "sleep 3"
    rollback: "true"
PLAY
playbook v1 1h
(cd repo && git add -A && git commit -q -m v1)

# 2026-11-28 is a Saturday; the window is 02:00-06:00 UTC, cutoff 05:30.
INSIDE=2026-11-28T02:10:00Z
LATE=2026-11-28T04:45:00Z
OUTSIDE=2026-11-25T12:00:00Z
NEXT=2026-12-05T02:05:00Z

test_expect_success 'outside the window crest run refuses with exit 5 and the next opening' '
	CREST_NOW=$OUTSIDE test_expect_code 5 $CREST run rollout.yml --repo repo $CONN --state-dir st1 2>err &&
	grep -q "outside window .weekend.; it next opens at 2026-11-28T02:00:00+00:00" err &&
	! ls st1/runs/*.jsonl 2>/dev/null &&
	test "$(win_file 1)" = absent
'

test_expect_success 'an unknown window is invalid input (exit 4) with a did-you-mean' '
	sed "s/window: weekend/window: weekedn/" repo/rollout.yml >repo/typo.yml &&
	(cd repo && git add typo.yml && git commit -q -m typo) &&
	CREST_NOW=$INSIDE test_expect_code 4 $CREST run typo.yml --repo repo $CONN --state-dir st1 2>err &&
	grep -q "did you mean .weekend.?" err
'

test_expect_success '--ignore-window runs outside the window' '
	CREST_NOW=$OUTSIDE $CREST run rollout.yml --repo repo $CONN --state-dir st0 --ignore-window >out 2>err &&
	test "$(last_status st0)" = ok &&
	test "$(win_file 3)" = v1
'

test_expect_success 'inside the window with time to spare the run finishes' '
	playbook v2 1h && (cd repo && git commit -q -am v2) &&
	CREST_NOW=$INSIDE $CREST run rollout.yml --repo repo $CONN --state-dir st2 >out 2>err &&
	test "$(last_status st2)" = ok &&
	for k in 1 2 3; do test "$(win_file $k)" = v2; done
'

test_expect_success 'a wave that would pass the cutoff pauses the run (exit 5)' '
	playbook v3 1h && (cd repo && git commit -q -am v3) &&
	CREST_NOW=$LATE test_expect_code 5 $CREST run rollout.yml --repo repo $CONN --state-dir st3 >out 2>err &&
	grep -q "wave 1 (1 host, expected 3600s) would not end before the window.s cutoff" err &&
	grep -q "opens again at 2026-12-05T02:00:00+00:00" err &&
	grep -q "crest resume" err &&
	test "$(last_status st3)" = paused &&
	grep -q "\"event\":\"run_paused\".*\"next_open\":\"2026-12-05T02:00:00+00:00\"" st3/runs/*.jsonl &&
	for k in 1 2 3; do test "$(win_file $k)" = v2; done
'

test_expect_success 'a new commit of the playbook is refused while that run is paused' '
	playbook v4 1h && (cd repo && git commit -q -am v4) &&
	CREST_NOW=$NEXT test_expect_code 4 $CREST run rollout.yml --repo repo $CONN --state-dir st3 2>err &&
	grep -q "is paused at commit" err &&
	test "$(last_status st3)" = paused &&
	(cd repo && git reset -q --hard HEAD^)
'

test_expect_success 'resume outside the next window is refused too (exit 5)' '
	run=$(basename "$(ls st3/runs/*.jsonl)" .jsonl) &&
	CREST_NOW=$OUTSIDE test_expect_code 5 $CREST resume "$run" $CONN --state-dir st3 2>err &&
	grep -q "outside window" err
'

test_expect_success 'crest resume in the next window finishes the paused run' '
	run=$(basename "$(ls st3/runs/*.jsonl)" .jsonl) &&
	CREST_NOW=$NEXT $CREST resume "$run" $CONN --state-dir st3 >out 2>err &&
	test "$(ls st3/runs/*.jsonl | wc -l)" = 1 &&
	test "$(last_status st3)" = ok &&
	for k in 1 2 3; do test "$(win_file $k)" = v3; done
'

test_expect_success 'crest run of the same commit continues a paused run' '
	playbook v5 1h && (cd repo && git commit -q -am v5) &&
	CREST_NOW=$LATE test_expect_code 5 $CREST run rollout.yml --repo repo $CONN --state-dir st5 >out 2>err &&
	test "$(last_status st5)" = paused &&
	CREST_NOW=$NEXT $CREST run rollout.yml --repo repo $CONN --state-dir st5 >out 2>err &&
	test "$(ls st5/runs/*.jsonl | wc -l)" = 1 &&
	test "$(last_status st5)" = ok &&
	for k in 1 2 3; do test "$(win_file $k)" = v5; done
'

test_expect_success 'short earlier waves (no wave_timeout) let a wave start just before the cutoff' '
	playbook v6 0 && (cd repo && git commit -q -am v6) &&
	CREST_NOW=2026-11-28T05:29:50Z $CREST run rollout.yml --repo repo $CONN --state-dir st5 >out 2>err &&
	test "$(last_status st5)" = ok
'

test_expect_success 'no wave starts within the cutoff, even without an estimate' '
	playbook v7 0 && (cd repo && git commit -q -am v7) &&
	CREST_NOW=2026-11-28T05:31:00Z test_expect_code 5 $CREST run rollout.yml --repo repo $CONN --state-dir st6 >out 2>err &&
	grep -q "wave 1 (1 host) would start within the cutoff" err &&
	test "$(last_status st6)" = paused
'

test_expect_success 'after crest rollback of the paused run another commit runs' '
	playbook v8 0 && (cd repo && git commit -q -am v8) &&
	CREST_NOW=$NEXT test_expect_code 4 $CREST run rollout.yml --repo repo $CONN --state-dir st6 2>err &&
	grep -q "is paused at commit" err &&
	run=$(basename "$(ls st6/runs/*.jsonl)" .jsonl) &&
	$CREST rollback "$run" $CONN --state-dir st6 >out 2>err &&
	test "$(last_status st6)" = rolled_back &&
	CREST_NOW=$NEXT $CREST run rollout.yml --repo repo $CONN --state-dir st6 >out 2>err &&
	test "$(last_status st6)" = ok &&
	for k in 1 2 3; do test "$(win_file $k)" = v8; done
'

test_expect_success 'a wave running past the end finishes; its late hosts are reported' '
	CREST_NOW=2026-11-28T05:59:58Z test_expect_code 5 $CREST run late.yml --repo repo $CONN --state-dir st7 >out 2>err &&
	grep -q "\"event\":\"window_overrun\",.*\"late_hosts\":\[\"h1\"\]" st7/runs/*.jsonl &&
	grep -q "\"event\":\"task_result\",.*\"status\":\"changed\".*\"host\":\"h1\"" st7/runs/*.jsonl &&
	grep -q "wave 2 (2 hosts) would start outside the window" err &&
	test "$(last_status st7)" = paused
'

test_done
