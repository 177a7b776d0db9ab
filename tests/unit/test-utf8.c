/*
 * test-utf8.c - unit tests for orchestrator/base/utf8.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "base/utf8.h"

#define FFFD "\xef\xbf\xbd"

/* Returns the sanitized form of len bytes (a static buffer's content). */
static const char *clean(const char *s, size_t len, size_t *bad)
{
	static struct buf b = BUF_INIT;

	buf_release(&b);
	*bad = utf8_sanitize(&b, s, len);
	return b.data;
}

/* Valid text of every length class comes through unchanged. */
static void test_valid(void **state)
{
	static const char s[] = "ascii é € 𝄞 \xf4\x8f\xbf\xbf";
	size_t bad;

	assert_string_equal(clean(s, sizeof(s) - 1, &bad), s);
	assert_int_equal(bad, 0);
}

/* Each invalid byte becomes one U+FFFD; the rest is kept. */
static void test_invalid(void **state)
{
	size_t bad;

	assert_string_equal(clean("a\xff"
				  "b",
				  3, &bad),
			    "a" FFFD "b");
	assert_int_equal(bad, 1);
	/* A cut tail starting in the middle of a character. */
	assert_string_equal(clean("\x82\xac rest", 7, &bad), FFFD FFFD " rest");
	assert_int_equal(bad, 2);
	/* Truncated at the end. */
	assert_string_equal(clean("ok\xe2\x82", 4, &bad), "ok" FFFD FFFD);
	/* Overlong, surrogate, past U+10FFFF. */
	assert_string_equal(clean("\xc0\xaf", 2, &bad), FFFD FFFD);
	assert_string_equal(clean("\xed\xa0\x80", 3, &bad), FFFD FFFD FFFD);
	assert_string_equal(clean("\xf4\x90\x80\x80", 4, &bad),
			    FFFD FFFD FFFD FFFD);
	assert_string_equal(clean("\xe0\x80\x80", 3, &bad), FFFD FFFD FFFD);
}

/* NUL bytes are valid and kept. */
static void test_nul(void **state)
{
	struct buf b = BUF_INIT;

	assert_int_equal(utf8_sanitize(&b, "a\0b", 3), 0);
	assert_int_equal(b.len, 3);
	assert_memory_equal(b.data, "a\0b", 3);
	buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_invalid),
		cmocka_unit_test(test_nul),
	};

	return cmocka_run_group_tests_name("utf8", tests, NULL, NULL);
}
