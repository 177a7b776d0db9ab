/*
 * run-output.c - the terminal side of a run session; see run-output.h.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cmd-run-progress.h"
#include "engine/run-session.h"
#include "git/git-source.h"
#include "ask-var.h"
#include "facts/facts-run.h"
#include "pattern-facts.h"
#include "run-output.h"

/* Terminal output of a run. */
struct run_output {
	const char *command;
	int json;
	struct progress *progress;  /* the live line, on a terminal */
	struct pattern_facts facts; /* what hosts: and --limit select by */
};

/* Prints a wave's start. */
static void out_wave_start(void *data, unsigned wave, unsigned n_waves,
			   size_t n_hosts, size_t budget)
{
	struct run_output *out = data;

	if (out->json)
		return;
	progress_lock(out->progress);
	printf("\nwave %u/%u: %zu host%s, rolled back after %zu failure%s\n",
	       wave, n_waves, n_hosts, n_hosts == 1 ? "" : "s", budget + 1,
	       budget == 0 ? "" : "s");
	progress_unlock(out->progress);
}

/* Prints one host's end. */
static void out_host_done(void *data, const struct host_run *hr)
{
	struct run_output *out = data;

	if (out->json)
		return;
	progress_lock(out->progress);
	printf("  %-20s %s%s%s\n", hr->host->name, host_status_name(hr->status),
	       hr->error.message ? ": " : "",
	       hr->error.message ? hr->error.message : "");
	progress_unlock(out->progress);
}

/* Prints a host's revert with its wave. */
static void out_rollback_done(void *data, const struct host_run *hr)
{
	struct run_output *out = data;

	if (out->json || (hr->n_changes == 0 && !hr->revert_failed))
		return;
	progress_lock(out->progress);
	printf("  %-20s %s\n", hr->host->name,
	       hr->revert_failed ? "ROLLBACK FAILED" : "rolled back");
	progress_unlock(out->progress);
}

/* Prints a wave's end. */
static void out_wave_end(void *data, unsigned wave, size_t ok, size_t failed,
			 int rolled_back)
{
	struct run_output *out = data;

	if (out->json)
		return;
	progress_lock(out->progress);
	printf("wave %u: %zu ok, %zu failed%s\n", wave, ok, failed,
	       rolled_back ? " - over budget, rolling back" : "");
	progress_unlock(out->progress);
}

/* Prints the hosts of a wave that ended after its window closed. */
static void out_window_overrun(void *data, unsigned wave, size_t late,
			       const char *window)
{
	struct run_output *out = data;

	if (out->json)
		return;
	progress_lock(out->progress);
	printf("wave %u: %zu host%s ended after window '%s' closed "
	       "(journal: window_overrun)\n",
	       wave, late, late == 1 ? "" : "s", window);
	progress_unlock(out->progress);
}

/* Prints an engine message. */
static void out_message(void *data, const char *text)
{
	fprintf(stderr, "crest run: %s\n", text);
}

/* Says that the window is closed and when it opens. */
static void out_window_closed(void *data, const char *window, const char *next)
{
	struct run_output *out = data;

	fprintf(stderr,
		"crest %s: outside window '%s'; it next opens at %s "
		"(--ignore-window runs now)\n",
		out->command, window, next);
}

/* Says that the lock of a dead controller's run was taken over. */
static void out_lock_taken_over(void *data, const char *stale)
{
	struct run_output *out = data;

	if (out->json)
		return;
	fprintf(stderr,
		"crest %s: taking over the lock of run %s, whose "
		"controller is gone; see 'crest show %s'\n",
		out->command, stale, stale);
}

/* Prints what runs, from which commit; starts the live line. */
static void out_begin(void *data, const struct run_session_info *info)
{
	struct run_output *out = data;
	const struct git_source *gs = info->source;

	if (out->json)
		return;
	printf("run %s: %s%s on %s\n", info->run_id,
	       info->resumed ? "resuming " : "", info->playbook,
	       info->inventory);
	if (gs->kind != GIT_SOURCE_DISK)
		printf("commit %.12s of %s (%s)%s\n", gs->commit,
		       gs->repository, gs->ref,
		       gs->kind == GIT_SOURCE_WORKTREE
			       ? ", with uncommitted changes (--allow-dirty)"
			       : "");
	if (isatty(STDOUT_FILENO))
		out->progress = progress_start();
}

/* Shows the play on the live line, after the hosts its pattern found
 * without facts, if any. */
static void out_play_start(void *data, struct run *r)
{
	struct run_output *out = data;

	progress_lock(out->progress);
	pattern_facts_note(&out->facts);
	progress_unlock(out->progress);
	progress_set_run(out->progress, r);
}

/* Prints the recap: per host, then the run's status. */
static void out_play_end(void *data, const struct run *r,
			 const struct run_session_info *info)
{
	struct run_output *out = data;
	size_t i, w;

	progress_set_run(out->progress, NULL);
	if (out->json)
		return;
	progress_lock(out->progress);
	printf("\nrecap (run %s)\n", info->run_id);
	for (w = 0; w < r->n_waves; w++) {
		for (i = 0; i < r->n_hosts; i++) {
			const struct host_run *hr = &r->hosts[i];

			if (hr->wave != w)
				continue;
			printf("  wave %zu  %-20s %-16s changes=%zu%s\n", w + 1,
			       hr->host->name, host_status_name(hr->status),
			       hr->n_changes,
			       hr->status == HOST_ROLLBACK_FAILED
				       ? "  NEEDS A PERSON"
				       : "");
		}
	}
	for (i = 0; i < r->n_hosts; i++)
		if (r->hosts[i].status == HOST_ROLLBACK_FAILED)
			printf("rollback failed on %s: see 'crest show %s'\n",
			       r->hosts[i].host->name, info->run_id);
	/* Never silently forgotten: each skipped host and why. */
	for (i = 0; i < r->n_hosts; i++)
		if (r->hosts[i].status == HOST_SKIPPED)
			printf("skipped %s (unreachable: skip, nothing ran): "
			       "%s\n",
			       r->hosts[i].host->name,
			       r->hosts[i].error.message
				       ? r->hosts[i].error.message
				       : "unreachable");
	printf("run %s: %s (journal %s)\n", info->run_id,
	       run_status_name(r->status), info->journal);
	progress_unlock(out->progress);
}

/* Says how a paused or interrupted run goes on. */
static void out_end(void *data, enum run_status status,
		    const struct run_session_info *info)
{
	struct run_output *out = data;

	if (status == RUN_PAUSED && info->pause_approval)
		fprintf(stderr, "crest %s: %s.\n", out->command,
			info->pause_message);
	else if (status == RUN_PAUSED)
		fprintf(stderr,
			"crest %s: %s.\nIt continues then with 'crest resume "
			"%s', or 'crest run' of the same playbook and commit "
			"(a 'crest schedule' timer does that).\n",
			out->command, info->pause_message, info->run_id);
	if (status == RUN_INTERRUPTED && !out->json)
		printf("interrupted: 'crest resume %s' goes on, 'crest "
		       "rollback %s' reverts\n",
		       info->run_id, info->run_id);
}

/* Fills the request from the options. */
void run_output_request(struct run_session_request *req,
			const struct options *o, char *const *evars)
{
	memset(req, 0, sizeof(*req));
	req->inventory = o->inventory;
	req->state_dir = o->state_dir;
	req->repo = o->repo;
	req->ref = o->ref;
	req->allow_dirty = o->allow_dirty;
	req->ignore_window = o->ignore_window;
	req->limit = o->limit;
	req->forks = o->forks;
	req->extra_vars = evars;
	req->n_extra_vars = o->n_vars;
	req->transport = &o->transport;
	req->shard = o->shard;
	req->rollout = o->rollout;
	req->gather_facts = o->facts;
	req->facts = &facts_run_ops;
}

/* Runs the session with terminal or JSON output; gate, when not NULL,
 * holds crest approve's fields. */
static int output_session(const char *command, const struct options *o,
			  const char *playbook, const char *run_id,
			  const struct run_session_request *gate)
{
	struct run_output out = {command, 0, NULL, {0}};
	struct run_observer observer = {
		out_wave_start,	   out_host_done, out_wave_end,
		out_rollback_done, out_message,	  &out,
	};
	struct run_session_output so = {0};
	struct run_session_request req;
	struct error err = ERROR_INIT;
	struct buf msg = BUF_INIT;
	char **evars = options_extra_vars(o);
	int rc;

	out.json = o->json || !isatty(STDOUT_FILENO);
	pattern_facts_init(&out.facts, command, o->state_dir);
	run_output_request(&req, o, evars);
	req.inventory_facts = pattern_facts_ops(&out.facts);
	req.command = command;
	req.playbook = playbook;
	req.run_id = run_id;
	if (gate) {
		req.approve = gate->approve;
		req.approve_wave = gate->approve_wave;
		req.comment = gate->comment;
	}
	so.events = out.json ? stdout : NULL;
	so.observer = &observer;
	so.begin = out_begin;
	so.lock_taken_over = out_lock_taken_over;
	so.window_closed = out_window_closed;
	so.window_overrun = out_window_overrun;
	so.play_start = out_play_start;
	so.play_end = out_play_end;
	so.end = out_end;
	so.ask_var = ask_var_tty;
	so.data = &out;
	rc = run_session_exec(&req, &so, &err);
	pattern_facts_note(&out.facts);
	if (err.kind != ERROR_NONE) {
		error_format(&err, &msg);
		fprintf(stderr, "crest %s: %s\n", command, msg.data);
	}
	progress_stop(out.progress);
	pattern_facts_release(&out.facts);
	options_extra_vars_free(evars);
	buf_release(&msg);
	error_release(&err);
	return rc;
}

/* Runs a new run or resumes one. */
int run_output_session(const char *command, const struct options *o,
		       const char *playbook, const char *run_id)
{
	return output_session(command, o, playbook, run_id, NULL);
}

/* Approves a wave of a run and goes on with it. */
int run_output_approve(const struct options *o, const char *run_id,
		       unsigned wave, const char *comment)
{
	struct run_session_request gate;

	memset(&gate, 0, sizeof(gate));
	gate.approve = 1;
	gate.approve_wave = wave;
	gate.comment = comment;
	return output_session("approve", o, NULL, run_id, &gate);
}
