/*
 * test-command-run.c - unit tests for modules/command-run.c: splitting a
 * command line and the cd/env prefix.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "modules/command-run.h"

/* Splitting a line as sh would, without expansion. */
static void test_split(void **state)
{
	struct error err = ERROR_INIT;
	size_t n;
	char **w =
		command_split("a 'b c' \"d \\\"e\\\" $f\" g\\ h ''", &n, &err);

	assert_non_null(w);
	assert_int_equal(n, 5);
	assert_string_equal(w[0], "a");
	assert_string_equal(w[1], "b c");
	assert_string_equal(w[2], "d \"e\" $f");
	assert_string_equal(w[3], "g h");
	assert_string_equal(w[4], "");
	assert_null(w[5]);
	command_words_free(w);
	assert_null(command_split("echo 'open", &n, &err));
	assert_int_equal(err.kind, ERROR_INVALID);
	error_release(&err);
}

/* chdir and env come before the command, each value quoted. */
static void test_line(void **state)
{
	json_t *args = json_loads("{\"chdir\": \"/srv/a b\", \"env\": {\"A\": "
				  "\"x y\", \"B\": \"$(z)\"}}",
				  0, NULL);
	struct buf b = BUF_INIT;

	command_line(args, "true", &b);
	assert_string_equal(b.data, "cd '/srv/a b' && env 'A=x y' 'B=$(z)' "
				    "true");
	buf_release(&b);
	json_decref(args);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_split),
		cmocka_unit_test(test_line),
	};

	return cmocka_run_group_tests_name("command-run", tests, NULL, NULL);
}
