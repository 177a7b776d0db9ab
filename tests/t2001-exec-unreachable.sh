#!/bin/bash
# t2001-exec-unreachable.sh - hosts that cannot be reached end as
# "unreachable" within the connect timeout, not later, while every other
# host runs: a host that is down (connection refused), one that hangs (TCP
# connects, no SSH banner ever comes), a name that does not resolve.
test_description='down and hanging hosts end unreachable in time'
. "$(dirname "$0")/test-lib.sh"

lab_up 6
CONN="--key $LAB_DIR/id_ed25519 --known-hosts $LAB_DIR/known_hosts"
{
	cat "$LAB_DIR/inventory"
	echo "nowhere ansible_host=nowhere.invalid ansible_user=root"
} >"$TRASH/inventory"
INV=$TRASH/inventory

# Prints milliseconds since the epoch.
now_ms() {
	echo $(($(date +%s%N) / 1000000))
}

test_expect_success 'a down host and a hanging host' '
	"$LAB" fault h2 down &&
	"$LAB" fault h3 hang
'

test_expect_success 'they end unreachable within --connect-timeout, others ok' '
	start=$(now_ms) &&
	test_expect_code 1 "$CREST" exec all -i "$INV" $CONN \
		--connect-timeout 3 -- hostname >out &&
	elapsed=$(($(now_ms) - start)) &&
	cat out &&
	echo "elapsed ${elapsed} ms" &&
	test "$elapsed" -ge 2900 && test "$elapsed" -lt 5000 &&
	grep -q "^h2 | unreachable | .*Connection refused" out &&
	grep -q "^h3 | unreachable | 3\.[0-9][0-9] s | .*SSH banner" out &&
	grep -q "^nowhere | unreachable | .*nowhere.invalid" out &&
	for k in 1 4 5 6; do
		grep -q "^h$k | ok | exit 0 | " out || exit 1
	done &&
	grep -q "^7 hosts: 4 ok, 3 unreachable in " out
'

test_expect_success 'the hanging host ends when the default 10 s pass' '
	start=$(now_ms) &&
	test_expect_code 1 "$CREST" exec h3 -i "$INV" $CONN --json -- true >out &&
	elapsed=$(($(now_ms) - start)) &&
	echo "elapsed ${elapsed} ms" &&
	test "$elapsed" -ge 9900 && test "$elapsed" -lt 11500 &&
	grep -q "\"host\":\"h3\",\"status\":\"unreachable\"" out
'

test_expect_success 'a hanging host does not hold up the others' '
	start=$(now_ms) &&
	test_expect_code 1 "$CREST" exec all -i "$INV" $CONN --forks 2 \
		--connect-timeout 2 -- true >out &&
	elapsed=$(($(now_ms) - start)) &&
	echo "elapsed ${elapsed} ms" &&
	test "$elapsed" -lt 4500 &&
	grep -q "^7 hosts: 4 ok, 3 unreachable in " out
'

test_expect_success 'back up, both are reachable again' '
	"$LAB" fault h2 up &&
	"$LAB" fault h3 up &&
	"$CREST" exec "h2:h3" -i "$INV" $CONN -- hostname >out &&
	grep -q "^2 hosts: 2 ok in " out
'

test_done
