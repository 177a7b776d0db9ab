#!/bin/bash
# t2006-ssh-config.sh - ssh_config (-F) gives HostName, User, Port and
# IdentityFile; the inventory's port and user win over it, and -e over the
# inventory, as with Ansible.  ssh_config Host lines match the address
# crest connects to (ansible_host), else the inventory name.
test_description='ssh_config settings and their precedence'
. "$(dirname "$0")/test-lib.sh"

lab_up 2
A1=$("$LAB" addr h1)
A2=$("$LAB" addr h2)
KH="--known-hosts $LAB_DIR/known_hosts"

cat >"$TRASH/ssh_config" <<EOF
Host first
  HostName $A1
  User root
  Port 22
  IdentityFile $LAB_DIR/id_ed25519
Host wrongport
  HostName $A2
  Port 2222
  User root
  IdentityFile $LAB_DIR/id_ed25519
Host nobodyuser
  HostName $A2
  User nobody
  IdentityFile $LAB_DIR/id_ed25519
EOF

cat >"$TRASH/inventory" <<EOF
first
wrongport
fixedport ansible_host=wrongport ansible_port=22
nobodyuser
rootuser ansible_host=nobodyuser ansible_user=root
EOF

RUN="$CREST exec -i $TRASH/inventory -F $TRASH/ssh_config $KH"

test_expect_success 'HostName, User, Port and IdentityFile come from -F' '
	$RUN first -- sh -c "hostname; id -un" >out &&
	cat out &&
	grep -q "^first | ok | exit 0 | " out &&
	grep -qx h1 out && grep -qx root out
'

test_expect_success 'ssh_config'"'"'s Port is used' '
	test_expect_code 1 $RUN wrongport -- true >out &&
	cat out &&
	grep -q "^wrongport | unreachable | [0-9.]* s | root@$A2 port 2222: " out
'

test_expect_success 'the inventory'"'"'s port wins over ssh_config'"'"'s' '
	$RUN fixedport -- hostname >out &&
	grep -qx h2 out
'

test_expect_success 'the inventory'"'"'s user wins over ssh_config'"'"'s' '
	test_expect_code 1 $RUN nobodyuser -- true >out &&
	grep -q "^nobodyuser | auth | [0-9.]* s | nobody@$A2 port 22: " out &&
	$RUN rootuser -- id -un >out &&
	grep -qx root out
'

test_expect_success '-e ansible_user= wins over the inventory'"'"'s user' '
	test_expect_code 1 $RUN rootuser -e ansible_user=nobody -- true >out &&
	grep -q "^rootuser | auth | [0-9.]* s | nobody@" out
'

test_expect_success 'without -F or --key, the lab'"'"'s key is not used' '
	test_expect_code 1 "$CREST" exec -i "$LAB_DIR/inventory" h1 $KH \
		-- true >out &&
	cat out &&
	grep -q "^h1 | auth | " out
'

test_done
