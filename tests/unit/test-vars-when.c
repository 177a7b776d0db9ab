/*
 * test-vars-when.c - unit tests for orchestrator/lang/vars-when.c: when
 * conditions.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "helpers.h"
#include "vars-helpers.h"
#include "lang/vars.h"

/* when: truthy strings, comparisons, undefined and non-boolean values. */
static void test_when(void **state)
{
	struct playbook *pb = load_playbook(
		"hosts: all\n"
		"tasks:\n"
		"  - {command: a, when: [yes_s, not no_s, tier == 'web', "
		"n == 3, n != '4', true]}\n"
		"  - {command: a, when: missing}\n"
		"  - {command: a, when: word}\n"
		"  - {command: a, when: [no_s, missing]}\n");
	struct vars *v = vars_of("yes_s: 'Yes'\nno_s: 'off'\ntier: web\n"
				 "n: '3'\nword: maybe\n");
	struct error err = ERROR_INIT;
	const struct task *t = pb->plays[0].tasks;
	int holds = -1;

	assert_int_equal(vars_when(v, t[0].when, t[0].n_when, &holds, &err), 0);
	assert_int_equal(holds, 1);
	assert_int_equal(vars_when(v, t[1].when, t[1].n_when, &holds, &err),
			 -1);
	assert_string_equal(err.message, "undefined variable 'missing' in "
					 "'when'");
	assert_int_equal(err.line, 4);
	assert_int_equal(err.column, 24);
	error_release(&err);
	assert_int_equal(vars_when(v, t[2].when, t[2].n_when, &holds, &err),
			 -1);
	assert_string_equal(err.message, "'when: word' needs true or false, "
					 "and 'word' is 'maybe'");
	error_release(&err);
	/* The first false condition stops before the undefined one. */
	assert_int_equal(vars_when(v, t[3].when, t[3].n_when, &holds, &err), 0);
	assert_int_equal(holds, 0);
	vars_free(v);
	playbook_free(pb);
}

/* Facts: keys through brackets, is defined, comparisons by order, and
 * what an undefined fact says with and without gathered facts. */
static void test_when_facts(void **state)
{
	struct playbook *pb = load_playbook(
		"hosts: all\n"
		"tasks:\n"
		"  - {command: a, when: ['facts.os.codename == \"bookworm\"', "
		"'facts.packages[\"acme-agent\"] == \"1.1\"', "
		"'facts.memory_mb >= 512', 'facts.cpu.count < 3', "
		"'facts.packages[\"nope\"] is not defined', "
		"'facts.os is defined']}\n"
		"  - {command: a, when: 'facts.memory_mb > 4096'}\n"
		"  - {command: a, when: 'facts.os.nope == 1'}\n"
		"  - {command: a, when: 'facts.os.codename > 3'}\n"
		"  - {command: a, when: 'mem <= 512'}\n");
	struct vars *v =
		vars_of("facts: {os: {codename: bookworm}, memory_mb: 1024, "
			"cpu: {count: 2}, packages: {acme-agent: '1.1'}}\n"
			"mem: '512'\n");
	struct vars *none = vars_of("x: 1\n");
	struct error err = ERROR_INIT;
	const struct task *t = pb->plays[0].tasks;
	int holds = -1;

	assert_int_equal(vars_when(v, t[0].when, t[0].n_when, &holds, &err), 0);
	assert_int_equal(holds, 1);
	assert_int_equal(vars_when(v, t[1].when, t[1].n_when, &holds, &err), 0);
	assert_int_equal(holds, 0);
	assert_int_equal(vars_when(v, t[2].when, t[2].n_when, &holds, &err),
			 -1);
	assert_string_equal(err.message,
			    "undefined fact 'facts.os.nope' in 'when' (the "
			    "host's facts have no such key; 'when: "
			    "facts.os.nope is defined' tests for it)");
	assert_int_equal(err.line, 5);
	error_release(&err);
	assert_int_equal(vars_when(none, t[2].when, t[2].n_when, &holds, &err),
			 -1);
	assert_string_equal(err.message,
			    "'when' reads 'facts.os.nope', and the play "
			    "gathers no facts: give it 'facts: true' or run "
			    "with --facts");
	error_release(&err);
	assert_int_equal(vars_when(v, t[3].when, t[3].n_when, &holds, &err),
			 -1);
	assert_string_equal(err.message,
			    "'when' compares 'facts.os.codename' by order, "
			    "and its value 'bookworm' is no number");
	error_release(&err);
	/* A number given as a string (-e, INI) compares as the number. */
	assert_int_equal(vars_when(v, t[4].when, t[4].n_when, &holds, &err), 0);
	assert_int_equal(holds, 1);
	vars_free(v);
	vars_free(none);
	playbook_free(pb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_when),
		cmocka_unit_test(test_when_facts),
	};

	return cmocka_run_group_tests_name("vars-when", tests, NULL, NULL);
}
