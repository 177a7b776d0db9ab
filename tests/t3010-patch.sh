#!/bin/bash
# t3010-patch: the patch module on real apt, through crest run, plan and
# rollback: security updates (decided by the lab's security archive, whose
# Release says Suite bookworm-security) roll out in waves, the ordinary
# update stays pending, only hosts whose packages ask for it reboot (a new
# boot id), a wave that fails verify goes back to the exact prior versions
# from the kept files after the repository and the apt cache lost them,
# and the packages the patch pulled in are removed again.
test_description='patch: security updates in waves, reboot if required, exact rollback'
. "$(dirname "$0")/test-lib.sh"

lab_up 4
CONN="--known-hosts $LAB_DIR/known_hosts --key $LAB_DIR/id_ed25519 --connect-timeout 3"
RUN="$CREST run -i $LAB_DIR/inventory $CONN --state-dir state --json"

# Prints NAME VERSION of the lab's patch packages on host $1 (absent: -).
pkgs() {
	local p
	for p in acme-lib acme-tools acme-tools-data acme-kernel acme-utils; do
		printf '%s %s\n' "$p" "$(lab_exec "$1" dpkg-query -W -f='${Version}' "$p" 2>/dev/null || echo -)"
	done
}

# Prints host $1's boot id.
boot_id() {
	lab_exec "$1" cat /proc/sys/kernel/random/boot_id
}

# Every host starts at 1.0 of each package; h2 and h4 already have the
# kernel's security update (so nothing asks them for a reboot).
for k in 1 2 3 4; do
	lab_exec h$k sh -c 'apt-get update -q && apt-get install -y -q acme-lib=1.0 acme-tools=1.0 acme-kernel=1.0 acme-utils=1.0' >/dev/null 2>&1 ||
		echo "# setting up h$k failed"
done
for k in 2 4; do
	lab_exec h$k sh -c 'apt-get install -y -q acme-kernel=1.1' >/dev/null 2>&1
done
for k in 1 2 3 4; do
	lab_exec h$k rm -f /var/run/reboot-required /var/run/reboot-required.pkgs
	pkgs h$k >"$TRASH/h$k.start"
done

cat >"$TRASH/security.yml" <<'PLAY'
name: monthly security patches
hosts: lab
waves: [1, 50%, 100%]
tasks:
  - name: security updates
    patch: {only: security, reboot: if_required, reboot_timeout: 60s}
PLAY

test_expect_success 'plan lists each update, security marked, and the reboot' '
	$CREST plan security.yml -i "$LAB_DIR/inventory" $CONN --state-dir state >plan.out &&
	grep -q "acme-lib 1.0 -> 1.1 (security, Lab-Security:bookworm-security)" plan.out &&
	grep -q "acme-utils 1.0 -> 1.1 left: not a security update" plan.out &&
	grep -q "reboots only if an upgraded package asks for it" plan.out &&
	test "$(lab_exec h1 dpkg-query -W -f="\${Version}" acme-lib)" = 1.0
'

test_expect_success 'crest patches before: every host lacks security updates (exit 1)' '
	test_expect_code 1 $CREST patches -i "$LAB_DIR/inventory" $CONN --state-dir state >before.out &&
	grep -q "4 hosts, 0 compliant, 4 with pending security updates" before.out
'

test_expect_success 'the run takes the security updates in waves, not the ordinary one' '
	for k in 1 2 3 4; do boot_id h$k >h$k.boot; done &&
	$RUN security.yml >run.out &&
	grep -q "\"event\":\"run_end\",\"status\":\"ok\"" run.out &&
	test "$(grep -c "\"event\":\"wave_start\"" run.out)" = 3 &&
	for k in 1 2 3 4; do
		pkgs h$k >h$k.now &&
		grep -qx "acme-lib 1.1" h$k.now &&
		grep -qx "acme-tools 1.1" h$k.now &&
		grep -qx "acme-tools-data 1.1" h$k.now &&
		grep -qx "acme-kernel 1.1" h$k.now &&
		grep -qx "acme-utils 1.0" h$k.now || return 1
	done &&
	test -z "$(lab_exec h1 dpkg --audit)"
'

test_expect_success 'exactly the hosts whose packages asked for it rebooted' '
	test "$(boot_id h1)" != "$(cat h1.boot)" &&
	test "$(boot_id h3)" != "$(cat h3.boot)" &&
	test "$(boot_id h2)" = "$(cat h2.boot)" &&
	test "$(boot_id h4)" = "$(cat h4.boot)" &&
	! lab_exec h1 test -e /var/run/reboot-required
'

test_expect_success 'crest patches after: compliant for security (exit 0), not for all' '
	$CREST patches -i "$LAB_DIR/inventory" $CONN --state-dir state >after.out &&
	grep -q "4 hosts, 4 compliant, 0 with pending security updates, 0 needing a reboot, 0 unreachable" after.out &&
	grep -q "^h1 .* 20[0-9-]* [0-9:]*Z *compliant" after.out &&
	test_expect_code 1 $CREST patches -i "$LAB_DIR/inventory" $CONN --state-dir state --only all >all.out &&
	grep -q "pending: updates" all.out
'

test_expect_success 'the same patch again changes nothing and reboots no host' '
	for k in 1 2 3 4; do boot_id h$k >h$k.boot2; done &&
	$RUN security.yml >again.out &&
	! grep -q "\"status\":\"changed\"" again.out &&
	for k in 1 2 3 4; do
		test "$(boot_id h$k)" = "$(cat h$k.boot2)" || return 1
	done
'

cat >"$TRASH/bad.yml" <<'PLAY'
name: patches that break the service
hosts: lab
waves: [100%]
tasks:
  - patch: {only: all, reboot: never}
verify:
  - shell: "rm -f /var/cache/apt/archives/*.deb; ! grep -q 'acme-utils 1.1' /opt/acme/acme-utils"
PLAY

# The verify fails on every host, and takes the apt cache with it; the
# repository lost acme-utils 1.0 before the run (its file is in the cache
# when the patch keeps it).
test_expect_success 'a wave failing verify after patching goes back exactly, offline' '
	rm -f "$LAB_DIR"/repo/acme-utils_1.0_all.deb &&
	"$SRC/tests/lab/build-repo" --index "$LAB_DIR/repo" &&
	for k in 1 2 3 4; do pkgs h$k >h$k.pre; done &&
	test_expect_code 2 $RUN bad.yml >bad.out &&
	grep -q "\"event\":\"run_end\",\"status\":\"rolled_back\"" bad.out &&
	grep -q "acme-utils 1.0" h1.pre &&
	for k in 1 2 3 4; do
		pkgs h$k >h$k.post &&
		diff h$k.pre h$k.post &&
		test -z "$(lab_exec h$k dpkg --audit)" || return 1
	done
'

test_expect_success 'crest rollback of the security run: prior versions from the kept files' '
	id=$(sed -n "s/.*\"event\":\"run_start\",\"run\":\"\([^\"]*\)\".*/\1/p" run.out) &&
	for k in 1 2 3 4; do lab_exec h$k sh -c "rm -f /var/cache/apt/archives/*.deb"; done &&
	rm -f "$LAB_DIR"/repo/acme-lib_1.0_all.deb "$LAB_DIR"/repo/acme-tools_1.0_all.deb \
		"$LAB_DIR"/repo/acme-kernel_1.0_all.deb &&
	"$SRC/tests/lab/build-repo" --index "$LAB_DIR/repo" &&
	for k in 1 2 3 4; do boot_id h$k >h$k.boot3; done &&
	$CREST rollback "$id" $CONN --state-dir state >rb.out 2>rb.err &&
	for k in 1 2 3 4; do
		pkgs h$k >h$k.back &&
		diff h$k.start h$k.back &&
		test -z "$(lab_exec h$k dpkg --audit)" || return 1
	done &&
	test "$(boot_id h1)" != "$(cat h1.boot3)" &&
	test "$(boot_id h2)" = "$(cat h2.boot3)"
'

test_expect_success 'bad patch arguments are exit 4 at file:line:column' '
	cat >badargs.yml <<-\PLAY &&
	hosts: lab
	tasks:
	  - patch:
	      only: security
	      security_origins: [bookworm]
	  - patch: {reboot: sometimes}
	PLAY
	test_expect_code 4 $CREST validate badargs.yml 2>err &&
	grep -q "badargs.yml:5:26: .*security origin .bookworm. is not FIELD=GLOB" err &&
	test_expect_code 4 $CREST run badargs.yml -i "$LAB_DIR/inventory" $CONN --state-dir state 2>err2 &&
	grep -q "badargs.yml:5:26" err2
'

test_done
