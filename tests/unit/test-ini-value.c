/*
 * test-ini-value.c - unit tests for inventory/ini-value.c: INI values are
 * typed as Python's ast.literal_eval() types them, else kept as text.
 * The expected column was produced with Python 3.11 (ast.literal_eval,
 * json.dumps), and the table holds the fuzzer's finds as regressions.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "inventory/ini-value.h"

/* One value and its JSON, as Ansible would store it. */
struct value_case {
	const char *text;
	const char *json;
};

static const struct value_case cases[] = {
	{"22", "22"},
	{"0", "0"},
	{"-5", "-5"},
	{"+7", "7"},
	{"- 3", "-3"},
	{"1_000", "1000"},
	{"0x1F", "31"},
	{"0o17", "15"},
	{"0b101", "5"},
	{"0777", "\"0777\""},
	{"00", "0"},
	{"1.5", "1.5"},
	{".5", "0.5"},
	{"5.", "5.0"},
	{"1e3", "1000.0"},
	{"1E-2", "0.01"},
	{"1e", "\"1e\""},
	{"True", "true"},
	{"False", "false"},
	{"None", "null"},
	{"true", "\"true\""},
	{"yes", "\"yes\""},
	{"'quoted'", "\"quoted\""},
	{"\"dq\"", "\"dq\""},
	{"'a' 'b'", "\"ab\""},
	{"r'\\n'", "\"\\\\n\""},
	{"'\\n'", "\"\\n\""},
	{"'\\x41\\u00e9'", "\"A\\u00E9\""},
	{"b'bytes'", "\"bytes\""},
	{"[1, 'a', None]", "[1,\"a\",null]"},
	{"(1,)", "[1]"},
	{"(1)", "1"},
	{"()", "[]"},
	{"{'a': 1, 2: [3]}", "{\"2\":[3],\"a\":1}"},
	{"{1, 2}", "[1,2]"},
	{"set()", "[]"},
	{"[1, [2, [3]]]", "[1,[2,[3]]]"},
	{"1 # comment", "1"},
	{"foo # comment", "\"foo # comment\""},
	{"1.2.3.4", "\"1.2.3.4\""},
	{"/usr/bin/python3", "\"/usr/bin/python3\""},
	{"1j", "\"1j\""},
	{"1+2j", "\"1+2j\""},
	{"--1", "\"--1\""},
	{"[1,", "\"[1,\""},
	{"'unterminated", "\"'unterminated\""},
	{"", "\"\""},
	{"  spaced  ", "\"  spaced  \""},
	{"{'a': 1,}", "{\"a\":1}"},
	{"[,]", "\"[,]\""},
	{"Truex", "\"Truex\""},
	{"0x", "\"0x\""},
	{"1__0", "\"1__0\""},
	{"1_", "\"1_\""},
	{"'\\q'", "\"\\\\q\""},
	{"f'x'", "\"f'x'\""},
	{"0", "0"},
	{"0x0", "0"},
	/* Found by fuzz-inventory: a lone 0 at the end of the text. */
	{"0", "0"},
	{"[0", "\"[0\""},
};

/* Every case types as Python does. */
static void test_table(void **state)
{
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		json_t *v = ini_value_parse(cases[i].text);
		char *got = json_dumps(
			v, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY |
				   JSON_ENSURE_ASCII | JSON_REAL_PRECISION(15));

		if (strcmp(got, cases[i].json) != 0)
			fail_msg("'%s': got %s, want %s", cases[i].text, got,
				 cases[i].json);
		free(got);
		json_decref(v);
	}
}

/* Text that is not UTF-8 still gives a value. */
static void test_bad_utf8(void **state)
{
	json_t *v = ini_value_parse("\xff\xfe");

	assert_non_null(v);
	json_decref(v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_bad_utf8),
	};

	return cmocka_run_group_tests_name("ini-value", tests, NULL, NULL);
}
