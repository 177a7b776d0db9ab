#!/bin/bash
# t3003-health.sh - wait_for, check and service on a lab host, driven with
# tests/helpers/module-driver: ports are tested from the host (bash's
# /dev/tcp: the lab hosts have no nc), HTTP statuses with the host's
# curl, paths and commands with retries; none of them changes anything.
# service fails with a clear message, as lab hosts run no systemd.
test_description='wait_for, check, service on a lab host'
. "$(dirname "$0")/test-lib.sh"
. "$SRC/tests/lib-modules.sh"

lab_up 1
# An HTTP server on the lab's loopback net, for the hosts to fetch.
HTTP_ADDR=127.0.$LAB_NET.250
mkdir -p "$TRASH/www" && echo ok >"$TRASH/www/health"
python3 -m http.server --bind "$HTTP_ADDR" --directory "$TRASH/www" 18080 \
	>"$TRASH/http.log" 2>&1 &
HTTP_PID=$!
trap 'kill $HTTP_PID 2>/dev/null; test_cleanup' EXIT

cat >"$PLAYBOOK" <<YML
hosts: all
tasks:
  - wait_for: {port: 22, host: "{{ ansible_host }}", timeout: 5s}
  - wait_for: {port: 1, timeout: 2s}
  - wait_for: {path: /tmp/ready, timeout: 10s}
  - wait_for: {path: /tmp/ready, state: absent, retries: 1, delay: 1}
  - wait_for: {command: "test -e /tmp/ready", retries: 2}
  - check: {http: "http://$HTTP_ADDR:18080/health", retries: 5, delay: 1s}
  - check: {http: "http://$HTTP_ADDR:18080/missing", status: 404}
  - check: {http: "http://$HTTP_ADDR:18080/missing", retries: 1, delay: 0}
  - check: {port: 22, host: "{{ ansible_host }}"}
  - check: {command: "grep -q root /etc/passwd"}
  - service: {name: acme-agent, state: started, enabled: true}
YML

test_expect_success 'wait_for a port that is open: ok, changed 0' '
	drive h1 1 apply >out &&
	test "$(field out error)" = None &&
	test "$(field out changed)" = 0 &&
	field out describe | grep -q "^wait for port 127.0.$LAB_NET.1:22 started"
'

test_expect_success 'wait_for a closed port fails after its tries' '
	test_expect_code 1 drive h1 2 apply >out &&
	test "$(field out error.kind)" = failed &&
	field out error.message | grep -q "port 127.0.0.1:1 started: not after 3 tries"
'

test_expect_success 'wait_for a path that appears later' '
	(sleep 2; "$LAB" exec h1 touch /tmp/ready) &
	drive h1 3 apply >out &&
	wait &&
	test "$(field out error)" = None &&
	lab_exec h1 test -e /tmp/ready
'

test_expect_success 'wait_for absent, and a command, with retries' '
	test_expect_code 1 drive h1 4 apply >out &&
	field out error.message | grep -q "not after 2 tries" &&
	drive h1 5 apply >out && test "$(field out error)" = None
'

test_expect_success 'check: HTTP 200 with retries, and an expected 404' '
	drive h1 6 apply >out &&
	test "$(field out error)" = None &&
	test "$(field out changed)" = 0 &&
	drive h1 7 apply >out && test "$(field out error)" = None
'

test_expect_success 'check: a wrong HTTP status fails' '
	test_expect_code 1 drive h1 8 apply >out &&
	test "$(field out error.kind)" = failed &&
	field out error.message | grep -q "answers 200: not after 2 tries"
'

test_expect_success 'check: a TCP port and a command' '
	drive h1 9 apply >out && test "$(field out error)" = None &&
	drive h1 10 apply >out && test "$(field out error)" = None &&
	test "$(field out describe)" = \
		"check command grep -q root /etc/passwd (0 retries); changes nothing"
'

test_expect_success 'service without systemd fails with a clear message' '
	test_expect_code 1 drive h1 11 apply >out &&
	test "$(field out error.kind)" = failed &&
	field out error.message |
		grep -q "systemd is not running on this host (no /run/systemd/system)"
'

test_done
