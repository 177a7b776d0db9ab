#!/bin/bash
# t4012-resume-crash: what the crash campaign (make crashtest) found, each
# reproduced on purpose: a package task waits for the dpkg lock that an
# apt-get of the killed controller may still hold.
test_description='resume after SIGKILL: dpkg lock'
export LAB_REBOOT_DELAY=2
. "$(dirname "$0")/test-lib.sh"

lab_up 3
CONN="--known-hosts $LAB_DIR/known_hosts --key $LAB_DIR/id_ed25519 --connect-timeout 3"

# Prints the run id of the one journal under state directory $1.
run_in() {
	basename "$(ls "$1"/runs/*.jsonl)" .jsonl
}

cat >"$TRASH/agent.yml" <<'PLAY'
name: acme-agent
hosts: h1
tasks:
  - package: { name: acme-agent, version: "1.1" }
PLAY

test_expect_success 'a package task waits for the dpkg lock another apt-get holds' '
	lab_exec h1 apt-get update -qq
	lab_exec h1 python3 -c "
import fcntl, sys, time
f = open(\"/var/lib/dpkg/lock-frontend\", \"w\")
fcntl.lockf(f, fcntl.LOCK_EX)
open(\"/tmp/locked\", \"w\").close()
time.sleep(5)
" &
	holder=$! &&
	test_wait_for 10 lab_exec h1 test -e /tmp/locked &&
	$CREST run agent.yml -i "$LAB_DIR/inventory" $CONN --state-dir st3 >run3 2>&1 &&
	wait $holder &&
	test "$(lab_exec h1 dpkg-query -W -f="\${Version}" acme-agent)" = 1.1
'

test_done
