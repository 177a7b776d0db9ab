/*
 * test-strmap.c - unit tests for orchestrator/base/strmap.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cmocka.h>

#include "base/strmap.h"

/* Put, get, replace, and growth past many slots. */
static void test_map(void **state)
{
	struct strmap map = STRMAP_INIT;
	char key[32];
	uintptr_t i;

	assert_null(strmap_get(&map, "x"));
	assert_null(strmap_put(&map, "web", (void *)1));
	assert_ptr_equal(strmap_put(&map, "web", (void *)2), (void *)1);
	assert_ptr_equal(strmap_get(&map, "web"), (void *)2);
	assert_ptr_equal(strmap_getn(&map, "webserver", 3), (void *)2);
	assert_null(strmap_getn(&map, "we", 2));
	for (i = 1; i <= 10000; i++) {
		snprintf(key, sizeof(key), "host%lu", (unsigned long)i);
		strmap_put(&map, key, (void *)i);
	}
	assert_int_equal(map.count, 10001);
	for (i = 1; i <= 10000; i++) {
		snprintf(key, sizeof(key), "host%lu", (unsigned long)i);
		assert_ptr_equal(strmap_get(&map, key), (void *)i);
	}
	strmap_release(&map);
	assert_int_equal(map.count, 0);
	strmap_release(&map);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_map),
	};

	return cmocka_run_group_tests_name("strmap", tests, NULL, NULL);
}
