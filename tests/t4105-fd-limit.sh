#!/bin/bash
# t4105-fd-limit: the controller under a low open-file limit.  With
# `ulimit -n 64` (soft and hard) and --forks 50, crest exec and crest run
# lower their fanout to what 64 descriptors carry, say so once on stderr,
# and every host answers; the hosts themselves record when each command
# started and ended, and no more than the announced number ever ran at
# once.  A low soft limit under a high hard one is raised and asks for no
# lowering.  Far below the reserve, crest runs one host at a time rather
# than failing with EMFILE.
test_description='--forks fitted under the open-file limit'
. "$(dirname "$0")/test-lib.sh"

lab_up 10
CONN="--known-hosts $LAB_DIR/known_hosts --key $LAB_DIR/id_ed25519"
# Each host logs "start end" (seconds since the epoch, the machine's one
# clock) around a short sleep.
SPAN='s=$(date +%s.%N); sleep 0.5; e=$(date +%s.%N); echo "$s $e" >>/srv/span; hostname'

# Clears every host's span log.
clear_spans() {
	for k in $(seq 10); do
		lab_exec h$k rm -f /srv/span
	done
}

# Prints the most commands that ran at once, from every host's span log.
max_overlap() {
	for k in $(seq 10); do
		lab_exec h$k cat /srv/span
	done | awk '{ print $1, 1; print $2, -1 }' | sort -k1,1g -k2,2n |
		awk '{ n += $2; if (n > m) m = n } END { print m + 0 }'
}

# Prints the F of "allows only F parallel hosts" in file $1.
announced() {
	sed -n 's/^crest: open-file limit 64 allows only \([0-9]*\) parallel hosts; using --forks \1 (raise ulimit -n to use more)$/\1/p' "$1"
}

test_expect_success 'exec under ulimit -n 64 with --forks 50: every host answers' '
	clear_spans &&
	(ulimit -n 64 && "$CREST" exec all -i "$LAB_DIR/inventory" $CONN \
		--forks 50 -- sh -c "$SPAN" >out 2>err) &&
	grep -qx "10 hosts: 10 ok in .*" out &&
	for k in $(seq 10); do grep -qx "h$k" out || exit 1; done &&
	for k in $(seq 10); do
		test "$(lab_exec h$k cat /srv/span | wc -l)" = 1 || exit 1
	done
'

test_expect_success 'it said so once, and kept to the fanout it named' '
	test "$(grep -c "open-file limit" err)" = 1 &&
	f=$(announced err) &&
	test -n "$f" && test "$f" -ge 1 && test "$f" -lt 10 &&
	m=$(max_overlap) &&
	echo "announced $f, ran at most $m at once" &&
	test "$m" -ge 1 && test "$m" -le "$f"
'

test_expect_success 'crest run under ulimit -n 64: the same, in the journal too' '
	cat >play.yml <<-\EOF &&
	hosts: lab
	tasks:
	  - copy: { dest: /srv/fd, content: "fd {{ inventory_hostname }}\n" }
	EOF
	(ulimit -n 64 && "$CREST" run play.yml -i "$LAB_DIR/inventory" $CONN \
		--forks 50 --state-dir state --json >events 2>err) &&
	test "$(grep -c "open-file limit" err)" = 1 &&
	f=$(announced err) && test -n "$f" &&
	for k in $(seq 10); do
		test "$(lab_exec h$k cat /srv/fd)" = "fd h$k" || exit 1
	done &&
	grep -q "\"forks\": *$f\b" state/runs/*.jsonl
'

test_expect_success 'a low soft limit under a high hard one is raised, not obeyed' '
	hard=$(ulimit -H -n) &&
	if [ "$hard" != unlimited ] && [ "$hard" -lt 512 ]; then
		echo "hard limit $hard too low to tell" && exit 0
	fi &&
	clear_spans &&
	(ulimit -S -n 64 && "$CREST" exec all -i "$LAB_DIR/inventory" $CONN \
		--forks 50 -- sh -c "$SPAN" >out 2>err) &&
	grep -qx "10 hosts: 10 ok in .*" out &&
	! grep -q "open-file limit" err
'

test_expect_success 'far below the reserve: one host at a time, still every host' '
	clear_spans &&
	(ulimit -n 24 && "$CREST" exec all -i "$LAB_DIR/inventory" $CONN \
		--forks 50 -- sh -c "$SPAN" >out 2>err) &&
	grep -qx "10 hosts: 10 ok in .*" out &&
	grep -qx "crest: open-file limit 24 allows only 1 parallel hosts; using --forks 1 (raise ulimit -n to use more)" err &&
	test "$(max_overlap)" = 1
'

test_done
