#!/bin/sh
# tests/run.sh - run crest's whole test suite and print one summary line.
#
# Runs every unit test binary under $BUILD/tests (cmocka, TAP output) and
# every integration script tests/tNNNN-*.sh (TAP from tests/test-lib.sh),
# counts each TAP result, shows the output of what failed, and ends with
# exactly one line "N passed, N failed" (", N skipped" when any were, the
# skipped ones named above it).  Exits 1 when anything failed.
#
# Arguments, when given, select integration scripts by number or name:
#   sh tests/run.sh 0001 t0002
# With arguments, unit tests are not run unless "unit" is among them.

BUILD=${BUILD:-build}
CREST=${CREST:-$(pwd)/$BUILD/crest}
export CREST BUILD
TESTS_DIR=$(cd "$(dirname "$0")" && pwd)
RESULTS=$(mktemp -d "${TMPDIR:-/tmp}/crest-results.XXXXXX")
trap 'rm -rf "$RESULTS"' EXIT

passed=0
failed=0
skipped=0
skipped_names=
failed_names=

# Counts the TAP lines of one test program's output; $1 names the program.
count_tap() {
	name=$1
	out=$2
	rc=$3
	p=$(grep -c '^ok ' "$out" | head -1)
	s=$(grep -ci '^ok .*# skip' "$out" | head -1)
	f=$(grep -c '^not ok ' "$out" | head -1)
	# cmocka adds a "not ok - GROUP" summary line after failures; a
	# failing test was already counted on its own line.
	g=$(grep -c '^# not ok - ' "$out" | head -1)
	: "$g"
	p=$((p - s))
	if [ "$rc" != 0 ] && [ "$f" = 0 ]; then
		# It died, or failed outside any single test.
		f=1
		echo "not ok - $name exited with status $rc" >>"$out"
	fi
	if [ $((p + f + s)) = 0 ]; then
		f=1
		echo "not ok - $name ran no test" >>"$out"
	fi
	passed=$((passed + p))
	failed=$((failed + f))
	skipped=$((skipped + s))
	if [ "$s" != 0 ]; then
		skipped_names="$skipped_names
$(grep -i '^ok .*# skip' "$out" | sed "s|^|  $name: |")"
	fi
	if [ "$f" != 0 ]; then
		failed_names="$failed_names $name"
		echo "--- $name: $f failed"
		sed 's/^/    /' "$out"
	else
		echo "ok   $name ($p passed${s:+, $s skipped})" |
			sed 's/, 0 skipped//'
	fi
}

run_unit=1
selected=
if [ $# -gt 0 ]; then
	run_unit=
	for a in "$@"; do
		case $a in
		unit) run_unit=1 ;;
		*) selected="$selected $a" ;;
		esac
	done
fi

if [ -n "$run_unit" ]; then
	for bin in "$BUILD"/tests/test-*; do
		[ -x "$bin" ] || continue
		name=unit/$(basename "$bin")
		out=$RESULTS/$(basename "$bin").out
		CMOCKA_MESSAGE_OUTPUT=TAP "$bin" >"$out" 2>&1
		count_tap "$name" "$out" $?
	done
fi

for script in "$TESTS_DIR"/t[0-9][0-9][0-9][0-9]-*.sh; do
	[ -f "$script" ] || continue
	base=$(basename "$script" .sh)
	if [ $# -gt 0 ]; then
		want=
		for a in $selected; do
			case $base in
			"$a"* | t"$a"*) want=1 ;;
			esac
		done
		[ -n "$want" ] || continue
	fi
	out=$RESULTS/$base.out
	start=$(date +%s)
	bash "$script" >"$out" 2>&1 </dev/null
	rc=$?
	echo "# $base took $(($(date +%s) - start))s" >>"$out"
	count_tap "$base" "$out" $rc
done

if [ "$skipped" != 0 ]; then
	echo "skipped:$skipped_names"
fi
if [ "$failed" != 0 ]; then
	echo "failed in:$failed_names"
fi
if [ "$skipped" != 0 ]; then
	echo "$passed passed, $failed failed, $skipped skipped"
else
	echo "$passed passed, $failed failed"
fi
[ "$failed" = 0 ]
