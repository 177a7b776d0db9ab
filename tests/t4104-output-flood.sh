#!/bin/bash
# t4104-output-flood: a task floods crest with output (yes(1) for as long
# as its timeout lets it: gigabytes), and a task's channel never closes (a
# child in its own session holds stdout open).  crest's memory stays
# bounded (peak RSS measured from outside by /usr/bin/time), each task ends
# at its timeout saying so, the run goes on as its budget says, and the
# output kept is the bounded tail.
test_description='output floods and channels that never close'
. "$(dirname "$0")/test-lib.sh"

lab_up 3
CONN="--known-hosts $LAB_DIR/known_hosts --key $LAB_DIR/id_ed25519 --connect-timeout 3"

# h1 floods, h2 leaves a child holding its stdout, h3 just goes through;
# the budget tolerates two failed hosts.
cat >"$TRASH/flood.yml" <<'PLAY'
name: flood
hosts: lab
max_failures: 2
tasks:
  - shell:
      cmd: "if [ {{ inventory_hostname }} = h1 ]; then exec yes crest-flood-line; fi"
      timeout: 12s
    rollback: "true"
  - shell:
      cmd: "if [ {{ inventory_hostname }} = h2 ]; then setsid sh -c 'echo $$ >/srv/holder.pid; exec sleep 3600' & fi; echo started"
      timeout: 2s
    rollback: "true"
  - copy: { dest: /srv/done, content: "done\n" }
PLAY

# Prints field $3 of task $2's task_result for host $1 in journal "journal".
result() {
	jq -r --arg h "$1" --argjson t "$2" \
		'select(.event == "task_result" and .host == $h and .task == $t) | .'"$3" \
		"$(cat journal)"
}

test_expect_success 'the flood and the open channel end at their timeouts' '
	/usr/bin/time -v -o time.log $CREST run flood.yml -i "$LAB_DIR/inventory" $CONN --state-dir state --json >events 2>err &
	tpid=$! &&
	rc=0 && wait $tpid || rc=$? &&
	cat err &&
	test "$rc" = 1 &&
	ls state/runs/*.jsonl >journal &&
	test "$(result h1 0 error_kind)" = timeout &&
	result h1 0 error | grep -q "timed out after 12 s" &&
	test "$(result h2 1 error_kind)" = timeout &&
	result h2 1 error | grep -q "timed out after 2 s" &&
	tail -n 1 events | grep -q "\"event\":\"run_end\",\"status\":\"failed\"" &&
	lab_exec h3 test -e /srv/done &&
	! lab_exec h1 test -e /srv/done &&
	! lab_exec h2 test -e /srv/done
'

# ASan's quarantine and shadow memory hold freed buffers for a while, so a
# sanitizer build (make check) gets a larger bound; gigabytes kept in
# memory would still cross it many times over.
rss_max=204800
test "${SANITIZE:-0}" = 1 && rss_max=1048576

test_expect_success 'gigabytes went through, memory stayed bounded (200 MB; 1 GB under ASan)' '
	bytes=$(result h1 0 stdout_bytes) &&
	echo "h1 sent $bytes bytes" &&
	test "$bytes" -gt 1000000000 &&
	test "$(result h1 0 stdout_cut)" = true &&
	rss=$(sed -n "s/.*Maximum resident set size (kbytes): //p" time.log) &&
	echo "peak RSS $rss kB" &&
	test "$rss" -lt $rss_max
'

test_expect_success 'the journal keeps the bounded tail of the flood' '
	out=$(result h1 0 stdout) &&
	test "${#out}" -le 2048 &&
	test "${#out}" -gt 1000 &&
	echo "$out" | grep -qx crest-flood-line &&
	test -z "$(echo "$out" | grep -vx crest-flood-line | grep -v "^[a-z-]*$")" &&
	test "$(result h2 1 stdout)" = started
'

test_expect_success 'the child that held the channel is stopped from outside' '
	holder=$(lab_exec h2 cat /srv/holder.pid) &&
	lab_exec h2 kill "$holder"
'

test_done
