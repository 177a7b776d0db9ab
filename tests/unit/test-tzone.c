/*
 * test-tzone.c - unit tests for orchestrator/schedule/tzone.c and tzif.c.
 *
 * Small TZif files are built here byte by byte; the real ones come from
 * the system's /usr/share/zoneinfo.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "base/buf.h"
#include "schedule/civil.h"
#include "schedule/tzif.h"
#include "schedule/tzone.h"

/* Appends a big-endian 32-bit number. */
static void put32(struct buf *b, uint32_t v)
{
	unsigned char c[4] = {v >> 24, v >> 16, v >> 8, v};

	buf_add(b, c, 4);
}

/* Appends a header with the given counts. */
static void put_header(struct buf *b, char version, uint32_t leaps,
		       uint32_t times, uint32_t types)
{
	buf_adds(b, "TZif");
	buf_addch(b, version);
	buf_add(b, "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 15);
	put32(b, 0);	 /* isutcnt */
	put32(b, 0);	 /* isstdcnt */
	put32(b, leaps); /* leapcnt */
	put32(b, times); /* timecnt */
	put32(b, types); /* typecnt */
	put32(b, 4);	 /* charcnt: "AB\0" and one spare */
}

/* Appends a data block: n transitions at times[] to types[] of offsets
 * off[] (isdst set where the offset is not off[0]). */
static void put_block(struct buf *b, int wide, size_t n, const int64_t *t,
		      const unsigned char *idx, size_t ntypes, const long *off,
		      uint32_t leaps)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (wide)
			put32(b, (uint32_t)((uint64_t)t[i] >> 32));
		put32(b, (uint32_t)t[i]);
	}
	buf_add(b, idx, n);
	for (i = 0; i < ntypes; i++) {
		put32(b, (uint32_t)off[i]);
		buf_addch(b, off[i] != off[0]);
		buf_addch(b, 0);
	}
	buf_add(b, "AB\0", 4);
	for (i = 0; i < leaps; i++) {
		if (wide)
			put32(b, 0);
		put32(b, 100);
		put32(b, 1);
	}
}

/* Builds a version 2 file with one transition, from +1h to +2h, at t. */
static void build(struct buf *b, int64_t t, const char *footer, uint32_t leaps)
{
	const unsigned char idx[1] = {1};
	const long off[2] = {3600, 7200};

	put_header(b, '2', leaps, 1, 2);
	put_block(b, 0, 1, &t, idx, 2, off, leaps);
	put_header(b, '2', leaps, 1, 2);
	put_block(b, 1, 1, &t, idx, 2, off, leaps);
	buf_addf(b, "\n%s\n", footer);
}

/* A built file decodes to what went in. */
static void test_tzif(void **state)
{
	struct buf b = BUF_INIT;
	struct tzif *f = NULL;
	struct error err = ERROR_INIT;

	build(&b, 1000000000, "XXX-2", 0);
	assert_int_equal(tzif_parse(b.data, b.len, &f, &err), 0);
	assert_int_equal(f->ntimes, 1);
	assert_int_equal(f->times[0], 1000000000);
	assert_int_equal(f->ntypes, 2);
	assert_int_equal(f->types[1].utoff, 7200);
	assert_int_equal(f->types[1].isdst, 1);
	assert_string_equal(f->footer, "XXX-2");
	tzif_free(f);
	tzif_free(NULL);
	buf_release(&b);
}

/* Every cut of a good file, and damaged ones, fail cleanly. */
static void test_tzif_bad(void **state)
{
	struct buf b = BUF_INIT;
	struct tzif *f = NULL;
	struct error err = ERROR_INIT;
	size_t n;

	build(&b, 1000000000, "XXX-2", 0);
	for (n = 0; n < b.len - 1; n++) {
		if (tzif_parse(b.data, n, &f, &err) == 0)
			fail_msg("a file cut at %zu bytes decoded", n);
		assert_int_equal(err.kind, ERROR_INVALID);
		error_release(&err);
	}
	b.data[4] = '9';
	assert_int_equal(tzif_parse(b.data, b.len, &f, &err), -1);
	assert_non_null(strstr(err.message, "version"));
	error_release(&err);
	assert_int_equal(tzif_parse("TZjf", 4, &f, &err), -1);
	assert_string_equal(err.message, "not a TZif file");
	error_release(&err);
	buf_release(&b);
}

/* A zone with leap seconds, or a bad rule, is refused. */
static void test_tzone_refused(void **state)
{
	struct buf b = BUF_INIT;
	struct tzone *z = NULL;
	struct error err = ERROR_INIT;

	build(&b, 1000000000, "XXX-2", 1);
	assert_int_equal(tzone_from_tzif("right/X", b.data, b.len, &z, &err),
			 -1);
	assert_non_null(strstr(err.message, "leap seconds"));
	error_release(&err);
	buf_reset(&b);
	build(&b, 1000000000, "X-2", 0);
	assert_int_equal(tzone_from_tzif("X", b.data, b.len, &z, &err), -1);
	assert_non_null(strstr(err.message, "bad rule"));
	error_release(&err);
	buf_release(&b);
}

/* Before, at and after the stored transition, then the rule. */
static void test_tzone_built(void **state)
{
	struct buf b = BUF_INIT;
	struct tzone *z = NULL;
	struct error err = ERROR_INIT;

	build(&b, 1000000000, "XXX-3", 0);
	assert_int_equal(tzone_from_tzif("X", b.data, b.len, &z, &err), 0);
	assert_string_equal(tzone_name(z), "X");
	assert_int_equal(tzone_offset(z, 0), 3600);
	assert_int_equal(tzone_offset(z, 999999999), 3600);
	/* From the last stored transition on, the rule says +3h. */
	assert_int_equal(tzone_offset(z, 1000000000), 10800);
	assert_int_equal(tzone_isdst(z, 0), 0);
	tzone_free(z);
	buf_release(&b);
}

/* Zone names are checked before any file is opened. */
static void test_names(void **state)
{
	assert_true(tzone_name_valid("Europe/Berlin"));
	assert_true(tzone_name_valid("Etc/GMT+5"));
	assert_true(tzone_name_valid("America/Port-au-Prince"));
	assert_false(tzone_name_valid(""));
	assert_false(tzone_name_valid("/etc/passwd"));
	assert_false(tzone_name_valid("../../etc/passwd"));
	assert_false(tzone_name_valid("Europe/../../x"));
	assert_false(tzone_name_valid("Europe//Berlin"));
	assert_false(tzone_name_valid("Europe/"));
	assert_false(tzone_name_valid("Europe/Ber lin"));
}

/* Unknown zones and files that are not zones. */
static void test_unknown(void **state)
{
	struct tzone *z = NULL;
	struct error err = ERROR_INIT;

	assert_int_equal(tzone_load("Mars/Olympus", &z, &err), TZONE_UNKNOWN);
	assert_string_equal(err.message, "unknown time zone 'Mars/Olympus'");
	error_release(&err);
	assert_int_equal(tzone_load("zone.tab", &z, &err), TZONE_UNKNOWN);
	error_release(&err);
	assert_int_equal(tzone_load("Europe", &z, &err), TZONE_UNKNOWN);
	error_release(&err);
	assert_int_equal(tzone_load("../etc/passwd", &z, &err), TZONE_UNKNOWN);
	error_release(&err);
	assert_null(z);
}

/* Returns the seconds of a UTC civil time. */
static int64_t utc(int y, int mo, int d, int h, int mi)
{
	struct civil c = {y, mo, d, h, mi, 0};

	return civil_to_seconds(&c);
}

/* Berlin's gap and repeated hour, resolved and made like mktime(). */
static void test_berlin(void **state)
{
	struct tzone *z = NULL;
	struct error err = ERROR_INIT;
	struct civil gap = {2027, 3, 28, 2, 30, 0};
	struct civil twice = {2027, 10, 31, 2, 30, 0};
	struct civil winter = {2027, 1, 1, 0, 0, 0}, out;
	int64_t when[TZONE_MAX_RESOLVE], gap_end;
	long off;

	assert_int_equal(tzone_load("Europe/Berlin", &z, &err), 0);
	assert_int_equal(tzone_resolve(z, &gap, when, &gap_end), 0);
	assert_int_equal(gap_end, utc(2027, 3, 28, 1, 0));
	assert_int_equal(tzone_resolve(z, &twice, when, &gap_end), 2);
	assert_int_equal(when[0], utc(2027, 10, 31, 0, 30));
	assert_int_equal(when[1], utc(2027, 10, 31, 1, 30));
	/* mktime() puts 02:30 in the gap at 03:30 summer time. */
	assert_int_equal(tzone_mktime(z, &gap, -1), utc(2027, 3, 28, 1, 30));
	assert_int_equal(tzone_mktime(z, &twice, -1), when[0]);
	assert_int_equal(tzone_mktime(z, &twice, 0), when[1]);
	/* Midnight on January 1 read as summer time is 23:00 before. */
	assert_int_equal(tzone_mktime(z, &winter, 1), utc(2026, 12, 31, 22, 0));
	tzone_civil(z, utc(2027, 7, 1, 12, 0), &out, &off);
	assert_int_equal(off, 7200);
	assert_int_equal(out.hour, 14);
	/* Beyond the stored transitions, the rule carries on. */
	assert_int_equal(tzone_offset(z, utc(2150, 7, 1, 0, 0)), 7200);
	assert_int_equal(tzone_offset(z, utc(2150, 12, 1, 0, 0)), 3600);
	/* Before the first transition: local mean time, +0:53:28. */
	assert_int_equal(tzone_offset(z, utc(1890, 1, 1, 0, 0)), 3208);
	tzone_free(z);
}

/* A 30 minute change (Lord Howe Island) and a zone without changes. */
static void test_others(void **state)
{
	struct tzone *z = NULL;
	struct error err = ERROR_INIT;
	struct civil c = {2027, 10, 3, 2, 10, 0};
	int64_t when[TZONE_MAX_RESOLVE], gap_end;

	assert_int_equal(tzone_load("Australia/Lord_Howe", &z, &err), 0);
	assert_int_equal(tzone_resolve(z, &c, when, &gap_end), 0);
	assert_int_equal(gap_end, utc(2027, 10, 2, 15, 30));
	tzone_free(z);
	z = tzone_new_utc();
	assert_int_equal(tzone_resolve(z, &c, when, &gap_end), 1);
	assert_int_equal(when[0], civil_to_seconds(&c));
	tzone_free(z);
	tzone_free(NULL);
}

/* The local zone follows TZ the way glibc does. */
static void test_local(void **state)
{
	struct tzone *z = NULL;
	struct error err = ERROR_INIT;
	const char *old = getenv("TZ");
	char *saved = old ? strdup(old) : NULL;

	setenv("TZ", ":America/New_York", 1);
	assert_int_equal(tzone_load_local(&z, &err), 0);
	assert_int_equal(tzone_offset(z, utc(2027, 1, 1, 0, 0)), -18000);
	tzone_free(z);
	setenv("TZ", "<+0530>-5:30", 1);
	assert_int_equal(tzone_load_local(&z, &err), 0);
	assert_int_equal(tzone_offset(z, 0), 19800);
	tzone_free(z);
	setenv("TZ", "nonsense", 1);
	assert_int_equal(tzone_load_local(&z, &err), 0);
	assert_int_equal(tzone_offset(z, 0), 0);
	tzone_free(z);
	setenv("TZ", "/usr/share/zoneinfo/Asia/Tokyo", 1);
	assert_int_equal(tzone_load_local(&z, &err), 0);
	assert_int_equal(tzone_offset(z, 0), 32400);
	tzone_free(z);
	setenv("TZ", "right/UTC", 1);
	assert_int_equal(tzone_load_local(&z, &err), -1);
	error_release(&err);
	if (saved) {
		setenv("TZ", saved, 1);
		free(saved);
	} else {
		unsetenv("TZ");
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tzif),
		cmocka_unit_test(test_tzif_bad),
		cmocka_unit_test(test_tzone_refused),
		cmocka_unit_test(test_tzone_built),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_unknown),
		cmocka_unit_test(test_berlin),
		cmocka_unit_test(test_others),
		cmocka_unit_test(test_local),
	};

	return cmocka_run_group_tests_name("tzone", tests, NULL, NULL);
}
