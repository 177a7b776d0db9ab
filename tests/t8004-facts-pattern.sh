#!/bin/bash
# t8004-facts-pattern: host patterns that select by fact.  Facts are
# gathered on h1..h4 of a 5-host lab (h5 never), acme-agent 2.0 is
# installed on h2 and h4 from outside; until the facts are gathered again
# a pattern on it matches nothing (it reads the snapshots, not the hosts),
# then 'all:&facts.packages["acme-agent"]=2*' runs crest exec on exactly
# h2 and h4, '!=' on h1 and h3, and h5 is left out and named with the
# command that gathers its facts; a play's hosts: and crest plan select
# the same way; bad facts terms exit 4 with the column, running nothing.
test_description='inventory patterns by fact: facts.REF=GLOB, facts.REF!=GLOB'
. "$(dirname "$0")/test-lib.sh"

lab_up 5
CONN="-i $LAB_DIR/inventory --known-hosts $LAB_DIR/known_hosts --key $LAB_DIR/id_ed25519 --connect-timeout 3"

EQ='all:&facts.packages["acme-agent"]=2*'
NE='all:&facts.packages["acme-agent"]!=2*'

# Prints the hosts of a crest exec --json output, sorted, on one line.
hosts_of() {
	sed -n 's/.*"host":"\([^"]*\)".*/\1/p' "$1" | sort | tr '\n' ' '
}

# Prints the hosts (h1..h5) on which file $1 exists, seen from outside.
hosts_with() {
	for k in 1 2 3 4 5; do
		lab_exec h$k test -e "$1" && printf 'h%s ' $k
	done
	return 0
}

test_expect_success 'facts of h1..h4 gathered; acme-agent 2.0 put on h2 and h4 from outside' '
	$CREST facts "lab:!h5" $CONN --state-dir state >facts.out &&
	for k in 1 2 3 4; do ls state/facts/h$k/*.json >/dev/null || return 1; done &&
	! test -e state/facts/h5 &&
	for k in 2 4; do
		lab_exec h$k sh -c "apt-get update -qq && apt-get install -y -qq acme-agent=2.0" >apt.log 2>&1 || return 1
	done &&
	test "$(lab_exec h2 dpkg-query -W -f="\${Version}" acme-agent)" = 2.0 &&
	test "$(lab_exec h4 dpkg-query -W -f="\${Version}" acme-agent)" = 2.0 &&
	! lab_exec h1 dpkg-query -W acme-agent >/dev/null 2>&1 &&
	! lab_exec h3 dpkg-query -W acme-agent >/dev/null 2>&1
'

test_expect_success 'before facts are gathered again, = matches no host: snapshots, not hosts' '
	test_expect_code 4 $CREST exec "$EQ" $CONN --state-dir state -- touch /srv/early 2>err &&
	cat err &&
	grep -q "matched no host" err &&
	test "$(hosts_with /srv/early)" = ""
'

test_expect_success 'after crest facts again, = runs on exactly h2 and h4' '
	$CREST facts "lab:!h5" $CONN --state-dir state >facts2.out &&
	$CREST exec "$EQ" $CONN --state-dir state --json -- sh -c "hostname; touch /srv/eq" >eq.out 2>eq.err &&
	cat eq.out eq.err &&
	test "$(hosts_of eq.out)" = "h2 h4 " &&
	grep -c "\"stdout\":\"h[24]\\\\n\"" eq.out >n && test "$(cat n)" = 2 &&
	test "$(hosts_with /srv/eq)" = "h2 h4 "
'

test_expect_success 'h5, never gathered, is left out and named with how to gather it' '
	grep -qx "crest exec: 1 host has no facts, so no facts term selected it: h5; gather them with '"'"'crest facts h5'"'"'" eq.err &&
	test "$(wc -l <eq.err)" = 1
'

test_expect_success '!= runs on the complement among hosts with facts: h1 and h3 (no acme-agent at all)' '
	$CREST exec "$NE" $CONN --state-dir state --json -- touch /srv/ne >ne.out 2>ne.err &&
	test "$(hosts_of ne.out)" = "h1 h3 " &&
	test "$(hosts_with /srv/ne)" = "h1 h3 " &&
	grep -q "1 host has no facts.*h5" ne.err
'

test_expect_success 'facts terms combine with groups, names and !: lab:!h1:&facts.os.codename=bookworm' '
	$CREST exec "lab:!h1:&facts.os.codename=bookworm" $CONN --state-dir state --json -- true >cb.out 2>cb.err &&
	test "$(hosts_of cb.out)" = "h2 h3 h4 " &&
	grep -q "h5" cb.err &&
	$CREST exec "h1,h3,&facts.packages[\"acme-agent\"]!=2*" $CONN --state-dir state --json -- true >co.out &&
	test "$(hosts_of co.out)" = "h1 h3 "
'

cat >"$TRASH/mark.yml" <<'PLAY'
name: mark hosts without acme-agent 2
hosts: 'lab:&facts.packages["acme-agent"]!=2*'
tasks:
  - copy: { dest: /srv/play, content: "marked\n" }
PLAY

test_expect_success 'a play'"'"'s hosts: selects by fact, and so does crest plan' '
	$CREST plan mark.yml $CONN --state-dir state >plan.out 2>plan.err &&
	cat plan.out plan.err &&
	grep -q "(2 hosts, " plan.out &&
	grep -q "h1" plan.out && grep -q "h3" plan.out &&
	! grep -q "h2\|h4" plan.out &&
	grep -q "crest plan: 1 host has no facts.*h5" plan.err &&
	$CREST run mark.yml $CONN --state-dir state --json >run.out 2>run.err &&
	test "$(hosts_with /srv/play)" = "h1 h3 " &&
	grep -q "crest run: 1 host has no facts.*h5" run.err
'

test_expect_success 'bad facts terms: exit 4, the pattern and the column, nothing run' '
	for p in "all:&facts." "all:&facts.packages[\"acme-agent\"=2*" \
		"all:&facts.os.codename" "all:&facts.pkgs=1" "facts.os.=x"; do
		test_expect_code 4 $CREST exec "$p" $CONN --state-dir state -- touch /srv/bad 2>err || return 1
		cat err
		grep -q "host pattern .*: column [0-9]*: " err || return 1
	done &&
	$CREST exec "all:&facts." $CONN --state-dir state -- true 2>err || true &&
	grep -qx "crest exec: host pattern '"'"'all:&facts.'"'"': column 12: '"'"'facts.'"'"' needs a fact after it (facts.os.codename=bookworm)" err &&
	$CREST exec "all:&facts.pkgs=1" $CONN --state-dir state -- true 2>err || true &&
	grep -q "column 12: no fact '"'"'pkgs'"'"'" err &&
	test "$(hosts_with /srv/bad)" = ""
'

test_done
