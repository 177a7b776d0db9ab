#!/bin/bash
# t8000-history: crest history HOST reads every run that touched a host
# from the journals, newest first: a run installing acme-agent 1.0, a run
# upgrading it to 2.0, and crest rollback of that run, with the commit,
# the change before -> after and the rollback; --json keys stay as
# docs/facts.md lists them; an unknown host is bad input (exit 4).
test_description='crest history from the journals'
. "$(dirname "$0")/test-lib.sh"

lab_up 3
CONN="--known-hosts $LAB_DIR/known_hosts --key $LAB_DIR/id_ed25519 --connect-timeout 3"

# Prints the run id of the run_start event in a --json output file.
run_of() {
	sed -n 's/.*"event":"run_start","run":"\([^"]*\)".*/\1/p' "$1" | head -n 1
}

# Prints host's installed acme-agent version, or "absent".
version_on() {
	lab_exec "$1" dpkg-query -W -f='${Status} ${Version}\n' acme-agent \
		2>/dev/null | sed -n 's/^install ok installed //p' | grep . ||
		echo absent
}

mkdir -p "$TRASH/repo"
for v in 1.0 2.0; do
	cat >"$TRASH/repo/agent-$v.yml" <<PLAY
name: acme-agent $v
hosts: lab
tasks:
  - package: { name: acme-agent, version: "$v", update_cache: true }
  - copy: { dest: /srv/agent.conf, content: "version $v\n" }
PLAY
done
(cd "$TRASH/repo" && git init -q . && git add agent-1.0.yml agent-2.0.yml &&
	git -c user.name=t -c user.email=t@example.org commit -q -m agents) ||
	exit 1

test_expect_success 'install 1.0, upgrade to 2.0, roll the upgrade back' '
	$CREST run repo/agent-1.0.yml -i "$LAB_DIR/inventory" $CONN --state-dir state --json >r1.out &&
	run_of r1.out >id1 && test -s id1 &&
	sleep 1 &&
	$CREST run repo/agent-2.0.yml -i "$LAB_DIR/inventory" $CONN --state-dir state --json >r2.out &&
	run_of r2.out >id2 && test -s id2 &&
	test "$(version_on h2)" = 2.0 &&
	$CREST rollback "$(cat id2)" $CONN --state-dir state >rb.out &&
	test "$(version_on h2)" = 1.0 &&
	test "$(lab_exec h2 cat /srv/agent.conf)" = "version 1.0"
'

test_expect_success 'history h2 lists both runs newest first, with the changes' '
	$CREST history h2 --state-dir state >h2.out && cat h2.out &&
	grep "^[0-9]" h2.out >heads &&
	test "$(wc -l <heads)" = 2 &&
	head -n 1 heads | grep -q "$(cat id2)" &&
	tail -n 1 heads | grep -q "$(cat id1)" &&
	commit=$(git -C repo rev-parse HEAD | cut -c1-12) &&
	grep -q "commit $commit .*agent-2.0.yml" heads &&
	grep -q "acme-agent 1.0 -> 2.0 (changed), reverted" h2.out &&
	grep -q "acme-agent absent -> 1.0 (changed)$" h2.out &&
	grep -q "copy: /srv/agent.conf" h2.out &&
	grep -q "rollback task 0: ok (crest rollback 20" h2.out &&
	grep -q "rollback task 1: ok (crest rollback 20" h2.out &&
	awk "/$(cat id1)/{p=1} p&&/rollback/" h2.out >old-rb &&
	! test -s old-rb
'

test_expect_success '--json: one object per run, documented keys' '
	$CREST history h2 --state-dir state --json >h2.json &&
	python3 - h2.json "$(cat id1)" "$(cat id2)" "$(git -C repo rev-parse HEAD)" <<\PY
import json, sys
path, id1, id2, commit = sys.argv[1:]
runs = [json.loads(l) for l in open(path)]
assert [r["run"] for r in runs] == [id2, id1], runs
keys = {"run", "time", "commit", "git", "playbook", "user", "status",
        "changes", "rollbacks"}
for r in runs:
    assert set(r) == keys, set(r) ^ keys
    assert r["commit"] == commit and r["status"] == "changed"
    for c in r["changes"]:
        assert set(c) == {"task", "name", "module", "change", "status",
                          "reverted"}, c
new, old = runs
assert new["changes"][0]["change"] == "acme-agent 1.0 -> 2.0"
assert new["changes"][0]["reverted"] is True
assert old["changes"][0]["change"] == "acme-agent absent -> 1.0"
assert old["changes"][0]["reverted"] is False and old["rollbacks"] == []
assert {r["task"] for r in new["rollbacks"]} == {0, 1}
for r in new["rollbacks"]:
    assert set(r) == {"task", "status", "error", "time", "rollback_run"}
    assert r["status"] == "ok" and r["rollback_run"] > new["time"]
PY
'

test_expect_success 'every host has its own history; h1 too' '
	$CREST history h1 --state-dir state >h1.out &&
	test "$(grep -c "^[0-9]" h1.out)" = 2 &&
	! grep -q "h2" h1.out
'

test_expect_success 'an unknown host is bad input, and it says so' '
	test_expect_code 4 $CREST history h9 --state-dir state 2>err &&
	grep -q "unknown host .h9." err
'

test_done
