/*
 * host-run-step.c - what every step of a host's run stands on: its play,
 * its variables, its connection, its failure, and a module's view of one
 * task; see host-run-step.h.  The state machine (host-run.c), a task
 * (host-run-task.c) and a revert (host-run-change.c) all call these, and
 * these call none of them, so the files depend one way.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "host-run-step.h"
#include "host-run.h"
#include "modules/module-run.h"
#include "modules/module.h"
#include "base/monotime.h"
#include "base/xmalloc.h"

/* Returns the play this run is working on. */
const struct play *host_run_play(const struct host_run *hr)
{
	return &hr->ctx->playbook->plays[hr->ctx->play_index];
}

/* Builds a host's variables in Ansible's order of precedence. */
int host_run_vars(const struct run_context *ctx, struct host *host,
		  struct vars **out, struct error *err)
{
	const struct play *play = &ctx->playbook->plays[ctx->play_index];
	struct vars *v = vars_new();
	char *dir = NULL, *slash;
	char *const *secrets;
	json_t *facts, *layer = NULL;
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
	/* Gathered facts are laid last: "facts" is the host's, whatever a
	 * variable of that name said. */
	facts = ctx->facts ? json_object_get(ctx->facts, host->name) : NULL;
	if (json_is_object(facts)) {
		layer = json_pack("{s:O}", "facts", facts);
		if (vars_merge(v, layer, NULL, err) < 0)
			goto out;
	}
	/* The journal masks these too, whatever path they take. */
	secrets = vars_secret_texts(v, &n_secrets);
	for (i = 0; i < n_secrets && ctx->journal; i++)
		journal_add_secret(ctx->journal, secrets[i]);
	*out = v;
	v = NULL;
	ret = 0;
out:
	json_decref(layer);
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

/* Returns how many seconds a resumed host may take to come back: when a
 * task that may reboot it (MODULE_REBOOTS) was in flight as the
 * controller died, the host may be rebooting still; 0 otherwise. */
static unsigned inflight_reboot_secs(const struct host_run *hr)
{
	const struct play *play = host_run_play(hr);
	const json_t *args;
	size_t i;

	for (i = 0; i < hr->n_changes; i++) {
		const struct host_change *c = &hr->changes[i];

		if (!c->inflight || c->task >= play->n_tasks ||
		    !(play->tasks[c->task].module->flags & MODULE_REBOOTS))
			continue;
		args = json_object_get(c->revert, "args");
		return module_arg_secs(args, "reboot_timeout",
				       module_arg_secs(args, "timeout", 600));
	}
	return 0;
}

/* Connects the host when it is not connected, or connects it again when
 * its connection was lost (a revert after a dropped session must not
 * send its commands down the dead one); a host that may be rebooting
 * (inflight_reboot_secs()) is tried once a second until it answers, the
 * time is up, or the run is stopped. */
int host_run_connect(struct host_run *hr)
{
	struct transport_target target = {0};
	struct timespec one = {1, 0};
	const char *conn;
	uint64_t deadline = 0;
	unsigned secs;
	int ret;

	if (hr->conn && transport_lost(hr->conn)) {
		transport_close(hr->conn);
		hr->conn = NULL;
	}
	if (hr->conn)
		return 0;
	target.name = hr->host->name;
	target.address = hr->host->address;
	target.port = hr->host->port;
	target.user = hr->host->user;
	conn = host_var(hr->host, "ansible_connection");
	target.local = conn && strcmp(conn, "local") == 0;
	for (;;) {
		ret = transport_connect(&target, hr->ctx->transport, &hr->conn,
					&hr->error);
		if (ret == 0 || (hr->error.kind != ERROR_UNREACHABLE &&
				 hr->error.kind != ERROR_TIMEOUT))
			return ret;
		if (deadline == 0) {
			secs = inflight_reboot_secs(hr);
			if (secs == 0)
				return ret;
			deadline = monotime_deadline(
				(secs > 86400 ? 86400 : secs) * 1000u);
		}
		if (monotime_ms() >= deadline ||
		    (hr->ctx->stop && *hr->ctx->stop))
			return ret;
		nanosleep(&one, NULL);
		error_release(&hr->error);
	}
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

/* Returns the effective become of a task. */
static int task_become(const struct play *play, const struct task *task)
{
	return task->become < 0 ? play->become : task->become;
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

/* Prepares a module's view of one task on this host, without rollback:
 * connection, become, timeout, the playbook's directory, reconnect. */
void host_run_module_view(struct host_run *hr, const struct task *task,
			  unsigned index, struct module_run *mr)
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
}

/* Prepares a module's view of one task and its rollback: line with the
 * host's variables (*rollback, and *shown with secrets masked when shown
 * is not NULL; the caller frees both, after mr). */
int host_run_module(struct host_run *hr, const struct task *task,
		    unsigned index, struct module_run *mr, char **rollback,
		    char **shown, struct error *err)
{
	host_run_module_view(hr, task, index, mr);
	*rollback = NULL;
	if (shown)
		*shown = NULL;
	if (task->rollback &&
	    vars_expand_text(hr->vars, task->rollback, &task->at, rollback,
			     shown, err) < 0)
		return -1;
	mr->rollback = *rollback;
	return 0;
}
