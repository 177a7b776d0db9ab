/*
 * run-session-approval.c - the session's side of the approval gate
 * (run-approval.h): "crest approve RUN" records an approval and goes on
 * as "crest resume RUN" does; "crest resume" of a run that waits says so
 * (exit 5); "crest abort RUN" records who aborted and rolls the last
 * wave back as a failed wave is.
 */
#include <stdlib.h>
#include <string.h>

#include "run-session-int.h"

/* Checks a recorded run's approval before anything is locked. */
int session_approval_check(struct session *s, struct error *err)
{
	const struct run_session_request *req = s->req;
	unsigned play, wave;

	if (s->rs == NULL) {
		if (req->approve)
			return error_set(err, ERROR_INVALID,
					 "crest approve takes a recorded "
					 "run");
		return 0;
	}
	play = s->rs->waits_wave ? s->rs->waits_play : s->rs->play;
	wave = req->approve_wave ? req->approve_wave : s->rs->waits_wave;
	if (req->approve) {
		if (wave == 0)
			return error_set(err, ERROR_INVALID,
					 "run %s does not wait for approval "
					 "(give --wave N to approve a later "
					 "wave)",
					 s->run_id);
		if (play >= s->pb->n_plays ||
		    !run_approval_needed(&s->pb->plays[play], wave - 1))
			return error_set(err, ERROR_INVALID,
					 "wave %u of play %u of run %s does "
					 "not wait for approval",
					 wave, play + 1, s->run_id);
		if (wave < s->rs->waves_started)
			return error_set(err, ERROR_INVALID,
					 "wave %u of run %s has started "
					 "already",
					 wave, s->run_id);
		return 0;
	}
	if (s->rs->waits_wave == 0 ||
	    run_approval_given(s->rs->gates, play, s->rs->waits_wave))
		return 0;
	error_set(err, ERROR_INVALID,
		  "run %s waits for approval of wave %u: 'crest approve %s "
		  "[--comment TEXT]' approves it and goes on, 'crest abort "
		  "%s' rolls back",
		  s->run_id, s->rs->waits_wave, s->run_id, s->run_id);
	return 1;
}

/* Journals the approval and hands it to the gate. */
int session_approval_record(struct session *s, struct error *err)
{
	const struct run_session_request *req = s->req;
	unsigned play, wave;
	json_t *ev;
	int ret;

	if (!req->approve)
		return 0;
	play = s->rs->waits_wave ? s->rs->waits_play : s->rs->play;
	wave = req->approve_wave ? req->approve_wave : s->rs->waits_wave;
	ev = json_pack("{s:s, s:I, s:I, s:s, s:s?}", "event", "approval",
		       "play", (json_int_t)play + 1, "wave", (json_int_t)wave,
		       "user", session_user(), "comment", req->comment);
	ret = journal_append(s->j, ev, err);
	if (ret == 0)
		json_array_append(s->rs->gates, ev);
	json_decref(ev);
	return ret;
}

/* Puts the approval gate of play p in front of r's window gate. */
void session_play_approval(struct session *s, size_t p, struct run *r,
			   struct run_approval *ra)
{
	const struct play *play = &s->pb->plays[p];

	memset(ra, 0, sizeof(*ra));
	if (!play->pause_approval && play->n_approve == 0)
		return;
	ra->play = play;
	ra->play_index = (unsigned)p;
	ra->journal = s->j;
	ra->gates = s->rs ? s->rs->gates : NULL;
	ra->run_id = s->run_id;
	ra->next_gate = r->wave_gate;
	ra->next_data = r->gate_data;
	r->wave_gate = run_approval_gate;
	r->gate_data = ra;
}

/* Keeps, of a run prepared by run_prepare_revert(), the hosts of wave w
 * (0-based) only: the wave a failed wave's rollback: wave reverts. */
static void keep_wave(struct run *r, size_t w)
{
	size_t i, n = 0;

	for (i = 0; i < r->n_hosts; i++) {
		if (r->hosts[i].wave == w)
			r->hosts[n++] = r->hosts[i];
		else
			host_run_release(&r->hosts[i]);
	}
	r->n_hosts = n;
	for (i = 0; i < r->n_waves; i++)
		r->wave_sizes[i] = i == w ? n : 0;
}

/* Aborts a run that waits for approval. */
int run_session_abort(const struct run_session_request *req,
		      const struct run_session_output *out, struct error *err)
{
	enum run_status status = RUN_ROLLED_BACK;
	const struct play *play;
	struct run_context ctx;
	struct session s;
	struct run r;
	json_t *ev;
	int rc = CREST_EXIT_INVALID;

	memset(&r, 0, sizeof(r));
	if (session_init(&s, req, out, err) < 0 ||
	    session_load_recorded(&s, req->run_id, err) < 0 ||
	    session_extra_recorded(&s, 0, err) < 0)
		goto fail;
	if (s.rs->status == NULL || strcmp(s.rs->status, "paused") != 0 ||
	    s.rs->waits_wave == 0) {
		error_set(err, ERROR_INVALID,
			  "run %s does not wait for approval (%s): nothing "
			  "to abort; 'crest rollback %s' reverts it",
			  s.run_id, s.rs->status ? s.rs->status : "unfinished",
			  s.run_id);
		goto fail;
	}
	if (git_source_reopen(s.rs->header, req->inventory, s.state_dir, &s.gs,
			      err) < 0 ||
	    git_source_load(s.gs, &s.pb, &s.inv, err) < 0 ||
	    session_notify_start(&s, err) < 0 || session_lock(&s, err) < 0)
		goto fail;
	memset(&ctx, 0, sizeof(ctx));
	ctx.run_id = s.run_id;
	ctx.playbook = s.pb;
	ctx.inventory = s.inv;
	ctx.transport = req->transport;
	ctx.extra_vars = s.extra_vars;
	ctx.n_extra_vars = s.n_extra_vars;
	ctx.play_index = s.rs->waits_play;
	ctx.shard = s.shard;
	if (ctx.play_index >= s.pb->n_plays) {
		error_set(err, ERROR_INVALID, "run %s: no play %u", s.run_id,
			  ctx.play_index + 1);
		goto fail;
	}
	play = &s.pb->plays[ctx.play_index];
	if (run_prepare_revert(&r, &ctx, s.rs, req->forks, err) < 0)
		goto fail;
	/* As the wave before the gate had failed: rollback: wave reverts
	 * it, run every wave, none nothing. */
	if (play->rollback == ROLLBACK_NONE)
		keep_wave(&r, r.n_waves);
	else if (play->rollback == ROLLBACK_WAVE)
		keep_wave(&r, s.rs->waves_started ? s.rs->waves_started - 1
						  : r.n_waves);
	if (run_revert_ready(&r, err) < 0 ||
	    journal_reopen(s.path, &s.j, err) < 0)
		goto fail;
	session_journal_attach(&s);
	ev = json_pack("{s:s, s:I, s:I, s:s, s:s?}", "event", "abort", "play",
		       (json_int_t)ctx.play_index + 1, "wave",
		       (json_int_t)s.rs->waits_wave, "user", session_user(),
		       "comment", req->comment);
	if (journal_append(s.j, ev, err) < 0) {
		json_decref(ev);
		goto fail;
	}
	json_decref(ev);
	session_begin(&s);
	ctx.journal = s.j;
	r.ctx.journal = s.j;
	r.observer = out->observer;
	if (play->rollback == ROLLBACK_NONE)
		status = RUN_FAILED;
	else if (r.n_hosts > 0)
		status = run_revert_all(&r);
	session_end(&s, status);
	rc = run_status_exit_code(status);
	goto out;
fail:
	rc = error_exit_code(err);
out:
	run_release(&r);
	session_release(&s);
	return rc;
}
