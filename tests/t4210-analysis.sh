#!/bin/bash
# t4210-analysis: metric gates against a real Prometheus.  The test runs
# Debian's prometheus on a loopback port, scraping a small exporter it runs
# on loopback whose acme_errors gauge is what the canary host h1 holds in
# /srv/acme-errors (read from the host's own /srv, so the rollout itself
# raises it).  A rollout whose errors stay at 0 passes its analysis; one
# whose new version raises the canary's errors fails wave 1 on analysis,
# and the wave is rolled back (checked on the hosts); an http check on a
# URL answering 500 fails too; bad analysis: keys exit 4 at file:line:col.
test_description='analysis: prometheus and http gates'
. "$(dirname "$0")/test-lib.sh"

command -v prometheus >/dev/null || {
	test_skip 'metric gates' 'prometheus is not installed (tests/deps.sh)'
	test_done
}
lab_up 3
CONN="--known-hosts $LAB_DIR/known_hosts --key $LAB_DIR/id_ed25519 --connect-timeout 3"

free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# The exporter: /metrics serves acme_errors from h1's /srv/acme-errors
# (0 when absent); /status answers the code in $TRASH/status.
cat >"$TRASH/exporter.py" <<'PY'
import http.server, subprocess, sys
lab, trash = sys.argv[2], sys.argv[3]
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path == "/metrics":
            r = subprocess.run([lab, "exec", "h1", "cat", "/srv/acme-errors"],
                               capture_output=True, text=True)
            v = r.stdout.strip() if r.returncode == 0 else "0"
            body = ("# TYPE acme_errors gauge\nacme_errors %s\n" % v).encode()
            code = 200
        else:
            code = int(open(trash + "/status").read())
            body = b"status\n"
        self.send_response(code)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *a):
        pass
http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), H).serve_forever()
PY
EXPORTER_PORT=$(free_port)
PROM_PORT=$(free_port)
echo 200 >"$TRASH/status"
python3 "$TRASH/exporter.py" "$EXPORTER_PORT" "$LAB" "$TRASH" &
EXPORTER_PID=$!
cat >"$TRASH/prometheus.yml" <<YML
global: {scrape_interval: 1s, evaluation_interval: 1s}
scrape_configs:
  - job_name: acme
    static_configs: [{targets: ["127.0.0.1:$EXPORTER_PORT"]}]
YML
prometheus --config.file="$TRASH/prometheus.yml" \
	--storage.tsdb.path="$TRASH/tsdb" \
	--web.listen-address="127.0.0.1:$PROM_PORT" >"$TRASH/prometheus.log" 2>&1 &
PROM_PID=$!
stop_servers() {
	kill "$PROM_PID" "$EXPORTER_PID" 2>/dev/null
	wait "$PROM_PID" "$EXPORTER_PID" 2>/dev/null
	test_cleanup
}
trap stop_servers EXIT
PROM="http://127.0.0.1:$PROM_PORT"

# The number of acme_errors Prometheus holds now, or nothing.
prom_errors() {
	curl -fsS "$PROM/api/v1/query?query=acme_errors" |
		python3 -c 'import json,sys; r=json.load(sys.stdin)["data"]["result"]; print(r[0]["value"][1] if r else "")'
}

# Tells whether Prometheus holds acme_errors at $1 (scraped, so up).
prom_errors_are() {
	test "$(prom_errors 2>/dev/null)" = "$1"
}

test_expect_success 'prometheus scrapes the exporter' '
	test_wait_for 60 prom_errors_are 0
'

# A release: its version file and the errors its build makes go to each
# host; the exporter reports the canary's (h1, wave 1 in sorted order).
write_play() {
	cat >"$TRASH/$1.yml" <<PLAY
name: acme $1
hosts: lab
order: sorted
waves: [1, 100%]
pause: 4s
rollback: wave
analysis:
  checks:
    - prometheus: {url: "$PROM", query: "max(acme_errors)", max: 0.5, timeout: 3s}
    - http: {url: "http://127.0.0.1:$EXPORTER_PORT/status", status: 200, timeout: 3s}
  interval: 1s
  failures: 2
tasks:
  - copy: {dest: /srv/acme-version, content: "$1\n"}
  - copy: {dest: /srv/acme-errors, content: "$2\n"}
PLAY
}
write_play good 0
write_play bad 7

test_expect_success 'crest plan says which analyses gate which wave' '
	$CREST plan good.yml -i "$LAB_DIR/inventory" $CONN >plan.out &&
	grep -q "analysis" plan.out &&
	grep -q "max(acme_errors) <= 0.5" plan.out
'

test_expect_success 'a rollout whose analysis passes succeeds' '
	$CREST run good.yml -i "$LAB_DIR/inventory" $CONN --state-dir state --json >good.out &&
	for k in 1 2 3; do
		test "$(lab_exec h$k cat /srv/acme-version)" = good || return 1
	done &&
	grep "\"event\":\"analysis\"" state/runs/*.jsonl >measured &&
	grep -q "\"wave\":1" measured && grep -q "\"wave\":2" measured &&
	! grep -q "\"ok\":false" measured &&
	grep -q "\"value\":0" measured
'

test_expect_success 'crest show lists the measurements' '
	id=$(sed -n "s/.*\"event\":\"run_start\",\"run\":\"\([^\"]*\)\".*/\1/p" good.out | head -n 1) &&
	$CREST show "$id" --state-dir state >show.out &&
	grep -q "analysis 1 prometheus ok" show.out &&
	grep -q "analysis 2 http       ok" show.out
'

test_expect_success 'errors rising after the canary fail wave 1 and roll it back' '
	test_expect_code 2 $CREST run bad.yml -i "$LAB_DIR/inventory" $CONN --state-dir state-bad --json >bad.out 2>bad.err &&
	test "$(lab_exec h1 cat /srv/acme-version)" = good &&
	! lab_exec h1 test -e /srv/acme-errors.new &&
	test "$(lab_exec h1 cat /srv/acme-errors)" = 0 &&
	for k in 2 3; do
		test "$(lab_exec h$k cat /srv/acme-version)" = good || return 1
	done &&
	grep -q "\"event\":\"analysis_failed\",\"wave\":1,\"check\":1" state-bad/runs/*.jsonl &&
	grep "\"event\":\"analysis\"" state-bad/runs/*.jsonl | grep -q "\"value\":7" &&
	grep -q "\"event\":\"rollback_start\",\"wave\":1" state-bad/runs/*.jsonl &&
	! grep -q "\"event\":\"wave_start\",\"wave\":2" state-bad/runs/*.jsonl &&
	grep -q "7 is above max 0.5" bad.out
'

test_expect_success 'an http check answering 500 fails the wave' '
	test_wait_for 20 prom_errors_are 0 &&
	echo 500 >"$TRASH/status" &&
	sed "s/^name: .*/name: acme http/" good.yml | sed "s|content: \"good|content: \"third|" >http.yml &&
	test_expect_code 2 $CREST run http.yml -i "$LAB_DIR/inventory" $CONN --state-dir state-http --json >http.out &&
	grep -q "\"event\":\"analysis_failed\",\"wave\":1,\"check\":2" state-http/runs/*.jsonl &&
	grep -q "HTTP 500, not 200" state-http/runs/*.jsonl &&
	test "$(lab_exec h1 cat /srv/acme-version)" = good &&
	echo 200 >"$TRASH/status"
'

test_expect_success 'bad analysis keys exit 4 at their position' '
	printf "hosts: lab\nanalysis:\n  - prometheus: {url: \"$PROM\", query: up}\ntasks:\n  - command: true\n" >nothr.yml &&
	test_expect_code 4 $CREST validate nothr.yml -i "$LAB_DIR/inventory" 2>e1 &&
	grep -q "nothr.yml:3:17: .*needs a threshold" e1 &&
	printf "hosts: lab\nanalysis:\n  - http: {url: ftp://x/}\ntasks:\n  - command: true\n" >url.yml &&
	test_expect_code 4 $CREST validate url.yml -i "$LAB_DIR/inventory" 2>e2 &&
	grep -q "url.yml:3:17: .*http:// or https://" e2 &&
	printf "hosts: lab\nanalysis:\n  checks: [{http: {url: \"http://x/\"}}]\n  intervl: 1s\ntasks:\n  - command: true\n" >key.yml &&
	test_expect_code 4 $CREST validate key.yml -i "$LAB_DIR/inventory" 2>e3 &&
	grep -q "key.yml:4:3: .*interval" e3
'

test_done
