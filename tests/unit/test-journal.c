/*
 * test-journal.c - unit tests for orchestrator/engine/journal.c.
 */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "engine/journal.h"
#include "base/xmalloc.h"

struct collected {
	json_t *events;
};

/* Makes a fresh temporary directory for a test. */
static int setup_dir(void **state)
{
	char tmpl[] = "/tmp/crest-test-journal.XXXXXX";

	assert_non_null(mkdtemp(tmpl));
	*state = xstrdup(tmpl);
	return 0;
}

/* Removes the test's directory. */
static int teardown_dir(void **state)
{
	char *cmd = xasprintf("rm -rf '%s'", (char *)*state);

	assert_int_equal(system(cmd), 0);
	free(cmd);
	free(*state);
	return 0;
}

/* Keeps each event read. */
static int collect(json_t *event, void *data)
{
	struct collected *c = data;

	json_array_append(c->events, event);
	return 0;
}

/* Events come back in order with seq and time added. */
static void test_append_and_read(void **state)
{
	char *path = xasprintf("%s/run.jsonl", (char *)*state);
	struct collected c = {json_array()};
	struct error err = ERROR_INIT;
	struct journal *j = NULL;
	json_t *ev;
	bool torn = true;

	assert_int_equal(journal_create(path, &j, &err), 0);
	ev = json_pack("{s:s, s:i}", "event", "run_start", "hosts", 3);
	assert_int_equal(journal_append(j, ev, &err), 0);
	/* The caller's event is left as it was. */
	assert_null(json_object_get(ev, "seq"));
	json_decref(ev);
	ev = json_pack("{s:s}", "event", "run_end");
	assert_int_equal(journal_append(j, ev, &err), 0);
	json_decref(ev);
	assert_int_equal(journal_last_seq(j), 2);
	journal_close(j);

	assert_int_equal(journal_read(path, collect, &c, &torn, &err), 0);
	assert_false(torn);
	assert_int_equal(json_array_size(c.events), 2);
	ev = json_array_get(c.events, 0);
	assert_string_equal(json_string_value(json_object_get(ev, "event")),
			    "run_start");
	assert_int_equal(json_integer_value(json_object_get(ev, "seq")), 1);
	assert_int_equal(strlen(json_string_value(json_object_get(ev, "time"))),
			 strlen("2026-01-01T00:00:00.000Z"));
	json_decref(c.events);
	free(path);
}

/* A journal is never overwritten by create. */
static void test_create_refuses_existing(void **state)
{
	char *path = xasprintf("%s/run.jsonl", (char *)*state);
	struct error err = ERROR_INIT;
	struct journal *j = NULL;

	assert_int_equal(journal_create(path, &j, &err), 0);
	journal_close(j);
	j = NULL;
	assert_int_equal(journal_create(path, &j, &err), -1);
	assert_null(j);
	assert_int_equal(err.kind, ERROR_SYSTEM);
	error_release(&err);
	free(path);
}

/* A torn last line is skipped by readers and cut by reopen. */
static void test_torn_last_line(void **state)
{
	char *path = xasprintf("%s/run.jsonl", (char *)*state);
	struct collected c = {json_array()};
	struct error err = ERROR_INIT;
	struct journal *j = NULL;
	json_t *ev;
	bool torn = false;
	FILE *fp;

	fp = fopen(path, "w");
	fputs("{\"event\":\"run_start\",\"seq\":1}\n"
	      "{\"event\":\"task_intent\",\"seq\":2}\n"
	      "{\"event\":\"task_res",
	      fp);
	fclose(fp);
	assert_int_equal(journal_read(path, collect, &c, &torn, &err), 0);
	assert_true(torn);
	assert_int_equal(json_array_size(c.events), 2);

	assert_int_equal(journal_reopen(path, &j, &err), 0);
	assert_int_equal(journal_last_seq(j), 2);
	ev = json_pack("{s:s}", "event", "run_end");
	assert_int_equal(journal_append(j, ev, &err), 0);
	json_decref(ev);
	journal_close(j);

	json_array_clear(c.events);
	assert_int_equal(journal_read(path, collect, &c, &torn, &err), 0);
	assert_false(torn);
	assert_int_equal(json_array_size(c.events), 3);
	ev = json_array_get(c.events, 2);
	assert_int_equal(json_integer_value(json_object_get(ev, "seq")), 3);
	json_decref(c.events);
	free(path);
}

/* A damaged line in the middle is an error naming its line. */
/* A write that fails part way (here the file size limit, as a full disk
 * would) is cut back to the last whole line, and the failure sticks. */
static void test_failed_write_cut_back(void **state)
{
	char *path = xasprintf("%s/run.jsonl", (char *)*state);
	struct collected c = {json_array()};
	struct error err = ERROR_INIT;
	struct journal *j = NULL;
	struct rlimit old, small;
	struct stat st;
	off_t whole;
	bool torn = true;
	json_t *ev;
	char big[600];

	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_int_equal(journal_create(path, &j, &err), 0);
	ev = json_pack("{s:s}", "event", "run_start");
	assert_int_equal(journal_append(j, ev, &err), 0);
	json_decref(ev);
	assert_int_equal(stat(path, &st), 0);
	whole = st.st_size;
	signal(SIGXFSZ, SIG_IGN);
	getrlimit(RLIMIT_FSIZE, &old);
	small = old;
	small.rlim_cur = (rlim_t)whole + 100;
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &small), 0);
	ev = json_pack("{s:s, s:s}", "event", "task_result", "stdout", big);
	assert_int_equal(journal_append(j, ev, &err), -1);
	assert_non_null(strstr(err.message, "cannot write journal"));
	assert_non_null(journal_failure(j));
	setrlimit(RLIMIT_FSIZE, &old);
	error_release(&err);
	/* Room again, and still refused: nothing after a missing event. */
	assert_int_equal(journal_append(j, ev, &err), -1);
	json_decref(ev);
	error_release(&err);
	journal_close(j);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_size, whole);
	assert_int_equal(journal_read(path, collect, &c, &torn, &err), 0);
	assert_false(torn);
	assert_int_equal(json_array_size(c.events), 1);
	json_decref(c.events);
	free(path);
}

static void test_damaged_line(void **state)
{
	char *path = xasprintf("%s/run.jsonl", (char *)*state);
	struct collected c = {json_array()};
	struct error err = ERROR_INIT;
	FILE *fp;

	fp = fopen(path, "w");
	fputs("{\"seq\":1}\nnot json\n{\"seq\":3}\n", fp);
	fclose(fp);
	assert_int_equal(journal_read(path, collect, &c, NULL, &err), -1);
	assert_int_equal(err.line, 2);
	assert_string_equal(err.file, path);
	error_release(&err);
	json_decref(c.events);
	free(path);
}

/* Secrets are masked in every string, nested or not, before writing. */
static void test_secrets_masked(void **state)
{
	char *path = xasprintf("%s/run.jsonl", (char *)*state);
	struct error err = ERROR_INIT;
	struct journal *j = NULL;
	char text[4096];
	json_t *ev;
	size_t n;
	FILE *fp;

	assert_int_equal(journal_create(path, &j, &err), 0);
	journal_add_secret(j, "hunter22");
	journal_add_secret(j, "ab"); /* too short to mask */
	ev = json_pack("{s:s, s:{s:[s, s]}}", "cmd",
		       "curl -u admin:hunter22 https://x", "state", "out",
		       "hunter22", "about");
	assert_int_equal(journal_append(j, ev, &err), 0);
	json_decref(ev);
	journal_close(j);
	fp = fopen(path, "r");
	n = fread(text, 1, sizeof(text) - 1, fp);
	fclose(fp);
	text[n] = '\0';
	assert_null(strstr(text, "hunter22"));
	assert_non_null(strstr(text, "admin:********"));
	assert_non_null(strstr(text, "\"about\""));
	free(path);
}

/* Overlapping secrets mask the longest match. */
static void test_mask_longest(void **state)
{
	char *secrets[] = {"pass", "password1"};
	json_t *v = json_string("x password1 pass y");

	journal_mask(v, secrets, 2);
	assert_string_equal(json_string_value(v), "x ******** ******** y");
	json_decref(v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_append_and_read, setup_dir,
						teardown_dir),
		cmocka_unit_test_setup_teardown(test_create_refuses_existing,
						setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_torn_last_line, setup_dir,
						teardown_dir),
		cmocka_unit_test_setup_teardown(test_failed_write_cut_back,
						setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_damaged_line, setup_dir,
						teardown_dir),
		cmocka_unit_test_setup_teardown(test_secrets_masked, setup_dir,
						teardown_dir),
		cmocka_unit_test(test_mask_longest),
	};

	return cmocka_run_group_tests_name("journal", tests, NULL, NULL);
}
