/*
 * test-vars-check.c - unit tests for orchestrator/lang/vars-check.c:
 * a task's conditions, arguments and rollback line against a host's
 * variables.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "helpers.h"
#include "base/xmalloc.h"
#include "lang/vars-check.h"

/* The playbook of these tests: each task uses one variable in one place. */
static const char playbook_text[] = "hosts: all\n"
				    "tasks:\n"
				    "  - command: echo {{ in_args }}\n"
				    "  - command: echo hi\n"
				    "    when: in_when\n"
				    "  - shell: touch /tmp/x\n"
				    "    rollback: rm -f {{ in_rollback }}\n";

/* Checks task i with the variables of -e arg (NULL: none); returns the
 * error message, or NULL when it passes (caller frees). */
static char *check(const struct playbook *pb, size_t i, const char *arg)
{
	struct error err = ERROR_INIT;
	struct vars *v = vars_new();
	struct buf b = BUF_INIT;
	char *msg = NULL;

	if (arg && vars_add_extra(v, arg, &err) < 0)
		fail_msg("-e %s: %s", arg, err.message);
	if (vars_check_task(v, &pb->plays[0].tasks[i], &err) < 0) {
		error_format(&err, &b);
		msg = buf_detach(&b, NULL);
	}
	error_release(&err);
	vars_free(v);
	return msg;
}

/* Each place a task uses a variable is checked, and passes once the
 * variable is defined. */
static void test_each_place(void **state)
{
	static const struct {
		const char *var;
		const char *want;
	} cases[] = {
		{"in_args", "p.yml:3:14: undefined variable 'in_args'"},
		{"in_when", "p.yml:5:11: undefined variable 'in_when' in "
			    "'when'"},
		{"in_rollback", "p.yml:6:5: undefined variable 'in_rollback'"},
	};
	struct playbook *pb = load_playbook(playbook_text);
	size_t i;
	char *got, *arg;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		got = check(pb, i, NULL);
		assert_non_null(got);
		if (strcmp(got, cases[i].want) != 0)
			fail_msg("task %zu: got '%s', want '%s'", i, got,
				 cases[i].want);
		free(got);
		arg = xasprintf("%s=1", cases[i].var);
		assert_null(check(pb, i, arg));
		free(arg);
	}
	playbook_free(pb);
	(void)state;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_each_place),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
