#!/bin/bash
# t2003-proxyjump.sh - ssh_config's ProxyJump, done by crest itself: the
# target is reached through a direct-tcpip channel of the jump host, with
# the same key, known_hosts and ssh_config as any host.  The targets go by
# names only the jump hosts can resolve (their own /etc/hosts), so a
# direct connection from the controller cannot succeed by accident.
test_description='ProxyJump through lab hosts'
. "$(dirname "$0")/test-lib.sh"

lab_up 3
A1=$("$LAB" addr h1)
A2=$("$LAB" addr h2)
A3=$("$LAB" addr h3)

# h2 is "behind-h1" for h1 only; h3 is "behind-h2" for h2 only.
lab_exec h1 sh -c "echo '$A2 behind-h1' >>/etc/hosts"
lab_exec h2 sh -c "echo '$A3 behind-h2' >>/etc/hosts"

{
	cat "$LAB_DIR/known_hosts"
	echo "behind-h1 $(cut -d' ' -f1,2 "$LAB_DIR/hosts/h2/run/ssh_host_ed25519_key.pub")"
	echo "behind-h2 $(cut -d' ' -f1,2 "$LAB_DIR/hosts/h3/run/ssh_host_ed25519_key.pub")"
} >"$TRASH/known_hosts"

cat >"$TRASH/ssh_config" <<EOF
Host bastion
  HostName $A1
Host behind-h1
  ProxyJump bastion
Host behind-h2
  ProxyJump root@$A1:22,$A2
Host *
  User root
  IdentityFile $LAB_DIR/id_ed25519
  UserKnownHostsFile $TRASH/known_hosts
EOF

cat >"$TRASH/inventory" <<EOF
[jumped]
t2 ansible_host=behind-h1
t3 ansible_host=behind-h2
EOF

CFG="-i $TRASH/inventory -F $TRASH/ssh_config"

test_expect_success 'the targets do not resolve from the controller' '
	! getent hosts behind-h1 &&
	! getent hosts behind-h2
'

test_expect_success 'through one jump host' '
	"$CREST" exec t2 $CFG -- hostname >out &&
	cat out &&
	grep -q "^t2 | ok | exit 0 | " out &&
	grep -qx h2 out
'

test_expect_success 'through two jump hosts, in ProxyJump order' '
	"$CREST" exec t3 $CFG -- hostname >out &&
	cat out &&
	grep -q "^t3 | ok | exit 0 | " out &&
	grep -qx h3 out
'

test_expect_success 'several commands and hosts through jumps at once' '
	"$CREST" exec all $CFG --become -- sh -c "hostname; seq 20000 | tail -1" >out &&
	grep -q "^2 hosts: 2 ok in " out &&
	test "$(grep -c "^20000\$" out)" = 2
'

test_expect_success 'a jump host with a wrong key fails as hostkey' '
	grep -v "^h1," "$TRASH/known_hosts" >kh &&
	echo "h1,$A1 $(cut -d" " -f1,2 "$LAB_DIR/hosts/h3/run/ssh_host_ed25519_key.pub")" >>kh &&
	sed "s|$TRASH/known_hosts|$PWD/kh|" "$TRASH/ssh_config" >cfg &&
	test_expect_code 1 "$CREST" exec t2 -i "$TRASH/inventory" -F cfg \
		-- true >out &&
	cat out &&
	grep -q "^t2 | hostkey | .*jump host" out
'

test_expect_success 'a down jump host makes the target unreachable' '
	"$LAB" fault h1 down &&
	test_expect_code 1 "$CREST" exec t2 $CFG --connect-timeout 3 \
		-- true >out &&
	"$LAB" fault h1 up &&
	cat out &&
	grep -q "^t2 | unreachable | .*jump host" out
'

test_expect_success 'a hanging target behind a jump ends in time' '
	"$LAB" fault h2 hang &&
	start=$(date +%s) &&
	test_expect_code 1 "$CREST" exec t2 $CFG --connect-timeout 2 \
		-- true >out &&
	end=$(date +%s) &&
	"$LAB" fault h2 up &&
	cat out &&
	grep -q "^t2 | unreachable | " out &&
	test $((end - start)) -le 4
'

test_done
