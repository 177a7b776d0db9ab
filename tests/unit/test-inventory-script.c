/*
 * test-inventory-script.c - unit tests for inventory/inventory-script.c:
 * executable inventories, with and without _meta, and their failures.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "inventory/inventory.h"
#include "base/xmalloc.h"

/* Writes an executable shell script; returns its path (caller frees). */
static char *script(const char *body)
{
	char *path = xstrdup("/tmp/crest-test-script-XXXXXX");
	int fd = mkstemp(path);
	FILE *fp = fdopen(fd, "w");

	fprintf(fp, "#!/bin/sh\n%s", body);
	fclose(fp);
	chmod(path, 0755);
	return path;
}

/* Loads a script inventory; returns it, or NULL with *msg set. */
static struct inventory *load(const char *body, char **msg)
{
	struct error err = ERROR_INIT;
	struct inventory *inv = NULL;
	char *path = script(body);

	if (inventory_load(path, &inv, &err) < 0) {
		char *p = strstr(err.message, path);

		*msg = p ? xasprintf("%.*sSCRIPT%s", (int)(p - err.message),
				     err.message, p + strlen(path))
			 : xstrdup(err.message);
	}
	error_release(&err);
	unlink(path);
	free(path);
	return inv;
}

/* Asserts a script's load error (the script's path reads SCRIPT). */
static void check_error(const char *body, const char *want)
{
	char *msg = NULL;
	struct inventory *inv = load(body, &msg);

	if (inv)
		fail_msg("accepted: %s", body);
	if (strcmp(msg, want) != 0)
		fail_msg("got  '%s'\nwant '%s'", msg, want);
	free(msg);
}

/* Groups in both shapes, children, vars and _meta.hostvars. */
static void test_meta(void **state)
{
	char *msg = NULL;
	struct inventory *inv = load(
		"cat <<'EOF'\n"
		"{\"web\": {\"hosts\": [\"w1\", \"w2\"], \"vars\": {\"a\": 1},"
		" \"children\": [\"canary\"]},\n"
		" \"canary\": [\"w1\"],\n"
		" \"lonely\": {\"x\": 2},\n"
		" \"_meta\": {\"hostvars\": {\"w1\": {\"ansible_host\": "
		"\"10.0.0.1\"}}}}\n"
		"EOF\n",
		&msg);
	struct host *h;

	assert_non_null(inv);
	h = inventory_host(inv, "w1");
	assert_string_equal(h->address, "10.0.0.1");
	assert_int_equal(json_integer_value(json_object_get(h->vars, "a")), 1);
	/* A mapping without hosts/vars/children is a host of that name. */
	h = inventory_host(inv, "lonely");
	assert_non_null(h);
	assert_int_equal(json_integer_value(json_object_get(h->vars, "x")), 2);
	inventory_free(inv);
}

/* Without _meta, each host is asked with --host NAME. */
static void test_host_calls(void **state)
{
	char *msg = NULL;
	struct inventory *inv =
		load("if [ \"$1\" = --list ]; then echo '{\"g\": [\"h1\", "
		     "\"h2\"]}';\n"
		     "elif [ \"$2\" = h1 ]; then echo '{\"v\": \"one\"}';\n"
		     "else echo; fi\n",
		     &msg);

	assert_non_null(inv);
	assert_string_equal(json_string_value(json_object_get(
				    inventory_host(inv, "h1")->vars, "v")),
			    "one");
	assert_null(json_object_get(inventory_host(inv, "h2")->vars, "v"));
	inventory_free(inv);
}

/* Failures quote the program and its stderr. */
static void test_errors(void **state)
{
	check_error("echo broken >&2; exit 3\n",
		    "inventory program SCRIPT --list failed (exit status 3): "
		    "broken");
	check_error("echo '{\"g\": '\n",
		    "output of 'SCRIPT --list' is not JSON: unexpected token "
		    "near end of file");
	check_error("echo '[1]'\n",
		    "SCRIPT: --list must print a JSON object of groups");
	check_error("echo '{\"g\": {\"hosts\": \"h1\"}}'\n",
		    "SCRIPT: group 'g' has a host list that is not a list");
	check_error("echo '{\"g\": {\"hosts\": [1]}}'\n",
		    "SCRIPT: group 'g' lists a host that is not a name");
	check_error("echo '{\"g\": {\"vars\": [1]}}'\n",
		    "SCRIPT: vars of group 'g' are not a mapping");
	check_error("echo '{\"g\": [\"h\"], \"_meta\": {\"hostvars\": "
		    "{\"h\": 1}}}'\n",
		    "SCRIPT: variables of host 'h' are not a mapping");
	check_error("kill -9 $$\n",
		    "inventory program SCRIPT --list failed (signal 9)");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_meta),
		cmocka_unit_test(test_host_calls),
		cmocka_unit_test(test_errors),
	};

	return cmocka_run_group_tests_name("inventory-script", tests, NULL,
					   NULL);
}
