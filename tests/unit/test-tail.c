/*
 * test-tail.c - unit tests for orchestrator/transport/tail.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "transport/tail.h"

/* Output under the limit is kept whole and not marked cut. */
static void test_under_limit(void **state)
{
	struct tail t = TAIL_INIT(16);
	size_t len;

	tail_add(&t, "hello ", 6);
	tail_add(&t, "world", 5);
	assert_string_equal(tail_data(&t, &len), "hello world");
	assert_int_equal(len, 11);
	assert_int_equal(t.total, 11);
	assert_false(tail_cut(&t));
	tail_release(&t);
}

/* Exactly the limit is not a cut. */
static void test_exact_limit(void **state)
{
	struct tail t = TAIL_INIT(4);

	tail_add(&t, "ab", 2);
	tail_add(&t, "cd", 2);
	assert_string_equal(tail_data(&t, NULL), "abcd");
	assert_false(tail_cut(&t));
	tail_release(&t);
}

/* Many small chunks keep the newest bytes and count all of them. */
static void test_small_chunks(void **state)
{
	struct tail t = TAIL_INIT(10);
	char c;
	int i;

	for (i = 0; i < 1000; i++) {
		c = (char)('a' + i % 26);
		tail_add(&t, &c, 1);
		assert_true(t.data.len < 2 * 10);
	}
	/* i = 990..999 give letters 990%26=2 ('c') .. 999%26=11 ('l'). */
	assert_string_equal(tail_data(&t, NULL), "cdefghijkl");
	assert_int_equal(t.total, 1000);
	assert_true(tail_cut(&t));
	tail_release(&t);
}

/* One chunk larger than the limit keeps its end. */
static void test_big_chunk(void **state)
{
	struct tail t = TAIL_INIT(3);

	tail_add(&t, "xy", 2);
	tail_add(&t, "0123456789", 10);
	assert_string_equal(tail_data(&t, NULL), "789");
	assert_int_equal(t.total, 12);
	assert_true(tail_cut(&t));
	tail_release(&t);
}

/* Binary output, NUL bytes included, is kept byte for byte. */
static void test_binary(void **state)
{
	struct tail t = TAIL_INIT(4);
	size_t len;
	const char *d;

	tail_add(&t, "\0\1\2\3\4\5", 6);
	d = tail_data(&t, &len);
	assert_int_equal(len, 4);
	assert_memory_equal(d, "\2\3\4\5", 4);
	tail_release(&t);
}

/* A limit of zero keeps nothing but still counts. */
static void test_zero_limit(void **state)
{
	struct tail t;
	size_t len;

	tail_init(&t, 0);
	tail_add(&t, "abc", 3);
	assert_string_equal(tail_data(&t, &len), "");
	assert_int_equal(len, 0);
	assert_true(tail_cut(&t));
	tail_release(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_under_limit),
		cmocka_unit_test(test_exact_limit),
		cmocka_unit_test(test_small_chunks),
		cmocka_unit_test(test_big_chunk),
		cmocka_unit_test(test_binary),
		cmocka_unit_test(test_zero_limit),
	};

	return cmocka_run_group_tests_name("tail", tests, NULL, NULL);
}
