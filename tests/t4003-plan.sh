#!/bin/bash
# t4003-plan: crest plan probes hosts and says what would change, which
# tasks are irreversible and each wave's budget; it changes nothing.
test_description='check mode: crest plan'
. "$(dirname "$0")/test-lib.sh"

lab_up 3
CONN="--known-hosts $LAB_DIR/known_hosts --key $LAB_DIR/id_ed25519 --connect-timeout 3"
lab_exec h2 sh -c 'echo "hello old" >/etc/motd-crest'

cat >"$TRASH/plan.yml" <<'PLAY'
name: motd
hosts: lab
waves: [1, 100%]
max_failures: 1
tasks:
  - name: motd
    copy: { dest: /etc/motd-crest, content: "hello {{ inventory_hostname }}\n" }
  - name: cache
    shell: echo warm >/var/cache/crest-warm
PLAY

test_expect_success 'plan shows waves, budgets and a diff per host' '
	$CREST plan plan.yml -i "$LAB_DIR/inventory" $CONN --state-dir state >out &&
	grep -q "^wave 1: 1 host, rolled back after 2 failures" out &&
	grep -q "^wave 2: 2 hosts, rolled back after 2 failures" out &&
	grep -q "^-hello old" out &&
	grep -q "^+hello h2" out &&
	grep -q "^+hello h3" out
'

test_expect_success 'plan names the irreversible task' '
	grep -q "task 2 (shell) is irreversible" out &&
	grep -q "2. cache (shell) \[irreversible\]" out &&
	! grep -q "1. motd (copy) \[irreversible\]" out
'

test_expect_success 'plan changed nothing, and recorded nothing' '
	test "$(lab_exec h2 cat /etc/motd-crest)" = "hello old" &&
	! lab_exec h1 test -e /etc/motd-crest &&
	! lab_exec h1 test -e /var/cache/crest-warm &&
	! test -e state/runs || test -z "$(ls state/runs)"
'

test_expect_success 'plan of an unreachable host exits 1 and says why' '
	$LAB fault h3 down &&
	test_expect_code 1 $CREST plan plan.yml -i "$LAB_DIR/inventory" $CONN >out2 &&
	$LAB fault h3 up &&
	grep -A1 "^  h3" out2 | grep -q "unreachable"
'

test_expect_success 'plan of a git playbook reviews the commits since the last successful run' '
	mkdir repo && cd repo && git init -q && git config user.email t@example.com && git config user.name tester &&
	cp "$LAB_DIR/inventory" inventory &&
	printf "hosts: h1\ntasks:\n  - copy: { dest: /srv/review, content: \"v1\\n\" }\n" >site.yml &&
	git add . && git commit -qm "first" &&
	$CREST plan site.yml -i inventory $CONN --state-dir ../state6 >../p1 &&
	grep -q "the first run of this playbook" ../p1 &&
	$CREST run site.yml -i inventory $CONN --state-dir ../state6 --json >/dev/null &&
	sed -i "s/v1/v2/" site.yml && git commit -qam "v2 of the review file" &&
	$CREST plan site.yml -i inventory $CONN --state-dir ../state6 >../p2 &&
	grep -q "review: 1 commit since the last successful run" ../p2 &&
	grep -q "v2 of the review file" ../p2 &&
	grep -q "^-.*v1" ../p2 && grep -q "^+.*v2" ../p2
'

test_done
