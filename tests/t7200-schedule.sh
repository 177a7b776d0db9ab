#!/bin/bash
# t7200-schedule: crest schedule install writes a .service and a .timer
# that systemd-analyze verify accepts, list shows them, remove deletes
# them, and "schedule next NAME" prints a window's openings exactly as
# systemd-analyze calendar does.  No test host is needed.
test_description='crest schedule: systemd timers of maintenance windows'
. "$(dirname "$0")/test-lib.sh"

cd "$TRASH"
mkdir repo
cat >repo/crest.yml <<'YML'
inventory: hosts.ini
windows:
  weekend:
    calendar: "Sat *-*-* 02:00"
    timezone: Europe/Berlin
    duration: 4h
    cutoff: 30m
  patchday:
    calendar: "Tue *-*-08..14 22:00 UTC"
    duration: 3h
  nightly:
    calendar: daily
    duration: 90m
YML
printf '[lab]\nh1 ansible_host=127.0.0.1\n' >repo/hosts.ini
printf 'name: x\nhosts: lab\ntasks:\n  - command: "true"\n' >repo/agent.yml
mkdir repo/playbooks
cp repo/agent.yml repo/playbooks/db.yml
cp -r repo plain
git -C repo init -q -b main && git -C repo add -A &&
	git -C repo -c user.name=t -c user.email=t@example.org commit -q -m init

test_expect_success 'install writes a service and a timer with absolute paths' '
	$CREST schedule install agent.yml --window weekend --repo repo \
		--unit-dir units --state-dir state >out 2>err &&
	test -f units/crest-agent.service && test -f units/crest-agent.timer &&
	grep -q "^ExecStart=/.*/crest run agent.yml --repo $TRASH/repo --state-dir $TRASH/state$" units/crest-agent.service &&
	grep -q "^OnCalendar=Sat \*-\*-\* 02:00:00 Europe/Berlin$" units/crest-agent.timer &&
	grep -q "^Persistent=true$" units/crest-agent.timer &&
	grep -q "^AccuracySec=1s$" units/crest-agent.timer &&
	grep -q "^Unit=crest-agent.service$" units/crest-agent.timer &&
	grep -q "systemctl daemon-reload && systemctl enable --now crest-agent.timer" out
'

test_expect_success 'the units pass systemd-analyze verify' '
	systemd-analyze verify units/crest-agent.service units/crest-agent.timer
'

test_expect_success 'a playbook in a directory, a ref and an inventory' '
	$CREST schedule install playbooks/db.yml --window patchday --repo repo \
		--ref main -i repo/hosts.ini --unit-dir units --state-dir state >out &&
	grep -q -- "--ref main -i $TRASH/repo/hosts.ini" units/crest-playbooks-db.service &&
	systemd-analyze verify units/crest-playbooks-db.service units/crest-playbooks-db.timer
'

test_expect_success 'an unknown window is refused (exit 4) with a did-you-mean' '
	test_expect_code 4 $CREST schedule install agent.yml --window weekedn \
		--repo repo --unit-dir units2 2>err &&
	grep -q "did you mean .weekend.?" err &&
	! test -d units2
'

test_expect_success 'a timer that could never run is refused (exit 4), nothing written' '
	test_expect_code 4 $CREST schedule install agent.yml --window weekend \
		--repo plain --unit-dir units3 --state-dir state 2>err &&
	grep -q "plain" err && ! test -d units3 &&
	test_expect_code 4 $CREST schedule install agent.yml --window weekend \
		--repo repo --ref no-such-branch --unit-dir units3 \
		--state-dir state 2>err &&
	grep -q "no-such-branch" err && ! test -d units3 &&
	test_expect_code 4 $CREST schedule install nope.yml --window weekend \
		--repo repo --unit-dir units3 --state-dir state 2>err &&
	grep -q "nope.yml" err && ! test -d units3
'

test_expect_success 'list shows the timers, their next opening and last run' '
	CREST_NOW=2026-11-25T12:00:00Z $CREST schedule list --unit-dir units >out &&
	grep -q "^crest-agent.timer  *weekend  *2026-11-28T02:00:00+01:00  *none$" out &&
	grep -q "^crest-playbooks-db.timer  *patchday  *2026-12-08T22:00:00+00:00  *none$" out
'

test_expect_success 'remove deletes both units' '
	$CREST schedule remove playbooks/db.yml --unit-dir units >out &&
	! test -f units/crest-playbooks-db.timer &&
	! test -f units/crest-playbooks-db.service &&
	test -f units/crest-agent.timer &&
	test_expect_code 4 $CREST schedule remove playbooks/db.yml --unit-dir units 2>err
'

# Compares "crest schedule next NAME" with systemd-analyze from a base.
compare_window() {
	local name=$1 expr=$2 base=$3
	systemd-analyze calendar --iterations=12 --base-time="@$base" "$expr" >sa.out &&
	if grep -q "(in UTC):" sa.out; then
		sed -n "s/^ *(in UTC): //p" sa.out
	else
		sed -n -E "s/^ *(Next elapse|Iter\. #[0-9]+): //p" sa.out
	fi | date -u -f - +%s >want &&
	(cd repo && $CREST schedule next "$name" -n 12 --after "@$base") >next.out &&
	date -u -f - +%s <next.out >got &&
	test "$(wc -l <got)" = 12 &&
	cmp want got
}

test_expect_success 'schedule next NAME equals systemd-analyze calendar' '
	base=$(date -u -d 2026-03-01T00:00:00Z +%s) &&
	compare_window weekend "Sat *-*-* 02:00 Europe/Berlin" $base &&
	compare_window patchday "Tue *-*-08..14 22:00 UTC" $base &&
	compare_window nightly "daily" $base
'

test_expect_success 'schedule next prints ISO 8601 with the zone' '
	(cd repo && $CREST schedule next weekend -n 2 --after 2026-03-21T03:00:00+01:00) >out &&
	printf "2026-03-28T02:00:00+01:00\n2026-04-04T02:00:00+02:00\n" >want &&
	cmp want out
'

test_expect_success 'schedule next of an unknown window exits 4' '
	(cd repo && test_expect_code 4 $CREST schedule next weeknd) 2>err &&
	grep -q "did you mean .weekend.?" err
'

test_done
