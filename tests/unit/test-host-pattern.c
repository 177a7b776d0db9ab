/*
 * test-host-pattern.c - unit tests for inventory/host-pattern.c: Ansible's
 * host patterns and --limit.
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

static const char inventory_text[] = "lone\n"
				     "[web]\n"
				     "web1\n"
				     "web2\n"
				     "web3.example.com\n"
				     "[db]\n"
				     "db1\n"
				     "db2\n"
				     "[legacy]\n"
				     "web2\n"
				     "db2\n"
				     "[prod:children]\n"
				     "web\n"
				     "db\n";

/* Loads the shared inventory. */
static int setup(void **state)
{
	char path[] = "/tmp/crest-test-pattern-XXXXXX";
	struct error err = ERROR_INIT;
	struct inventory *inv = NULL;
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, inventory_text, strlen(inventory_text)),
			 (ssize_t)strlen(inventory_text));
	close(fd);
	if (inventory_load(path, &inv, &err) < 0)
		fail_msg("%s", err.message);
	unlink(path);
	*state = inv;
	return 0;
}

/* Frees the shared inventory. */
static int teardown(void **state)
{
	inventory_free(*state);
	return 0;
}

/* Returns the selected names joined by spaces; caller frees. */
static char *select_names(struct inventory *inv, const char *pattern,
			  const char *limit)
{
	struct error err = ERROR_INIT;
	struct host **hosts = NULL;
	struct buf b = BUF_INIT;
	size_t n = 0, i;

	if (inventory_select(inv, pattern, limit, &hosts, &n, &err) < 0)
		fail_msg("%s", err.message);
	for (i = 0; i < n; i++)
		buf_addf(&b, "%s%s", i ? " " : "", hosts[i]->name);
	free(hosts);
	return buf_detach(&b, NULL);
}

/* Asserts what a pattern selects. */
static void check(struct inventory *inv, const char *pattern, const char *limit,
		  const char *want)
{
	char *got = select_names(inv, pattern, limit);

	if (strcmp(got, want) != 0)
		fail_msg("pattern '%s' limit '%s': got '%s', want '%s'",
			 pattern, limit ? limit : "", got, want);
	free(got);
}

/* Unions, intersections, exclusions, in inventory order. */
static void test_operators(void **state)
{
	struct inventory *inv = *state;

	check(inv, "all", NULL, "lone web1 web2 web3.example.com db1 db2");
	check(inv, "db:web", NULL, "web1 web2 web3.example.com db1 db2");
	check(inv, "web,db1", NULL, "web1 web2 web3.example.com db1");
	check(inv, "prod:!legacy", NULL, "web1 web3.example.com db1");
	check(inv, "!legacy:prod", NULL, "web1 web3.example.com db1");
	check(inv, "prod:&legacy", NULL, "web2 db2");
	check(inv, "!legacy", NULL, "lone web1 web3.example.com db1");
	check(inv, "ungrouped", NULL, "lone");
	check(inv, "nosuch", NULL, "");
	check(inv, "", NULL, "lone web1 web2 web3.example.com db1 db2");
}

/* Globs, regexes and names. */
static void test_matching(void **state)
{
	struct inventory *inv = *state;

	check(inv, "web*", NULL, "web1 web2 web3.example.com");
	check(inv, "*.example.com", NULL, "web3.example.com");
	check(inv, "db?", NULL, "db1 db2");
	check(inv, "~(web|db)[12]", NULL, "web1 web2 db1 db2");
	check(inv, "~leg", NULL, "web2 db2");
	check(inv, "db2", NULL, "db2");
}

/* Subscripts pick from a group's hosts. */
static void test_subscripts(void **state)
{
	struct inventory *inv = *state;
	struct error err = ERROR_INIT;
	struct host **hosts = NULL;
	size_t n = 0;

	check(inv, "web[0]", NULL, "web1");
	check(inv, "web[-1]", NULL, "web3.example.com");
	check(inv, "web[1:2]", NULL, "web2 web3.example.com");
	check(inv, "web[1:]", NULL, "web2 web3.example.com");
	assert_int_equal(
		inventory_select(inv, "web[7]", NULL, &hosts, &n, &err), -1);
	assert_string_equal(err.message, "no host matches the subscripted "
					 "pattern 'web[7]'");
	error_release(&err);
}

/* --limit narrows; @FILE reads names. */
static void test_limit(void **state)
{
	struct inventory *inv = *state;
	char path[] = "/tmp/crest-test-limit-XXXXXX";
	char *limit;
	int fd = mkstemp(path);

	check(inv, "prod", "legacy", "web2 db2");
	check(inv, "prod", "web1,db*", "web1 db1 db2");
	assert_int_equal(write(fd, "db1\nweb2\n\n", 10), 10);
	close(fd);
	limit = xasprintf("@%s", path);
	check(inv, "all", limit, "web2 db1");
	free(limit);
	unlink(path);
}

/* A bad regex is an error, not an empty match. */
static void test_bad_regex(void **state)
{
	struct inventory *inv = *state;
	struct error err = ERROR_INIT;
	struct host **hosts = NULL;
	size_t n = 0;

	assert_int_equal(inventory_select(inv, "~web(", NULL, &hosts, &n, &err),
			 -1);
	assert_int_equal(err.kind, ERROR_INVALID);
	assert_non_null(strstr(err.message, "bad regular expression"));
	error_release(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_operators),
		cmocka_unit_test(test_matching),
		cmocka_unit_test(test_subscripts),
		cmocka_unit_test(test_limit),
		cmocka_unit_test(test_bad_regex),
	};

	return cmocka_run_group_tests_name("host-pattern", tests, setup,
					   teardown);
}
