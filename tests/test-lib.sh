# tests/test-lib.sh - shared library of crest's integration tests.
#
# An integration test is a bash script tests/tNNNN-name.sh (after git's t/):
#
#	test_description='what this file tests'
#	. "$(dirname "$0")/test-lib.sh"
#	lab_up 3                       # real sshd test hosts h1..h3
#	test_expect_success 'h1 answers' '
#		ssh -F "$LAB_DIR/ssh_config" h1 hostname >out &&
#		grep -qx h1 out
#	'
#	test_done
#
# Each test body runs in a subshell with "set -e" in the scratch directory
# $TRASH, so a test cannot change the next one's variables: pass things on
# in files.  Output is TAP ("ok N - ...", "not ok N - ..."), which
# tests/run.sh counts.  A failing test's commands and output are printed
# as TAP comments.
#
# Variables a test can use:
#   CREST      the crest binary under test
#   SRC        the top of the source tree
#   TRASH      an empty scratch directory for this script, removed at the end
#   LAB        the lab control script (tests/lab/lab)
#   LAB_DIR    the lab's state, after lab_up: known_hosts, id_ed25519,
#              ssh_config, inventory (see tests/lab/README.md)
#   ARTEFACTS  where test_keep puts what a script keeps after it ends
#              (a screenshot): $SRC/build/test-artefacts/tNNNN-name
#
# LAB_ROOT (default /tmp/crest-lab) and LAB_NET (the first third octet of
# the hosts' loopback addresses, default 1) can be set from outside, so two
# checkouts can run their suites at the same time without sharing addresses.

set -u

SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TEST_NAME=$(basename "$0" .sh)
CREST=${CREST:-$SRC/build/crest}
LAB=$SRC/tests/lab/lab
LAB_ROOT=${LAB_ROOT:-/tmp/crest-lab}
LAB_NET=${LAB_NET:-1}
export CREST SRC LAB LAB_NET
export NO_COLOR=1

ARTEFACTS=$SRC/${BUILD:-build}/test-artefacts/$TEST_NAME
export ARTEFACTS
TRASH=$(mktemp -d "${TMPDIR:-/tmp}/crest-$TEST_NAME.XXXXXX")
export TRASH
LAB_DIR=
test_count=0
test_failures=0
lab_started=

# Stops the lab (by pid, see tests/lab/lab) and removes scratch files.
test_cleanup() {
	if [ -n "$lab_started" ]; then
		"$LAB" down >/dev/null 2>&1 || echo "# lab down failed"
	fi
	rm -rf "$TRASH"
}
trap test_cleanup EXIT
trap 'exit 130' INT TERM

# Starts N test hosts for this script; the whole script fails if it can't.
lab_up() {
	LAB_DIR=$LAB_ROOT/$TEST_NAME
	export LAB_DIR
	lab_started=1
	if ! "$LAB" up "$@" >"$TRASH/lab-up.log" 2>&1; then
		echo "not ok - the lab did not start ($LAB up $*)"
		sed 's/^/# /' "$TRASH/lab-up.log"
		exit 1
	fi
}

# Keeps files past the script's end, in $ARTEFACTS: test_keep FILE...
test_keep() {
	mkdir -p "$ARTEFACTS" && cp "$@" "$ARTEFACTS/"
}

# Runs a command inside a test host, without SSH: lab_exec h1 dpkg -l.
lab_exec() {
	"$LAB" exec "$@"
}

# Runs the test body $2 titled $1; counts and reports it.
test_expect_success() {
	local title=$1 body=$2 log rc
	test_count=$((test_count + 1))
	log=$TRASH/.test-$test_count.log
	(cd "$TRASH" && set -e && eval "$body") >"$log" 2>&1 </dev/null
	rc=$?
	if [ $rc = 0 ]; then
		echo "ok $test_count - $title"
	else
		test_failures=$((test_failures + 1))
		echo "not ok $test_count - $title"
		echo "$body" | sed 's/^/#   /'
		echo "# exit status $rc; output:"
		sed 's/^/#   /' "$log" | tail -n 60
	fi
}

# Reports a test that cannot run here, naming why: test_skip 'title' 'why'.
test_skip() {
	test_count=$((test_count + 1))
	echo "ok $test_count - $1 # SKIP $2"
}

# Checks that a command fails with exactly exit status $1.
test_expect_code() {
	local want=$1 rc=0
	shift
	"$@" || rc=$?
	if [ "$rc" != "$want" ]; then
		echo "expected exit status $want, got $rc: $*" >&2
		return 1
	fi
}

# Waits up to $1 seconds for the command after it to succeed.
test_wait_for() {
	local seconds=$1 i=0
	shift
	while ! "$@"; do
		i=$((i + 1))
		[ $i -ge $((seconds * 10)) ] && return 1
		sleep 0.1
	done
}

# Ends the script: prints the TAP plan and exits non-zero on any failure.
test_done() {
	echo "1..$test_count"
	[ "$test_failures" = 0 ]
	exit $?
}
