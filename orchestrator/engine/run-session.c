/*
 * run-session.c - a new run, or a recorded one resumed, from the source
 * to run_end; see run-session.h for the steps and who prints what.
 */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/json-get.h"
#include "run-session-int.h"
#include "run-window.h"
#include "state.h"

/* Set by SIGINT/SIGTERM: the engine starts nothing new; what runs ends. */
static volatile sig_atomic_t session_stop;

/* SIGINT/SIGTERM during a run. */
static void session_on_signal(int sig)
{
	(void)sig;
	session_stop = 1;
}

/* The observer the engine sees: the window's bookkeeping, then the
 * caller's observer. */
struct session_observer {
	const struct run_session_output *out;
	struct run_window *window; /* the play's window, or NULL */
};

/* Passes a wave's start on. */
static void obs_wave_start(void *data, unsigned wave, unsigned n_waves,
			   size_t n_hosts, size_t budget)
{
	struct session_observer *so = data;
	const struct run_observer *o = so->out->observer;

	if (o && o->wave_start)
		o->wave_start(o->data, wave, n_waves, n_hosts, budget);
}

/* Notes a host's end for the window, and passes it on. */
static void obs_host_done(void *data, const struct host_run *hr)
{
	struct session_observer *so = data;
	const struct run_observer *o = so->out->observer;

	if (so->window)
		run_window_host_done(so->window, hr);
	if (o && o->host_done)
		o->host_done(o->data, hr);
}

/* Passes a wave's end on, then the hosts that ended after the window. */
static void obs_wave_end(void *data, unsigned wave, size_t ok, size_t failed,
			 int rolled_back)
{
	struct session_observer *so = data;
	const struct run_observer *o = so->out->observer;
	size_t late = so->window ? run_window_wave_end(so->window, wave) : 0;

	if (o && o->wave_end)
		o->wave_end(o->data, wave, ok, failed, rolled_back);
	/* Never cut off mid-host: the overrun is reported instead. */
	if (late && so->out->window_overrun)
		so->out->window_overrun(so->out->data, wave, late,
					so->window->window->name);
}

/* Passes a host's revert on. */
static void obs_rollback_done(void *data, const struct host_run *hr)
{
	struct session_observer *so = data;
	const struct run_observer *o = so->out->observer;

	if (o && o->rollback_done)
		o->rollback_done(o->data, hr);
}

/* Passes an engine message on. */
static void obs_message(void *data, const char *text)
{
	struct session_observer *so = data;
	const struct run_observer *o = so->out->observer;

	if (o && o->message)
		o->message(o->data, text);
}

/* Opens the source: the recorded commit of a run, or a new run's (which
 * may continue a paused run of the same playbook and commit).  Sets
 * *first_play.  Returns 0 or -1 with err set. */
static int session_source(struct session *s, size_t *first_play,
			  struct error *err)
{
	const struct run_session_request *req = s->req;
	struct git_source_request gr = {0};
	char *continued = NULL;
	int ret = -1;

	if (req->run_id) {
		if (session_load_recorded(s, req->run_id, err) < 0)
			goto out;
		/* A paused run (outside its window) goes on like an
		 * interrupted one. */
		if (s->rs->status &&
		    strcmp(s->rs->status, "interrupted") != 0 &&
		    strcmp(s->rs->status, "paused") != 0) {
			error_set(err, ERROR_INVALID,
				  "run %s already ended (%s): nothing to "
				  "resume; 'crest rollback %s' reverts it",
				  s->run_id, s->rs->status, s->run_id);
			goto out;
		}
		*first_play = s->rs->play;
		s->info.resumed = 1;
		ret = git_source_reopen(s->rs->header, req->inventory,
					s->state_dir, &s->gs, err);
		goto out;
	}
	s->run_id = state_new_run_id(time(NULL));
	s->path = state_run_path(s->state_dir, s->run_id);
	/* Everything that can be checked is, before anything starts: the
	 * source (git-source.h) first, then the files it gives. */
	gr.playbook = req->playbook;
	gr.inventory = req->inventory;
	gr.repo = req->repo;
	gr.ref = req->ref;
	gr.allow_dirty = req->allow_dirty;
	gr.state_dir = s->state_dir;
	if (git_source_open(&gr, &s->gs, err) < 0 ||
	    session_paused_run(s, &continued, err) < 0)
		goto out;
	/* A paused run of this playbook: the same commit continues it. */
	if (continued) {
		if (session_load_recorded(s, continued, err) < 0)
			goto out;
		*first_play = s->rs->play;
		s->info.resumed = 1;
	}
	ret = 0;
out:
	free(continued);
	return ret;
}

/* Opens the journal: the run's own again, or a new one with its header. */
static int session_journal(struct session *s, struct error *err)
{
	json_t *ev;
	int ret;

	if (!s->info.resumed) {
		if (journal_create(s->path, &s->j, err) < 0)
			return -1;
		session_journal_attach(s);
		return session_header(s, err);
	}
	if (journal_reopen(s->path, &s->j, err) < 0)
		return -1;
	session_journal_attach(s);
	ev = json_pack("{s:s, s:b}", "event", "run_resume", "torn",
		       s->rs->torn);
	ret = journal_append(s->j, ev, err);
	json_decref(ev);
	return ret;
}

/* Sets up the play's window gate on r (rw is the caller's). */
static void session_play_window(struct session *s, size_t p, struct run *r,
				struct run_window *rw,
				struct session_observer *so)
{
	const struct play *play = &s->pb->plays[p];

	run_window_release(rw);
	memset(rw, 0, sizeof(*rw));
	so->window = NULL;
	if (play->window == NULL || s->req->ignore_window)
		return;
	/* The play's window pauses the run before a wave that would overrun
	 * it (run-window.h). */
	rw->window = window_set_find(&s->ws, play->window);
	rw->state_dir = s->state_dir;
	rw->playbook =
		s->rs ? run_state_header(s->rs, "playbook") : s->req->playbook;
	rw->journal = s->j;
	rw->wave_timeout = play->wave_timeout;
	rw->play = (unsigned)p;
	r->wave_gate = run_window_gate;
	r->gate_data = rw;
	so->window = rw;
}

/* Returns the play's waves as play_start records them: one array of host
 * names per wave, in run order (new reference), so that a reader knows the
 * hosts of waves that never started. */
static json_t *session_wave_hosts(const struct run *r)
{
	json_t *waves = json_array(), *wave;
	size_t w, i, k = 0;

	for (w = 0; w < r->n_waves; w++) {
		wave = json_array();
		for (i = 0; i < r->wave_sizes[w] && k < r->n_hosts; i++, k++)
			json_array_append_new(
				wave, json_string(r->hosts[k].host->name));
		json_array_append_new(waves, wave);
	}
	return waves;
}

/* Runs the plays from first_play on; returns the run's status. */
static enum run_status session_plays(struct session *s, size_t first_play,
				     struct run_window *rw,
				     struct run_approval *ra, struct error *err)
{
	static const struct run_observer observer_fns = {
		obs_wave_start,	   obs_host_done, obs_wave_end,
		obs_rollback_done, obs_message,	  NULL,
	};
	const struct run_session_output *out = s->out;
	struct session_observer so = {out, NULL};
	struct run_observer observer = observer_fns;
	const char *limit = s->req->limit;
	enum run_status status = RUN_OK;
	struct error ignored = ERROR_INIT;
	struct run_context ctx;
	struct run r;
	size_t p;
	json_t *ev, *facts = NULL;

	observer.data = &so;
	/* A resumed run keeps the hosts it was started on. */
	if (limit == NULL && s->req->run_id)
		limit = json_get_str(json_object_get(s->rs->header, "options"),
				     "limit", NULL);
	memset(&ctx, 0, sizeof(ctx));
	ctx.run_id = s->run_id;
	ctx.playbook = s->pb;
	ctx.inventory = s->inv;
	ctx.transport = s->req->transport;
	ctx.journal = s->j;
	ctx.extra_vars = s->extra_vars;
	ctx.n_extra_vars = s->n_extra_vars;
	ctx.stop = &session_stop;
	ctx.shard = s->shard;
	for (p = first_play; p < s->pb->n_plays && status == RUN_OK; p++) {
		ctx.play_index = (unsigned)p;
		memset(&r, 0, sizeof(r));
		if (run_prepare(&r, &ctx, limit, s->req->forks, err) < 0)
			return RUN_INVALID;
		if (session_play_facts(s, p, &r, &facts, err) < 0) {
			run_release(&r);
			return RUN_INVALID;
		}
		r.observer = &observer;
		if (s->rs)
			run_resume_from(&r, s->rs);
		session_play_window(s, p, &r, rw, &so);
		session_play_approval(s, p, &r, ra);
		ev = json_pack("{s:s, s:I, s:s, s:I, s:I}", "event",
			       "play_start", "play", (json_int_t)p + 1, "name",
			       s->pb->plays[p].name ? s->pb->plays[p].name : "",
			       "hosts", (json_int_t)r.n_hosts, "waves",
			       (json_int_t)r.n_waves);
		json_object_set_new(ev, "wave_hosts", session_wave_hosts(&r));
		journal_append(s->j, ev, &ignored);
		json_decref(ev);
		error_release(&ignored);
		if (out->play_start)
			out->play_start(out->data, &r);
		status = run_play(&r);
		if (out->play_end)
			out->play_end(out->data, &r, &s->info);
		run_release(&r);
		json_decref(facts);
	}
	return status;
}

/* Runs or resumes a run. */
int run_session_exec(const struct run_session_request *req,
		     const struct run_session_output *out, struct error *err)
{
	struct session s;
	struct run_window rw;
	struct run_approval ra;
	struct sigaction sa;
	enum run_status status;
	size_t first_play = 0;
	int rc = CREST_EXIT_INVALID, ret;

	memset(&rw, 0, sizeof(rw));
	memset(&ra, 0, sizeof(ra));
	if (session_init(&s, req, out, err) < 0 ||
	    session_source(&s, &first_play, err) < 0)
		goto fail;
	/* A run goes on with the -e values it began with. */
	if (s.rs == NULL)
		session_extra_new(&s);
	else if (session_extra_recorded(&s, 1, err) < 0)
		goto fail;
	if (s.gs->inventory_path == NULL) {
		error_set(err, ERROR_INVALID,
			  "no inventory: give -i INVENTORY, or inventory: in "
			  "crest.yml");
		goto fail;
	}
	if (git_source_load(s.gs, &s.pb, &s.inv, err) < 0)
		goto fail;
	inventory_set_facts(s.inv, req->inventory_facts);
	/* A run that waits for approval goes on only with one. */
	ret = session_approval_check(&s, err);
	if (ret < 0)
		goto fail;
	if (ret > 0) {
		rc = CREST_EXIT_WINDOW;
		goto out;
	}
	ret = session_windows(&s, first_play, err);
	if (ret < 0)
		goto fail;
	if (ret > 0) {
		rc = CREST_EXIT_WINDOW;
		goto out;
	}
	/* Notifications (notify.h): started before the journal's first
	 * event, delivered off the run's path. */
	if (session_notify_start(&s, err) < 0 || session_lock(&s, err) < 0 ||
	    session_journal(&s, err) < 0 ||
	    session_approval_record(&s, err) < 0)
		goto fail;
	session_begin(&s);

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = session_on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	status = session_plays(&s, first_play, &rw, &ra, err);
	s.info.pause_message = ra.paused ? ra.message : rw.message;
	s.info.pause_approval = ra.paused;
	session_end(&s, status);
	rc = run_status_exit_code(status);
	goto out;
fail:
	rc = error_exit_code(err);
out:
	run_window_release(&rw);
	session_release(&s);
	return rc;
}
