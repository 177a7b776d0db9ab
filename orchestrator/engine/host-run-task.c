/*
 * host-run-task.c - one task or verify check on one host: its module's
 * view of the host, its when, its arguments with the host's variables,
 * probe, the intent journalled before apply, then the result; see
 * host-run.h (TASKS) and host-run-step.h.
 */
#include <stdlib.h>
#include <string.h>

#include "host-run-step.h"
#include "modules/module-run.h"
#include "modules/module.h"
#include "base/monotime.h"
#include "base/xmalloc.h"

/* Adds to a task_intent event what a revert in another process (resume,
 * crest rollback) works from besides the shown arguments: the rollback:
 * line as shown, and which of the arguments and whether the line had a
 * secret masked, to be rendered again only if the revert reads it. */
static void intent_revert(json_t *ev, const json_t *real, const json_t *shown,
			  const char *rollback, const char *shown_rollback)
{
	json_t *masked = json_array(), *v;
	const char *key;

	if (json_is_object(real) && json_is_object(shown)) {
		json_object_foreach(
			(json_t *)real, key,
			v) if (!json_equal(v, json_object_get(shown, key)))
			json_array_append_new(masked, json_string(key));
	} else if (!json_equal(real, shown)) {
		json_array_append_new(masked, json_string(""));
	}
	json_object_set_new(ev, "masked", masked);
	if (shown_rollback)
		json_object_set_new(ev, "rollback",
				    json_string(shown_rollback));
	if (rollback && shown_rollback && strcmp(rollback, shown_rollback))
		json_object_set_new(ev, "rollback_masked", json_true());
}

/* Runs one task: when, args, probe, intent, apply, result. */
int host_run_task(struct host_run *hr, unsigned index)
{
	const struct play *play = host_run_play(hr);
	const struct task *task = &play->tasks[index];
	const struct module *m = task->module;
	struct module_run mr;
	struct error err = ERROR_INIT;
	json_t *real = NULL, *shown = NULL, *prior = NULL, *revert = NULL, *ev;
	struct host_change *inflight = NULL;
	uint64_t start = monotime_ms();
	char *rollback = NULL, *shown_rollback = NULL;
	int holds = 1, changed = 0, ret = -1, applied = 0;

	/* Made ready to release; host_run_module() sets it up. */
	module_run_init(&mr, hr->conn, hr->host->name, hr->ctx->run_id, index,
			0, 0);
	__atomic_store_n(&hr->task_now, index, __ATOMIC_RELAXED);
	if (host_run_module(hr, task, index, &mr, &rollback, &shown_rollback,
			    &err) < 0)
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
	/* Written and fsync'd before anything changes; with what a revert
	 * in another process works from (the arguments as shown). */
	ev = json_pack("{s:s, s:I, s:s, s:s, s:O, s:O}", "event", "task_intent",
		       "task", (json_int_t)index, "name",
		       task->name ? task->name : m->name, "module", m->name,
		       "args", shown ? shown : json_null(), "prior", prior);
	intent_revert(ev, real, shown, rollback, shown_rollback);
	if (host_run_journal(hr, ev) < 0)
		goto out;
	revert = json_pack("{s:O, s:[]}", "args", real, "masked");
	if (rollback)
		json_object_set_new(revert, "rollback", json_string(rollback));
	applied = 1;
	if (m->apply(&mr, real, prior, &changed, &err) < 0)
		goto fail;
	if (inflight) {
		/* Applied before the crash or now: either way it changed
		 * the host from its prior state, already remembered. */
		inflight->inflight = 0;
		inflight->failed = 0;
		json_decref(inflight->revert);
		inflight->revert = json_incref(revert);
		changed = 1;
	} else if (changed) {
		host_run_remember(hr, index, prior, revert, 0);
	}
	ret = host_run_journal_result(hr, index, changed ? "changed" : "ok",
				      changed, monotime_ms() - start, &mr,
				      NULL);
	if (changed && hr->status == HOST_OK)
		hr->status = HOST_CHANGED;
	goto out;
fail:
	/* A change that failed half-way is reverted with the others. */
	if (inflight) {
		inflight->inflight = 0;
		if (revert) {
			json_decref(inflight->revert);
			inflight->revert = json_incref(revert);
		}
	} else if (applied && !(m->flags & MODULE_NO_CHANGE)) {
		host_run_remember(hr, index, prior, revert, 1);
	}
	host_run_journal_result(hr, index, "failed", 0, monotime_ms() - start,
				&mr, &err);
	host_run_fail(hr, (int)index, &err);
	ret = -1;
out:
	module_run_release(&mr);
	free(rollback);
	free(shown_rollback);
	json_decref(real);
	json_decref(shown);
	json_decref(prior);
	json_decref(revert);
	error_release(&err);
	return ret;
}

/* Runs the play's verify checks; phase names when ("apply", "soak"). */
int host_run_checks(struct host_run *hr, const char *phase)
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
				    NULL, &err) < 0 ||
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
