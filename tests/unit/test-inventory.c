/*
 * test-inventory.c - unit tests for inventory/inventory.c: loading,
 * groups, variable precedence and connection settings.
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
#include "base/xmalloc.h"

/* Writes text to a new temporary file named with suffix; returns its
 * path (caller frees and unlinks). */
static char *write_temp(const char *suffix, const char *text)
{
	char *path = xasprintf("/tmp/crest-test-inv-XXXXXX%s", suffix);
	int fd = mkstemps(path, (int)strlen(suffix));
	FILE *fp;

	assert_true(fd >= 0);
	fp = fdopen(fd, "w");
	fputs(text, fp);
	fclose(fp);
	return path;
}

/* Loads text as an inventory file; asserts success. */
static struct inventory *load(const char *suffix, const char *text)
{
	struct error err = ERROR_INIT;
	struct inventory *inv = NULL;
	char *path = write_temp(suffix, text);

	if (inventory_load(path, &inv, &err) < 0)
		fail_msg("load failed: %s", err.message);
	unlink(path);
	free(path);
	return inv;
}

/* Loads text expecting failure; returns the formatted error with the
 * temporary file's name replaced by "INV". */
static char *load_error(const char *suffix, const char *text)
{
	struct error err = ERROR_INIT;
	struct inventory *inv = NULL;
	struct buf b = BUF_INIT;
	char *path = write_temp(suffix, text), *p, *out;

	assert_int_equal(inventory_load(path, &inv, &err), -1);
	assert_null(inv);
	assert_int_equal(err.kind, ERROR_INVALID);
	error_format(&err, &b);
	p = strstr(b.data, path);
	if (p)
		out = xasprintf("%.*sINV%s", (int)(p - b.data), b.data,
				p + strlen(path));
	else
		out = xstrdup(b.data);
	buf_release(&b);
	error_release(&err);
	unlink(path);
	free(path);
	return out;
}

/* Hosts keep first-mention order; connection settings come from vars. */
static void test_ini_hosts_and_settings(void **state)
{
	struct inventory *inv = load(".ini", "bastion ansible_user=admin\n"
					     "[web]\n"
					     "w[1:2] ansible_host=10.0.0.9\n"
					     "w3:2222 ansible_host=192.0.2.3 "
					     "port=8080 user=app\n");
	struct host *h;

	assert_int_equal(inventory_n_hosts(inv), 4);
	assert_string_equal(inventory_host_at(inv, 0)->name, "bastion");
	assert_string_equal(inventory_host_at(inv, 2)->name, "w2");
	h = inventory_host(inv, "bastion");
	assert_string_equal(h->address, "bastion");
	assert_string_equal(h->user, "admin");
	assert_int_equal(h->port, 0);
	h = inventory_host(inv, "w1");
	assert_string_equal(h->address, "10.0.0.9");
	assert_null(h->user);
	/* Plain port and user are the application's, not SSH's. */
	h = inventory_host(inv, "w3");
	assert_string_equal(h->address, "192.0.2.3");
	assert_int_equal(h->port, 2222);
	assert_null(h->user);
	assert_null(inventory_host(inv, "w4"));
	inventory_free(inv);
}

/* all < parent < child < host, and priority breaks ties by depth. */
static void test_precedence(void **state)
{
	struct inventory *inv = load(".ini", "[child]\n"
					     "h1 v=host\n"
					     "h2\n"
					     "[parent:children]\n"
					     "child\n"
					     "[all:vars]\n"
					     "v=all\n"
					     "a=all\n"
					     "[parent:vars]\n"
					     "v=parent\n"
					     "p=parent\n"
					     "[child:vars]\n"
					     "v=child\n");
	struct host *h1 = inventory_host(inv, "h1");
	struct host *h2 = inventory_host(inv, "h2");

	assert_string_equal(json_string_value(json_object_get(h1->vars, "v")),
			    "host");
	assert_string_equal(json_string_value(json_object_get(h2->vars, "v")),
			    "child");
	assert_string_equal(json_string_value(json_object_get(h2->vars, "p")),
			    "parent");
	assert_string_equal(json_string_value(json_object_get(h2->vars, "a")),
			    "all");
	inventory_free(inv);
}

/* Group names of a host: sorted, inherited, without all. */
static void test_group_names(void **state)
{
	struct inventory *inv = load(".yml", "prod:\n"
					     "  children:\n"
					     "    web:\n"
					     "      hosts:\n"
					     "        w1:\n"
					     "canary:\n"
					     "  hosts:\n"
					     "    w1:\n");
	size_t n;
	const char **names =
		inventory_group_names(inv, inventory_host(inv, "w1"), &n);

	assert_int_equal(n, 3);
	assert_string_equal(names[0], "canary");
	assert_string_equal(names[1], "prod");
	assert_string_equal(names[2], "web");
	free(names);
	assert_true(inventory_has_group(inv, "ungrouped"));
	inventory_free(inv);
}

/* Bad connection settings are refused at load time. */
static void test_bad_port(void **state)
{
	char *msg = load_error(".ini", "h1 ansible_port=http\n");

	assert_string_equal(msg, "host 'h1': ansible_port is not a port "
				 "number (1-65535)");
	free(msg);
}

/* A group loop is an error naming both groups. */
static void test_loop(void **state)
{
	char *msg = load_error(".ini", "[a:children]\n"
				       "b\n"
				       "[b:children]\n"
				       "a\n");

	assert_string_equal(msg, "INV:4:1: adding group 'a' as a child of "
				 "'b' creates a loop");
	free(msg);
}

/* A missing inventory is invalid input. */
static void test_missing(void **state)
{
	struct error err = ERROR_INIT;
	struct inventory *inv = NULL;

	assert_int_equal(inventory_load("/nonexistent/inv", &inv, &err), -1);
	assert_int_equal(err.kind, ERROR_INVALID);
	assert_string_equal(err.message,
			    "inventory /nonexistent/inv: No such file or "
			    "directory");
	error_release(&err);
}

/* A comma-separated host list is an inventory of ungrouped hosts. */
static void test_host_list(void **state)
{
	struct error err = ERROR_INIT;
	struct inventory *inv = NULL;
	struct host *h;

	assert_int_equal(
		inventory_load("h1, h2:2200,[2001:db8::1]:22,", &inv, &err), 0);
	assert_int_equal(inventory_n_hosts(inv), 3);
	h = inventory_host(inv, "h2");
	assert_int_equal(h->port, 2200);
	h = inventory_host(inv, "2001:db8::1");
	assert_non_null(h);
	assert_int_equal(h->port, 22);
	inventory_free(inv);
	inventory_free(NULL);
}

/* Connection settings may use {{ }} with the host's own variables. */
static void test_templated_settings(void **state)
{
	struct inventory *inv = load(".yml", "all:\n"
					     "  vars:\n"
					     "    domain: lan\n"
					     "    ansible_host: "
					     "\"{{ inventory_hostname }}.{{ "
					     "domain }}\"\n"
					     "    ansible_port: \"{{ p }}\"\n"
					     "  hosts:\n"
					     "    h1: {p: 2222}\n");
	char *msg;

	assert_string_equal(inventory_host(inv, "h1")->address, "h1.lan");
	assert_int_equal(inventory_host(inv, "h1")->port, 2222);
	inventory_free(inv);
	msg = load_error(".ini", "h1 ansible_user='{{ nobody }}'\n");
	assert_string_equal(msg, "host 'h1': ansible_user: undefined variable "
				 "'nobody'");
	free(msg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ini_hosts_and_settings),
		cmocka_unit_test(test_precedence),
		cmocka_unit_test(test_group_names),
		cmocka_unit_test(test_bad_port),
		cmocka_unit_test(test_loop),
		cmocka_unit_test(test_missing),
		cmocka_unit_test(test_host_list),
		cmocka_unit_test(test_templated_settings),
	};

	return cmocka_run_group_tests_name("inventory", tests, NULL, NULL);
}
