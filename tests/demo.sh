#!/bin/bash
# tests/demo.sh - "make demo": crest against a local lab of SSH test hosts.
#
# Starts a small lab of real sshd hosts (tests/lab/), shows that each answers
# over SSH with strict host key checking, shows crest's commands, and stops
# the lab.  As the run engine lands, this becomes a real rollout: a canary
# wave, growing waves, an injected failure and its rollback.
set -euo pipefail

SRC=$(cd "$(dirname "$0")/.." && pwd)
CREST=${CREST:-$SRC/build/crest}
LAB=$SRC/tests/lab/lab
export LAB_DIR=${LAB_DIR:-${LAB_ROOT:-/tmp/crest-lab}/demo}
N=${DEMO_HOSTS:-4}

trap '"$LAB" down >/dev/null 2>&1 || true' EXIT

echo "== starting a lab of $N SSH test hosts"
"$LAB" up "$N"
echo
echo "== each host over OpenSSH (strict host key checking, lab key)"
for k in $(seq "$N"); do
	printf '%s: ' "h$k"
	ssh -F "$LAB_DIR/ssh_config" "h$k" 'echo "$(hostname) $(cat /proc/sys/kernel/random/boot_id)"'
done
echo
echo "== crest"
"$CREST" --help
echo
echo "== stopping the lab"
"$LAB" down
trap - EXIT
