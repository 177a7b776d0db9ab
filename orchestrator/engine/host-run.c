/*
 * host-run.c - one host's part of a run as a state machine: the states,
 * the one place that changes them, and the verify after the soak; see
 * host-run.h.  A task's steps are in host-run-task.c, the changes and
 * their revert in host-run-change.c, the journal events in
 * host-run-journal.c, the host's variables, connection and failure in
 * host-run-step.c.
 */
#include <stdlib.h>
#include <string.h>

#include "host-run-step.h"
#include "host-run.h"
#include "base/monotime.h"
#include "base/trace.h"
#include "base/xmalloc.h"

static const char *const state_names[] = {
	[HOST_PENDING] = "pending", [HOST_CONNECT] = "connect",
	[HOST_TASKS] = "tasks",	    [HOST_VERIFY] = "verify",
	[HOST_REVERT] = "revert",   [HOST_DONE] = "done",
};

/* Names a host status. */
const char *host_status_name(enum host_status status)
{
	switch (status) {
	case HOST_NOT_RUN:
		return "not_run";
	case HOST_OK:
		return "ok";
	case HOST_CHANGED:
		return "changed";
	case HOST_FAILED:
		return "failed";
	case HOST_UNREACHABLE:
		return "unreachable";
	case HOST_ROLLED_BACK:
		return "rolled_back";
	case HOST_ROLLBACK_FAILED:
		return "rollback_failed";
	case HOST_SKIPPED:
		return "skipped";
	}
	return "unknown";
}

/* The one place a host changes state, traced. */
static void host_run_set_state(struct host_run *hr, enum host_state state)
{
	if (trace_enabled())
		trace(hr->host->name, "%s -> %s", state_names[hr->state],
		      state_names[state]);
	/* Read by the terminal's progress line from another thread. */
	__atomic_store_n(&hr->state, state, __ATOMIC_RELAXED);
}

/* Prepares a host's run. */
void host_run_init(struct host_run *hr, struct host *host,
		   const struct run_context *ctx, unsigned wave)
{
	memset(hr, 0, sizeof(*hr));
	hr->host = host;
	hr->ctx = ctx;
	hr->wave = wave;
	hr->state = HOST_PENDING;
	hr->status = HOST_NOT_RUN;
	hr->failed_task = -1;
}

/* Frees a host's run. */
void host_run_release(struct host_run *hr)
{
	size_t i;

	for (i = 0; i < hr->n_changes; i++) {
		json_decref(hr->changes[i].prior);
		json_decref(hr->changes[i].revert);
	}
	free(hr->changes);
	free(hr->task_done);
	hr->task_done = NULL;
	free(hr->base_dir);
	hr->base_dir = NULL;
	hr->n_task_done = 0;
	hr->changes = NULL;
	hr->n_changes = 0;
	if (hr->conn)
		transport_close(hr->conn);
	hr->conn = NULL;
	vars_free(hr->vars);
	hr->vars = NULL;
	error_release(&hr->error);
}

/* CONNECT: builds the variables and opens the connection. */
static enum host_state state_connect(struct host_run *hr)
{
	struct error err = ERROR_INIT;
	json_t *ev;

	ev = json_pack("{s:s, s:I}", "event", "host_start", "wave",
		       (json_int_t)hr->wave + 1);
	if (host_run_journal(hr, ev) < 0) {
		hr->status = HOST_FAILED;
		return HOST_DONE;
	}
	if (hr->vars == NULL &&
	    host_run_vars(hr->ctx, hr->host, &hr->vars, &err) < 0) {
		host_run_fail(hr, -1, &err);
		error_release(&err);
		return HOST_DONE;
	}
	if (hr->ctx->facts &&
	    !json_is_object(json_object_get(hr->ctx->facts, hr->host->name))) {
		/* Gathering was its first round trip, and it got no answer. */
		error_set(&hr->error, ERROR_UNREACHABLE,
			  "its facts could not be gathered (the host did not "
			  "answer)");
		hr->status = HOST_UNREACHABLE;
		return HOST_DONE;
	}
	if (host_run_connect(hr) < 0) {
		hr->status =
			hr->error.kind == ERROR_TIMEOUT ||
					hr->error.kind == ERROR_UNREACHABLE ||
					hr->error.kind == ERROR_HOSTKEY ||
					hr->error.kind == ERROR_AUTH
				? HOST_UNREACHABLE
				: HOST_FAILED;
		/* unreachable: skip: listed as skipped, counted nowhere. */
		if (hr->status == HOST_UNREACHABLE &&
		    host_run_play(hr)->unreachable == UNREACHABLE_SKIP)
			hr->status = HOST_SKIPPED;
		return HOST_DONE;
	}
	hr->status = HOST_OK;
	return HOST_TASKS;
}

/* TASKS: every task in order; the first failure stops them. */
static enum host_state state_tasks(struct host_run *hr)
{
	const struct play *play = host_run_play(hr);
	size_t i;

	for (i = 0; i < play->n_tasks; i++)
		if (host_run_task(hr, (unsigned)i) < 0)
			return journal_failure(hr->ctx->journal) ? HOST_DONE
								 : HOST_REVERT;
	return HOST_VERIFY;
}

/* VERIFY: the play's health checks right after the tasks. */
static enum host_state state_verify(struct host_run *hr)
{
	if (host_run_checks(hr, "apply") == 0)
		return HOST_DONE;
	/* A journal that cannot be written stops the host where it is: a
	 * revert would change it unrecorded. */
	return journal_failure(hr->ctx->journal) ? HOST_DONE : HOST_REVERT;
}

/* REVERT: a failed host undoes its changes at once. */
static enum host_state state_revert(struct host_run *hr)
{
	enum host_status failed = hr->status;

	if (host_run_revert(hr) == 0)
		hr->status = failed;
	return HOST_DONE;
}

/* Runs a host's part of the run through its states. */
int host_run_apply(struct host_run *hr)
{
	uint64_t start = monotime_ms();
	enum host_state next = HOST_CONNECT;
	json_t *ev;

	while (next != HOST_DONE) {
		host_run_set_state(hr, next);
		switch (next) {
		case HOST_CONNECT:
			next = state_connect(hr);
			break;
		case HOST_TASKS:
			next = state_tasks(hr);
			break;
		case HOST_VERIFY:
			next = state_verify(hr);
			break;
		case HOST_REVERT:
			next = state_revert(hr);
			break;
		default:
			next = HOST_DONE;
			break;
		}
	}
	host_run_set_state(hr, HOST_DONE);
	hr->duration_ms = monotime_ms() - start;
	ev = json_pack("{s:s, s:s, s:I}", "event", "host_end", "status",
		       host_status_name(hr->status), "duration_ms",
		       (json_int_t)hr->duration_ms);
	if (hr->error.kind != ERROR_NONE)
		json_object_set_new(ev, "error",
				    json_string(hr->error.message
							? hr->error.message
							: ""));
	host_run_journal(hr, ev);
	return hr->status == HOST_OK || hr->status == HOST_CHANGED ? 0 : -1;
}

/* Runs the verify checks again after the soak. */
int host_run_verify(struct host_run *hr)
{
	if (hr->status != HOST_OK && hr->status != HOST_CHANGED)
		return 0;
	if (host_run_connect(hr) < 0) {
		hr->verify_failed = 1;
		hr->failed_task = -2;
		hr->status = HOST_UNREACHABLE;
		return -1;
	}
	if (host_run_checks(hr, "soak") < 0) {
		/* A host that fails after the soak is reverted at once, as
		 * one that fails a task. */
		hr->verify_failed = 1;
		if (host_run_revert(hr) == 0)
			hr->status = HOST_FAILED;
		return -1;
	}
	return 0;
}
