#!/bin/bash
# t3002-command.sh - the command and shell modules on a lab host, driven
# with tests/helpers/module-driver: a hostile variable value reaches the
# program as one literal argument, creates/removes make a second apply
# ok, the task's rollback: is its revert, a task without one says it is
# irreversible, chdir, env and timeout work.
test_description='command and shell: apply, apply again, revert, describe'
. "$(dirname "$0")/test-lib.sh"
. "$SRC/tests/lib-modules.sh"

lab_up 1

cat >"$PLAYBOOK" <<\YML
hosts: all
vars:
  hostile: "a'b\"c; touch /tmp/pwned1 $(touch /tmp/pwned2) `touch /tmp/pwned3` | x & \\ $HOME\nline2 *"
tasks:
  - command: {argv: [sh, -c, 'printf %s "$1" >/root/hostile.out', sh, "{{ hostile }}"]}
  - command: {argv: [touch, /root/made], creates: /root/made}
    rollback: rm -f /root/made
  - shell: {cmd: "printf '%s|%s' \"$GREETING\" \"$(pwd)\" >out.txt", chdir: /srv, env: {GREETING: "{{ hostile }}"}}
  - shell: {cmd: "rm /root/made", removes: /root/made}
  - command: {cmd: "sleep 10", timeout: 1s}
  - command: {argv: [printf, "%s", "{{ hostile }}"], creates: /nonexistent}
YML

test_expect_success 'a hostile value in an argument is passed literally' '
	drive h1 1 apply >out &&
	test "$(field out error)" = None &&
	test "$(field out changed)" = 1 &&
	lab_exec h1 cat /root/hostile.out >got &&
	printf "%s" "a'\''b\"c; touch /tmp/pwned1 \$(touch /tmp/pwned2) \`touch /tmp/pwned3\` | x & \\ \$HOME
line2 *" >want &&
	cmp got want &&
	lab_exec h1 sh -c "ls /tmp" >tmp &&
	! grep -q pwned tmp
'

test_expect_success 'a command without rollback: is irreversible, and says so' '
	test "$(field out irreversible)" = True &&
	test_expect_code 1 drive h1 1 revert out >rev &&
	field rev error.message | grep -q "no rollback: and cannot be undone"
'

test_expect_success 'creates: runs once, then ok; rollback: is its revert' '
	drive h1 2 apply >"$TRASH/made.json" &&
	test "$(field "$TRASH/made.json" irreversible)" = False &&
	test "$(field "$TRASH/made.json" changed)" = 1 &&
	test "$(field "$TRASH/made.json" describe)" = "run: touch /root/made" &&
	lab_exec h1 test -e /root/made &&
	drive h1 2 apply >again &&
	test "$(field again changed)" = 0 &&
	test "$(field again describe)" = "skip: creates /root/made exists" &&
	drive h1 2 revert "$TRASH/made.json" >out &&
	test "$(field out error)" = None &&
	! lab_exec h1 test -e /root/made
'

test_expect_success 'shell: chdir and env, the value literal in the environment' '
	drive h1 3 apply >out &&
	test "$(field out changed)" = 1 &&
	lab_exec h1 cat /srv/out.txt >got &&
	printf "%s|/srv" "a'\''b\"c; touch /tmp/pwned1 \$(touch /tmp/pwned2) \`touch /tmp/pwned3\` | x & \\ \$HOME
line2 *" >want &&
	cmp got want
'

test_expect_success 'shell removes: runs while the path is there, then ok' '
	lab_exec h1 touch /root/made &&
	drive h1 4 apply >out && test "$(field out changed)" = 1 &&
	! lab_exec h1 test -e /root/made &&
	drive h1 4 apply >out && test "$(field out changed)" = 0
'

test_expect_success 'timeout: a command that runs too long fails' '
	start=$(date +%s) &&
	test_expect_code 1 drive h1 5 apply >out &&
	test $(($(date +%s) - start)) -lt 8 &&
	test "$(field out error.kind)" = timeout
'

test_expect_success 'describe quotes each argument as the host gets it' '
	drive h1 6 describe >out &&
	field out describe >desc &&
	head -n 1 desc | grep -q "^run: printf %s '\''a'\''\\\\'\'''\''b"
'

test_done
