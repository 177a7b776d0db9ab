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
#include "base/monotime.h"
#include "base/xmalloc.h"
#include "base/json-get.h"

/* Remembers that a task changed the host (or may have, half-way). */
void host_run_remember(struct host_run *hr, unsigned index, json_t *prior,
		       json_t *revert, int failed)
{
	struct host_change *c;

	hr->changes = xreallocarray(hr->changes, hr->n_changes + 1,
				    sizeof(*hr->changes));
	c = &hr->changes[hr->n_changes++];
	memset(c, 0, sizeof(*c));
	c->task = index;
	c->prior = json_incref(prior);
	c->revert = json_incref(revert);
	c->failed = failed;
}

/* Adds a change the journal recorded. */
struct host_change *host_run_recall(struct host_run *hr,
				    const struct recorded_change *c)
{
	host_run_remember(hr, c->task, c->prior, c->revert, 0);
	return &hr->changes[hr->n_changes - 1];
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
	hr->in_flight = rec->wave > 0 && rec->status == NULL;
	for (i = 0; i < rec->n_changes; i++) {
		const struct recorded_change *c = &rec->changes[i];

		if (c->reverted)
			continue;
		host_run_recall(hr, c)->inflight = !c->finished;
	}
	if (rec->status) {
		hr->ended = 1;
		hr->status =
			strcmp(rec->status, "ok") == 0	      ? HOST_OK
			: strcmp(rec->status, "changed") == 0 ? HOST_CHANGED
			: strcmp(rec->status, "unreachable") == 0
				? HOST_UNREACHABLE
			: strcmp(rec->status, "rollback_failed") == 0
				? HOST_ROLLBACK_FAILED
			: strcmp(rec->status, "skipped") == 0 ? HOST_SKIPPED
							      : HOST_FAILED;
		if (rec->error)
			hr->error.message = xstrdup(rec->error);
	}
}

/* Returns 1 when the revert of module m reads argument key ("": the
 * whole value, when it is no mapping). */
static int revert_reads(const struct module *m, const char *key)
{
	size_t i;

	if (m->revert_args == NULL)
		return 1;
	for (i = 0; *key && m->revert_args[i]; i++)
		if (strcmp(m->revert_args[i], key) == 0)
			return 1;
	return 0;
}

/* Renders what of change c the journal could not hold again from the
 * playbook with the host's variables: the masked arguments the revert
 * reads, into args, and a masked rollback: line, into *rollback. */
static int render_masked(struct host_run *hr, const struct task *task,
			 const json_t *rec, json_t **args, char **rollback,
			 struct error *err)
{
	const json_t *masked = json_object_get(rec, "masked");
	json_t *real = NULL, *key;
	size_t i;
	int ret = -1;

	json_array_foreach(masked, i, key)
	{
		const char *name = json_string_value(key);

		if (name == NULL || !revert_reads(task->module, name))
			continue;
		if (real == NULL && vars_expand_node(hr->vars, task->args,
						     &real, NULL, err) < 0)
			goto out;
		if (*name == '\0' || !json_is_object(*args)) {
			json_decref(*args);
			*args = json_incref(real);
		} else {
			json_object_set(*args, name,
					json_object_get(real, name));
		}
	}
	if (json_is_true(json_object_get(rec, "rollback_masked")) &&
	    task->rollback) {
		free(*rollback);
		*rollback = NULL;
		if (vars_expand_text(hr->vars, task->rollback, &task->at,
				     rollback, NULL, err) < 0)
			goto out;
	}
	ret = 0;
out:
	json_decref(real);
	return ret;
}

/* Gives the arguments (*args) and rollback: line (*rollback, or NULL)
 * change c is reverted with: as they were when its task ran, never the
 * templates rendered again with variables that may be gone; only what
 * the journal could not hold (a secret the revert reads), or everything
 * for a journal from before crest recorded it, is rendered again. */
static int revert_inputs(struct host_run *hr, const struct host_change *c,
			 json_t **args, char **rollback, struct error *err)
{
	const struct task *task = &host_run_play(hr)->tasks[c->task];
	const json_t *rec = c->revert;
	const char *line = json_get_str(rec, "rollback", NULL);
	int ret = -1;

	*args = NULL;
	*rollback = NULL;
	if (rec == NULL) {
		if (vars_expand_node(hr->vars, task->args, args, NULL, err) <
			    0 ||
		    (task->rollback &&
		     vars_expand_text(hr->vars, task->rollback, &task->at,
				      rollback, NULL, err) < 0))
			goto out;
		ret = 0;
		goto out;
	}
	*args = json_deep_copy(json_object_get(rec, "args"));
	if (*args == NULL)
		*args = json_null();
	*rollback = line ? xstrdup(line) : NULL;
	ret = render_masked(hr, task, rec, args, rollback, err);
out:
	if (ret < 0) {
		error_prefix(err,
			     "task %u (%s) on %s needs a value the journal "
			     "does not hold (a secret, or a variable gone); "
			     "give it again with -e",
			     c->task + 1, task->module->name, hr->host->name);
		json_decref(*args);
		*args = NULL;
		free(*rollback);
		*rollback = NULL;
	}
	return ret;
}

/* Reverts one change through its module (command and shell run the
 * task's rollback: line as it was when the task ran). */
static int revert_one(struct host_run *hr, struct host_change *c,
		      struct error *err)
{
	const struct play *play = host_run_play(hr);
	const struct task *task = &play->tasks[c->task];
	const struct module *m = task->module;
	struct module_run mr;
	json_t *args = NULL;
	char *rollback = NULL;
	int ret = -1;

	host_run_module_view(hr, task, c->task, &mr);
	if (m->revert == NULL || module_task_irreversible(task)) {
		error_set(err, ERROR_FAILED,
			  "task %u (%s) cannot be reverted: give it a "
			  "rollback:",
			  c->task + 1, m->name);
		goto out;
	}
	if (revert_inputs(hr, c, &args, &rollback, err) < 0)
		goto out;
	mr.rollback = rollback;
	ret = m->revert(&mr, args, c->prior, err);
out:
	module_run_release(&mr);
	free(rollback);
	json_decref(args);
	return ret;
}

/* Checks that every change not reverted yet can be, touching nothing. */
int host_run_revert_ready(struct host_run *hr, struct error *err)
{
	json_t *args = NULL;
	char *rollback = NULL;
	size_t i;
	int ret = -1;

	if (hr->vars == NULL &&
	    host_run_vars(hr->ctx, hr->host, &hr->vars, err) < 0)
		goto out;
	for (i = 0; i < hr->n_changes; i++) {
		if (hr->changes[i].reverted)
			continue;
		if (revert_inputs(hr, &hr->changes[i], &args, &rollback, err) <
		    0) {
			err->kind = ERROR_INVALID;
			goto out;
		}
		json_decref(args);
		free(rollback);
	}
	ret = 0;
out:
	return ret;
}

/* Reverts the host's changes, newest first; each rollback_step records
 * how long its revert took (duration_ms), for the run's timeline. */
int host_run_revert(struct host_run *hr)
{
	struct error err = ERROR_INIT;
	json_t *ev;
	uint64_t start;
	size_t i;
	int ret = 0;

	if (hr->vars == NULL &&
	    host_run_vars(hr->ctx, hr->host, &hr->vars, &err) < 0)
		goto fail_all;
	for (i = hr->n_changes; i-- > 0;) {
		struct host_change *c = &hr->changes[i];
		int ok = 0;

		if (c->reverted)
			continue;
		if (journal_failure(hr->ctx->journal)) {
			/* A revert the journal cannot record is not run. */
			ret = -1;
			hr->revert_failed = 1;
			break;
		}
		start = monotime_ms();
		if (host_run_connect(hr) < 0) {
			/* The change stays on the host, recorded: a later
			 * crest rollback reverts it once the host is back. */
			error_release(&err);
			error_set(&err, hr->error.kind,
				  "the host is unreachable (%s); 'crest "
				  "rollback %s' reverts it once it is back",
				  hr->error.message ? hr->error.message : "",
				  hr->ctx->run_id);
		} else if (revert_one(hr, c, &err) == 0) {
			ok = 1;
		}
		ev = json_pack("{s:s, s:I, s:s}", "event", "rollback_step",
			       "task", (json_int_t)c->task, "status",
			       ok ? "ok" : "failed");
		if (!ok)
			json_object_set_new(
				ev, "error",
				json_string(err.message ? err.message : ""));
		json_object_set_new(
			ev, "duration_ms",
			json_integer((json_int_t)(monotime_ms() - start)));
		host_run_journal(hr, ev);
		if (ok) {
			c->reverted = 1;
			continue;
		}
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
