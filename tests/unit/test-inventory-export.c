/*
 * test-inventory-export.c - unit tests for inventory/inventory-export.c:
 * the --list JSON and the --graph tree, in ansible-inventory's shape.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "inventory/inventory-build.h"

/* Builds a finished inventory from INI text. */
static struct inventory *ini(const char *text)
{
	struct inventory *inv = inventory_new("i.ini");
	struct error err = ERROR_INIT;

	if (inventory_parse_ini(inv, "i.ini", text, strlen(text), &err) < 0 ||
	    inventory_finish(inv, &err) < 0)
		fail_msg("%s", err.message);
	return inv;
}

/* --list: own hosts only, empty groups dropped but still named as
 * children, no hosts for all, hosts without variables left out. */
static void test_list(void **state)
{
	struct inventory *inv = ini("lone a=1\n"
				    "[web]\n"
				    "w1\n"
				    "[empty]\n"
				    "[prod:children]\n"
				    "web\n"
				    "empty\n");
	json_t *json = inventory_to_json(inv);
	char *text = json_dumps(json, JSON_COMPACT | JSON_SORT_KEYS);

	assert_string_equal(text,
			    "{\"_meta\":{\"hostvars\":{\"lone\":{\"a\":1}}},"
			    "\"all\":{\"children\":[\"ungrouped\",\"prod\"]},"
			    "\"prod\":{\"children\":[\"web\",\"empty\"]},"
			    "\"ungrouped\":{\"hosts\":[\"lone\"]},"
			    "\"web\":{\"hosts\":[\"w1\"]}}");
	free(text);
	json_decref(json);
	json = inventory_host_json(inv, inventory_host(inv, "lone"));
	text = json_dumps(json, JSON_COMPACT);
	assert_string_equal(text, "{\"a\":1}");
	free(text);
	json_decref(json);
	inventory_free(inv);
}

/* --graph draws children before hosts, with ansible-inventory's rules. */
static void test_graph(void **state)
{
	struct inventory *inv = ini("lone\n[web]\nw1\n[prod:children]\nweb\n");
	struct error err = ERROR_INIT;
	struct buf b = BUF_INIT;

	assert_int_equal(inventory_graph(inv, "all", &b, &err), 0);
	assert_string_equal(b.data, "@all:\n"
				    "  |--@ungrouped:\n"
				    "  |  |--lone\n"
				    "  |--@prod:\n"
				    "  |  |--@web:\n"
				    "  |  |  |--w1\n");
	buf_reset(&b);
	assert_int_equal(inventory_graph(inv, "prod", &b, &err), 0);
	assert_string_equal(b.data, "@prod:\n  |--@web:\n  |  |--w1\n");
	assert_int_equal(inventory_graph(inv, "nosuch", &b, &err), -1);
	assert_string_equal(err.message, "no group 'nosuch' in the inventory");
	error_release(&err);
	buf_release(&b);
	inventory_free(inv);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_list),
		cmocka_unit_test(test_graph),
	};

	return cmocka_run_group_tests_name("inventory-export", tests, NULL,
					   NULL);
}
