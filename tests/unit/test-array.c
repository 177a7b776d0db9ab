/*
 * test-array.c - unit tests for orchestrator/base/array.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>

#include <cmocka.h>

#include "base/array.h"

/* Pushing one at a time keeps every item, also after shrinking. */
static void test_grow(void **state)
{
	int *v = NULL;
	size_t n = 0, i;

	for (i = 0; i < 100000; i++) {
		v = array_grow(v, n, sizeof(*v));
		v[n++] = (int)i;
	}
	for (i = 0; i < n; i++)
		assert_int_equal(v[i], (int)i);
	n = 5;
	for (i = 0; i < 100; i++) {
		v = array_grow(v, n, sizeof(*v));
		v[n++] = -1;
	}
	assert_int_equal(v[4], 4);
	assert_int_equal(v[104], -1);
	free(v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_grow),
	};

	return cmocka_run_group_tests_name("array", tests, NULL, NULL);
}
