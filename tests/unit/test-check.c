/*
 * test-check.c - unit tests for modules/check.c: the arguments it
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
	{"check: {http: \"http://127.0.0.1:8080/health\", status: 200, "
	 "retries: 5, delay: 2s}",
	 NULL},
	{"check: {port: 8080, host: 127.0.0.1}", NULL},
	{"check: {command: \"acme selftest\"}", NULL},
	{"check: {http: ftp://x}", "p.yml:3:19: check: 'http' must be an "
				   "http:// or https:// URL, not 'ftp://x'"},
	{"check: {command: x, status: 200}",
	 "p.yml:3:33: check: 'status' goes only with 'http'"},
	{"check: {http: \"http://x\", status: 700}",
	 "p.yml:3:39: check: 'status' must be between 100 and 599, not 700"},
	{"check: {retries: 2}",
	 "p.yml:3:5: check: needs one of command, port or http"},
};

/* Valid arguments load; each mistake is refused where it is. */
static void test_arguments(void **state)
{
	CHECK_TASK_CASES(cases);
	assert_ptr_equal(module_find("check"), &module_check);
	assert_non_null(module_check.validate);
	assert_false(module_check.flags & MODULE_PENDING);
	assert_non_null(module_check.probe);
	assert_non_null(module_check.apply);
	assert_non_null(module_check.describe);
}

/* Describe: what is checked. */
static void test_describe(void **state)
{
	assert_describe(&module_check,
			"{\"http\": \"http://127.0.0.1/h\", \"retries\": 2}",
			"{}",
			"check http://127.0.0.1/h answers 200 (2 retries); "
			"changes nothing\n");
	assert_describe(&module_check, "{\"port\": 22, \"host\": \"db\"}", "{}",
			"check port db:22 open (0 retries); changes nothing\n");
	assert_null(module_check.revert);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_arguments),
		cmocka_unit_test(test_describe),
	};

	return cmocka_run_group_tests_name("check", tests, NULL, NULL);
}
