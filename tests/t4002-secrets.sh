#!/bin/bash
# t4002-secrets: secret values reach the host, never the journal or the
# terminal; hostile values reach the host literally.
test_description='secrets and hostile values in a run'
. "$(dirname "$0")/test-lib.sh"

lab_up 2
CONN="--known-hosts $LAB_DIR/known_hosts --key $LAB_DIR/id_ed25519 --connect-timeout 3"
printf 's3cr3t-from-file\n' >"$TRASH/token"

cat >"$TRASH/secret.yml" <<'PLAY'
hosts: lab
vars:
  password: { secret: "hunter2-very-secret" }
  token: { secret_file: token }
tasks:
  - copy: { dest: /root/app.conf, content: "password={{ password }}\ntoken={{ token }}\n", mode: "0600" }
PLAY

test_expect_success 'a secret reaches the host and never the journal or the output' '
	$CREST run secret.yml -i "$LAB_DIR/inventory" $CONN --state-dir state --json >out 2>err &&
	lab_exec h1 cat /root/app.conf >conf &&
	grep -qx "password=hunter2-very-secret" conf &&
	grep -qx "token=s3cr3t-from-file" conf &&
	! grep -rq "hunter2-very-secret" state out err &&
	! grep -rq "s3cr3t-from-file" state out err &&
	grep -q "\*\*\*\*\*\*\*\*" out
'

test_expect_success 'a secret given with -e is not recorded' '
	cat >extra.yml <<-PLAY &&
	hosts: h1
	tasks:
	  - copy: { dest: /root/extra, content: "{{ api_key }}" }
	PLAY
	$CREST run extra.yml -i "$LAB_DIR/inventory" $CONN --state-dir state2 -e api_key=xyzzy-key-123 --json >out2 &&
	test "$(lab_exec h1 cat /root/extra)" = xyzzy-key-123 &&
	grep -q "\"extra_vars\":\[\"api_key\"\]" out2 &&
	! grep -q "xyzzy-key-123.*run_start" out2
'

test_expect_success 'hostile values reach the host literally' '
	cat >hostile.yml <<-PLAY &&
	hosts: h2
	tasks:
	  - copy: { dest: "/srv/{{ file }}", content: "{{ name }}" }
	PLAY
	value="a'\''b\"c;\$(touch /tmp/pwned)\`id\` | & > x
second line" &&
	file="f'\'';\$(id)\`id\`" &&
	$CREST run hostile.yml -i "$LAB_DIR/inventory" $CONN --state-dir state3 -e "name=$value" -e "file=$file" --json >out3 &&
	lab_exec h2 ls /srv >files &&
	grep -qxF "$file" files &&
	lab_exec h2 cat "/srv/$file" >got &&
	printf "%s" "$value" >want &&
	cmp got want &&
	! lab_exec h2 test -e /tmp/pwned
'

test_done
