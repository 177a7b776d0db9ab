#!/bin/bash
# t3001-files.sh - the copy and file modules on a lab host, driven with
# tests/helpers/module-driver: each change is checked from outside the
# host, applied again for changed 0, and reverted to the exact bytes,
# mode and owner found (or to absence); describe shows the diff; what
# probe records for the journal holds no secret.
test_description='copy and file: apply, apply again, revert, describe'
. "$(dirname "$0")/test-lib.sh"
. "$SRC/tests/lib-modules.sh"

lab_up 1
mkdir -p "$TRASH/files"
printf 'BEGIN CERT\n\001\002 binary\nEND\n' >"$TRASH/files/ca.pem"

cat >"$PLAYBOOK" <<\YML
hosts: all
vars:
  level: "3"
  token: {secret: s3cr3t-t0ken}
tasks:
  - copy: {dest: /etc/acme.conf, content: "level={{ level }}\nname=acme\n", mode: "0640"}
  - copy: {dest: /srv/agent.conf, content: "token={{ token }}\n", mode: "0600", owner: daemon}
  - copy: {dest: /etc/acme/ca.pem, src: files/ca.pem}
  - file: {path: /srv/data/cache, state: directory, mode: "0750", owner: daemon, group: bin}
  - file: {path: /etc/acme, state: absent}
  - file: {path: /etc/acme.conf, mode: "0604", owner: bin}
  - file: {path: /etc/acme-current, state: link, src: /etc/acme.conf}
YML

# Prints what a path is on h1, from outside: kind, mode, owner, group and
# a checksum of the bytes (of every file below a directory).
state_of() {
	lab_exec h1 sh -c '
		p=$1
		[ -e "$p" ] || [ -L "$p" ] || { echo absent; exit 0; }
		find "$p" -printf "%P %y %m %u %g %l\n" | sort
		find "$p" -type f -exec sha256sum {} + | sort' sh "$1"
}

test_expect_success 'setup: an existing file with its own bytes, mode, owner' '
	lab_exec h1 sh -c "printf \"old\\nlevel=1\\n\" >/etc/acme.conf &&
		chmod 0604 /etc/acme.conf && chown daemon:bin /etc/acme.conf &&
		mkdir -p /etc/acme && echo keep >/etc/acme/keep.txt &&
		chmod 0711 /etc/acme" &&
	state_of /etc/acme.conf >"$TRASH/conf.before" &&
	state_of /etc/acme >"$TRASH/dir.before" &&
	grep -q "604 daemon bin" "$TRASH/conf.before"
'

test_expect_success 'copy over an existing file: describe shows the diff' '
	drive h1 1 describe >out &&
	field out describe >desc &&
	grep -qx -- "-old" desc && grep -qx -- "-level=1" desc &&
	grep -qx -- "+level=3" desc && grep -qx -- "+name=acme" desc &&
	grep -q "^--- /etc/acme.conf" desc
'

test_expect_success 'copy over an existing file: the host has the new bytes and mode' '
	drive h1 1 apply >"$TRASH/copy1.json" &&
	test "$(field "$TRASH/copy1.json" changed)" = 1 &&
	lab_exec h1 cat /etc/acme.conf >got &&
	printf "level=3\nname=acme\n" >want && cmp got want &&
	state_of /etc/acme.conf | grep -q "^ f 640 daemon bin"
'

test_expect_success 'copy again: ok, changed 0' '
	drive h1 1 apply >out &&
	test "$(field out changed)" = 0 &&
	test "$(field out describe)" = "/etc/acme.conf: unchanged"
'

test_expect_success 'revert puts back the old bytes, mode and owner' '
	drive h1 1 revert "$TRASH/copy1.json" >out &&
	test "$(field out error)" = None &&
	state_of /etc/acme.conf >after &&
	diff "$TRASH/conf.before" after
'

test_expect_success 'copy to a new path, with a secret: the journal never holds it' '
	drive h1 2 apply >"$TRASH/copy2.json" &&
	test "$(field "$TRASH/copy2.json" changed)" = 1 &&
	lab_exec h1 cat /srv/agent.conf >got &&
	echo token=s3cr3t-t0ken >want && cmp got want &&
	state_of /srv/agent.conf | grep -q "^ f 600 daemon root" &&
	drive h1 2 apply >again &&
	test "$(field again changed)" = 0 &&
	field again journal >journal &&
	! grep -q s3cr3t journal &&
	! field "$TRASH/copy2.json" journal | grep -q s3cr3t
'

test_expect_success 'copy to a new path reverts to absence' '
	drive h1 2 revert "$TRASH/copy2.json" >out &&
	test "$(field out error)" = None &&
	test "$(state_of /srv/agent.conf)" = absent
'

test_expect_success 'copy of a controller file (src) carries its bytes' '
	drive h1 3 apply >"$TRASH/copy3.json" &&
	lab_exec h1 cat /etc/acme/ca.pem >got &&
	cmp got "$TRASH/files/ca.pem" &&
	drive h1 3 apply >again && test "$(field again changed)" = 0 &&
	drive h1 3 revert "$TRASH/copy3.json" >out &&
	state_of /etc/acme >after && diff "$TRASH/dir.before" after
'

test_expect_success 'file directory: created with its parents, reverted to absence' '
	drive h1 4 apply >"$TRASH/file4.json" &&
	test "$(field "$TRASH/file4.json" describe | head -n 1)" = \
		"/srv/data/cache: create directory" &&
	state_of /srv/data/cache | grep -q "^ d 750 daemon bin" &&
	drive h1 4 apply >again && test "$(field again changed)" = 0 &&
	drive h1 4 revert "$TRASH/file4.json" >out &&
	test "$(state_of /srv/data)" = absent
'

test_expect_success 'file absent on a directory: revert restores every file in it' '
	drive h1 5 apply >"$TRASH/file5.json" &&
	test "$(field "$TRASH/file5.json" describe)" = "/etc/acme: remove the directory" &&
	test "$(state_of /etc/acme)" = absent &&
	drive h1 5 apply >again && test "$(field again changed)" = 0 &&
	drive h1 5 revert "$TRASH/file5.json" >out &&
	state_of /etc/acme >after && diff "$TRASH/dir.before" after
'

test_expect_success 'file mode and owner: changed, then reverted' '
	drive h1 6 apply >"$TRASH/file6.json" &&
	test "$(field "$TRASH/file6.json" describe)" = \
		"/etc/acme.conf: owner daemon -> bin" &&
	state_of /etc/acme.conf | grep -q "^ f 604 bin bin" &&
	drive h1 6 apply >again && test "$(field again changed)" = 0 &&
	drive h1 6 revert "$TRASH/file6.json" >out &&
	state_of /etc/acme.conf >after && diff "$TRASH/conf.before" after
'

test_expect_success 'file link: made, then reverted to absence' '
	drive h1 7 apply >"$TRASH/file7.json" &&
	state_of /etc/acme-current | grep -q "^ l 777 root root /etc/acme.conf" &&
	drive h1 7 apply >again && test "$(field again changed)" = 0 &&
	drive h1 7 revert "$TRASH/file7.json" >out &&
	test "$(state_of /etc/acme-current)" = absent
'

test_done
