/*
 * test-run-latest.c - unit tests for orchestrator/engine/run-latest.c:
 * the newest run of a playbook among the journals of a state directory.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "base/xmalloc.h"
#include "engine/run-latest.h"

/* Writes a journal STATE/runs/ID.jsonl for playbook, ended with status
 * (NULL: not ended). */
static void write_run(const char *state, const char *id, const char *playbook,
		      const char *status)
{
	char *path = xasprintf("%s/runs/%s.jsonl", state, id);
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fprintf(f,
		"{\"event\":\"run_start\",\"run\":\"%s\",\"playbook\":\"%s\","
		"\"seq\":1}\n",
		id, playbook);
	if (status)
		fprintf(f,
			"{\"event\":\"run_end\",\"status\":\"%s\",\"seq\":2}\n",
			status);
	fclose(f);
	free(path);
}

/* The newest journal of the playbook wins; others are passed over. */
static void test_latest(void **state)
{
	char tmpl[] = "/tmp/crest-test-run-latest.XXXXXX";
	char *runs, *cmd, *id = NULL, *status = NULL;

	assert_non_null(mkdtemp(tmpl));
	runs = xasprintf("%s/runs", tmpl);
	assert_int_equal(mkdir(runs, 0700), 0);
	write_run(tmpl, "20260101-000000-aaaa", "a.yml", "ok");
	write_run(tmpl, "20260102-000000-bbbb", "b.yml", "failed");
	write_run(tmpl, "20260103-000000-cccc", "a.yml", NULL);
	write_run(tmpl, "20260104-000000-dddd", "b.yml", NULL);
	cmd = xasprintf("printf 'not json\\n' >%s/20260105-000000-eeee.jsonl",
			runs);
	assert_int_equal(system(cmd), 0);
	free(cmd);

	assert_int_equal(run_latest(tmpl, "a.yml", &id, &status), 1);
	assert_string_equal(id, "20260103-000000-cccc");
	assert_null(status);
	free(id);
	write_run(tmpl, "20260103-000000-cccc", "a.yml", "rolled_back");
	assert_int_equal(run_latest(tmpl, "a.yml", &id, &status), 1);
	assert_string_equal(id, "20260103-000000-cccc");
	assert_string_equal(status, "rolled_back");
	free(id);
	free(status);
	assert_int_equal(run_latest(tmpl, "c.yml", &id, &status), 0);
	assert_int_equal(run_latest("/nonexistent", "a.yml", &id, &status), 0);

	cmd = xasprintf("rm -rf '%s'", tmpl);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	free(runs);
	(void)state;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_latest),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
