/*
 * host-run.c - one host's tasks, checks and revert; see host-run.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host-run.h"
#include "run-state.h"
#include "modules/module-run.h"
#include "modules/module.h"
#include "base/monotime.h"
#include "base/trace.h"
#include "base/xmalloc.h"

/* Bytes of a command's output the journal keeps for a task. */
#define HOST_RUN_OUTPUT_TAIL 2048

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
static const struct play *host_run_play(const struct host_run *hr)
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

/* Appends an event about this host to the journal; a journal that cannot
 * be written stops the host (nothing may run unrecorded). */
static int host_run_journal(struct host_run *hr, json_t *event)
{
	struct error err = ERROR_INIT;
	int ret;

	json_object_set_new(event, "host", json_string(hr->host->name));
	ret = journal_append(hr->ctx->journal, event, &err);
	json_decref(event);
	if (ret < 0) {
		error_release(&hr->error);
		hr->error = err;
	}
	return ret;
}

/* Returns a command's output tail with secrets masked, as a new string. */
static json_t *shown_output(struct host_run *hr, struct tail *t)
{
	size_t len;
	const char *p = tail_data(t, &len);
	char *cut, *masked;
	json_t *s;

	if (len > HOST_RUN_OUTPUT_TAIL) {
		p += len - HOST_RUN_OUTPUT_TAIL;
		len = HOST_RUN_OUTPUT_TAIL;
	}
	cut = xstrndup(p, len);
	masked = vars_redact(hr->vars, cut);
	s = json_stringn_nocheck(masked, strlen(masked));
	if (!json_is_string(s) || !json_string_value(s)) {
		json_decref(s);
		s = json_string("(output is not UTF-8)");
	}
	free(masked);
	free(cut);
	return s;
}

/* Records a task's result in the journal. */
static int journal_task_result(struct host_run *hr, unsigned index,
			       const char *status, int changed,
			       uint64_t duration, struct module_run *mr,
			       const struct error *err)
{
	json_t *ev = json_pack("{s:s, s:I, s:s, s:b, s:I}", "event",
			       "task_result", "task", (json_int_t)index,
			       "status", status, "changed", changed,
			       "duration_ms", (json_int_t)duration);

	if (mr && mr->last.exit_status >= 0) {
		json_object_set_new(ev, "exit_status",
				    json_integer(mr->last.exit_status));
		json_object_set_new(ev, "stdout",
				    shown_output(hr, &mr->last.out));
		json_object_set_new(ev, "stderr",
				    shown_output(hr, &mr->last.err));
	}
	if (err && err->kind != ERROR_NONE) {
		char *msg =
			vars_redact(hr->vars, err->message ? err->message : "");

		json_object_set_new(ev, "error", json_string(msg));
		json_object_set_new(ev, "error_kind",
				    json_string(error_kind_name(err->kind)));
		free(msg);
	}
	return host_run_journal(hr, ev);
}

/* Remembers that a task changed the host (or may have, half-way). */
static void host_run_remember(struct host_run *hr, unsigned index,
			      json_t *prior, int failed)
{
	hr->changes = xreallocarray(hr->changes, hr->n_changes + 1,
				    sizeof(*hr->changes));
	hr->changes[hr->n_changes].task = index;
	hr->changes[hr->n_changes].prior = json_incref(prior);
	hr->changes[hr->n_changes].failed = failed;
	hr->changes[hr->n_changes].reverted = 0;
	hr->changes[hr->n_changes].inflight = 0;
	hr->n_changes++;
}

/* Returns the resumed change of a task still in flight, or NULL. */
static struct host_change *host_run_inflight(struct host_run *hr,
					     unsigned index)
{
	size_t i;

	for (i = 0; i < hr->n_changes; i++)
		if (hr->changes[i].task == index && hr->changes[i].inflight)
			return &hr->changes[i];
	return NULL;
}

/* Loads a host's state from the journal of a run being resumed. */
void host_run_resume(struct host_run *hr, const struct host_record *rec)
{
	size_t i;

	hr->task_done = xcalloc(rec->n_task_done ? rec->n_task_done : 1,
				sizeof(*hr->task_done));
	if (rec->n_task_done > 0)
		memcpy(hr->task_done, rec->task_done,
		       rec->n_task_done * sizeof(*hr->task_done));
	hr->n_task_done = rec->n_task_done;
	for (i = 0; i < rec->n_changes; i++) {
		const struct recorded_change *c = &rec->changes[i];

		if (c->reverted)
			continue;
		host_run_remember(hr, c->task, c->prior, 0);
		hr->changes[hr->n_changes - 1].inflight = !c->finished;
	}
	if (rec->status) {
		hr->ended = 1;
		hr->status = strcmp(rec->status, "ok") == 0 ? HOST_OK
			     : strcmp(rec->status, "changed") == 0
				     ? HOST_CHANGED
			     : strcmp(rec->status, "unreachable") == 0
				     ? HOST_UNREACHABLE
			     : strcmp(rec->status, "rollback_failed") == 0
				     ? HOST_ROLLBACK_FAILED
				     : HOST_FAILED;
		if (rec->error)
			hr->error.message = xstrdup(rec->error);
	}
}

/* Returns the effective become of a task. */
static int task_become(const struct play *play, const struct task *task)
{
	return task->become < 0 ? play->become : task->become;
}

/* Fails a host with err at task index (or -2 for a verify check). */
static void host_run_fail(struct host_run *hr, int index,
			  const struct error *err)
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

/* Module reconnect: the host's connection is closed and opened again
 * (after a reboot); the new one serves the rest of the run. */
static int host_run_reconnect(struct module_run *mr, struct error *err)
{
	struct host_run *hr = mr->engine;

	if (hr->conn)
		transport_close(hr->conn);
	hr->conn = NULL;
	mr->conn = NULL;
	if (host_run_connect(hr) < 0) {
		error_set(err, hr->error.kind, "%s",
			  hr->error.message ? hr->error.message
					    : "unreachable");
		error_release(&hr->error);
		return -1;
	}
	mr->conn = hr->conn;
	return 0;
}

/* Prepares a module's view of one task on this host: connection, become,
 * timeout, the playbook's directory, reconnect, and the task's rollback:
 * line with variables substituted (*rollback, the caller frees it after
 * mr).  Returns 0 or -1 with err set. */
int host_run_module(struct host_run *hr, const struct task *task,
		    unsigned index, struct module_run *mr, char **rollback,
		    struct error *err)
{
	const struct play *play = host_run_play(hr);

	module_run_init(mr, hr->conn, hr->host->name, hr->ctx->run_id, index,
			task_become(play, task), task->timeout * 1000u);
	if (hr->base_dir == NULL) {
		char *slash;

		hr->base_dir = xstrdup(hr->ctx->playbook->file);
		slash = strrchr(hr->base_dir, '/');
		if (slash)
			*slash = '\0';
		else
			strcpy(hr->base_dir, ".");
	}
	mr->base_dir = hr->base_dir;
	mr->reconnect = host_run_reconnect;
	mr->engine = hr;
	*rollback = NULL;
	if (task->rollback &&
	    vars_expand_text(hr->vars, task->rollback, &task->at, rollback,
			     NULL, err) < 0)
		return -1;
	mr->rollback = *rollback;
	return 0;
}

/* Runs one task: when, args, probe, intent, apply, result. */
static int host_run_task(struct host_run *hr, unsigned index)
{
	const struct play *play = host_run_play(hr);
	const struct task *task = &play->tasks[index];
	const struct module *m = task->module;
	struct module_run mr;
	struct error err = ERROR_INIT;
	json_t *real = NULL, *shown = NULL, *prior = NULL, *ev;
	struct host_change *inflight = NULL;
	uint64_t start = monotime_ms();
	char *rollback = NULL;
	int holds = 1, changed = 0, ret = -1, applied = 0;

	module_run_init(&mr, hr->conn, hr->host->name, hr->ctx->run_id, index,
			task_become(play, task), task->timeout * 1000u);
	__atomic_store_n(&hr->task_now, index, __ATOMIC_RELAXED);
	if (host_run_module(hr, task, index, &mr, &rollback, &err) < 0)
		goto fail;
	if (index < hr->n_task_done && hr->task_done[index]) {
		/* Finished before the controller was restarted. */
		if (hr->n_changes || hr->status == HOST_OK)
			hr->status = hr->n_changes ? HOST_CHANGED : HOST_OK;
		ev = json_pack("{s:s, s:I, s:s}", "event", "task_skipped",
			       "task", (json_int_t)index, "reason",
			       "finished before resume");
		ret = host_run_journal(hr, ev);
		goto out;
	}
	inflight = host_run_inflight(hr, index);
	if (vars_when(hr->vars, task->when, task->n_when, &holds, &err) < 0)
		goto fail;
	if (!holds) {
		ev = json_pack("{s:s, s:I, s:s}", "event", "task_skipped",
			       "task", (json_int_t)index, "reason", "when");
		ret = host_run_journal(hr, ev);
		goto out;
	}
	if (m->probe == NULL || m->apply == NULL) {
		error_set_at(&err, ERROR_INVALID, task->module_at.file,
			     task->module_at.line, task->module_at.column,
			     "module '%s' cannot run yet (validation only)",
			     m->name);
		goto fail;
	}
	if (vars_expand_node(hr->vars, task->args, &real, &shown, &err) < 0)
		goto fail;
	if (m->probe(&mr, real, &prior, &err) < 0)
		goto fail;
	if (prior == NULL)
		prior = json_object();
	if (inflight) {
		/* The host may already hold this task's change: what it had
		 * before is what the first intent recorded. */
		json_decref(prior);
		prior = json_incref(inflight->prior);
	}
	/* Written and fsync'd before anything changes. */
	ev = json_pack("{s:s, s:I, s:s, s:s, s:O, s:O}", "event", "task_intent",
		       "task", (json_int_t)index, "name",
		       task->name ? task->name : m->name, "module", m->name,
		       "args", shown ? shown : json_null(), "prior", prior);
	if (host_run_journal(hr, ev) < 0)
		goto out;
	applied = 1;
	if (m->apply(&mr, real, prior, &changed, &err) < 0)
		goto fail;
	if (inflight) {
		/* Applied before the crash or now: either way it changed
		 * the host from its prior state, already remembered. */
		inflight->inflight = 0;
		inflight->failed = 0;
		changed = 1;
	} else if (changed) {
		host_run_remember(hr, index, prior, 0);
	}
	ret = journal_task_result(hr, index, changed ? "changed" : "ok",
				  changed, monotime_ms() - start, &mr, NULL);
	if (changed && hr->status == HOST_OK)
		hr->status = HOST_CHANGED;
	goto out;
fail:
	/* A change that failed half-way is reverted with the others. */
	if (inflight)
		inflight->inflight = 0;
	else if (applied && !(m->flags & MODULE_NO_CHANGE))
		host_run_remember(hr, index, prior, 1);
	journal_task_result(hr, index, "failed", 0, monotime_ms() - start, &mr,
			    &err);
	host_run_fail(hr, (int)index, &err);
	ret = -1;
out:
	module_run_release(&mr);
	free(rollback);
	json_decref(real);
	json_decref(shown);
	json_decref(prior);
	error_release(&err);
	return ret;
}

/* Runs the play's verify checks; phase names when ("apply", "soak"). */
static int host_run_checks(struct host_run *hr, const char *phase)
{
	const struct play *play = host_run_play(hr);
	struct error err = ERROR_INIT;
	size_t i;
	int ret = 0;

	for (i = 0; i < play->n_verify && ret == 0; i++) {
		const struct task *check = &play->verify[i];
		struct module_run mr;
		json_t *real = NULL, *prior = NULL, *ev;
		char *rollback = NULL;
		int changed = 0;

		if (host_run_module(hr, check, (unsigned)i, &mr, &rollback,
				    &err) < 0 ||
		    vars_expand_node(hr->vars, check->args, &real, NULL, &err) <
			    0 ||
		    (check->module->probe &&
		     check->module->probe(&mr, real, &prior, &err) < 0) ||
		    check->module->apply(&mr, real, prior, &changed, &err) < 0)
			ret = -1;
		ev = json_pack("{s:s, s:I, s:s, s:s}", "event", "verify",
			       "check", (json_int_t)i, "phase", phase, "status",
			       ret == 0 ? "ok" : "failed");
		if (ret < 0)
			json_object_set_new(
				ev, "error",
				json_string(err.message ? err.message : ""));
		if (host_run_journal(hr, ev) < 0)
			ret = -1;
		module_run_release(&mr);
		free(rollback);
		json_decref(real);
		json_decref(prior);
	}
	if (ret < 0 && err.kind != ERROR_NONE) {
		error_prefix(&err, "verify check %zu", i);
		host_run_fail(hr, -2, &err);
	}
	error_release(&err);
	return ret;
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

/* Reverts one change through its module (command and shell run the
 * task's rollback: line). */
static int revert_one(struct host_run *hr, struct host_change *c,
		      struct error *err)
{
	const struct play *play = host_run_play(hr);
	const struct task *task = &play->tasks[c->task];
	const struct module *m = task->module;
	struct module_run mr;
	json_t *real = NULL;
	char *rollback = NULL;
	int ret = -1;

	if (host_run_module(hr, task, c->task, &mr, &rollback, err) < 0)
		goto out;
	if (m->revert == NULL || module_task_irreversible(task)) {
		error_set(err, ERROR_FAILED,
			  "task %u (%s) cannot be reverted: give it a "
			  "rollback:",
			  c->task + 1, m->name);
		goto out;
	}
	if (vars_expand_node(hr->vars, task->args, &real, NULL, err) < 0)
		goto out;
	ret = m->revert(&mr, real, c->prior, err);
out:
	module_run_release(&mr);
	free(rollback);
	json_decref(real);
	return ret;
}

/* Reverts the host's changes, newest first. */
int host_run_revert(struct host_run *hr)
{
	struct error err = ERROR_INIT;
	json_t *ev;
	size_t i;
	int ret = 0;

	if (hr->vars == NULL &&
	    host_run_vars(hr->ctx, hr->host, &hr->vars, &err) < 0)
		goto fail_all;
	for (i = hr->n_changes; i-- > 0;) {
		struct host_change *c = &hr->changes[i];

		if (c->reverted)
			continue;
		if (host_run_connect(hr) < 0) {
			error_release(&err);
			err.kind = hr->error.kind;
			err.message = xstrdup(hr->error.message);
		} else if (revert_one(hr, c, &err) == 0) {
			c->reverted = 1;
			ev = json_pack("{s:s, s:I, s:s}", "event",
				       "rollback_step", "task",
				       (json_int_t)c->task, "status", "ok");
			host_run_journal(hr, ev);
			continue;
		}
		ev = json_pack("{s:s, s:I, s:s, s:s}", "event", "rollback_step",
			       "task", (json_int_t)c->task, "status", "failed",
			       "error", err.message ? err.message : "");
		host_run_journal(hr, ev);
		hr->revert_failed = 1;
		ret = -1;
		error_prefix(&err, "reverting task %u", c->task + 1);
		error_release(&hr->error);
		hr->error = err;
		memset(&err, 0, sizeof(err));
	}
	if (ret < 0)
		hr->status = HOST_ROLLBACK_FAILED;
	return ret;
fail_all:
	ev = json_pack("{s:s, s:s, s:s}", "event", "rollback_step", "status",
		       "failed", "error", err.message ? err.message : "");
	host_run_journal(hr, ev);
	error_release(&err);
	hr->revert_failed = 1;
	hr->status = HOST_ROLLBACK_FAILED;
	return -1;
}
