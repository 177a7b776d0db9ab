/*
 * test-modules.c - unit tests for modules/modules.c: the table, lookups,
 * and the contract every module keeps (module.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "modules/module.h"

/* Every module has a name, a summary and validate; revert is NULL only
 * for a module that says why; names are unique. */
static void test_contract(void **state)
{
	size_t i, j, n = 0;

	for (i = 0; modules[i]; i++, n++) {
		const struct module *m = modules[i];

		assert_non_null(m->name);
		assert_non_null(m->summary);
		assert_non_null(m->validate);
		if (m->revert == NULL)
			assert_true(m->flags &
				    (MODULE_IRREVERSIBLE | MODULE_NO_CHANGE |
				     MODULE_PENDING));
		if (m->flags & MODULE_PENDING) {
			assert_null(m->probe);
			assert_null(m->apply);
		}
		for (j = 0; j < i; j++)
			assert_string_not_equal(modules[j]->name, m->name);
		assert_ptr_equal(module_find(m->name), m);
	}
	assert_int_equal(n, 12);
}

/* Lookups and suggestions. */
static void test_find(void **state)
{
	assert_ptr_equal(module_find("package"), &module_package);
	assert_null(module_find("apt"));
	assert_string_equal(module_suggest("pakage"), "package");
	assert_string_equal(module_suggest("waitfor"), "wait_for");
	assert_string_equal(module_suggest("os-upgrade"), "os_upgrade");
	assert_null(module_suggest("kubernetes"));
	/* Only modules that check can be verify checks. */
	assert_true(module_check.flags & MODULE_VERIFY);
	assert_false(module_package.flags & MODULE_VERIFY);
	assert_true(module_reboot.flags & MODULE_IRREVERSIBLE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_contract),
		cmocka_unit_test(test_find),
	};

	return cmocka_run_group_tests_name("modules", tests, NULL, NULL);
}
