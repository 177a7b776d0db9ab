/*
 * test-quote.c - unit tests for orchestrator/transport/quote.c.
 *
 * Besides the exact text, each hostile value is handed to a real /bin/sh
 * inside "printf %s WORD", and what the shell prints must be the value's
 * bytes again: the proof that quoting round-trips, not just looks right.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "transport/quote.h"

/* Returns the quoted form of len bytes at s; caller frees. */
static char *quoted(const char *s, size_t len)
{
	struct buf b = BUF_INIT;
	struct error err = ERROR_INIT;

	assert_int_equal(quote_sh(&b, s, len, &err), 0);
	assert_null(err.message);
	return buf_detach(&b, NULL);
}

/* Runs "printf %s WORD" in /bin/sh and checks it prints exactly s. */
static void assert_round_trip(const char *s, size_t len)
{
	struct buf cmd = BUF_INIT, got = BUF_INIT;
	char chunk[256];
	size_t n;
	FILE *p;
	char *q = quoted(s, len);

	buf_adds(&cmd, "printf %s ");
	buf_adds(&cmd, q);
	free(q);
	p = popen(cmd.data, "r");
	assert_non_null(p);
	while ((n = fread(chunk, 1, sizeof(chunk), p)) > 0)
		buf_add(&got, chunk, n);
	assert_int_equal(pclose(p), 0);
	assert_int_equal(got.len, len);
	assert_memory_equal(got.data, s, len);
	buf_release(&cmd);
	buf_release(&got);
}

/* Words of plain characters stay bare and readable. */
static void test_plain_words(void **state)
{
	char *q = quoted("/usr/bin/acme-agent_2.0+deb1", 28);

	assert_string_equal(q, "/usr/bin/acme-agent_2.0+deb1");
	free(q);
	q = quoted("user@host:22,x%", 15);
	assert_string_equal(q, "user@host:22,x%");
	free(q);
}

/* The empty string is an empty word, not nothing. */
static void test_empty(void **state)
{
	char *q = quoted("", 0);

	assert_string_equal(q, "''");
	free(q);
	assert_round_trip("", 0);
}

/* Spaces and '=' and '~' are quoted (word splitting, assignment, tilde). */
static void test_specials_quoted(void **state)
{
	char *q = quoted("a b", 3);

	assert_string_equal(q, "'a b'");
	free(q);
	q = quoted("X=1", 3);
	assert_string_equal(q, "'X=1'");
	free(q);
	q = quoted("~root", 5);
	assert_string_equal(q, "'~root'");
	free(q);
}

/* A single quote closes, escapes and reopens. */
static void test_single_quote(void **state)
{
	char *q = quoted("it's", 4);

	assert_string_equal(q, "'it'\\''s'");
	free(q);
	assert_round_trip("it's", 4);
	assert_round_trip("'", 1);
	assert_round_trip("''''", 4);
	assert_round_trip("'\\''", 4);
}

/* Command separators, substitutions and expansions stay literal. */
static void test_hostile(void **state)
{
	static const char *const values[] = {
		"; rm -rf /tmp/crest-quote-canary",
		"$(touch /tmp/crest-quote-canary)",
		"`touch /tmp/crest-quote-canary`",
		"${HOME} $HOME $0 $$ $? $# $* $@",
		"a && b || c | d & e > f < g",
		"*.conf ?[a-z]* {a,b}",
		"\\n \\\\ \\' \"double\" \\\"",
		"#comment",
		"-n",
		"x\ny\r\nz\t",
		"\n",
		"!event ^a^b^",
	};
	size_t i;

	unlink("/tmp/crest-quote-canary");
	for (i = 0; i < sizeof(values) / sizeof(values[0]); i++)
		assert_round_trip(values[i], strlen(values[i]));
	assert_int_equal(access("/tmp/crest-quote-canary", F_OK), -1);
}

/* Bytes that are not UTF-8, and control bytes, pass through unchanged. */
static void test_binary(void **state)
{
	static const char bytes[] = "\xff\xfe\x80\xc3\x28 \x01\x1b[31m\x7f";
	char all[255];
	size_t i;

	assert_round_trip(bytes, sizeof(bytes) - 1);
	for (i = 0; i < sizeof(all); i++)
		all[i] = (char)(i + 1);
	assert_round_trip(all, sizeof(all));
}

/* A NUL byte is refused, and nothing is appended. */
static void test_nul_refused(void **state)
{
	struct buf b = BUF_INIT;
	struct error err = ERROR_INIT;

	buf_adds(&b, "echo ");
	assert_int_equal(quote_sh(&b, "a\0b", 3, &err), -1);
	assert_int_equal(err.kind, ERROR_INVALID);
	assert_non_null(strstr(err.message, "NUL"));
	assert_string_equal(b.data, "echo ");
	error_release(&err);
	buf_release(&b);
}

/* An argument vector becomes words that sh splits back the same way. */
static void test_argv(void **state)
{
	char *argv[] = {"printf", "%s|", "a b", "it's", "", "$(id)", NULL};
	struct buf b = BUF_INIT, got = BUF_INIT;
	char chunk[128];
	size_t n;
	FILE *p;

	quote_sh_argv(&b, argv, 6);
	assert_string_equal(b.data, "printf '%s|' 'a b' 'it'\\''s' '' '$(id)'");
	p = popen(b.data, "r");
	assert_non_null(p);
	while ((n = fread(chunk, 1, sizeof(chunk), p)) > 0)
		buf_add(&got, chunk, n);
	assert_int_equal(pclose(p), 0);
	assert_string_equal(got.data, "a b|it's||$(id)|");
	buf_release(&b);
	buf_release(&got);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_words),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_specials_quoted),
		cmocka_unit_test(test_single_quote),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_binary),
		cmocka_unit_test(test_nul_refused),
		cmocka_unit_test(test_argv),
	};

	return cmocka_run_group_tests_name("quote", tests, NULL, NULL);
}
