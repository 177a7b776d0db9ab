/*
 * cmd-plan.c - "crest plan PLAYBOOK": check mode.
 *
 * Shows the waves (which hosts in which wave, and at how many failures each
 * would be rolled back), then per host what each task would change, probed
 * on the host itself, and which tasks could not be undone.  Changes
 * nothing, on the hosts or in the state directory.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "engine/executor.h"
#include "git/git-source.h"
#include "modules/module.h"
#include "options.h"
#include "pattern-facts.h"
#include "engine/plan-review.h"
#include "engine/plan.h"
#include "lang/playbook.h"
#include "engine/run.h"
#include "engine/state.h"
#include "engine/budget.h"
#include "engine/run-approval.h"
#include "analysis/analysis.h"
#include "engine/wave.h"
#include "base/xmalloc.h"

/* The hosts of one play being planned. */
struct plan_job {
	struct run *r;
	struct buf *text; /* per host, in run order */
	size_t next;
	size_t failed;
};

/* Executor: the next host to probe. */
static int plan_get_next(void *data, void **task)
{
	struct plan_job *job = data;

	if (job->next >= job->r->n_hosts)
		return 0;
	*task = &job->text[job->next];
	job->next++;
	return 1;
}

/* The job the workers share (read only while they run). */
static struct plan_job *plan_current;

/* Executor: probes one host, on a worker thread. */
static int plan_run(void *task)
{
	struct buf *text = task;
	size_t i = (size_t)(text - plan_current->text);

	return plan_host(&plan_current->r->hosts[i], text);
}

/* Executor: counts hosts that could not be planned. */
static void plan_finished(void *data, void *task, int result)
{
	struct plan_job *job = data;

	if (result < 0)
		job->failed++;
}

/* Prints the metric gates a wave waits on before the next. */
static void plan_analysis(const struct play_analysis *a, unsigned pause)
{
	size_t i;
	char *what;

	if (a->n_checks == 0)
		return;
	printf("  gated by analysis every %us during the %us soak and before "
	       "the next wave; %u failed in a row roll the wave back:\n",
	       a->interval, pause, a->failures);
	for (i = 0; i < a->n_checks; i++) {
		what = analysis_describe(&a->checks[i]);
		printf("    %zu. %s\n", i + 1, what);
		free(what);
	}
}

/* Prints the waves of a prepared run and each host's plan. */
static int plan_play(struct run *r, const struct play *play, size_t p,
		     struct error *err)
{
	struct executor_options opts = {0};
	struct plan_job job = {0};
	size_t w, i, k = 0, budget;
	int ret;

	job.r = r;
	job.text = xcalloc(r->n_hosts, sizeof(*job.text));
	for (i = 0; i < r->n_hosts; i++)
		job.text[i] = (struct buf)BUF_INIT;
	plan_current = &job;
	opts.forks = r->forks;
	opts.get_next = plan_get_next;
	opts.run = plan_run;
	opts.task_finished = plan_finished;
	opts.data = &job;
	ret = executor_run(&opts, err);
	printf("play %zu: %s (%zu host%s, %zu wave%s, rollback: %s)\n", p + 1,
	       play->name ? play->name : play->hosts, r->n_hosts,
	       r->n_hosts == 1 ? "" : "s", r->n_waves,
	       r->n_waves == 1 ? "" : "s", rollback_scope_name(play->rollback));
	for (i = 0; i < play->n_tasks; i++)
		if (module_task_irreversible(&play->tasks[i]))
			printf("  task %zu (%s) is irreversible: a rollback "
			       "cannot undo it\n",
			       i + 1, play->tasks[i].module->name);
	if (play->has_max_failures_total) {
		budget = 0;
		while (budget < r->n_hosts &&
		       !wave_failed(&play->max_failures_total, r->n_hosts,
				    budget + 1))
			budget++;
		printf("  max_failures_total: the run stops and rolls back "
		       "the wave where failures reach %zu in all\n",
		       budget + 1);
	}
	if (play->unreachable == UNREACHABLE_SKIP)
		printf("  unreachable: skip: a host that cannot be reached "
		       "is skipped, counted in no budget\n");
	for (w = 0, k = 0; w < r->n_waves; w++) {
		/* Both budgets, as run.c counts them (budget.h). */
		budget = budget_of_wave(r, k, r->wave_sizes[w]);
		printf("\nwave %zu: %zu host%s, rolled back after %zu "
		       "failure%s\n",
		       w + 1, r->wave_sizes[w],
		       r->wave_sizes[w] == 1 ? "" : "s", budget + 1,
		       budget == 0 ? "" : "s");
		/* The gates before the wave starts: approval here, then
		 * (with analysis:) the metric checks that gate it. */
		if (run_approval_needed(play, w))
			printf("  waits for approval before it starts "
			       "('crest approve RUN')\n");
		plan_analysis(&play->analysis, play->pause);
		for (i = 0; i < r->wave_sizes[w]; i++, k++)
			fputs(job.text[k].data, stdout);
	}
	for (i = 0; i < r->n_hosts; i++)
		buf_release(&job.text[i]);
	free(job.text);
	plan_current = NULL;
	if (ret == 0 && job.failed)
		ret = 1;
	return ret;
}

/* Prints, above the plan, what changed in the playbook, its inventory and
 * included files since the last successful run of the same playbook. */
static void plan_review(const struct git_source *gs, const struct playbook *pb,
			const char *state_dir)
{
	struct git_source_diff diff = {BUF_INIT, BUF_INIT, 0};
	struct error err = ERROR_INIT;
	char **paths = NULL, *since = NULL;
	size_t n, i;
	int found;

	if (gs->kind == GIT_SOURCE_DISK) {
		printf("source: files on disk, not a git commit\n\n");
		return;
	}
	printf("source: %s at %.12s%s\n", gs->repository, gs->commit,
	       gs->kind == GIT_SOURCE_WORKTREE ? " (dirty work tree)" : "");
	found = plan_review_last_ok_commit(gs, state_dir, &since, &err);
	if (found <= 0) {
		printf(found < 0
			       ? "review: %s\n\n"
			       : "review: the first run of this playbook%s\n\n",
		       found < 0 ? err.message : "");
		goto out;
	}
	n = plan_review_paths(gs, pb, &paths);
	if (git_source_diff_since(gs, since, (const char *const *)paths, n,
				  &diff, &err) < 0) {
		printf("review: %s\n\n", err.message);
	} else if (diff.n_commits == 0 && diff.patch.len == 0) {
		printf("review: nothing changed since the last successful run "
		       "(%.12s)\n\n",
		       since);
	} else {
		printf("review: %zu commit%s since the last successful run "
		       "(%.12s):\n%s\n%s\n",
		       diff.n_commits, diff.n_commits == 1 ? "" : "s", since,
		       diff.commits.data, diff.patch.data);
	}
	for (i = 0; i < n; i++)
		free(paths[i]);
	free(paths);
out:
	buf_release(&diff.commits);
	buf_release(&diff.patch);
	free(since);
	error_release(&err);
}

/* Plans a playbook. */
static int cmd_plan_exec(int argc, char **argv)
{
	static const struct option longopts[] = {
		OPTIONS_LONG,	    OPTIONS_GIT_LONG,
		OPTIONS_SHARD_LONG, {"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct options o;
	struct error err = ERROR_INIT;
	struct playbook *pb = NULL;
	struct inventory *inv = NULL;
	struct run_context ctx;
	struct run r;
	struct buf msg = BUF_INIT;
	struct git_source_request req = {0};
	struct git_source *gs = NULL;
	struct pattern_facts pf;
	char **evars = NULL, *state_dir = NULL;
	size_t p;
	int c, rc = CREST_EXIT_INVALID, unplanned = 0;

	memset(&r, 0, sizeof(r));
	memset(&pf, 0, sizeof(pf));
	options_init(&o);
	if (!cmd_parse_options(&cmd_plan_entry, argc, argv, longopts, &o, NULL,
			       NULL, &rc))
		goto out;
	if (argc - optind != 1) {
		rc = cmd_usage_error(&cmd_plan_entry, "give one PLAYBOOK");
		goto out;
	}
	if (options_finish(&o, &err) < 0) {
		rc = cmd_usage_error(&cmd_plan_entry, "%s", err.message);
		goto out;
	}
	if (state_dir_open(o.state_dir, &state_dir, &err) < 0)
		goto fail;
	pattern_facts_init(&pf, "plan", state_dir);
	req.playbook = argv[optind];
	req.inventory = o.inventory;
	req.repo = o.repo;
	req.ref = o.ref;
	req.allow_dirty = o.allow_dirty;
	req.state_dir = state_dir;
	if (git_source_open(&req, &gs, &err) < 0)
		goto fail;
	if (gs->inventory_path == NULL) {
		error_set(&err, ERROR_INVALID,
			  "no inventory: give -i INVENTORY, or inventory: in "
			  "crest.yml");
		goto fail;
	}
	if (git_source_load(gs, &pb, &inv, &err) < 0)
		goto fail;
	inventory_set_facts(inv, pattern_facts_ops(&pf));
	plan_review(gs, pb, state_dir);
	transport_global_init();
	evars = options_extra_vars(&o);
	memset(&ctx, 0, sizeof(ctx));
	ctx.run_id = "plan";
	ctx.playbook = pb;
	ctx.inventory = inv;
	ctx.transport = &o.transport;
	ctx.extra_vars = evars;
	ctx.n_extra_vars = o.n_vars;
	ctx.shard = o.shard;
	for (p = 0; p < pb->n_plays; p++) {
		ctx.play_index = (unsigned)p;
		c = run_prepare(&r, &ctx, o.limit, o.forks, &err);
		pattern_facts_note(&pf);
		if (c < 0)
			goto fail;
		c = plan_play(&r, &pb->plays[p], p, &err);
		run_release(&r);
		if (c < 0)
			goto fail;
		unplanned |= c;
	}
	rc = unplanned ? CREST_EXIT_FAILED : CREST_EXIT_OK;
	goto out;
fail:
	error_format(&err, &msg);
	fprintf(stderr, "crest plan: %s\n", msg.data);
	rc = error_exit_code(&err);
out:
	options_extra_vars_free(evars);
	playbook_free(pb);
	inventory_free(inv);
	pattern_facts_release(&pf);
	git_source_free(gs);
	free(state_dir);
	options_release(&o);
	buf_release(&msg);
	error_release(&err);
	return rc;
}

const struct cmd_entry cmd_plan_entry = {
	.name = "plan",
	.summary = "show what a run would change, probing hosts, changing "
		   "nothing",
	.usage = "plan PLAYBOOK [-i INVENTORY] [options]\n\n"
		 "Prints what changed in the playbook, its inventory and "
		 "included files since\nthe last successful run of it (from "
		 "git), then the waves, what each task would change on each "
		 "host (probed there),\nwhich tasks are irreversible, and at "
		 "how many failures each wave would be\nrolled back.  Exit 1 "
		 "when a host could not be probed.\n\n" OPTIONS_USAGE
			 OPTIONS_GIT_USAGE OPTIONS_SHARD_USAGE,
	.exec = cmd_plan_exec,
};
