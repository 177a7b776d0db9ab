/*
 * test-exec-select.c - unit tests for orchestrator/engine/exec-select.c:
 * which hosts "crest exec" runs on and how -e changes their connection.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "base/xmalloc.h"
#include "engine/exec-select.h"

/* The inventory of these tests. */
static const char inventory_text[] =
	"l1 ansible_connection=local\n"
	"h2 ansible_host=10.0.0.2 ansible_port=2222"
	" ansible_user=admin\n"
	"[grp]\nl1\nh2\n";

/* Writes the inventory to a temporary .ini file (caller unlinks, frees). */
static char *write_inventory(void)
{
	char tmpl[] = "/tmp/crest-test-exec-select.XXXXXX.ini";
	int fd = mkstemps(tmpl, 4);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, inventory_text, strlen(inventory_text)),
			 (ssize_t)strlen(inventory_text));
	close(fd);
	return xstrdup(tmpl);
}

/* Selects with sel; returns what exec_select_targets() does. */
static int select_hosts(const struct exec_select *sel, struct inventory **inv,
			struct transport_target **t, size_t *n,
			struct error *err)
{
	*inv = NULL;
	*t = NULL;
	*n = 0;
	return exec_select_targets(sel, inv, t, n, err);
}

/* The inventory's hosts keep their address, port, user and connection. */
static void test_inventory_hosts(void **state)
{
	char *path = write_inventory();
	struct exec_select sel = {path, "grp", NULL, NULL,
				  NULL, NULL,  NULL, NULL};
	struct inventory *inv;
	struct transport_target *t;
	struct error err = ERROR_INIT;
	size_t n;

	assert_int_equal(select_hosts(&sel, &inv, &t, &n, &err), 0);
	assert_int_equal(n, 2);
	assert_string_equal(t[0].name, "l1");
	assert_true(t[0].local);
	assert_string_equal(t[1].name, "h2");
	assert_string_equal(t[1].address, "10.0.0.2");
	assert_int_equal(t[1].port, 2222);
	assert_string_equal(t[1].user, "admin");
	assert_false(t[1].local);
	free(t);
	inventory_free(inv);
	sel.limit = "h2";
	assert_int_equal(select_hosts(&sel, &inv, &t, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_string_equal(t[0].name, "h2");
	free(t);
	inventory_free(inv);
	unlink(path);
	free(path);
	(void)state;
}

/* -e ansible_user, ansible_port and ansible_connection win over the
 * inventory; a port out of range is refused. */
static void test_overrides(void **state)
{
	char *path = write_inventory();
	struct exec_select sel = {path, "all", NULL, "root",
				  "22", "ssh", NULL, NULL};
	struct inventory *inv;
	struct transport_target *t;
	struct error err = ERROR_INIT;
	size_t n, i;

	assert_int_equal(select_hosts(&sel, &inv, &t, &n, &err), 0);
	assert_int_equal(n, 2);
	for (i = 0; i < n; i++) {
		assert_string_equal(t[i].user, "root");
		assert_int_equal(t[i].port, 22);
		assert_false(t[i].local);
	}
	free(t);
	inventory_free(inv);
	sel.port = "65536";
	assert_int_equal(select_hosts(&sel, &inv, &t, &n, &err), -1);
	assert_int_equal(err.kind, ERROR_INVALID);
	assert_string_equal(err.message,
			    "-e: ansible_port '65536' is not 1 to 65535");
	error_release(&err);
	inventory_free(inv);
	unlink(path);
	free(path);
	(void)state;
}

/* "localhost" needs no inventory; anything else does, and a pattern
 * that matches nothing says so. */
static void test_localhost_and_none(void **state)
{
	char *path = write_inventory();
	struct exec_select sel = {NULL, "localhost", NULL, NULL,
				  NULL, NULL,	     NULL, NULL};
	struct inventory *inv;
	struct transport_target *t;
	struct error err = ERROR_INIT;
	size_t n;

	assert_int_equal(select_hosts(&sel, &inv, &t, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_string_equal(t[0].name, "localhost");
	assert_true(t[0].local);
	assert_null(inv);
	free(t);
	sel.connection = "ssh";
	assert_int_equal(select_hosts(&sel, &inv, &t, &n, &err), 0);
	assert_false(t[0].local);
	free(t);
	sel.limit = "x";
	assert_int_equal(select_hosts(&sel, &inv, &t, &n, &err), -1);
	assert_string_equal(err.message, "'localhost' (with --limit 'x') "
					 "matched no host");
	error_release(&err);
	sel.pattern = "h2";
	sel.limit = NULL;
	assert_int_equal(select_hosts(&sel, &inv, &t, &n, &err), -1);
	assert_string_equal(err.message, "no inventory: give -i FILE (only "
					 "'localhost' needs none)");
	error_release(&err);
	sel.inventory = path;
	sel.pattern = "nomatch";
	assert_int_equal(select_hosts(&sel, &inv, &t, &n, &err), -1);
	assert_int_equal(err.kind, ERROR_INVALID);
	assert_string_equal(err.message, "'nomatch' matched no host");
	error_release(&err);
	inventory_free(inv);
	unlink(path);
	free(path);
	(void)state;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_inventory_hosts),
		cmocka_unit_test(test_overrides),
		cmocka_unit_test(test_localhost_and_none),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
