#!/bin/bash
# tests/bench/lab-scale.sh - how fast the lab starts and stops N hosts.
#
# Prints "lab up N: S s" and "lab down N: S s" (wall time, seconds).  The
# lab's own targets: 200 hosts up in under 30 s, down in under 10 s on a
# 2-core machine.  A measurement, never a test assertion.
set -euo pipefail

SRC=$(cd "$(dirname "$0")/../.." && pwd)
N=${1:-200}
export LAB_NET=${LAB_NET:-120}
export LAB_DIR=${LAB_ROOT:-/tmp/crest-lab}/bench-scale
LAB=$SRC/tests/lab/lab
trap '"$LAB" down >/dev/null 2>&1 || true' EXIT

t0=$(date +%s.%N)
"$LAB" up "$N" >/dev/null
t1=$(date +%s.%N)
ssh -F "$LAB_DIR/ssh_config" "h$N" true
t2=$(date +%s.%N)
"$LAB" down >/dev/null
t3=$(date +%s.%N)
awk -v n="$N" -v a="$t0" -v b="$t1" -v c="$t2" -v d="$t3" 'BEGIN {
	printf "lab up %d: %.1f s (target < 30 s)\n", n, b - a
	printf "lab down %d: %.1f s (target < 10 s)\n", n, d - c
}'
