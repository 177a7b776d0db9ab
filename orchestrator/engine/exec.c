/*
 * exec.c - one command on many hosts; see exec.h for the state machine.
 */
#include <string.h>

#include "exec.h"
#include "executor.h"
#include "base/monotime.h"
#include "base/trace.h"

static const char *const exec_state_names[] = {
	[EXEC_PENDING] = "pending", [EXEC_CONNECT] = "connect",
	[EXEC_RUN] = "run",	    [EXEC_CLOSE] = "close",
	[EXEC_DONE] = "done",
};

/* What the executor's callbacks share. */
struct exec_ctx {
	const struct exec_request *req;
	struct exec_host *hosts;
	size_t n;
	size_t next;
};

/* Prepares a host that has not started. */
void exec_host_init(struct exec_host *host,
		    const struct transport_target *target)
{
	struct transport_result res = TRANSPORT_RESULT_INIT;
	struct error err = ERROR_INIT;

	memset(host, 0, sizeof(*host));
	host->target = *target;
	host->state = EXEC_PENDING;
	host->result = res;
	host->error = err;
}

/* Frees a host's result and error. */
void exec_host_release(struct exec_host *host)
{
	transport_result_release(&host->result);
	error_release(&host->error);
	transport_close(host->conn);
	host->conn = NULL;
}

/* Names a host's outcome. */
const char *exec_host_status(const struct exec_host *host)
{
	if (host->state != EXEC_DONE)
		return "skipped";
	return error_kind_name(host->error.kind);
}

/* The one place a host's state changes: stamps and traces it. */
static void exec_host_set_state(struct exec_host *host, enum exec_state next)
{
	uint64_t now = monotime_ms();

	if (host->state == EXEC_PENDING)
		host->started_ms = now;
	trace(host->target.name, "%s -> %s (+%llu ms)%s%s",
	      exec_state_names[host->state], exec_state_names[next],
	      (unsigned long long)(now - host->started_ms),
	      host->error.message ? ": " : "",
	      host->error.message ? host->error.message : "");
	host->state = next;
	if (next == EXEC_DONE)
		host->duration_ms = now - host->started_ms;
}

/* CONNECT: opens the host's connection. */
static enum exec_state exec_host_connect(struct exec_host *host)
{
	if (transport_connect(&host->target, host->req->transport, &host->conn,
			      &host->error) < 0)
		return EXEC_DONE;
	return EXEC_RUN;
}

/* RUN: runs the command and judges its exit. */
static enum exec_state exec_host_command(struct exec_host *host)
{
	struct transport_command cmd = TRANSPORT_COMMAND_INIT;
	struct transport_result *res = &host->result;

	cmd.line = host->req->line;
	cmd.become = host->req->become;
	cmd.become_user = host->req->become_user;
	cmd.input = host->req->input;
	cmd.input_len = host->req->input_len;
	if (transport_exec(host->conn, &cmd, res, &host->error) < 0)
		return EXEC_CLOSE;
	if (res->exit_signal)
		error_set(&host->error, ERROR_FAILED,
			  "the command was killed by SIG%s", res->exit_signal);
	else if (res->exit_status < 0)
		error_set(&host->error, ERROR_FAILED,
			  "the command ended without an exit status");
	else if (res->exit_status != 0)
		error_set(&host->error, ERROR_FAILED,
			  "the command exited with status %d",
			  res->exit_status);
	return EXEC_CLOSE;
}

/* CLOSE: closes the connection. */
static enum exec_state exec_host_close(struct exec_host *host)
{
	transport_close(host->conn);
	host->conn = NULL;
	return EXEC_DONE;
}

/* Runs one host's state machine to the end, on a worker thread. */
static int exec_host_run(void *task)
{
	struct exec_host *host = task;
	enum exec_state next = EXEC_DONE;

	exec_host_set_state(host, EXEC_CONNECT);
	while (host->state != EXEC_DONE) {
		switch (host->state) {
		case EXEC_CONNECT:
			next = exec_host_connect(host);
			break;
		case EXEC_RUN:
			next = exec_host_command(host);
			break;
		case EXEC_CLOSE:
			next = exec_host_close(host);
			break;
		case EXEC_PENDING:
		case EXEC_DONE:
			next = EXEC_DONE;
			break;
		}
		exec_host_set_state(host, next);
	}
	return host->error.kind == ERROR_NONE ? 0 : -1;
}

/* Hands the executor the next host, unless told to stop. */
static int exec_get_next(void *data, void **task)
{
	struct exec_ctx *ctx = data;

	if (ctx->next >= ctx->n || (ctx->req->stop && *ctx->req->stop))
		return 0;
	*task = &ctx->hosts[ctx->next++];
	return 1;
}

/* Passes a finished host on to the caller. */
static void exec_task_finished(void *data, void *task, int result)
{
	struct exec_ctx *ctx = data;

	if (ctx->req->host_done)
		ctx->req->host_done(ctx->req->data, task);
}

/* Runs the request over all hosts. */
int exec_run(const struct exec_request *req, struct exec_host *hosts, size_t n,
	     struct error *err)
{
	struct exec_ctx ctx = {req, hosts, n, 0};
	struct executor_options opts = {req->forks, exec_get_next,
					exec_host_run, exec_task_finished,
					&ctx};
	size_t i;

	transport_global_init();
	for (i = 0; i < n; i++)
		hosts[i].req = req;
	return executor_run(&opts, err);
}
