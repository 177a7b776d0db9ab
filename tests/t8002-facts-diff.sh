#!/bin/bash
# t8002-facts-diff: crest facts taken before a run that upgrades
# acme-agent on h2, between it and its crest rollback, and after: --diff
# shows the upgrade, then the downgrade, against the previous snapshot;
# --diff SNAPSHOT and --diff DURATION pick the snapshot compared with;
# crest history h2 shows the upgrade and its rollback in order.
test_description='crest facts --diff across an upgrade and its rollback'
. "$(dirname "$0")/test-lib.sh"

lab_up 3
CONN="--known-hosts $LAB_DIR/known_hosts --key $LAB_DIR/id_ed25519 --connect-timeout 3"
INV="-i $LAB_DIR/inventory"

# Prints the run id of the run_start event in a --json output file.
run_of() {
	sed -n 's/.*"event":"run_start","run":"\([^"]*\)".*/\1/p' "$1" | head -n 1
}

# Prints h2's installed acme-agent version from outside, or "absent".
version_on() {
	lab_exec "$1" dpkg-query -W -f='${Status} ${Version}\n' acme-agent \
		2>/dev/null | sed -n 's/^install ok installed //p' | grep . ||
		echo absent
}

mkdir -p "$TRASH/repo"
for v in 1.1 2.0; do
	cat >"$TRASH/repo/agent-$v.yml" <<PLAY
name: acme-agent $v
hosts: lab
tasks:
  - package: { name: acme-agent, version: "$v", update_cache: true }
PLAY
done
(cd "$TRASH/repo" && git init -q . && git add agent-1.1.yml agent-2.0.yml &&
	git -c user.name=t -c user.email=t@example.org commit -q -m agents) ||
	exit 1

test_expect_success 'before: 1.1 on every host, facts taken' '
	$CREST run repo/agent-1.1.yml $INV $CONN --state-dir state --json >r1.out &&
	test "$(version_on h2)" = 1.1 &&
	$CREST facts $INV $CONN --state-dir state >/dev/null &&
	ls state/facts/h2 >before && test "$(wc -l <before)" = 1 &&
	sed "s/\.json$//" before >before.name
'

test_expect_success 'between: the upgrade on h2 shows in --diff' '
	sleep 1 &&
	$CREST run repo/agent-2.0.yml $INV --limit h2 $CONN --state-dir state --json >r2.out &&
	run_of r2.out >id2 && test -s id2 &&
	test "$(version_on h2)" = 2.0 &&
	sleep 1 &&
	$CREST facts --diff $INV $CONN --state-dir state >d1 &&
	cat d1 &&
	awk "/^h2:/{p=1;next} /^h[0-9]:/{p=0} p" d1 >d1.h2 &&
	grep -qx "  upgraded acme-agent 1.1 -> 2.0" d1.h2 &&
	test "$(wc -l <d1.h2)" = 1 &&
	awk "/^h1:/{p=1;next} /^h[0-9]:/{p=0} p" d1 >d1.h1 &&
	grep -qx "  no change" d1.h1
'

test_expect_success 'after: the rollback shows as a downgrade' '
	$CREST rollback "$(cat id2)" $CONN --state-dir state >rb.out &&
	test "$(version_on h2)" = 1.1 &&
	sleep 1 &&
	$CREST facts h2 --diff $INV $CONN --state-dir state --json >d2.json &&
	cat d2.json &&
	python3 - d2.json <<\PY
import json, sys
d = json.loads(open(sys.argv[1]).read())
assert d["host"] == "h2"
assert d["downgraded"] == [{"name": "acme-agent", "from": "2.0", "to": "1.1"}], d
assert d["upgraded"] == [] and d["added"] == [] and d["removed"] == [], d
assert d["kernel"] is None and d["os"] is None, d
assert d["from"] < d["to"], d
PY
'

test_expect_success '--diff SNAPSHOT compares with that one: nothing changed since before' '
	$CREST facts h2 --diff "$(cat before.name)" $INV $CONN --state-dir state >d3 &&
	cat d3 &&
	grep -q "^h2: .*$(python3 -c "import json; print(json.load(open(\"state/facts/h2/$(cat before)\"))[\"taken_at\"])") ->" d3 &&
	grep -qx "  no change" d3 &&
	test_expect_code 4 $CREST facts h2 --diff=20000101T000000Z $INV $CONN --state-dir state 2>e &&
	grep -q "no snapshot 20000101T000000Z" e
'

test_expect_success '--diff DURATION: the newest snapshot at least that old' '
	$CREST facts h2 --diff=2s $INV $CONN --state-dir state --json >d4.json &&
	python3 -c "
import json
d = json.loads(open(\"d4.json\").read())
assert d[\"from\"] is not None and d[\"from\"] < d[\"to\"], d
" &&
	$CREST facts h2 --diff 30d $INV $CONN --state-dir state >d5 &&
	cat d5 && grep -q "no earlier snapshot" d5
'

test_expect_success 'history h2 shows the upgrade, then its rollback' '
	$CREST history h2 --state-dir state >h2.out &&
	cat h2.out &&
	grep -n "" h2.out >numbered &&
	up=$(grep "acme-agent 1.1 -> 2.0 (changed), reverted" numbered | cut -d: -f1) &&
	rb=$(grep "rollback task 0: ok (crest rollback" numbered | cut -d: -f1) &&
	test -n "$up" && test -n "$rb" && test "$up" -lt "$rb" &&
	grep -q "acme-agent absent -> 1.1 (changed)$" h2.out
'

test_done
