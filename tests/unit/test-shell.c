/*
 * test-shell.c - unit tests for modules/shell.c: the arguments it
 * accepts and the exact error for each it refuses.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "helpers.h"
#include "modules/module.h"

static const struct task_case cases[] = {
	{"shell: \"systemctl daemon-reload && systemctl restart x\"", NULL},
	{"shell: {cmd: \"a | b\", creates: /x}", NULL},
	{"shell: \"\"", "p.yml:3:12: shell: the command line is empty"},
	{"shell: {creates: /x}",
	 "p.yml:3:5: shell: missing required argument 'cmd'"},
	{"shell: {cmd: 5}",
	 "p.yml:3:18: shell: 'cmd' must be a string; 5 is a number to YAML, "
	 "quote it (\"5\") to keep it as written"},
};

/* Valid arguments load; each mistake is refused where it is. */
static void test_arguments(void **state)
{
	CHECK_TASK_CASES(cases);
	assert_ptr_equal(module_find("shell"), &module_shell);
	assert_non_null(module_shell.validate);
	assert_false(module_shell.flags & MODULE_PENDING);
	assert_non_null(module_shell.probe);
	assert_non_null(module_shell.apply);
	assert_non_null(module_shell.describe);
}

/* Describe shows the line; env and timeout are accepted. */
static void test_describe(void **state)
{
	static const struct task_case more[] = {
		{"shell: {cmd: \"echo $A\", env: {A: x}, timeout: 30s}", NULL},
		{"shell: {cmd: x, env: {1A: x}}",
		 "p.yml:3:27: shell: 'env' names must be variable names "
		 "(letters, digits, _), not '1A'"},
		{"shell: {cmd: x, env: [a]}",
		 "p.yml:3:26: shell: 'env' must be a mapping of names to "
		 "strings, not a list"},
	};

	CHECK_TASK_CASES(more);
	assert_describe(&module_shell, "\"a | b\"", "{\"skip\": false}",
			"run: a | b\n");
	assert_describe(&module_shell, "{\"cmd\": \"x\", \"removes\": \"/y\"}",
			"{\"skip\": true, \"because\": \"removes\"}",
			"skip: removes /y does not exist\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_arguments),
		cmocka_unit_test(test_describe),
	};

	return cmocka_run_group_tests_name("shell", tests, NULL, NULL);
}
