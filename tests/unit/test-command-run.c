/*
 * test-command-run.c - unit tests for modules/command-run.c: splitting a
 * command line, the cd/env prefix, and the pieces command and shell
 * share (their line, a value as text, sh -c).
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

/* The line of either form; a value as a program gets it; sh -c. */
static void test_pieces(void **state)
{
	json_t *line = json_string("ls -l");
	json_t *map = json_loads("{\"cmd\": \"a | b\", \"n\": 7, "
				 "\"o\": {\"k\": true}}",
				 0, NULL);
	json_t *none = json_object();
	struct buf b = BUF_INIT;
	char *s;

	assert_string_equal(command_run_cmd(line), "ls -l");
	assert_string_equal(command_run_cmd(map), "a | b");
	assert_string_equal(command_run_cmd(none), "");
	s = command_run_text(json_object_get(map, "cmd"));
	assert_string_equal(s, "a | b");
	free(s);
	s = command_run_text(json_object_get(map, "n"));
	assert_string_equal(s, "7");
	free(s);
	s = command_run_text(json_object_get(map, "o"));
	assert_string_equal(s, "{\"k\": true}");
	free(s);
	command_run_sh("echo 'x' $y", &b);
	assert_string_equal(b.data, "sh -c 'echo '\\''x'\\'' $y'");
	buf_release(&b);
	json_decref(line);
	json_decref(map);
	json_decref(none);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_split),
		cmocka_unit_test(test_line),
		cmocka_unit_test(test_pieces),
	};

	return cmocka_run_group_tests_name("command-run", tests, NULL, NULL);
}
