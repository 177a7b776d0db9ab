/*
 * test-run-state.c - unit tests for orchestrator/engine/run-state.c: what a
 * journal says of each host after a crash, a failure and a rollback.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "engine/run-state.h"
#include "base/xmalloc.h"

/* Writes text to a new temporary file; returns its path (caller frees). */
static char *write_journal(const char *text)
{
	char tmpl[] = "/tmp/crest-test-run-state.XXXXXX";
	int fd = mkstemp(tmpl);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	return xstrdup(tmpl);
}

/* A crash between an intent and its result leaves the change in flight;
 * finished tasks are done; an ok task leaves no change to revert. */
static void test_crash_mid_task(void **state)
{
	char *path = write_journal(
		"{\"event\":\"run_start\",\"run\":\"20260101-000000-abcd\","
		"\"seq\":1}\n"
		"{\"event\":\"play_start\",\"play\":1,\"seq\":2}\n"
		"{\"event\":\"wave_start\",\"wave\":1,\"seq\":3}\n"
		"{\"event\":\"host_start\",\"host\":\"h1\",\"wave\":1,\"seq\":"
		"4}\n"
		"{\"event\":\"task_intent\",\"host\":\"h1\",\"task\":0,"
		"\"prior\":{\"v\":\"1.1\"},\"seq\":5}\n"
		"{\"event\":\"task_result\",\"host\":\"h1\",\"task\":0,"
		"\"status\":\"changed\",\"seq\":6}\n"
		"{\"event\":\"task_intent\",\"host\":\"h1\",\"task\":1,"
		"\"prior\":{\"x\":1},\"seq\":7}\n"
		"{\"event\":\"task_result\",\"host\":\"h1\",\"task\":1,"
		"\"status\":\"ok\",\"seq\":8}\n"
		"{\"event\":\"task_intent\",\"host\":\"h1\",\"task\":2,"
		"\"prior\":{\"f\":\"absent\"},\"seq\":9}\n"
		"{\"event\":\"task_res");
	struct error err = ERROR_INIT;
	struct run_state *rs = NULL;
	struct host_record *h;

	assert_int_equal(run_state_load(path, &rs, &err), 0);
	assert_true(rs->torn);
	assert_null(rs->status);
	assert_string_equal(rs->run_id, "20260101-000000-abcd");
	h = run_state_host(rs, "h1");
	assert_non_null(h);
	assert_int_equal(h->wave, 1);
	assert_null(h->status);
	assert_int_equal(h->n_changes, 2);
	assert_int_equal(h->changes[0].task, 0);
	assert_true(h->changes[0].finished);
	assert_string_equal(
		json_string_value(json_object_get(h->changes[0].prior, "v")),
		"1.1");
	assert_int_equal(h->changes[1].task, 2);
	assert_false(h->changes[1].finished);
	assert_true(h->n_task_done >= 2);
	assert_true(h->task_done[0]);
	assert_true(h->task_done[1]);
	run_state_free(rs);
	unlink(path);
	free(path);
}

/* A task in flight at a crash and applied again by the resume is one
 * change, with the first intent's prior state: it is reverted once. */
static void test_resumed_intent(void **state)
{
	char *path = write_journal(
		"{\"event\":\"run_start\",\"run\":\"20260101-000000-abcd\","
		"\"seq\":1}\n"
		"{\"event\":\"play_start\",\"play\":1,\"seq\":2}\n"
		"{\"event\":\"task_intent\",\"host\":\"h1\",\"task\":0,"
		"\"prior\":{\"v\":\"1.0\"},\"masked\":[],\"seq\":3}\n"
		"{\"event\":\"run_resume\",\"seq\":4}\n"
		"{\"event\":\"play_start\",\"play\":1,\"seq\":5}\n"
		"{\"event\":\"task_intent\",\"host\":\"h1\",\"task\":0,"
		"\"prior\":{\"v\":\"1.0\"},\"masked\":[],\"seq\":6}\n"
		"{\"event\":\"task_result\",\"host\":\"h1\",\"task\":0,"
		"\"status\":\"changed\",\"seq\":7}\n");
	struct error err = ERROR_INIT;
	struct run_state *rs = NULL;
	struct host_record *h;

	assert_int_equal(run_state_load(path, &rs, &err), 0);
	h = run_state_host(rs, "h1");
	assert_non_null(h);
	assert_int_equal(h->n_changes, 1);
	assert_true(h->changes[0].finished);
	assert_string_equal(
		json_string_value(json_object_get(h->changes[0].prior, "v")),
		"1.0");
	run_state_free(rs);
	unlink(path);
	free(path);
}

/* Rollback steps mark changes reverted; a failed step marks the host. */
static void test_rollback_steps(void **state)
{
	char *path = write_journal(
		"{\"event\":\"run_start\",\"run\":\"20260101-000000-abcd\"}\n"
		"{\"event\":\"task_intent\",\"host\":\"h1\",\"task\":0,"
		"\"prior\":{}}\n"
		"{\"event\":\"task_result\",\"host\":\"h1\",\"task\":0,"
		"\"status\":\"changed\"}\n"
		"{\"event\":\"task_intent\",\"host\":\"h2\",\"task\":0,"
		"\"prior\":{}}\n"
		"{\"event\":\"task_result\",\"host\":\"h2\",\"task\":0,"
		"\"status\":\"failed\"}\n"
		"{\"event\":\"rollback_step\",\"host\":\"h1\",\"task\":0,"
		"\"status\":\"ok\"}\n"
		"{\"event\":\"rollback_step\",\"host\":\"h2\",\"task\":0,"
		"\"status\":\"failed\"}\n"
		"{\"event\":\"host_end\",\"host\":\"h2\",\"status\":"
		"\"rollback_failed\",\"error\":\"boom\"}\n"
		"{\"event\":\"run_end\",\"status\":\"rollback_failed\"}\n");
	struct error err = ERROR_INIT;
	struct run_state *rs = NULL;
	struct host_record *h1, *h2;

	assert_int_equal(run_state_load(path, &rs, &err), 0);
	assert_string_equal(rs->status, "rollback_failed");
	h1 = run_state_host(rs, "h1");
	h2 = run_state_host(rs, "h2");
	assert_true(h1->changes[0].reverted);
	assert_false(h2->changes[0].reverted);
	assert_true(h2->rollback_failed);
	assert_string_equal(h2->status, "rollback_failed");
	assert_string_equal(h2->error, "boom");
	assert_true(h2->n_task_done == 0 || !h2->task_done[0]);
	run_state_free(rs);
	unlink(path);
	free(path);
}

/* A file that is not a journal is refused. */
static void test_not_a_journal(void **state)
{
	char *path = write_journal("{\"event\":\"wave_start\"}\n");
	struct error err = ERROR_INIT;
	struct run_state *rs = NULL;

	assert_int_equal(run_state_load(path, &rs, &err), -1);
	assert_null(rs);
	assert_non_null(strstr(err.message, "not a crest run journal"));
	error_release(&err);
	unlink(path);
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_crash_mid_task),
		cmocka_unit_test(test_resumed_intent),
		cmocka_unit_test(test_rollback_steps),
		cmocka_unit_test(test_not_a_journal),
	};

	return cmocka_run_group_tests_name("run-state", tests, NULL, NULL);
}
