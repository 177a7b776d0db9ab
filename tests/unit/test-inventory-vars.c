/*
 * test-inventory-vars.c - unit tests for inventory/inventory-vars.c: the
 * magic variables of a host and merging a host's variables into vars.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "inventory/inventory.h"
#include "lang/vars.h"
#include "base/xmalloc.h"

/* Loads text as a YAML inventory file; asserts success. */
static struct inventory *load_yaml(const char *text)
{
	char path[] = "/tmp/crest-test-invvars-XXXXXX.yml";
	struct error err = ERROR_INIT;
	struct inventory *inv = NULL;
	int fd = mkstemps(path, 4);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (int)strlen(text));
	close(fd);
	if (inventory_load(path, &inv, &err) < 0)
		fail_msg("load failed: %s", err.message);
	unlink(path);
	return inv;
}

/* Returns a JSON value as compact text (caller frees). */
static char *dump(const json_t *value)
{
	return json_dumps(value, JSON_COMPACT | JSON_ENCODE_ANY);
}

/* A name is cut at its first dot, an address never; groups are sorted. */
static void test_magic_vars(void **state)
{
	struct inventory *inv = load_yaml("prod:\n"
					  "  children:\n"
					  "    web:\n"
					  "      hosts:\n"
					  "        web1.example.com:\n"
					  "        10.0.0.7:\n"
					  "    db:\n"
					  "      hosts:\n"
					  "        web1.example.com:\n");
	json_t *magic;
	char *text;

	magic = inventory_magic_vars(inv,
				     inventory_host(inv, "web1.example.com"));
	text = dump(magic);
	assert_string_equal(text,
			    "{\"inventory_hostname\":\"web1.example.com\","
			    "\"inventory_hostname_short\":\"web1\","
			    "\"group_names\":[\"db\",\"prod\",\"web\"]}");
	free(text);
	json_decref(magic);
	magic = inventory_magic_vars(inv, inventory_host(inv, "10.0.0.7"));
	assert_string_equal(json_string_value(json_object_get(
				    magic, "inventory_hostname_short")),
			    "10.0.0.7");
	json_decref(magic);
	inventory_free(inv);
}

/* An IPv6 address keeps its colons; a host in no group is "ungrouped". */
static void test_magic_vars_ipv6(void **state)
{
	struct error err = ERROR_INIT;
	struct inventory *inv = NULL;
	json_t *magic;
	char *text;

	assert_int_equal(inventory_load("[2001:db8::1]:22,", &inv, &err), 0);
	magic = inventory_magic_vars(inv, inventory_host(inv, "2001:db8::1"));
	text = dump(magic);
	assert_string_equal(text,
			    "{\"inventory_hostname\":\"2001:db8::1\","
			    "\"inventory_hostname_short\":\"2001:db8::1\","
			    "\"group_names\":[\"ungrouped\"]}");
	free(text);
	json_decref(magic);
	inventory_free(inv);
}

/* The magic variables win over host variables of the same name; secret
 * forms in host variables are resolved and masked. */
static void test_merge_vars(void **state)
{
	struct inventory *inv = load_yaml("all:\n"
					  "  hosts:\n"
					  "    h1.lan:\n"
					  "      tier: web\n"
					  "      inventory_hostname: spoof\n"
					  "      pw: {secret: hunter2}\n");
	struct error err = ERROR_INIT;
	struct vars *v = vars_new();
	char *real = NULL, *shown = NULL;

	assert_int_equal(inventory_merge_vars(
				 inv, inventory_host(inv, "h1.lan"), v, &err),
			 0);
	assert_string_equal(json_string_value(vars_get(v, "tier")), "web");
	assert_string_equal(
		json_string_value(vars_get(v, "inventory_hostname")), "h1.lan");
	assert_string_equal(
		json_string_value(vars_get(v, "inventory_hostname_short")),
		"h1");
	assert_int_equal(
		vars_expand_text(v, "{{ pw }}", NULL, &real, &shown, &err), 0);
	assert_string_equal(real, "hunter2");
	assert_string_equal(shown, VARS_MASK);
	free(real);
	free(shown);
	vars_free(v);
	inventory_free(inv);
}

/* A host's secret_file that cannot be read fails the merge. */
static void test_merge_vars_error(void **state)
{
	struct inventory *inv =
		load_yaml("all:\n"
			  "  hosts:\n"
			  "    h1:\n"
			  "      key: {secret_file: /nonexistent/secret}\n");
	struct error err = ERROR_INIT;
	struct vars *v = vars_new();

	assert_int_equal(
		inventory_merge_vars(inv, inventory_host(inv, "h1"), v, &err),
		-1);
	assert_string_equal(err.message, "secret_file /nonexistent/secret: No "
					 "such file or directory");
	assert_null(vars_get(v, "inventory_hostname"));
	error_release(&err);
	vars_free(v);
	inventory_free(inv);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_magic_vars),
		cmocka_unit_test(test_magic_vars_ipv6),
		cmocka_unit_test(test_merge_vars),
		cmocka_unit_test(test_merge_vars_error),
	};

	return cmocka_run_group_tests_name("inventory-vars", tests, NULL, NULL);
}
