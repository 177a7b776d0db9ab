#!/bin/bash
# tests/bench/run.sh - "make bench": crest exec beside pdsh on lab hosts.
#
# Starts BENCH_HOSTS (default 200) lab hosts (tests/lab/lab) and runs, for
# each size in BENCH_SIZES (default "50 200"), BENCH_RUNS (default 5)
# rounds of
#
#     crest exec all -i INVENTORY --key KEY --known-hosts KH -- uname -r
#     pdsh -R ssh -f FANOUT -w h[1-N] uname -r     (ssh -F the lab's config)
#
# alternating them, all with the same fanout (BENCH_FANOUT, default 50,
# crest's default --forks), the same key and the same known_hosts.  pdsh
# runs twice per round: as it comes, and with ssh told to use the key
# exchange crest's libssh 0.10 uses (curve25519-sha256; OpenSSH 9 prefers
# sntrup761x25519, which costs far more CPU on both ends), so that the
# difference between the tools is seen apart from the difference between
# their default crypto.  It checks that every host answered, then prints
# the median wall time of each, the ratios crest/pdsh, and crest's peak RSS
# (GNU time's %M), each beside its target (issue 18: crest <= 0.5x pdsh at
# every size, peak RSS <= 40 MB at 1,000 hosts, growth <= 32 KB a host);
# then where the time went, per host: crest's CPU (user+sys), and the
# hosts' own CPU (the sshd processes serving each tool's connections,
# read from the cutime+cstime of every host's sshd listener, which reaps
# them).  The figures go to docs/performance.md by hand; nothing here
# asserts them.
#
# With BENCH_EXECUTOR=1 it also runs tests/bench/poll-exec.c, the same work
# done by one thread polling non-blocking libssh sessions, beside crest's
# pool of threads, and prints wall time, CPU time and peak RSS of both: the
# measurement behind docs/architecture.md, "Executor".
#
# Environment: CREST (the binary), LAB_ROOT (default /tmp/crest-lab) as for
# the tests, and LAB_NET, the third octet of h1's address: by default 120,
# not the tests' 1, so that a bench never takes the addresses of a test
# suite running at the same time.  The lab lives in $LAB_ROOT/bench and is
# stopped at the end.
set -u
set -o pipefail

SRC=$(cd "$(dirname "$0")/../.." && pwd)
CREST=${CREST:-$SRC/build/crest}
LAB=$SRC/tests/lab/lab
export LAB_ROOT=${LAB_ROOT:-/tmp/crest-lab}
export LAB_NET=${LAB_NET:-120}
export LAB_DIR=$LAB_ROOT/bench
BENCH_SIZES=${BENCH_SIZES:-"50 200"}
BENCH_RUNS=${BENCH_RUNS:-5}
BENCH_FANOUT=${BENCH_FANOUT:-50}
hosts=0
for n in $BENCH_SIZES; do
	[ "$n" -gt "$hosts" ] && hosts=$n
done
BENCH_HOSTS=${BENCH_HOSTS:-$hosts}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/crest-bench.XXXXXX")

# Stops the lab (by pid: tests/lab/lab) and removes scratch files.
cleanup() {
	"$LAB" down >/dev/null 2>&1
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Prints an error and exits.
die() {
	echo "bench: $*" >&2
	exit 1
}

for tool in pdsh /usr/bin/time; do
	command -v "$tool" >/dev/null || die "$tool is missing (tests/deps.sh)"
done
[ -x "$CREST" ] || die "no crest binary at $CREST (make)"

# Prints the median of the numbers on stdin.
median() {
	sort -g | awk '{ v[NR] = $1 } END {
		if (NR % 2) print v[(NR + 1) / 2];
		else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# Prints the CPU seconds (user+sys) the sshd processes of hosts 1..$1 have
# used and reaped so far: fields 16 and 17 (cutime, cstime) of each host's
# sshd listener, whose children serve the connections.
hosts_cpu() {
	local k pid stat f
	for ((k = 1; k <= $1; k++)); do
		read -r pid <"$LAB_DIR/hosts/h$k/run/sshd.pid" &&
			read -r stat <"/proc/$pid/stat" || continue
		f=(${stat##*) })
		echo "${f[13]} ${f[14]}"
	done | awk -v hz="$(getconf CLK_TCK)" '{ t += $1 + $2 } END { printf "%.2f\n", t / hz }'
}

# Runs crest on the first $1 hosts once; appends "seconds rss_kb cpu_s
# hosts_cpu_s" to $2.
run_crest() {
	local n=$1 out=$TMP/crest.out h0 h1
	h0=$(hosts_cpu "$n")
	/usr/bin/time -f "%e %M %U %S" -o "$TMP/time" \
		"$CREST" exec all -i "$TMP/inventory-$n" \
		--key "$LAB_DIR/id_ed25519" --known-hosts "$LAB_DIR/known_hosts" \
		--forks "$BENCH_FANOUT" -- uname -r >"$out" 2>&1
	h1=$(hosts_cpu "$n")
	grep -q "^$n hosts: $n ok in " "$out" ||
		die "crest: not every host answered: $(tail -1 "$out")"
	awk -v a="$h0" -v b="$h1" '{ printf "%s %s %.2f %.2f\n", $1, $2, $3 + $4, b - a }' \
		"$TMP/time" >>"$2"
}

# Runs the poll-loop prototype on the first $1 hosts once; appends
# "seconds rss_kb cpu_seconds" to $2.
run_poll() {
	local n=$1 out=$TMP/poll.out
	/usr/bin/time -f "%e %M %U %S" -o "$TMP/time" \
		"$TMP/poll-exec" "$LAB_DIR/id_ed25519" "$LAB_DIR/known_hosts" \
		"$BENCH_FANOUT" "uname -r" \
		$(awk '{ sub("ansible_host=", "", $2); print $2 }' \
			"$TMP/inventory-$n" | tail -n +2) >"$out" 2>&1 ||
		die "poll-exec: not every host answered: $(grep -m1 failed "$out")"
	awk '{ printf "%s %s %.2f\n", $1, $2, $3 + $4 }' "$TMP/time" >>"$2"
}

# Runs crest like run_crest, for the executor table: "seconds rss cpu".
run_crest_cpu() {
	local n=$1
	/usr/bin/time -f "%e %M %U %S" -o "$TMP/time" \
		"$CREST" exec all -i "$TMP/inventory-$n" \
		--key "$LAB_DIR/id_ed25519" --known-hosts "$LAB_DIR/known_hosts" \
		--forks "$BENCH_FANOUT" -- uname -r >"$TMP/crest.out" 2>&1
	grep -q "^$n hosts: $n ok in " "$TMP/crest.out" ||
		die "crest: not every host answered: $(tail -1 "$TMP/crest.out")"
	awk '{ printf "%s %s %.2f\n", $1, $2, $3 + $4 }' "$TMP/time" >>"$2"
}

# Prints "median-seconds median-cpu max-rss-MB" of a file of runs.
summarize() {
	printf '%-10s %-10s %-10s' "$(cut -d' ' -f1 "$1" | median)" \
		"$(cut -d' ' -f3 "$1" | median)" \
		"$(cut -d' ' -f2 "$1" | sort -g | tail -1 |
			awk '{ printf "%.1f", $1 / 1024 }')"
}

# Runs pdsh on the first $1 hosts once; appends "seconds rss_kb cpu_s
# hosts_cpu_s" to $2 (cpu_s: pdsh and its ssh children).  $3, when given,
# is added to ssh's options.
run_pdsh() {
	local n=$1 out=$TMP/pdsh.out h0 h1
	h0=$(hosts_cpu "$n")
	PDSH_SSH_ARGS_APPEND="-F $LAB_DIR/ssh_config ${3:-}" \
		/usr/bin/time -f "%e %M %U %S" -o "$TMP/time" \
		pdsh -R ssh -f "$BENCH_FANOUT" -w "h[1-$n]" uname -r \
		>"$out" 2>"$TMP/pdsh.err"
	h1=$(hosts_cpu "$n")
	[ "$(grep -c "^h[0-9]*: " "$out")" = "$n" ] ||
		die "pdsh: not every host answered: $(head -3 "$TMP/pdsh.err")"
	awk -v a="$h0" -v b="$h1" '{ printf "%s %s %.2f %.2f\n", $1, $2, $3 + $4, b - a }' \
		"$TMP/time" >>"$2"
}

# Prints the median of column $2 of file $1, in milliseconds per host of
# $3 hosts.
per_host_ms() {
	cut -d' ' -f"$2" "$1" | median | awk -v n="$3" '{ printf "%.1f", $1 * 1000 / n }'
}

echo "bench: $(uptime | sed 's/^ *//')"
echo "bench: starting $BENCH_HOSTS lab hosts in $LAB_DIR (LAB_NET=$LAB_NET)"
t0=$(date +%s.%N)
"$LAB" up "$BENCH_HOSTS" >"$TMP/lab.log" 2>&1 ||
	die "the lab did not start: $(tail -3 "$TMP/lab.log")"
echo "bench: lab up in $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }') s"
for n in $BENCH_SIZES; do
	{
		echo "[bench]"
		grep "^h[0-9]* " "$LAB_DIR/inventory" | head -n "$n"
	} >"$TMP/inventory-$n"
done

# One unmeasured round each, so that no tool pays for cold caches.
for n in $BENCH_SIZES; do
	run_crest "$n" "$TMP/warm"
	run_pdsh "$n" "$TMP/warm"
	run_pdsh "$n" "$TMP/warm" "-o KexAlgorithms=curve25519-sha256"
done

KEX="-o KexAlgorithms=curve25519-sha256"
echo "bench: $BENCH_RUNS rounds each, fanout $BENCH_FANOUT, command: uname -r"
printf '%-6s %-10s %-10s %-8s %-14s %-8s %-10s\n' hosts "crest (s)" \
	"pdsh (s)" "ratio" "pdsh-c25519 (s)" ratio "crest RSS"
echo "       (targets: ratio <= 0.5 at every size; RSS <= 40 MB at 1000 hosts)"
for n in $BENCH_SIZES; do
	: >"$TMP/crest-$n"
	: >"$TMP/pdsh-$n"
	: >"$TMP/pdshk-$n"
	for ((r = 1; r <= BENCH_RUNS; r++)); do
		# Rotate which goes first, so drift hits all alike.
		case $((r % 3)) in
		1)
			run_crest "$n" "$TMP/crest-$n"
			run_pdsh "$n" "$TMP/pdsh-$n"
			run_pdsh "$n" "$TMP/pdshk-$n" "$KEX"
			;;
		2)
			run_pdsh "$n" "$TMP/pdsh-$n"
			run_pdsh "$n" "$TMP/pdshk-$n" "$KEX"
			run_crest "$n" "$TMP/crest-$n"
			;;
		0)
			run_pdsh "$n" "$TMP/pdshk-$n" "$KEX"
			run_crest "$n" "$TMP/crest-$n"
			run_pdsh "$n" "$TMP/pdsh-$n"
			;;
		esac
	done
	c=$(cut -d' ' -f1 "$TMP/crest-$n" | median)
	p=$(cut -d' ' -f1 "$TMP/pdsh-$n" | median)
	k=$(cut -d' ' -f1 "$TMP/pdshk-$n" | median)
	rss=$(cut -d' ' -f2 "$TMP/crest-$n" | sort -g | tail -1)
	printf '%-6s %-10s %-10s %-8s %-14s %-8s %-10s\n' "$n" "$c" "$p" \
		"$(awk -v c="$c" -v p="$p" 'BEGIN { printf "%.2f", c / p }')" \
		"$k" \
		"$(awk -v c="$c" -v p="$k" 'BEGIN { printf "%.2f", c / p }')" \
		"$(awk -v k="$rss" 'BEGIN { printf "%.1f MB", k / 1024 }')"
	echo "  crest:       $(cut -d' ' -f1 "$TMP/crest-$n" | tr '\n' ' ')"
	echo "  pdsh:        $(cut -d' ' -f1 "$TMP/pdsh-$n" | tr '\n' ' ')"
	echo "  pdsh-c25519: $(cut -d' ' -f1 "$TMP/pdshk-$n" | tr '\n' ' ')"
	echo "$n $rss" >>"$TMP/rss"
	echo "  per host: crest CPU $(per_host_ms "$TMP/crest-$n" 3 "$n") ms," \
		"hosts' sshd CPU $(per_host_ms "$TMP/crest-$n" 4 "$n") ms under crest," \
		"$(per_host_ms "$TMP/pdsh-$n" 4 "$n") ms under pdsh" \
		"($(per_host_ms "$TMP/pdshk-$n" 4 "$n") ms with curve25519);" \
		"pdsh+ssh CPU $(per_host_ms "$TMP/pdsh-$n" 3 "$n") ms" \
		"($(per_host_ms "$TMP/pdshk-$n" 3 "$n") ms)"
	echo "  $(uptime | sed 's/^ *//')"
done
# Growth of crest's peak RSS per host, between the smallest and the
# largest size (KB a host; target 32), and the 1,000-host figure against
# 40 MB.
sort -k1,1n "$TMP/rss" | awk '
	NR == 1 { n0 = $1; r0 = $2 } { n1 = $1; r1 = $2 }
	$1 == 1000 { printf "crest peak RSS at 1000 hosts: %.1f MB, %.2f of the 40 MB target\n", $2 / 1024, $2 / 1024 / 40 }
	END { if (n1 > n0) printf "crest RSS growth %d -> %d hosts: %.1f KB a host, %.2f of the 32 KB target\n",
		n0, n1, (r1 - r0) / (n1 - n0), (r1 - r0) / (n1 - n0) / 32 }'

[ "${BENCH_EXECUTOR:-0}" = 1 ] || exit 0
cc -O2 -o "$TMP/poll-exec" "$SRC/tests/bench/poll-exec.c" -lssh ||
	die "cannot build tests/bench/poll-exec.c"
echo
echo "bench: executor: crest (thread pool) beside poll-exec (one poll loop)"
printf '%-6s %-9s %-10s %-10s %-10s\n' hosts design "wall (s)" "cpu (s)" \
	"RSS (MB)"
for n in $BENCH_SIZES; do
	: >"$TMP/ex-crest-$n"
	: >"$TMP/ex-poll-$n"
	run_poll "$n" "$TMP/warm"
	for ((r = 1; r <= BENCH_RUNS; r++)); do
		if ((r % 2)); then
			run_crest_cpu "$n" "$TMP/ex-crest-$n"
			run_poll "$n" "$TMP/ex-poll-$n"
		else
			run_poll "$n" "$TMP/ex-poll-$n"
			run_crest_cpu "$n" "$TMP/ex-crest-$n"
		fi
	done
	printf '%-6s %-9s %s\n' "$n" threads "$(summarize "$TMP/ex-crest-$n")"
	printf '%-6s %-9s %s\n' "$n" poll "$(summarize "$TMP/ex-poll-$n")"
done
