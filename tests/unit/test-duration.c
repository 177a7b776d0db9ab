/*
 * test-duration.c - unit tests for orchestrator/base/duration.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "base/duration.h"

/* Units, sums of parts, and what is refused. */
static void test_parse(void **state)
{
	unsigned s = 0;

	assert_int_equal(duration_parse("90", &s), 0);
	assert_int_equal(s, 90);
	assert_int_equal(duration_parse("30s", &s), 0);
	assert_int_equal(s, 30);
	assert_int_equal(duration_parse("2m", &s), 0);
	assert_int_equal(s, 120);
	assert_int_equal(duration_parse("1h30m", &s), 0);
	assert_int_equal(s, 5400);
	assert_int_equal(duration_parse("1d", &s), 0);
	assert_int_equal(s, 86400);
	assert_int_equal(duration_parse("0", &s), 0);
	assert_int_equal(s, 0);
	assert_int_equal(duration_parse("30d", &s), 0);
	assert_int_equal(duration_parse("31d", &s), -1);
	assert_int_equal(duration_parse("99999999999999999999", &s), -1);
	assert_int_equal(duration_parse("", &s), -1);
	assert_int_equal(duration_parse("m", &s), -1);
	assert_int_equal(duration_parse("2x", &s), -1);
	assert_int_equal(duration_parse("1h30", &s), -1);
	assert_int_equal(duration_parse("-5s", &s), -1);
	assert_int_equal(duration_parse("5 s", &s), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
	};

	return cmocka_run_group_tests_name("duration", tests, NULL, NULL);
}
