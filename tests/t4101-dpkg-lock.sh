#!/bin/bash
# t4101-dpkg-lock: another process on the host holds the dpkg lock.  The
# holder is a python3 started in h1 with lab exec that takes an fcntl lock
# on /var/lib/dpkg/lock-frontend, as apt and dpkg take it (flock(1) takes
# a flock(2) lock, which apt and dpkg do not see), and is stopped by its
# pid.  With lock_timeout 2 and the lock held throughout, the package task
# fails after waiting at least 2 s, naming h1, the lock, the holder's pid
# and what to do, and dpkg is left clean at the prior version; with the
# lock released a second into apt's wait and lock_timeout 10, the task
# waits and succeeds.  A revert waits the same way (crest rollback with
# the lock released a second in) and, with the lock held throughout,
# fails as clearly (rollback_failed, exit 3), and goes through once the
# lock is free.  The package lists' lock held during the probe's apt-get
# update is named too.  Bad lock_timeout values are refused at their
# file:line:column, exit 4.
test_description='the dpkg lock held by another process on the host'
. "$(dirname "$0")/test-lib.sh"

lab_up 1
CONN="--known-hosts $LAB_DIR/known_hosts --key $LAB_DIR/id_ed25519 --connect-timeout 3"

# Prints the version dpkg has fully installed of acme-agent on h1, or
# "absent".
version_on_h1() {
	lab_exec h1 dpkg-query -W -f='${Status} ${Version}\n' acme-agent \
		2>/dev/null | sed -n 's/^install ok installed //p' | grep . ||
		echo absent
}

# Starts a process in h1 that holds lock file $2 (default the dpkg frontend
# lock) until it is stopped; writes its pid to file $1 once it holds the
# lock ("lab exec" execs the command, so $! is the holder itself).
hold_lock() {
	"$LAB" exec h1 python3 -c '
import fcntl, sys, time
f = open(sys.argv[1], "w")
fcntl.lockf(f, fcntl.LOCK_EX)
print("locked", flush=True)
time.sleep(3600)' "${2:-/var/lib/dpkg/lock-frontend}" >"$1.out" 2>&1 </dev/null &
	echo $! >"$1"
	test_wait_for 10 grep -q locked "$1.out" &&
		test "$(cat /proc/$(cat "$1")/comm)" = python3
}

# Stops the holder whose pid is in file $1, and waits until it is gone.
release_lock() {
	kill "$(cat "$1")" && test_wait_for 10 sh -c "! kill -0 $(cat "$1") 2>/dev/null"
}

# Releases the lock of holder file $1 one second after line $3 shows up
# in file $2 (the command waiting on the lock has started by then).
release_lock_later() {
	(test_wait_for 60 grep -q "$3" "$2" && sleep 1 && release_lock "$1") \
		>/dev/null 2>&1 &
}

# Prints milliseconds since the epoch.
now_ms() {
	echo $(($(date +%s%N) / 1000000))
}

# Writes playbook $1 upgrading acme-agent to 2.0 with lock_timeout $2.
playbook() {
	cat >"$1" <<PLAY
name: acme-agent 2.0, lock_timeout $2
hosts: h1
max_failures: 1
tasks:
  - name: agent 2.0
    package: { name: acme-agent, version: "2.0", lock_timeout: $2 }
PLAY
}

test_expect_success 'h1 has acme-agent 1.0' '
	lab_exec h1 apt-get update -q >/dev/null &&
	lab_exec h1 env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
		acme-agent=1.0 >/dev/null 2>&1 &&
	test "$(version_on_h1)" = 1.0
'

test_expect_success 'lock_timeout -1 and soon are refused at file:line:column, exit 4' '
	playbook minus.yml -1 &&
	test_expect_code 4 $CREST run minus.yml -i "$LAB_DIR/inventory" $CONN \
		--state-dir state >minus.out 2>minus.err &&
	grep -q "minus.yml:6:64: package: .lock_timeout. must be a duration such as 30s, 5m or 1h, not .-1." minus.err &&
	playbook soon.yml soon &&
	test_expect_code 4 $CREST validate soon.yml >soon.out 2>soon.err &&
	grep -q "soon.yml:6:64: package: .lock_timeout. must be a duration such as 30s, 5m or 1h, not .soon." soon.err &&
	test "$(version_on_h1)" = 1.0
'

test_expect_success 'the lock held throughout, lock_timeout 2: fails after 2 s or more, naming the holder' '
	playbook short.yml 2 &&
	hold_lock holder &&
	start=$(now_ms) &&
	test_expect_code 1 $CREST run short.yml -i "$LAB_DIR/inventory" $CONN \
		--state-dir state --json >short.out 2>short.err &&
	took=$(($(now_ms) - start)) &&
	echo "took $took ms" &&
	test "$took" -ge 2000 &&
	test "$took" -lt 50000 &&
	grep "\"event\":\"host_end\"" short.out >end &&
	grep -q "\"status\":\"failed\"" end &&
	grep -q "the dpkg lock on h1 (/var/lib/dpkg/lock-frontend) is held by process $(cat holder) (python3)" end &&
	grep -q "still after lock_timeout (2s)" end &&
	grep -q "let that process finish (or stop it) or give the task a longer lock_timeout, then run again" end &&
	kill -0 "$(cat holder)" &&
	release_lock holder
'

test_expect_success 'after the failed wait dpkg is clean and acme-agent still 1.0' '
	test "$(version_on_h1)" = 1.0 &&
	lab_exec h1 dpkg --audit >audit 2>&1 &&
	test ! -s audit &&
	lab_exec h1 dpkg -C >check 2>&1 &&
	test ! -s check
'

test_expect_success 'the lock released a second into the wait, lock_timeout 10: waits, then succeeds' '
	playbook long.yml 10 &&
	hold_lock holder2 &&
	: >long.out &&
	release_lock_later holder2 long.out "\"event\":\"task_intent\"" &&
	start=$(now_ms) &&
	$CREST run long.yml -i "$LAB_DIR/inventory" $CONN --state-dir state \
		--json >long.out 2>long.err &&
	took=$(($(now_ms) - start)) &&
	echo "took $took ms" &&
	test "$took" -ge 1000 &&
	grep "\"event\":\"task_result\"" long.out >result &&
	grep -q "\"status\":\"changed\"" result &&
	grep -q "Waiting for cache lock: Could not get lock /var/lib/dpkg/lock-frontend. It is held by process $(cat holder2)" result &&
	tail -n 1 long.out | grep -q "\"event\":\"run_end\",\"status\":\"ok\"" &&
	! kill -0 "$(cat holder2)" 2>/dev/null &&
	test "$(version_on_h1)" = 2.0 &&
	sed -n "s/.*\"event\":\"run_start\",\"run\":\"\([^\"]*\)\".*/\1/p" long.out >long.id &&
	test -s long.id
'

test_expect_success 'a revert waits for the lock too: crest rollback with the lock released a second in' '
	hold_lock holder3 &&
	: >rb.out &&
	release_lock_later holder3 rb.out "\"event\":\"rollback_run_start\"" &&
	$CREST rollback "$(cat long.id)" $CONN --state-dir state --json >rb.out 2>rb.err &&
	! kill -0 "$(cat holder3)" 2>/dev/null &&
	grep "\"event\":\"rollback_step\"" rb.out | grep -q "\"status\":\"ok\"" &&
	test "$(version_on_h1)" = 1.0 &&
	lab_exec h1 dpkg --audit >audit2 2>&1 &&
	test ! -s audit2
'

test_expect_success 'a revert with the lock held throughout fails clearly: rollback_failed, exit 3' '
	$CREST run short.yml -i "$LAB_DIR/inventory" $CONN --state-dir state \
		--json >again.out 2>again.err &&
	test "$(version_on_h1)" = 2.0 &&
	sed -n "s/.*\"event\":\"run_start\",\"run\":\"\([^\"]*\)\".*/\1/p" again.out >again.id &&
	hold_lock holder4 &&
	test_expect_code 3 $CREST rollback "$(cat again.id)" $CONN --state-dir state \
		--json >rb2.out 2>rb2.err &&
	grep "\"event\":\"rollback_step\"" rb2.out >step &&
	grep -q "\"status\":\"failed\"" step &&
	grep -q "package: revert: the dpkg lock on h1 (/var/lib/dpkg/lock-frontend) is held by process $(cat holder4), still after lock_timeout (2s)" step &&
	release_lock holder4 &&
	test "$(version_on_h1)" = 2.0 &&
	lab_exec h1 dpkg --audit >audit3 2>&1 &&
	test ! -s audit3
'

test_expect_success 'the lock released, crest rollback again puts 1.0 back' '
	$CREST rollback "$(cat again.id)" $CONN --state-dir state --json >rb3.out 2>rb3.err &&
	tail -n 1 rb3.out | grep -q "\"event\":\"run_end\",\"status\":\"rolled_back\"" &&
	test "$(version_on_h1)" = 1.0 &&
	lab_exec h1 dpkg --audit >audit4 2>&1 &&
	test ! -s audit4
'

test_expect_success 'the package lists lock held: the probe says so, nothing changed' '
	cat >lists.yml <<-\PLAY &&
	name: acme-agent 2.0 after a refresh
	hosts: h1
	max_failures: 1
	tasks:
	  - package: { name: acme-agent, version: "2.0", update_cache: true }
	PLAY
	hold_lock holder5 /var/lib/apt/lists/lock &&
	test_expect_code 1 $CREST run lists.yml -i "$LAB_DIR/inventory" $CONN \
		--state-dir state --json >lists.out 2>lists.err &&
	grep "\"event\":\"host_end\"" lists.out >end5 &&
	grep -q "package: reading the installed versions: apt.s lock on h1 (/var/lib/apt/lists/lock) is held by process $(cat holder5) (python3); let that process finish (or stop it), then run again" end5 &&
	release_lock holder5 &&
	test "$(version_on_h1)" = 1.0
'

test_done
