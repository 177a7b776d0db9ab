#!/bin/bash
# t4300-shard: --shard K/N cuts a run into independent runs over a fixed
# hash of the host names.  Two shards of one playbook run at the same time
# (each its own run id, journal and lock) while a second run of the same
# shard, or a run of every host, is refused; every host is changed by
# exactly one shard; crest runs shows the shards of a rollout together,
# also read from two state directories (two controllers); rollback and
# resume of one shard touch only its hosts; a bad --shard exits 4 and
# changes nothing.
test_description='--shard K/N: independent shards of one rollout'
. "$(dirname "$0")/test-lib.sh"

lab_up 6
CONN="--known-hosts $LAB_DIR/known_hosts --key $LAB_DIR/id_ed25519 --connect-timeout 3"
INV="-i $LAB_DIR/inventory"

# The hosts of shard $1 of $2, computed apart from crest: FNV-1a 64 of the
# name, mod N, is K-1 (docs/scaling.md).
shard_hosts() {
	python3 - "$1" "$2" <<'PY'
import sys
k, n = int(sys.argv[1]), int(sys.argv[2])
for i in range(1, 7):
    h = 0xcbf29ce484222325
    for b in ("h%d" % i).encode():
        h = ((h ^ b) * 0x100000001b3) % 2**64
    if h % n == k - 1:
        print("h%d" % i)
PY
}

# Prints the version dpkg has of acme-agent on a host, or "absent".
version_on() {
	lab_exec "$1" dpkg-query -W -f='${Status} ${Version}\n' acme-agent \
		2>/dev/null | sed -n 's/^install ok installed //p' | grep . ||
		echo absent
}

# Prints the run id of the run_start event in a --json output file.
run_of() {
	sed -n 's/.*"event":"run_start","run":"\([^"]*\)".*/\1/p' "$1" | head -n 1
}

# Prints the hosts a journal ended, sorted, one a line.
hosts_of() {
	sed -n 's/.*"event":"host_end".*"host":"\([^"]*\)".*/\1/p' "$1" | sort -u
}

cat >"$TRASH/agent1.yml" <<'PLAY'
name: acme-agent 1.0
hosts: lab
waves: [1, 100%]
pause: 3s
tasks:
  - package: { name: acme-agent, version: "1.0" }
PLAY

cat >"$TRASH/agent2.yml" <<'PLAY'
name: acme-agent 2.0
hosts: lab
waves: [1, 100%]
tasks:
  - package: { name: acme-agent, version: "2.0" }
PLAY

cat >"$TRASH/files.yml" <<'PLAY'
name: a marker file
hosts: lab
waves: [1, 100%]
pause: 4s
tasks:
  - copy: { dest: /srv/shard-marker, content: "{{ inventory_hostname }}\n" }
PLAY

cat >"$TRASH/two.yml" <<'PLAY'
- name: h1 alone
  hosts: h1
  tasks:
    - copy: { dest: /srv/two-plays, content: "h1 alone\n" }
- name: every host
  hosts: lab
  tasks:
    - copy: { dest: /srv/two-plays, content: "every host\n" }
PLAY

shard_hosts 1 2 >"$TRASH/s1" && shard_hosts 2 2 >"$TRASH/s2"

test_expect_success 'the lab hosts fall 3 and 3 into 2 shards' '
	test "$(cat s1 | tr "\n" " ")" = "h1 h3 h5 " &&
	test "$(cat s2 | tr "\n" " ")" = "h2 h4 h6 "
'

test_expect_success 'a bad --shard exits 4 naming the option, changes nothing' '
	for v in 0/3 4/3 a/b 1/0 1/ 2; do
		test_expect_code 4 $CREST run agent1.yml $INV $CONN --state-dir bad --shard "$v" >out 2>err &&
		grep -q -- "--shard: .$v." err || return 1
	done &&
	test_expect_code 4 $CREST run agent1.yml $INV $CONN --state-dir bad --shard 0/3 2>err &&
	grep -qx "crest run: --shard: .0/3.: K must be from 1 to N (3)" err &&
	test_expect_code 4 $CREST run agent1.yml $INV $CONN --state-dir bad --shard 1/0 2>err &&
	grep -q "N must be from 1" err &&
	test_expect_code 4 $CREST run agent1.yml $INV $CONN --state-dir bad --shard a/b 2>err &&
	grep -q "is not K/N" err &&
	test_expect_code 4 $CREST run agent1.yml $INV $CONN --state-dir bad --rollout r1 2>err &&
	grep -q "give --shard K/N too" err &&
	test_expect_code 4 $CREST plan agent1.yml $INV $CONN --state-dir bad --shard 3/2 2>err &&
	test_expect_code 4 $CREST exec lab $INV $CONN --shard 9/2 -- true 2>err &&
	grep -q -- "--shard" err &&
	test -z "$(ls bad/runs 2>/dev/null)" &&
	for k in 1 2 3 4 5 6; do
		test "$(version_on h$k)" = absent || return 1
	done
'

test_expect_success 'a play with no host in the shard runs nothing; the next play runs' '
	$CREST run two.yml $INV $CONN --state-dir two --shard 2/2 --json >two.out &&
	grep "\"event\":\"play_start\"" two.out >plays &&
	grep -q "\"play\":1,.*\"hosts\":0,\"waves\":0" plays &&
	grep -q "\"play\":2,.*\"hosts\":3,\"waves\":1" plays &&
	tail -n 1 two.out | grep -q "\"event\":\"run_end\",\"status\":\"ok\"" &&
	for h in $(cat s2); do
		test "$(lab_exec $h cat /srv/two-plays)" = "every host" || return 1
	done &&
	for h in $(cat s1); do
		! lab_exec $h test -e /srv/two-plays || return 1
	done
'

test_expect_success 'crest plan and crest exec take --shard too' '
	$CREST exec lab $INV $CONN --shard 1/2 -- hostname >ex &&
	for h in h1 h3 h5; do grep -qx "$h" ex || return 1; done &&
	! grep -qx "h[246]" ex &&
	$CREST plan agent1.yml $INV $CONN --state-dir plan --shard 2/2 >plan.out &&
	for h in h2 h4 h6; do grep -qw "$h" plan.out || return 1; done &&
	! grep -qw "h[135]" plan.out
'

test_expect_success 'two shards run at once; a second run of a shard, or of all, is refused' '
	$CREST run agent1.yml $INV $CONN --state-dir state --shard 1/2 --rollout agent-1.0 --json >a.out 2>a.err &
	pa=$!
	$CREST run agent1.yml $INV $CONN --state-dir state --shard 2/2 --rollout agent-1.0 --json >b.out 2>b.err &
	pb=$!
	test_wait_for 60 sh -c "grep -q soak_start a.out && grep -q soak_start b.out" &&
	! grep -q run_end a.out && ! grep -q run_end b.out &&
	test_expect_code 4 $CREST run agent1.yml $INV $CONN --state-dir state --shard 1/2 --json >c.out 2>c.err &&
	grep -q "another run holds these hosts: run $(run_of a.out)" c.err &&
	test_expect_code 4 $CREST run agent1.yml $INV $CONN --state-dir state --json >d.out 2>d.err &&
	grep -q -- "--shard runs hold these hosts" d.err &&
	wait $pa && wait $pb &&
	run_of a.out >id1 && run_of b.out >id2 &&
	test "$(ls state/runs | wc -l)" = 2 &&
	tail -n 1 a.out | grep -q "\"event\":\"run_end\",\"status\":\"ok\"" &&
	tail -n 1 b.out | grep -q "\"event\":\"run_end\",\"status\":\"ok\""
'

test_expect_success 'every host got the package from exactly one shard' '
	for k in 1 2 3 4 5 6; do
		test "$(version_on h$k)" = 1.0 || return 1
	done &&
	cat state/runs/*.jsonl | grep "\"event\":\"task_result\"" |
		grep "\"status\":\"changed\"" |
		sed -n "s/.*\"host\":\"\([^\"]*\)\".*/\1/p" | sort >changed &&
	test "$(cat changed | tr "\n" " ")" = "h1 h2 h3 h4 h5 h6 "
'

test_expect_success 'each journal lists only its shard, and records the shard' '
	j1=state/runs/$(cat id1).jsonl && j2=state/runs/$(cat id2).jsonl &&
	hosts_of $j1 >got1 && hosts_of $j2 >got2 &&
	cmp got1 s1 && cmp got2 s2 &&
	! grep -q "\"host\":\"h[246]\"" $j1 &&
	! grep -q "\"host\":\"h[135]\"" $j2 &&
	head -n 1 $j1 | grep -q "\"shard\":{\"index\":1,\"count\":2,\"hash\":\"fnv1a64\",\"rollout\":\"agent-1.0\",\"hosts\":3}" &&
	head -n 1 $j2 | grep -q "\"shard\":{\"index\":2,\"count\":2,\"hash\":\"fnv1a64\",\"rollout\":\"agent-1.0\",\"hosts\":3}" &&
	grep "\"event\":\"play_start\"" $j1 | grep -q "\"hosts\":3,\"waves\":2" &&
	$CREST show "$(cat id2)" --state-dir state >show &&
	grep -q "^shard:     2/2 of rollout agent-1.0" show
'

test_expect_success 'crest runs shows both shards together with a combined line' '
	$CREST runs --state-dir state >runs &&
	test "$(grep -c "^rollout agent-1.0 (2 shards)" runs)" = 1 &&
	grep -q "^  $(cat id1) .* ok .*shard 1/2$" runs &&
	grep -q "^  $(cat id2) .* ok .*shard 2/2$" runs &&
	grep -q "^  combined: 2/2 shards, 6 hosts: 6 ok, 0 failed, 0 rolled back, 0 rollback failed, 0 not done$" runs &&
	$CREST runs --state-dir state --json >runs.json &&
	grep -q "\"rollout\":\"agent-1.0\",\"shards\":2,\"shards_seen\":2,\"hosts\":6,\"ok\":6" runs.json
'

test_expect_success 'shards on two controllers: two state dirs, merged by crest runs' '
	$CREST run agent2.yml $INV $CONN --state-dir ctlA --shard 1/2 --json >a2.out &
	pa=$!
	$CREST run agent2.yml $INV $CONN --state-dir ctlB --shard 2/2 --json >b2.out &
	pb=$!
	wait $pa && wait $pb &&
	run_of a2.out >id3 && run_of b2.out >id4 &&
	test -f ctlB/runs/$(cat id4).jsonl &&
	for k in 1 2 3 4 5 6; do
		test "$(version_on h$k)" = 2.0 || return 1
	done &&
	$CREST runs --state-dir ctlA >one &&
	grep -q "combined: 1/2 shards, 3 hosts: 3 ok.*; no run of shard 2$" one &&
	$CREST runs --state-dir ctlA --state-dir ctlB >both &&
	test "$(grep -c "^rollout .*:agent2.yml (2 shards)" both)" = 1 &&
	grep -q "^  $(cat id3) .*shard 1/2$" both &&
	grep -q "^  $(cat id4) .*shard 2/2$" both &&
	grep -q "^  combined: 2/2 shards, 6 hosts: 6 ok, 0 failed, 0 rolled back" both &&
	$CREST runs ctlA/runs/$(cat id3).jsonl ctlB/runs/$(cat id4).jsonl >files &&
	grep -q "^  combined: 2/2 shards, 6 hosts: 6 ok" files
'

test_expect_success 'rollback of one shard touches only its hosts' '
	$CREST rollback "$(cat id3)" $CONN --state-dir ctlA >rb 2>rb.err &&
	for h in $(cat s1); do test "$(version_on $h)" = 1.0 || return 1; done &&
	for h in $(cat s2); do test "$(version_on $h)" = 2.0 || return 1; done &&
	$CREST runs --state-dir ctlA --state-dir ctlB >after &&
	grep -q "^  combined: 2/2 shards, 6 hosts: 3 ok, 0 failed, 3 rolled back" after
'

test_expect_success 'SIGKILL mid-shard, then resume: it goes on in its shard only' '
	$CREST run files.yml $INV $CONN --state-dir ctlC --shard 2/2 --json >k.out &
	pk=$!
	test_wait_for 60 grep -q soak_start k.out &&
	kill -KILL $pk && { wait $pk || true; } &&
	id=$(run_of k.out) && ! grep -q run_end k.out &&
	$CREST resume "$id" $CONN --state-dir ctlC --json >k2.out &&
	tail -n 1 k2.out | grep -q "\"event\":\"run_end\",\"status\":\"ok\"" &&
	hosts_of ctlC/runs/$id.jsonl >gotk && cmp gotk s2 &&
	for h in $(cat s2); do
		test "$(lab_exec $h cat /srv/shard-marker)" = "$h" || return 1
	done &&
	for h in $(cat s1); do
		! lab_exec $h test -e /srv/shard-marker || return 1
	done
'

test_done
