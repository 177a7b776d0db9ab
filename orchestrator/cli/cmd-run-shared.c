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
#include "git/digest.h"
#include "git/git-source.h"
#include "engine/lock.h"
#include "lang/playbook.h"
#include "engine/run-state.h"
#include "engine/run-window.h"
#include "engine/run.h"
#include "engine/state.h"
#include "schedule/timestamp.h"
#include "base/version.h"
#include "schedule/window.h"
#include "base/xmalloc.h"

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
	struct run_window *window; /* the play's window, or NULL */
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

	if (out->window)
		run_window_host_done(out->window, hr);
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
	size_t late = out->window ? run_window_wave_end(out->window, wave) : 0;

	if (out->json)
		return;
	progress_lock(out->progress);
	printf("wave %u: %zu ok, %zu failed%s\n", wave, ok, failed,
	       rolled_back ? " - over budget, rolling back" : "");
	/* Never cut off mid-host: the overrun is reported instead. */
	if (late)
		printf("wave %u: %zu host%s ended after window '%s' closed "
		       "(journal: window_overrun)\n",
		       wave, late, late == 1 ? "" : "s",
		       out->window->window->name);
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

/* Windows: checks that every play's window: names a window of crest.yml,
 * and (unless --ignore-window) that the first play to run is inside its
 * window now.  Returns 0, or -1 with err set (ERROR_INVALID), or 1 after
 * printing when the next window opens (exit 5). */
static int session_window_check(const struct run_session *s,
				const struct playbook *pb, size_t first_play,
				const struct window_set *ws, struct error *err)
{
	const struct window *w;
	struct buf next = BUF_INIT;
	time_t now, end, open = 0;
	size_t p;

	for (p = first_play; p < pb->n_plays; p++)
		if (pb->plays[p].window &&
		    window_set_find(ws, pb->plays[p].window) == NULL)
			return window_set_unknown(ws, pb->plays[p].window, err);
	if (first_play >= pb->n_plays || pb->plays[first_play].window == NULL ||
	    s->o->ignore_window)
		return 0;
	w = window_set_find(ws, pb->plays[first_play].window);
	if (window_now(&now, err) < 0)
		return -1;
	if (run_window_open(w, now, &end, &open))
		return 0;
	if (open > 0)
		timestamp_format((int64_t)open, calendar_zone(w->cal), &next);
	else
		buf_adds(&next, "never again");
	fprintf(stderr,
		"crest %s: outside window '%s'; it next opens at %s "
		"(--ignore-window runs now)\n",
		s->command, w->name, next.data);
	buf_release(&next);
	return 1;
}

/* A new run of a playbook while a run of it is paused: the same commit
 * continues that run (*resume_id set, caller frees), another commit is
 * refused until it finishes or is rolled back.  Returns 0 or -1 with err. */
static int session_paused_run(const char *state_dir, const char *playbook,
			      const struct git_source *gs, char **resume_id,
			      struct error *err)
{
	char **ids = NULL;
	size_t i, n = 0;
	int ret = 0;

	if (state_list_runs(state_dir, &ids, &n, err) < 0)
		return -1;
	/* Newest first: ids sort by start time. */
	for (i = n; i-- > 0 && *resume_id == NULL && ret == 0;) {
		char *path = state_run_path(state_dir, ids[i]);
		struct run_state *rs = NULL;
		struct error ignored = ERROR_INIT;
		const char *pb, *commit;

		if (run_state_load(path, &rs, &ignored) == 0 && rs->status &&
		    strcmp(rs->status, "paused") == 0 &&
		    (pb = run_state_header(rs, "playbook")) != NULL &&
		    strcmp(pb, playbook) == 0) {
			commit = run_state_header(rs, "commit");
			if (commit && gs->kind != GIT_SOURCE_DISK &&
			    strcmp(commit, gs->commit) == 0)
				*resume_id = xstrdup(ids[i]);
			else if (commit || gs->kind != GIT_SOURCE_DISK)
				ret = error_set(
					err, ERROR_INVALID,
					"run %s of %s is paused at commit "
					"%.12s; finish it ('crest resume %s') "
					"or roll it back ('crest rollback %s') "
					"before running another commit",
					ids[i], playbook,
					commit ? commit : "(files on disk)",
					ids[i], ids[i]);
			else
				*resume_id = xstrdup(ids[i]);
		}
		error_release(&ignored);
		run_state_free(rs);
		free(path);
	}
	for (i = 0; i < n; i++)
		free(ids[i]);
	free(ids);
	return ret;
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
	struct window_set ws = WINDOW_SET_INIT;
	struct run_window rw;
	const char *resume_id = s->resume_id;
	char *continued = NULL;
	char *state_dir = NULL, *run_id = NULL, *path = NULL, *stale = NULL;
	char *lock_key = NULL;
	char **evars = NULL;
	enum run_status status = RUN_OK;
	size_t p, first_play = 0;
	int rc = CREST_EXIT_INVALID, prepared = 0, ret;
	json_t *ev;

	memset(&r, 0, sizeof(r));
	memset(&rw, 0, sizeof(rw));
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
		/* A paused run (outside its window) goes on like an
		 * interrupted one. */
		if (rs->status && strcmp(rs->status, "interrupted") != 0 &&
		    strcmp(rs->status, "paused") != 0) {
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
	/* A paused run of this playbook: the same commit continues it. */
	if (!s->resume_id && session_paused_run(state_dir, s->playbook, gs,
						&continued, &err) < 0)
		goto fail;
	if (continued) {
		free(run_id);
		free(path);
		run_id = xstrdup(continued);
		path = state_run_path(state_dir, run_id);
		if (run_state_load(path, &rs, &err) < 0)
			goto fail;
		first_play = rs->play;
		resume_id = continued;
	}
	if (gs->inventory_path == NULL) {
		error_set(&err, ERROR_INVALID,
			  "no inventory: give -i INVENTORY, or inventory: in "
			  "crest.yml");
		goto fail;
	}
	if (git_source_load(gs, &pb, &inv, &err) < 0)
		goto fail;
	/* Maintenance windows: crest.yml of the same commit (window.h). */
	if (window_set_parse(crest_yml_get(&gs->crest_yml, "windows"), &ws,
			     &err) < 0)
		goto fail;
	ret = session_window_check(s, pb, first_play, &ws, &err);
	if (ret < 0)
		goto fail;
	if (ret > 0) {
		rc = CREST_EXIT_WINDOW;
		goto out;
	}
	transport_global_init();
	lock_key = git_source_lock_key(gs);
	if (lock_take(state_dir, lock_key, run_id, &lock, &stale, &err) < 0)
		goto fail;
	if (stale && !out.json && strcmp(stale, run_id) != 0)
		fprintf(stderr,
			"crest %s: taking over the lock of run %s, whose "
			"controller is gone; see 'crest show %s'\n",
			s->command, stale, stale);
	if (resume_id) {
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
		       resume_id ? "resuming " : "", gs->playbook,
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
	evars = options_extra_vars(o);
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
		/* The play's window pauses the run before a wave that would
		 * overrun it (run-window.h). */
		run_window_release(&rw);
		out.window = NULL;
		if (pb->plays[p].window && !o->ignore_window) {
			memset(&rw, 0, sizeof(rw));
			rw.window = window_set_find(&ws, pb->plays[p].window);
			rw.state_dir = state_dir;
			rw.playbook = rs ? run_state_header(rs, "playbook")
					 : s->playbook;
			rw.journal = j;
			rw.wave_timeout = pb->plays[p].wave_timeout;
			rw.play = (unsigned)p;
			r.wave_gate = run_window_gate;
			r.gate_data = &rw;
			out.window = &rw;
		}
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
	if (status == RUN_PAUSED)
		fprintf(stderr,
			"crest %s: %s.\nIt continues then with 'crest resume "
			"%s', or 'crest run' of the same playbook and commit "
			"(a 'crest schedule' timer does that).\n",
			s->command, rw.message, run_id);
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
	options_extra_vars_free(evars);
	journal_close(j);
	lock_release(lock);
	run_state_free(rs);
	run_window_release(&rw);
	window_set_release(&ws);
	free(continued);
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
