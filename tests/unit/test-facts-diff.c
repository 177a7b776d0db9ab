/*
 * test-facts-diff.c - unit tests for orchestrator/facts/facts-diff.c:
 * packages added, removed, upgraded and downgraded in dpkg's order,
 * kernel and OS changes, and which snapshot --diff compares with.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "base/xmalloc.h"
#include "facts/facts-diff.h"
#include "facts/facts-store.h"

/* Makes a snapshot of h1 at t with the given packages and kernel. */
static json_t *snap(time_t t, const char *packages, const char *kernel)
{
	json_t *facts = json_pack("{s:s,s:{s:s,s:s,s:s},s:o}", "kernel", kernel,
				  "os", "id", "debian", "version", "12",
				  "codename", "bookworm", "packages",
				  json_loads(packages, 0, NULL));

	return facts_store_snapshot("h1", t, 1, facts);
}

/* Every kind of package change, sorted by name; the kernel changed. */
static void test_diff(void **state)
{
	json_t *a = snap(1796631600,
			 "{\"a\":\"1.0\",\"b\":\"1:0.9\",\"c\":\"2.0\","
			 "\"gone\":\"3\",\"same\":\"1\"}",
			 "6.1");
	json_t *b = snap(1796631660,
			 "{\"new\":\"1\",\"c\":\"2.0~rc1\",\"b\":\"1:0.10\","
			 "\"a\":\"1.0-1\",\"same\":\"1\"}",
			 "6.2");
	json_t *d = facts_diff(a, b);
	char *text = json_dumps(d, JSON_COMPACT | JSON_SORT_KEYS);

	(void)state;
	assert_string_equal(
		text,
		"{\"added\":[{\"name\":\"new\",\"version\":\"1\"}],"
		"\"downgraded\":[{\"from\":\"2.0\",\"name\":\"c\",\"to\":"
		"\"2.0~rc1\"}],\"from\":\"2026-12-07T08:20:00Z\",\"host\":"
		"\"h1\",\"kernel\":{\"from\":\"6.1\",\"to\":\"6.2\"},\"os\":"
		"null,\"removed\":[{\"name\":\"gone\",\"version\":\"3\"}],"
		"\"to\":\"2026-12-07T08:21:00Z\",\"upgraded\":[{\"from\":"
		"\"1.0\",\"name\":\"a\",\"to\":\"1.0-1\"},{\"from\":\"1:0.9\","
		"\"name\":\"b\",\"to\":\"1:0.10\"}]}");
	free(text);
	json_decref(d);
	json_decref(a);
	json_decref(b);
}

/* The base: the previous snapshot, a named one, or one old enough. */
static void test_base(void **state)
{
	char *dir = xstrdup("/tmp/crest-test-facts-diff-XXXXXX"), *cmd;
	struct error err = ERROR_INIT;
	json_t *s[3], *base = NULL;
	int i;

	(void)state;
	assert_non_null(mkdtemp(dir));
	for (i = 0; i < 3; i++) {
		s[i] = snap(1796631600 + i * 3600, "{}", "k");
		assert_int_equal(facts_store_save(dir, s[i], 20, NULL, &err),
				 0);
	}
	assert_int_equal(
		facts_diff_base(dir, s[0], NULL, 1796640000, &base, &err), 1);
	assert_int_equal(
		facts_diff_base(dir, s[2], "", 1796640000, &base, &err), 0);
	assert_string_equal(
		json_string_value(json_object_get(base, "taken_at")),
		"2026-12-07T09:20:00Z");
	json_decref(base);
	/* now is 10:40; 2h ago is 08:40: the newest at least that old is
	 * 08:20. */
	assert_int_equal(
		facts_diff_base(dir, s[2], "2h", 1796640000, &base, &err), 0);
	assert_string_equal(
		json_string_value(json_object_get(base, "taken_at")),
		"2026-12-07T08:20:00Z");
	json_decref(base);
	assert_int_equal(facts_diff_base(dir, s[2], "20261207T092000Z",
					 1796640000, &base, &err),
			 0);
	json_decref(base);
	assert_int_equal(
		facts_diff_base(dir, s[2], "soon", 1796640000, &base, &err),
		-1);
	assert_int_equal(err.kind, ERROR_INVALID);
	error_release(&err);
	for (i = 0; i < 3; i++)
		json_decref(s[i]);
	cmd = xasprintf("rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_diff),
		cmocka_unit_test(test_base),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
