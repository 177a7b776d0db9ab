/*
 * test-history.c - unit tests for orchestrator/facts/history.c: a task's
 * change in the user's words, and a host's runs from journals.
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

#include "base/xmalloc.h"
#include "facts/history.h"

/* Checks the description history_change() gives for module, args, prior. */
static void expect_change(const char *module, const char *args,
			  const char *prior, const char *want)
{
	json_t *a = json_loads(args, 0, NULL), *p = json_loads(prior, 0, NULL);
	char *got = history_change(module, a, p);

	assert_string_equal(got, want);
	free(got);
	json_decref(a);
	json_decref(p);
}

/* Package: before -> after from prior and args, absence included. */
static void test_package(void **state)
{
	(void)state;
	expect_change("package",
		      "{\"name\":\"acme-agent\",\"version\":\"2.0\"}",
		      "{\"packages\":[{\"name\":\"acme-agent\","
		      "\"version\":\"1.1\"}]}",
		      "acme-agent 1.1 -> 2.0");
	expect_change("package", "{\"name\":\"a\",\"state\":\"absent\"}",
		      "{\"packages\":[{\"name\":\"a\",\"version\":\"3\"}]}",
		      "a 3 -> absent");
	expect_change("package", "{\"name\":[\"a\",\"b\"]}",
		      "{\"packages\":[{\"name\":\"a\",\"version\":null,"
		      "\"candidate\":\"1.0\"},{\"name\":\"b\"}]}",
		      "a absent -> 1.0, b absent -> latest");
}

/* Copy and file name their path; others their name, else the module. */
static void test_paths(void **state)
{
	(void)state;
	expect_change("copy", "{\"dest\":\"/etc/motd\"}", "{}", "/etc/motd");
	expect_change("file", "{\"path\":\"/srv/d\"}", "{}", "/srv/d");
	expect_change("service", "{\"name\":\"acme\"}", "{}", "acme");
	expect_change("reboot", "{}", "null", "reboot");
}

/* A host no journal names is unknown: bad input. */
static void test_unknown_host(void **state)
{
	char dir[] = "/tmp/crest-test-history-XXXXXX", *runs;
	struct error err = ERROR_INIT;
	json_t *out = NULL;
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	runs = xasprintf("%s/runs", dir);
	assert_int_equal(mkdir(runs, 0700), 0);
	free(runs);
	runs = xasprintf("%s/runs/20261207-010203-abcd.jsonl", dir);
	f = fopen(runs, "w");
	assert_non_null(f);
	fputs("{\"event\":\"run_start\",\"run\":\"20261207-010203-abcd\","
	      "\"time\":\"2026-12-07T01:02:03.000Z\",\"seq\":1}\n"
	      "{\"event\":\"host_end\",\"host\":\"h1\",\"status\":\"ok\","
	      "\"seq\":2}\n",
	      f);
	fclose(f);
	assert_int_equal(history_host(dir, "h2", &out, &err), -1);
	assert_int_equal(err.kind, ERROR_INVALID);
	assert_non_null(strstr(err.message, "unknown host 'h2'"));
	error_release(&err);
	assert_int_equal(history_host(dir, "h1", &out, &err), 0);
	assert_int_equal(json_array_size(out), 1);
	assert_string_equal(json_string_value(json_object_get(
				    json_array_get(out, 0), "status")),
			    "ok");
	json_decref(out);
	unlink(runs);
	free(runs);
	runs = xasprintf("%s/runs", dir);
	rmdir(runs);
	free(runs);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_package),
		cmocka_unit_test(test_paths),
		cmocka_unit_test(test_unknown_host),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
