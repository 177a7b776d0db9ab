/*
 * cmd-run-shared.c - what "crest run" and "crest resume" share: the
 * session around the engine (lock, journal, signals) and the terminal
 * output (waves, hosts, recap).
 */
#include <limits.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cmd-run-progress.h"
#include "cmd-run-shared.h"
#include "digest.h"
#include "git-source.h"
#include "lock.h"
#include "playbook.h"
#include "run-state.h"
#include "run.h"
#include "state.h"
#include "version.h"
#include "xmalloc.h"

static volatile sig_atomic_t run_stop;

/* SIGINT/SIGTERM: start nothing new; what runs finishes. */
static void run_on_signal(int sig)
{
	(void)sig;
	run_stop = 1;
}

/* Terminal output of a run. */
struct run_output {
	int json;
	int color;
	struct progress *progress; /* the live line, on a terminal */
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

/* Prints an engine message. */
static void out_message(void *data, const char *text)
{
	fprintf(stderr, "crest run: %s\n", text);
}

/* Prints the recap: per host, then the run's status. */
static void out_recap(struct run_output *out, const struct run *r,
		      const char *run_id, const char *journal)
{
	size_t i, w;

	if (out->json)
		return;
	printf("\nrecap (run %s)\n", run_id);
	for (w = 0; w < r->n_waves; w++) {
		for (i = 0; i < r->n_hosts; i++) {
			const struct host_run *hr = &r->hosts[i];

			if (hr->wave != w)
				continue;
			printf("  wave %zu  %-20s %-16s changes=%zu%s%s\n",
			       w + 1, hr->host->name,
			       host_status_name(hr->status), hr->n_changes,
			       hr->status == HOST_ROLLBACK_FAILED
				       ? "  NEEDS A PERSON"
				       : "",
			       "");
		}
	}
	for (i = 0; i < r->n_hosts; i++)
		if (r->hosts[i].status == HOST_ROLLBACK_FAILED)
			printf("rollback failed on %s: see 'crest show %s'\n",
			       r->hosts[i].host->name, run_id);
	printf("run %s: %s (journal %s)\n", run_id, run_status_name(r->status),
	       journal);
}

/* Sets key to the absolute path of path, when it resolves. */
static void add_realpath(json_t *ev, const char *key, const char *path)
{
	char *abs = realpath(path, NULL);

	if (abs)
		json_object_set_new(ev, key, json_string(abs));
	free(abs);
}

/* Writes the run's header event: what ran, from which commit, by whom. */
static int run_header(struct journal *j, const char *run_id,
		      const char *playbook, const struct git_source *gs,
		      const struct options *o, struct error *err)
{
	char pb_digest[DIGEST_HEX_LEN + 1], inv_digest[DIGEST_HEX_LEN + 1];
	struct passwd *pw = getpwuid(geteuid());
	char host[256] = "";
	json_t *ev, *vars;
	size_t i;
	int ret;

	if (digest_file(gs->playbook_path, pb_digest, err) < 0)
		return -1;
	if (digest_file(gs->inventory_path, inv_digest, err) < 0)
		strcpy(inv_digest, "(a directory or a program)");
	gethostname(host, sizeof(host) - 1);
	vars = json_array();
	/* -e values may be secrets: the journal names the keys only. */
	for (i = 0; i < o->n_vars; i++)
		json_array_append_new(vars, json_string(o->vars[i].key));
	ev = json_pack(
		"{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, "
		"s:{s:I, s:s?, s:o}}",
		"event", "run_start", "run", run_id, "crest", CREST_VERSION,
		"playbook", playbook, "playbook_digest", pb_digest, "inventory",
		gs->inventory, "inventory_digest", inv_digest, "user",
		pw ? pw->pw_name : "?", "controller", host, "options", "forks",
		(json_int_t)o->forks, "limit", o->limit, "extra_vars", vars);
	/* Where the files came from; a commit is reopened from here. */
	if (gs->kind != GIT_SOURCE_DISK)
		json_object_set_new(ev, "commit", json_string(gs->commit));
	json_object_set_new(ev, "git", git_source_to_json(gs));
	/* Absolute paths, for crest rollback and resume from anywhere; not
	 * of the private copy of a commit, which is gone by then. */
	if (gs->kind != GIT_SOURCE_COMMIT)
		add_realpath(ev, "playbook_file", gs->playbook_path);
	if (gs->kind != GIT_SOURCE_COMMIT || !gs->inventory_in_repo)
		add_realpath(ev, "inventory_file", gs->inventory_path);
	ret = journal_append(j, ev, err);
	json_decref(ev);
	return ret;
}

/* Turns the -e options back into KEY=VALUE strings for the engine. */
static char **extra_vars(const struct options *o)
{
	char **v = xcalloc(o->n_vars + 1, sizeof(*v));
	size_t i;

	for (i = 0; i < o->n_vars; i++)
		v[i] = xasprintf("%s=%s", o->vars[i].key, o->vars[i].value);
	return v;
}

/* Runs (or resumes) a session; returns the exit code. */
int run_session_exec(const struct run_session *s)
{
	static const struct run_observer observer_fns = {
		out_wave_start,	   out_host_done, out_wave_end,
		out_rollback_done, out_message,	  NULL,
	};
	const struct options *o = s->o;
	struct run_observer observer = observer_fns;
	struct run_output out = {0};
	struct error err = ERROR_INIT;
	struct playbook *pb = NULL;
	struct inventory *inv = NULL;
	struct journal *j = NULL;
	struct lock *lock = NULL;
	struct run_state *rs = NULL;
	struct git_source *gs = NULL;
	struct git_source_request req = {0};
	struct run_context ctx;
	struct run r;
	struct buf msg = BUF_INIT;
	struct sigaction sa;
	char *state_dir = NULL, *run_id = NULL, *path = NULL, *stale = NULL;
	char *lock_key = NULL;
	char **evars = NULL;
	enum run_status status = RUN_OK;
	size_t p, first_play = 0;
	int rc = CREST_EXIT_INVALID, prepared = 0;
	json_t *ev;

	memset(&r, 0, sizeof(r));
	out.json = o->json || !isatty(STDOUT_FILENO);
	observer.data = &out;

	if (state_dir_open(o->state_dir, &state_dir, &err) < 0)
		goto fail;
	if (s->resume_id) {
		run_id = xstrdup(s->resume_id);
		path = state_run_path(state_dir, run_id);
		if (access(path, F_OK) < 0) {
			error_set(&err, ERROR_INVALID,
				  "no run %s in %s (see 'crest runs')", run_id,
				  state_dir);
			goto fail;
		}
		if (run_state_load(path, &rs, &err) < 0)
			goto fail;
		if (rs->status && strcmp(rs->status, "interrupted") != 0) {
			error_set(&err, ERROR_INVALID,
				  "run %s already ended (%s): nothing to "
				  "resume; 'crest rollback %s' reverts it",
				  run_id, rs->status, run_id);
			goto fail;
		}
		first_play = rs->play;
	} else {
		run_id = state_new_run_id(time(NULL));
		path = state_run_path(state_dir, run_id);
	}
	/* Everything that can be checked is, before anything starts: the
	 * source (git-source.h) first, then the files it gives. */
	req.playbook = s->playbook;
	req.inventory = s->inventory;
	req.repo = o->repo;
	req.ref = o->ref;
	req.allow_dirty = o->allow_dirty;
	req.state_dir = state_dir;
	if (rs ? git_source_reopen(rs->header, o->inventory, state_dir, &gs,
				   &err) < 0
	       : git_source_open(&req, &gs, &err) < 0)
		goto fail;
	if (gs->inventory_path == NULL) {
		error_set(&err, ERROR_INVALID,
			  "no inventory: give -i INVENTORY, or inventory: in "
			  "crest.yml");
		goto fail;
	}
	if (git_source_load(gs, &pb, &inv, &err) < 0)
		goto fail;
	transport_global_init();
	lock_key = git_source_lock_key(gs);
	if (lock_take(state_dir, lock_key, run_id, &lock, &stale, &err) < 0)
		goto fail;
	if (stale && !out.json && strcmp(stale, run_id) != 0)
		fprintf(stderr,
			"crest %s: taking over the lock of run %s, whose "
			"controller is gone; see 'crest show %s'\n",
			s->command, stale, stale);
	if (s->resume_id) {
		if (journal_reopen(path, &j, &err) < 0)
			goto fail;
		if (out.json)
			journal_set_tee(j, stdout);
		ev = json_pack("{s:s, s:b}", "event", "run_resume", "torn",
			       rs->torn);
		journal_append(j, ev, &err);
		json_decref(ev);
	} else {
		if (journal_create(path, &j, &err) < 0)
			goto fail;
		if (out.json)
			journal_set_tee(j, stdout);
		if (run_header(j, run_id, s->playbook, gs, o, &err) < 0)
			goto fail;
	}
	if (!out.json)
		printf("run %s: %s%s on %s\n", run_id,
		       s->resume_id ? "resuming " : "", gs->playbook,
		       gs->inventory);
	if (!out.json && gs->kind != GIT_SOURCE_DISK)
		printf("commit %.12s of %s (%s)%s\n", gs->commit,
		       gs->repository, gs->ref,
		       gs->kind == GIT_SOURCE_WORKTREE
			       ? ", with uncommitted changes (--allow-dirty)"
			       : "");

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = run_on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	if (!out.json && isatty(STDOUT_FILENO))
		out.progress = progress_start();
	evars = extra_vars(o);
	memset(&ctx, 0, sizeof(ctx));
	ctx.run_id = run_id;
	ctx.playbook = pb;
	ctx.inventory = inv;
	ctx.transport = &o->transport;
	ctx.journal = j;
	ctx.extra_vars = evars;
	ctx.n_extra_vars = o->n_vars;
	ctx.stop = &run_stop;
	for (p = first_play; p < pb->n_plays && status == RUN_OK; p++) {
		ctx.play_index = (unsigned)p;
		if (prepared)
			run_release(&r);
		if (run_prepare(&r, &ctx, o->limit, o->forks, &err) < 0) {
			prepared = 0;
			status = RUN_INVALID;
			break;
		}
		prepared = 1;
		r.observer = &observer;
		if (rs)
			run_resume_from(&r, rs);
		ev = json_pack("{s:s, s:I, s:s, s:I, s:I}", "event",
			       "play_start", "play", (json_int_t)p + 1, "name",
			       pb->plays[p].name ? pb->plays[p].name : "",
			       "hosts", (json_int_t)r.n_hosts, "waves",
			       (json_int_t)r.n_waves);
		journal_append(j, ev, &err);
		json_decref(ev);
		progress_set_run(out.progress, &r);
		status = run_play(&r);
		progress_set_run(out.progress, NULL);
		if (!out.json) {
			progress_lock(out.progress);
			out_recap(&out, &r, run_id, path);
			progress_unlock(out.progress);
		}
	}
	if (status == RUN_INVALID) {
		error_format(&err, &msg);
		fprintf(stderr, "crest %s: %s\n", s->command, msg.data);
	}
	ev = json_pack("{s:s, s:s}", "event", "run_end", "status",
		       run_status_name(status));
	journal_append(j, ev, &err);
	json_decref(ev);
	if (status == RUN_INTERRUPTED && !out.json)
		printf("interrupted: 'crest resume %s' goes on, 'crest "
		       "rollback %s' reverts\n",
		       run_id, run_id);
	rc = run_status_exit_code(status);
	goto out;
fail:
	error_format(&err, &msg);
	fprintf(stderr, "crest %s: %s\n", s->command, msg.data);
	rc = error_exit_code(&err);
out:
	progress_stop(out.progress);
	if (prepared)
		run_release(&r);
	if (evars) {
		for (p = 0; evars[p]; p++)
			free(evars[p]);
		free(evars);
	}
	journal_close(j);
	lock_release(lock);
	run_state_free(rs);
	playbook_free(pb);
	inventory_free(inv);
	git_source_free(gs);
	free(lock_key);
	buf_release(&msg);
	error_release(&err);
	free(state_dir);
	free(run_id);
	free(path);
	free(stale);
	return rc;
}
