/*
 * test-module-run.c - unit tests for orchestrator/module-run.c: reading a
 * module's substituted arguments and naming its backup directory.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "modules/module-run.h"

/* Arguments come typed, or as strings from a substitution. */
static void test_args(void **state)
{
	json_t *args = json_loads(
		"{\"s\": \"x\", \"b\": true, \"bs\": \"no\", \"i\": 7, "
		"\"is\": \"42\", \"bad\": \"4x\", \"d\": \"2m\", \"dn\": 30, "
		"\"n\": null}",
		0, NULL);
	json_t *line = json_string("ls -l");

	assert_string_equal(module_arg_str(args, "s", NULL), "x");
	assert_string_equal(module_arg_str(args, "n", "def"), "def");
	assert_null(module_arg_str(line, "s", NULL));
	assert_int_equal(module_arg_bool(args, "b", 0), 1);
	assert_int_equal(module_arg_bool(args, "bs", 1), 0);
	assert_int_equal(module_arg_bool(args, "missing", 1), 1);
	assert_int_equal(module_arg_int(args, "i", 0), 7);
	assert_int_equal(module_arg_int(args, "is", 0), 42);
	assert_int_equal(module_arg_int(args, "bad", -1), -1);
	assert_int_equal(module_arg_secs(args, "d", 0), 120);
	assert_int_equal(module_arg_secs(args, "dn", 0), 30);
	assert_int_equal(module_arg_secs(args, "s", 5), 5);
	json_decref(args);
	json_decref(line);
}

/* The backup directory is unique to run, host and task. */
static void test_backup_dir(void **state)
{
	struct module_run run;
	char *dir;

	module_run_init(&run, NULL, "web1", "20261123-1", 2, 0, 0);
	assert_null(run.rollback);
	assert_null(run.reconnect);
	dir = module_backup_dir(&run);
	assert_string_equal(dir,
			    "/var/lib/crest/backup/20261123-1/web1/task-3");
	free(dir);
	module_run_release(&run);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_args),
		cmocka_unit_test(test_backup_dir),
	};

	return cmocka_run_group_tests_name("module-run", tests, NULL, NULL);
}
