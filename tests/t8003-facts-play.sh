#!/bin/bash
# t8003-facts-play: a play with facts: true gathers each host's facts
# before its first wave, its when conditions read them (facts.os.codename),
# an undefined fact is refused before any host changes, and a resumed run
# reads the snapshots its journal names instead of gathering again.
test_description='facts: true in plays, facts in when, resume keeps the snapshot'
. "$(dirname "$0")/test-lib.sh"

lab_up 4
CONN="--known-hosts $LAB_DIR/known_hosts --key $LAB_DIR/id_ed25519 --connect-timeout 3"

# Sets a host's os-release codename (its /etc is its own overlay).
set_codename() {
	lab_exec "$1" sh -c "sed 's/^VERSION_CODENAME=.*/VERSION_CODENAME=$2/' /usr/lib/os-release >/tmp/os && rm -f /etc/os-release && cp /tmp/os /etc/os-release"
}

test_expect_success 'the hosts start as bookworm; h2 and h4 are made trixie' '
	for k in 1 2 3 4; do
		lab_exec h$k grep -q "^VERSION_CODENAME=bookworm" /etc/os-release
	done &&
	set_codename h2 trixie && set_codename h4 trixie &&
	lab_exec h2 grep -q "^VERSION_CODENAME=trixie" /etc/os-release &&
	lab_exec h1 grep -q "^VERSION_CODENAME=bookworm" /etc/os-release
'

cat >"$TRASH/bookworm.yml" <<'PLAY'
name: only bookworm
hosts: lab
facts: true
tasks:
  - copy: { dest: /srv/bookworm, content: "{{ facts.os.codename }} {{ facts.cpu.count }}\n" }
    when: facts.os.codename == "bookworm"
  - copy: { dest: /srv/any, content: "any\n" }
    when: facts.memory_mb > 0
PLAY

test_expect_success 'facts: true, when on the codename: only bookworm hosts change' '
	$CREST run bookworm.yml -i "$LAB_DIR/inventory" $CONN --state-dir state --json >events &&
	cpus=$(lab_exec h1 nproc) &&
	test "$(lab_exec h1 cat /srv/bookworm)" = "bookworm $cpus" &&
	test "$(lab_exec h3 cat /srv/bookworm)" = "bookworm $cpus" &&
	! lab_exec h2 test -e /srv/bookworm &&
	! lab_exec h4 test -e /srv/bookworm &&
	for k in 1 2 3 4; do
		test "$(lab_exec h$k cat /srv/any)" = any || return 1
	done
'

test_expect_success 'the journal names each host snapshot, which is in the store' '
	journal=$(ls state/runs/*.jsonl) &&
	grep "\"event\":\"facts\"" "$journal" >facts-ev &&
	test "$(wc -l <facts-ev)" = 1 &&
	! grep -q "\"packages\"" "$journal" &&
	for k in 1 2 3 4; do
		name=$(sed "s/.*\"h$k\":\"\([0-9TZ]*\)\".*/\1/" facts-ev) &&
		test -f "state/facts/h$k/$name.json" || return 1
	done
'

cat >"$TRASH/undefined.yml" <<'PLAY'
name: an undefined fact
hosts: lab
facts: true
tasks:
  - copy: { dest: /srv/undefined, content: "x\n" }
  - copy: { dest: /srv/undefined2, content: "x\n" }
    when: facts.os.flavour == "blue"
PLAY

test_expect_success 'an undefined fact in when: exit 4 at file:line:column, no host changed' '
	test_expect_code 4 $CREST run undefined.yml -i "$LAB_DIR/inventory" $CONN --state-dir state2 2>err &&
	grep -q "undefined.yml:7:11: undefined fact .facts.os.flavour." err &&
	for k in 1 2 3 4; do
		! lab_exec h$k test -e /srv/undefined || return 1
	done
'

cat >"$TRASH/slow.yml" <<'PLAY'
name: slow bookworm
hosts: lab
facts: true
tasks:
  - command: sleep 2
  - copy: { dest: /srv/slow, content: "{{ facts.os.codename }}\n" }
    when: facts.os.codename == "bookworm"
PLAY

test_expect_success 'resume after SIGKILL uses the snapshots the run started with' '
	$CREST run slow.yml -i "$LAB_DIR/inventory" $CONN --forks 1 --state-dir state3 --json >slow-events &
	pid=$! &&
	test_wait_for 30 sh -c "grep -q task_intent slow-events" &&
	kill -KILL $pid &&
	wait $pid || true &&
	! grep -q run_end slow-events &&
	id=$(ls state3/runs) && id=${id%.jsonl} &&
	ls state3/facts/h3 >before &&
	set_codename h3 trixie &&
	set_codename h2 bookworm &&
	sleep 1 &&
	$CREST resume "$id" $CONN --forks 1 --state-dir state3 --json >resumed &&
	tail -n 1 resumed | grep -q "\"event\":\"run_end\",\"status\":\"ok\"" &&
	test "$(grep -c "\"event\":\"facts\"" state3/runs/$id.jsonl)" = 1 &&
	ls state3/facts/h3 >after &&
	cmp before after &&
	test "$(lab_exec h1 cat /srv/slow)" = bookworm &&
	test "$(lab_exec h3 cat /srv/slow)" = bookworm &&
	! lab_exec h2 test -e /srv/slow &&
	! lab_exec h4 test -e /srv/slow
'

test_expect_success 'restore os-release' '
	for k in 1 2 3 4; do
		lab_exec h$k sh -c "rm -f /etc/os-release && ln -s ../usr/lib/os-release /etc/os-release" || return 1
	done
'

test_done
