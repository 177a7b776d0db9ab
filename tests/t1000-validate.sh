#!/bin/bash
# t1000-validate.sh - "crest validate": exit codes and exact messages for
# valid and invalid playbooks, with and without an inventory, and the
# example playbooks of playbooks/.  No test host is needed.
test_description='crest validate'
. "$(dirname "$0")/test-lib.sh"

FLEET=$SRC/tests/data/inventory/fleet.yml

# Writes stdin to file $1.
write() {
	cat >"$1"
}

for pb in "$SRC"/playbooks/*.yml; do
	name=$(basename "$pb")
	test_expect_success "example $name validates" "
		\"\$CREST\" validate \"$pb\" >out &&
		grep -q ': ok (' out
	"
	test_expect_success "example $name validates against an inventory" "
		\"\$CREST\" validate -q -i \"$FLEET\" \"$pb\" >out 2>err &&
		test ! -s err
	"
done

test_expect_success 'a valid playbook: exit 0 and a summary' '
	write ok.yml <<-\EOF &&
	hosts: web
	waves: [1, 50%]
	tasks:
	  - package: {name: acme-agent, version: "{{ version }}"}
	EOF
	"$CREST" validate ok.yml >out &&
	test "$(cat out)" = "ok.yml: ok (1 play, 1 task)"
'

# Each line: expected message (FILE stands for the playbook), then the
# playbook itself, one case per block separated by "---".
test_expect_success 'every kind of invalid playbook exits 4 with its position' '
	write cases <<-\EOF &&
	FILE:2:1: unknown key '\''wavez'\'' in a play; did you mean '\''waves'\''?
	hosts: web
	wavez: 2
	tasks: [{command: ls}]
	---
	FILE:3:5: unknown module or key '\''pakage'\'' in a task; did you mean '\''package'\''?
	hosts: web
	tasks:
	  - pakage: {name: x}
	---
	FILE:3:24: package: unknown argument '\''verison'\''; did you mean '\''version'\''?
	hosts: web
	tasks:
	  - package: {name: x, verison: "1"}
	---
	FILE:2:8: '\''pause'\'' must be a duration such as 30s, 2m or 1h (at most 30 days), not '\''a while'\''
	hosts: web
	pause: a while
	tasks: [{command: ls}]
	---
	FILE:1:1: a play needs '\''hosts'\'', the inventory pattern it runs on
	tasks: [{command: ls}]
	---
	FILE:3:1: duplicate key '\''tasks'\'' (first given at line 2, column 1)
	hosts: web
	tasks: [{command: ls}]
	tasks: [{command: ls}]
	---
	FILE:3:5: service: give '\''state'\'', '\''enabled'\'' or both
	hosts: web
	tasks:
	  - service: {name: acme-agent}
	EOF
	n=0 &&
	while IFS= read -r want; do
		n=$((n + 1)) &&
		: >"case$n.yml" &&
		while IFS= read -r line && [ "$line" != "---" ]; do
			printf "%s\n" "$line" >>"case$n.yml"
		done &&
		test_expect_code 4 "$CREST" validate -q "case$n.yml" 2>err &&
		echo "crest validate: ${want//FILE/case$n.yml}" >expect &&
		diff -u expect err || exit 1
	done <cases &&
	test $n = 7
'

test_expect_success 'a tab in indentation is named as such' '
	printf "hosts: web\ntasks:\n\t- command: ls\n" >tab.yml &&
	test_expect_code 4 "$CREST" validate tab.yml 2>err &&
	grep -qx "crest validate: tab.yml:3:1: tab character in indentation (YAML indents with spaces only)" err
'

test_expect_success 'an alias bomb is refused' '
	{
		echo "a: &a [x, x, x, x, x, x, x, x, x, x]" &&
		echo "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]" &&
		echo "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]" &&
		echo "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]" &&
		echo "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]" &&
		echo "f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]"
	} >bomb.yml &&
	test_expect_code 4 "$CREST" validate bomb.yml 2>err &&
	grep -q "bomb.yml:5:36: aliases expand to more than 100000 nodes" err
'

test_expect_success 'a file over the size limit is refused' '
	head -c 9000000 /dev/zero | tr "\0" "a" >big.yml &&
	test_expect_code 4 "$CREST" validate big.yml 2>err &&
	grep -qx "crest validate: big.yml: file is larger than 8388608 bytes" err
'

test_expect_success 'a missing playbook exits 4' '
	test_expect_code 4 "$CREST" validate nosuch.yml 2>err &&
	grep -qx "crest validate: nosuch.yml: No such file or directory" err
'

test_expect_success 'every playbook is checked; one bad one makes exit 4' '
	printf "hosts: web\ntasks: [{command: ls}]\n" >good.yml &&
	printf "hosts: web\ntasks: [{comand: ls}]\n" >bad.yml &&
	test_expect_code 4 "$CREST" validate bad.yml good.yml >out 2>err &&
	grep -qx "good.yml: ok (1 play, 1 task)" out &&
	grep -q "^crest validate: bad.yml:2:10: unknown module or key" err
'

test_expect_success 'with -i: waves are cut for the matched hosts' '
	printf "hosts: web:!legacy\nwaves: [1, 10%%, 50%%]\ntasks: [{command: ls}]\n" >w.yml &&
	"$CREST" validate -i "$FLEET" w.yml >out &&
	grep -qx "w.yml: play '\''web:!legacy'\'': 11 hosts in 4 waves: 1 1 5 4" out
'

test_expect_success 'with -i: a pattern matching no host exits 4' '
	printf "name: x\nhosts: nosuch*\ntasks: [{command: ls}]\n" >none.yml &&
	test_expect_code 4 "$CREST" validate -i "$FLEET" none.yml 2>err &&
	grep -qx "crest validate: none.yml:2:8: hosts '\''nosuch\*'\'' match no host of $FLEET" err
'

test_expect_success 'with -i: an undefined variable names where and for which host' '
	printf "hosts: db\ntasks:\n  - package: {name: x, version: \"{{ version }}\"}\n" >v.yml &&
	test_expect_code 4 "$CREST" validate -i "$FLEET" v.yml 2>err &&
	grep -qx "crest validate: v.yml:3:33: undefined variable '\''version'\'' (host db1.example.com)" err &&
	"$CREST" validate -q -i "$FLEET" -e version=2.0 v.yml
'

test_expect_success 'with -i: --limit narrows the hosts checked' '
	printf "hosts: all\ntasks:\n  - command: \"echo {{ rack }}\"\n" >r.yml &&
	test_expect_code 4 "$CREST" validate -q -i "$FLEET" r.yml 2>err &&
	grep -q "undefined variable '\''rack'\'' (host build1)" err &&
	"$CREST" validate -i "$FLEET" --limit "storage,db" r.yml >out &&
	grep -q "11 hosts in 1 wave: 11" out
'

test_expect_success 'with -i: a bad pattern regex exits 4' '
	printf "hosts: \"~web(\"\ntasks: [{command: ls}]\n" >re.yml &&
	test_expect_code 4 "$CREST" validate -i "$FLEET" re.yml 2>err &&
	grep -q "re.yml:1:8: hosts '\''~web('\'': host pattern" err
'

test_expect_success 'a broken inventory exits 4 with its position' '
	printf "[web:child]\nh1\n" >bad.ini &&
	test_expect_code 4 "$CREST" validate -i bad.ini good.yml 2>err &&
	grep -q "bad.ini:1:1: section \[web:child\] has unknown type" err
'

test_expect_success 'usage errors exit 4; --help exits 0' '
	test_expect_code 4 "$CREST" validate 2>err &&
	grep -q "name at least one playbook" err &&
	test_expect_code 4 "$CREST" validate --bogus x.yml 2>err &&
	test_expect_code 4 "$CREST" validate --limit web good.yml 2>err &&
	grep -q "needs -i" err &&
	"$CREST" validate --help >out &&
	grep -q "^usage: crest validate" out
'

test_expect_success '--modules lists every module' '
	"$CREST" validate --modules >out &&
	test $(wc -l <out) = 12 &&
	grep -q "^package " out &&
	grep -q "^check .*can verify" out
'

test_done
