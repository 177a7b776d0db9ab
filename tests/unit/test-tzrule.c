/*
 * test-tzrule.c - unit tests for orchestrator/schedule/tzrule.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "schedule/civil.h"
#include "schedule/tzrule.h"

/* Returns the seconds of a UTC civil time. */
static int64_t utc(int y, int mo, int d, int h, int mi)
{
	struct civil c = {y, mo, d, h, mi, 0};

	return civil_to_seconds(&c);
}

/* Central Europe: the last Sundays of March and October. */
static void test_europe(void **state)
{
	struct tzrule r;
	int64_t next;
	int isdst;

	assert_int_equal(tzrule_parse("CET-1CEST,M3.5.0,M10.5.0/3", &r), 0);
	assert_int_equal(r.std_offset, 3600);
	assert_int_equal(r.dst_offset, 7200);
	assert_int_equal(tzrule_offset(&r, utc(2040, 3, 25, 0, 59), &isdst),
			 3600);
	assert_int_equal(isdst, 0);
	assert_int_equal(tzrule_offset(&r, utc(2040, 3, 25, 1, 0), &isdst),
			 7200);
	assert_int_equal(isdst, 1);
	assert_int_equal(tzrule_next_change(&r, utc(2040, 3, 25, 1, 0), &next),
			 0);
	assert_int_equal(next, utc(2040, 10, 28, 1, 0));
	assert_int_equal(tzrule_offset(&r, next - 1, NULL), 7200);
	assert_int_equal(tzrule_offset(&r, next, NULL), 3600);
	/* Across the turn of the year. */
	assert_int_equal(tzrule_next_change(&r, utc(2040, 12, 31, 0, 0), &next),
			 0);
	assert_int_equal(next, utc(2041, 3, 31, 1, 0));
}

/* The southern hemisphere has summer time over the turn of the year. */
static void test_south(void **state)
{
	struct tzrule r;
	int64_t next;

	assert_int_equal(tzrule_parse("AEST-10AEDT,M10.1.0,M4.1.0/3", &r), 0);
	assert_int_equal(tzrule_offset(&r, utc(2040, 1, 1, 0, 0), NULL), 39600);
	assert_int_equal(tzrule_offset(&r, utc(2040, 7, 1, 0, 0), NULL), 36000);
	assert_int_equal(tzrule_next_change(&r, utc(2040, 1, 1, 0, 0), &next),
			 0);
	/* April 1, 2040 is a Sunday: 03:00 AEDT is 16:00 UTC before. */
	assert_int_equal(next, utc(2040, 3, 31, 16, 0));
}

/* Julian days, zero-based days, angle-bracket names, negative DST. */
static void test_forms(void **state)
{
	struct tzrule r;

	assert_int_equal(tzrule_parse("<+0330>-3:30", &r), 0);
	assert_int_equal(r.std_offset, 12600);
	assert_false(r.has_dst);
	assert_int_equal(tzrule_parse("EST5EDT", &r), 0);
	assert_int_equal(r.start.month, 3); /* the US default */
	assert_int_equal(r.end.month, 11);
	assert_int_equal(tzrule_parse("XXX3YYY,J60/0,J300/0", &r), 0);
	/* J60 is March 1 even in a leap year. */
	assert_int_equal(tzrule_offset(&r, utc(2040, 2, 29, 12, 0), NULL),
			 -3 * 3600);
	assert_int_equal(tzrule_offset(&r, utc(2040, 3, 1, 12, 0), NULL),
			 -2 * 3600);
	assert_int_equal(tzrule_parse("XXX3YYY,59/0,299/0", &r), 0);
	/* Day 59, counted from 0 with Feb 29, is Feb 29 in 2040. */
	assert_int_equal(tzrule_offset(&r, utc(2040, 2, 29, 12, 0), NULL),
			 -2 * 3600);
	/* Ireland: winter is the "daylight saving" one, an hour back. */
	assert_int_equal(tzrule_parse("IST-1GMT0,M10.5.0,M3.5.0/1", &r), 0);
	assert_int_equal(tzrule_offset(&r, utc(2040, 7, 1, 0, 0), NULL), 3600);
	assert_int_equal(tzrule_offset(&r, utc(2040, 1, 1, 0, 0), NULL), 0);
	/* All year daylight saving time. */
	assert_int_equal(tzrule_parse("EST5EDT,0/0,J365/25", &r), 0);
	assert_int_equal(tzrule_offset(&r, utc(2040, 1, 1, 12, 0), NULL),
			 -4 * 3600);
	assert_int_equal(tzrule_offset(&r, utc(2040, 12, 31, 12, 0), NULL),
			 -4 * 3600);
}

/* What is not a rule is refused. */
static void test_bad(void **state)
{
	static const char *const bad[] = {
		"",
		"UTC",
		"AB1",
		"CET-25",
		"CET-1CEST,M3.5.0",
		"CET-1CEST,M13.5.0,M10.5.0",
		"CET-1CEST,M3.6.0,M10.5.0",
		"CET-1CEST,J0,J10",
		"CET-1CEST,M3.5.0/168,M10.5.0",
		"<AB>1",
		"CET-1x",
	};
	struct tzrule r;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (tzrule_parse(bad[i], &r) == 0)
			fail_msg("'%s' parsed", bad[i]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_europe),
		cmocka_unit_test(test_south),
		cmocka_unit_test(test_forms),
		cmocka_unit_test(test_bad),
	};

	return cmocka_run_group_tests_name("tzrule", tests, NULL, NULL);
}
