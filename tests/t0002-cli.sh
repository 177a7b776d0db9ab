#!/bin/bash
# t0002-cli: the crest command line's table, help and exit codes.
test_description='crest command table, --help, version'
. "$(dirname "$0")/test-lib.sh"

test_expect_success 'crest --help lists the commands' '
	$CREST --help >out &&
	grep -q "^usage: crest" out &&
	grep -q "^  version " out &&
	grep -q "exit codes" out
'

test_expect_success 'crest version names crest and its libraries' '
	$CREST version >out &&
	grep -q "^crest $(cat "$SRC/VERSION")\$" out &&
	grep -q "^libssh " out &&
	grep -q "^libgit2 " out &&
	grep -q "^libyaml " out &&
	grep -q "^jansson " out &&
	$CREST --version >out2 &&
	cmp out out2
'

test_expect_success 'every command answers --help' '

	$CREST --help | sed -n "/^commands:/,/^\$/s/^  \([a-z]*\) .*/\1/p" >commands &&
	test -s commands &&
	while read -r c; do
		$CREST "$c" --help >help.out
		grep -q "^usage: crest $c" help.out
	done <commands
'

test_expect_success 'an unknown command exits 4 and says what to do' '
	test_expect_code 4 $CREST frobnicate 2>err &&
	grep -q "not a crest command" err &&
	test_expect_code 4 $CREST 2>err
'

test_expect_success 'an unknown option exits 4' '
	test_expect_code 4 $CREST version --bogus 2>err &&
	grep -q "crest version --help" err
'

test_done
