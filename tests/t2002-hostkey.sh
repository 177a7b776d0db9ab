#!/bin/bash
# t2002-hostkey.sh - strict host key checking: a host whose key does not
# match known_hosts ends "hostkey" and nothing runs on it (it is not even
# logged in to); an unknown host fails without --accept-new and is
# recorded with it; --accept-new never records a changed key.
test_description='host keys are checked strictly'
. "$(dirname "$0")/test-lib.sh"

lab_up 3
INV=$LAB_DIR/inventory
KEY="--key $LAB_DIR/id_ed25519"
ADDR2=$("$LAB" addr h2)
ADDR3=$("$LAB" addr h3)

# Prints the SHA256 fingerprint of host K's real key.
fingerprint() {
	ssh-keygen -lf "$LAB_DIR/hosts/h$1/run/ssh_host_ed25519_key.pub" |
		cut -d' ' -f2
}

# Counts the logins host K's sshd has accepted.
logins() {
	grep -c "Accepted publickey" "$LAB_DIR/hosts/h$1/run/sshd.log" || :
}

ssh-keygen -q -t ed25519 -N '' -f "$TRASH/impostor"
# known_hosts where h2 has another key: its key "changed".
grep -v "^h2," "$LAB_DIR/known_hosts" >"$TRASH/kh-changed"
echo "h2,$ADDR2 $(cut -d' ' -f1,2 "$TRASH/impostor.pub")" >>"$TRASH/kh-changed"
# known_hosts without h3: h3 is "unknown".
grep -v "^h3," "$LAB_DIR/known_hosts" >"$TRASH/kh-unknown"

test_expect_success 'a changed key fails that host only, with what to do' '
	before=$(logins 2) &&
	test_expect_code 1 "$CREST" exec all -i "$INV" $KEY \
		--known-hosts "$TRASH/kh-changed" -- touch /root/crest-ran >out &&
	cat out &&
	grep -q "^h1 | ok | exit 0 | " out &&
	grep -q "^h3 | ok | exit 0 | " out &&
	grep -q "^h2 | hostkey | " out &&
	line=$(grep "^h2 | " out) &&
	case $line in *CHANGED*) ;; *) exit 1 ;; esac &&
	case $line in *"$ADDR2"*) ;; *) exit 1 ;; esac &&
	case $line in *ssh-ed25519*) ;; *) exit 1 ;; esac &&
	case $line in *"$(fingerprint 2)"*) ;; *) exit 1 ;; esac &&
	case $line in *"ssh-keygen -R"*) ;; *) exit 1 ;; esac &&
	grep -q "^3 hosts: 2 ok, 1 hostkey in " out &&
	# Nothing ran on it; it was not even logged in to.
	lab_exec h1 test -e /root/crest-ran &&
	! lab_exec h2 test -e /root/crest-ran &&
	test "$(logins 2)" = "$before"
'

test_expect_success 'an unknown host fails without --accept-new' '
	cp "$TRASH/kh-unknown" kh &&
	test_expect_code 1 "$CREST" exec h3 -i "$INV" $KEY --known-hosts kh \
		-- touch /root/crest-unknown >out &&
	cat out &&
	grep -q "^h3 | hostkey | .*unknown" out &&
	grep -q "$(fingerprint 3)" out &&
	grep -q -- "--accept-new" out &&
	! lab_exec h3 test -e /root/crest-unknown &&
	cmp kh "$TRASH/kh-unknown"
'

test_expect_success '--accept-new records it, and then it is known' '
	cp "$TRASH/kh-unknown" "$TRASH/kh-accept" &&
	"$CREST" exec all -i "$INV" $KEY --known-hosts "$TRASH/kh-accept" \
		--accept-new -- hostname >out &&
	grep -q "^3 hosts: 3 ok in " out &&
	grep -q "^$ADDR3 ssh-ed25519 $(cut -d" " -f2 \
		"$LAB_DIR/hosts/h3/run/ssh_host_ed25519_key.pub")" \
		"$TRASH/kh-accept" &&
	test "$(grep -c . "$TRASH/kh-accept")" = 3 &&
	"$CREST" exec h3 -i "$INV" $KEY --known-hosts "$TRASH/kh-accept" \
		-- hostname >out &&
	grep -qx h3 out
'

test_expect_success '--accept-new never records a changed key' '
	cp "$TRASH/kh-changed" kh &&
	test_expect_code 1 "$CREST" exec h2 -i "$INV" $KEY --known-hosts kh \
		--accept-new -- true >out &&
	grep -q "^h2 | hostkey | .*CHANGED" out &&
	cmp kh "$TRASH/kh-changed"
'

test_expect_success '--accept-new creates a missing known_hosts file' '
	"$CREST" exec all -i "$INV" $KEY --known-hosts new/dir/kh \
		--accept-new -- true >out &&
	grep -q "^3 hosts: 3 ok in " out &&
	test "$(grep -c ssh-ed25519 new/dir/kh)" = 3 &&
	test "$(stat -c %a new/dir/kh)" = 600
'

test_expect_success 'ssh_config'"'"'s UserKnownHostsFile is trusted too' '
	printf "Host *\n  UserKnownHostsFile %s\n" "$LAB_DIR/known_hosts" >cfg &&
	"$CREST" exec all -i "$INV" $KEY -F cfg -- true >out &&
	grep -q "^3 hosts: 3 ok in " out
'

test_expect_success 'so is its GlobalKnownHostsFile, with --known-hosts too' '
	printf "Host *\n  GlobalKnownHostsFile %s\n" "$LAB_DIR/known_hosts" >cfg &&
	: >empty &&
	"$CREST" exec all -i "$INV" $KEY -F cfg --known-hosts empty -- true >out &&
	grep -q "^3 hosts: 3 ok in " out
'

test_expect_success 'a match in any file wins over a stale entry in another' '
	printf "Host *\n  UserKnownHostsFile %s\n" "$TRASH/kh-changed" >cfg &&
	"$CREST" exec h2 -i "$INV" $KEY -F cfg \
		--known-hosts "$LAB_DIR/known_hosts" -- true >out &&
	grep -q "^1 host: 1 ok in " out
'

test_done
