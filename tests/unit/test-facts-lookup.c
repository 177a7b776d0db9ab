/*
 * test-facts-lookup.c - unit tests for orchestrator/facts/facts-lookup.c:
 * the lookup host patterns select by fact through, over a real state
 * directory: the newest snapshot's facts, hosts without one (or with a
 * name the store cannot hold) noted once, and a pattern selecting by
 * them.
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
#include "facts/facts-lookup.h"
#include "facts/facts-store.h"

/* Saves a snapshot of host taken at t whose kernel is k. */
static void save(const char *dir, const char *host, time_t t, const char *k)
{
	struct error err = ERROR_INIT;
	json_t *s = facts_store_snapshot(host, t, 12,
					 json_pack("{s:s}", "kernel", k));

	if (facts_store_save(dir, s, 20, NULL, &err) < 0)
		fail_msg("save: %s", err.message);
	json_decref(s);
}

/* The lookup reads the newest snapshot and notes hosts without one. */
static void test_lookup(void **state)
{
	char dir[] = "/tmp/crest-test-facts-lookup-XXXXXX";
	struct error err = ERROR_INIT;
	struct facts_lookup fl;
	json_t *facts = NULL;
	char *cmd;

	(void)state;
	assert_non_null(mkdtemp(dir));
	save(dir, "h1", 1765000000, "6.1.0-old");
	save(dir, "h1", 1765000100, "6.1.0-new");
	facts_lookup_init(&fl, dir);
	assert_int_equal(fl.ops.get(fl.ops.data, "h1", &facts, &err), 0);
	assert_string_equal(json_string_value(json_object_get(facts, "kernel")),
			    "6.1.0-new");
	json_decref(facts);
	assert_int_equal(fl.ops.get(fl.ops.data, "h2", &facts, &err), 0);
	assert_null(facts);
	assert_int_equal(fl.ops.get(fl.ops.data, "h2", &facts, &err), 0);
	assert_int_equal(fl.ops.get(fl.ops.data, "../h1", &facts, &err), 0);
	assert_null(facts);
	assert_int_equal(facts_lookup_missing(&fl), 2);
	assert_non_null(json_object_get(facts_lookup_missing_hosts(&fl), "h2"));
	assert_non_null(
		json_object_get(facts_lookup_missing_hosts(&fl), "../h1"));
	assert_string_equal(fl.ops.roots[0], "hostname");
	facts_lookup_release(&fl);
	cmd = xasprintf("rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
	free(cmd);
}

/* A pattern selects by the store's facts; the host without is noted. */
static void test_select(void **state)
{
	char dir[] = "/tmp/crest-test-facts-lookup-XXXXXX";
	struct error err = ERROR_INIT;
	struct inventory *inv = NULL;
	struct host **hosts = NULL;
	struct facts_lookup fl;
	size_t n = 0;
	char *cmd;

	(void)state;
	assert_non_null(mkdtemp(dir));
	save(dir, "h1", 1765000000, "6.1.0-18");
	save(dir, "h2", 1765000000, "6.12.0-1");
	if (inventory_load("h1,h2,h3,", &inv, &err) < 0)
		fail_msg("%s", err.message);
	facts_lookup_init(&fl, dir);
	inventory_set_facts(inv, &fl.ops);
	assert_int_equal(inventory_select(inv, "all:&facts.kernel=6.1.*", NULL,
					  &hosts, &n, &err),
			 0);
	assert_int_equal(n, 1);
	assert_string_equal(hosts[0]->name, "h1");
	free(hosts);
	assert_int_equal(facts_lookup_missing(&fl), 1);
	assert_non_null(json_object_get(facts_lookup_missing_hosts(&fl), "h3"));
	inventory_free(inv);
	facts_lookup_release(&fl);
	cmd = xasprintf("rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
	free(cmd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lookup),
		cmocka_unit_test(test_select),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
