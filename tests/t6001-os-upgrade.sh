#!/bin/bash
# t6001-os-upgrade.sh - the os_upgrade module against lab hosts, driven
# step by step with tests/helpers/module-driver.
#
# Stand-ins: a lab host cannot change its kernel or disks, so
# - the releases are two suites of the lab repository (build-repo
#   --suites, served as /run/lab-suites): bookworm-lab and trixie-lab,
#   named in the apt sources as the codename is on Debian; acme-release
#   12/13 writes /etc/os-release as base-files does, and acme-agent is
#   1.0 in bookworm-lab, 2.0 in trixie-lab;
# - the snapshot is the "command" provider running the lab's
#   lab-snapshot, a stand-in for lvm, btrfs or zfs: the lab copies the
#   host's overlay upper layers, and a restore puts them back at the next
#   (lab) reboot, so packages, files and os-release really return.
# apt, dpkg, the sources rewrite and the reboot are real.  Last, crest run
# takes three hosts across waves [1, 50%, 100%]; a verify check made to
# fail on h2 rolls its wave back to bookworm-lab while h1 stays upgraded.
test_description='os_upgrade: preflight, upgrade, verify, revert'
. "$(dirname "$0")/test-lib.sh"

. "$SRC/tests/lib-modules.sh"
lab_up 3

cat >"$PLAYBOOK" <<\YML
hosts: all
tasks:
  - os_upgrade: {from: bookworm-lab, to: trixie-lab, snapshot: command,
      snapshot_command: "lab-snapshot create",
      restore_command: "lab-snapshot restore",
      delete_command: "lab-snapshot delete",
      min_free_mb: 1, reboot_timeout: 60s}
  - os_upgrade: {from: buster-lab, to: trixie-lab, snapshot: command,
      snapshot_command: "lab-snapshot create",
      restore_command: "lab-snapshot restore", min_free_mb: 1}
  - os_upgrade: {from: bookworm-lab, to: trixie-lab, snapshot: none,
      allow_irreversible: true, min_free_mb: 1}
YML

# Prints the codename /etc/os-release gives on a host.
release_on() {
	lab_exec "$1" sed -n 's/^VERSION_CODENAME=//p' /etc/os-release
}

# Prints the version dpkg has of a package on a host, or "absent".
version_on() {
	lab_exec "$1" dpkg-query -W -f='${Status} ${Version}\n' "$2" \
		2>/dev/null | sed -n 's/^install ok installed //p' | grep . ||
		echo absent
}

test_expect_success 'hosts on bookworm-lab: one-line and deb822 sources' '
	for h in h1 h2 h3; do
		lab_exec $h sh -c "rm -f /etc/apt/sources.list.d/lab.list &&
			echo \"deb [trusted=yes] file:/run/lab-suites/bookworm-lab ./\" \
				>/etc/apt/sources.list.d/lab-release.list &&
			printf \"Types: deb\\nURIs: file:/run/lab-suites/\\nSuites: bookworm-lab/\\nTrusted: yes\\n\" \
				>/etc/apt/sources.list.d/lab-release.sources &&
			apt-get update -q >/dev/null 2>&1 &&
			apt-get install -y -q acme-release acme-agent >/dev/null 2>&1 &&
			echo local >/etc/acme.conf" || return 1
	done &&
	test "$(release_on h1)" = bookworm-lab &&
	test "$(version_on h1 acme-agent)" = 1.0
'

test_expect_success 'preflight: the wrong from fails before anything changes' '
	lab_exec h1 cat /etc/apt/sources.list.d/lab-release.list >before &&
	test_expect_code 1 drive h1 2 apply >out &&
	field out error.message >msg &&
	grep -q "the host runs bookworm-lab, not buster-lab; nothing was changed" msg &&
	test ! -e "$LAB_DIR/hosts/h1/snapshot" &&
	lab_exec h1 cat /etc/apt/sources.list.d/lab-release.list >after &&
	cmp before after &&
	test "$(release_on h1)" = bookworm-lab
'

test_expect_success 'preflight: a held package fails before anything changes' '
	lab_exec h2 apt-mark hold acme-agent >/dev/null &&
	test_expect_code 1 drive h2 1 apply >out &&
	field out error.message | grep -q "acme-agent is held" &&
	test ! -e "$LAB_DIR/hosts/h2/snapshot" &&
	test "$(release_on h2)" = bookworm-lab &&
	lab_exec h2 apt-mark unhold acme-agent >/dev/null
'

test_expect_success 'without a snapshot the task is irreversible; with one it is not' '
	drive h2 3 describe >out &&
	test "$(field out irreversible)" = True &&
	field out describe | grep -q "no snapshot: irreversible" &&
	drive h2 1 describe >out &&
	test "$(field out irreversible)" = False &&
	field out describe | grep -qx "release bookworm-lab -> trixie-lab (debian), reboot"
'

test_expect_success 'upgrade bookworm-lab -> trixie-lab: snapshot, sources, full-upgrade, reboot' '
	boot=$(lab_exec h1 cat /proc/sys/kernel/random/boot_id) &&
	drive h1 1 apply >"$TRASH/up.json" &&
	test "$(field "$TRASH/up.json" error)" = None &&
	test "$(field "$TRASH/up.json" changed)" = 1 &&
	test "$(field "$TRASH/up.json" prior.release)" = bookworm-lab &&
	test -d "$LAB_DIR/hosts/h1/snapshot" &&
	test "$(lab_exec h1 cat /proc/sys/kernel/random/boot_id)" != "$boot" &&
	test "$(release_on h1)" = trixie-lab &&
	test "$(version_on h1 acme-release)" = 13 &&
	test "$(version_on h1 acme-agent)" = 2.0 &&
	lab_exec h1 grep -q "lab-suites/trixie-lab " /etc/apt/sources.list.d/lab-release.list &&
	lab_exec h1 grep -qx "Suites: trixie-lab/" /etc/apt/sources.list.d/lab-release.sources &&
	test "$(lab_exec h1 cat /etc/acme.conf)" = local &&
	drive h1 1 apply >again && test "$(field again changed)" = 0 &&
	test "$(release_on h2)" = bookworm-lab
'

test_expect_success 'revert restores the snapshot: release, packages and files' '
	lab_exec h1 sh -c "echo new >/srv/after-upgrade" &&
	drive h1 1 revert "$TRASH/up.json" >out &&
	test "$(field out error)" = None &&
	test "$(release_on h1)" = bookworm-lab &&
	test "$(version_on h1 acme-release)" = 12 &&
	test "$(version_on h1 acme-agent)" = 1.0 &&
	lab_exec h1 grep -q "lab-suites/bookworm-lab " /etc/apt/sources.list.d/lab-release.list &&
	lab_exec h1 test ! -e /srv/after-upgrade &&
	test "$(lab_exec h1 cat /etc/acme.conf)" = local &&
	test ! -e "$LAB_DIR/hosts/h1/snapshot"
'

CONN="--known-hosts $LAB_DIR/known_hosts --key $LAB_DIR/id_ed25519 --connect-timeout 3"
cat >"$TRASH/waves.yml" <<\YML
name: lab to trixie-lab
hosts: lab
waves: [1, 50%, 100%]
max_failures: 0
order: sorted
rollback: wave
verify:
  - check: {command: "test ! -e /srv/fail-verify"}
tasks:
  - os_upgrade: {from: bookworm-lab, to: trixie-lab, snapshot: command,
      snapshot_command: "lab-snapshot create",
      restore_command: "lab-snapshot restore",
      delete_command: "lab-snapshot delete",
      min_free_mb: 1, reboot_timeout: 60s}
YML

test_expect_success 'crest run by waves: a failed verify rolls its wave back to bookworm-lab' '
	lab_exec h2 sh -c "echo x >/srv/fail-verify" &&
	test_expect_code 2 $CREST run waves.yml -i "$LAB_DIR/inventory" $CONN \
		--state-dir state --json >events;
	grep "\"event\":\"verify\"" events | grep "\"h2\"" | grep -q "\"status\":\"failed\"" &&
	grep "\"event\":\"rollback_step\"" events | grep "\"h2\"" | grep -q "\"status\":\"ok\"" &&
	! grep "\"event\":\"rollback_step\"" events | grep -q "\"h1\"" &&
	test "$(release_on h1)" = trixie-lab &&
	test "$(version_on h1 acme-agent)" = 2.0 &&
	test "$(release_on h2)" = bookworm-lab &&
	test "$(version_on h2 acme-release)" = 12 &&
	test "$(version_on h2 acme-agent)" = 1.0 &&
	lab_exec h2 grep -q "lab-suites/bookworm-lab " /etc/apt/sources.list.d/lab-release.list &&
	test "$(release_on h3)" = bookworm-lab
'

test_done
