/*
 * test-suggest.c - unit tests for orchestrator/base/suggest.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "base/suggest.h"

static const char *const keys[] = {"hosts",  "waves", "serial", "tasks",
				   "verify", "vars",  "window", NULL};

/* Distance counts insertions, deletions, substitutions and swaps. */
static void test_distance(void **state)
{
	assert_int_equal(suggest_distance("", ""), 0);
	assert_int_equal(suggest_distance("abc", "abc"), 0);
	assert_int_equal(suggest_distance("wavez", "waves"), 1);
	assert_int_equal(suggest_distance("hsots", "hosts"), 1);
	assert_int_equal(suggest_distance("task", "tasks"), 1);
	assert_int_equal(suggest_distance("kitten", "sitting"), 3);
}

/* Near misses are suggested, far ones are not. */
static void test_word(void **state)
{
	static const char *const states[] = {"started", "stopped", NULL};

	assert_string_equal(suggest_word("wavez", keys), "waves");
	assert_string_equal(suggest_word("hsots", keys), "hosts");
	assert_string_equal(suggest_word("veriyf", keys), "verify");
	assert_string_equal(suggest_word("start", states), "started");
	assert_null(suggest_word("frobnicate", keys));
	assert_null(suggest_word("x", keys));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_distance),
		cmocka_unit_test(test_word),
	};

	return cmocka_run_group_tests_name("suggest", tests, NULL, NULL);
}
