#!/bin/bash
# t4000-run-waves: crest run upgrades a fleet in waves, rolls a wave back
# when it exceeds its budget, and crest rollback undoes a finished run.
# Hosts are real lab sshd hosts with real apt/dpkg; every check reads dpkg
# on the host from outside.
test_description='waves, failure budgets, rollback'
. "$(dirname "$0")/test-lib.sh"

lab_up 12
SSH="ssh -F $LAB_DIR/ssh_config"
CONN="--known-hosts $LAB_DIR/known_hosts --key $LAB_DIR/id_ed25519 --connect-timeout 3"

# Prints host K's installed acme-agent version, or "absent".
agent_version() {
	lab_exec "h$1" dpkg-query -W -f='${Status} ${Version}' acme-agent 2>/dev/null |
		sed -n 's/^install ok installed //p' | grep . || echo absent
}

# Puts acme-agent 1.1 on every host, as the fleet starts.
reset_fleet() {
	local k
	for k in $(seq 12); do
		$SSH h$k "apt-get install -y -qq --allow-downgrades acme-agent=1.1" >/dev/null 2>&1 &
	done
	wait
	for k in $(seq 12); do
		test "$(agent_version $k)" = 1.1 || return 1
	done
}

for k in $(seq 12); do
	$SSH h$k "apt-get update -qq" >/dev/null 2>&1 &
done
wait

# The lab inventory, with the package and version as variables a host
# can override.
{
	cat "$LAB_DIR/inventory"
	printf '\n[lab:vars]\nagent_pkg=acme-agent\nagent_version="2.0"\n'
} >"$TRASH/inventory"

cat >"$TRASH/upgrade.yml" <<'PLAY'
name: acme-agent 2.0
hosts: lab
waves: [1, 25%, 100%]
max_failures: 1
rollback: wave
tasks:
  - name: agent
    package: { name: "{{ agent_pkg }}", version: "{{ agent_version }}" }
PLAY
sed 's/rollback: wave/rollback: run/' "$TRASH/upgrade.yml" >"$TRASH/upgrade-run.yml"

test_expect_success 'a run upgrades 12 hosts in waves 1, 3, 8 and exits 0' '
	reset_fleet &&
	$CREST run upgrade.yml -i inventory $CONN --state-dir state --json >events &&
	for k in $(seq 12); do test "$(agent_version $k)" = 2.0; done &&
	grep "\"event\":\"wave_start\"" events >waves &&
	test "$(wc -l <waves)" = 3 &&
	grep -q "\"wave\":1,\"hosts\":1" waves &&
	grep -q "\"wave\":2,\"hosts\":3" waves &&
	grep -q "\"wave\":3,\"hosts\":8" waves &&
	test "$(grep -c "\"event\":\"task_result\".*\"status\":\"changed\"" events)" = 12 &&
	tail -n 1 events | grep -q "\"event\":\"run_end\",\"status\":\"ok\""
'

test_expect_success 'the journal holds the same events, each intent before its result' '
	journal=$(ls state/runs/*.jsonl) &&
	test "$(wc -l <"$journal")" = "$(wc -l <events)" &&
	head -n 1 "$journal" | grep -q "\"event\":\"run_start\"" &&
	grep -q "\"playbook_digest\":\"$(git hash-object upgrade.yml)\"" "$journal" &&
	for k in $(seq 12); do
		i=$(grep -n "\"event\":\"task_intent\".*\"host\":\"h$k\"" "$journal" | cut -d: -f1)
		r=$(grep -n "\"event\":\"task_result\".*\"host\":\"h$k\"" "$journal" | cut -d: -f1)
		test -n "$i" && test -n "$r" && test "$i" -lt "$r"
		grep "\"event\":\"task_intent\".*\"host\":\"h$k\"" "$journal" |
			grep -q "\"prior\":{.*1.1"
	done
'

test_expect_success 'running it again changes nothing' '
	$CREST run upgrade.yml -i inventory $CONN --state-dir state --json >again &&
	! grep -q "\"status\":\"changed\"" again &&
	test "$(grep -c "\"event\":\"task_result\".*\"status\":\"ok\"" again)" = 12
'

test_expect_success 'crest rollback of the successful run returns every host to 1.1' '
	first=$(ls state/runs | head -n 1) &&
	$CREST rollback "${first%.jsonl}" $CONN --state-dir state --json >rb &&
	for k in $(seq 12); do test "$(agent_version $k)" = 1.1; done &&
	tail -n 1 rb | grep -q "\"status\":\"rolled_back\"" &&
	$CREST rollback "${first%.jsonl}" $CONN --state-dir state >rb2 2>&1 &&
	grep -q "nothing to roll back" rb2
'

# Wave 2 is h2, h3, h4: h3 is given a package whose postinst fails, h4 is
# down.  Two failures exceed max_failures: 1.
break_wave_two() {
	sed -e "s/^h3 .*/& agent_pkg=acme-broken agent_version=\"1.0\"/" \
		"$TRASH/inventory" >"$TRASH/inventory-broken"
	$LAB fault h4 down
}

test_expect_success 'rollback: wave - a wave over budget is reverted, earlier waves stay, later waves are untouched' '
	reset_fleet && break_wave_two &&
	test_expect_code 2 $CREST run upgrade.yml -i inventory-broken $CONN --state-dir state2 --json >events2 &&
	$LAB fault h4 up &&
	test "$(agent_version 1)" = 2.0 &&
	test "$(agent_version 2)" = 1.1 &&
	test "$(agent_version 3)" = 1.1 &&
	test "$(agent_version 4)" = 1.1 &&
	lab_exec h3 sh -c "! dpkg-query -W -f=\"\${Status}\" acme-broken 2>/dev/null | grep -q installed" &&
	for k in $(seq 5 12); do
		test "$(agent_version $k)" = 1.1
		! grep -q "\"host\":\"h$k\"" events2
	done &&
	grep -q "\"event\":\"rollback_start\",\"wave\":2" events2 &&
	! grep -q "\"event\":\"rollback_start\",\"wave\":1" events2 &&
	tail -n 1 events2 | grep -q "\"status\":\"rolled_back\""
'

test_expect_success 'rollback: run - the earlier waves are reverted too, newest first' '
	reset_fleet && break_wave_two &&
	test_expect_code 2 $CREST run upgrade-run.yml -i inventory-broken $CONN --state-dir state3 --json >events3 &&
	$LAB fault h4 up &&
	for k in $(seq 12); do test "$(agent_version $k)" = 1.1; done &&
	w2=$(grep -n "\"event\":\"rollback_start\",\"wave\":2" events3 | cut -d: -f1) &&
	w1=$(grep -n "\"event\":\"rollback_start\",\"wave\":1" events3 | cut -d: -f1) &&
	test "$w2" -lt "$w1"
'

test_expect_success 'a hung host fails within the connect timeout' '
	reset_fleet &&
	$LAB fault h2 hang &&
	start=$(date +%s) &&
	test_expect_code 1 $CREST run upgrade.yml -i inventory $CONN --state-dir state4 --json >events4 &&
	end=$(date +%s) &&
	$LAB fault h2 up &&
	grep "\"event\":\"host_end\"" events4 | grep "\"host\":\"h2\"" | grep -q unreachable &&
	test $((end - start)) -lt 60 &&
	test "$(agent_version 12)" = 2.0
'

test_expect_success 'a second run over the same inventory is refused while one runs' '
	cat >slow.yml <<-PLAY &&
	hosts: h1
	tasks:
	  - shell: sleep 4
	    rollback: "true"
	PLAY
	($CREST run slow.yml -i inventory $CONN --state-dir state5 --json >slow.out 2>&1 &
	 echo $! >slow.pid) &&
	test_wait_for 10 grep -q task_intent slow.out &&
	test_expect_code 4 $CREST run upgrade.yml -i inventory $CONN --state-dir state5 2>refused &&
	grep -q "another run holds these hosts: run " refused &&
	test_wait_for 20 sh -c "! kill -0 $(cat slow.pid) 2>/dev/null"
'

test_done
