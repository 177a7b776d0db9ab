#!/bin/bash
# t4010-revert-recorded: a revert works from what the journal recorded when
# each task ran, not from the playbook's templates rendered again: crest
# rollback of a run started with -e needs no -e; where a revert truly reads
# a secret the journal could not hold, crest rollback names the variable
# and exits 4 before touching any host, and reverts once it is given.
test_description='revert from the recorded arguments'
. "$(dirname "$0")/test-lib.sh"

lab_up 2
CONN="--known-hosts $LAB_DIR/known_hosts --key $LAB_DIR/id_ed25519 --connect-timeout 3"

# Prints the run id of the run_start event in a --json output file.
run_of() {
	sed -n 's/.*"event":"run_start","run":"\([^"]*\)".*/\1/p' "$1" | head -n 1
}

cat >"$TRASH/tagged.yml" <<'PLAY'
name: a tagged release
hosts: lab
tasks:
  - copy: { dest: "/srv/{{ tag }}.txt", content: "{{ msg }}\n" }
  - copy: { dest: /srv/motd, content: "release {{ tag }}: {{ msg }}\n" }
  - file: { path: "/srv/{{ tag }}.d", state: directory, mode: "0750" }
  - command:
      cmd: "touch /srv/{{ tag }}.cmd"
      creates: "/srv/{{ tag }}.cmd"
    rollback: "rm -f /srv/{{ tag }}.cmd"
PLAY

for k in 1 2; do
	lab_exec h$k sh -c "echo old-motd-h$k >/srv/motd"
done

test_expect_success 'a run with -e values changes the hosts' '
	$CREST run tagged.yml -i "$LAB_DIR/inventory" $CONN --state-dir state -e tag=r42 -e "msg=hello world" --json >run.out &&
	run_of run.out >id && test -s id &&
	for k in 1 2; do
		test "$(lab_exec h$k cat /srv/r42.txt)" = "hello world" &&
		test "$(lab_exec h$k cat /srv/motd)" = "release r42: hello world" &&
		lab_exec h$k test -d /srv/r42.d &&
		lab_exec h$k test -e /srv/r42.cmd || return 1
	done
'

test_expect_success 'the intent records the arguments as rendered' '
	grep "\"event\":\"task_intent\"" state/runs/$(cat id).jsonl >intents &&
	grep -q "\"dest\":\"/srv/r42.txt\"" intents &&
	grep -q "\"rollback\":\"rm -f /srv/r42.cmd\"" intents &&
	grep -q "\"masked\":\[\]" intents
'

test_expect_success 'crest rollback without the -e values reverts every change' '
	$CREST rollback "$(cat id)" $CONN --state-dir state >rb.out 2>rb.err &&
	grep -q "rolled_back" rb.out &&
	for k in 1 2; do
		! lab_exec h$k test -e /srv/r42.txt &&
		test "$(lab_exec h$k cat /srv/motd)" = "old-motd-h$k" &&
		! lab_exec h$k test -e /srv/r42.d &&
		! lab_exec h$k test -e /srv/r42.cmd || return 1
	done
'

cat >"$TRASH/secret.yml" <<'PLAY'
name: a token the rollback needs, and one it does not
hosts: h1
vars:
  token: { secret: "{{ api_token }}" }
tasks:
  - copy: { dest: /srv/token.conf, content: "token={{ token }}\n", mode: "0600" }
  - command:
      cmd: 'sh -c "echo \"$TOKEN\" >/srv/registered"'
      env: { TOKEN: "{{ token }}" }
    rollback: 'sh -c "test \"$TOKEN\" = \"$(cat /srv/registered)\" && rm /srv/registered"'
PLAY

test_expect_success 'a run with a secret made of an -e value' '
	$CREST run secret.yml -i "$LAB_DIR/inventory" $CONN --state-dir state2 -e api_token=tok-9f8e7d --json >run2.out &&
	run_of run2.out >id2 && test -s id2 &&
	test "$(lab_exec h1 cat /srv/registered)" = tok-9f8e7d &&
	! grep -rq tok-9f8e7d state2 run2.out &&
	grep "\"event\":\"task_intent\"" state2/runs/$(cat id2).jsonl >intents2 &&
	grep -q "\"masked\":\[\"content\"\]" intents2 &&
	grep -q "\"masked\":\[\"env\"\]" intents2
'

test_expect_success 'crest rollback names the secret it needs, exit 4, nothing touched' '
	cp state2/runs/$(cat id2).jsonl journal.before &&
	test_expect_code 4 $CREST rollback "$(cat id2)" $CONN --state-dir state2 >rb2.out 2>rb2.err &&
	grep -q "task 2 (command) on h1 needs a value the journal does not hold" rb2.err &&
	grep -q "undefined variable .api_token." rb2.err &&
	grep -q "give it again with -e" rb2.err &&
	test "$(lab_exec h1 cat /srv/registered)" = tok-9f8e7d &&
	lab_exec h1 test -e /srv/token.conf &&
	cmp journal.before state2/runs/$(cat id2).jsonl
'

test_expect_success 'with the secret given again, crest rollback reverts both' '
	$CREST rollback "$(cat id2)" $CONN --state-dir state2 -e api_token=tok-9f8e7d >rb3.out 2>rb3.err &&
	! lab_exec h1 test -e /srv/registered &&
	! lab_exec h1 test -e /srv/token.conf &&
	! grep -rq tok-9f8e7d state2 rb3.out rb3.err
'

test_done
