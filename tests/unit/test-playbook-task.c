/*
 * test-playbook-task.c - unit tests for orchestrator/lang/playbook-task.c:
 * a task's module and keys, verify checks, rollback lines, and the
 * conditions of when, with every error at its exact position.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "helpers.h"

/* What a malformed when condition is told, before what it was. */
#define WHEN_SYNTAX                                                            \
	"'when' must be NAME, not NAME, NAME is defined, NAME is not "         \
	"defined, or NAME OP VALUE with OP one of == != < <= > >= and VALUE "  \
	"a quoted string, a number, true or false; not "

/* Tasks: modules, conditions and the task keys. */
static void test_task_errors(void **state)
{
	assert_playbook_error("hosts: web\ntasks:\n  - name: nothing\n",
			      "p.yml:3:5: a task needs a module (command, "
			      "shell, package, copy, file, service, reboot, "
			      "wait_for, check, driver or os_upgrade)");
	assert_playbook_error("hosts: web\ntasks:\n  - command: ls\n"
			      "    shell: ls\n",
			      "p.yml:4:5: a task runs one module; this one has "
			      "'command' and 'shell'");
	assert_playbook_error("hosts: web\ntasks:\n  - ls\n",
			      "p.yml:3:5: a task is a mapping with a module "
			      "key, not a string");
	assert_playbook_error("hosts: web\ntasks:\n  - command: ls\n"
			      "    when: \"{{ go }}\"\n",
			      "p.yml:4:11: 'when' takes a variable name, not a "
			      "template: write 'when: NAME'");
	assert_playbook_error("hosts: web\ntasks:\n  - command: ls\n"
			      "    when: a ~ 1\n",
			      "p.yml:4:11: " WHEN_SYNTAX "'a ~ 1'");
	assert_playbook_error("hosts: web\ntasks:\n  - command: ls\n"
			      "    timeout: 40d\n",
			      "p.yml:4:14: 'timeout' must be a duration such "
			      "as 30s, 2m or 1h (at most 30 days), not '40d'");
	assert_playbook_error("hosts: web\ntasks:\n"
			      "  - package: {name: x}\n"
			      "    rollback: apt-get remove x\n",
			      "p.yml:4:5: 'package' takes no 'rollback' (it is "
			      "for command and shell; other modules revert on "
			      "their own or cannot be reverted)");
	assert_playbook_error("hosts: web\nverify:\n"
			      "  - service: {name: x, state: started}\n"
			      "tasks: []\n",
			      "p.yml:3:5: 'service' cannot be a verify check; "
			      "use check, command, shell or wait_for");
	assert_playbook_error(
		"hosts: web\nverify:\n"
		"  - command: ls\n    rollback: x\n"
		"tasks: []\n",
		"p.yml:4:5: a verify check changes nothing, so it "
		"has no rollback");
	assert_playbook_error("hosts: web\ntasks:\n"
			      "  - package: {name: x, verison: \"1\"}\n",
			      "p.yml:3:24: package: unknown argument "
			      "'verison'; did you mean 'version'?");
}

/* Only command and shell take a rollback line. */
static void test_rollback_modules(void **state)
{
	assert_playbook_error("hosts: web\ntasks:\n  - reboot:\n"
			      "    rollback: echo\n",
			      "p.yml:4:5: 'reboot' takes no 'rollback' (it is "
			      "for command and shell; other modules revert on "
			      "their own or cannot be reverted)");
}

/* The forms of when and what each reads into. */
static void test_conditions(void **state)
{
	struct playbook *pb = load_playbook(
		"hosts: web\ntasks:\n"
		"  - command: ls\n"
		"    when: [true, \"not   a.b\", \"x == \\\"y z\\\"\", "
		"\"n!=-4\", \"ok == False\", \" web.0 \"]\n"
		"  - command: ls\n"
		"    when: go\n");
	const struct task *t = &pb->plays[0].tasks[0];

	assert_int_equal(t->n_when, 6);
	assert_int_equal(t->when[0].kind, COND_CONSTANT);
	assert_true(json_is_true(t->when[0].value));
	assert_int_equal(t->when[1].kind, COND_FALSY);
	assert_string_equal(t->when[1].name, "a.b");
	assert_int_equal(t->when[2].kind, COND_EQUAL);
	assert_string_equal(t->when[2].name, "x");
	assert_string_equal(json_string_value(t->when[2].value), "y z");
	assert_int_equal(t->when[3].kind, COND_NOT_EQUAL);
	assert_int_equal(json_integer_value(t->when[3].value), -4);
	assert_int_equal(t->when[4].kind, COND_EQUAL);
	assert_true(json_is_false(t->when[4].value));
	assert_int_equal(t->when[5].kind, COND_TRUTHY);
	assert_string_equal(t->when[5].name, "web.0");
	assert_int_equal(t->when[5].at.line, 4);
	assert_int_equal(pb->plays[0].tasks[1].n_when, 1);
	assert_string_equal(pb->plays[0].tasks[1].when[0].name, "go");
	playbook_free(pb);
}

/* Conditions crest does not read. */
static void test_condition_errors(void **state)
{
	assert_playbook_error("hosts: web\ntasks:\n  - command: ls\n"
			      "    when: {a: 1}\n",
			      "p.yml:4:11: 'when' takes a condition or a list "
			      "of them, not a mapping");
	assert_playbook_error("hosts: web\ntasks:\n  - command: ls\n"
			      "    when: [[a]]\n",
			      "p.yml:4:12: 'when' takes a variable, not a "
			      "list");
	assert_playbook_error("hosts: web\ntasks:\n  - command: ls\n"
			      "    when: not a == 1\n",
			      "p.yml:4:11: " WHEN_SYNTAX "'not a == 1'");
	assert_playbook_error("hosts: web\ntasks:\n  - command: ls\n"
			      "    when: a == 1.5\n",
			      "p.yml:4:11: " WHEN_SYNTAX "'a == 1.5'");
	assert_playbook_error("hosts: web\ntasks:\n  - command: ls\n"
			      "    when: \"a == 'open\"\n",
			      "p.yml:4:11: " WHEN_SYNTAX "'a == 'open'");
	assert_playbook_error("hosts: web\ntasks:\n  - command: ls\n"
			      "    when: a > '1'\n",
			      "p.yml:4:11: 'when: a > '1'' compares with '>' "
			      "by order, which takes a number");
	assert_playbook_error("hosts: web\ntasks:\n  - command: ls\n"
			      "    when: a is undefined\n",
			      "p.yml:4:11: " WHEN_SYNTAX "'a is undefined'");
	assert_playbook_error("hosts: web\ntasks:\n  - command: ls\n"
			      "    when: a..b\n",
			      "p.yml:4:11: " WHEN_SYNTAX "'a..b'");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_task_errors),
		cmocka_unit_test(test_rollback_modules),
		cmocka_unit_test(test_conditions),
		cmocka_unit_test(test_condition_errors),
	};

	return cmocka_run_group_tests_name("playbook-task", tests, NULL, NULL);
}
