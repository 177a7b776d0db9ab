/*
 * test-timestamp.c - unit tests for orchestrator/schedule/timestamp.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "schedule/timestamp.h"

/* Parses s in zone, which must work. */
static int64_t parse(const char *s, const struct tzone *zone)
{
	struct error err = ERROR_INIT;
	int64_t t = 0;

	if (timestamp_parse(s, zone, &t, &err) < 0)
		fail_msg("%s", err.message);
	return t;
}

/* Offsets, Z, @SECONDS and times read in the zone. */
static void test_parse(void **state)
{
	struct tzone *berlin = NULL;
	struct error err = ERROR_INIT;

	assert_int_equal(tzone_load("Europe/Berlin", &berlin, &err), 0);
	assert_int_equal(parse("2026-11-28T02:00:00+01:00", berlin),
			 1795827600);
	assert_int_equal(parse("2026-11-28T01:00:00Z", berlin), 1795827600);
	assert_int_equal(parse("2026-11-28 01:00z", berlin), 1795827600);
	assert_int_equal(parse("2026-11-28T03:30:00+0230", berlin), 1795827600);
	assert_int_equal(parse("2026-11-28T02:00:00", berlin), 1795827600);
	assert_int_equal(parse("2026-11-28", berlin), 1795820400);
	assert_int_equal(parse("@1795827600", berlin), 1795827600);
	assert_int_equal(parse("@-5", berlin), -5);
	/* In the gap: its end; twice: the first. */
	assert_int_equal(parse("2027-03-28T02:30", berlin), 1806195600);
	assert_int_equal(parse("2027-10-31T02:30", berlin), 1824942600);
	tzone_free(berlin);
}

/* What is not a time is refused with a hint. */
static void test_bad(void **state)
{
	static const char *const bad[] = {
		"",
		"@",
		"@x",
		"2026-11-28T",
		"2026-13-01",
		"2026-02-30",
		"2026-11-28T24:00",
		"2026-11-28T02:60",
		"2026-11-28T02:00+1",
		"2026-11-28T02:00:00+01:00x",
		"26-11-28",
		"2026-11-28T02:00:61",
	};
	struct tzone *utc = tzone_new_utc();
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct error err = ERROR_INIT;
		int64_t t;

		if (timestamp_parse(bad[i], utc, &t, &err) == 0)
			fail_msg("'%s' parsed", bad[i]);
		assert_int_equal(err.kind, ERROR_INVALID);
		error_release(&err);
	}
	tzone_free(utc);
}

/* Printed with the zone's offset at that instant. */
static void test_format(void **state)
{
	struct tzone *z = NULL;
	struct error err = ERROR_INIT;
	struct buf b = BUF_INIT;

	assert_int_equal(tzone_load("America/New_York", &z, &err), 0);
	timestamp_format(1795827600, z, &b);
	assert_string_equal(b.data, "2026-11-27T20:00:00-05:00");
	tzone_free(z);
	assert_int_equal(tzone_load("Asia/Kolkata", &z, &err), 0);
	buf_reset(&b);
	timestamp_format(1795827600, z, &b);
	assert_string_equal(b.data, "2026-11-28T06:30:00+05:30");
	tzone_free(z);
	z = tzone_new_utc();
	buf_reset(&b);
	timestamp_format(0, z, &b);
	assert_string_equal(b.data, "1970-01-01T00:00:00+00:00");
	tzone_free(z);
	buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_bad),
		cmocka_unit_test(test_format),
	};

	return cmocka_run_group_tests_name("timestamp", tests, NULL, NULL);
}
