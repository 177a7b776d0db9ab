#!/bin/bash
# t2000-exec.sh - "crest exec" over SSH on 20 lab hosts: every host answers
# with its own hostname, each host's output comes grouped under its header,
# --json gives one object per host and a summary, the exit status says
# whether every host was ok, and a host's commands share one connection.
test_description='crest exec runs one command on many hosts'
. "$(dirname "$0")/test-lib.sh"

lab_up 20
INV=$LAB_DIR/inventory
CONN="--key $LAB_DIR/id_ed25519 --known-hosts $LAB_DIR/known_hosts"

test_expect_success 'each of 20 hosts answers with its own hostname' '
	"$CREST" exec all -i "$INV" $CONN -- hostname >out &&
	awk "/^h[0-9]+ \\| /{ name = \$1; n++;
		if (\$3 != \"ok\") { print \"not ok: \" \$0; bad = 1 }
		getline; if (\$0 != name) { print name \" said \" \$0; bad = 1 } }
		END { exit bad || n != 20 }" out &&
	grep -q "^20 hosts: 20 ok in " out
'

test_expect_success 'the lab ssh_config (-F) is enough to connect' '
	"$CREST" exec "h1:h7" -i "$INV" -F "$LAB_DIR/ssh_config" -- hostname >out &&
	grep -q "^2 hosts: 2 ok in " out &&
	grep -qx h7 out
'

test_expect_success '--json gives one object per host and a summary' '
	"$CREST" exec all -i "$INV" $CONN --json -- hostname >out &&
	python3 - out <<-\PY
	import json, sys
	lines = [json.loads(l) for l in open(sys.argv[1])]
	hosts = [l for l in lines if l["type"] == "host"]
	assert len(hosts) == 20, len(hosts)
	for h in hosts:
	    assert h["status"] == "ok", h
	    assert h["exit_code"] == 0, h
	    assert h["stdout"] == h["host"] + "\n", h
	    assert h["stderr"] == "" and h["stdout_cut"] is False, h
	    assert isinstance(h["duration"], (int, float)), h
	    assert h["error"] is None, h
	assert sorted(h["host"] for h in hosts) == sorted("h%d" % k for k in range(1, 21))
	s = lines[-1]
	assert s["type"] == "summary" and s["hosts"] == 20 and s["ok"] == 20, s
	assert s["failed"] == 0 and s["unreachable"] == 0, s
	PY
'

test_expect_success 'a failing command fails its host and crest' '
	test_expect_code 1 "$CREST" exec "h1:h2" -i "$INV" $CONN -- \
		sh -c "echo out; echo err >&2; exit 3" >out &&
	grep -q "^h1 | failed | exit 3 | " out &&
	grep -q "^2 hosts: 0 ok, 2 failed in " out &&
	sed -n "/^h2 |/,/^h1 |/p;/^h2 |/,\$p" out >h2 &&
	grep -qx out h2 && grep -qx -- "--- stderr" h2 && grep -qx err h2
'

test_expect_success 'one host failing among many: exit 1, the rest ok' '
	test_expect_code 1 "$CREST" exec all -i "$INV" $CONN -- \
		sh -c "test \$(hostname) != h5" >out &&
	grep -q "^h5 | failed | exit 1 | " out &&
	grep -q "^20 hosts: 19 ok, 1 failed in " out
'

test_expect_success 'become runs the command as root through sudo -n' '
	"$CREST" exec h3 -i "$INV" $CONN --become -- id -u >out &&
	grep -q "^h3 | ok | exit 0 | " out &&
	grep -qx 0 out
'

test_expect_success 'commands of a host share one connection (channels)' '
	log=$LAB_DIR/hosts/h4/run/sshd.log &&
	before=$(grep -c "Accepted publickey" "$log" || :) &&
	# --become runs the sudo check and the command: two channels.
	"$CREST" exec h4 -i "$INV" $CONN --become -- true >out &&
	grep -q "^1 host: 1 ok" out &&
	test "$(grep -c "Accepted publickey" "$log")" = $((before + 1))
'

test_expect_success 'at most --forks hosts at once; all still run' '
	"$CREST" exec all -i "$INV" $CONN --forks 3 -- \
		sh -c "echo start \$(date +%s%N); sleep 0.3; echo end \$(date +%s%N)" >out &&
	grep -q "^20 hosts: 20 ok in " out &&
	# At any start, fewer than 3 other hosts may be between start and end.
	python3 - out <<-\PY
	import sys
	spans = []
	for line in open(sys.argv[1]):
	    w = line.split()
	    if w and w[0] == "start": s = int(w[1])
	    if w and w[0] == "end": spans.append((s, int(w[1])))
	assert len(spans) == 20
	for s, e in spans:
	    overlap = sum(1 for s2, e2 in spans if s2 <= s < e2)
	    assert overlap <= 3, overlap
	PY
'

test_expect_success 'localhost needs no inventory and runs here' '
	"$CREST" exec localhost -- uname -n >out &&
	grep -q "^localhost | ok | exit 0 | " out &&
	grep -qx "$(uname -n)" out
'

test_expect_success 'a pattern that matches nothing is invalid input' '
	test_expect_code 4 "$CREST" exec nosuchhost -i "$INV" $CONN -- true 2>err &&
	grep -q "matched no host" err
'

test_expect_success 'the command goes after --; a missing one is an error' '
	test_expect_code 4 "$CREST" exec all -i "$INV" 2>err &&
	grep -q "no command" err &&
	test_expect_code 4 "$CREST" exec all -i "$INV" uname -r 2>err &&
	grep -q "after .--." err
'

test_done
