#!/bin/bash
# t7400-systemd: on lab hosts that boot a real systemd as PID 1 (lab up
# --systemd, tests/lab/README.md "Hosts with systemd"): the acme-agent
# package's unit and a verify on it, the service module (stopped,
# started, restarted, enabled, and each reverted) checked from outside
# with systemctl, a reboot through systemctl with the boot-id wait, and
# crest schedule install's units, verified and fired by the host's
# systemd.  Skips, naming why, where this machine cannot boot them.
test_description='service, reboot and schedule on hosts running systemd'
. "$(dirname "$0")/test-lib.sh"
. "$SRC/tests/lib-modules.sh"

if ! why=$("$LAB" systemd-check); then
	test_skip 'lab hosts with a real systemd' "$why"
	test_done
fi
lab_up 2 --systemd 2
CONN="--known-hosts $LAB_DIR/known_hosts --key $LAB_DIR/id_ed25519 --connect-timeout 5"

# Prints is-active and is-enabled of acme-agent on host $1, as one line.
agent_state() {
	echo "$(lab_exec "$1" systemctl is-active acme-agent) $(lab_exec "$1" systemctl is-enabled acme-agent)"
}

test_expect_success 'the hosts run systemd as PID 1, sshd as a unit' '
	for h in h1 h2; do
		test "$(lab_exec $h systemctl is-system-running --wait)" = running
		test "$(ssh -F "$LAB_DIR/ssh_config" $h cat /proc/1/comm)" = systemd
		test "$(lab_exec $h systemctl is-active lab-sshd)" = active
	done
'

cat >"$TRASH/install.yml" <<'YML'
name: install the agent
hosts: lab
tasks:
  - package: {name: acme-agent, version: "1.0", update_cache: true}
verify:
  - command: systemctl is-active acme-agent
YML

test_expect_success 'a package install, then verify: systemctl is-active acme-agent' '
	$CREST run install.yml -i "$LAB_DIR/inventory" $CONN --state-dir state >out &&
	for h in h1 h2; do
		test "$(agent_state $h)" = "active enabled"
	done
'

cat >"$TRASH/stop.yml" <<'YML'
name: stop the agent
hosts: lab
tasks:
  - service: {name: acme-agent, state: stopped}
verify:
  - command: systemctl is-active acme-agent
YML

test_expect_success 'a verify on the unit fails a run that stops it; the wave is rolled back' '
	rc=0 && $CREST run stop.yml -i "$LAB_DIR/inventory" $CONN --limit h1 \
		--state-dir state >out 2>&1 || rc=$? &&
	test "$rc" = 2 &&
	test "$(agent_state h1)" = "active enabled"
'

cat >"$PLAYBOOK" <<'YML'
hosts: all
tasks:
  - service: {name: acme-agent, state: stopped, enabled: false}
  - service: {name: acme-agent, state: started}
  - service: {name: acme-agent, state: restarted}
  - service: {name: acme-agent, enabled: true}
YML

test_expect_success 'service stopped and disabled, then reverted' '
	drive h1 1 apply >out &&
	test "$(field out error)" = None && test "$(field out changed)" = 1 &&
	test "$(field out prior.active)" = active &&
	test "$(agent_state h1)" = "inactive disabled" &&
	drive h1 1 apply >again && test "$(field again changed)" = 0 &&
	drive h1 1 revert out >rev && test "$(field rev error)" = None &&
	test "$(agent_state h1)" = "active enabled"
'

# On h1: systemctl $1 acme-agent, apply task $2, the agent's state is $3;
# revert, it is $4; then systemctl $5 acme-agent.
service_case() {
	lab_exec h1 systemctl "$1" acme-agent &&
		drive h1 "$2" apply >out && test "$(field out changed)" = 1 &&
		test "$(agent_state h1)" = "$3" &&
		drive h1 "$2" revert out >rev && test "$(field rev error)" = None &&
		test "$(agent_state h1)" = "$4" &&
		lab_exec h1 systemctl "$5" acme-agent
}

test_expect_success 'service started from stopped, then reverted' '
	service_case stop 2 "active enabled" "inactive enabled" start
'

test_expect_success 'service restarted: a new main process, still running after revert' '
	before=$(lab_exec h1 systemctl show -P MainPID acme-agent) &&
	drive h1 3 apply >out && test "$(field out changed)" = 1 &&
	after=$(lab_exec h1 systemctl show -P MainPID acme-agent) &&
	test "$after" != 0 && test "$after" != "$before" &&
	drive h1 3 revert out >rev && test "$(field rev error)" = None &&
	test "$(agent_state h1)" = "active enabled"
'

test_expect_success 'service enabled from disabled, then reverted' '
	service_case disable 4 "active enabled" "active disabled" enable
'

cat >"$TRASH/reboot.yml" <<'YML'
name: reboot
hosts: lab
tasks:
  - reboot: {timeout: 90s, test_command: "systemctl is-system-running --wait"}
verify:
  - command: systemctl is-active acme-agent
YML

test_expect_success 'reboot through systemctl: a new boot id, the agent back up' '
	lab_exec h2 cat /proc/sys/kernel/random/boot_id >before &&
	lab_exec h2 readlink /usr/sbin/reboot >link &&
	grep -q systemctl link &&
	$CREST run reboot.yml -i "$LAB_DIR/inventory" $CONN --limit h2 --state-dir state >out &&
	lab_exec h2 cat /proc/sys/kernel/random/boot_id >after &&
	! cmp -s before after &&
	grep -q "h2: systemd ended (status 129)" "$LAB_DIR/hosts/h2/init.log" &&
	test "$(agent_state h2)" = "active enabled" &&
	test "$(lab_exec h2 systemctl is-system-running)" = running
'

# Waits up to 3 minutes, trying once a second, until the scheduled run on
# h1 has ended (its journal says so).
wait_scheduled_run() {
	local i
	for i in $(seq 180); do
		lab_exec h1 sh -c 'grep -qs "\"event\":\"run_end\"" /root/state/runs/*.jsonl' && return 0
		sleep 1
	done
	return 1
}

# A window that opens at the next whole minute at least 40 s away.
at=$(date -u -d "@$(($(date +%s) + 100))" +%H:%M)
# The host's /tmp is its own, so a crest built under /tmp (a clean clone)
# is not visible there: the host gets a copy in its own /usr/local/bin.
lab_exec h1 tee /usr/local/bin/crest <"$CREST" >/dev/null &&
	lab_exec h1 chmod 755 /usr/local/bin/crest &&
	lab_exec h1 sh -c "mkdir -p /root/.ssh /root/repo && chmod 700 /root/.ssh" &&
	lab_exec h1 tee /root/.ssh/id_ed25519 <"$LAB_DIR/id_ed25519" >/dev/null &&
	lab_exec h1 chmod 600 /root/.ssh/id_ed25519 &&
	lab_exec h1 tee /root/.ssh/known_hosts <"$LAB_DIR/known_hosts" >/dev/null &&
	printf 'inventory: hosts.ini\nwindows:\n  soon:\n    calendar: "*-*-* %s:00 UTC"\n    duration: 30m\n' "$at" |
	lab_exec h1 tee /root/repo/crest.yml >/dev/null &&
	printf '[lab]\nh1 ansible_host=%s ansible_user=root\n' "$("$LAB" addr h1)" |
	lab_exec h1 tee /root/repo/hosts.ini >/dev/null &&
	printf 'name: scheduled\nhosts: lab\ntasks:\n  - copy: {dest: /srv/scheduled, content: "fired\\n"}\n' |
	lab_exec h1 tee /root/repo/agent.yml >/dev/null &&
	lab_exec h1 sh -c 'cd /root/repo && git init -q && git add -A &&
		git -c user.name=lab -c user.email=lab@crest.invalid commit -qm window'

test_expect_success 'schedule install on the host: verified units, the timer enabled by crest' '
	lab_exec h1 /usr/local/bin/crest schedule install agent.yml --window soon --repo /root/repo \
		--unit-dir /etc/systemd/system --state-dir /root/state >out &&
	lab_exec h1 systemd-analyze verify /etc/systemd/system/crest-agent.service \
		/etc/systemd/system/crest-agent.timer &&
	test "$(lab_exec h1 systemctl is-active crest-agent.timer)" = active &&
	test "$(lab_exec h1 systemctl is-enabled crest-agent.timer)" = enabled
'

test_expect_success 'the host systemd fires the timer; the run it started is journaled' '
	wait_scheduled_run &&
	lab_exec h1 sh -c "cat /root/state/runs/*.jsonl" >journal &&
	grep -q "\"event\":\"run_start\"" journal &&
	grep "\"event\":\"run_end\"" journal | grep -q "\"status\":\"ok\"" &&
	test "$(lab_exec h1 cat /srv/scheduled)" = fired &&
	lab_exec h1 journalctl -u crest-agent.service --no-pager >units.log &&
	grep -q "Started crest-agent.service\|Finished crest-agent.service\|crest-agent.service: Deactivated" units.log
'

test_done
