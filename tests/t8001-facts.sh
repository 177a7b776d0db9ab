#!/bin/bash
# t8001-facts: crest facts on 6 lab hosts agrees with what each host says
# from outside (uname -r, /etc/os-release, dpkg-query counts, MemTotal);
# snapshots are 0600 files under STATE/facts/HOST/, bounded by --keep; a
# stopped host shows stale with its last facts and the command exits 1.
test_description='crest facts: gathering, snapshots, stale hosts'
. "$(dirname "$0")/test-lib.sh"

lab_up 6
CONN="--known-hosts $LAB_DIR/known_hosts --key $LAB_DIR/id_ed25519 --connect-timeout 3"
INV="-i $LAB_DIR/inventory"

test_expect_success 'facts of 6 hosts match what the hosts say' '
	$CREST facts $INV $CONN --state-dir state --json >f1.json &&
	for h in h1 h2 h3 h4 h5 h6; do
		{
			echo "$h"
			lab_exec $h uname -r
			lab_exec $h sh -c ". /etc/os-release; echo \$ID \$VERSION_ID \$VERSION_CODENAME"
			lab_exec $h sh -c "dpkg-query -W -f=\"\\\${db:Status-Abbrev}\\n\" | grep -c ^ii"
			lab_exec $h sed -n "s/^MemTotal: *\([0-9]*\) kB/\1/p" /proc/meminfo
		} >"outside-$h" || return 1
	done &&
	python3 - f1.json <<\PY
import json, sys
recs = {}
for line in open(sys.argv[1]):
    r = json.loads(line)
    recs[r["host"]] = r
assert sorted(recs) == ["h%d" % i for i in range(1, 7)], sorted(recs)
for h, r in recs.items():
    host, kernel, os, pkgs, mem = open("outside-" + h).read().split("\n")[:5]
    assert r["stale"] is False and r["error"] is None, r
    s = r["snapshot"]
    f = s["facts"]
    assert s["host"] == h and f["hostname"] == h, (s["host"], f["hostname"])
    assert f["kernel"] == kernel, (f["kernel"], kernel)
    o = f["os"]
    assert "%s %s %s" % (o["id"], o["version"], o["codename"]) == os, (o, os)
    assert len(f["packages"]) == int(pkgs), (len(f["packages"]), pkgs)
    assert f["memory_mb"] == int(mem) // 1024, (f["memory_mb"], mem)
    assert s["taken_at"].endswith("Z") and s["duration_ms"] >= 0
PY
'

test_expect_success 'an acme-agent installed on h3 alone shows in its list' '
	lab_exec h3 sh -c "apt-get update -qq >/dev/null && apt-get install -y -qq acme-agent=1.1 >/dev/null" &&
	$CREST facts h3 $INV $CONN --state-dir state --json >f2.json &&
	python3 -c "
import json, sys
r = json.loads(open(\"f2.json\").read())
assert r[\"host\"] == \"h3\"
assert r[\"snapshot\"][\"facts\"][\"packages\"][\"acme-agent\"] == \"1.1\", r
" &&
	$CREST facts h2 $INV $CONN --state-dir state --json >f3.json &&
	! grep -q acme-agent f3.json
'

test_expect_success 'the table names every host with its OS, kernel and package count' '
	$CREST facts $INV $CONN --state-dir state >table &&
	cat table &&
	head -n 1 table | grep -q "^HOST  *OS  *KERNEL  *CPU  *MEMORY  *DISK  *PACKAGES  *LAST SEEN" &&
	test "$(grep -c "^h[1-6] " table)" = 6 &&
	n=$(lab_exec h3 sh -c "dpkg-query -W -f=\"\\\${db:Status-Abbrev}\\n\" | grep -c ^ii") &&
	grep "^h3 " table | grep -q " $n  20" &&
	grep "^h1 " table | grep -q "$(lab_exec h1 uname -r)" &&
	! grep -q stale table
'

test_expect_success 'snapshots are 0600, and --keep bounds them' '
	for i in 1 2 3; do
		sleep 1 &&
		$CREST facts h1 $INV $CONN --state-dir state --keep 2 >/dev/null || return 1
	done &&
	test "$(ls state/facts/h1 | wc -l)" = 2 &&
	test "$(stat -c %a state/facts/h1/*.json | sort -u)" = 600 &&
	test "$(stat -c %a state/facts/h1)" = 700 &&
	ls state/facts/h1 | grep -qx "[0-9]\{8\}T[0-9]\{6\}Z\.json" &&
	test "$(ls state/facts/h2 | wc -l)" -ge 2
'

test_expect_success 'crest.yml facts_keep is the default bound' '
	mkdir -p conf && echo "facts_keep: 1" >conf/crest.yml &&
	(cd conf && $CREST facts h4 $INV $CONN --state-dir ../state >/dev/null) &&
	test "$(ls state/facts/h4 | wc -l)" = 1 &&
	echo "facts_keep: 0" >conf/crest.yml &&
	(cd conf && test_expect_code 4 $CREST facts h4 $INV $CONN --state-dir ../state 2>../err) &&
	grep -q "facts_keep" err
'

test_expect_success 'a stopped host shows stale with its last facts; exit 1' '
	last=$(ls state/facts/h5 | tail -n 1) &&
	"$LAB" fault h5 down &&
	test_expect_code 1 $CREST facts $INV $CONN --state-dir state >t2 &&
	cat t2 &&
	grep "^h5 " t2 | grep -q "(stale)" &&
	when=$(python3 -c "import json,sys; print(json.load(open(\"state/facts/h5/$last\"))[\"taken_at\"])") &&
	grep "^h5 " t2 | grep -q "$when (stale)" &&
	grep "^h5 " t2 | grep -q "$(lab_exec h4 uname -r)" &&
	test "$(grep -c "(stale)" t2)" = 1 &&
	test "$(ls state/facts/h5 | tail -n 1)" = "$last" &&
	test_expect_code 1 $CREST facts h5 $INV $CONN --state-dir state --json >s.json &&
	python3 -c "
import json
r = json.loads(open(\"s.json\").read())
assert r[\"stale\"] is True and r[\"error\"], r
assert r[\"snapshot\"][\"taken_at\"] == \"$when\", r
assert r[\"snapshot\"][\"facts\"][\"hostname\"] == \"h5\"
" &&
	"$LAB" fault h5 up
'

test_expect_success 'bad input exits 4 with a message' '
	test_expect_code 4 $CREST facts $INV --keep 0 2>e1 && grep -q -- "--keep" e1 &&
	test_expect_code 4 $CREST facts $INV --diff=yesterday 2>e2 && grep -q "yesterday" e2 &&
	test_expect_code 4 $CREST facts a b $INV 2>e3 && grep -q "one host pattern" e3
'

test_done
