#!/bin/bash
# t0001-lab: the test lab itself, checked with OpenSSH and from outside.
test_description='lab of real sshd test hosts'
. "$(dirname "$0")/test-lib.sh"

lab_up 20
SSH="ssh -F $LAB_DIR/ssh_config"

test_expect_success 'OpenSSH reaches all 20 hosts with strict host key checking' '
	for k in $(seq 20); do
		$SSH -o StrictHostKeyChecking=yes h$k hostname >out.$k
		grep -qx "h$k" out.$k
	done
'

test_expect_success 'each host listens on its own loopback address' '
	test "$($LAB addr h1)" = 127.0.$LAB_NET.1 &&
	test "$($LAB addr h20)" = 127.0.$LAB_NET.20 &&
	$SSH h7 "echo \$SSH_CONNECTION" >conn &&
	grep -q " 127.0.$LAB_NET.7 22\$" conn
'

test_expect_success 'a host key that does not match known_hosts is refused' '
	grep -v "^h2," "$LAB_DIR/known_hosts" >bad_known_hosts &&
	sed -n "s/^h3,[^ ]* /h2,$($LAB addr h2) /p" "$LAB_DIR/known_hosts" >>bad_known_hosts &&
	test_expect_code 255 $SSH -o UserKnownHostsFile=$TRASH/bad_known_hosts h2 true 2>err &&
	grep -q "HOST IDENTIFICATION HAS CHANGED" err
'

test_expect_success 'only the lab key logs in' '
	ssh-keygen -q -t ed25519 -N "" -f other_key &&
	bare="ssh -F /dev/null -o BatchMode=yes -o IdentityAgent=none -o IdentitiesOnly=yes -o UserKnownHostsFile=$LAB_DIR/known_hosts -o StrictHostKeyChecking=yes" &&
	$bare -i "$LAB_DIR/id_ed25519" root@$($LAB addr h1) true &&
	test_expect_code 255 $bare -i other_key root@$($LAB addr h1) true 2>err &&
	grep -q "Permission denied (publickey)" err
'

test_expect_success 'a package installed on h1 is absent on h2 and on this machine' '
	$SSH h1 "apt-get update -qq && apt-get install -y -qq acme-agent=1.1" >apt.log 2>&1 &&
	lab_exec h1 dpkg-query -W -f="\${Version}" acme-agent >v1 &&
	test "$(cat v1)" = 1.1 &&
	test "$($SSH h1 acme-agent)" = "acme-agent 1.1" &&
	test "$(lab_exec h1 cat /opt/acme/VERSION)" = 1.1 &&
	! lab_exec h2 dpkg-query -W acme-agent 2>/dev/null &&
	! lab_exec h2 test -e /opt/acme/VERSION &&
	! dpkg-query -W acme-agent 2>/dev/null &&
	! test -e /opt/acme/VERSION
'

test_expect_success 'the repository offers every acme-agent version and acme-broken fails' '
	$SSH h3 "apt-get update -qq && apt-cache madison acme-agent" >madison &&
	grep -c "acme-agent |" madison >count &&
	test "$(cat count)" = 3 &&
	! $SSH h3 "apt-get install -y -qq acme-broken" >broken.log 2>&1 &&
	lab_exec h3 dpkg-query -W -f="\${Status}" acme-broken >status &&
	! grep -q "ok installed" status
'

test_expect_success 'a file written on h4 changes h4 alone, in every overlaid directory' '
	for d in /etc /var /usr /opt /root /srv; do
		$SSH h4 "echo h4 >$d/crest-lab-probe"
		test "$(lab_exec h4 cat $d/crest-lab-probe)" = h4
		! lab_exec h5 test -e $d/crest-lab-probe
		! test -e $d/crest-lab-probe
	done
'

test_expect_success 'fault down refuses connections; fault up restores the host' '
	$LAB fault h5 down &&
	test_expect_code 255 $SSH h5 true 2>err &&
	grep -q "Connection refused" err &&
	$LAB fault h5 up &&
	test "$($SSH h5 hostname)" = h5
'

test_expect_success 'fault hang: TCP connects, no banner; fault up restores the host' '
	$LAB fault h6 hang &&
	start=$(date +%s) &&
	test_expect_code 255 $SSH -o ConnectTimeout=2 h6 true 2>err &&
	grep -q "timed out during banner exchange" err &&
	test $(($(date +%s) - start)) -lt 10 &&
	$LAB fault h6 up &&
	test "$($SSH h6 hostname)" = h6
'

test_expect_success 'a hang freezes open sessions too' '
	($SSH h8 "sleep 1; echo done" >session.out 2>&1 &
	 echo $! >session.pid) &&
	sleep 0.5 &&
	$LAB fault h8 hang &&
	sleep 2 &&
	! grep -q done session.out &&
	$LAB fault h8 up &&
	test_wait_for 10 grep -q done session.out
'

test_expect_success 'reboot changes the boot id and keeps the disk' '
	before=$($SSH h9 cat /proc/sys/kernel/random/boot_id) &&
	test "$before" != "$(cat /proc/sys/kernel/random/boot_id)" &&
	$SSH h9 "echo kept >/srv/before-reboot; echo tmp >/tmp/gone; reboot" &&
	test_wait_for 20 sh -c "! $SSH -o ConnectTimeout=1 h9 true 2>/dev/null" &&
	test_wait_for 30 $SSH -o ConnectTimeout=1 h9 true &&
	after=$($SSH h9 cat /proc/sys/kernel/random/boot_id) &&
	test -n "$after" && test "$before" != "$after" &&
	test "$($SSH h9 cat /srv/before-reboot)" = kept &&
	! $SSH h9 test -e /tmp/gone &&
	test "$($SSH h9 hostname)" = h9
'

# This kernel cannot load modules: the lab's modprobe, modinfo, lsmod and
# rmmod are stand-ins over a per-host tmpfs on /sys/module.
test_expect_success 'kernel module stand-ins: load, in use, unload, reboot' '
	$SSH h8 "apt-get update -q >/dev/null 2>&1 &&
		apt-get install -y -q acme-nic-dkms=1.0 >/dev/null 2>&1" &&
	test "$($SSH h8 modinfo -F version acme_nic)" = 1.0 &&
	! $SSH h8 test -e /sys/module/acme_nic &&
	$SSH h8 modprobe acme_nic &&
	test "$($SSH h8 cat /sys/module/acme_nic/version)" = 1.0 &&
	$SSH h8 lsmod | grep -q "^acme_nic " &&
	! lab_exec h7 test -e /sys/module/acme_nic &&
	$SSH h8 "echo 1 >/sys/module/acme_nic/refcnt" &&
	! $SSH h8 modprobe -r acme_nic 2>err && grep -q "in use" err &&
	$SSH h8 "echo 0 >/sys/module/acme_nic/refcnt; modprobe -r acme_nic" &&
	! $SSH h8 test -e /sys/module/acme_nic &&
	$SSH h8 "apt-get install -y -q acme-nic-dkms=3.0 >/dev/null 2>&1" &&
	! $SSH h8 modprobe acme_nic 2>err && grep -q "could not insert" err &&
	$SSH h8 "apt-get install -y -q --allow-downgrades acme-nic-dkms=2.0 >/dev/null 2>&1; reboot" &&
	test_wait_for 20 sh -c "! $SSH -o ConnectTimeout=1 h8 true 2>/dev/null" &&
	test_wait_for 30 $SSH -o ConnectTimeout=1 h8 true &&
	test "$($SSH h8 cat /sys/module/acme_nic/version)" = 2.0
'

test_expect_success 'down leaves no process, mount or state behind' '
	for k in $(seq 20); do
		pid=$($LAB pid h$k)
		readlink /proc/$pid/ns/mnt
	done | sort -u >namespaces &&
	test "$(wc -l <namespaces)" = 20 &&
	daemon=$(cat "$LAB_DIR/daemon.pid") &&
	$LAB down &&
	! test -e "$LAB_DIR" &&
	! test -d /proc/$daemon &&
	find /proc/[0-9]*/ns -maxdepth 1 -name mnt -printf "%l\n" 2>/dev/null | sort -u >now &&
	test -z "$(comm -12 namespaces now)" &&
	! grep -q "$LAB_DIR" /proc/self/mountinfo &&
	! grep -q "lab-h" /proc/self/mountinfo
'

test_expect_success 'up after a crashed lab cleans the stale state first' '
	export LAB_DIR=$LAB_ROOT/$TEST_NAME-stale &&
	$LAB up 2 >/dev/null &&
	stale=$($LAB pid h1) &&
	kill -KILL $(cat "$LAB_DIR/daemon.pid") &&
	$LAB up 2 >/dev/null &&
	! test -d /proc/$stale &&
	test "$($SSH -F "$LAB_DIR/ssh_config" h2 hostname)" = h2 &&
	$LAB down >/dev/null
'

test_done
