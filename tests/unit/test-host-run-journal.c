/*
 * test-host-run-journal.c - unit tests for orchestrator/engine/
 * host-run-journal.c: every event names its host, a task's result keeps
 * its command's last 2048 bytes of output with secrets masked, and a
 * failure its error and kind.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "engine/host-run-step.h"
#include "engine/host-run.h"
#include "modules/module-run.h"
#include "base/xmalloc.h"

/* Keeps each event read. */
static int collect(json_t *event, void *data)
{
	json_array_append(data, event);
	return 0;
}

/* Returns event i's string field key (borrowed). */
static const char *field(json_t *events, size_t i, const char *key)
{
	return json_string_value(
		json_object_get(json_array_get(events, i), key));
}

/* Events name the host; a result carries status, output and error. */
static void test_events(void **state)
{
	char dir[] = "/tmp/crest-test-host-run-journal.XXXXXX";
	char *path, *cmd, out[3000];
	json_t *events = json_array(), *layer;
	struct error err = ERROR_INIT, failed = ERROR_INIT;
	struct run_context ctx;
	struct module_run mr;
	struct host host;
	struct host_run hr;

	assert_non_null(mkdtemp(dir));
	path = xasprintf("%s/run.jsonl", dir);
	memset(&ctx, 0, sizeof(ctx));
	memset(&host, 0, sizeof(host));
	host.name = "h1";
	assert_int_equal(journal_create(path, &ctx.journal, &err), 0);
	host_run_init(&hr, &host, &ctx, 0);
	hr.vars = vars_new();
	layer = json_pack("{s:{s:s}}", "pw", "secret", "hunter2");
	assert_int_equal(vars_merge(hr.vars, layer, NULL, &err), 0);
	json_decref(layer);

	assert_int_equal(host_run_journal(&hr, json_pack("{s:s}", "event",
							 "host_start")),
			 0);
	module_run_init(&mr, NULL, "h1", "r1", 0, 0, 0);
	mr.last.exit_status = 3;
	/* As the transport keeps them: more than the journal takes. */
	tail_init(&mr.last.out, 65536);
	tail_init(&mr.last.err, 65536);
	memset(out, 'a', sizeof(out));
	memcpy(out + sizeof(out) - 8, "hunter2\n", 8);
	tail_add(&mr.last.out, out, sizeof(out));
	tail_add(&mr.last.err, "oops", 4);
	error_set(&failed, ERROR_FAILED, "exit 3 (pw hunter2)");
	assert_int_equal(
		host_run_journal_result(&hr, 4, "failed", 0, 12, &mr, &failed),
		0);
	assert_int_equal(
		host_run_journal_result(&hr, 5, "ok", 0, 1, NULL, NULL), 0);
	module_run_release(&mr);
	journal_close(ctx.journal);

	assert_int_equal(journal_read(path, collect, events, NULL, &err), 0);
	assert_int_equal(json_array_size(events), 3);
	assert_string_equal(field(events, 0, "host"), "h1");
	assert_string_equal(field(events, 1, "host"), "h1");
	assert_string_equal(field(events, 1, "event"), "task_result");
	assert_string_equal(field(events, 1, "status"), "failed");
	assert_int_equal(json_integer_value(json_object_get(
				 json_array_get(events, 1), "exit_status")),
			 3);
	assert_int_equal(strlen(field(events, 1, "stdout")), 2048 + 1);
	assert_non_null(strstr(field(events, 1, "stdout"), "a" VARS_MASK "\n"));
	assert_string_equal(field(events, 1, "stderr"), "oops");
	assert_string_equal(field(events, 1, "error"),
			    "exit 3 (pw " VARS_MASK ")");
	assert_string_equal(field(events, 1, "error_kind"),
			    error_kind_name(ERROR_FAILED));
	/* Without a command and an error, only the result itself. */
	assert_string_equal(field(events, 2, "status"), "ok");
	assert_null(field(events, 2, "stdout"));
	assert_null(field(events, 2, "error"));

	host_run_release(&hr);
	error_release(&failed);
	json_decref(events);
	cmd = xasprintf("rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_events),
	};

	return cmocka_run_group_tests_name("host-run-journal", tests, NULL,
					   NULL);
}
