/*
 * test-buf.c - unit tests for orchestrator/base/buf.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "base/buf.h"

/* An initialised buf is an empty C string and owns nothing. */
static void test_init_is_empty(void **state)
{
	struct buf b = BUF_INIT;

	assert_int_equal(b.len, 0);
	assert_string_equal(b.data, "");
	buf_release(&b);
	assert_int_equal(b.alloc, 0);
}

/* Appends of every kind keep the content NUL-terminated. */
static void test_appends(void **state)
{
	struct buf b = BUF_INIT;

	buf_adds(&b, "wave ");
	buf_addf(&b, "%d of %d", 2, 4);
	buf_addch(&b, '!');
	buf_add(&b, "xyz", 2);
	assert_string_equal(b.data, "wave 2 of 4!xy");
	assert_int_equal(b.len, strlen("wave 2 of 4!xy"));
	buf_release(&b);
}

/* Growth past many pages keeps every byte. */
static void test_large_growth(void **state)
{
	struct buf b = BUF_INIT;
	size_t i;

	for (i = 0; i < 100000; i++)
		buf_addch(&b, 'a' + (int)(i % 26));
	assert_int_equal(b.len, 100000);
	assert_true(b.alloc > b.len);
	for (i = 0; i < 100000; i++)
		assert_int_equal(b.data[i], 'a' + (int)(i % 26));
	assert_int_equal(b.data[b.len], '\0');
	buf_release(&b);
}

/* Embedded NUL bytes are content like any other. */
static void test_binary_content(void **state)
{
	struct buf b = BUF_INIT;

	buf_add(&b, "a\0b", 3);
	assert_int_equal(b.len, 3);
	assert_memory_equal(b.data, "a\0b", 3);
	buf_release(&b);
}

/* Truncate and reset shorten without freeing. */
static void test_truncate_reset(void **state)
{
	struct buf b = BUF_INIT;

	buf_adds(&b, "rollback");
	buf_truncate(&b, 4);
	assert_string_equal(b.data, "roll");
	buf_truncate(&b, 100);
	assert_string_equal(b.data, "roll");
	buf_reset(&b);
	assert_string_equal(b.data, "");
	assert_true(b.alloc > 0);
	buf_release(&b);
}

/* Detach hands over the memory and leaves an empty buf. */
static void test_detach(void **state)
{
	struct buf b = BUF_INIT;
	size_t len;
	char *s;

	s = buf_detach(&b, &len);
	assert_string_equal(s, "");
	assert_int_equal(len, 0);
	free(s);
	buf_adds(&b, "host");
	s = buf_detach(&b, &len);
	assert_string_equal(s, "host");
	assert_int_equal(len, 4);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.alloc, 0);
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_is_empty),
		cmocka_unit_test(test_appends),
		cmocka_unit_test(test_large_growth),
		cmocka_unit_test(test_binary_content),
		cmocka_unit_test(test_truncate_reset),
		cmocka_unit_test(test_detach),
	};

	return cmocka_run_group_tests_name("buf", tests, NULL, NULL);
}
