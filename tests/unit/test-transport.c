/*
 * test-transport.c - unit tests for orchestrator/transport/transport.c,
 * through the local transport (orchestrator/transport/transport-local.c):
 * exec, stdin, exit status and signals, bounded output, timeouts, become,
 * uploads.  The SSH
 * transport is tested against real hosts in tests/t2*.sh.
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

#include "base/monotime.h"
#include "transport/transport.h"

static struct transport_options opts = TRANSPORT_OPTIONS_INIT;

/* Connects to the controller itself. */
static struct transport_conn *local(void)
{
	struct transport_target t = {"localhost", NULL, 0, NULL, 1};
	struct transport_conn *c = NULL;
	struct error err = ERROR_INIT;

	assert_int_equal(transport_connect(&t, &opts, &c, &err), 0);
	assert_non_null(c);
	assert_string_equal(c->transport->name, "local");
	return c;
}

/* Runs line; returns transport_exec()'s result. */
static int run(struct transport_conn *c, const char *line,
	       struct transport_result *res, struct error *err)
{
	struct transport_command cmd = TRANSPORT_COMMAND_INIT;

	cmd.line = line;
	return transport_exec(c, &cmd, res, err);
}

/* Output of both streams and the exit status come back apart. */
static void test_streams_and_status(void **state)
{
	struct transport_conn *c = local();
	struct transport_result res = TRANSPORT_RESULT_INIT;
	struct error err = ERROR_INIT;

	assert_int_equal(run(c, "echo out; echo err >&2; exit 3", &res, &err),
			 0);
	assert_int_equal(res.exit_status, 3);
	assert_null(res.exit_signal);
	assert_string_equal(tail_data(&res.out, NULL), "out\n");
	assert_string_equal(tail_data(&res.err, NULL), "err\n");
	transport_result_release(&res);
	transport_close(c);
}

/* A command killed by a signal reports the signal, not a status. */
static void test_signal(void **state)
{
	struct transport_conn *c = local();
	struct transport_result res = TRANSPORT_RESULT_INIT;
	struct error err = ERROR_INIT;

	assert_int_equal(run(c, "kill -TERM $$", &res, &err), 0);
	assert_int_equal(res.exit_status, -1);
	assert_string_equal(res.exit_signal, "TERM");
	transport_result_release(&res);
	transport_close(c);
}

/* Input reaches the command's stdin byte for byte. */
static void test_stdin(void **state)
{
	struct transport_conn *c = local();
	struct transport_command cmd = TRANSPORT_COMMAND_INIT;
	struct transport_result res = TRANSPORT_RESULT_INIT;
	struct error err = ERROR_INIT;
	size_t n = 1 << 20, len, i;
	char *big = malloc(n);
	const char *out;

	for (i = 0; i < n; i++)
		big[i] = (char)('a' + i % 26);
	cmd.line = "cat";
	cmd.input = big;
	cmd.input_len = n;
	opts.output_limit = n;
	assert_int_equal(transport_exec(c, &cmd, &res, &err), 0);
	out = tail_data(&res.out, &len);
	assert_int_equal(len, n);
	assert_memory_equal(out, big, n);
	opts.output_limit = 0;
	free(big);
	transport_result_release(&res);
	transport_close(c);
}

/* Output past the limit is cut to its newest bytes and says so. */
static void test_output_limit(void **state)
{
	struct transport_conn *c = local();
	struct transport_result res = TRANSPORT_RESULT_INIT;
	struct error err = ERROR_INIT;
	size_t len;

	opts.output_limit = 10;
	assert_int_equal(run(c, "seq 1 1000", &res, &err), 0);
	assert_string_equal(tail_data(&res.out, &len), "\n999\n1000\n");
	assert_int_equal(res.out.total, 3893);
	assert_true(tail_cut(&res.out));
	assert_false(tail_cut(&res.err));
	opts.output_limit = 0;
	transport_result_release(&res);
	transport_close(c);
}

/* A command over its timeout is stopped and the error says which limit;
 * the output it gave before is kept. */
static void test_command_timeout(void **state)
{
	struct transport_conn *c = local();
	struct transport_command cmd = TRANSPORT_COMMAND_INIT;
	struct transport_result res = TRANSPORT_RESULT_INIT;
	struct error err = ERROR_INIT;
	uint64_t start = monotime_ms();

	cmd.line = "echo before; sleep 30; echo after";
	cmd.timeout_ms = 300;
	assert_int_equal(transport_exec(c, &cmd, &res, &err), -1);
	assert_int_equal(err.kind, ERROR_TIMEOUT);
	assert_non_null(strstr(err.message, "timed out after 0.3 s"));
	assert_true(monotime_ms() - start < 5000);
	assert_string_equal(tail_data(&res.out, NULL), "before\n");
	error_release(&err);
	transport_result_release(&res);
	transport_close(c);
}

/* The host's deadline bounds every command, whatever its own timeout. */
static void test_host_timeout(void **state)
{
	struct transport_conn *c;
	struct transport_result res = TRANSPORT_RESULT_INIT;
	struct error err = ERROR_INIT;

	opts.host_timeout_ms = 300;
	c = local();
	assert_int_equal(run(c, "sleep 30", &res, &err), -1);
	assert_int_equal(err.kind, ERROR_TIMEOUT);
	assert_non_null(strstr(err.message, "host ran out of time"));
	assert_non_null(strstr(err.message, "--host-timeout 0.3 s"));
	error_release(&err);
	/* Once the host is out of time, nothing more starts. */
	assert_int_equal(run(c, "true", &res, &err), -1);
	assert_int_equal(err.kind, ERROR_TIMEOUT);
	opts.host_timeout_ms = 0;
	error_release(&err);
	transport_result_release(&res);
	transport_close(c);
}

/* The local transport, as if it could not stop commands itself: commands
 * then go out wrapped in timeout(1), as they do to SSH hosts. */
static struct transport remote_like;

/* Connects to the controller through remote_like. */
static struct transport_conn *remote(void)
{
	struct transport_conn *c = local();

	remote_like = transport_local;
	remote_like.stops_at_deadline = 0;
	c->transport = &remote_like;
	return c;
}

/* A host stops a command itself at its deadline (timeout(1)), with its
 * children, and the error is a timeout, not the wrapper's exit status. */
static void test_remote_stop(void **state)
{
	struct transport_conn *c = remote();
	struct transport_command cmd = TRANSPORT_COMMAND_INIT;
	struct transport_result res = TRANSPORT_RESULT_INIT;
	struct error err = ERROR_INIT;
	uint64_t start = monotime_ms();

	cmd.line = "echo before; sleep 29.3; echo after";
	cmd.timeout_ms = 300;
	assert_int_equal(transport_exec(c, &cmd, &res, &err), -1);
	assert_int_equal(err.kind, ERROR_TIMEOUT);
	assert_non_null(strstr(err.message, "timed out after 0.3 s"));
	assert_int_equal(res.exit_status, -1);
	assert_true(monotime_ms() - start < 3000);
	assert_string_equal(tail_data(&res.out, NULL), "before\n");
	assert_int_not_equal(system("pgrep -f 'slee[p] 29.3' >/dev/null"), 0);
	error_release(&err);
	transport_result_release(&res);
	transport_close(c);
}

/* Under a deadline, a command that ends in time is untouched: status,
 * output, stdin, quoting. */
static void test_remote_stop_in_time(void **state)
{
	struct transport_conn *c = remote();
	struct transport_command cmd = TRANSPORT_COMMAND_INIT;
	struct transport_result res = TRANSPORT_RESULT_INIT;
	struct error err = ERROR_INIT;

	cmd.line = "read x; echo \"got $x\" '$1' \"it's\"; exit 124";
	cmd.input = "input\n";
	cmd.input_len = 6;
	cmd.timeout_ms = 5000;
	assert_int_equal(transport_exec(c, &cmd, &res, &err), 0);
	assert_int_equal(res.exit_status, 124);
	assert_string_equal(tail_data(&res.out, NULL), "got input $1 it's\n");
	transport_result_release(&res);
	transport_close(c);
}

/* become runs the command through sudo -n as root. */
static void test_become(void **state)
{
	struct transport_conn *c = local();
	struct transport_command cmd = TRANSPORT_COMMAND_INIT;
	struct transport_result res = TRANSPORT_RESULT_INIT;
	struct error err = ERROR_INIT;

	if (access("/usr/bin/sudo", X_OK) != 0 || geteuid() != 0) {
		transport_close(c);
		skip();
	}
	cmd.line = "id -u; echo \"$0\"";
	cmd.become = 1;
	assert_int_equal(transport_exec(c, &cmd, &res, &err), 0);
	assert_int_equal(res.exit_status, 0);
	assert_string_equal(tail_data(&res.out, NULL), "0\nsh\n");
	assert_string_equal(c->become_ok_user, "root");
	transport_result_release(&res);
	transport_close(c);
}

/* become as a user sudo refuses fails as auth, and says why. */
static void test_become_refused(void **state)
{
	struct transport_conn *c = local();
	struct transport_command cmd = TRANSPORT_COMMAND_INIT;
	struct transport_result res = TRANSPORT_RESULT_INIT;
	struct error err = ERROR_INIT;

	if (access("/usr/bin/sudo", X_OK) != 0) {
		transport_close(c);
		skip();
	}
	cmd.line = "true";
	cmd.become = 1;
	cmd.become_user = "no-such-user-crest";
	assert_int_equal(transport_exec(c, &cmd, &res, &err), -1);
	assert_int_equal(err.kind, ERROR_AUTH);
	assert_non_null(strstr(err.message, "sudo -n"));
	assert_non_null(strstr(err.message, "no-such-user-crest"));
	error_release(&err);
	transport_result_release(&res);
	transport_close(c);
}

/* An upload writes the content with the mode, atomically, and an odd
 * path is quoted rather than interpreted. */
static void test_put(void **state)
{
	struct transport_conn *c = local();
	struct transport_file f = {NULL, "line 1\n\0binary\n", 15, 0640, 0,
				   NULL};
	struct error err = ERROR_INIT;
	char dir[] = "/tmp/crest-test-put.XXXXXX";
	char path[256], buf[64];
	struct stat st;
	FILE *fp;
	size_t n;

	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/it's $(x) a;file", dir);
	f.path = path;
	assert_int_equal(transport_put(c, &f, &err), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0640);
	fp = fopen(path, "rb");
	assert_non_null(fp);
	n = fread(buf, 1, sizeof(buf), fp);
	fclose(fp);
	assert_int_equal(n, 15);
	assert_memory_equal(buf, "line 1\n\0binary\n", 15);
	unlink(path);
	assert_int_equal(rmdir(dir), 0); /* no temporary file left behind */
	transport_close(c);
}

/* An upload needs an absolute path, and fails with the host's words. */
static void test_put_errors(void **state)
{
	struct transport_conn *c = local();
	struct transport_file f = {"relative", "x", 1, 0644, 0, NULL};
	struct error err = ERROR_INIT;

	assert_int_equal(transport_put(c, &f, &err), -1);
	assert_int_equal(err.kind, ERROR_INVALID);
	error_release(&err);
	f.path = "/nonexistent-dir-crest/file";
	assert_int_equal(transport_put(c, &f, &err), -1);
	assert_int_equal(err.kind, ERROR_FAILED);
	assert_non_null(strstr(err.message, "/nonexistent-dir-crest/file"));
	error_release(&err);
	transport_close(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_streams_and_status),
		cmocka_unit_test(test_signal),
		cmocka_unit_test(test_stdin),
		cmocka_unit_test(test_output_limit),
		cmocka_unit_test(test_command_timeout),
		cmocka_unit_test(test_host_timeout),
		cmocka_unit_test(test_remote_stop),
		cmocka_unit_test(test_remote_stop_in_time),
		cmocka_unit_test(test_become),
		cmocka_unit_test(test_become_refused),
		cmocka_unit_test(test_put),
		cmocka_unit_test(test_put_errors),
	};

	return cmocka_run_group_tests_name("transport", tests, NULL, NULL);
}
