/*
 * test-error.c - unit tests for orchestrator/base/error.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "base/error.h"

/* An error from input is formatted as file:line:column: message. */
static void test_position(void **state)
{
	struct error e = ERROR_INIT;
	struct buf b = BUF_INIT;

	assert_int_equal(error_set_at(&e, ERROR_INVALID, "site.yml", 3, 5,
				      "unknown key '%s'", "wavez"),
			 -1);
	error_format(&e, &b);
	assert_string_equal(b.data, "site.yml:3:5: unknown key 'wavez'");
	assert_int_equal(error_exit_code(&e), CREST_EXIT_INVALID);
	buf_release(&b);
	error_release(&e);
	assert_null(e.message);
	assert_null(e.file);
}

/* A later error replaces an earlier one, position included. */
static void test_replace(void **state)
{
	struct error e = ERROR_INIT;
	struct buf b = BUF_INIT;

	error_set_at(&e, ERROR_INVALID, "a.yml", 1, 1, "first");
	error_set(&e, ERROR_UNREACHABLE, "connection refused");
	error_format(&e, &b);
	assert_string_equal(b.data, "connection refused");
	assert_int_equal(e.line, 0);
	assert_int_equal(error_exit_code(&e), CREST_EXIT_FAILED);
	assert_string_equal(error_kind_name(e.kind), "unreachable");
	buf_release(&b);
	error_release(&e);
}

/* A prefix adds context and keeps the position. */
static void test_prefix(void **state)
{
	struct error e = ERROR_INIT;
	struct buf b = BUF_INIT;

	error_set_at(&e, ERROR_INVALID, "inv.ini", 7, 2, "bad range");
	error_prefix(&e, "host %s", "web[1:x]");
	error_format(&e, &b);
	assert_string_equal(b.data, "inv.ini:7:2: host web[1:x]: bad range");
	buf_release(&b);
	error_release(&e);
	error_release(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_position),
		cmocka_unit_test(test_replace),
		cmocka_unit_test(test_prefix),
	};

	return cmocka_run_group_tests_name("error", tests, NULL, NULL);
}
