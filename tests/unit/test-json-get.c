/*
 * test-json-get.c - unit tests for orchestrator/base/json-get.c: a
 * member of the right type, else the fallback (missing, another type, an
 * object that is NULL or no object).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>

#include <cmocka.h>

#include "base/json-get.h"

/* Strings: the member, else the fallback, which may be NULL. */
static void test_str(void **state)
{
	json_t *o = json_pack("{s:s, s:s, s:i, s:n}", "host", "h1", "empty", "",
			      "task", 3, "error");
	json_t *a = json_pack("[s]", "host");

	(void)state;
	assert_string_equal(json_get_str(o, "host", NULL), "h1");
	assert_string_equal(json_get_str(o, "empty", "-"), "");
	assert_string_equal(json_get_str(o, "task", "-"), "-");
	assert_string_equal(json_get_str(o, "error", "none"), "none");
	assert_null(json_get_str(o, "missing", NULL));
	assert_string_equal(json_get_str(NULL, "host", "?"), "?");
	assert_string_equal(json_get_str(a, "host", "?"), "?");
	json_decref(a);
	json_decref(o);
}

/* Integers: the member, else the fallback; a real is no integer. */
static void test_int(void **state)
{
	json_t *o =
		json_pack("{s:I, s:f, s:s, s:i}", "big", (json_int_t)1 << 40,
			  "real", 2.5, "text", "7", "neg", -3);

	(void)state;
	assert_true(json_get_int(o, "big", 0) == (json_int_t)1 << 40);
	assert_int_equal(json_get_int(o, "neg", 0), -3);
	assert_int_equal(json_get_int(o, "real", -1), -1);
	assert_int_equal(json_get_int(o, "text", -1), -1);
	assert_int_equal(json_get_int(o, "missing", 42), 42);
	assert_int_equal(json_get_int(NULL, "big", 5), 5);
	json_decref(o);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_str),
		cmocka_unit_test(test_int),
	};

	return cmocka_run_group_tests_name("json-get", tests, NULL, NULL);
}
