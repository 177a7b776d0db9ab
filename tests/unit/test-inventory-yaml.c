/*
 * test-inventory-yaml.c - unit tests for inventory/inventory-yaml.c: YAML
 * inventories, and every refusal with its exact line:column.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "inventory/inventory-build.h"
#include "lang/yaml-doc.h"

/* Parses YAML text into a finished inventory; NULL and *msg on error. */
static struct inventory *parse(const char *text, char **msg)
{
	struct inventory *inv = inventory_new("inv.yml");
	struct error err = ERROR_INIT;
	struct yaml_doc *doc = NULL;
	struct buf b = BUF_INIT;

	if (yaml_doc_load_buffer("inv.yml", text, strlen(text), &doc, &err) ==
		    0 &&
	    inventory_parse_yaml(inv, doc, &err) == 0 &&
	    inventory_finish(inv, &err) == 0) {
		yaml_doc_free(doc);
		return inv;
	}
	yaml_doc_free(doc);
	error_format(&err, &b);
	*msg = buf_detach(&b, NULL);
	error_release(&err);
	inventory_free(inv);
	return NULL;
}

/* Asserts the exact error of a YAML inventory. */
static void check_error(const char *text, const char *want)
{
	char *msg = NULL;

	if (parse(text, &msg))
		fail_msg("accepted: %s", text);
	if (strcmp(msg, want) != 0)
		fail_msg("got  '%s'\nwant '%s'", msg, want);
	free(msg);
}

/* Groups, children, hosts with ports and vars, string sections. */
static void test_structure(void **state)
{
	char *msg = NULL;
	struct inventory *inv = parse("all:\n"
				      "  vars: {a: 1}\n"
				      "  children:\n"
				      "    web:\n"
				      "      hosts: w1\n"
				      "    db:\n"
				      "      hosts:\n"
				      "        'd[1:2]:2200': {role: db}\n"
				      "      vars: flag\n"
				      "empty:\n",
				      &msg);
	struct host *h;

	assert_non_null(inv);
	assert_int_equal(inventory_n_hosts(inv), 3);
	h = inventory_host(inv, "d2");
	assert_int_equal(h->port, 2200);
	assert_string_equal(json_string_value(json_object_get(h->vars, "role")),
			    "db");
	assert_true(json_is_null(json_object_get(h->vars, "flag")));
	assert_int_equal(json_integer_value(json_object_get(h->vars, "a")), 1);
	assert_true(inventory_has_group(inv, "empty"));
	inventory_free(inv);
	inv = parse("", &msg);
	assert_non_null(inv);
	assert_int_equal(inventory_n_hosts(inv), 0);
	inventory_free(inv);
}

/* Every refusal names where. */
static void test_errors(void **state)
{
	check_error("- a\n", "inv.yml:1:1: a YAML inventory is a mapping of "
			     "groups, not a list");
	check_error("plugin: aws_ec2\n",
		    "inv.yml:1:1: inventory plugins are not supported; this "
		    "file configures one");
	check_error("web:\n  host:\n    w1:\n",
		    "inv.yml:2:3: unknown key 'host' in group 'web'; did you "
		    "mean 'hosts'?");
	check_error("web:\n  nodes: {}\n",
		    "inv.yml:2:3: unknown key 'nodes' in group 'web' (a group "
		    "has hosts, children and vars)");
	check_error("web: [w1]\n", "inv.yml:1:6: group 'web' must be a "
				   "mapping of hosts, children and vars, not "
				   "a list");
	check_error("web:\n  hosts: [w1]\n", "inv.yml:2:10: 'hosts' of group "
					     "'web' must be a mapping, not a "
					     "list");
	check_error("web:\n  hosts:\n    1: {}\n",
		    "inv.yml:3:5: host name '1' is an integer, not a string; "
		    "quote it");
	check_error("yes:\n  hosts: {}\n",
		    "inv.yml:1:1: group name 'yes' is a boolean, not a string; "
		    "quote it");
	check_error("web:\n  hosts:\n    w1: [a]\n",
		    "inv.yml:3:9: variables of host 'w1' must be a mapping, "
		    "not a list");
	check_error("web:\n  hosts:\n    'w[1:x]':\n",
		    "inv.yml:3:5: bad host range in 'w[1:x]'");
	check_error("a:\n  children:\n    b:\n      children:\n        a:\n",
		    "inv.yml:3:5: adding group 'b' as a child of 'a' creates "
		    "a loop");
	check_error("web:\n  vars:\n    ansible_group_priority: high\n",
		    "inv.yml:3:29: ansible_group_priority of group 'web' is "
		    "not an integer");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_structure),
		cmocka_unit_test(test_errors),
	};

	return cmocka_run_group_tests_name("inventory-yaml", tests, NULL, NULL);
}
