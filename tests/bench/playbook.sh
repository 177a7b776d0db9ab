#!/bin/bash
# tests/bench/playbook.sh - crest run beside ansible-playbook on lab hosts.
#
# Starts BENCH_HOSTS (default 50) lab hosts and runs, BENCH_RUNS (default 3)
# rounds each, alternating the tools, the same five-task play (three
# commands, a copy, a shell line) written for each:
#   - in one wave (crest: no waves; Ansible: no serial);
#   - in waves [1, 25%, 100%] (Ansible: serial: [1, "25%", "100%"]).
# Both use the same inventory, the same key and known_hosts with strict host
# key checking, 50 at once (--forks / forks), no fact gathering, and, for
# Ansible, pipelining and ControlMaster on.  Every host must answer in
# every round.  Prints the median wall times and the ratio crest/Ansible.
# A measurement, never an assertion: the target (crest at most a tenth of
# Ansible's time) is recorded in docs/performance.md.
set -u
set -o pipefail

SRC=$(cd "$(dirname "$0")/../.." && pwd)
CREST=${CREST:-$SRC/build/crest}
LAB=$SRC/tests/lab/lab
export LAB_ROOT=${LAB_ROOT:-/tmp/crest-lab}
export LAB_NET=${LAB_NET:-120}
export LAB_DIR=$LAB_ROOT/bench-playbook
N=${BENCH_HOSTS:-50}
RUNS=${BENCH_RUNS:-3}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/crest-bench-pb.XXXXXX")

cleanup() {
	"$LAB" down >/dev/null 2>&1
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

command -v ansible-playbook >/dev/null ||
	{ echo "bench: ansible-playbook is missing (tests/deps.sh installs ansible-core)" >&2; exit 1; }
"$LAB" up "$N" >/dev/null || exit 1

tasks_crest='  - command: uname -r
  - command: id -u
  - command: test -d /etc
  - copy: { dest: /srv/bench.conf, content: "bench {{ inventory_hostname }}\n" }
  - shell: echo "$(hostname)" >/dev/null
    rollback: "true"'
tasks_ansible='    - command: uname -r
    - command: id -u
    - command: test -d /etc
    - copy: { dest: /srv/bench.conf, content: "bench {{ inventory_hostname }}\n" }
    - shell: echo "$(hostname)" >/dev/null'

printf 'hosts: lab\ntasks:\n%s\n' "$tasks_crest" >"$TMP/one.yml"
printf 'hosts: lab\nwaves: [1, 25%%, 100%%]\ntasks:\n%s\n' "$tasks_crest" >"$TMP/waves.yml"
printf -- '- hosts: lab\n  gather_facts: false\n  tasks:\n%s\n' "$tasks_ansible" >"$TMP/one-ansible.yml"
printf -- '- hosts: lab\n  gather_facts: false\n  serial: [1, "25%%", "100%%"]\n  tasks:\n%s\n' \
	"$tasks_ansible" >"$TMP/waves-ansible.yml"
cat >"$TMP/ansible.cfg" <<EOF2
[defaults]
forks = 50
host_key_checking = True
gathering = explicit
interpreter_python = /usr/bin/python3
private_key_file = $LAB_DIR/id_ed25519
remote_user = root
retry_files_enabled = False
stdout_callback = dense
[ssh_connection]
pipelining = True
ssh_args = -o ControlMaster=auto -o ControlPersist=60s -o UserKnownHostsFile=$LAB_DIR/known_hosts -o StrictHostKeyChecking=yes -o IdentitiesOnly=yes
control_path_dir = $TMP/cp
EOF2

# Prints the wall time of a command in seconds; fails when it fails.
timed() {
	local t0 t1
	t0=$(date +%s.%N)
	"$@" >"$TMP/last.log" 2>&1 || { echo "bench: failed: $*" >&2; tail -20 "$TMP/last.log" >&2; return 1; }
	t1=$(date +%s.%N)
	awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f\n", b - a }'
}

# Prints the median of the numbers given.
median() {
	printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

for shape in one waves; do
	crest_t=() ansible_t=()
	for r in $(seq "$RUNS"); do
		rm -rf "$TMP/state"
		crest_t+=("$(timed "$CREST" run "$TMP/$shape.yml" -i "$LAB_DIR/inventory" \
			--known-hosts "$LAB_DIR/known_hosts" --key "$LAB_DIR/id_ed25519" \
			--forks 50 --state-dir "$TMP/state" --json)") || exit 1
		ansible_t+=("$(ANSIBLE_CONFIG=$TMP/ansible.cfg timed ansible-playbook \
			-i "$LAB_DIR/inventory" "$TMP/$shape-ansible.yml")") || exit 1
	done
	c=$(median "${crest_t[@]}")
	a=$(median "${ansible_t[@]}")
	awk -v s="$shape" -v n="$N" -v c="$c" -v a="$a" 'BEGIN {
		printf "%-6s %d hosts: crest %.2f s, ansible-playbook %.2f s, crest/ansible %.3f (target <= 0.1)\n",
			s == "one" ? "1 wave" : "waves", n, c, a, c / a }'
done
