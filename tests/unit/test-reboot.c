/*
 * test-reboot.c - unit tests for modules/reboot.c: the arguments it
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
	{"reboot:", NULL},
	{"reboot: {timeout: 10m, test_command: \"systemctl "
	 "is-system-running\"}",
	 NULL},
	{"reboot: {timeout: forever}",
	 "p.yml:3:23: reboot: 'timeout' must be a duration such as 30s, 5m or "
	 "1h, not 'forever'"},
	{"reboot: {wait: 1}", "p.yml:3:14: reboot: unknown argument 'wait'"},
};

/* Valid arguments load; each mistake is refused where it is. */
static void test_arguments(void **state)
{
	CHECK_TASK_CASES(cases);
	assert_ptr_equal(module_find("reboot"), &module_reboot);
	assert_non_null(module_reboot.validate);
	assert_false(module_reboot.flags & MODULE_PENDING);
	assert_non_null(module_reboot.probe);
	assert_non_null(module_reboot.apply);
	assert_non_null(module_reboot.describe);
}

/* Describe says it cannot be undone. */
static void test_describe(void **state)
{
	assert_describe(&module_reboot, "{\"timeout\": \"2m\"}",
			"{\"boot_id\": \"x\"}",
			"reboot and wait up to 120s for a new boot id "
			"(irreversible)\n");
	assert_null(module_reboot.revert);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_arguments),
		cmocka_unit_test(test_describe),
	};

	return cmocka_run_group_tests_name("reboot", tests, NULL, NULL);
}
