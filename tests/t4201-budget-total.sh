#!/bin/bash
# t4201-budget-total: max_failures_total stops a rollout where failures
# add up past it although each wave stayed within max_failures; with
# unreachable: skip a stopped host is listed as skipped and the run
# succeeds; with unreachable: fail it counts.
test_description='budgets over the whole run, unreachable: fail | skip'
. "$(dirname "$0")/test-lib.sh"

lab_up 6
CONN="--known-hosts $LAB_DIR/known_hosts --key $LAB_DIR/id_ed25519 --connect-timeout 3"

cat >"$TRASH/total.yml" <<'PLAY'
name: budget over the run
hosts: lab
waves: [2, 2, 100%]
max_failures: 1
max_failures_total: 1
tasks:
  - copy: { dest: /srv/budget, content: "new\n" }
verify:
  - command: test ! -e /srv/fail
PLAY

cat >"$TRASH/skip.yml" <<'PLAY'
name: skip the unreachable
hosts: h1:h2:h3
waves: [1, 100%]
unreachable: skip
tasks:
  - copy: { dest: /srv/skip, content: "new\n" }
PLAY
sed -e "s/unreachable: skip/unreachable: fail/" -e "s|/srv/skip|/srv/fail-policy|" \
	"$TRASH/skip.yml" >"$TRASH/fail.yml"

lab_exec h2 touch /srv/fail
lab_exec h4 touch /srv/fail

test_expect_success 'the total is crossed in wave 2: it is rolled back, wave 3 untouched' '
	rc=0 && $CREST run total.yml -i "$LAB_DIR/inventory" $CONN --forks 1 --state-dir state --json >events || rc=$? &&
	test "$rc" = 2 &&
	grep "\"event\":\"wave_end\"" events | grep "\"wave\":1" | grep -q "\"exceeded\":false" &&
	grep "\"event\":\"wave_end\"" events | grep "\"wave\":2" | grep -q "\"exceeded\":true" &&
	grep "\"event\":\"wave_start\"" events | grep "\"wave\":2" | grep -q "\"max_failures\":0" &&
	! grep "\"event\":\"wave_start\"" events | grep -q "\"wave\":3" &&
	test "$(lab_exec h1 cat /srv/budget)" = new &&
	! lab_exec h2 test -e /srv/budget &&
	! lab_exec h3 test -e /srv/budget &&
	! lab_exec h4 test -e /srv/budget &&
	! lab_exec h5 test -e /srv/budget &&
	! lab_exec h6 test -e /srv/budget &&
	tail -n 1 events | grep -q "\"status\":\"rolled_back\""
'

test_expect_success 'without max_failures_total the same waves hold (exit 1)' '
	grep -v max_failures_total total.yml >per-wave.yml &&
	rc=0 && $CREST run per-wave.yml -i "$LAB_DIR/inventory" $CONN --state-dir state1 --json >events1 || rc=$? &&
	test "$rc" = 1 &&
	test "$(lab_exec h6 cat /srv/budget)" = new
'

test_expect_success 'crest plan shows the total budget and each wave capped by it' '
	$CREST plan total.yml -i "$LAB_DIR/inventory" $CONN >plan &&
	grep -q "failures reach 2 in all" plan &&
	grep -q "^wave 1: 2 hosts, rolled back after 2 failures" plan
'

test_expect_success 'unreachable: skip: a stopped host is skipped, listed, the run succeeds' '
	"$LAB" fault h2 down &&
	# On a terminal (script(1)), where crest prints its recap.
	rc=0 && script -qec "$CREST run skip.yml -i $LAB_DIR/inventory $CONN --state-dir state2" /dev/null >out 2>err || rc=$? &&
	test "$rc" = 0 &&
	grep -q "skipped h2 (unreachable: skip" out &&
	grep "wave 2  h2" out | grep -q skipped &&
	id=$(ls state2/runs) && id=${id%.jsonl} &&
	grep "\"event\":\"host_end\"" state2/runs/$id.jsonl | grep "\"host\":\"h2\"" |
		grep -q "\"status\":\"skipped\"" &&
	$CREST show "$id" --state-dir state2 >show &&
	grep "h2" show | grep -q skipped &&
	test "$(lab_exec h1 cat /srv/skip)" = new &&
	test "$(lab_exec h3 cat /srv/skip)" = new
'

test_expect_success 'unreachable: fail: the stopped host counts, the wave rolls back' '
	rc=0 && $CREST run fail.yml -i "$LAB_DIR/inventory" $CONN --state-dir state3 --json >events3 || rc=$? &&
	test "$rc" = 2 &&
	grep "\"event\":\"host_end\"" events3 | grep "\"host\":\"h2\"" |
		grep -q "\"status\":\"unreachable\"" &&
	! lab_exec h3 test -e /srv/fail-policy &&
	test "$(lab_exec h1 cat /srv/fail-policy)" = new
'

"$LAB" fault h2 up >/dev/null 2>&1
test_done
