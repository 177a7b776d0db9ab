#!/bin/bash
# t6000-driver.sh - the driver module against lab hosts, driven step by
# step with tests/helpers/module-driver.
#
# Stand-ins: this kernel has no loadable-module support, so the lab's
# modprobe, modinfo, lsmod and /sys/module on each host are lab scripts
# over a per-host tmpfs (tests/lab/README.md, "Kernel modules"); the
# package acme-nic-dkms installs the lab module file acme_nic at its
# version, and 3.0's refuses to load.  "In use" is refcnt 1 written into
# /sys/module/acme_nic/refcnt.  The package itself is real apt and dpkg.
test_description='driver: reload, reboot when in use, refusal, revert'
. "$(dirname "$0")/test-lib.sh"

. "$SRC/tests/lib-modules.sh"
lab_up 3

cat >"$PLAYBOOK" <<\YML
hosts: all
tasks:
  - driver: {name: acme_nic, package: acme-nic-dkms, version: "1.0"}
  - driver: {name: acme_nic, package: acme-nic-dkms, version: "2.0", reboot_timeout: 60s}
  - driver: {name: acme_nic, package: acme-nic-dkms, version: "2.0", reboot: never}
  - driver: {name: acme_nic, package: acme-nic-dkms, version: "3.0"}
YML

# Prints the version dpkg has of acme-nic-dkms on a host, or "absent".
package_on() {
	lab_exec "$1" dpkg-query -W -f='${Status} ${Version}\n' acme-nic-dkms \
		2>/dev/null | sed -n 's/^install ok installed //p' | grep . ||
		echo absent
}

# Prints the loaded version of acme_nic on a host (the stand-in's
# /sys/module), or "none".
loaded_on() {
	lab_exec "$1" cat /sys/module/acme_nic/version 2>/dev/null || echo none
}

# Prints a host's boot id.
boot_id() {
	lab_exec "$1" cat /proc/sys/kernel/random/boot_id
}

test_expect_success 'a driver on a host without it: package installed, module loaded' '
	drive h1 1 apply >out &&
	test "$(field out error)" = None &&
	test "$(field out changed)" = 1 &&
	test "$(field out prior.loaded)" = False &&
	test "$(package_on h1)" = 1.0 && test "$(loaded_on h1)" = 1.0 &&
	drive h2 1 apply >out && test "$(loaded_on h2)" = 1.0 &&
	drive h1 1 apply >out && test "$(field out changed)" = 0
'

test_expect_success 'upgrade 1.0 -> 2.0 when not in use: a reload, no reboot' '
	boot_id h1 >before &&
	drive h1 2 describe >desc &&
	field desc describe >said &&
	grep -qx "acme-nic-dkms 1.0 -> 2.0" said &&
	grep -qx "acme_nic 1.0 -> 2.0 by a reload" said &&
	drive h1 2 apply >"$TRASH/h1-up.json" &&
	test "$(field "$TRASH/h1-up.json" error)" = None &&
	test "$(field "$TRASH/h1-up.json" changed)" = 1 &&
	test "$(field "$TRASH/h1-up.json" prior.version)" = 1.0 &&
	test "$(field "$TRASH/h1-up.json" prior.in_use)" = False &&
	test "$(package_on h1)" = 2.0 && test "$(loaded_on h1)" = 2.0 &&
	test "$(boot_id h1)" = "$(cat before)" &&
	lab_exec h1 test -e "/usr/lib/modules/$(uname -r)/modules.dep.lab" &&
	drive h1 2 apply >again && test "$(field again changed)" = 0
'

test_expect_success 'revert brings back package 1.0 and loads 1.0' '
	drive h1 2 revert "$TRASH/h1-up.json" >out &&
	test "$(field out error)" = None &&
	test "$(package_on h1)" = 1.0 && test "$(loaded_on h1)" = 1.0
'

test_expect_success 'in use with reboot: never fails and leaves the host as it was' '
	lab_exec h1 sh -c "echo 1 >/sys/module/acme_nic/refcnt" &&
	test_expect_code 1 drive h1 3 apply >out &&
	test "$(field out error.kind)" = failed &&
	field out error.message | grep -q "acme_nic is in use, and with reboot: never" &&
	test "$(package_on h1)" = 1.0 && test "$(loaded_on h1)" = 1.0 &&
	test "$(lab_exec h1 cat /sys/module/acme_nic/refcnt)" = 1
'

test_expect_success 'in use with reboot: if_needed reboots and comes back on 2.0' '
	lab_exec h2 sh -c "echo 1 >/sys/module/acme_nic/refcnt" &&
	boot_id h2 >before &&
	drive h2 2 describe >desc &&
	field desc describe | grep -qx "acme_nic 1.0 -> 2.0 by a reboot (in use)" &&
	drive h2 2 apply >"$TRASH/h2-up.json" &&
	test "$(field "$TRASH/h2-up.json" error)" = None &&
	test "$(field "$TRASH/h2-up.json" prior.in_use)" = True &&
	test "$(boot_id h2)" != "$(cat before)" &&
	test "$(package_on h2)" = 2.0 && test "$(loaded_on h2)" = 2.0
'

test_expect_success '3.0, whose module fails to load, fails; revert loads 2.0 again' '
	test_expect_code 1 drive h2 4 apply >"$TRASH/h2-3.json" &&
	field "$TRASH/h2-3.json" error.message | grep -q "could not insert" &&
	test "$(package_on h2)" = 3.0 && test "$(loaded_on h2)" = none &&
	drive h2 4 revert "$TRASH/h2-3.json" >out &&
	test "$(field out error)" = None &&
	test "$(package_on h2)" = 2.0 && test "$(loaded_on h2)" = 2.0
'

test_expect_success 'revert of the rebooting upgrade brings back 1.0 loaded' '
	drive h2 2 revert "$TRASH/h2-up.json" >out &&
	test "$(field out error)" = None &&
	test "$(package_on h2)" = 1.0 && test "$(loaded_on h2)" = 1.0
'

CONN="--known-hosts $LAB_DIR/known_hosts --key $LAB_DIR/id_ed25519 --connect-timeout 3"
cat >"$TRASH/wave.yml" <<\YML
name: acme_nic by waves
hosts: lab
waves: [1, 100%]
max_failures: 0
order: sorted
rollback: wave
tasks:
  - driver: {name: acme_nic, package: acme-nic-dkms, version: "{{ nic }}"}
YML

test_expect_success 'crest run: 2.0 on a wave of hosts, each verified loaded' '
	lab_exec h1 sh -c "echo 0 >/sys/module/acme_nic/refcnt" &&
	$CREST run wave.yml -i "$LAB_DIR/inventory" $CONN -e nic=2.0 \
		--state-dir state --json >events &&
	for h in h1 h2 h3; do
		test "$(package_on $h)" = 2.0 && test "$(loaded_on $h)" = 2.0 ||
			return 1
	done &&
	tail -n 1 events | grep -q "\"event\":\"run_end\",\"status\":\"ok\""
'

test_expect_success 'crest run: 3.0 fails to load on the canary, which reverts to 2.0' '
	test_expect_code 2 $CREST run wave.yml -i "$LAB_DIR/inventory" $CONN \
		-e nic=3.0 --state-dir state --json >events;
	grep -q "could not insert" events &&
	for h in h1 h2 h3; do
		test "$(package_on $h)" = 2.0 && test "$(loaded_on $h)" = 2.0 ||
			return 1
	done
'

test_done
