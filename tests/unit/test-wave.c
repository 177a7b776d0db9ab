/*
 * test-wave.c - unit tests for orchestrator/wave.c.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "wave.h"

/* Without groups, waves are consecutive slices of the order. */
static void test_no_groups(void **state)
{
	size_t sizes[] = {1, 2, 3};
	size_t *wave = NULL, *order = NULL;
	size_t want[] = {0, 1, 1, 2, 2, 2};
	size_t i;

	assert_int_equal(wave_plan(6, sizes, 3, NULL, &wave, &order), 0);
	for (i = 0; i < 6; i++) {
		assert_int_equal(wave[i], want[i]);
		assert_int_equal(order[i], i);
	}
	free(wave);
	free(order);
}

/* Sizes that do not add up are refused. */
static void test_bad_sizes(void **state)
{
	size_t sizes[] = {1, 2};
	size_t *wave = NULL, *order = NULL;

	assert_int_equal(wave_plan(4, sizes, 2, NULL, &wave, &order), -1);
	assert_null(wave);
	assert_null(order);
}

/* Racks listed one after the other are spread over every wave: no wave
 * takes more than ceil(its share) of any rack. */
static void test_spread_by_rack(void **state)
{
	const char *rack[12] = {"a", "a", "a", "a", "a", "a",
				"b", "b", "b", "c", "c", "c"};
	size_t sizes[] = {1, 3, 8};
	size_t *wave = NULL, *order = NULL;
	size_t count[3][3] = {{0}};
	size_t i, w;

	assert_int_equal(wave_plan(12, sizes, 3, rack, &wave, &order), 0);
	for (i = 0; i < 12; i++)
		count[wave[i]][rack[i][0] - 'a']++;
	/* The canary comes from the biggest rack, first in order. */
	assert_int_equal(wave[0], 0);
	/* Wave 2 (3 hosts) takes one host of each rack. */
	assert_int_equal(count[1][0], 1);
	assert_int_equal(count[1][1], 1);
	assert_int_equal(count[1][2], 1);
	for (w = 0; w < 3; w++) {
		size_t total = 0;

		for (i = 0; i < 3; i++)
			total += count[w][i];
		assert_int_equal(total, sizes[w]);
	}
	/* Within a rack, hosts keep their order. */
	for (i = 1; i < 6; i++)
		assert_true(wave[i] >= wave[i - 1]);
	free(wave);
	free(order);
}

/* Hosts without the group variable form a group of their own. */
static void test_ungrouped(void **state)
{
	const char *rack[4] = {NULL, NULL, "x", "x"};
	size_t sizes[] = {2, 2};
	size_t *wave = NULL, *order = NULL;

	assert_int_equal(wave_plan(4, sizes, 2, rack, &wave, &order), 0);
	assert_int_not_equal(wave[0], wave[1]);
	assert_int_not_equal(wave[2], wave[3]);
	free(wave);
	free(order);
}

/* No hosts, no waves. */
static void test_empty(void **state)
{
	size_t *wave = NULL, *order = NULL;

	assert_int_equal(wave_plan(0, NULL, 0, NULL, &wave, &order), 0);
	free(wave);
	free(order);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_groups),
		cmocka_unit_test(test_bad_sizes),
		cmocka_unit_test(test_spread_by_rack),
		cmocka_unit_test(test_ungrouped),
		cmocka_unit_test(test_empty),
	};

	return cmocka_run_group_tests_name("wave", tests, NULL, NULL);
}
