#!/bin/bash
# t7000-calendar-systemd: crest's calendar parser and evaluator agree with
# systemd-analyze, run live, on normalized forms and on the next elapses.
test_description='calendar expressions: crest schedule next vs systemd-analyze'
. "$(dirname "$0")/test-lib.sh"

N=10

# Prints systemd-analyze's elapses as seconds since 1970, one a line; extra
# arguments (--base-time=...) go before the expression.  The instants are
# read from the "(in UTC)" lines when the local zone is not UTC.
systemd_instants() {
	systemd-analyze calendar --iterations=$N "$@" >sa.out
	if grep -q '(in UTC):' sa.out; then
		sed -n 's/^ *(in UTC): //p' sa.out
	else
		sed -n -E 's/^ *(Next elapse|Iter\. #[0-9]+): //p' sa.out
	fi | grep -v '^never$' | date -u -f - +%s
}

# Prints crest's elapses after the instant $2 as seconds, one a line.
crest_instants() {
	"$CREST" schedule next --calendar "$1" -n $N --after "@$2" >crest.out
	date -u -f - +%s <crest.out
}

# Compares elapses from now.  systemd-analyze reads the clock itself, so
# crest is asked from every second the systemd-analyze run spanned.
compare_live() {
	local t0 t1 t
	t0=$(date +%s)
	systemd_instants "$1" >want
	t1=$(date +%s)
	for t in $(seq "$t0" "$t1"); do
		crest_instants "$1" "$t" >got
		cmp -s want got && return 0
	done
	echo "systemd-analyze (left) and crest (right) differ:"
	paste want got | while read -r w g; do
		echo "$(date -u -d "@${w:-0}" +%FT%T) $(date -u -d "@${g:-0}" +%FT%T)"
	done
	return 1
}

# Compares elapses after a fixed instant, given as seconds.
compare_from() {
	local base=$1
	shift
	systemd_instants --base-time="@$base" "$@" >want
	crest_instants "$1" "$base" >got
	test -s want || { echo "systemd-analyze reported nothing"; return 1; }
	if ! cmp -s want got; then
		echo "systemd-analyze (left) and crest (right) differ:"
		paste want got | while read -r w g; do
			echo "$(date -u -d "@${w:-0}" +%FT%T) $(date -u -d "@${g:-0}" +%FT%T)"
		done
		return 1
	fi
}

# Compares the normalized forms.
compare_normalized() {
	systemd-analyze calendar "$1" >sa.out
	sed -n 's/^Normalized form: //p' sa.out >want
	"$CREST" schedule next --calendar "$1" --normalize >got
	diff want got
}

if ! command -v systemd-analyze >/dev/null; then
	test_skip 'calendar parity with systemd-analyze' \
		'systemd-analyze is not installed (tests/deps.sh installs it)'
	test_done
fi

export TZ=UTC

# Each expression: its normalized form and its next $N elapses from now.
while IFS= read -r expr; do
	case $expr in '' | '#'*) continue ;; esac
	test_expect_success "from now: $expr" "
		compare_normalized '$expr' &&
		compare_live '$expr'
	"
done <<'EOF'
Sat *-*-* 02:00
Mon..Fri *-*-* 08:00
mon..fri 8:0
MONDAY,wednesday..Fri 04:00
Sat,Sun 10:00
Tue *-*-08..14 03:00
Fri *-*-13
daily
hourly
minutely
weekly
monthly
yearly
annually
quarterly
semiannually
bi-annually
*:0/15
*-*-* *:00/20:30
8..17/2:00
0/6:00
*-*~01
*-*~1..3 23:00
*-02~03
Mon *-05~07/1
*-*~07/2 01:00
*-*-1,15 12:00
*-*-01/7 06:00
*-*-1..10/4
*-*-10,1..5/2,3
*-*-31
*-02-29
12-25
2027..2030-01-01
2027/2-03-01
2028-02-29 12:00
*-*-* *:*:0/10
*:*:5,0/1
12:00,13:00
23:59:59 UTC
Thu,Fri *-*-* 1,13:05
Mon *-*-* 02:30 Europe/Berlin
Sat *-*-* 02:00 America/New_York
*-*-* 12:00 Asia/Kolkata
daily Australia/Sydney
Sun *-*-* 03:15 Australia/Lord_Howe
*-*-* 00:00:00 Pacific/Chatham
*-12-25 Europe/London
Mon..Wed,Fri 04:00 Asia/Tokyo
0/6:00 Etc/GMT+5
monthly America/Sao_Paulo
@4102444800
Mon @4102444800
99-01-01
EOF

# Around changes of daylight saving time, from fixed instants (seconds).
while read -r base expr; do
	case $base in '' | '#'*) continue ;; esac
	test_expect_success "from $(date -u -d "@$base" +%FT%TZ): $expr" "
		compare_from $base '$expr'
	"
done <<'EOF'
# Europe/Berlin springs forward 2027-03-28 02:00 -> 03:00
1806192000 *:00/30 Europe/Berlin
1805932800 *-*-* 02:30 Europe/Berlin
1806192000 *-*-* 02..03:30 Europe/Berlin
1806195300 *-*-* *:*:00 Europe/Berlin
# Europe/Berlin falls back 2027-10-31 03:00 -> 02:00
1824937200 *:00/30 Europe/Berlin
1824854400 *-*-* 02:30 Europe/Berlin
1824945000 *-*-* 02:30 Europe/Berlin
1824943800 *-*-* 02:10,40 Europe/Berlin
1824944100 *-*-* *:*:00 Europe/Berlin
# America/New_York springs forward 2027-03-14 02:00 -> 03:00
1805000400 *:0/30 America/New_York
1804896000 *-*-* 02:30 America/New_York
# America/New_York falls back 2027-11-07 02:00 -> 01:00
1825562700 *:0/30 America/New_York
1825564200 *-*-* 01:30 America/New_York
1825459200 *-*-* 01:00,30 America/New_York
# Lord Howe Island moves its clocks by 30 minutes
1806760800 *:0/15 Australia/Lord_Howe
1822489200 *:0/15 Australia/Lord_Howe
# Beyond the TZif tables: the zones' POSIX rules
2216073600 *-*-* 02:30 Europe/Berlin
2235614400 *:0/30 America/New_York
# Leap days: 2100 is no leap year
4039372800 *-02-29
4039372800 *-02~01
# The last years systemd looks at
7195046400 *-12-31 23:59:59
EOF

# Expressions without a zone are read in the local zone.
while read -r base expr; do
	case $base in '' | '#'*) continue ;; esac
	test_expect_success "TZ=Europe/Berlin, from $(date -u -d "@$base" +%FT%TZ): $expr" "
		export TZ=Europe/Berlin &&
		compare_from $base '$expr' &&
		compare_normalized '$expr'
	"
done <<'EOF'
1806192000 *:00/30
1824854400 *-*-* 02:30
1824937200 hourly
EOF

# What systemd refuses, crest refuses too, with exit code 4 and a column.
while IFS= read -r expr; do
	case $expr in '' | '#'*) continue ;; esac
	test_expect_success "both refuse: $expr" "
		! systemd-analyze calendar '$expr' >/dev/null 2>&1 &&
		test_expect_code 4 \"\$CREST\" schedule next --calendar '$expr' 2>err &&
		grep -q ': column [0-9]*: ' err
	"
done <<'EOF'
*/2
*:*/2
1..10/3
Fri..Mon
Mon,,Tue
Mon..
Mond
mon-wed-fri
24:00
23:60
*-13-01
*-*-32
*-*-5..1
*-*~29
*-*~1/2
*:00/60
*-*-1/31
1969-01-01
2200-01-01
12:00 europe/berlin
12:00 Mars/Olympus
2027-01-01 12
12:00:
1/0:00
 daily
daily 
Mon 12:00 
@7258118400
EOF

test_expect_success 'an error names the column and what is wrong' '
	test_expect_code 4 "$CREST" schedule next --calendar "Mon..Fry 02:00" 2>err &&
	grep -q "column 6: unknown weekday .Fry." err &&
	test_expect_code 4 "$CREST" schedule next --calendar "*-*-* 02:00 Europe/Berln" 2>err &&
	grep -q "column 13: unknown time zone .Europe/Berln." err
'

test_expect_success 'install and remove want a PLAYBOOK, next NAME a crest.yml (t7200)' '
	for sub in install remove; do
		test_expect_code 4 "$CREST" schedule $sub 2>err &&
		grep -q "wants one PLAYBOOK" err || return 1
	done &&
	test_expect_code 4 "$CREST" schedule next nightly 2>err &&
	grep -q "no crest.yml" err &&
	"$CREST" schedule --help >out &&
	grep -q "schedule install PLAYBOOK --window NAME" out
'

test_expect_success 'usage errors exit 4, a calendar that is over says so' '
	test_expect_code 4 "$CREST" schedule next 2>err &&
	grep -q "next wants a window NAME or --calendar" err &&
	test_expect_code 4 "$CREST" schedule next --calendar daily -n 0 2>err &&
	test_expect_code 4 "$CREST" schedule next --calendar daily -n 2>err &&
	grep -q "wants a value" err &&
	test_expect_code 4 "$CREST" schedule next --calendar daily --after soon 2>err &&
	grep -q "is not a time" err &&
	"$CREST" schedule next --calendar 2026-01-01 --after 2026-06-01T00:00Z \
		>out 2>err &&
	test ! -s out &&
	grep -q "does not elapse after 2026-06-01T00:00:00+00:00" err
'

test_expect_success 'next prints ISO 8601 with the zone offset' '
	"$CREST" schedule next --calendar "Sat *-*-* 02:00 Europe/Berlin" \
		--after 2026-11-23T14:00:00Z -n 2 >out &&
	printf "%s\n" 2026-11-28T02:00:00+01:00 2026-12-05T02:00:00+01:00 >want &&
	cmp want out
'

test_done
