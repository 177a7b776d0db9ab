#!/bin/bash
# t3000-package.sh - the package module against real apt and dpkg on lab
# hosts, driven step by step with tests/helpers/module-driver: install,
# upgrade 1.0 -> 2.0 and revert to 1.0 after the repository dropped 1.0
# (from the .deb kept on the host), a failing postinst that leaves the
# host as found, removal and its revert, revert of an install to absence,
# and a change refused before anything changed when the prior package
# cannot be kept.
test_description='package: apply, apply again, revert, describe'
. "$(dirname "$0")/test-lib.sh"

. "$SRC/tests/lib-modules.sh"
lab_up 2

cat >"$PLAYBOOK" <<\YML
hosts: all
tasks:
  - package: {name: acme-agent, version: "1.0"}
  - package: {name: acme-agent, version: "2.0"}
  - package: {name: acme-broken}
  - package: {name: acme-agent, state: absent}
  - package: {name: [acme-agent], state: latest, update_cache: true}
YML

# Prints the version dpkg has of acme-agent on a host, or "absent".
version_on() {
	lab_exec "$1" dpkg-query -W -f='${Status} ${Version}\n' acme-agent \
		2>/dev/null | sed -n 's/^install ok installed //p' | grep . ||
		echo absent
}

test_expect_success 'install 1.0 on hosts whose package lists are empty' '
	drive h1 1 apply >out &&
	test "$(field out error)" = None &&
	test "$(field out changed)" = 1 &&
	test "$(field out describe)" = "acme-agent install 1.0" &&
	test "$(field out prior.packages)" != "" &&
	test "$(version_on h1)" = 1.0 &&
	drive h2 1 apply >out2 && test "$(version_on h2)" = 1.0
'

test_expect_success 'installing 1.0 again reports ok, changed 0' '
	drive h1 1 apply >out &&
	test "$(field out changed)" = 0 &&
	test "$(field out describe)" = "packages unchanged"
'

test_expect_success 'upgrade 1.0 -> 2.0: describe says so, dpkg agrees' '
	drive h1 2 describe >desc &&
	test "$(field desc describe)" = "acme-agent 1.0 -> 2.0" &&
	drive h1 2 apply >"$TRASH/upgrade.json" &&
	test "$(field "$TRASH/upgrade.json" changed)" = 1 &&
	test "$(field "$TRASH/upgrade.json" describe)" = "acme-agent 1.0 -> 2.0" &&
	test "$(version_on h1)" = 2.0 &&
	lab_exec h1 cat /opt/acme/VERSION >v && grep -qx 2.0 v &&
	drive h1 2 apply >again && test "$(field again changed)" = 0
'

test_expect_success 'the prior .deb is kept on the host, named in prior' '
	dir=$(field "$TRASH/upgrade.json" journal.backup) &&
	test "$dir" = /var/lib/crest/backup/t3000-package/h1/task-2 &&
	lab_exec h1 sh -c "ls $dir" >files &&
	grep -qx acme-agent_1.0_all.deb files
'

test_expect_success 'removal keeps the .deb and says what it removes' '
	drive h2 4 apply >"$TRASH/remove.json" &&
	test "$(field "$TRASH/remove.json" describe)" = "acme-agent remove 1.0" &&
	test "$(version_on h2)" = absent &&
	drive h2 4 apply >again && test "$(field again changed)" = 0
'

test_expect_success 'the repository drops 1.0' '
	rm "$LAB_DIR/repo/acme-agent_1.0_all.deb" &&
	"$SRC/tests/lab/build-repo" --index "$LAB_DIR/repo" &&
	lab_exec h1 apt-get update -q >/dev/null 2>&1 &&
	lab_exec h2 apt-get update -q >/dev/null 2>&1 &&
	lab_exec h1 apt-cache madison acme-agent >m &&
	! grep -q " 1.0 " m
'

test_expect_success 'revert of the upgrade from the journal brings back 1.0' '
	drive h1 2 revert "$TRASH/upgrade.json" >out &&
	test "$(field out error)" = None &&
	test "$(version_on h1)" = 1.0 &&
	lab_exec h1 acme-agent >said && grep -qx "acme-agent 1.0" said
'

test_expect_success 'revert of the removal reinstalls 1.0 from the kept .deb' '
	drive h2 4 revert "$TRASH/remove.json" >out &&
	test "$(field out error)" = None &&
	test "$(version_on h2)" = 1.0
'

test_expect_success 'an upgrade whose prior package cannot be kept changes nothing' '
	test_expect_code 1 drive h2 2 apply >out &&
	test "$(field out error.kind)" = failed &&
	field out error.message | grep -q "cannot keep acme-agent 1.0 for a revert" &&
	test "$(version_on h2)" = 1.0
'

test_expect_success 'a failing postinst leaves the host as found' '
	lab_exec h1 dpkg -l >before &&
	lab_exec h1 find /opt /usr/bin -newer /etc/hostname >files-before &&
	test_expect_code 1 drive h1 3 apply >out &&
	test "$(field out error.kind)" = failed &&
	field out error.message | grep -q "the packages are back as found" &&
	lab_exec h1 dpkg -l >after &&
	diff before after &&
	! lab_exec h1 dpkg-query -W acme-broken 2>/dev/null &&
	test ! -e "$LAB_DIR/hosts/h1/upper/opt/acme/acme-broken" &&
	lab_exec h1 sh -c "test ! -e /opt/acme/acme-broken"
'

test_expect_success 'latest on a host without it installs 2.0; revert removes it' '
	lab_exec h2 dpkg --purge acme-agent >/dev/null &&
	test "$(version_on h2)" = absent &&
	drive h2 5 apply >"$TRASH/latest.json" &&
	test "$(field "$TRASH/latest.json" describe)" = "acme-agent install 2.0" &&
	test "$(version_on h2)" = 2.0 &&
	drive h2 5 revert "$TRASH/latest.json" >out &&
	test "$(field out error)" = None &&
	test "$(version_on h2)" = absent
'

test_done
