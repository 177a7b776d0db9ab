/*
 * test-command.c - unit tests for modules/command.c: the arguments it
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
	{"command: systemctl is-active acme-agent", NULL},
	{"command: {argv: [/bin/true, -x], creates: /tmp/x, chdir: /}", NULL},
	{"command: {cmd: ls, removes: /tmp/y}", NULL},
	{"command: \"  \"", "p.yml:3:14: command: the command line is empty"},
	{"command: {cmd: ls, argv: [ls]}",
	 "p.yml:3:30: command: give either 'cmd' or 'argv', not both"},
	{"command: {creates: /x}",
	 "p.yml:3:5: command: needs one of cmd or argv"},
	{"command: {argv: []}", "p.yml:3:21: command: 'argv' must be a "
				"non-empty list of strings, not a list"},
	{"command: {argv: [ls, 1]}", "p.yml:3:26: command: items of 'argv' "
				     "must be strings, not an integer"},
	{"command: {cmd: ls, creates: tmp/x}",
	 "p.yml:3:33: command: 'creates' must be an absolute path, not "
	 "'tmp/x'"},
	{"command: {cmd: ls, chdri: /}",
	 "p.yml:3:24: command: unknown argument 'chdri'; did you mean "
	 "'chdir'?"},
	{"command: [ls]", "p.yml:3:14: command: arguments must be a mapping of "
			  "name: value, not a list"},
};

/* Valid arguments load; each mistake is refused where it is. */
static void test_arguments(void **state)
{
	CHECK_TASK_CASES(cases);
	assert_ptr_equal(module_find("command"), &module_command);
	assert_non_null(module_command.validate);
	assert_false(module_command.flags & MODULE_PENDING);
	assert_non_null(module_command.probe);
	assert_non_null(module_command.apply);
	assert_non_null(module_command.describe);
}

/* Describe shows the argv as the host gets it, or why it is skipped. */
static void test_describe(void **state)
{
	assert_describe(&module_command,
			"{\"argv\": [\"printf\", \"%s\", \"a'b; $(x)\"]}",
			"{\"skip\": false}",
			"run: printf %s 'a'\\''b; $(x)'\n");
	assert_describe(&module_command, "\"echo 'one word' \\\"two\\\"\"",
			"{\"skip\": false}", "run: echo 'one word' two\n");
	assert_describe(&module_command,
			"{\"cmd\": \"touch /x\", \"creates\": \"/x\"}",
			"{\"skip\": true, \"because\": \"creates\"}",
			"skip: creates /x exists\n");
}

/* Without a rollback: a command task is irreversible; with one, not. */
static void test_irreversible(void **state)
{
	struct playbook *pb = load_playbook(
		"hosts: all\ntasks:\n  - command: ls\n  - command: touch /x\n"
		"    rollback: rm -f /x\n  - package: {name: a}\n  - "
		"reboot:\n");

	assert_true(module_task_irreversible(&pb->plays[0].tasks[0]));
	assert_false(module_task_irreversible(&pb->plays[0].tasks[1]));
	assert_false(module_task_irreversible(&pb->plays[0].tasks[2]));
	assert_true(module_task_irreversible(&pb->plays[0].tasks[3]));
	playbook_free(pb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_arguments),
		cmocka_unit_test(test_describe),
		cmocka_unit_test(test_irreversible),
	};

	return cmocka_run_group_tests_name("command", tests, NULL, NULL);
}
