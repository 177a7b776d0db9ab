/*
 * plan.c - probing and describing a play's tasks on one host; see plan.h.
 */
#include <stdlib.h>
#include <string.h>

#include "modules/module-run.h"
#include "modules/module.h"
#include "plan.h"

/* Describes one task on the host. */
static int plan_task(struct host_run *hr, const struct play *play,
		     unsigned index, struct buf *out)
{
	const struct task *task = &play->tasks[index];
	const struct module *m = task->module;
	struct module_run mr;
	struct error err = ERROR_INIT;
	struct buf what = BUF_INIT;
	json_t *real = NULL, *shown = NULL, *prior = NULL;
	char *rollback = NULL;
	int holds = 1, ret = -1;

	buf_addf(out, "    %u. %s (%s)%s: ", index + 1,
		 task->name ? task->name : m->name, m->name,
		 module_task_irreversible(task) ? " [irreversible]" : "");
	if (host_run_module(hr, task, index, &mr, &rollback, NULL, &err) < 0)
		goto fail;
	if (vars_when(hr->vars, task->when, task->n_when, &holds, &err) < 0)
		goto fail;
	if (!holds) {
		buf_adds(out, "skipped (when)\n");
		ret = 0;
		goto out;
	}
	if (m->probe == NULL || m->describe == NULL) {
		buf_adds(out, "cannot be planned: the module has no probe\n");
		ret = 0;
		goto out;
	}
	if (vars_expand_node(hr->vars, task->args, &real, &shown, &err) < 0 ||
	    m->probe(&mr, real, &prior, &err) < 0)
		goto fail;
	if (m->describe(shown, prior, &what) < 0) {
		/* describe fails when apply would: say why. */
		buf_adds(out, "would fail");
		if (what.len)
			buf_addf(out, ": %s", what.data);
		buf_addch(out, '\n');
	} else {
		char *text = vars_redact(hr->vars,
					 what.len ? what.data : "no change");

		buf_adds(out, text);
		if (!what.len || what.data[what.len - 1] != '\n')
			buf_addch(out, '\n');
		free(text);
	}
	ret = 0;
	goto out;
fail:
	buf_adds(out, "cannot be probed: ");
	error_format(&err, out);
	buf_addch(out, '\n');
out:
	module_run_release(&mr);
	free(rollback);
	json_decref(real);
	json_decref(shown);
	json_decref(prior);
	buf_release(&what);
	error_release(&err);
	return ret;
}

/* Probes and describes every task on one host. */
int plan_host(struct host_run *hr, struct buf *out)
{
	const struct play *play =
		&hr->ctx->playbook->plays[hr->ctx->play_index];
	struct error err = ERROR_INIT;
	unsigned i;
	int ret = 0;

	buf_addf(out, "  %s\n", hr->host->name);
	if (hr->vars == NULL &&
	    host_run_vars(hr->ctx, hr->host, &hr->vars, &err) < 0) {
		buf_adds(out, "    cannot plan: ");
		error_format(&err, out);
		buf_addch(out, '\n');
		error_release(&hr->error);
		hr->error = err;
		return -1;
	}
	if (host_run_connect(hr) < 0) {
		buf_addf(out, "    %s: %s\n", error_kind_name(hr->error.kind),
			 hr->error.message ? hr->error.message : "");
		return -1;
	}
	for (i = 0; i < play->n_tasks; i++)
		if (plan_task(hr, play, i, out) < 0)
			ret = -1;
	return ret;
}
