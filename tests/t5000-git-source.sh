#!/bin/bash
# t5000-git-source: crest run reads its playbook and inventory from a git
# commit: the repository it runs in (clean, dirty, --allow-dirty), or a
# --repo cloned and fetched into the state directory, at a --ref; the
# journal records the commit; resume reopens the same commit.
#
# No test host is needed: every playbook targets a pattern no inventory
# host matches, so each run stops with exit 4 ("matched no host") after
# every git check passed, and writes its journal header first.  Which
# pattern the error names tells which content ran.
test_description='playbooks from git commits'
. "$(dirname "$0")/test-lib.sh"

export GIT_AUTHOR_NAME=Alice GIT_AUTHOR_EMAIL=alice@example.com
export GIT_COMMITTER_NAME=Alice GIT_COMMITTER_EMAIL=alice@example.com
export GIT_CONFIG_NOSYSTEM=1 HOME=$TRASH

# Writes a playbook whose hosts pattern is $2 into file $1.
playbook() {
	mkdir -p "$(dirname "$1")"
	printf 'name: agent\nhosts: %s\ntasks:\n  - name: hi\n    command: echo hi\n' "$2" >"$1"
}

# Prints the git object of the newest run's journal header in state dir $1.
last_header() {
	head -n 1 "$(ls -t "$1"/runs/*.jsonl | head -n 1)"
}

cd "$TRASH"
git init -q -b main repo
(
	cd repo &&
	playbook playbooks/agent.yml from_commit &&
	printf 'all:\n  hosts:\n    h1: {ansible_host: 127.0.90.250}\n' >inventory.yml &&
	printf 'inventory: inventory.yml\n' >crest.yml &&
	printf 'err\nh\nruns*\nshow*\n' >.gitignore &&
	git add -A && git commit -q -m first
)

test_expect_success 'a clean work tree runs HEAD and the journal holds its SHA' '
	cd repo &&
	test_expect_code 4 $CREST run playbooks/agent.yml --state-dir ../st1 2>err &&
	grep -q "hosts: .from_commit. matched no host" err &&
	last_header ../st1 >h &&
	grep -q "\"commit\":\"$(git rev-parse HEAD)\"" h &&
	grep -q "\"source\":\"commit\"" h &&
	grep -q "\"ref\":\"refs/heads/main\"" h &&
	grep -q "\"author\":\"Alice <alice@example.com>\"" h &&
	grep -q "\"inventory\":\"inventory.yml\"" h &&
	test -z "$(ls ../st1/tmp)"
'

test_expect_success 'a modified tracked file is refused with its path (exit 4)' '
	cp -r repo dirty && cd dirty &&
	playbook playbooks/agent.yml from_disk &&
	test_expect_code 4 $CREST run playbooks/agent.yml --state-dir ../st2 2>err &&
	grep -q "differs from $(git rev-parse HEAD): playbooks/agent.yml" err &&
	grep -q -- --allow-dirty err &&
	! ls ../st2/runs/*.jsonl 2>/dev/null
'

test_expect_success 'an untracked file beside the playbook is refused too' '
	cp -r repo untracked && cd untracked &&
	touch playbooks/extra.yml &&
	test_expect_code 4 $CREST run playbooks/agent.yml --state-dir ../st3 2>err &&
	grep -q "playbooks/extra.yml (untracked)" err &&
	rm playbooks/extra.yml && touch elsewhere.txt &&
	test_expect_code 4 $CREST run playbooks/agent.yml --state-dir ../st3 2>err &&
	grep -q "from_commit" err
'

test_expect_success 'a state directory inside the work tree does not make it dirty' '
	cp -r repo instate && cd instate &&
	mv playbooks/agent.yml agent.yml && git add -A && git commit -q -m top &&
	test_expect_code 4 $CREST run agent.yml --state-dir .state 2>err &&
	test_expect_code 4 $CREST run agent.yml --state-dir .state 2>err &&
	grep -q "from_commit. matched no host" err &&
	test "$(ls .state/runs | wc -l)" = 2
'

test_expect_success '--allow-dirty runs the disk and records the dirty blobs' '
	cd dirty &&
	test_expect_code 4 $CREST run playbooks/agent.yml --allow-dirty --state-dir ../st4 2>err &&
	grep -q "hosts: .from_disk. matched no host" err &&
	last_header ../st4 >h &&
	grep -q "\"source\":\"worktree\"" h &&
	grep -q "\"allow_dirty\":true" h &&
	grep -q "{\"path\":\"playbooks/agent.yml\",\"blob\":\"$(git hash-object playbooks/agent.yml)\"}" h &&
	grep -q "\"dirty_digest\":\"[0-9a-f]\{40\}\"" h
'

test_expect_success '--ref in a dirty work tree runs the commit, not the disk' '
	cd dirty &&
	test_expect_code 4 $CREST run playbooks/agent.yml --ref main --state-dir ../st4b 2>err &&
	grep -q "from_commit" err
'

test_expect_success 'an inventory that is not in the commit is named' '
	cp -r repo noinv && cd noinv &&
	printf "all:\n  hosts:\n    h9:\n" >other.yml &&
	echo other.yml >>.git/info/exclude &&
	test_expect_code 4 $CREST run playbooks/agent.yml -i other.yml --state-dir ../st4c 2>err &&
	grep -q "no inventory other.yml in commit" err
'

test_expect_success 'errors name the repository path of the committed file' '
	cp -r repo broken && cd broken &&
	printf "name: x\nhosts: all\nwaves: [1]\ntaks: []\n" >playbooks/bad.yml &&
	git add -A && git commit -q -m bad &&
	test_expect_code 4 $CREST run playbooks/bad.yml --state-dir ../st5 2>err &&
	cat err &&
	grep -q "^crest run: playbooks/bad.yml:4:1: " err &&
	! grep -q "/tmp\|src-" err
'

test_expect_success 'crest.yml: an unknown key is an error at its position with a hint' '
	cp -r repo policy-typo && cd policy-typo &&
	printf "inventory: inventory.yml\nallowed_ref: [main]\n" >crest.yml &&
	git commit -q -am typo &&
	test_expect_code 4 $CREST run playbooks/agent.yml --state-dir ../st6 2>err &&
	grep -q "crest.yml:2:1: unknown key .allowed_ref. in crest.yml; did you mean .allowed_refs." err
'

git -C repo tag v1
git -C repo rev-parse HEAD >v1.sha
(
	cd repo &&
	playbook playbooks/agent.yml from_main_2 &&
	git commit -q -am second
)

test_expect_success '--repo file:// --ref TAG clones and runs the tag' '
	mkdir -p away && cd away &&
	test_expect_code 4 $CREST run playbooks/agent.yml --repo "file://$TRASH/repo" --ref v1 --state-dir ../st7 2>err &&
	grep -q "from_commit" err &&
	last_header ../st7 >h &&
	grep -q "\"commit\":\"$(cat ../v1.sha)\"" h &&
	grep -q "\"remote\":true" h &&
	grep -q "\"repository\":\"file://$TRASH/repo\"" h &&
	ls -d ../st7/repos/*/objects
'

test_expect_success '--ref BRANCH, --ref SHA, no --ref (the server HEAD); a path as --repo' '
	cd away &&
	test_expect_code 4 $CREST run playbooks/agent.yml --repo "file://$TRASH/repo" --ref main --state-dir ../st7 2>err &&
	grep -q "from_main_2" err &&
	test_expect_code 4 $CREST run playbooks/agent.yml --repo "file://$TRASH/repo" --ref "$(cat ../v1.sha)" --state-dir ../st7 2>err &&
	grep -q "from_commit" err &&
	test_expect_code 4 $CREST run playbooks/agent.yml --repo ../repo --ref main --state-dir ../st8 2>err &&
	grep -q "from_main_2" err &&
	test_expect_code 4 $CREST run playbooks/agent.yml --repo ../repo --state-dir ../st8 2>err &&
	grep -q "from_main_2" err &&
	last_header ../st8 >h &&
	grep -q "\"repository\":\"$TRASH/repo\"" h
'

test_expect_success 'a new commit is fetched incrementally' '
	cd away &&
	first=$(sed -n "s/.*\"fetched_objects\":\([0-9]*\).*/\1/p" "$(ls -tr ../st7/runs/*.jsonl | head -n 1)") &&
	(cd ../repo && playbook playbooks/agent.yml from_main_3 && git commit -q -am third) &&
	test_expect_code 4 $CREST run playbooks/agent.yml --repo "file://$TRASH/repo" --ref main --state-dir ../st7 2>err &&
	grep -q "from_main_3" err &&
	last_header ../st7 >h &&
	new=$(sed -n "s/.*\"fetched_objects\":\([0-9]*\).*/\1/p" h) &&
	echo "first clone $first objects, fetch $new" &&
	test "$first" -ge 6 && test "$new" -ge 1 && test "$new" -le 4
'

test_expect_success 'a broken cache is detected and cloned again' '
	cd away &&
	cache=$(ls -d ../st7/repos/*) &&
	rm -rf "$cache/objects" "$cache/refs" && echo junk >"$cache/HEAD" &&
	test_expect_code 4 $CREST run playbooks/agent.yml --repo "file://$TRASH/repo" --ref main --state-dir ../st7 2>err &&
	grep -q "from_main_3" err
'

test_expect_success 'an unknown ref is refused (exit 4)' '
	cd away &&
	test_expect_code 4 $CREST run playbooks/agent.yml --repo "file://$TRASH/repo" --ref nosuch --state-dir ../st7 2>err &&
	grep -q "no commit .nosuch." err
'

test_expect_success 'allowed_refs refuses a commit only on an unallowed branch' '
	cp -r repo refs && cd refs &&
	printf "inventory: inventory.yml\nallowed_refs: [refs/heads/main, \"refs/tags/release-*\"]\n" >crest.yml &&
	git commit -q -am policy &&
	test_expect_code 4 $CREST run playbooks/agent.yml --state-dir ../st9 2>err &&
	cat err && 	grep -q "matched no host" err &&
	git checkout -q -b feature &&
	playbook playbooks/agent.yml from_feature && git commit -q -am feature &&
	test_expect_code 4 $CREST run playbooks/agent.yml --state-dir ../st9 2>err &&
	grep -q "is not reachable from any ref crest.yml allows (allowed_refs: refs/heads/main, refs/tags/release-\*)" err &&
	test_expect_code 4 $CREST run playbooks/agent.yml --repo "file://$TRASH/refs" --ref feature --state-dir ../st9 2>err &&
	grep -q "is not reachable from any ref crest.yml allows" err &&
	test_expect_code 4 $CREST run playbooks/agent.yml --repo "file://$TRASH/refs" --ref main --state-dir ../st9 2>err &&
	grep -q "matched no host" err &&
	git tag release-7 &&
	test_expect_code 4 $CREST run playbooks/agent.yml --state-dir ../st9 2>err &&
	grep -q "from_feature. matched no host" err
'

test_expect_success 'require_signed: a commit signed by an allowed key runs' '
	ssh-keygen -q -t ed25519 -N "" -C alice -f alice_key &&
	ssh-keygen -q -t ed25519 -N "" -C mallory -f mallory_key &&
	cp -r repo signed && cd signed &&
	mkdir -p .crest &&
	echo "alice@example.com $(cat ../alice_key.pub)" >.crest/allowed_signers &&
	printf "inventory: inventory.yml\nrequire_signed: true\nallowed_signers: .crest/allowed_signers\n" >crest.yml &&
	git add -A &&
	git -c gpg.format=ssh -c user.signingkey=../alice_key commit -q -S -m signed &&
	test_expect_code 4 $CREST run playbooks/agent.yml --state-dir ../st10 2>err &&
	cat err && 	grep -q "matched no host" err &&
	last_header ../st10 >h &&
	grep -q "\"signed\":true,\"verified\":true,\"signature\":\"ssh\",\"signer\":\"alice@example.com\"" h
'

test_expect_success 'require_signed: an unsigned commit is refused with the reason' '
	cd signed &&
	git commit -q --allow-empty -m unsigned &&
	test_expect_code 4 $CREST run playbooks/agent.yml --state-dir ../st10 2>err &&
	grep -q "requires a verified signature, and the commit is not signed" err
'

test_expect_success 'require_signed: a commit signed by an unknown key is refused' '
	cd signed &&
	git -c gpg.format=ssh -c user.signingkey=../mallory_key commit -q -S --allow-empty -m mallory &&
	test_expect_code 4 $CREST run playbooks/agent.yml --state-dir ../st10 2>err &&
	grep -q "signed by a key that is not in allowed_signers" err
'

if command -v gpg >/dev/null 2>&1; then
test_expect_success 'require_signed: an OpenPGP signature verifies against the keyring' '
	mkdir -m 700 gnupg nokeys &&
	rc=0 &&
	{
		GNUPGHOME=$TRASH/gnupg gpg --batch --passphrase "" --quick-gen-key "Alice <alice@example.com>" ed25519 sign never 2>/dev/null &&
		cd signed &&
		GNUPGHOME=$TRASH/gnupg git -c gpg.format=openpgp -c user.signingkey=alice@example.com commit -q -S --allow-empty -m gpg &&
		GNUPGHOME=$TRASH/gnupg test_expect_code 4 $CREST run playbooks/agent.yml --state-dir ../st10 2>err &&
		grep -q "matched no host" err &&
		last_header ../st10 >h &&
		grep -q "\"signed\":true,\"verified\":true,\"signature\":\"gpg\",\"signer\":\"Alice <alice@example.com>\"" h &&
		GNUPGHOME=$TRASH/nokeys test_expect_code 4 $CREST run playbooks/agent.yml --state-dir ../st10 2>err &&
		grep -q "and signed by a key that is not in the gpg keyring" err
	} || rc=1
	# gpg started an agent per home: stop each through its home.
	GNUPGHOME=$TRASH/gnupg gpgconf --kill gpg-agent
	GNUPGHOME=$TRASH/nokeys gpgconf --kill gpg-agent
	test $rc = 0
'
else
	test_skip 'require_signed: an OpenPGP signature verifies against the keyring' 'no gpg'
fi

test_expect_success 'require_signed: --allow-dirty is refused, whatever crest.yml on disk says' '
	cd signed &&
	git -c gpg.format=ssh -c user.signingkey=../alice_key commit -q -S --allow-empty -m resigned &&
	printf "inventory: inventory.yml\n" >crest.yml &&
	test_expect_code 4 $CREST run playbooks/agent.yml --allow-dirty --state-dir ../st10 2>err &&
	grep -q "crest.yml requires signed commits: .* --allow-dirty cannot run unsigned changes" err &&
	git checkout -q crest.yml &&
	test_expect_code 4 $CREST run playbooks/agent.yml --state-dir ../st10 2>err &&
	grep -q "matched no host" err
'

test_expect_success 'crest runs and crest show print the commit' '
	cd repo &&
	$CREST runs --state-dir ../st1 >runs &&
	grep -q "playbooks/agent.yml *$(git rev-parse v1 | cut -c1-12) *invalid" runs &&
	$CREST runs --state-dir ../st1 --json >runs.json &&
	grep -q "\"commit\":\"$(git rev-parse v1)\"" runs.json &&
	id=$(ls ../st1/runs | sed "s/.jsonl//") &&
	$CREST show "$id" --state-dir ../st1 >show &&
	grep -q "^commit: *$(git rev-parse v1)" show &&
	grep -q "refs/heads/main of $TRASH/repo" show &&
	grep -q "^signature: unsigned" show &&
	$CREST show "$id" --state-dir ../st1 --json >show.json &&
	head -n 1 show.json | grep -q "\"event\":\"run_start\""
'

test_expect_success 'resume reads the playbook from the recorded commit' '
	cd repo &&
	id=$(ls ../st1/runs | sed "s/.jsonl//") &&
	head -n 1 ../st1/runs/$id.jsonl >j && mv j ../st1/runs/$id.jsonl &&
	test "$(git rev-parse HEAD)" != "$(git rev-parse v1)" &&
	test_expect_code 4 $CREST resume "$id" --state-dir ../st1 2>err &&
	grep -q "from_commit. matched no host" err
'

test_expect_success 'rollback reads the playbook from the recorded commit' '
	cp -r repo rb && cd rb &&
	printf "all:\n  hosts:\n    h1: {ansible_host: 127.0.90.250, ansible_port: 1}\n" >inventory.yml &&
	playbook playbooks/agent.yml all && git commit -q -am rollback-me &&
	test_expect_code 4 $CREST run playbooks/agent.yml --limit nomatch --state-dir ../st11 2>err &&
	id=$(ls ../st11/runs | sed "s/.jsonl//") &&
	j=../st11/runs/$id.jsonl &&
	head -n 1 $j >j.new &&
	cat >>j.new <<-EV &&
	{"event":"play_start","play":1,"name":"agent","hosts":1,"waves":1,"seq":2}
	{"event":"wave_start","wave":1,"hosts":1,"max_failures":0,"seq":3}
	{"event":"host_start","wave":1,"host":"h1","seq":4}
	{"event":"task_intent","task":0,"name":"hi","module":"command","args":null,"prior":{},"host":"h1","seq":5}
	{"event":"task_result","task":0,"status":"changed","changed":true,"duration_ms":1,"host":"h1","seq":6}
	{"event":"host_end","status":"ok","duration_ms":2,"host":"h1","seq":7}
	{"event":"run_end","status":"ok","seq":8}
	EV
	mv j.new $j &&
	git rm -q playbooks/agent.yml && git commit -q -m gone &&
	test_expect_code 3 $CREST rollback "$id" --state-dir ../st11 --connect-timeout 2 >out 2>err &&
	grep -q "\"event\":\"rollback_step\",\"task\":0,\"status\":\"failed\",\"error\":\"[^\"]*root@127.0.90.250 port 1: Connection refused" out &&
	tail -n 1 out | grep -q "\"status\":\"rollback_failed\"" &&
	! grep -q "no playbook\|cannot read" err
'

test_expect_success 'resume of a --repo run fetches its commit into a new cache' '
	cd away &&
	id=$(ls -tr ../st7/runs | head -n 1 | sed "s/.jsonl//") &&
	head -n 1 ../st7/runs/$id.jsonl >j && mv j ../st7/runs/$id.jsonl &&
	rm -rf ../st7/repos &&
	test_expect_code 4 $CREST resume "$id" --state-dir ../st7 2>err &&
	grep -q "from_commit. matched no host" err &&
	ls -d ../st7/repos/*/objects
'

test_done
