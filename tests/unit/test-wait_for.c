/*
 * test-wait_for.c - unit tests for modules/wait_for.c: the arguments it
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
	{"wait_for: {port: 8080, timeout: 2m}", NULL},
	{"wait_for: {port: 22, host: 10.0.0.1, state: stopped}", NULL},
	{"wait_for: {path: /run/ready, state: present, delay: 5s}", NULL},
	{"wait_for: {command: \"acme status\", retries: 10}", NULL},
	{"wait_for: {timeout: 1m}",
	 "p.yml:3:5: wait_for: needs one of port, path or command"},
	{"wait_for: {port: 70000}",
	 "p.yml:3:22: wait_for: 'port' must be between 1 and 65535, not 70000"},
	{"wait_for: {path: /x, host: y}",
	 "p.yml:3:32: wait_for: 'host' goes only with 'port'"},
	{"wait_for: {port: 22, state: present}",
	 "p.yml:3:33: wait_for: a port is 'started' or 'stopped', not "
	 "'present'"},
	{"wait_for: {path: /x, state: started}",
	 "p.yml:3:33: wait_for: a path is 'present' or 'absent', not "
	 "'started'"},
	{"wait_for: {command: x, state: started}",
	 "p.yml:3:35: wait_for: 'state' does not go with 'command'"},
};

/* Valid arguments load; each mistake is refused where it is. */
static void test_arguments(void **state)
{
	CHECK_TASK_CASES(cases);
	assert_ptr_equal(module_find("wait_for"), &module_wait_for);
	assert_non_null(module_wait_for.validate);
	assert_false(module_wait_for.flags & MODULE_PENDING);
	assert_non_null(module_wait_for.probe);
	assert_non_null(module_wait_for.apply);
	assert_non_null(module_wait_for.describe);
}

/* Describe: what is waited for, how often. */
static void test_describe(void **state)
{
	assert_describe(&module_wait_for,
			"{\"port\": 8080, \"timeout\": \"10s\", \"delay\": 2}",
			"{}",
			"wait for port 127.0.0.1:8080 started (6 tries, 2s "
			"apart); changes nothing\n");
	assert_describe(&module_wait_for,
			"{\"path\": \"/run/x\", \"state\": \"absent\", "
			"\"retries\": 3}",
			"{}",
			"wait for path /run/x absent (4 tries, 1s apart); "
			"changes nothing\n");
	assert_null(module_wait_for.revert);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_arguments),
		cmocka_unit_test(test_describe),
	};

	return cmocka_run_group_tests_name("wait_for", tests, NULL, NULL);
}
