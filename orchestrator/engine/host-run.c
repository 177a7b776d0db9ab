/*
 * host-run.c - one host's part of a run as a state machine: the states,
 * the one place that changes them, the host's variables and connection,
 * and the verify after the soak; see host-run.h.  A task's steps are in
 * host-run-task.c, the changes and their revert in host-run-change.c,
 * the journal events in host-run-journal.c.
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

/* Returns the play this run is working on. */
const struct play *host_run_play(const struct host_run *hr)
{
	return &hr->ctx->playbook->plays[hr->ctx->play_index];
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

	for (i = 0; i < hr->n_changes; i++)
		json_decref(hr->changes[i].prior);
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

/* Builds a host's variables in Ansible's order of precedence. */
int host_run_vars(const struct run_context *ctx, struct host *host,
		  struct vars **out, struct error *err)
{
	const struct play *play = &ctx->playbook->plays[ctx->play_index];
	struct vars *v = vars_new();
	char *dir = NULL, *slash;
	char *const *secrets;
	size_t i, n_secrets;
	int ret = -1;

	dir = xstrdup(ctx->playbook->file);
	slash = strrchr(dir, '/');
	if (slash)
		*slash = '\0';
	else
		strcpy(dir, ".");
	if (inventory_merge_vars(ctx->inventory, host, v, err) < 0)
		goto out;
	if (play->vars && vars_merge(v, play->vars, dir, err) < 0)
		goto out;
	for (i = 0; i < ctx->n_extra_vars; i++)
		if (vars_add_extra(v, ctx->extra_vars[i], err) < 0)
			goto out;
	/* The journal masks these too, whatever path they take. */
	secrets = vars_secret_texts(v, &n_secrets);
	for (i = 0; i < n_secrets && ctx->journal; i++)
		journal_add_secret(ctx->journal, secrets[i]);
	*out = v;
	v = NULL;
	ret = 0;
out:
	free(dir);
	vars_free(v);
	return ret;
}

/* Returns a host variable's string value, or NULL. */
static const char *host_var(const struct host *host, const char *name)
{
	const json_t *v = json_object_get(host->vars, name);

	return json_is_string(v) ? json_string_value(v) : NULL;
}

/* Connects the host when it is not connected. */
int host_run_connect(struct host_run *hr)
{
	struct transport_target target = {0};
	const char *conn;

	if (hr->conn)
		return 0;
	target.name = hr->host->name;
	target.address = hr->host->address;
	target.port = hr->host->port;
	target.user = hr->host->user;
	conn = host_var(hr->host, "ansible_connection");
	target.local = conn && strcmp(conn, "local") == 0;
	return transport_connect(&target, hr->ctx->transport, &hr->conn,
				 &hr->error);
}

/* Fails a host with err at task index (or -2 for a verify check). */
void host_run_fail(struct host_run *hr, int index, const struct error *err)
{
	struct buf msg = BUF_INIT;

	hr->failed_task = index;
	if (err != &hr->error) {
		error_release(&hr->error);
		hr->error.kind = err->kind;
		error_format(err, &msg);
		hr->error.message = vars_redact(hr->vars, msg.data);
		buf_release(&msg);
	}
	hr->status = err->kind == ERROR_UNREACHABLE ||
				     err->kind == ERROR_HOSTKEY ||
				     err->kind == ERROR_AUTH
			     ? HOST_UNREACHABLE
			     : HOST_FAILED;
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
	if (host_run_connect(hr) < 0) {
		hr->status =
			hr->error.kind == ERROR_TIMEOUT ||
					hr->error.kind == ERROR_UNREACHABLE ||
					hr->error.kind == ERROR_HOSTKEY ||
					hr->error.kind == ERROR_AUTH
				? HOST_UNREACHABLE
				: HOST_FAILED;
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
			return HOST_REVERT;
	return HOST_VERIFY;
}

/* VERIFY: the play's health checks right after the tasks. */
static enum host_state state_verify(struct host_run *hr)
{
	return host_run_checks(hr, "apply") < 0 ? HOST_REVERT : HOST_DONE;
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
