#!/bin/bash
# tests/bench/playbook.sh - crest run beside ansible-playbook on lab hosts.
#
# Starts as many lab hosts as the largest of BENCH_PLAYBOOK_SIZES (default
# 200) and runs on the first N of them, for each N, BENCH_RUNS (default 3)
# rounds each, alternating the tools, the same five-task play (three
# commands, a copy, a shell line) written for each, in each shape of
# BENCH_SHAPES (default "waves"):
#   - one: in one wave (crest: no waves; Ansible: no serial);
#   - waves: in waves [1, 5%, 25%, 100%] (Ansible: serial: [1, "5%",
#     "25%", "100%"]).
# Both use the same inventory, the same key and known_hosts with strict host
# key checking, 50 at once (--forks / forks), no fact gathering, and, for
# Ansible, pipelining and ControlMaster on.  Every host must answer in
# every round.  Prints the median wall times, crest's peak RSS and the
# ratio crest/Ansible.  Ansible runs at a size only when its time at the
# size before, scaled by the number of hosts, stays under
# BENCH_ANSIBLE_MAX seconds a round (default 300); otherwise the line says
# it was skipped and why.  A measurement, never an assertion: the target
# (crest at most a tenth of Ansible's time) is recorded in
# docs/performance.md.
set -u
set -o pipefail

SRC=$(cd "$(dirname "$0")/../.." && pwd)
CREST=${CREST:-$SRC/build/crest}
LAB=$SRC/tests/lab/lab
export LAB_ROOT=${LAB_ROOT:-/tmp/crest-lab}
export LAB_NET=${LAB_NET:-120}
export LAB_DIR=$LAB_ROOT/bench-playbook
SIZES=${BENCH_PLAYBOOK_SIZES:-200}
SHAPES=${BENCH_SHAPES:-waves}
RUNS=${BENCH_RUNS:-3}
ANSIBLE_MAX=${BENCH_ANSIBLE_MAX:-300}
N=0
for n in $SIZES; do
	[ "$n" -gt "$N" ] && N=$n
done
TMP=$(mktemp -d "${TMPDIR:-/tmp}/crest-bench-pb.XXXXXX")

cleanup() {
	"$LAB" down >/dev/null 2>&1
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

command -v ansible-playbook >/dev/null ||
	{ echo "bench: ansible-playbook is missing (tests/deps.sh installs ansible-core)" >&2; exit 1; }
echo "bench: $(uptime | sed 's/^ *//')"
"$LAB" up "$N" >/dev/null || exit 1
for n in $SIZES; do
	{
		echo "[lab]"
		grep "^h[0-9]* " "$LAB_DIR/inventory" | head -n "$n"
	} >"$TMP/inventory-$n"
done

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
printf 'hosts: lab\nwaves: [1, 5%%, 25%%, 100%%]\ntasks:\n%s\n' "$tasks_crest" >"$TMP/waves.yml"
printf -- '- hosts: lab\n  gather_facts: false\n  tasks:\n%s\n' "$tasks_ansible" >"$TMP/one-ansible.yml"
printf -- '- hosts: lab\n  gather_facts: false\n  serial: [1, "5%%", "25%%", "100%%"]\n  tasks:\n%s\n' \
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
stdout_callback = minimal
[ssh_connection]
pipelining = True
ssh_args = -o ControlMaster=auto -o ControlPersist=60s -o UserKnownHostsFile=$LAB_DIR/known_hosts -o StrictHostKeyChecking=yes -o IdentitiesOnly=yes
control_path_dir = $TMP/cp
EOF2

# Prints the wall time of a command in seconds and appends its peak RSS
# (KB) to $RSS_FILE when set; fails when it fails.
timed() {
	/usr/bin/time -f "%e %M" -o "$TMP/time" "$@" >"$TMP/last.log" 2>&1 ||
		{ echo "bench: failed: $*" >&2; tail -20 "$TMP/last.log" >&2; return 1; }
	cut -d' ' -f2 "$TMP/time" >>"${RSS_FILE:-/dev/null}"
	cut -d' ' -f1 "$TMP/time"
}

# Prints the median of the numbers given.
median() {
	printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

for shape in $SHAPES; do
	prev_n= prev_a=
	for n in $SIZES; do
		crest_t=() ansible_t=() skip=
		if [ -n "$prev_a" ]; then
			skip=$(awk -v a="$prev_a" -v p="$prev_n" -v n="$n" -v max="$ANSIBLE_MAX" 'BEGIN {
				e = a * n / p
				if (e > max) printf "at %d hosts it took %.0f s, so %d would take about %.0f s a round, over BENCH_ANSIBLE_MAX=%d s", p, a, n, e, max }')
		fi
		: >"$TMP/rss"
		for r in $(seq "$RUNS"); do
			rm -rf "$TMP/state"
			crest_t+=("$(RSS_FILE=$TMP/rss timed "$CREST" run "$TMP/$shape.yml" -i "$TMP/inventory-$n" \
				--known-hosts "$LAB_DIR/known_hosts" --key "$LAB_DIR/id_ed25519" \
				--forks 50 --state-dir "$TMP/state" --json)") || exit 1
			[ -n "$skip" ] && continue
			ansible_t+=("$(ANSIBLE_CONFIG=$TMP/ansible.cfg timed ansible-playbook \
				-i "$TMP/inventory-$n" "$TMP/$shape-ansible.yml")") || exit 1
		done
		c=$(median "${crest_t[@]}")
		rss=$(sort -g "$TMP/rss" | tail -1)
		if [ -n "$skip" ]; then
			awk -v s="$shape" -v n="$n" -v c="$c" -v rss="$rss" -v why="$skip" 'BEGIN {
				printf "%-6s %d hosts: crest %.2f s (peak RSS %.1f MB), ansible-playbook skipped (%s)\n",
					s == "one" ? "1 wave" : "waves", n, c, rss / 1024, why }'
			continue
		fi
		a=$(median "${ansible_t[@]}")
		prev_n=$n prev_a=$a
		awk -v s="$shape" -v n="$n" -v c="$c" -v a="$a" -v rss="$rss" 'BEGIN {
			printf "%-6s %d hosts: crest %.2f s (peak RSS %.1f MB), ansible-playbook %.2f s, crest/ansible %.3f (target <= 0.1)\n",
				s == "one" ? "1 wave" : "waves", n, c, rss / 1024, a, c / a }'
		echo "  crest:            ${crest_t[*]}"
		echo "  ansible-playbook: ${ansible_t[*]}"
	done
	echo "  $(uptime | sed 's/^ *//')"
done
