/*
 * test-window.c - unit tests for orchestrator/window.c and window-now.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "schedule/timestamp.h"
#include "schedule/tzone.h"
#include "schedule/window.h"

/* Parses crest.yml text's windows into *set; returns what parsing did. */
static int parse(const char *text, struct window_set *set, struct error *err)
{
	struct yaml_doc *doc = NULL;
	int ret;

	if (yaml_doc_load_buffer("crest.yml", text, strlen(text), &doc, err) <
	    0)
		fail_msg("%s", err->message);
	ret = window_set_parse(ynode_get(doc->root, "windows"), set, err);
	yaml_doc_free(doc);
	return ret;
}

/* Reads an ISO 8601 time with an offset. */
static time_t at(const char *iso)
{
	struct tzone *utc = tzone_new_utc();
	struct error err = ERROR_INIT;
	int64_t t = 0;

	if (timestamp_parse(iso, utc, &t, &err) < 0)
		fail_msg("%s", err.message);
	tzone_free(utc);
	return (time_t)t;
}

/* Expects text to fail with message containing want at line:column. */
static void expect_error(const char *text, unsigned line, unsigned column,
			 const char *want)
{
	struct window_set set = WINDOW_SET_INIT;
	struct error err = ERROR_INIT;

	assert_int_equal(parse(text, &set, &err), -1);
	assert_int_equal(err.kind, ERROR_INVALID);
	if (strstr(err.message, want) == NULL)
		fail_msg("'%s' does not contain '%s'", err.message, want);
	if (err.line != line || err.column != column)
		fail_msg("%u:%u: %s", err.line, err.column, err.message);
	assert_int_equal(set.n, 0);
	error_release(&err);
}

/* A full window and its defaults are read. */
static void test_parse(void **state)
{
	struct window_set set = WINDOW_SET_INIT;
	struct error err = ERROR_INIT;
	const struct window *w;

	assert_int_equal(parse("windows:\n"
			       "  weekend:\n"
			       "    calendar: \"Sat *-*-* 02:00\"\n"
			       "    duration: 4h\n"
			       "    cutoff: 30m\n"
			       "    timezone: UTC\n"
			       "  nightly: {calendar: daily, duration: 90m}\n",
			       &set, &err),
			 0);
	assert_int_equal(set.n, 2);
	w = window_set_find(&set, "weekend");
	assert_non_null(w);
	assert_int_equal(w->duration, 4 * 3600);
	assert_int_equal(w->cutoff, 1800);
	assert_string_equal(w->cal->zone_name, "UTC");
	w = window_set_find(&set, "nightly");
	assert_non_null(w);
	assert_int_equal(w->duration, 5400);
	assert_int_equal(w->cutoff, 0);
	assert_null(window_set_find(&set, "weekday"));
	window_set_release(&set);
	assert_int_equal(parse("inventory: x\n", &set, &err), 0);
	assert_int_equal(set.n, 0);
	(void)state;
}

/* Bad windows are refused at crest.yml:line:column. */
static void test_errors(void **state)
{
	expect_error("windows:\n  w:\n    calendar: daily\n    duraton: 4h\n",
		     4, 5, "did you mean 'duration'?");
	expect_error("windows:\n  w:\n    calendar: daily\n", 2, 3,
		     "has no 'duration'");
	expect_error("windows:\n  w:\n    duration: 1h\n", 2, 3,
		     "has no 'calendar'");
	expect_error("windows:\n  w: {calendar: daily, duration: soon}\n", 2,
		     34, "must be a duration");
	expect_error("windows:\n  w:\n    calendar: \"Sat *-*-* 25:00\"\n"
		     "    duration: 1h\n",
		     3, 26, "hour 25 is out of range");
	expect_error("windows:\n  w:\n    calendar: daily\n    duration: 1h\n"
		     "    cutoff: 2h\n",
		     5, 13, "shorter than its duration");
	expect_error("windows:\n  w:\n    calendar: daily UTC\n"
		     "    duration: 1h\n    timezone: UTC\n",
		     5, 15, "give the zone once");
	expect_error("windows:\n  w:\n    calendar: daily\n"
		     "    duration: 1h\n    timezone: Mars/Olympus\n",
		     5, 15, "unknown time zone");
	expect_error("windows: [a]\n", 1, 10, "must be a mapping");
	(void)state;
}

/* An unknown window name gets a did-you-mean. */
static void test_unknown(void **state)
{
	struct window_set set = WINDOW_SET_INIT;
	struct error err = ERROR_INIT;

	assert_int_equal(parse("windows:\n  weekend: {calendar: Sat, "
			       "duration: 1h}\n",
			       &set, &err),
			 0);
	assert_int_equal(window_set_unknown(&set, "weekedn", &err), -1);
	assert_int_equal(err.kind, ERROR_INVALID);
	assert_non_null(strstr(err.message, "did you mean 'weekend'?"));
	window_set_release(&set);
	error_release(&err);
	(void)state;
}

/* Inside, outside, at the edges, and the next opening. */
static void test_containing(void **state)
{
	struct window_set set = WINDOW_SET_INIT;
	struct error err = ERROR_INIT;
	const struct window *w;
	time_t open = 0, end = 0;

	assert_int_equal(parse("windows:\n  weekend:\n"
			       "    calendar: Sat *-*-* 02:00 UTC\n"
			       "    duration: 4h\n",
			       &set, &err),
			 0);
	w = window_set_find(&set, "weekend");
	/* 2026-11-28 is a Saturday. */
	assert_int_equal(
		window_containing(w, at("2026-11-28T03:00:00Z"), &open, &end),
		1);
	assert_int_equal(open, at("2026-11-28T02:00:00Z"));
	assert_int_equal(end, at("2026-11-28T06:00:00Z"));
	assert_int_equal(
		window_containing(w, at("2026-11-28T02:00:00Z"), &open, &end),
		1);
	assert_int_equal(
		window_containing(w, at("2026-11-28T06:00:00Z"), &open, &end),
		0);
	assert_int_equal(
		window_containing(w, at("2026-11-28T01:59:59Z"), &open, &end),
		0);
	assert_int_equal(window_next_open(w, at("2026-11-28T03:00:00Z"), &open),
			 0);
	assert_int_equal(open, at("2026-12-05T02:00:00Z"));
	window_set_release(&set);

	/* Overlapping openings: the latest one counts. */
	assert_int_equal(parse("windows:\n  often:\n"
			       "    calendar: hourly UTC\n"
			       "    duration: 90m\n",
			       &set, &err),
			 0);
	w = window_set_find(&set, "often");
	assert_int_equal(
		window_containing(w, at("2026-11-28T03:10:00Z"), &open, &end),
		1);
	assert_int_equal(open, at("2026-11-28T03:00:00Z"));
	assert_int_equal(end, at("2026-11-28T04:30:00Z"));
	window_set_release(&set);
	(void)state;
}

/* CREST_NOW overrides the clock. */
static void test_now(void **state)
{
	struct error err = ERROR_INIT;
	time_t now = 0;

	setenv("CREST_NOW", "2026-11-28T03:00:00+01:00", 1);
	assert_int_equal(window_now(&now, &err), 0);
	assert_true(now >= at("2026-11-28T02:00:00Z") &&
		    now < at("2026-11-28T02:01:00Z"));
	setenv("CREST_NOW", "yesterday", 1);
	assert_int_equal(window_now(&now, &err), -1);
	assert_non_null(strstr(err.message, "CREST_NOW"));
	error_release(&err);
	unsetenv("CREST_NOW");
	assert_int_equal(window_now(&now, &err), 0);
	assert_true(now > at("2026-01-01T00:00:00Z"));
	(void)state;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_unknown),
		cmocka_unit_test(test_containing),
		cmocka_unit_test(test_now),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
