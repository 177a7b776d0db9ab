/*
 * test-driver.c - unit tests for modules/driver.c: the arguments it
 * accepts and the exact error for each it refuses, the command lines it
 * sends (hostile names quoted), and what describe says for each state.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "modules/driver.h"
#include "helpers.h"
#include "modules/module.h"

static const struct task_case cases[] = {
	{"driver: {name: acme_nic, package: acme-nic-dkms, version: \"5.2.1\"}",
	 NULL},
	{"driver: {name: e1000e, package: e1000e, version: \"3.8\", reboot: "
	 "never, reload: always, reboot_timeout: 5m}",
	 NULL},
	{"driver: {name: x, package: p, version: \"1\", lock_timeout: 30s}",
	 NULL},
	{"driver: {name: acme_nic, package: acme-nic-dkms}",
	 "p.yml:3:5: driver: missing required argument 'version'"},
	{"driver: {name: \"acme.nic\", package: p, version: \"1\"}",
	 "p.yml:3:20: driver: 'acme.nic' is not a kernel module name (letters, "
	 "digits, _ and -)"},
	{"driver: {name: x, package: p, version: \"1\", reboot: sometimes}",
	 "p.yml:3:57: driver: 'reboot' must be if_needed or never, not "
	 "'sometimes'"},
	{"driver: {name: x, package: p, version: \"1\", reload: maybe}",
	 "p.yml:3:57: driver: 'reload' must be auto, always or never, not "
	 "'maybe'"},
};

/* Valid arguments load; each mistake is refused where it is. */
static void test_arguments(void **state)
{
	CHECK_TASK_CASES(cases);
	assert_ptr_equal(module_find("driver"), &module_driver);
	assert_non_null(module_driver.validate);
	assert_false(module_driver.flags & MODULE_PENDING);
	assert_non_null(module_driver.probe);
	assert_non_null(module_driver.apply);
	assert_non_null(module_driver.revert);
	assert_non_null(module_driver.describe);
}

/* The state, load and unload lines, a hostile name quoted. */
static void test_command_lines(void **state)
{
	struct buf b = BUF_INIT;

	driver_sh_load("acme_nic", &b);
	assert_string_equal(b.data, "modprobe acme_nic");
	buf_reset(&b);
	driver_sh_load("x'; rm -rf /; '", &b);
	assert_string_equal(b.data, "modprobe 'x'\\''; rm -rf /; '\\'''");
	buf_reset(&b);
	driver_sh_unload("acme_nic", &b);
	assert_string_equal(b.data, "n=acme_nic; if [ -d \"/sys/module/$n\" "
				    "]; then modprobe -r \"$n\"; fi");
	buf_reset(&b);
	driver_sh_state("$(reboot)", &b);
	assert_true(strncmp(b.data, "n='$(reboot)'; ", 15) == 0);
	assert_non_null(strstr(b.data, "cat \"/sys/module/$n/version\""));
	assert_non_null(strstr(b.data, "cat \"/sys/module/$n/refcnt\""));
	assert_non_null(strstr(b.data, "modinfo -F version \"$n\""));
	buf_release(&b);
}

#define ARGS "{\"name\": \"acme_nic\", \"package\": \"acme-nic-dkms\", "
#define PKG                                                                    \
	"\"package\": {\"manager\": \"apt\", \"backup\": \"/b\", "             \
	"\"packages\": [{\"name\": \"acme-nic-dkms\", \"state\": "             \
	"\"installed\", \"version\": \"1.0\", \"available\": [\"1.0\", "       \
	"\"2.0\"], \"candidate\": \"2.0\"}]}, \"module\": \"acme_nic\""

/* Describe: a reload, a reboot when in use, nothing when loaded, and a
 * refusal when in use with reboot: never. */
static void test_describe(void **state)
{
	assert_describe(&module_driver, ARGS "\"version\": \"2.0\"}",
			"{" PKG ", \"loaded\": true, \"version\": \"1.0\", "
			"\"in_use\": false}",
			"acme-nic-dkms 1.0 -> 2.0\n"
			"acme_nic 1.0 -> 2.0 by a reload\n");
	assert_describe(&module_driver, ARGS "\"version\": \"2.0\"}",
			"{" PKG ", \"loaded\": true, \"version\": \"1.0\", "
			"\"in_use\": true}",
			"acme-nic-dkms 1.0 -> 2.0\n"
			"acme_nic 1.0 -> 2.0 by a reboot (in use)\n");
	assert_describe(&module_driver, ARGS "\"version\": \"1.0\"}",
			"{" PKG ", \"loaded\": true, \"version\": \"1.0\", "
			"\"in_use\": true}",
			"packages unchanged\nacme_nic 1.0 loaded\n");
	assert_describe(&module_driver,
			ARGS "\"version\": \"2.0\", \"reboot\": \"never\"}",
			"{" PKG ", \"loaded\": true, \"version\": \"1.0\", "
			"\"in_use\": true}",
			"acme-nic-dkms 1.0 -> 2.0\n"
			"driver: acme_nic is in use, and with reboot: never "
			"2.0 cannot be loaded; nothing was changed\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_arguments),
		cmocka_unit_test(test_command_lines),
		cmocka_unit_test(test_describe),
	};

	return cmocka_run_group_tests_name("driver", tests, NULL, NULL);
}
