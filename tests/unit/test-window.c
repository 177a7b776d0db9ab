/*
 * test-window.c - unit tests for orchestrator/schedule/window.c and
 * window-now.c.
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
#include "base/xmalloc.h"

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

/* A policy reader for window_load()'s also: refuses forks: 0. */
static int refuse_forks(void *ctx, const struct ynode *key,
			const struct ynode *value, struct error *err)
{
	if (strcmp(key->str, "forks") == 0 && value->ival == 0)
		return ynode_error(value, err, "no forks");
	return 0;
}

/* Writes text as DIR/crest.yml. */
static void write_crest_yml(const char *dir, const char *text)
{
	char *path = xasprintf("%s/crest.yml", dir);
	FILE *fp = fopen(path, "w");

	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
	free(path);
}

/* The check reader refuses what window_set_parse() refuses. */
static void test_check(void **state)
{
	static const char *const texts[] = {
		"windows:\n  w: {calendar: daily, duration: 1h}\n",
		"windows:\n  w: {calendar: daily}\n",
		"windows: [a]\n",
		"inventory: x\n",
		NULL,
	};
	struct window_set set = WINDOW_SET_INIT;
	struct crest_yml cy = CREST_YML_INIT;
	struct error want = ERROR_INIT, got = ERROR_INIT;
	size_t i;

	for (i = 0; texts[i] != NULL; i++) {
		int rc = parse(texts[i], &set, &want);

		assert_int_equal(crest_yml_parse("crest.yml", texts[i],
						 strlen(texts[i]), &cy, &got),
				 0);
		assert_int_equal(
			crest_yml_read(&cy, &window_set_check, 1, &got), rc);
		if (rc < 0) {
			assert_string_equal(got.message, want.message);
			assert_int_equal(got.line, want.line);
			assert_int_equal(got.column, want.column);
		}
		window_set_release(&set);
		error_release(&want);
		error_release(&got);
	}
	crest_yml_release(&cy);
	(void)state;
}

/* window_load() reads DIR/crest.yml: the window, or why there is none. */
static void test_load(void **state)
{
	const struct crest_yml_reader also = {CREST_YML_POLICY, refuse_forks,
					      NULL, NULL};
	char tmpl[] = "/tmp/test-window.XXXXXX";
	char *dir = mkdtemp(tmpl), *cmd;
	struct window_set set = WINDOW_SET_INIT;
	struct error err = ERROR_INIT;
	const struct window *w;

	assert_non_null(dir);
	assert_null(window_load(dir, "weekend", NULL, &set, &err));
	assert_non_null(strstr(err.message, "no crest.yml in /tmp/"));
	error_release(&err);
	write_crest_yml(dir, "forks: 0\n");
	assert_null(window_load(dir, "weekend", NULL, &set, &err));
	assert_string_equal(err.message, "unknown window 'weekend': crest.yml "
					 "defines no windows");
	error_release(&err);
	assert_null(window_load(dir, "weekend", &also, &set, &err));
	assert_string_equal(err.message, "no forks");
	error_release(&err);
	write_crest_yml(dir, "windows:\n  weekend: {calendar: Sat, duration: "
			     "1h}\nforks: 0\n");
	w = window_load(dir, "weekend", NULL, &set, &err);
	assert_non_null(w);
	assert_string_equal(w->name, "weekend");
	assert_null(window_load(dir, "weekedn", NULL, &set, &err));
	assert_non_null(strstr(err.message, "did you mean 'weekend'?"));
	error_release(&err);
	/* The other section's mistake comes after the windows, in order. */
	assert_null(window_load(dir, "weekend", &also, &set, &err));
	assert_int_equal(err.line, 3);
	assert_int_equal(set.n, 0);
	error_release(&err);
	write_crest_yml(dir, "forks: 0\nwindows:\n  weekend: {duration: 1h}\n");
	assert_null(window_load(dir, "weekend", &also, &set, &err));
	assert_string_equal(err.message, "no forks");
	error_release(&err);
	assert_null(window_load(dir, "weekend", NULL, &set, &err));
	assert_string_equal(err.message, "window 'weekend' has no 'calendar'");
	error_release(&err);
	window_set_release(&set);
	cmd = xasprintf("rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
	free(cmd);
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
		cmocka_unit_test(test_check),
		cmocka_unit_test(test_load),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
