/*
 * host-run-change.c - the changes one host holds: remembered as its tasks
 * change it, loaded from the journal when a run is resumed, and reverted
 * newest first, each step journalled; see host-run.h.
 */
#include <stdlib.h>
#include <string.h>

#include "host-run-step.h"
#include "run-state.h"
#include "modules/module-run.h"
#include "modules/module.h"
#include "base/xmalloc.h"

/* Remembers that a task changed the host (or may have, half-way). */
void host_run_remember(struct host_run *hr, unsigned index, json_t *prior,
		       int failed)
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
struct host_change *host_run_inflight(struct host_run *hr, unsigned index)
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
