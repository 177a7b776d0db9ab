/*
 * run.c - waves, failure budgets and rollback; see run.h.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "budget.h"
#include "executor.h"
#include "run.h"
#include "run-analysis.h"
#include "run-state.h"
#include "wave.h"
#include "base/xmalloc.h"

/* What the executor's callbacks share while one wave runs. */
struct wave_job {
	struct run *r;
	size_t first, n; /* the wave's hosts: r->hosts[first .. first+n) */
	size_t next;	 /* next host to hand out */
	size_t failed;
	size_t ok;
	size_t skipped; /* unreachable: skip (budget.h) */
	int exceeded;	/* failures passed the budget: start no more */
	int (*work)(void *host_run); /* work_apply, work_verify... */
	int rollback; /* the job reverts (observer->rollback_done) */
};

/* Names a run status. */
const char *run_status_name(enum run_status status)
{
	switch (status) {
	case RUN_OK:
		return "ok";
	case RUN_FAILED:
		return "failed";
	case RUN_ROLLED_BACK:
		return "rolled_back";
	case RUN_ROLLBACK_FAILED:
		return "rollback_failed";
	case RUN_INTERRUPTED:
		return "interrupted";
	case RUN_INVALID:
		return "invalid";
	case RUN_PAUSED:
		return "paused";
	case RUN_JOURNAL_FAILED:
		return "journal_failed";
	}
	return "unknown";
}

/* Maps a run status to crest's exit code. */
int run_status_exit_code(enum run_status status)
{
	switch (status) {
	case RUN_OK:
		return CREST_EXIT_OK;
	case RUN_FAILED:
		return CREST_EXIT_FAILED;
	case RUN_ROLLED_BACK:
		return CREST_EXIT_ROLLED_BACK;
	case RUN_ROLLBACK_FAILED:
		return CREST_EXIT_ROLLBACK_FAILED;
	case RUN_INTERRUPTED:
		return CREST_EXIT_INTERRUPTED;
	case RUN_INVALID:
		return CREST_EXIT_INVALID;
	case RUN_PAUSED:
		return CREST_EXIT_WINDOW;
	case RUN_JOURNAL_FAILED:
		return CREST_EXIT_JOURNAL;
	}
	return CREST_EXIT_FAILED;
}

/* Returns the play of the run. */
static const struct play *run_play_of(const struct run *r)
{
	return &r->ctx.playbook->plays[r->ctx.play_index];
}

/* Selects, orders and cuts hosts into waves. */
int run_prepare(struct run *r, const struct run_context *ctx, const char *limit,
		unsigned forks, struct error *err)
{
	const struct play *play = &ctx->playbook->plays[ctx->play_index];
	struct host **hosts = NULL;
	size_t n = 0, i, w, k = 0;
	int ret = -1;

	memset(r, 0, sizeof(*r));
	r->ctx = *ctx;
	r->forks = forks;
	if (inventory_select(ctx->inventory, play->hosts, limit, &hosts, &n,
			     err) < 0)
		goto out;
	if (n == 0) {
		error_set_at(err, ERROR_INVALID, play->hosts_at.file,
			     play->hosts_at.line, play->hosts_at.column,
			     "hosts: '%s'%s%s%s matched no host in the "
			     "inventory",
			     play->hosts, limit ? " with --limit '" : "",
			     limit ? limit : "", limit ? "'" : "");
		goto out;
	}
	/* The pattern matched: a shard holding none of its hosts has a play
	 * of no wave, which runs nothing (docs/scaling.md). */
	shard_keep(hosts, &n, &ctx->shard);
	wave_order(hosts, n, play->order, play->seed);
	if (play->spread_by)
		wave_spread(hosts, n, play->spread_by);
	r->wave_sizes = wave_sizes(play->waves, play->n_waves, n, &r->n_waves);
	r->hosts = xcalloc(n, sizeof(*r->hosts));
	r->n_hosts = n;
	for (w = 0; w < r->n_waves; w++)
		for (i = 0; i < r->wave_sizes[w]; i++, k++)
			host_run_init(&r->hosts[k], hosts[k], &r->ctx,
				      (unsigned)w);
	ret = 0;
out:
	free(hosts);
	return ret;
}

/* Executor: applies a host's tasks, on a worker thread. */
static int work_apply(void *task)
{
	return host_run_apply(task);
}

/* Executor: runs a host's checks again after the soak. */
static int work_verify(void *task)
{
	return host_run_verify(task);
}

/* Executor: reverts a host's changes with its wave. */
static int work_revert(void *task)
{
	return host_run_revert(task);
}

/* Says whether the wave's job skips host hr: one that ended before a
 * resume does not run its tasks again (it does revert with its wave and
 * check again after its soak); over the budget, no host starts but one
 * in flight when the controller died, which finishes as it would have. */
static int wave_skips(const struct wave_job *job, const struct host_run *hr)
{
	if (job->work != work_apply)
		return job->exceeded;
	return hr->ended || (job->exceeded && !hr->in_flight);
}

/* Executor: hands out the wave's next host unless it must stop. */
static int wave_get_next(void *data, void **task)
{
	struct wave_job *job = data;

	if ((job->r->ctx.stop && *job->r->ctx.stop) ||
	    journal_failure(job->r->ctx.journal))
		return 0;
	while (job->next < job->n &&
	       wave_skips(job, &job->r->hosts[job->first + job->next]))
		job->next++;
	if (job->next >= job->n)
		return 0;
	*task = &job->r->hosts[job->first + job->next++];
	return 1;
}

/* Executor: counts a host that ended, on the calling thread. */
static void wave_host_finished(void *data, void *task, int result)
{
	struct wave_job *job = data;
	struct host_run *hr = task;
	const struct run_observer *obs = job->r->observer;

	if (!job->rollback && hr->status == HOST_SKIPPED)
		job->skipped++;
	else if (result < 0)
		job->failed++;
	else
		job->ok++;
	if (!job->rollback) {
		__atomic_store_n(&job->r->live_done, job->ok + job->failed,
				 __ATOMIC_RELAXED);
		__atomic_store_n(&job->r->live_failed, job->failed,
				 __ATOMIC_RELAXED);
	}
	if (!job->rollback &&
	    budget_exceeded(job->r, job->first, job->n, job->failed))
		job->exceeded = 1;
	if (job->rollback) {
		if (obs && obs->rollback_done)
			obs->rollback_done(obs->data, hr);
	} else if (obs && obs->host_done) {
		obs->host_done(obs->data, hr);
	}
}

/* Runs work over hosts [first, first+n) with the executor. */
static int wave_execute(struct run *r, struct wave_job *job, struct error *err)
{
	struct executor_options opts = {0};

	opts.forks = r->forks;
	opts.get_next = wave_get_next;
	opts.run = job->work;
	opts.task_finished = wave_host_finished;
	opts.data = job;
	return executor_run(&opts, err);
}

/* Writes a run-level event to the journal. */
static void run_journal(struct run *r, json_t *ev)
{
	struct error err = ERROR_INIT;

	if (journal_append(r->ctx.journal, ev, &err) < 0 && r->observer &&
	    r->observer->message)
		r->observer->message(r->observer->data, err.message);
	json_decref(ev);
	error_release(&err);
}

/* Returns the hosts of wave w: *first and the count. */
static size_t wave_range(const struct run *r, size_t w, size_t *first)
{
	size_t i, k = 0;

	for (i = 0; i < w; i++)
		k += r->wave_sizes[i];
	*first = k;
	return r->wave_sizes[w];
}

/* Rolls back wave w: every host that holds changes reverts.  Returns 0,
 * or -1 when a revert failed. */
static int run_rollback_wave(struct run *r, size_t w)
{
	struct wave_job job = {0};
	struct error err = ERROR_INIT;
	size_t first, n, i;
	int ret = 0;

	n = wave_range(r, w, &first);
	run_journal(r, json_pack("{s:s, s:I}", "event", "rollback_start",
				 "wave", (json_int_t)w + 1));
	job.r = r;
	job.first = first;
	job.n = n;
	job.rollback = 1;
	job.work = work_revert;
	if (wave_execute(r, &job, &err) < 0) {
		error_release(&err);
		return -1;
	}
	for (i = first; i < first + n; i++) {
		struct host_run *hr = &r->hosts[i];

		if (hr->revert_failed) {
			hr->status = HOST_ROLLBACK_FAILED;
			ret = -1;
		} else if (hr->status == HOST_OK ||
			   hr->status == HOST_CHANGED) {
			hr->status = HOST_ROLLED_BACK;
		}
	}
	run_journal(r, json_pack("{s:s, s:I, s:s}", "event", "rollback_end",
				 "wave", (json_int_t)w + 1, "status",
				 ret == 0 ? "ok" : "failed"));
	return ret;
}

/* Journals the soak after wave w, then sleeps it a second at a time so an
 * interrupt cuts it short, measuring the play's analysis as it goes.
 * Returns 1 when the wave failed its analysis, else 0. */
static int run_soak(struct run *r, size_t w, unsigned seconds,
		    struct run_analysis *ra)
{
	struct timespec one = {1, 0};
	unsigned i;

	run_journal(r, json_pack("{s:s, s:I, s:I}", "event", "soak_start",
				 "wave", (json_int_t)w + 1, "seconds",
				 (json_int_t)seconds));
	for (i = 0; i < seconds; i++) {
		if (r->ctx.stop && *r->ctx.stop)
			return 0;
		if (run_analysis_due(ra))
			return 1;
		nanosleep(&one, NULL);
	}
	return 0;
}

/* Runs one wave; returns 1 when it exceeded its budget, 0 when it held,
 * -1 when the engine itself failed. */
static int run_wave(struct run *r, size_t w)
{
	const struct play *play = run_play_of(r);
	const struct run_observer *obs = r->observer;
	struct wave_job job = {0};
	struct error err = ERROR_INIT;
	struct run_analysis ra;
	size_t first, n, budget, i;

	n = wave_range(r, w, &first);
	budget = budget_of_wave(r, first, n);
	run_journal(r,
		    json_pack("{s:s, s:I, s:I, s:I}", "event", "wave_start",
			      "wave", (json_int_t)w + 1, "hosts", (json_int_t)n,
			      "max_failures", (json_int_t)budget));
	if (obs && obs->wave_start)
		obs->wave_start(obs->data, (unsigned)w + 1,
				(unsigned)r->n_waves, n, budget);
	job.r = r;
	job.first = first;
	job.n = n;
	job.work = work_apply;
	__atomic_store_n(&r->live_done, 0, __ATOMIC_RELAXED);
	__atomic_store_n(&r->live_failed, 0, __ATOMIC_RELAXED);
	__atomic_store_n(&r->live_first, first, __ATOMIC_RELAXED);
	__atomic_store_n(&r->live_wave, w, __ATOMIC_RELAXED);
	/* A resumed wave counts the failures it had before. */
	for (i = first; i < first + n; i++)
		if (r->hosts[i].ended && budget_counts(&r->hosts[i]))
			job.failed++;
		else if (r->hosts[i].ended &&
			 r->hosts[i].status == HOST_SKIPPED)
			job.skipped++;
	if (budget_exceeded(r, first, n, job.failed))
		job.exceeded = 1;
	if (wave_execute(r, &job, &err) < 0) {
		if (obs && obs->message)
			obs->message(obs->data, err.message);
		error_release(&err);
		return -1;
	}
	run_analysis_init(&ra, r, w);
	if (!job.exceeded && !(r->ctx.stop && *r->ctx.stop) &&
	    play->n_verify > 0 && play->pause > 0) {
		/* The soak, then the checks again on every host that held. */
		job.exceeded = run_soak(r, w, play->pause, &ra);
		job.next = 0;
		job.work = work_verify;
		job.ok = 0;
		if (!job.exceeded && wave_execute(r, &job, &err) < 0)
			error_release(&err);
	} else if (!job.exceeded && play->pause > 0 && w + 1 < r->n_waves) {
		job.exceeded = run_soak(r, w, play->pause, &ra);
	}
	/* The metric gate: a failed analysis fails the wave as a whole. */
	if (!job.exceeded && !(r->ctx.stop && *r->ctx.stop) &&
	    run_analysis_gate(&ra))
		job.exceeded = 1;
	run_analysis_release(&ra);
	run_journal(r, json_pack("{s:s, s:I, s:I, s:I, s:I, s:b}", "event",
				 "wave_end", "wave", (json_int_t)w + 1, "ok",
				 (json_int_t)(n - job.failed - job.skipped),
				 "failed", (json_int_t)job.failed, "skipped",
				 (json_int_t)job.skipped, "exceeded",
				 job.exceeded));
	if (obs && obs->wave_end)
		obs->wave_end(obs->data, (unsigned)w + 1,
			      n - job.failed - job.skipped, job.failed,
			      job.exceeded);
	return job.exceeded ? 1 : 0;
}

/* Runs every wave of the play. */
enum run_status run_play(struct run *r)
{
	const struct play *play = run_play_of(r);
	size_t w, i, failed = 0;
	int rc, rollback_failed = 0;

	r->status = RUN_OK;
	for (w = 0; w < r->n_waves; w++) {
		if (r->ctx.stop && *r->ctx.stop) {
			r->status = RUN_INTERRUPTED;
			break;
		}
		/* The window's gate: a wave that would overrun it waits for
		 * the next one (crest resume). */
		if (r->wave_gate && r->wave_gate(r->gate_data, r, w)) {
			r->status = RUN_PAUSED;
			break;
		}
		rc = run_wave(r, w);
		r->waves_done = (unsigned)w + 1;
		if (journal_failure(r->ctx.journal)) {
			/* Nothing more runs, not even a rollback, that the
			 * journal could not record. */
			if (r->observer && r->observer->message)
				r->observer->message(
					r->observer->data,
					journal_failure(r->ctx.journal));
			r->status = RUN_JOURNAL_FAILED;
			return r->status;
		}
		if (rc < 0) {
			r->status = RUN_FAILED;
			break;
		}
		if (rc == 0)
			continue;
		/* Over budget: this wave, and with rollback: run the
		 * earlier ones, newest first. */
		if (play->rollback != ROLLBACK_NONE) {
			if (run_rollback_wave(r, w) < 0)
				rollback_failed = 1;
			if (play->rollback == ROLLBACK_RUN)
				for (i = w; i-- > 0;)
					if (run_rollback_wave(r, i) < 0)
						rollback_failed = 1;
		}
		r->status = rollback_failed ? RUN_ROLLBACK_FAILED
			    : play->rollback == ROLLBACK_NONE ? RUN_FAILED
							      : RUN_ROLLED_BACK;
		return r->status;
	}
	for (i = 0; i < r->n_hosts; i++) {
		if (r->hosts[i].status == HOST_ROLLBACK_FAILED)
			rollback_failed = 1;
		else if (r->hosts[i].status == HOST_FAILED ||
			 r->hosts[i].status == HOST_UNREACHABLE)
			failed++;
	}
	if (rollback_failed)
		r->status = RUN_ROLLBACK_FAILED;
	else if (r->status == RUN_OK && failed > 0)
		r->status = RUN_FAILED;
	if (r->ctx.stop && *r->ctx.stop && r->status != RUN_ROLLBACK_FAILED)
		r->status = RUN_INTERRUPTED;
	return r->status;
}

/* Builds a run holding the recorded changes of one play. */
int run_prepare_revert(struct run *r, const struct run_context *ctx,
		       const struct run_state *rs, unsigned forks,
		       struct error *err)
{
	size_t i, k, n = 0, max_wave = 1;

	memset(r, 0, sizeof(*r));
	r->ctx = *ctx;
	r->forks = forks;
	r->hosts = xcalloc(rs->n_hosts ? rs->n_hosts : 1, sizeof(*r->hosts));
	for (i = 0; i < rs->n_hosts; i++) {
		const struct host_record *h = &rs->hosts[i];
		struct host *host;
		struct host_run *hr;

		for (k = 0; k < h->n_changes; k++)
			if (!h->changes[k].reverted &&
			    h->changes[k].play == ctx->play_index)
				break;
		if (k == h->n_changes)
			continue;
		host = inventory_host(ctx->inventory, h->name);
		if (host == NULL) {
			run_release(r);
			return error_set(err, ERROR_INVALID,
					 "host %s changed in run %s is not in "
					 "the inventory any more; give -i "
					 "with an inventory that has it",
					 h->name, rs->run_id);
		}
		hr = &r->hosts[n++];
		host_run_init(hr, host, &r->ctx, h->wave ? h->wave - 1 : 0);
		hr->status = HOST_CHANGED;
		for (k = 0; k < h->n_changes; k++) {
			const struct recorded_change *c = &h->changes[k];

			if (c->reverted || c->play != ctx->play_index)
				continue;
			host_run_recall(hr, c)->failed = !c->finished;
		}
		if (hr->wave + 1 > max_wave)
			max_wave = hr->wave + 1;
	}
	r->n_hosts = n;
	/* Hosts sorted by wave, as run_rollback_wave() takes ranges. */
	for (i = 1; i < n; i++)
		for (k = i; k > 0 && r->hosts[k - 1].wave > r->hosts[k].wave;
		     k--) {
			struct host_run tmp = r->hosts[k];

			r->hosts[k] = r->hosts[k - 1];
			r->hosts[k - 1] = tmp;
		}
	r->n_waves = max_wave;
	r->wave_sizes = xcalloc(max_wave, sizeof(*r->wave_sizes));
	for (i = 0; i < n; i++)
		r->wave_sizes[r->hosts[i].wave]++;
	return 0;
}

/* Loads the journal of a run being resumed into the prepared hosts. */
void run_resume_from(struct run *r, const struct run_state *rs)
{
	size_t i;

	for (i = 0; i < r->n_hosts; i++) {
		const struct host_record *rec =
			run_state_host(rs, r->hosts[i].host->name);

		if (rec && rec->play == r->ctx.play_index)
			host_run_resume(&r->hosts[i], rec);
	}
}

/* Checks that every host's changes can be reverted, touching none. */
int run_revert_ready(struct run *r, struct error *err)
{
	size_t i;

	for (i = 0; i < r->n_hosts; i++)
		if (host_run_revert_ready(&r->hosts[i], err) < 0)
			return -1;
	return 0;
}

/* Reverts every wave, newest first. */
enum run_status run_revert_all(struct run *r)
{
	size_t w;
	int failed = 0;

	for (w = r->n_waves; w-- > 0;)
		if (r->wave_sizes[w] && run_rollback_wave(r, w) < 0)
			failed = 1;
	r->status = failed ? RUN_ROLLBACK_FAILED : RUN_ROLLED_BACK;
	return r->status;
}

/* Frees the run's hosts and waves. */
void run_release(struct run *r)
{
	size_t i;

	for (i = 0; i < r->n_hosts; i++)
		host_run_release(&r->hosts[i]);
	free(r->hosts);
	free(r->wave_sizes);
	r->hosts = NULL;
	r->wave_sizes = NULL;
	r->n_hosts = 0;
}
