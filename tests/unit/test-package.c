/*
 * test-package.c - unit tests for modules/package.c: the arguments it
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
	{"package: {name: acme-agent, version: \"2.0-1\"}", NULL},
	{"package: {name: [curl, jq], state: latest, manager: apt}", NULL},
	{"package: {name: telnet, state: absent}", NULL},
	{"package: {name: acme, version: \"{{ v }}\", allow_downgrade: true}",
	 NULL},
	{"package: {state: present}",
	 "p.yml:3:5: package: missing required argument 'name'"},
	{"package: {name: x, version: 2.10}",
	 "p.yml:3:33: package: 'version' must be a string; 2.10 is a number to "
	 "YAML, quote it (\"2.10\") to keep it as written"},
	{"package: {name: x, state: lastest}",
	 "p.yml:3:31: package: 'state' must be present, absent or latest, not "
	 "'lastest'; did you mean 'latest'?"},
	{"package: {name: [a, b], version: \"1\"}",
	 "p.yml:3:38: package: 'version' pins one package; give each pinned "
	 "package its own task"},
	{"package: {name: x, version: \"1\", state: absent}",
	 "p.yml:3:33: package: 'version' cannot go with state 'absent'"},
	{"package: {name: x, manager: pacman}",
	 "p.yml:3:33: package: 'manager' must be auto, apt, dnf, yum or "
	 "zypper, not 'pacman'"},
	{"package: {name: x, allow_downgrade: maybe}",
	 "p.yml:3:41: package: 'allow_downgrade' must be true or false, not a "
	 "string"},
	{"package: {name: {a: 1}}",
	 "p.yml:3:21: package: 'name' must be a string or a list of strings, "
	 "not a mapping"},
};

/* Valid arguments load; each mistake is refused where it is. */
static void test_arguments(void **state)
{
	CHECK_TASK_CASES(cases);
	assert_ptr_equal(module_find("package"), &module_package);
	assert_non_null(module_package.validate);
	assert_true(module_package.flags & MODULE_PENDING);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_arguments),
	};

	return cmocka_run_group_tests_name("package", tests, NULL, NULL);
}
