/*
 * test-state.c - unit tests for orchestrator/engine/state.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "engine/state.h"
#include "base/xmalloc.h"

/* Run ids have their documented shape and sort by time. */
static void test_run_ids(void **state)
{
	char *a = state_new_run_id(1700000000);
	char *b = state_new_run_id(1800000000);

	assert_true(state_run_id_valid(a));
	assert_int_equal(strncmp(a, "20231114-221320-", 16), 0);
	assert_true(strcmp(a, b) < 0);
	assert_false(state_run_id_valid("../../etc/passwd"));
	assert_false(state_run_id_valid("20231114-221320-zzzz"));
	assert_false(state_run_id_valid(""));
	assert_false(state_run_id_valid(NULL));
	free(a);
	free(b);
}

/* The state directory is created, private, with runs/ and locks/. */
static void test_dir_created_and_listed(void **state)
{
	char tmpl[] = "/tmp/crest-test-state.XXXXXX";
	struct error err = ERROR_INIT;
	char *base, *dir = NULL, *p, **ids = NULL, *cmd;
	size_t n = 0, i;
	struct stat st;
	FILE *fp;

	assert_non_null(mkdtemp(tmpl));
	base = xasprintf("%s/deep/state", tmpl);
	assert_int_equal(state_dir_open(base, &dir, &err), 0);
	assert_string_equal(dir, base);
	assert_int_equal(stat(dir, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	p = state_run_path(dir, "20260101-000000-beef");
	assert_non_null(strstr(p, "/runs/20260101-000000-beef.jsonl"));
	fp = fopen(p, "w");
	fclose(fp);
	free(p);
	p = state_run_path(dir, "20250101-000000-0001");
	fp = fopen(p, "w");
	fclose(fp);
	free(p);
	p = xasprintf("%s/runs/notes.txt", dir);
	fp = fopen(p, "w");
	fclose(fp);
	free(p);
	assert_int_equal(state_list_runs(dir, &ids, &n, &err), 0);
	assert_int_equal(n, 2);
	assert_string_equal(ids[0], "20250101-000000-0001");
	assert_string_equal(ids[1], "20260101-000000-beef");
	for (i = 0; i < n; i++)
		free(ids[i]);
	free(ids);
	cmd = xasprintf("rm -rf '%s'", tmpl);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	free(dir);
	free(base);
}

/* A state directory that is a file is refused. */
static void test_dir_not_a_directory(void **state)
{
	struct error err = ERROR_INIT;
	char *dir = NULL;

	assert_int_equal(state_dir_open("/dev/null", &dir, &err), -1);
	assert_null(dir);
	error_release(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_run_ids),
		cmocka_unit_test(test_dir_created_and_listed),
		cmocka_unit_test(test_dir_not_a_directory),
	};

	return cmocka_run_group_tests_name("state", tests, NULL, NULL);
}
