#!/bin/bash
# t3011-patches-report: crest patches on six lab hosts in six states
# (patched; lacking security updates; lacking only an ordinary update;
# needing a reboot; unreachable; patched by a crest run), checked against
# dpkg on each host: the table, the --json records and keys, and the exit
# status CI acts on.
test_description='crest patches: the compliance report'
. "$(dirname "$0")/test-lib.sh"

lab_up 6
CONN="--known-hosts $LAB_DIR/known_hosts --key $LAB_DIR/id_ed25519 --connect-timeout 3"
PATCHES="$CREST patches -i $LAB_DIR/inventory $CONN --state-dir state"

# Installs the packages $2... on host $1 from the lab's repositories.
install() {
	local h=$1
	shift
	lab_exec "$h" sh -c "apt-get update -q && apt-get install -y -q $*" >/dev/null 2>&1 ||
		echo "# installing $* on $h failed"
	lab_exec "$h" rm -f /var/run/reboot-required /var/run/reboot-required.pkgs
}

install h1 acme-lib=1.1 acme-tools=1.1 acme-kernel=1.1 acme-utils=1.1
install h2 acme-lib=1.0 acme-tools=1.1 acme-kernel=1.0 acme-utils=1.1
install h3 acme-lib=1.1 acme-tools=1.1 acme-kernel=1.1 acme-utils=1.0
install h4 acme-lib=1.1 acme-tools=1.1 acme-kernel=1.1 acme-utils=1.1
lab_exec h4 sh -c 'touch /var/run/reboot-required && echo acme-kernel >/var/run/reboot-required.pkgs'
install h6 acme-lib=1.0 acme-tools=1.1 acme-kernel=1.1 acme-utils=1.1

cat >"$TRASH/patch.yml" <<'PLAY'
hosts: h6
tasks:
  - patch: {only: security}
PLAY

test_expect_success 'a crest run patches h6' '
	$CREST run patch.yml -i "$LAB_DIR/inventory" $CONN --state-dir state >run.out 2>&1 &&
	test "$(lab_exec h6 dpkg-query -W -f="\${Version}" acme-lib)" = 1.1
'

test_expect_success 'the table says each host state and exits 1' '
	"$LAB" fault h5 down &&
	test_expect_code 1 $PATCHES -v >out &&
	"$LAB" fault h5 up &&
	grep -q "^h1  *0  *0  *no  *never  *compliant$" out &&
	grep -q "^h2  *2  *0  *no  *never  *pending: security updates$" out &&
	grep -q "^    acme-lib 1.0 -> 1.1, security 1.1 (Lab-Security:bookworm-security)$" out &&
	grep -q "^h3  *0  *1  *no  *never  *compliant$" out &&
	grep -q "^h4  *0  *0  *yes  *never  *pending: reboot required$" out &&
	grep -q "^h5 .*unreachable: .*Connection refused" out &&
	grep -q "^h6  *0  *0  *no  *20[0-9][0-9]-[0-9-]* [0-9:]*Z  *compliant$" out &&
	tail -n 1 out >summary &&
	grep -qx "6 hosts, 3 compliant, 1 with pending security updates, 1 needing a reboot, 1 unreachable" summary
'

test_expect_success '--json: one record per host with stable keys, and a summary' '
	test_expect_code 1 $PATCHES --json h2,h3 >json &&
	test "$(wc -l <json)" = 3 &&
	head -n 1 json >h2.json &&
	for k in type host status manager security other reboot_required last_patched updates error; do
		grep -q "\"$k\":" h2.json || return 1
	done &&
	grep -q "\"type\":\"host\",\"host\":\"h2\",\"last_patched\":null,\"status\":\"pending\"" h2.json &&
	grep -q "\"name\":\"acme-kernel\",\"from\":\"1.0\",\"to\":\"1.1\",\"origin\":\"Lab-Security:bookworm-security\",\"security\":\"1.1\"" h2.json &&
	tail -n 1 json | grep -qx "{\"type\":\"summary\",\"hosts\":2,\"compliant\":1,\"pending_security\":1,\"reboot_required\":0,\"unreachable\":0}"
'

test_expect_success '--only all: the ordinary update makes h3 non-compliant' '
	test_expect_code 1 $PATCHES --only all h3 >all &&
	grep -q "^h3 .*pending: updates$" all &&
	$PATCHES h1,h3 >sec &&
	grep -q "2 hosts, 2 compliant" sec
'

test_expect_success 'the report changed nothing on the hosts' '
	test "$(lab_exec h2 dpkg-query -W -f="\${Version}" acme-lib)" = 1.0 &&
	test "$(lab_exec h3 dpkg-query -W -f="\${Version}" acme-utils)" = 1.0 &&
	lab_exec h4 test -e /var/run/reboot-required
'

test_expect_success 'bad input is exit 4 and names the problem' '
	test_expect_code 4 $PATCHES --only sometimes 2>err1 &&
	grep -q "only.*sometimes" err1 &&
	test_expect_code 4 $PATCHES --security-origin bookworm 2>err2 &&
	grep -q "FIELD=GLOB" err2 &&
	test_expect_code 4 $PATCHES nosuchhost 2>err3 &&
	grep -q "nosuchhost" err3
'

test_done
