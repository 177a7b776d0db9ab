/*
 * cmd-rollback.c - "crest rollback RUN": undo everything a run changed.
 *
 * Reads the run's journal (run-state.h), reloads its playbook and
 * inventory, and reverts every change not yet reverted, newest wave first
 * and newest task first on each host, from the prior states the journal
 * holds: it works for a finished, successful run as well as for one whose
 * controller died.  The steps go into the same journal, which ends with a
 * new run_end.
 */
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "git/git-source.h"
#include "engine/lock.h"
#include "options.h"
#include "lang/playbook.h"
#include "engine/run-state.h"
#include "engine/run.h"
#include "engine/state.h"
#include "base/xmalloc.h"

/* Prints one host's revert. */
static void rb_rollback_done(void *data, const struct host_run *hr)
{
	int *json = data;

	if (*json)
		return;
	printf("  %-20s %s%s%s\n", hr->host->name,
	       hr->revert_failed ? "ROLLBACK FAILED" : "rolled back",
	       hr->revert_failed && hr->error.message ? ": " : "",
	       hr->revert_failed && hr->error.message ? hr->error.message : "");
	fflush(stdout);
}

/* Reports an engine message. */
static void rb_message(void *data, const char *text)
{
	fprintf(stderr, "crest rollback: %s\n", text);
}

/* Reverts a recorded run. */
static int cmd_rollback_exec(int argc, char **argv)
{
	static const struct option longopts[] = {
		OPTIONS_LONG,
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct run_observer observer = {0};
	struct options o;
	struct error err = ERROR_INIT;
	struct run_state *rs = NULL;
	struct playbook *pb = NULL;
	struct inventory *inv = NULL;
	struct journal *j = NULL;
	struct lock *lock = NULL;
	struct git_source *gs = NULL;
	struct run_context ctx;
	struct run r;
	struct buf msg = BUF_INIT;
	char *state_dir = NULL, *path = NULL, *lock_key = NULL;
	const char *run_id, *pb_path, *inv_path;
	enum run_status status = RUN_ROLLED_BACK;
	int json = 0, rc = CREST_EXIT_INVALID, prepared = 0;
	size_t p, pending = 0, i, k;
	json_t *ev;

	memset(&r, 0, sizeof(r));
	options_init(&o);
	if (!cmd_parse_options(&cmd_rollback_entry, argc, argv, longopts, &o,
			       NULL, NULL, &rc))
		goto out;
	if (argc - optind != 1) {
		rc = cmd_usage_error(&cmd_rollback_entry, "give one RUN id");
		goto out;
	}
	run_id = argv[optind];
	if (!state_run_id_valid(run_id)) {
		rc = cmd_usage_error(&cmd_rollback_entry,
				     "'%s' is not a run id (see 'crest runs')",
				     run_id);
		goto out;
	}
	if (options_finish(&o, &err) < 0) {
		rc = cmd_usage_error(&cmd_rollback_entry, "%s", err.message);
		goto out;
	}
	json = o.json || !isatty(STDOUT_FILENO);
	observer.rollback_done = rb_rollback_done;
	observer.message = rb_message;
	observer.data = &json;

	if (state_dir_open(o.state_dir, &state_dir, &err) < 0)
		goto fail;
	path = state_run_path(state_dir, run_id);
	if (access(path, F_OK) < 0) {
		error_set(&err, ERROR_INVALID,
			  "no run %s in %s (see 'crest runs')", run_id,
			  state_dir);
		goto fail;
	}
	if (run_state_load(path, &rs, &err) < 0)
		goto fail;
	pb_path = run_state_header(rs, "playbook");
	inv_path =
		o.inventory ? o.inventory : run_state_header(rs, "inventory");
	if (pb_path == NULL || inv_path == NULL) {
		error_set(&err, ERROR_INVALID,
			  "run %s does not name its playbook and inventory",
			  run_id);
		goto fail;
	}
	for (i = 0; i < rs->n_hosts; i++)
		for (k = 0; k < rs->hosts[i].n_changes; k++)
			pending += !rs->hosts[i].changes[k].reverted;
	if (pending == 0) {
		/* Said on stderr so that --json output stays events only. */
		fprintf(stderr,
			"crest rollback: run %s: nothing to roll back\n",
			run_id);
		/* A paused run ends here all the same, so that another
		 * commit of its playbook may run (docs/windows.md). */
		if (rs->status && strcmp(rs->status, "paused") == 0) {
			if (journal_reopen(path, &j, &err) < 0)
				goto fail;
			ev = json_pack("{s:s, s:s}", "event", "run_end",
				       "status",
				       run_status_name(RUN_ROLLED_BACK));
			journal_append(j, ev, &err);
			json_decref(ev);
		}
		rc = CREST_EXIT_OK;
		goto out;
	}
	/* The files of the run: the same commit, or the same files. */
	if (git_source_reopen(rs->header, o.inventory, state_dir, &gs, &err) <
		    0 ||
	    git_source_load(gs, &pb, &inv, &err) < 0)
		goto fail;
	transport_global_init();
	lock_key = git_source_lock_key(gs);
	if (lock_take(state_dir, lock_key, run_id, &lock, NULL, &err) < 0)
		goto fail;
	if (journal_reopen(path, &j, &err) < 0)
		goto fail;
	if (json)
		journal_set_tee(j, stdout);
	ev = json_pack("{s:s, s:I}", "event", "rollback_run_start", "changes",
		       (json_int_t)pending);
	journal_append(j, ev, &err);
	json_decref(ev);
	if (!json)
		printf("run %s: rolling back %zu change%s\n", run_id, pending,
		       pending == 1 ? "" : "s");

	memset(&ctx, 0, sizeof(ctx));
	ctx.run_id = run_id;
	ctx.playbook = pb;
	ctx.inventory = inv;
	ctx.transport = &o.transport;
	ctx.journal = j;
	/* The newest play first, as everything else goes newest first. */
	for (p = pb->n_plays; p-- > 0;) {
		ctx.play_index = (unsigned)p;
		if (run_prepare_revert(&r, &ctx, rs, o.forks, &err) < 0)
			goto fail;
		prepared = 1;
		r.observer = &observer;
		if (run_revert_all(&r) == RUN_ROLLBACK_FAILED)
			status = RUN_ROLLBACK_FAILED;
		run_release(&r);
		prepared = 0;
	}
	ev = json_pack("{s:s, s:s}", "event", "run_end", "status",
		       run_status_name(status));
	journal_append(j, ev, &err);
	json_decref(ev);
	if (!json)
		printf("run %s: %s\n", run_id, run_status_name(status));
	rc = status == RUN_ROLLED_BACK ? CREST_EXIT_OK
				       : CREST_EXIT_ROLLBACK_FAILED;
	goto out;
fail:
	error_format(&err, &msg);
	fprintf(stderr, "crest rollback: %s\n", msg.data);
	rc = error_exit_code(&err);
out:
	if (prepared)
		run_release(&r);
	journal_close(j);
	lock_release(lock);
	run_state_free(rs);
	playbook_free(pb);
	inventory_free(inv);
	git_source_free(gs);
	free(lock_key);
	options_release(&o);
	buf_release(&msg);
	error_release(&err);
	free(state_dir);
	free(path);
	return rc;
}

const struct cmd_entry cmd_rollback_entry = {
	.name = "rollback",
	.summary = "revert everything a run changed, newest first",
	.usage = "rollback RUN [options]\n\n"
		 "Reverts every change run RUN made that is not reverted "
		 "yet, from the prior\nstates its journal holds; the "
		 "playbook and inventory are the run's unless\n-i is "
		 "given.\n\n" OPTIONS_USAGE
		 "\nexit codes: 0 rolled back, 3 rollback failed, 4 invalid "
		 "input\n",
	.exec = cmd_rollback_exec,
};
