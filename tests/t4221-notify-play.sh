#!/bin/bash
# t4221-notify-play: a play's own notify: (docs/running.md,
# "Notifications"), with two real HTTP receivers on loopback that the
# test runs: the play's webhook and crest.yml's both receive the run's
# events, each filtered by its own events: list; the play's HMAC secret is
# taken from an environment variable (secret_env), never in a payload,
# the output or the journal, and a run without it exits 4 before
# anything.  The play's notify: comes back on resume (crest approve of a
# run paused for approval delivers its last waves and run_end), and crest
# abort of a paused run delivers the rollback and the run's end with the
# rolled_back status, as a failed wave would.  crest validate refuses a
# bad notify: in a play and in crest.yml at file:line:column (exit 4).
test_description='notify: in a play, with crest.yml, approve, abort and validate'
. "$(dirname "$0")/test-lib.sh"

lab_up 2
CONN="--known-hosts $LAB_DIR/known_hosts --key $LAB_DIR/id_ed25519 --connect-timeout 3"
KEY=play-hook-key-71c0ffee
export CREST_T4221_KEY=$KEY

. "$SRC/tests/lib-http-receiver.sh"
trap stop_receivers EXIT
# What a log received: "EVENT[:STATUS]" per line, STATUS the journal
# event's, in the order of arrival.
cat >"$TRASH/events.py" <<'PY'
import json, sys
for line in open(sys.argv[1]):
    b = json.loads(json.loads(line)["body"])
    s = b["journal"].get("status")
    print(b["event"] + (":" + s if s else ""))
PY
events() { python3 "$TRASH/events.py" "$1" | tr '\n' ' '; }

PLAYPORT=$(free_port)
YMLPORT=$(free_port)
start_receiver "$PLAYPORT" "$TRASH/play.log" 0 0
start_receiver "$YMLPORT" "$TRASH/yml.log" 0 0

cd "$TRASH"
git init -q -b main repo
cp "$LAB_DIR/inventory" repo/inventory
cat >repo/crest.yml <<YML
inventory: inventory
notify:
  webhooks:
    - url: "http://127.0.0.1:$YMLPORT/yml"
      events: [run_start, run_end, rollback]
YML
cat >repo/rollout.yml <<PLAY
name: play notify
hosts: lab
waves: [1, 100%]
notify:
  webhooks:
    - url: "http://127.0.0.1:$PLAYPORT/play"
      events: [run_start, wave_end, rollback, pause, failure, run_end]
      secret: {secret_env: CREST_T4221_KEY}
  wait: 10s
tasks:
  - copy: {dest: /srv/n2, content: "new {{ inventory_hostname }}\n"}
PLAY
sed -e 's/^name: play notify/name: gated notify/' -e 's/^waves: .*/&\npause: approval/' \
	repo/rollout.yml >repo/gated.yml
(cd repo && git add -A && git commit -q -m v1)
for k in 1 2; do lab_exec h$k sh -c "echo old-h$k >/srv/n2"; done

test_expect_success 'without its secret_env the run exits 4 at the play, before anything' '
	rc=0 && (cd repo && env -u CREST_T4221_KEY $CREST run rollout.yml $CONN --state-dir "$TRASH/s0") >o0 2>e0 || rc=$? &&
	test "$rc" = 4 &&
	grep -q "rollout.yml:8:28: secret_env CREST_T4221_KEY is not set" e0 &&
	! ls s0/runs/*.jsonl 2>/dev/null &&
	test "$(lab_exec h1 cat /srv/n2)" = old-h1 &&
	! test -s play.log && ! test -s yml.log
'

test_expect_success 'the play'"'"'s webhook and crest.yml'"'"'s each get their events' '
	(cd repo && $CREST run rollout.yml $CONN --state-dir "$TRASH/s1" --json) >run.out &&
	test "$(lab_exec h1 cat /srv/n2)" = "new h1" &&
	test "$(lab_exec h2 cat /srv/n2)" = "new h2" &&
	test "$(events play.log)" = "run_start wave_end wave_end run_end:ok " &&
	test "$(events yml.log)" = "run_start run_end:ok " &&
	grep -q "\"path\": \"/play\"" play.log && grep -q "\"path\": \"/yml\"" yml.log
'

test_expect_success 'the play'"'"'s deliveries are signed with the secret from the environment' '
	python3 - play.log "$KEY" <<-PY
	import hashlib, hmac, json, sys
	key = sys.argv[2].encode()
	n = 0
	for line in open(sys.argv[1]):
	    r = json.loads(line)
	    want = "sha256=" + hmac.new(key, r["body"].encode(), hashlib.sha256).hexdigest()
	    assert r["sig"] == want, (r["sig"], want)
	    n += 1
	assert n == 4, n
	PY
	! grep -q "sha256=" yml.log
'

test_expect_success 'the secret is in no payload, output or journal' '
	! grep -q "$KEY" play.log yml.log run.out &&
	! grep -rq "$KEY" s1
'

test_expect_success 'a run paused for approval notifies the pause; crest approve delivers the rest' '
	: >play.log && : >yml.log &&
	for k in 1 2; do lab_exec h$k sh -c "echo old-h$k >/srv/n2"; done &&
	rc=0 && (cd repo && $CREST run gated.yml $CONN --state-dir "$TRASH/s2") >o2 2>e2 || rc=$? &&
	test "$rc" = 5 &&
	test "$(events play.log)" = "run_start wave_end pause:paused run_end:paused " &&
	test "$(events yml.log)" = "run_start run_end:paused " &&
	test "$(lab_exec h2 cat /srv/n2)" = old-h2 &&
	id=$(ls s2/runs) && id=${id%.jsonl} &&
	: >play.log && : >yml.log &&
	(cd repo && $CREST approve "$id" --comment go $CONN --state-dir "$TRASH/s2") >o3 2>e3 &&
	test "$(lab_exec h2 cat /srv/n2)" = "new h2" &&
	test "$(events play.log)" = "wave_end run_end:ok " &&
	test "$(events yml.log)" = "run_end:ok "
'

test_expect_success 'crest abort of a paused run notifies the rollback and the rolled_back end' '
	for k in 1 2; do lab_exec h$k sh -c "echo old-h$k >/srv/n2"; done &&
	rc=0 && (cd repo && $CREST run gated.yml $CONN --state-dir "$TRASH/s3") >o4 2>e4 || rc=$? &&
	test "$rc" = 5 && test "$(lab_exec h1 cat /srv/n2)" = "new h1" &&
	id=$(ls s3/runs) && id=${id%.jsonl} &&
	: >play.log && : >yml.log &&
	rc=0 && (cd repo && $CREST abort "$id" --comment "looks wrong" $CONN --state-dir "$TRASH/s3") >o5 2>e5 || rc=$? &&
	test "$rc" = 2 &&
	test "$(lab_exec h1 cat /srv/n2)" = old-h1 &&
	test "$(lab_exec h2 cat /srv/n2)" = old-h2 &&
	test "$(events play.log)" = "rollback failure:rolled_back run_end:rolled_back " &&
	test "$(events yml.log)" = "rollback run_end:rolled_back " &&
	python3 - play.log "$id" <<-PY
	import json, sys
	b = [json.loads(json.loads(l)["body"]) for l in open(sys.argv[1])]
	assert all(x["run"] == sys.argv[2] for x in b), b
	assert b[0]["journal"]["event"] == "rollback_start" and b[0]["journal"]["wave"] == 1, b[0]
	PY
	tail -n 1 s3/runs/$id.jsonl | grep -q "\"status\":\"rolled_back\""
'

test_expect_success 'crest validate refuses a bad notify: in a play at file:line:column' '
	cat >repo/bad.yml <<-PLAY &&
	hosts: lab
	notify:
	  webhooks:
	    - url: "http://127.0.0.1:1/x"
	      events: [run_start, wave_ends]
	    - url: "http://127.0.0.1:1/y"
	      secret: {secret: inline-secret}
	tasks:
	  - command: "true"
	PLAY
	(cd repo && test_expect_code 4 $CREST validate bad.yml) 2>v1 &&
	grep -q "bad.yml:5:27: .wave_ends. is not an event.*did you mean .wave_end.?" v1 &&
	sed -i "s/wave_ends/wave_end/" repo/bad.yml &&
	(cd repo && test_expect_code 4 $CREST validate bad.yml) 2>v2 &&
	grep -q "bad.yml:7:15: a play.s webhook secret is given by reference" v2 &&
	! grep -q inline-secret v2 &&
	sed -i "s/{secret: inline-secret}/{secret_env: 9LIVES}/" repo/bad.yml &&
	(cd repo && test_expect_code 4 $CREST validate bad.yml) 2>v3 &&
	grep -q "bad.yml:7:28: .secret_env. must name an environment variable" v3 &&
	sed -i "s|{secret_env: 9LIVES}|{secret_env: HOOK}|; s|http://127.0.0.1:1/y|ftp://127.0.0.1/y|" repo/bad.yml &&
	(cd repo && test_expect_code 4 $CREST validate bad.yml) 2>v4 &&
	grep -q "bad.yml:6:12: .url. must be an http:// or https:// URL, not ftp://127.0.0.1/y" v4 &&
	sed -i "s|ftp://127.0.0.1/y|http://127.0.0.1:1/y|" repo/bad.yml &&
	(cd repo && $CREST validate bad.yml) >v5 &&
	grep -q "bad.yml: ok" v5
'

test_expect_success 'crest validate and crest run refuse a bad notify: in crest.yml likewise' '
	cat >>repo/crest.yml <<-YML &&
	    - url: "http://127.0.0.1:$YMLPORT/two"
	      retries: 20
	YML
	(cd repo && test_expect_code 4 $CREST validate rollout.yml) >o6 2>v6 &&
	! grep -q ": ok" o6 &&
	grep -q "^crest validate: crest.yml:7:16: .retries. must be a count from 0 to 10" v6 &&
	(test_expect_code 4 $CREST validate repo/rollout.yml) 2>v7 &&
	grep -q "repo/crest.yml:7:16: .retries. must be" v7 &&
	rm -f repo/bad.yml &&
	(cd repo && git commit -q -am bad-retries) &&
	: >play.log && : >yml.log &&
	(cd repo && test_expect_code 4 $CREST run rollout.yml $CONN --state-dir "$TRASH/s4") 2>e6 &&
	grep -q "crest.yml:7:16: .retries. must be" e6 &&
	! ls s4/runs/*.jsonl 2>/dev/null && ! test -s play.log
'

test_done
