/*
 * test-host-run-change.c - unit tests for orchestrator/engine/
 * host-run-change.c: remembering changes, finding a resumed one still in
 * flight, and loading a host from the journal of a resumed run.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "engine/host-run-step.h"
#include "engine/host-run.h"
#include "engine/run-state.h"

/* Changes are kept newest last, each with a reference to its prior. */
static void test_remember(void **state)
{
	struct run_context ctx;
	struct host host;
	struct host_run hr;
	json_t *prior = json_pack("{s:s}", "state", "absent");

	memset(&ctx, 0, sizeof(ctx));
	memset(&host, 0, sizeof(host));
	host.name = "h1";
	host_run_init(&hr, &host, &ctx, 0);
	host_run_remember(&hr, 2, prior, NULL, 0);
	host_run_remember(&hr, 5, prior, NULL, 1);
	assert_int_equal(hr.n_changes, 2);
	assert_int_equal(hr.changes[0].task, 2);
	assert_false(hr.changes[0].failed);
	assert_int_equal(hr.changes[1].task, 5);
	assert_true(hr.changes[1].failed);
	assert_ptr_equal(hr.changes[1].prior, prior);
	assert_int_equal(prior->refcount, 3);
	/* Only a resumed change can be in flight. */
	assert_null(host_run_inflight(&hr, 2));
	hr.changes[0].inflight = 1;
	assert_ptr_equal(host_run_inflight(&hr, 2), &hr.changes[0]);
	assert_null(host_run_inflight(&hr, 5));
	host_run_release(&hr);
	assert_int_equal(prior->refcount, 1);
	json_decref(prior);
}

/* Resume takes the finished tasks and the changes not yet reverted (the
 * one without a result in flight), and how the host ended. */
static void test_resume(void **state)
{
	static const struct {
		const char *recorded;
		enum host_status status;
	} ends[] = {
		{"ok", HOST_OK},
		{"changed", HOST_CHANGED},
		{"unreachable", HOST_UNREACHABLE},
		{"rollback_failed", HOST_ROLLBACK_FAILED},
		{"failed", HOST_FAILED},
		{"rolled_back", HOST_FAILED},
	};
	int done[] = {1, 1, 0};
	struct recorded_change changes[3];
	struct host_record rec;
	struct run_context ctx;
	struct host host;
	struct host_run hr;
	size_t i;

	memset(&ctx, 0, sizeof(ctx));
	memset(&host, 0, sizeof(host));
	memset(&rec, 0, sizeof(rec));
	memset(changes, 0, sizeof(changes));
	host.name = "h1";
	changes[0].task = 0;
	changes[0].prior = json_pack("{s:i}", "n", 0);
	changes[0].finished = 1;
	changes[1].task = 1;
	changes[1].prior = json_pack("{s:i}", "n", 1);
	changes[1].finished = 1;
	changes[1].reverted = 1;
	changes[2].task = 2;
	changes[2].prior = json_pack("{s:i}", "n", 2);
	rec.task_done = done;
	rec.n_task_done = 3;
	rec.changes = changes;
	rec.n_changes = 3;

	host_run_init(&hr, &host, &ctx, 0);
	host_run_resume(&hr, &rec);
	assert_false(hr.ended);
	assert_int_equal(hr.status, HOST_NOT_RUN);
	assert_int_equal(hr.n_task_done, 3);
	assert_ptr_not_equal(hr.task_done, done);
	assert_memory_equal(hr.task_done, done, sizeof(done));
	assert_int_equal(hr.n_changes, 2);
	assert_int_equal(hr.changes[0].task, 0);
	assert_false(hr.changes[0].inflight);
	assert_int_equal(hr.changes[1].task, 2);
	assert_true(hr.changes[1].inflight);
	assert_ptr_equal(hr.changes[1].prior, changes[2].prior);
	assert_ptr_equal(host_run_inflight(&hr, 2), &hr.changes[1]);
	host_run_release(&hr);

	rec.error = "task 3 failed";
	for (i = 0; i < sizeof(ends) / sizeof(ends[0]); i++) {
		rec.status = (char *)ends[i].recorded;
		host_run_init(&hr, &host, &ctx, 0);
		host_run_resume(&hr, &rec);
		assert_true(hr.ended);
		assert_int_equal(hr.status, ends[i].status);
		assert_string_equal(hr.error.message, "task 3 failed");
		host_run_release(&hr);
	}
	for (i = 0; i < 3; i++)
		json_decref(changes[i].prior);
}

/* A host that changed nothing has nothing to revert. */
static void test_revert_nothing(void **state)
{
	struct run_context ctx;
	struct host host;
	struct host_run hr;

	memset(&ctx, 0, sizeof(ctx));
	memset(&host, 0, sizeof(host));
	host.name = "h1";
	host_run_init(&hr, &host, &ctx, 0);
	hr.vars = vars_new();
	hr.status = HOST_FAILED;
	assert_int_equal(host_run_revert(&hr), 0);
	assert_int_equal(hr.status, HOST_FAILED);
	assert_false(hr.revert_failed);
	host_run_release(&hr);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_remember),
		cmocka_unit_test(test_resume),
		cmocka_unit_test(test_revert_nothing),
	};

	return cmocka_run_group_tests_name("host-run-change", tests, NULL,
					   NULL);
}
