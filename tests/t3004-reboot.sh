#!/bin/bash
# t3004-reboot.sh - the reboot module on a lab host (whose reboot is the
# lab's stand-in: the host is restarted from outside with a new boot id),
# driven with tests/helpers/module-driver: the module waits for SSH to go
# and come back with a new boot id, reconnecting through the engine's
# callback, then runs test_command on the new connection.
test_description='reboot: a new boot id, a new connection'
. "$(dirname "$0")/test-lib.sh"
. "$SRC/tests/lib-modules.sh"

lab_up 2

cat >"$PLAYBOOK" <<\YML
hosts: all
tasks:
  - reboot: {timeout: 60s, test_command: "test -e /etc/crest-marker"}
YML

test_expect_success 'reboot returns with a new boot id' '
	lab_exec h1 touch /etc/crest-marker &&
	lab_exec h1 cat /proc/sys/kernel/random/boot_id >before &&
	lab_exec h2 cat /proc/sys/kernel/random/boot_id >h2.before &&
	drive h1 1 apply >out &&
	test "$(field out error)" = None &&
	test "$(field out changed)" = 1 &&
	test "$(field out prior.boot_id)" = "$(cat before)" &&
	lab_exec h1 cat /proc/sys/kernel/random/boot_id >after &&
	! cmp -s before after &&
	lab_exec h2 cat /proc/sys/kernel/random/boot_id >h2.after &&
	cmp h2.before h2.after
'

test_expect_success 'reboot is irreversible, and describe says so' '
	test "$(field out irreversible)" = True &&
	field out describe | grep -q "(irreversible)" &&
	test_expect_code 1 drive h1 1 revert out >rev &&
	field rev error.message | grep -q "cannot be reverted"
'

test_done
