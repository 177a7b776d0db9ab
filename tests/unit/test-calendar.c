/*
 * test-calendar.c - unit tests for orchestrator/schedule/calendar.c,
 * calendar-format.c and calendar-next.c.
 *
 * The expected normalized forms and elapses were produced by
 * systemd-analyze (systemd 252), which t7000-calendar-systemd also runs
 * live.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "schedule/calendar.h"
#include "schedule/timestamp.h"
#include "schedule/tzone.h"

/* Parses expr, which must be valid. */
static struct calendar *parse_ok(const char *expr)
{
	struct calendar *cal = NULL;
	struct error err = ERROR_INIT;

	if (calendar_parse(expr, NULL, &cal, &err) < 0)
		fail_msg("'%s': %s", expr, err.message);
	error_release(&err);
	return cal;
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

/* Every expression prints as systemd-analyze's normalized form. */
static void test_normalized(void **state)
{
	static const struct {
		const char *expr, *normalized;
	} cases[] = {
		{"Sat *-*-* 02:00", "Sat *-*-* 02:00:00"},
		{"mon..fri 8:0", "Mon..Fri *-*-* 08:00:00"},
		{"MONDAY..fri", "Mon..Fri *-*-* 00:00:00"},
		{"Mon-Fri", "Mon..Fri *-*-* 00:00:00"},
		{"Mon,", "Mon *-*-* 00:00:00"},
		{"Mon..Wed,Tue..Fri", "Mon..Fri *-*-* 00:00:00"},
		{"Thursday..Friday", "Thu,Fri *-*-* 00:00:00"},
		{"Sat..Sun,Mon", "Mon,Sat,Sun *-*-* 00:00:00"},
		{"Sun,Mon", "Mon,Sun *-*-* 00:00:00"},
		{"Mon,Wed..Fri,Sun", "Mon,Wed..Fri,Sun *-*-* 00:00:00"},
		{"Mon..Sun", "*-*-* 00:00:00"},
		{"Mon  12:00", "Mon *-*-* 12:00:00"},
		{"Mon ", "Mon *-*-* 00:00:00"},
		{"*-*-* ", "*-*-* 00:00:00"},
		{"Daily", "*-*-* 00:00:00"},
		{"daily UTC", "*-*-* 00:00:00 UTC"},
		{"12:00 utc", "*-*-* 12:00:00 UTC"},
		{"weekly Europe/Berlin", "Mon *-*-* 00:00:00 Europe/Berlin"},
		{"hourly", "*-*-* *:00:00"},
		{"minutely", "*-*-* *:*:00"},
		{"monthly", "*-*-01 00:00:00"},
		{"yearly", "*-01-01 00:00:00"},
		{"annually", "*-01-01 00:00:00"},
		{"Anually UTC", "*-01-01 00:00:00 UTC"},
		{"quarterly", "*-01,04,07,10-01 00:00:00"},
		{"semiannually", "*-01,07-01 00:00:00"},
		{"bi-annually", "*-01,07-01 00:00:00"},
		{"12-25", "*-12-25 00:00:00"},
		{"5:3", "*-*-* 05:03:00"},
		{"05:03:7", "*-*-* 05:03:07"},
		{"*:*:*", "*-*-* *:*:*"},
		{"*:*", "*-*-* *:*:00"},
		{"*:0/1", "*-*-* *:00/1:00"},
		{"*:*:0/1", "*-*-* *:*:*"},
		{"*:*:0/1,5", "*-*-* *:*:*"},
		{"*:*:5..7,0..59", "*-*-* *:*:00..59,05..07"},
		{"*:*:0..5/1,7", "*-*-* *:*:00..05,07"},
		{"*-*-1..10/4", "*-*-01..09/4 00:00:00"},
		{"*-*-1..10/20", "*-*-01 00:00:00"},
		{"*-*-1..10/40", "*-*-01 00:00:00"},
		{"*-*-5..5", "*-*-05 00:00:00"},
		{"*-*-3,1,2,1", "*-*-01,02,03 00:00:00"},
		{"*-*-1,1..3", "*-*-01,01..03 00:00:00"},
		{"*-*-10,1..5/2,3", "*-*-01..05/2,03,10 00:00:00"},
		{"*-*-1,01", "*-*-01 00:00:00"},
		{"*-*~01", "*-*~01 00:00:00"},
		{"*~1", "*-*~01 00:00:00"},
		{"02~1", "*-02~01 00:00:00"},
		{"*-*~1..3", "*-*~01..03 00:00:00"},
		{"*-02~03", "*-02~03 00:00:00"},
		{"*-*~07/1", "*-*~07/1 00:00:00"},
		{"*-*~18,8", "*-*~08,18 00:00:00"},
		{"70-01-01", "1970-01-01 00:00:00"},
		{"69-01-01", "2069-01-01 00:00:00"},
		{"0001-01-01", "2001-01-01 00:00:00"},
		{"00010-01-01", "2010-01-01 00:00:00"},
		{"2027..2030/2-1-1", "2027..2029/2-01-01 00:00:00"},
		{"2030..2032-01-01", "2030..2032-01-01 00:00:00"},
		{"1,2,3-4,5-6", "2001,2002,2003-04,05-06 00:00:00"},
		{"*-*", "*-*-* 00:00:00"},
		{"*-01/1-*", "*-01/1-* 00:00:00"},
		{"*-1..12/1-*", "*-01..12-* 00:00:00"},
		{"8..17/2:00", "*-*-* 08..16/2:00:00"},
		{"12:00,13:00", "*-*-* 12:00,13:00"},
		{"11..11/1:00", "*-*-* 11:00:00"},
		{"*-*-007", "*-*-07 00:00:00"},
		{"@1700000000", "2023-11-14 22:13:20 UTC"},
		{"@1700000000 Europe/Berlin", "2023-11-14 22:13:20 UTC"},
		{"Mon @1700000000", "Mon 2023-11-14 22:13:20 UTC"},
		{"12:00 GMT", "*-*-* 12:00:00 GMT"},
		{"12:00 Etc/GMT+5", "*-*-* 12:00:00 Etc/GMT+5"},
		{"*-*-* 12:00 America/New_York",
		 "*-*-* 12:00:00 America/New_York"},
	};
	struct buf b = BUF_INIT;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct calendar *cal = parse_ok(cases[i].expr);

		buf_reset(&b);
		calendar_format(cal, &b);
		if (strcmp(b.data, cases[i].normalized) != 0)
			fail_msg("'%s': got '%s', want '%s'", cases[i].expr,
				 b.data, cases[i].normalized);
		calendar_free(cal);
	}
	buf_release(&b);
}

/* What systemd refuses is refused with the column and the reason. */
static void test_errors(void **state)
{
	static const struct {
		const char *expr;
		unsigned column;
		const char *says;
	} cases[] = {
		{"", 1, "empty calendar expression"},
		{" UTC", 1, "nothing before the time zone"},
		{" daily", 1, "expected a number"},
		{"daily ", 6, "nothing may follow it"},
		{"Mon..Fry 02:00", 6, "unknown weekday 'Fry'"},
		{"Tues 10:00", 1, "unknown weekday 'Tues'"},
		{"Mo", 1, "unknown word 'Mo'"},
		{"Fri..Mon", 1, "runs backwards"},
		{"Mon..Wed..Fri", 9, "only two ends"},
		{"Mon..", 1, "has no end"},
		{"Mon,,Tue", 5, "expected a weekday"},
		{"Mon, Tue", 6, "without spaces"},
		{"mon-wed-fri", 8, "only two ends"},
		{"*/2", 1, "'*/N' is not systemd syntax"},
		{"*:*/2", 3, "'*/N' is not systemd syntax"},
		{"*:*:*,5", 5, "'*' stands alone"},
		{"1..10/3", 1, "a date is MM-DD"},
		{"2024", 1, "a date is MM-DD"},
		{"24:00", 1, "hour 24 is out of range 0..23"},
		{"23:60", 4, "minute 60 is out of range 0..59"},
		{"23:59:60", 7, "second 60 is out of range 0..59"},
		{"*-13-01", 3, "month 13 is out of range 1..12"},
		{"*-00-01", 3, "month 0 is out of range 1..12"},
		{"*-*-32", 5, "day 32 is out of range 1..31"},
		{"*-*-1..40", 8, "day 40 is out of range"},
		{"*-*-5..1", 5, "day range 5..1 runs backwards"},
		{"*-*~29", 5, "day ~29 is out of range ~1..~28"},
		{"*-*~8,28", 7, "day ~28 is out of range ~1..~25"},
		{"*-*~1/2", 7, "never repeats"},
		{"*:00/60", 6, "longer than the minute's range"},
		{"*-*-1/31", 7, "longer than the day's range"},
		{"*-*-29/7", 8, "day 29/7 never repeats"},
		{"1969-01-01", 1, "year 1969 is out of range 1970..2199"},
		{"2200-01-01", 1, "year 2200 is out of range"},
		{"100-1-1", 1, "year 100 is out of range"},
		{"*-*-*~1", 6, "expected a space after the date"},
		{"*~1-2", 4, "'~' goes between the month and the day"},
		{"2027-01-01 12", 14, "':' after the hour"},
		{"12:00:", 7, "expected a number at the end"},
		{"12::00", 4, "expected a number"},
		{"1/0:00", 3, "at least /1"},
		{"*-*-* 99999999999:00", 7, "number too large"},
		{"12:00:5.25", 8, "fractional seconds are not supported"},
		{"*:*:0/0.5", 8, "fractional seconds are not supported"},
		{"*:*:1..2.5", 9, "fractional seconds are not supported"},
		{"*:*:5..5", 5, "at least two seconds"},
		{"12:00 Mon", 6, "not ' Mon'"},
		{"12:00 europe/berlin", 7, "unknown time zone 'europe/berlin'"},
		{"12:00 Mars/Olympus", 7, "unknown time zone 'Mars/Olympus'"},
		{"daily Europe/Berln", 7, "unknown time zone 'Europe/Berln'"},
		{"12:00 right/Europe/Berlin", 7, "leap seconds"},
		{"@", 2, "seconds since 1970"},
		{"@7258118400", 2, "after the year 2199"},
		{"@1700000000 12:00", 12, "nothing after '@SECONDS'"},
		{"h\xc3\xa9llo 12:\xc3\xa9", 1, "unknown word"},
		{"12:\xc3\xa9", 4, "expected a number"},
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct calendar *cal = NULL;
		struct error err = ERROR_INIT;
		char want[32];

		if (calendar_parse(cases[i].expr, NULL, &cal, &err) == 0)
			fail_msg("'%s' parsed", cases[i].expr);
		assert_null(cal);
		assert_int_equal(err.kind, ERROR_INVALID);
		assert_null(err.file);
		snprintf(want, sizeof(want), ": column %u: ", cases[i].column);
		if (err.column != cases[i].column ||
		    strstr(err.message, want) == NULL ||
		    strstr(err.message, cases[i].says) == NULL)
			fail_msg("'%s': got column %u, '%s'; want %u, '%s'",
				 cases[i].expr, err.column, err.message,
				 cases[i].column, cases[i].says);
		error_release(&err);
	}
}

/* With an origin, the error points into the file. */
static void test_error_origin(void **state)
{
	const struct calendar_origin origin = {"crest.yml", 12, 15};
	struct calendar *cal = NULL;
	struct error err = ERROR_INIT;
	struct buf b = BUF_INIT;

	assert_int_equal(calendar_parse("Sat *-*-* 25:00", &origin, &cal, &err),
			 -1);
	error_format(&err, &b);
	assert_string_equal(b.data, "crest.yml:12:25: calendar 'Sat *-*-* "
				    "25:00': hour 25 is out of range 0..23");
	buf_release(&b);
	error_release(&err);
}

/* A list holds as many values as systemd allows, and no more. */
static void test_list_limit(void **state)
{
	struct calendar *cal = NULL;
	struct error err = ERROR_INIT;
	struct buf b = BUF_INIT;
	int i;

	buf_adds(&b, "*:0");
	for (i = 1; i < CALENDAR_MAX_LIST; i++)
		buf_addf(&b, ",%d", i % 60);
	calendar_free(parse_ok(b.data));
	buf_adds(&b, ",1");
	assert_int_equal(calendar_parse(b.data, NULL, &cal, &err), -1);
	assert_non_null(strstr(err.message, "at most 241 values"));
	error_release(&err);
	buf_release(&b);
}

/* Next elapses across month ends, leap years, systemd's carry quirks and
 * changes of daylight saving time. */
static void test_next(void **state)
{
	static const struct {
		const char *expr, *after, *want[5];
	} cases[] = {
		{"*-*-31",
		 "2026-01-15T00:00:00Z",
		 {"2026-01-31T00:00:00+00:00", "2026-03-31T00:00:00+00:00",
		  "2026-05-31T00:00:00+00:00", "2026-07-31T00:00:00+00:00"}},
		{"*-*~01",
		 "2027-01-15T00:00:00Z",
		 {"2027-01-31T00:00:00+00:00", "2027-02-28T00:00:00+00:00",
		  "2027-03-31T00:00:00+00:00"}},
		{"*-02~01 12:00",
		 "2027-01-01T00:00:00Z",
		 {"2027-02-28T12:00:00+00:00", "2028-02-29T12:00:00+00:00",
		  "2029-02-28T12:00:00+00:00"}},
		{"*-02-29",
		 "2026-01-01T00:00:00Z",
		 {"2028-02-29T00:00:00+00:00", "2032-02-29T00:00:00+00:00",
		  "2036-02-29T00:00:00+00:00"}},
		{"*-02-29",
		 "2096-03-01T00:00:00Z",
		 {"2104-02-29T00:00:00+00:00", "2108-02-29T00:00:00+00:00"}},
		{"Mon *-05~07/1",
		 "2027-01-01T00:00:00Z",
		 {"2027-05-31T00:00:00+00:00", "2028-05-29T00:00:00+00:00"}},
		{"Tue *-*-08..14 03:00",
		 "2026-11-23T00:00:00Z",
		 {"2026-12-08T03:00:00+00:00", "2027-01-12T03:00:00+00:00",
		  "2027-02-09T03:00:00+00:00"}},
		{"Fri *-*-13",
		 "2026-11-23T00:00:00Z",
		 {"2027-08-13T00:00:00+00:00", "2028-10-13T00:00:00+00:00",
		  "2029-04-13T00:00:00+00:00"}},
		{"quarterly",
		 "2026-12-31T23:59:59Z",
		 {"2027-01-01T00:00:00+00:00", "2027-04-01T00:00:00+00:00",
		  "2027-07-01T00:00:00+00:00"}},
		{"*-12-31 23:59:59",
		 "2198-06-01T00:00:00Z",
		 {"2198-12-31T23:59:59+00:00", "2199-12-31T23:59:59+00:00"}},
		{"*-*-* *:*:00/20",
		 "2026-12-31T23:59:30Z",
		 {"2026-12-31T23:59:40+00:00", "2027-01-01T00:00:00+00:00",
		  "2027-01-01T00:00:20+00:00"}},
		{"*:0/25",
		 "2026-11-23T23:51:00Z",
		 {"2026-11-24T00:25:00+00:00", "2026-11-24T00:50:00+00:00"}},
		{"*-*-01/7 06:00",
		 "2026-12-29T07:00:00Z",
		 {"2027-01-08T06:00:00+00:00", "2027-01-15T06:00:00+00:00"}},
		{"0/5:00",
		 "2026-11-30T21:00:00Z",
		 {"2026-12-01T05:00:00+00:00", "2026-12-01T10:00:00+00:00"}},
		{"*:00/30 Europe/Berlin",
		 "2027-03-28T00:00:00Z",
		 {"2027-03-28T01:30:00+01:00", "2027-03-28T03:00:00+02:00",
		  "2027-03-28T03:30:00+02:00", "2027-03-28T04:00:00+02:00"}},
		{"*-*-* 02:30 Europe/Berlin",
		 "2027-03-26T12:00:00Z",
		 {"2027-03-27T02:30:00+01:00", "2027-03-29T02:30:00+02:00",
		  "2027-03-30T02:30:00+02:00"}},
		{"*:00/30 Europe/Berlin",
		 "2027-10-30T23:00:00Z",
		 {"2027-10-31T01:30:00+02:00", "2027-10-31T02:00:00+02:00",
		  "2027-10-31T02:30:00+02:00", "2027-10-31T03:00:00+01:00",
		  "2027-10-31T03:30:00+01:00"}},
		{"*-*-* 02:30 Europe/Berlin",
		 "2027-10-30T00:00:00Z",
		 {"2027-10-30T02:30:00+02:00", "2027-10-31T02:30:00+02:00"}},
		{"*-*-* 02:30 Europe/Berlin",
		 "2027-10-31T01:10:00Z",
		 {"2027-10-31T02:30:00+01:00", "2027-11-01T02:30:00+01:00"}},
		{"*:0/30 America/New_York",
		 "2027-03-14T05:00:00Z",
		 {"2027-03-14T00:30:00-05:00", "2027-03-14T01:00:00-05:00",
		  "2027-03-14T01:30:00-05:00", "2027-03-14T03:00:00-04:00",
		  "2027-03-14T03:30:00-04:00"}},
		{"*-*-* 02:30 America/New_York",
		 "2027-03-13T00:00:00Z",
		 {"2027-03-13T02:30:00-05:00", "2027-03-15T02:30:00-04:00"}},
		{"*:0/30 America/New_York",
		 "2027-11-07T04:45:00Z",
		 {"2027-11-07T01:00:00-04:00", "2027-11-07T01:30:00-04:00",
		  "2027-11-07T02:00:00-05:00", "2027-11-07T02:30:00-05:00"}},
		{"*-*-* 01:30 America/New_York",
		 "2027-11-07T05:10:00Z",
		 {"2027-11-07T01:30:00-04:00", "2027-11-08T01:30:00-05:00"}},
		{"*-*-01/7 America/New_York",
		 "2026-10-30T12:00:00Z",
		 {"2026-11-08T00:00:00-05:00", "2026-11-15T00:00:00-05:00"}},
		{"*-1/9-01 Australia/Sydney",
		 "2026-11-15T00:00:00Z",
		 {"2027-10-01T00:00:00+10:00", "2028-10-01T00:00:00+10:00"}},
		{"*-*-* 02:30 Europe/Berlin",
		 "2040-03-23T00:00:00Z",
		 {"2040-03-23T02:30:00+01:00", "2040-03-24T02:30:00+01:00",
		  "2040-03-26T02:30:00+02:00"}},
	};
	struct buf b = BUF_INIT;
	size_t i, k;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct calendar *cal = parse_ok(cases[i].expr);
		time_t t = at(cases[i].after), next;

		for (k = 0; k < 5 && cases[i].want[k] != NULL; k++) {
			if (calendar_next(cal, t, &next) != 0)
				fail_msg("'%s' after %s: no elapse %zu",
					 cases[i].expr, cases[i].after, k + 1);
			buf_reset(&b);
			timestamp_format(next, calendar_zone(cal), &b);
			if (strcmp(b.data, cases[i].want[k]) != 0)
				fail_msg("'%s' after %s: elapse %zu is %s, "
					 "want %s",
					 cases[i].expr, cases[i].after, k + 1,
					 b.data, cases[i].want[k]);
			t = next;
		}
		calendar_free(cal);
	}
	buf_release(&b);
}

/* Next is strictly after: an elapse at "after" itself does not count. */
static void test_next_is_strictly_after(void **state)
{
	struct calendar *cal = parse_ok("*-*-* 02:00:00 UTC");
	time_t next;

	assert_int_equal(calendar_next(cal, at("2027-01-01T02:00:00Z"), &next),
			 0);
	assert_int_equal(next, at("2027-01-02T02:00:00Z"));
	assert_int_equal(calendar_next(cal, at("2027-01-01T01:59:59Z"), &next),
			 0);
	assert_int_equal(next, at("2027-01-01T02:00:00Z"));
	calendar_free(cal);
}

/* No elapse past 2199, as in systemd; a date that never comes, never. */
static void test_never(void **state)
{
	static const char *const never[] = {"*-02-30", "*-04-31",
					    "Mon 2027-01-01", "2026-01-01",
					    "*-02~29 UTC"};
	time_t next;
	size_t i;

	for (i = 0; i < sizeof(never) / sizeof(never[0]); i++) {
		struct calendar *cal = NULL;
		struct error err = ERROR_INIT;

		if (calendar_parse(never[i], NULL, &cal, &err) < 0) {
			/* ~29 is refused outright. */
			error_release(&err);
			continue;
		}
		assert_int_equal(
			calendar_next(cal, at("2027-01-01T00:00:00Z"), &next),
			CALENDAR_NEVER);
		calendar_free(cal);
	}
	{
		struct calendar *cal = parse_ok("daily");

		assert_int_equal(
			calendar_next(cal, at("2199-12-31T00:00:00Z"), &next),
			CALENDAR_NEVER);
		assert_int_equal(calendar_next(cal, (time_t)1 << 40, &next),
				 CALENDAR_NEVER);
		assert_int_equal(calendar_next(cal, -((time_t)1 << 40), &next),
				 0);
		calendar_free(cal);
	}
}

/* Where systemd's search goes round in a circle, crest says so. */
static void test_stuck(void **state)
{
	struct calendar *cal = parse_ok("2/12:00 Europe/Berlin");
	time_t next;

	assert_int_equal(calendar_next(cal, at("2027-03-27T12:00:00Z"), &next),
			 0);
	assert_int_equal(next, at("2027-03-27T14:00:00+01:00"));
	assert_int_equal(calendar_next(cal, next, &next), CALENDAR_STUCK);
	calendar_free(cal);
}

/* Without a zone, the local zone is TZ's. */
static void test_local_zone(void **state)
{
	struct calendar *cal;
	const char *old = getenv("TZ");
	char *saved = old ? strdup(old) : NULL;
	time_t next;

	setenv("TZ", "Europe/Berlin", 1);
	cal = parse_ok("*-*-* 02:30");
	assert_int_equal(calendar_next(cal, at("2027-03-27T12:00:00Z"), &next),
			 0);
	/* March 28 has no 02:30 in Berlin. */
	assert_int_equal(next, at("2027-03-29T02:30:00+02:00"));
	calendar_free(cal);
	setenv("TZ", "EST5EDT,M3.2.0,M11.1.0", 1);
	cal = parse_ok("*-*-* 12:00");
	assert_int_equal(calendar_next(cal, at("2027-07-01T00:00:00Z"), &next),
			 0);
	assert_int_equal(next, at("2027-07-01T12:00:00-04:00"));
	calendar_free(cal);
	setenv("TZ", "", 1);
	cal = parse_ok("*-*-* 12:00");
	assert_int_equal(calendar_next(cal, at("2027-07-01T00:00:00Z"), &next),
			 0);
	assert_int_equal(next, at("2027-07-01T12:00:00Z"));
	calendar_free(cal);
	if (saved) {
		setenv("TZ", saved, 1);
		free(saved);
	} else {
		unsetenv("TZ");
	}
}

/* Inputs of the kinds the fuzzer (tests/fuzz/fuzz-calendar.c) grew, which
 * found no crash: long lists of two-digit years with repetitions, many
 * leading zeros, trailing spaces, long weekday lists.  Each normalises as
 * systemd-analyze does and evaluates without trouble. */
static void test_fuzzer_inputs(void **state)
{
	static const struct {
		const char *expr, *normalized;
	} cases[] = {
		{"0,2,0,0,97,2,2,0,97,0,97,2,0/2,0/2,2,2,097,02,0,7,0,3-3/6-01",
		 "1997,2000,2000/2,2002,2003,2007-03/6-01 00:00:00"},
		{"02,2/2,2,0/2,0,97,2,2,0,97,0,97,2,0/2,0/2,2,2,097,4,02,0,97/"
		 "2,"
		 "0,3-3/6-01",
		 "1997,1997/2,2000,2000/2,2002,2002/2,2003,2004-03/6-01 "
		 "00:00:00"},
		{"02/2,9,7/2,0/2,002,1,4/2,90,1/2,005,22,47/2,0,4,97,7,3-6-2",
		 "1990,1997,2000,2000/2,2001,2001/2,2002,2002/2,2003,2004,"
		 "2004/2,2005,2007,2007/2,2009,2022,2047/2-06-02 00:00:00"},
		{"Mon 1/8-0000000000000000000000000000000000000004",
		 "Mon *-01/8-04 00:00:00"},
		{"mon..Sat,mon..Sat,mon..Sat,mon..Sat,mon..Sat,mon..Sat,",
		 "Mon..Sat *-*-* 00:00:00"},
		{"Mon 1~1                                                    ",
		 "Mon *-01~01 00:00:00"},
	};
	struct buf b = BUF_INIT;
	size_t i;
	int k;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct calendar *cal = parse_ok(cases[i].expr);
		time_t t = at("2026-11-23T00:00:00Z"), next;

		buf_reset(&b);
		calendar_format(cal, &b);
		if (strcmp(b.data, cases[i].normalized) != 0)
			fail_msg("'%s': got '%s'", cases[i].expr, b.data);
		for (k = 0; k < 5 && calendar_next(cal, t, &next) == 0; k++) {
			assert_true(next > t);
			t = next;
		}
		calendar_free(cal);
	}
	buf_reset(&b);
	buf_addch(&b, '@');
	for (k = 0; k < 256; k++)
		buf_addch(&b, '0');
	calendar_free(parse_ok(b.data));
	buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_normalized),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_error_origin),
		cmocka_unit_test(test_list_limit),
		cmocka_unit_test(test_next),
		cmocka_unit_test(test_next_is_strictly_after),
		cmocka_unit_test(test_never),
		cmocka_unit_test(test_stuck),
		cmocka_unit_test(test_local_zone),
		cmocka_unit_test(test_fuzzer_inputs),
	};

	setenv("TZ", "UTC", 1);
	return cmocka_run_group_tests_name("calendar", tests, NULL, NULL);
}
