#!/bin/bash
# tests/crash/run.sh - crest's crash campaign (make crashtest), after
# SQLite's crash tests: SIGKILL the controller at random moments and check
# from outside that crest resume and crest rollback still leave every host
# exactly as an uninterrupted run would.
#
# Theory of operation
#
# A lab of 20 hosts (h1..h20) runs crash.yml: a package, two files, a
# directory, a mode, two marked commands, in waves of 1, 4, 10 and 5
# hosts; the last wave fails beyond its budget (the directory task on h17
# and h19, where a file is in its way) and is rolled back.  reboot.yml reboots h2..h4 between two tasks.  First one
# uninterrupted run of each play records the reference: each host's state
# (host-state.sh) and the journal's outcome after the run, and after crest
# rollback; and how long the run and the rollback took.
#
# Each trial has its own seed: the first trial's is CRASH_SEED, each next
# one is derived from the one before, and the seed alone decides the
# trial's kind and kill moments, so "CRASH_SEED=S CRASH_N=1" replays trial
# S alone.  Kinds (by seed):
#   run       crest run, SIGKILL after a delay in [0, the reference run's
#             length), crest resume until the run ends, crest rollback;
#   rollback  the same, and crest rollback is SIGKILLed too after a delay
#             in [0, the reference rollback's length), then run again;
#   reboot    reboot.yml, SIGKILLed while it runs (often in the reboot),
#             resumed, rolled back.
# After the resume, every host must be as the reference left it, the
# journal must show no finished task started again (journal-check.py),
# and the counter file each marked command appends to must not show more
# runs than the journal announced intents.  After the rollback, every host
# must be as the reference rollback left it (for crash.yml: as before the
# run).  journal-check.py also finds a task reverted twice.  Between
# trials the counter files are cleared; a trial that left a
# host wrong makes the lab start again from scratch, so the next trial
# starts clean.
#
# Environment: CRASH_N (trials, default 100), CRASH_SEED (default: random,
# printed), LAB_ROOT and LAB_NET (as for the integration tests), CREST.
# Prints "K/N correct", each failing trial's seed with what was wrong, and
# exits 1 when any trial failed.

set -u

SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
HERE=$SRC/tests/crash
CREST=${CREST:-$SRC/build/crest}
LAB=$SRC/tests/lab/lab
export LAB_ROOT=${LAB_ROOT:-/tmp/crest-lab}
export LAB_NET=${LAB_NET:-1}
export LAB_DIR=$LAB_ROOT/crash
export NO_COLOR=1
CRASH_N=${CRASH_N:-100}
CRASH_SEED=${CRASH_SEED:-$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}
HOSTS=20
BROKEN="h17 h19"
PACKAGE_HOSTS="h1 h9"
OLD_AGENT="h1"
REBOOT_HOSTS="h2 h3 h4"

[[ $CRASH_N =~ ^[0-9]+$ ]] && [ "$CRASH_N" -ge 1 ] || {
	echo "crashtest: CRASH_N must be a positive number, not '$CRASH_N'" >&2
	exit 4
}
[[ $CRASH_SEED =~ ^[0-9]+$ ]] || {
	echo "crashtest: CRASH_SEED must be a number, not '$CRASH_SEED'" >&2
	exit 4
}
CRASH_SEED=$((CRASH_SEED % 2147483648))

WORK=$(mktemp -d "${TMPDIR:-/tmp}/crest-crash.XXXXXX")
trap '"$LAB" down >/dev/null 2>&1; rm -rf "$WORK"' EXIT
trap 'exit 130' INT TERM

# Prints the seed of the trial after the one whose seed is $1.
next_seed() {
	echo $((($1 * 1103515245 + 12345) % 2147483648))
}

# Prints true when host $1 is one of the hosts after it, else false.
in_list() {
	case " ${*:2} " in
	*" $1 "*) echo true ;;
	*) echo false ;;
	esac
}

# Prints milliseconds since the epoch.
now_ms() {
	date +%s%3N
}

# Writes every host's state into directory $1, one file a host (hK), and
# its counter lines apart (hK.count); with $2 = clean, clears the counters.
fleet_state() {
	local k
	mkdir -p "$1"
	for k in $(seq $HOSTS); do
		"$LAB" exec h$k sh -s ${2:-} <"$HERE/host-state.sh" >"$1/h$k.raw" 2>&1 &
	done
	wait
	for k in $(seq $HOSTS); do
		grep -v '^count ' "$1/h$k.raw" >"$1/h$k"
		grep '^count ' "$1/h$k.raw" >"$1/h$k.count"
		rm -f "$1/h$k.raw"
	done
}

# Writes the counter lines "HOST TASK N" for tasks $3... of the fleet
# state in directory $1 into file $2.
fleet_counts() {
	local dir=$1 out=$2 k t
	shift 2
	: >"$out"
	for k in $(seq $HOSTS); do
		for t in "$@"; do
			echo "h$k $t $(grep -cx "count task$t" "$dir/h$k.count")" >>"$out"
		done
	done
}

# Compares fleet states $1 and $2; prints the differences, named by host.
fleet_diff() {
	local k rc=0
	for k in $(seq $HOSTS); do
		if ! diff "$1/h$k" "$2/h$k" >"$WORK/diff" 2>&1; then
			sed "s/^/    h$k: /" "$WORK/diff" | grep '^    h[0-9]*: [<>]' | head -n 8
			rc=1
		fi
	done
	return $rc
}

# Starts the lab and gives every host its start state: /srv/crash, an old
# motd, fresh package lists, acme-agent 1.0 on $OLD_AGENT, and on $BROKEN
# a regular file /srv/crash/state, where the play wants a directory.  The
# play installs acme-agent 2.0 only on $PACKAGE_HOSTS (an upgrade or a
# fresh install): apt's CPU time is most of a run's.
lab_start() {
	local k
	"$LAB" up $HOSTS >"$WORK/lab-up.log" 2>&1 || {
		cat "$WORK/lab-up.log"
		return 1
	}
	for k in $(seq $HOSTS); do
		"$LAB" exec h$k sh -c "
			mkdir -p /srv/crash &&
			echo 'old motd h$k' >/etc/crash-motd && chmod 644 /etc/crash-motd &&
			if [ $(in_list h$k $BROKEN) = true ]; then
				echo 'not a directory' >/srv/crash/state
			fi &&
			apt-get update -qq >/dev/null 2>&1 &&
			if [ $(in_list h$k $OLD_AGENT) = true ]; then
				DEBIAN_FRONTEND=noninteractive apt-get install -y -qq acme-agent=1.0 >/dev/null 2>&1
			fi" </dev/null &
	done
	wait
	{
		echo "[lab]"
		for k in $(seq $HOSTS); do
			echo "h$k ansible_host=$("$LAB" addr h$k) ansible_user=root" \
				"crash_package=$(in_list h$k $PACKAGE_HOSTS)"
		done
		echo "[reboot]"
		for h in $REBOOT_HOSTS; do echo "$h"; done
	} >"$WORK/inventory"
	fleet_state "$WORK/start" clean
}

CONN=
# Sets CONN once the lab is up.
set_conn() {
	CONN="--known-hosts $LAB_DIR/known_hosts --key $LAB_DIR/id_ed25519 --connect-timeout 5"
}

# Prints the last run_end status of a journal, or nothing.
journal_status() {
	sed -n 's/.*"event":"run_end".*"status":"\([a-z_]*\)".*/\1/p' "$1" | tail -n 1
}

# Starts crest (arguments $2...) in the background, SIGKILLs it after $1
# ms unless it ended first; prints "killed" or "ended".
run_and_kill() {
	local delay=$1 pid t0
	shift
	"$CREST" "$@" >>"$T/crest.out" 2>>"$T/crest.err" &
	pid=$!
	t0=$(now_ms)
	while kill -0 $pid 2>/dev/null && [ $(($(now_ms) - t0)) -lt "$delay" ]; do
		sleep 0.02
	done
	if kill -KILL $pid 2>/dev/null; then
		wait $pid 2>/dev/null
		echo killed
	else
		wait $pid 2>/dev/null
		echo ended
	fi
}

# Resumes the run until its journal ends with a status other than
# interrupted; prints crest resume's last exit status.
resume_until_done() {
	local st=$1 id=$2 rc=0 i
	for i in 1 2 3; do
		rc=0
		"$CREST" resume "$id" $CONN --state-dir "$st" --json >>"$T/resume.out" 2>>"$T/resume.err" || rc=$?
		[ "$(journal_status "$st/runs/$id.jsonl")" != interrupted ] && break
	done
	echo $rc
}

# The reference of play $1 (crash or reboot): an uninterrupted run and
# rollback; their states, outcomes and lengths.
reference() {
	local play=$1 st=$WORK/ref-$1 t0 rc id
	T=$WORK/ref-$play.log
	mkdir -p "$T"
	t0=$(now_ms)
	rc=0
	"$CREST" run "$WORK/$play.yml" -i "$WORK/inventory" $CONN --state-dir "$st" --json >"$T/run.out" 2>"$T/run.err" || rc=$?
	echo $(($(now_ms) - t0)) >"$WORK/ref-$play.run_ms"
	echo $rc >"$WORK/ref-$play.run_rc"
	id=$(basename "$(ls "$st"/runs/*.jsonl)" .jsonl)
	fleet_state "$WORK/ref-$play.after"
	fleet_counts "$WORK/ref-$play.after" "$WORK/ref-$play.counts" $(counted $play)
	python3 "$HERE/journal-check.py" "$st/runs/$id.jsonl" "$WORK/ref-$play.counts" \
		"$WORK/ref-$play.summary" || return 1
	t0=$(now_ms)
	rc=0
	"$CREST" rollback "$id" $CONN --state-dir "$st" >"$T/rb.out" 2>"$T/rb.err" || rc=$?
	echo $(($(now_ms) - t0)) >"$WORK/ref-$play.rb_ms"
	echo $rc >"$WORK/ref-$play.rb_rc"
	fleet_state "$WORK/ref-$play.rolled" clean
	echo "reference $play: run exit $(cat "$WORK/ref-$play.run_rc") in $(cat "$WORK/ref-$play.run_ms") ms," \
		"rollback exit $(cat "$WORK/ref-$play.rb_rc") in $(cat "$WORK/ref-$play.rb_ms") ms"
}

# The marked tasks of a play, whose counter lines are checked.
counted() {
	case $1 in
	crash) echo 4 6 ;;
	reboot) echo 2 ;;
	esac
}

# Runs one trial with seed $1; prints what was wrong, returns 1 if anything.
trial() {
	local seed=$1 kind play frac1 frac2 d1 d2 st id how rc wrong=0
	case $(((seed / 7) % 10)) in
	0 | 1) kind=reboot play=reboot ;;
	2 | 3 | 4) kind=rollback play=crash ;;
	*) kind=run play=crash ;;
	esac
	frac1=$(((seed / 70) % 1000))
	frac2=$(((seed / 70000) % 1000))
	d1=$((frac1 * $(cat "$WORK/ref-$play.run_ms") / 1000))
	d2=$((frac2 * $(cat "$WORK/ref-$play.rb_ms") / 1000))
	T=$WORK/trial-$seed
	st=$T/state
	rm -rf "$T"
	mkdir -p "$T"
	how=$(run_and_kill $d1 run "$WORK/$play.yml" -i "$WORK/inventory" $CONN --state-dir "$st" --json)
	echo "$kind kill after ${d1}ms ($how)" >"$T/what"
	id=$(ls "$st/runs" 2>/dev/null | sed -n 's/\.jsonl$//p' | head -n 1)
	if [ -z "$id" ]; then
		# Killed before the journal was made: nothing may have changed.
		fleet_state "$T/after"
		fleet_diff "$WORK/start" "$T/after" >"$T/problems" ||
			{ echo "killed before the journal existed, yet hosts changed:" && cat "$T/problems"; return 1; }
		echo "$kind killed before the journal existed (${d1}ms)" >"$T/what"
		return 0
	fi
	rc=$(journal_status "$st/runs/$id.jsonl")
	if [ -z "$rc" ] || [ "$rc" = interrupted ]; then
		rc=$(resume_until_done "$st" "$id")
	else
		rc=$(cat "$WORK/ref-$play.run_rc")
	fi
	[ "$rc" = "$(cat "$WORK/ref-$play.run_rc")" ] ||
		{ echo "resume exited $rc, the uninterrupted run $(cat "$WORK/ref-$play.run_rc")" && wrong=1; }
	fleet_state "$T/after"
	fleet_diff "$WORK/ref-$play.after" "$T/after" >"$T/problems" ||
		{ echo "after resume, hosts differ from the uninterrupted run (< reference, > trial):" && cat "$T/problems" && wrong=1; }
	fleet_counts "$T/after" "$T/counts" $(counted $play)
	python3 "$HERE/journal-check.py" "$st/runs/$id.jsonl" "$T/counts" "$T/summary" || wrong=1
	diff "$WORK/ref-$play.summary" "$T/summary" >"$T/problems" ||
		{ echo "the journal's outcome differs from the uninterrupted run's (< reference, > trial):" &&
			sed 's/^/    /' "$T/problems" | grep '^    [<>]' && wrong=1; }
	if [ $kind = rollback ]; then
		how=$(run_and_kill $d2 rollback "$id" $CONN --state-dir "$st")
		echo "; rollback kill after ${d2}ms ($how)" >>"$T/what"
	fi
	rc=0
	"$CREST" rollback "$id" $CONN --state-dir "$st" >"$T/rb.out" 2>"$T/rb.err" || rc=$?
	[ "$rc" = "$(cat "$WORK/ref-$play.rb_rc")" ] ||
		{ echo "crest rollback exited $rc, the reference's $(cat "$WORK/ref-$play.rb_rc"): $(tail -n 3 "$T/rb.err")" && wrong=1; }
	fleet_state "$T/rolled" clean
	fleet_diff "$WORK/ref-$play.rolled" "$T/rolled" >"$T/problems" ||
		{ echo "after crest rollback, hosts differ from the reference rollback (< reference, > trial):" && cat "$T/problems" && wrong=1; }
	return $wrong
}

echo "crashtest: CRASH_SEED=$CRASH_SEED CRASH_N=$CRASH_N (lab $LAB_DIR, 127.0.$LAB_NET.x)"
t_start=$(now_ms)
cp "$HERE/crash.yml" "$HERE/reboot.yml" "$WORK/"
lab_start || exit 1
set_conn
reference crash || { echo "crashtest: the uninterrupted run is wrong itself"; exit 1; }
fleet_diff "$WORK/start" "$WORK/ref-crash.rolled" >"$WORK/problems" || {
	echo "crashtest: the uninterrupted run's rollback does not restore the start state:"
	cat "$WORK/problems"
	exit 1
}
reference reboot || { echo "crashtest: the uninterrupted reboot run is wrong itself"; exit 1; }

correct=0
failed=
seed=$CRASH_SEED
for i in $(seq "$CRASH_N"); do
	t0=$(now_ms)
	if trial "$seed" >"$WORK/trial.msg" 2>&1; then
		correct=$((correct + 1))
		result=ok
	else
		result=FAILED
		failed="$failed $seed"
		mkdir -p "$WORK/failed"
		{
			echo "trial $i seed $seed: $(tr -d '\n' <"$WORK/trial-$seed/what")"
			sed 's/^/  /' "$WORK/trial.msg"
		} >>"$WORK/failed/report"
	fi
	echo "trial $i/$CRASH_N seed $seed: $result, $(tr -d '\n' <"$WORK/trial-$seed/what" 2>/dev/null) ($(($(now_ms) - t0)) ms)"
	[ $result = ok ] || sed 's/^/  /' "$WORK/trial.msg"
	[ $result = ok ] && [ -z "${CRASH_KEEP:-}" ] && rm -rf "$WORK/trial-$seed"
	if [ $result != ok ]; then
		# Whatever the trial left wrong must not fail the next one.
		lab_start || exit 1
		set_conn
		fleet_diff "$WORK/start" "$WORK/ref-crash.rolled" >"$WORK/problems" || {
			echo "crashtest: the restarted lab's start state differs from the first:"
			cat "$WORK/problems"
		}
	fi
	seed=$(next_seed "$seed")
done

echo
if [ -n "$failed" ]; then
	echo "failing trials (replay one with CRASH_SEED=S CRASH_N=1 make crashtest):"
	cat "$WORK/failed/report"
fi
if [ -n "${CRASH_KEEP:-}" ]; then
	mkdir -p "$CRASH_KEEP" && cp -a "$WORK"/trial-* "$WORK"/ref-* "$CRASH_KEEP"/ 2>/dev/null
	echo "the trials' journals and outputs are in $CRASH_KEEP"
fi
echo "$correct/$CRASH_N correct (CRASH_SEED=$CRASH_SEED, $((($(now_ms) - t_start) / 1000)) s)"
[ -z "$failed" ]
