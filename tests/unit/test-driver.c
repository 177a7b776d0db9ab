/*
 * test-driver.c - unit tests for modules/driver.c: the arguments it
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
	{"driver: {name: acme_nic, package: acme-nic-dkms, version: \"5.2.1\"}",
	 NULL},
	{"driver: {name: e1000e, package: e1000e, version: \"3.8\", reboot: "
	 "never}",
	 NULL},
	{"driver: {name: acme_nic, package: acme-nic-dkms}",
	 "p.yml:3:5: driver: missing required argument 'version'"},
	{"driver: {name: \"acme.nic\", package: p, version: \"1\"}",
	 "p.yml:3:20: driver: 'acme.nic' is not a kernel module name (letters, "
	 "digits, _ and -)"},
	{"driver: {name: x, package: p, version: \"1\", reboot: sometimes}",
	 "p.yml:3:57: driver: 'reboot' must be auto, always or never, not "
	 "'sometimes'"},
};

/* Valid arguments load; each mistake is refused where it is. */
static void test_arguments(void **state)
{
	CHECK_TASK_CASES(cases);
	assert_ptr_equal(module_find("driver"), &module_driver);
	assert_non_null(module_driver.validate);
	assert_true(module_driver.flags & MODULE_PENDING);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_arguments),
	};

	return cmocka_run_group_tests_name("driver", tests, NULL, NULL);
}
