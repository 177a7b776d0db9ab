#!/bin/bash
# t7300-timer: crest timer, the built-in timer for hosts without systemd:
# --once starts a due run inside the window and refuses (exit 5, saying
# when it opens) outside; the loop waits for the next opening and runs.
# The clock is injected through CREST_NOW.
test_description='crest timer'
. "$(dirname "$0")/test-lib.sh"

export GIT_AUTHOR_NAME=Alice GIT_AUTHOR_EMAIL=alice@example.com
export GIT_COMMITTER_NAME=Alice GIT_COMMITTER_EMAIL=alice@example.com
export GIT_CONFIG_NOSYSTEM=1 HOME=$TRASH

lab_up 2
CONN="--known-hosts $LAB_DIR/known_hosts --key $LAB_DIR/id_ed25519 --connect-timeout 3"

cd "$TRASH"
git init -q -b main repo
cp "$LAB_DIR/inventory" repo/inventory
cat >repo/crest.yml <<'YML'
inventory: inventory
windows:
  nightly:
    calendar: "*-*-* 02:00 UTC"
    duration: 2h
YML
cat >repo/marker.yml <<'PLAY'
hosts: lab
window: nightly
tasks:
  - copy: { dest: /srv/timer, content: "ran\n" }
PLAY
git -C repo add . && git -C repo commit -qm "timer playbook"

test_expect_success 'timer --once outside the window exits 5 and says when it opens' '
	cd repo &&
	test_expect_code 5 env CREST_NOW=2026-11-23T12:00:00Z $CREST timer marker.yml --window nightly --once $CONN --state-dir ../state >../out &&
	grep -q "window nightly is closed; it opens at 2026-11-24T02:00:00" ../out &&
	! lab_exec h1 test -e /srv/timer
'

test_expect_success 'timer --once inside the window starts the due run' '
	cd repo &&
	CREST_NOW=2026-11-24T02:10:00Z $CREST timer marker.yml --window nightly --once $CONN --state-dir ../state >../out2 &&
	test "$(lab_exec h1 cat /srv/timer)" = ran &&
	test "$(lab_exec h2 cat /srv/timer)" = ran &&
	ls ../state/runs/*.jsonl >/dev/null
'

test_expect_success 'the timer loop waits for the opening, runs, and stops on SIGTERM' '
	for k in 1 2; do lab_exec h$k rm -f /srv/timer; done &&
	cd repo &&
	(CREST_NOW=2026-11-24T01:59:58Z timeout 120 $CREST timer marker.yml --window nightly $CONN --state-dir ../state2 >../out3 2>&1 &
	 echo $! >../timer.pid) &&
	test_wait_for 30 lab_exec h2 test -e /srv/timer &&
	test_wait_for 10 grep -q "it opens at 2026-11-25T02:00:00" ../out3 &&
	kill -TERM $(cat ../timer.pid) &&
	test_wait_for 10 sh -c "! kill -0 $(cat ../timer.pid) 2>/dev/null"
'

test_expect_success 'an unknown window is refused with exit 4' '
	cd repo &&
	test_expect_code 4 $CREST timer marker.yml --window nigthly --once $CONN 2>../err &&
	grep -q "nightly" ../err
'

test_done
