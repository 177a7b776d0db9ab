/*
 * test-civil.c - unit tests for orchestrator/schedule/civil.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "schedule/civil.h"

/* Leap years: every fourth, not centuries, but every fourth century. */
static void test_leap_years(void **state)
{
	assert_true(civil_is_leap(2028));
	assert_false(civil_is_leap(2027));
	assert_false(civil_is_leap(2100));
	assert_true(civil_is_leap(2000));
	assert_true(civil_is_leap(2400));
	assert_int_equal(civil_days_in_month(2028, 2), 29);
	assert_int_equal(civil_days_in_month(2100, 2), 28);
	assert_int_equal(civil_days_in_month(2027, 4), 30);
	assert_int_equal(civil_days_in_month(2027, 12), 31);
}

/* Day counts agree with known dates on both sides of 1970. */
static void test_days(void **state)
{
	int y, m, d;

	assert_int_equal(civil_days_from_date(1970, 1, 1), 0);
	assert_int_equal(civil_days_from_date(2000, 3, 1), 11017);
	assert_int_equal(civil_days_from_date(1969, 12, 31), -1);
	assert_int_equal(civil_days_from_date(1900, 1, 1), -25567);
	civil_date_from_days(11017, &y, &m, &d);
	assert_int_equal(y * 10000 + m * 100 + d, 20000301);
	civil_date_from_days(-25567, &y, &m, &d);
	assert_int_equal(y * 10000 + m * 100 + d, 19000101);
	/* Day 33 of a month counts on into the next one. */
	assert_int_equal(civil_days_from_date(2026, 12, 33),
			 civil_days_from_date(2027, 1, 2));
}

/* Every day from 1900 to 2200 survives the round trip. */
static void test_round_trip(void **state)
{
	int64_t day, first = civil_days_from_date(1900, 1, 1);
	int64_t last = civil_days_from_date(2200, 12, 31);
	int y, m, d;

	for (day = first; day <= last; day++) {
		civil_date_from_days(day, &y, &m, &d);
		if (civil_days_from_date(y, m, d) != day || d < 1 ||
		    d > civil_days_in_month(y, m))
			fail_msg("day %lld", (long long)day);
	}
}

/* Weekdays count from Monday. */
static void test_weekday(void **state)
{
	assert_int_equal(civil_weekday(1970, 1, 1), 3);	  /* Thursday */
	assert_int_equal(civil_weekday(2026, 11, 23), 0); /* Monday */
	assert_int_equal(civil_weekday(2027, 3, 28), 6);  /* Sunday */
	assert_int_equal(civil_weekday(1969, 12, 28), 6); /* Sunday */
	assert_int_equal(civil_weekday(2100, 3, 1), 0);	  /* Monday */
}

/* Seconds split into fields and back, negative ones too. */
static void test_seconds(void **state)
{
	struct civil c, d = {2026, 11, 28, 2, 0, 0};

	civil_from_seconds(1795831200, &c);
	assert_int_equal(civil_compare(&c, &d), 0);
	assert_int_equal(civil_to_seconds(&d), 1795831200);
	civil_from_seconds(-1, &c);
	assert_int_equal(c.year, 1969);
	assert_int_equal(c.hour * 3600 + c.minute * 60 + c.second, 86399);
	d.second = 1;
	assert_true(civil_compare(&c, &d) < 0);
	assert_true(civil_compare(&d, &c) > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_leap_years),
		cmocka_unit_test(test_days),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_weekday),
		cmocka_unit_test(test_seconds),
	};

	return cmocka_run_group_tests_name("civil", tests, NULL, NULL);
}
