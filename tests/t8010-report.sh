#!/bin/bash
# t8010-report: crest show RUN --html and crest report, rendered by a real
# headless chromium with its network off.  A run in waves [1, 2, 3] over 6
# lab hosts: wave 1 (h1) holds and soaks, wave 2 has h3 down, goes over
# its budget and is rolled back (h2 reverted, seen from outside), wave 3
# never starts.  From the rendered DOM: every host and every wave is on
# the timeline, h2 shows reverted, h3 unreachable, wave 3's hosts not
# started; the HTML parses and loads nothing from the network; the
# report lists the runs newest first, each linking to its section, and
# after crest facts each host's kernel and OS as the host says them.
test_description='the run page and the fleet report in a browser'
. "$(dirname "$0")/test-lib.sh"

if ! command -v chromium >/dev/null; then
	test_skip 'run page and report in chromium' 'no chromium (tests/deps.sh installs it)'
	test_done
fi

lab_up 6
CONN="--known-hosts $LAB_DIR/known_hosts --key $LAB_DIR/id_ed25519 --connect-timeout 3"
DOM="python3 $SRC/tests/report-dom.py"

# Prints the run id of the run_start event in a --json output file.
run_of() {
	sed -n 's/.*"event":"run_start","run":"\([^"]*\)".*/\1/p' "$1" | head -n 1
}

# Runs chromium headless on a file with the network off (every request
# goes to a proxy on a closed port), its own profile, killed when it
# hangs; the arguments before the file are chromium's.
browse() {
	local file=${*: -1}
	set -- "${@:1:$#-1}"
	timeout -k 5 90 chromium --headless --no-sandbox --disable-gpu \
		--user-data-dir="$TRASH/chromium" --proxy-server=127.0.0.1:9 \
		--disable-background-networking --no-first-run \
		"$@" "file://$file" 2>>"$TRASH/chromium.log"
}

mkdir -p "$TRASH/repo"
cat >"$TRASH/repo/rollout.yml" <<'PLAY'
name: rollout
hosts: lab
order: sorted
waves: [1, 2, 3]
max_failures: 0
pause: 1
rollback: wave
verify:
  - command: { argv: [test, -f, /srv/release] }
tasks:
  - name: release <b>&"quoted"</b>
    copy: { dest: /srv/release, content: "2.0\n" }
  - name: marker
    command:
      cmd: touch /srv/marker
      creates: /srv/marker
    rollback: rm -f /srv/marker
PLAY
(cd "$TRASH/repo" && git init -q . && git add rollout.yml &&
	git -c user.name=t -c user.email=t@example.org commit -q -m rollout) ||
	exit 1
for k in 1 2 3 4 5 6; do
	lab_exec h$k sh -c "echo 1.0 >/srv/release"
done

test_expect_success 'a run whose second wave is rolled back' '
	"$LAB" fault h3 down &&
	test_expect_code 2 $CREST run repo/rollout.yml -i "$LAB_DIR/inventory" $CONN --state-dir state --json >run.out &&
	"$LAB" fault h3 up &&
	run_of run.out >id && test -s id &&
	test "$(lab_exec h1 cat /srv/release)" = 2.0 &&
	lab_exec h1 test -e /srv/marker &&
	test "$(lab_exec h2 cat /srv/release)" = 1.0 &&
	! lab_exec h2 test -e /srv/marker &&
	test "$(lab_exec h4 cat /srv/release)" = 1.0 &&
	grep -q "\"event\":\"soak_start\"" state/runs/$(cat id).jsonl &&
	grep "\"event\":\"rollback_step\"" state/runs/$(cat id).jsonl | grep -q "\"duration_ms\":"
'

test_expect_success 'crest show --html -o writes the page and names it' '
	$CREST show "$(cat id)" --state-dir state --html -o run.html >show.out &&
	test "$(cat show.out)" = run.html &&
	test "$(stat -c %a run.html)" = 600 &&
	$CREST show "$(cat id)" --state-dir state --html >stdout.html &&
	cmp run.html stdout.html
'

test_expect_success 'the page parses and loads nothing from the network' '
	$DOM check run.html &&
	! grep -Eiq "(src|href)=[\"'"'"']?(https?:)?//|@import|url\((\"|'"'"')?https?:" run.html &&
	grep -q "release &lt;b&gt;&amp;&quot;quoted&quot;&lt;/b&gt;" run.html &&
	! grep -q "<b>&" run.html
'

test_expect_success 'chromium renders the run page offline: every host, wave, outcome' '
	browse --dump-dom "$TRASH/run.html" >dom.html &&
	$DOM hosts dom.html >hosts &&
	cat hosts &&
	test "$(cat hosts)" = "h1 1 changed
h2 2 reverted
h3 2 unreachable
h4 3 not_started
h5 3 not_started
h6 3 not_started" &&
	test "$($DOM waves dom.html | tr "\n" " ")" = "1 1 1 2 1 3 " &&
	$DOM select dom.html rect data-kind | sort -u >periods &&
	grep -qx soak periods && grep -qx rollback periods &&
	$DOM select dom.html rect data-outcome | grep -qx reverted &&
	grep -q "<th class=\"sort\"" dom.html &&
	grep -q "$(git -C repo rev-parse HEAD)" dom.html
'

test_expect_success 'a screenshot of the run page, kept as an artefact' '
	browse --screenshot="$TRASH/run.png" --window-size=1400,2000 --hide-scrollbars "$TRASH/run.html" &&
	test "$(head -c 8 run.png | od -An -tx1 | tr -d " \n")" = 89504e470d0a1a0a &&
	test "$(stat -c %s run.png)" -gt 20000 &&
	test_keep run.png run.html
'

test_expect_success 'crest report: inventory, patch state, runs newest first' '
	sleep 1 &&
	$CREST run repo/rollout.yml -i "$LAB_DIR/inventory" $CONN --state-dir state --limit h4 --json >run2.out &&
	run_of run2.out >id2 && test -s id2 &&
	$CREST facts -i "$LAB_DIR/inventory" $CONN --state-dir state >facts.out &&
	$CREST report -i "$LAB_DIR/inventory" --state-dir state -o report.html >report.out &&
	test "$(cat report.out)" = report.html &&
	$DOM check report.html &&
	! grep -Eiq "(src|href)=[\"'"'"']?(https?:)?//|@import|url\((\"|'"'"')?https?:" report.html &&
	browse --dump-dom "$TRASH/report.html" >rdom.html &&
	$DOM select rdom.html tr data-host >rows &&
	for k in 1 2 3 4 5 6; do grep -qx h$k rows || return 1; done &&
	$DOM select rdom.html tr data-run >runs &&
	test "$(cat runs)" = "$(cat id2)
$(cat id)" &&
	$DOM select rdom.html section id >sections &&
	grep -qx "run-$(cat id)" sections && grep -qx "run-$(cat id2)" sections &&
	$DOM select rdom.html a href | grep -qx "#run-$(cat id)" &&
	$DOM hosts rdom.html | grep -qx "h2 2 reverted" &&
	$DOM hosts rdom.html | grep -qx "h4 1 changed" &&
	grep "<tr data-host=\"h1\"" rdom.html >h1.row &&
	grep -qF "<td>$(lab_exec h1 uname -r)</td>" h1.row &&
	grep -qF "$(lab_exec h1 sh -c ". /etc/os-release && echo \$PRETTY_NAME")" h1.row &&
	grep -q "data-stale=\"no\"" h1.row &&
	test_keep report.html
'

test_expect_success 'crest report writes STATE/report.html by default; bad input exits 4' '
	$CREST report --state-dir state >def.out &&
	test "$(cat def.out)" = state/report.html && test -s state/report.html &&
	test_expect_code 4 $CREST report --state-dir state --runs x &&
	test_expect_code 4 $CREST show "$(cat id)" --state-dir state -o x.html
'

test_done
