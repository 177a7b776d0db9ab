#!/bin/bash
# t2004-exec-output.sh - what a host prints reaches the user whole and
# honestly: output over the tail limit is cut and says so (never lost
# silently), hosts' output never interleaves, bytes that are not UTF-8 stay
# bytes on the terminal and become U+FFFD in JSON, and a hostile argument
# reaches the host literally, with nothing of it run by the shell.
test_description='crest exec output: tails, grouping, hostile values'
. "$(dirname "$0")/test-lib.sh"

lab_up 3
INV=$LAB_DIR/inventory
CONN="-i $INV --key $LAB_DIR/id_ed25519 --known-hosts $LAB_DIR/known_hosts"

test_expect_success 'output over --output-limit is cut, and says so' '
	"$CREST" exec h1 $CONN --output-limit 1K -- seq 100000 >out &&
	cat out | head -3 &&
	grep -qx -- "--- stdout cut: the last 1024 of 588895 bytes follow" out &&
	test "$(tail -n 2 out | head -n 1)" = 100000 &&
	test "$(sed -n "/^--- stdout cut/,/^1 host/p" out | wc -c)" -lt 1200
'

test_expect_success 'the default limit keeps the last 64 KiB' '
	"$CREST" exec h1 $CONN -- sh -c "seq 1000000; echo last" >out &&
	total=$(($(seq 1000000 | wc -c) + 5)) &&
	grep -qx -- "--- stdout cut: the last 65536 of $total bytes follow" out &&
	test "$(tail -n 2 out | head -n 1)" = last
'

test_expect_success '--json says it was cut and how much there was' '
	"$CREST" exec h1 $CONN --json --output-limit 100 -- \
		sh -c "seq 1000 >&2; echo short" >out &&
	python3 - out <<-\PY
	import json, sys
	h = json.loads(open(sys.argv[1]).readline())
	assert h["stdout"] == "short\n" and h["stdout_cut"] is False, h
	assert h["stderr_cut"] is True and h["stderr_bytes"] == 3893, h
	assert len(h["stderr"]) == 100 and h["stderr"].endswith("999\n1000\n"), h
	PY
'

test_expect_success 'hosts printing at the same time never interleave' '
	"$CREST" exec all $CONN -- sh -c \
		"for i in 1 2 3 4 5; do echo \$(hostname)-\$i; sleep 0.1; done" >out &&
	awk "/^h[0-9] \\| /{ h = \$1; next }
		/^h[0-9]-[0-9]\$/{ split(\$0, p, \"-\");
			if (p[1] != h) { print \"stray \" \$0 \" under \" h; bad = 1 } }
		END { exit bad }" out &&
	test "$(grep -c "^h[0-9]-[0-9]\$" out)" = 15
'

test_expect_success 'a hostile argument reaches the host literally' '
	hostile="it'"'"'s; touch /root/pwned1 \$(touch /root/pwned2) \`touch /root/pwned3\` | touch /root/pwned4 & \"q\" \\\\ * ? ~ \${HOME} %s
second line" &&
	"$CREST" exec h2 $CONN --json -- printf "%s" "$hostile" >out &&
	HOSTILE=$hostile python3 - out <<-\PY &&
	import json, os, sys
	h = json.loads(open(sys.argv[1]).readline())
	assert h["status"] == "ok", h
	assert h["stdout"] == os.environ["HOSTILE"], (h["stdout"], os.environ["HOSTILE"])
	PY
	! lab_exec h2 sh -c "ls /root/pwned*" 2>/dev/null
'

test_expect_success 'an argument with every byte but NUL comes back intact' '
	all=$(printf "$(printf "\\\\%03o" $(seq 1 255))") &&
	"$CREST" exec h3 $CONN -- printf "%s" "$all" >out &&
	sed -n "2,\$p" out | head -c ${#all} >got &&
	printf "%s" "$all" >want &&
	test "$(wc -c <want)" -ge 250 &&
	cmp want got
'

test_expect_success 'bytes that are not UTF-8: raw on the terminal, U+FFFD in JSON' '
	"$CREST" exec h1 $CONN -- printf "a\\377b\\n" >out &&
	printf "a\\377b\\n" >want &&
	sed -n 2p out >got &&
	cmp want got &&
	"$CREST" exec h1 $CONN --json -- printf "a\\377b\\n" >out &&
	python3 - out <<-\PY
	import json, sys
	h = json.loads(open(sys.argv[1]).readline())
	assert h["stdout"] == "a\ufffdb\n", h
	PY
'

test_expect_success '--input reaches every host'"'"'s stdin, byte for byte' '
	head -c 3000000 /dev/urandom >big &&
	sum=$(sha256sum <big | cut -d" " -f1) &&
	"$CREST" exec all $CONN --input big -- sha256sum >out &&
	grep -q "^3 hosts: 3 ok in " out &&
	test "$(grep -c "^$sum  -\$" out)" = 3
'

test_expect_success '--input through sudo, written to a file on the host' '
	printf "line 1\n\$(not run) '"'"'quoted'"'"'\n" >content &&
	"$CREST" exec h2 $CONN --become --input content -- \
		sh -c "cat >/root/from-input" >out &&
	lab_exec h2 cat /root/from-input >got &&
	cmp content got
'

test_expect_success 'a command that does not read its input still ends' '
	"$CREST" exec all $CONN --input big -- true >out &&
	grep -q "^3 hosts: 3 ok in " out
'

test_done
