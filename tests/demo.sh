#!/bin/bash
# tests/demo.sh - "make demo": a real rollout against a local lab.
#
# Starts 8 real sshd test hosts (tests/lab/), puts acme-agent 1.1 on all of
# them with crest, shows `crest plan` for the upgrade to 2.0, then runs it
# in waves [1, 25%, 100%] with one host of the second wave down: the wave
# exceeds its budget and is rolled back, visibly, and dpkg on each host
# (read from outside) shows where each host is.  Then the host comes back
# and the same run is made again, to the end.  Then a monthly security
# patch round: crest patches (pending, security first), the patch play in
# waves with reboots only where a package asks, and crest patches again as
# the proof (exit 0).  It ends by writing the fleet report (crest report,
# build/demo-report.html or DEMO_REPORT) and printing its path.
set -uo pipefail

SRC=$(cd "$(dirname "$0")/.." && pwd)
CREST=${CREST:-$SRC/build/crest}
LAB=$SRC/tests/lab/lab
export LAB_DIR=${LAB_DIR:-${LAB_ROOT:-/tmp/crest-lab}/demo}
STATE=$(mktemp -d /tmp/crest-demo.XXXXXX)
N=8

cleanup() {
	"$LAB" down >/dev/null 2>&1
	rm -rf "$STATE"
}
trap cleanup EXIT

# Prints a heading.
say() {
	printf '\n\033[1m== %s\033[0m\n' "$*" | { [ -n "${NO_COLOR:-}" ] && sed 's/\x1b\[[0-9;]*m//g' || cat; }
}

# Shows each host's acme-agent version, from dpkg on the host itself.
versions() {
	local k
	for k in $(seq $N); do
		printf '  h%-3s %s\n' "$k" \
			"$("$LAB" exec h$k dpkg-query -W -f='${Version}' acme-agent 2>/dev/null || echo absent)"
	done
}

say "starting a lab of $N SSH test hosts (real sshd, real apt/dpkg)"
"$LAB" up $N || exit 1
# The lab's inventory, with a rack per host for spread_by.
awk '/^h[0-9]+ / { k = substr($1, 2); $0 = $0 " rack=r" (k % 2 + 1) } { print }' \
	"$LAB_DIR/inventory" >"$STATE/inventory"
CONN=(-i "$STATE/inventory" --known-hosts "$LAB_DIR/known_hosts"
	--key "$LAB_DIR/id_ed25519" --connect-timeout 3 --state-dir "$STATE")

say "baseline: acme-agent 1.1 on every host"
"$CREST" run "$SRC/playbooks/demo/acme-agent-1.1.yml" "${CONN[@]}" >"$STATE/baseline.log" ||
	{ cat "$STATE/baseline.log"; exit 1; }
versions

say "crest plan: what the upgrade would change (probed on the hosts)"
"$CREST" plan "$SRC/playbooks/demo/acme-agent-2.0.yml" "${CONN[@]}" --limit h1:h2:h3 || exit 1

say "injecting a failure: h3 (second wave) goes down"
"$LAB" fault h3 down

say "crest run: waves [1, 25%, 100%], max_failures 0"
# script(1) gives crest a terminal, so it shows waves and the recap.
script -qec "'$CREST' run '$SRC/playbooks/demo/acme-agent-2.0.yml' $(printf "'%s' " "${CONN[@]}")" /dev/null
rc=$?
echo "exit code $rc (2: rolled back)"
[ $rc = 2 ] || exit 1
say "versions after the rollback (dpkg on each host)"
versions

say "h3 is back; the same rollout again"
"$LAB" fault h3 up
script -qec "'$CREST' run '$SRC/playbooks/demo/acme-agent-2.0.yml' $(printf "'%s' " "${CONN[@]}")" /dev/null
rc=$?
echo "exit code $rc"
[ $rc = 0 ] || exit 1
versions

say "patch round: last month's packages on every host"
"$CREST" run "$SRC/playbooks/demo/patch-baseline.yml" "${CONN[@]}" >"$STATE/patch-baseline.log" ||
	{ cat "$STATE/patch-baseline.log"; exit 1; }
# acme-kernel 1.0 asked for a reboot when installed; as if last month's
# round had rebooted the hosts, that request is cleared.
for k in $(seq $N); do
	"$LAB" exec h$k rm -f /var/run/reboot-required /var/run/reboot-required.pkgs
done

say "crest patches: what is pending, security first (read-only)"
"$CREST" patches "${CONN[@]}" -v --limit h1:h2
"$CREST" patches "${CONN[@]}"
echo "exit code $? (1: not compliant)"

say "crest run: the security updates in waves [1, 50%, 100%], reboot only if required"
script -qec "'$CREST' run '$SRC/playbooks/demo/security-patches.yml' $(printf "'%s' " "${CONN[@]}")" /dev/null
rc=$?
echo "exit code $rc"
[ $rc = 0 ] || exit 1

say "crest patches again: the proof"
"$CREST" patches "${CONN[@]}"
rc=$?
echo "exit code $rc (0: every host compliant)"
[ $rc = 0 ] || exit 1

say "crest's journal of the runs"
ls "$STATE/runs"

say "crest report: the fleet, its patch state and every run's timeline (HTML)"
REPORT=${DEMO_REPORT:-$SRC/build/demo-report.html}
mkdir -p "$(dirname "$REPORT")"
"$CREST" report -i "$STATE/inventory" --state-dir "$STATE" -o "$REPORT" || exit 1
echo "open it in a browser: file://$REPORT"
say "stopping the lab"
"$LAB" down
