#!/bin/bash
# t4220-notify: webhooks and mail from crest.yml's notify:.  A real HTTP
# receiver the test runs on loopback records every request; it can fail
# the first K requests with 500 and answer slowly.  Checked: the chosen
# events arrive as JSON, X-Crest-Signature verifies (HMAC-SHA256 computed
# here with python3), a failed delivery is retried, a slow receiver does
# not hold the run up past the bounded wait, no secret is in a payload,
# the output or the journal, and sendmail -t gets the message.
test_description='notify: webhooks and sendmail'
. "$(dirname "$0")/test-lib.sh"

lab_up 2
CONN="--known-hosts $LAB_DIR/known_hosts --key $LAB_DIR/id_ed25519 --connect-timeout 3"
SECRET=hook-key-5f1e2d3c4b
printf '%s\n' "$SECRET" >"$TRASH/hook.key"

. "$SRC/tests/lib-http-receiver.sh"
trap stop_receivers EXIT

FAST=$(free_port)
SLOW=$(free_port)
start_receiver "$FAST" "$TRASH/fast.log" 2 0
start_receiver "$SLOW" "$TRASH/slow.log" 0 20

cat >"$TRASH/sendmail" <<SH
#!/bin/sh
test "\$1" = -t || exit 64
cat >>"$TRASH/mail.out"
SH
chmod +x "$TRASH/sendmail"

cd "$TRASH"
git init -q -b main repo
cp "$LAB_DIR/inventory" repo/inventory
cat >repo/crest.yml <<YML
inventory: inventory
notify:
  webhooks:
    - url: "http://127.0.0.1:$FAST/hook"
      events: [run_start, wave_end, run_end, rollback, failure]
      secret: {secret_file: $TRASH/hook.key}
      retries: 3
      timeout: 5s
  mail:
    - to: ops@example.test
      from: crest@example.test
      events: [run_end]
      sendmail: $TRASH/sendmail
  wait: 15s
YML
cat >repo/rollout.yml <<'PLAY'
name: notify rollout
hosts: lab
waves: [1, 100%]
tasks:
  - copy: {dest: /srv/notified, content: "v1\n"}
PLAY
(cd repo && git add -A && git commit -q -m v1)

test_expect_success 'a run posts its events, retrying the failed deliveries' '
	(cd repo && $CREST run rollout.yml $CONN --state-dir "$TRASH/state" --json) >run.out &&
	lab_exec h1 test -e /srv/notified && lab_exec h2 test -e /srv/notified &&
	test "$(grep -c "\"code\": 500" fast.log)" = 2 &&
	python3 - fast.log <<-PY
	import json, sys
	reqs = [json.loads(l) for l in open(sys.argv[1])]
	ok = [json.loads(r["body"])["event"] for r in reqs if r["code"] == 200]
	assert ok == ["run_start", "wave_end", "wave_end", "run_end"], ok
	# the first event was tried three times: 500, 500, then 200,
	# each later try after a longer pause (backoff)
	first = [r for r in reqs if json.loads(r["body"])["event"] == "run_start"]
	assert [r["code"] for r in first] == [500, 500, 200], first
	gaps = [first[i + 1]["time"] - first[i]["time"] for i in range(2)]
	assert gaps[0] >= 0.9 and gaps[1] >= 1.8, gaps
	PY
'

test_expect_success 'the signature is HMAC-SHA256 of the body with the secret' '
	python3 - fast.log "$SECRET" <<-PY
	import hashlib, hmac, json, sys
	key = sys.argv[2].encode()
	n = 0
	for line in open(sys.argv[1]):
	    r = json.loads(line)
	    want = "sha256=" + hmac.new(key, r["body"].encode(), hashlib.sha256).hexdigest()
	    assert r["sig"] == want, (r["sig"], want)
	    n += 1
	assert n >= 4
	PY
'

test_expect_success 'a payload names the event, the run and the journal event' '
	grep "\"code\": 200" fast.log | tail -n 1 >last &&
	python3 -c "import json; b=json.loads(json.loads(open(\"last\").read())[\"body\"]); assert b[\"event\"]==\"run_end\" and b[\"journal\"][\"status\"]==\"ok\" and b[\"run\"] and b[\"playbook\"]==\"rollout.yml\", b"
'

test_expect_success 'the secret is in no payload, output or journal' '
	! grep -q "$SECRET" fast.log &&
	! grep -q "$SECRET" run.out &&
	! grep -rq "$SECRET" state
'

test_expect_success 'sendmail -t got the run_end message' '
	grep -q "^To: ops@example.test" mail.out &&
	grep -q "^From: crest@example.test" mail.out &&
	grep -q "^Subject: crest: run_end of run " mail.out &&
	grep -q "\"status\":\"ok\"" mail.out &&
	test "$(grep -c "^Subject:" mail.out)" = 1
'

test_expect_success 'a slow receiver does not hold the run up past the wait' '
	cat >repo/crest.yml <<-YML &&
	inventory: inventory
	notify:
	  webhooks:
	    - url: "http://127.0.0.1:$SLOW/hook"
	      events: [run_start, wave_end, run_end]
	      timeout: 30s
	  wait: 2s
	YML
	(cd repo && git commit -q -am slow) &&
	start=$(date +%s) &&
	(cd repo && $CREST run rollout.yml $CONN --state-dir "$TRASH/state2") >slow.out 2>&1 &&
	took=$(( $(date +%s) - start )) &&
	echo "took ${took}s against a receiver that answers in 20s" &&
	test "$took" -lt 12 &&
	grep -q "not delivered within 2s" slow.out &&
	test -s slow.log
'

test_expect_success 'a webhook nobody answers is a warning, not a failure' '
	dead=$(free_port) &&
	printf "inventory: inventory\nnotify:\n  webhooks:\n    - {url: \"http://127.0.0.1:%s/\", events: [run_end], retries: 1, timeout: 1s}\n" "$dead" >repo/crest.yml &&
	(cd repo && git commit -q -am dead) &&
	(cd repo && $CREST run rollout.yml $CONN --state-dir "$TRASH/state3") >dead.out 2>&1 &&
	grep -q "warning: webhook http://127.0.0.1:$dead/: not delivered after 2 attempts" dead.out
'

test_expect_success 'a bad notify: key exits 4 at its position' '
	printf "inventory: inventory\nnotify:\n  webhooks:\n    - {url: \"http://x/\", events: [run_ends]}\n" >repo/crest.yml &&
	(cd repo && git commit -q -am bad) &&
	(cd repo && test_expect_code 4 $CREST run rollout.yml $CONN --state-dir "$TRASH/state4") 2>bad.err &&
	grep -q "crest.yml:4:.*run_ends.*did you mean .run_end." bad.err
'

test_done
