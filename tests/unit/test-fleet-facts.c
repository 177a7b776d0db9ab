/*
 * test-fleet-facts.c - unit tests for orchestrator/report/fleet-facts.c:
 * the inventory's facts cells from a stored snapshot (hostile values
 * escaped, stale by age) and from none.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "base/buf.h"
#include "facts/facts-store.h"
#include "report/fleet-facts.h"

/* Saves a snapshot of host taken at t into dir. */
static void save(const char *dir, const char *host, time_t t)
{
	struct error err = ERROR_INIT;
	json_t *facts = json_loads(
		"{\"os\":{\"id\":\"debian\",\"pretty\":\"Debian <b>12</b>\"},"
		"\"kernel\":\"6.1.0-x\",\"cpu\":{\"model\":\"Xeon & co\","
		"\"count\":4},\"memory_mb\":7900,\"filesystems\":[{\"mount\":"
		"\"/\",\"size_kb\":10485760,\"used_kb\":5242880}],"
		"\"packages\":{\"a\":\"1\",\"b\":\"2\",\"c\":\"3\"},"
		"\"reboot_required\":true}",
		0, NULL);
	json_t *snap = facts_store_snapshot(host, t, 12, facts);

	assert_int_equal(facts_store_save(dir, snap, 5, NULL, &err), 0);
	json_decref(snap);
}

/* A fresh snapshot fills every column; values are escaped. */
static void test_cells(void **state)
{
	char dir[] = "/tmp/crest-test-fleet-facts-XXXXXX";
	struct buf b = BUF_INIT;
	char cmd[128];

	(void)state;
	assert_non_null(mkdtemp(dir));
	save(dir, "web1", time(NULL));
	save(dir, "old1", time(NULL) - 3 * 86400);
	fleet_facts_cells(&b, dir, "web1");
	assert_non_null(
		strstr(b.data, "<td>Debian &lt;b&gt;12&lt;/b&gt;</td>"));
	assert_non_null(strstr(b.data, "<td>6.1.0-x</td>"));
	assert_non_null(strstr(b.data, "4 &times; Xeon &amp; co"));
	assert_non_null(strstr(b.data, "7900 MB"));
	assert_non_null(strstr(b.data, "5.0 of 10.0 GB (50%)"));
	assert_non_null(strstr(b.data, "<td>3</td><td>required</td>"));
	assert_non_null(strstr(b.data, "data-stale=\"no\""));
	assert_null(strstr(b.data, "<b>"));
	buf_reset(&b);
	fleet_facts_cells(&b, dir, "old1");
	assert_non_null(strstr(b.data, "data-stale=\"yes\""));
	buf_reset(&b);
	fleet_facts_cells(&b, dir, "never");
	assert_non_null(strstr(b.data, "no facts"));
	buf_reset(&b);
	/* A name the store refuses is a host with no facts, not an error. */
	fleet_facts_cells(&b, dir, "../etc");
	assert_non_null(strstr(b.data, "no facts"));
	buf_release(&b);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cells),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
