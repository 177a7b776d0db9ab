/*
 * test-service.c - unit tests for modules/service.c: the arguments it
 * accepts and the exact error for each it refuses.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "helpers.h"
#include "module.h"

static const struct task_case cases[] = {
	{"service: {name: acme-agent, state: restarted}", NULL},
	{"service: {name: acme-agent, enabled: false}", NULL},
	{"service: {name: acme-agent}",
	 "p.yml:3:5: service: give 'state', 'enabled' or both"},
	{"service: {name: x, state: start}",
	 "p.yml:3:31: service: 'state' must be started, stopped, restarted or "
	 "reloaded, not 'start'; did you mean 'started'?"},
	{"service: {name: x, enabled: yes please}",
	 "p.yml:3:33: service: 'enabled' must be true or false, not a string"},
};

/* Valid arguments load; each mistake is refused where it is. */
static void test_arguments(void **state)
{
	CHECK_TASK_CASES(cases);
	assert_ptr_equal(module_find("service"), &module_service);
	assert_non_null(module_service.validate);
	assert_false(module_service.flags & MODULE_PENDING);
	assert_non_null(module_service.probe);
	assert_non_null(module_service.apply);
	assert_non_null(module_service.describe);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_arguments),
	};

	return cmocka_run_group_tests_name("service", tests, NULL, NULL);
}
