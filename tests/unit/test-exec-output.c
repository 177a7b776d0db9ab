/*
 * test-exec-output.c - unit tests for orchestrator/cli/exec-output.c: a
 * host's result and the summary, as text and as JSON Lines.
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
#include "cli/exec-output.h"

/* Where stdout went while capture_start() ran. */
static int saved_stdout = -1;
static FILE *captured;

/* Sends stdout to a temporary file. */
static void capture_start(void)
{
	fflush(stdout);
	captured = tmpfile();
	assert_non_null(captured);
	saved_stdout = dup(STDOUT_FILENO);
	assert_true(saved_stdout >= 0);
	assert_int_equal(dup2(fileno(captured), STDOUT_FILENO), STDOUT_FILENO);
}

/* Restores stdout; returns what was printed (caller frees). */
static char *capture_end(void)
{
	char *text = NULL;
	size_t cap = 0;

	fflush(stdout);
	assert_int_equal(dup2(saved_stdout, STDOUT_FILENO), STDOUT_FILENO);
	close(saved_stdout);
	rewind(captured);
	if (getdelim(&text, &cap, '\0', captured) < 0) {
		free(text);
		text = xstrdup("");
	}
	fclose(captured);
	return text;
}

/* Makes a finished host with output, exit status and error kind. */
static void make_host(struct exec_host *host, struct transport_target *t,
		      const char *out, const char *err, int status,
		      enum error_kind kind)
{
	t->name = "web1";
	exec_host_init(host, t);
	tail_init(&host->result.out, 6);
	tail_init(&host->result.err, 64);
	tail_add(&host->result.out, out, strlen(out));
	tail_add(&host->result.err, err, strlen(err));
	host->result.exit_status = status;
	host->state = EXEC_DONE;
	host->duration_ms = 1234;
	if (kind != ERROR_NONE)
		error_set(&host->error, kind,
			  "the command exited with "
			  "status %d",
			  status);
}

/* A failed host: header, stdout cut to its tail, stderr marked. */
static void test_text(void **state)
{
	struct exec_output out;
	struct exec_host host;
	struct transport_target t = {0};
	char *got;

	exec_output_init(&out, 0, 0, 2);
	make_host(&host, &t, "0123456789\n", "oops\n", 3, ERROR_FAILED);
	capture_start();
	exec_output_host(&out, &host);
	assert_int_equal(exec_output_summary(&out, 2500, 0), CREST_EXIT_FAILED);
	got = capture_end();
	assert_string_equal(got,
			    "web1 | failed | exit 3 | 1.23 s\n"
			    "--- stdout cut: the last 6 of 11 bytes follow\n"
			    "56789\n"
			    "--- stderr\n"
			    "oops\n"
			    "2 hosts: 0 ok, 1 failed in 2.50 s\n");
	free(got);
	exec_host_release(&host);
	(void)state;
}

/* JSON Lines: one object for the host, one for the summary, with the
 * never-started hosts counted as skipped. */
static void test_json(void **state)
{
	struct exec_output out;
	struct exec_host hosts[2];
	struct transport_target t[2] = {{0}, {0}};
	char *got;

	exec_output_init(&out, 1, 0, 2);
	make_host(&hosts[0], &t[0], "hi\n", "", 0, ERROR_NONE);
	t[1].name = "web2";
	exec_host_init(&hosts[1], &t[1]);
	capture_start();
	exec_output_host(&out, &hosts[0]);
	exec_output_skipped(&out, hosts, 2);
	assert_int_equal(exec_output_summary(&out, 1000, 1),
			 CREST_EXIT_INTERRUPTED);
	got = capture_end();
	assert_string_equal(
		got,
		"{\"type\":\"host\",\"host\":\"web1\",\"status\":\"ok\","
		"\"exit_code\":0,\"signal\":null,\"stdout\":\"hi\\n\","
		"\"stdout_bytes\":3,\"stdout_cut\":false,\"stderr\":\"\","
		"\"stderr_bytes\":0,\"stderr_cut\":false,\"duration\":1.234,"
		"\"error\":null}\n"
		"{\"type\":\"summary\",\"hosts\":2,\"ok\":1,\"failed\":0,"
		"\"unreachable\":0,\"auth\":0,\"hostkey\":0,\"timeout\":0,"
		"\"skipped\":1,\"invalid\":0,\"system\":0,\"internal\":0,"
		"\"interrupted\":true,\"duration\":1.0}\n");
	free(got);
	exec_host_release(&hosts[0]);
	exec_host_release(&hosts[1]);
	(void)state;
}

/* Every host ok: exit 0. */
static void test_all_ok(void **state)
{
	struct exec_output out;
	char *got;

	exec_output_init(&out, 0, 0, 1);
	out.counts[0] = 1;
	capture_start();
	assert_int_equal(exec_output_summary(&out, 10, 0), CREST_EXIT_OK);
	got = capture_end();
	assert_string_equal(got, "1 host: 1 ok in 0.01 s\n");
	free(got);
	(void)state;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_all_ok),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
