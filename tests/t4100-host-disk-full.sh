#!/bin/bash
# t4100-host-disk-full: a host's disk fills during a package upgrade.  h1's
# /opt/acme-data is a 1 MiB tmpfs mounted inside h1's mount namespace only
# (lab exec), and the lab package acme-data 2.0 needs 4 MiB there.  A real
# crest run fails h1's task saying the disk is full on h1 and where to make
# room, exits 1 (failed, within the budget) while h2 upgrades, and leaves
# h1 at 1.0 with 1.0's files intact and nothing half-installed (dpkg
# --audit and dpkg -C print nothing).  Then a task upgrading two packages
# at once, where apt unpacks acme-agent 2.0 before acme-data runs out of
# room: crest puts acme-agent 1.0 back from the .deb it kept.
test_description='a host whose disk fills during a package upgrade'
. "$(dirname "$0")/test-lib.sh"

lab_up 2
CONN="--known-hosts $LAB_DIR/known_hosts --key $LAB_DIR/id_ed25519 --connect-timeout 3"

# Prints the version dpkg has fully installed of package $2 on host $1, or
# "absent".
version_on() {
	lab_exec "$1" dpkg-query -W -f='${Status} ${Version}\n' "$2" \
		2>/dev/null | sed -n 's/^install ok installed //p' | grep . ||
		echo absent
}

# Runs playbook $1 expecting a failed run (exit 1), its events in file $2.
run_failing() {
	test_expect_code 1 $CREST run "$1" -i "$LAB_DIR/inventory" $CONN \
		--state-dir state --json >"$2" 2>"$2.err"
}

# Prints the JSON event line of event $2 for host $3 in file $1.
event_of() {
	grep "\"event\":\"$2\"" "$1" | grep "\"host\":\"$3\""
}

cat >"$TRASH/data.yml" <<'PLAY'
name: acme-data 2.0
hosts: lab
max_failures: 1
tasks:
  - name: data 2.0
    package: { name: acme-data, version: "2.0" }
PLAY

cat >"$TRASH/both.yml" <<'PLAY'
name: acme-agent and acme-data, latest
hosts: h1
max_failures: 1
tasks:
  - name: both latest
    package: { name: [acme-agent, acme-data], state: latest }
PLAY

test_expect_success 'h1 holds acme-data 1.0 on a 1 MiB filesystem, h2 on its disk' '
	lab_exec h1 sh -c "mkdir -p /opt/acme-data &&
		mount -t tmpfs -o size=1m,mode=755 lab-h1-small /opt/acme-data" &&
	lab_exec h1 mountpoint -q /opt/acme-data &&
	! lab_exec h2 mountpoint -q /opt/acme-data &&
	for k in 1 2; do
		lab_exec h$k apt-get update -q >/dev/null &&
		lab_exec h$k env DEBIAN_FRONTEND=noninteractive apt-get install \
			-y -q acme-data=1.0 acme-agent=1.0 >/dev/null 2>&1 &&
		test "$(version_on h$k acme-data)" = 1.0 || return 1
	done &&
	lab_exec h1 sh -c "cd /opt/acme-data && md5sum VERSION data" >files-before &&
	test "$(wc -l <files-before)" = 2 &&
	lab_exec h1 df -k --output=avail /opt/acme-data | tail -n 1 >avail &&
	test "$(cat avail)" -lt 4096
'

test_expect_success 'crest run: h1 fails, disk full named with the host and what to do; exit 1' '
	run_failing data.yml run.out &&
	event_of run.out host_end h1 >end &&
	grep -q "\"status\":\"failed\"" end &&
	grep -q "the disk is full on h1" end &&
	grep -q "no space left on device writing /opt/acme-data/data.dpkg-new" end &&
	grep -q "free space in /opt/acme-data on h1 (df -h /opt/acme-data), then run again" end &&
	grep -q "the packages are back as found" end &&
	event_of run.out task_result h1 | grep -q "the disk is full on h1" &&
	event_of run.out rollback_step h1 | grep -q "\"status\":\"ok\"" &&
	event_of run.out host_end h2 | grep -q "\"status\":\"changed\"" &&
	tail -n 1 run.out | grep -q "\"event\":\"run_end\",\"status\":\"failed\""
'

test_expect_success 'h1 is back at acme-data 1.0, h2 has 2.0' '
	test "$(version_on h1 acme-data)" = 1.0 &&
	test "$(version_on h2 acme-data)" = 2.0 &&
	test "$(lab_exec h1 cat /opt/acme-data/VERSION)" = 1.0 &&
	test "$(lab_exec h2 cat /opt/acme-data/VERSION)" = 2.0
'

test_expect_success 'nothing on h1 is half-installed: dpkg --audit and dpkg -C print nothing' '
	lab_exec h1 dpkg --audit >audit 2>&1 &&
	test ! -s audit &&
	lab_exec h1 dpkg -C >check 2>&1 &&
	test ! -s check &&
	lab_exec h1 dpkg-query -W -f="\${db:Status-Abbrev}\n" acme-data >abbrev &&
	grep -qx "ii " abbrev
'

test_expect_success 'the rollback left 1.0 files intact and no partial file behind' '
	lab_exec h1 sh -c "cd /opt/acme-data && md5sum VERSION data" >files-after &&
	cmp files-before files-after &&
	lab_exec h1 sh -c "ls -A /opt/acme-data" >listing &&
	printf "VERSION\ndata\n" >want &&
	cmp want listing &&
	lab_exec h1 df -k --output=avail /opt/acme-data | tail -n 1 >avail-after &&
	test "$(cat avail-after)" = "$(cat avail)"
'

test_expect_success 'two packages in one task: acme-agent unpacked, then the disk fills; both go back' '
	run_failing both.yml both.out &&
	event_of both.out task_result h1 >result &&
	grep -q "Unpacking acme-agent (2.0) over (1.0)" result &&
	grep -q "Unpacking acme-agent (1.0) over (2.0)" result &&
	event_of both.out host_end h1 | grep -q "the disk is full on h1" &&
	test "$(version_on h1 acme-agent)" = 1.0 &&
	test "$(lab_exec h1 acme-agent)" = "acme-agent 1.0" &&
	test "$(version_on h1 acme-data)" = 1.0 &&
	lab_exec h1 dpkg --audit >audit2 2>&1 &&
	test ! -s audit2 &&
	lab_exec h1 sh -c "cd /opt/acme-data && md5sum VERSION data" >files-after2 &&
	cmp files-before files-after2
'

test_done
