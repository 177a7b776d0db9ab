/*
 * run-session-rollback.c - "crest rollback RUN" as a session: reverts
 * every change a recorded run made that is not reverted yet, from the
 * prior states its journal holds, newest play first (and, in the engine,
 * newest wave and task first).  It works for a finished, successful run as
 * well as for one whose controller died.  The steps go into the same
 * journal, which ends with a new run_end.
 */
#include <string.h>

#include "run-session-int.h"

/* Counts the recorded changes not reverted yet. */
static size_t session_pending(const struct run_state *rs)
{
	size_t i, k, pending = 0;

	for (i = 0; i < rs->n_hosts; i++)
		for (k = 0; k < rs->hosts[i].n_changes; k++)
			pending += !rs->hosts[i].changes[k].reverted;
	return pending;
}

/* Nothing to revert: a paused run ends all the same, so that another
 * commit of its playbook may run (docs/windows.md). */
static int session_nothing(struct session *s, struct error *err)
{
	if (s->out->nothing_to_roll_back)
		s->out->nothing_to_roll_back(s->out->data, s->run_id);
	if (s->rs->status && strcmp(s->rs->status, "paused") == 0) {
		if (journal_reopen(s->path, &s->j, err) < 0)
			return error_exit_code(err);
		session_end_event(s, RUN_ROLLED_BACK);
	}
	return CREST_EXIT_OK;
}

/* Fills the context the reverts run in: the run's files, -e, the
 * journal once it is open. */
static void session_context(struct session *s, struct run_context *ctx)
{
	memset(ctx, 0, sizeof(*ctx));
	ctx->run_id = s->run_id;
	ctx->playbook = s->pb;
	ctx->inventory = s->inv;
	ctx->transport = s->req->transport;
	ctx->journal = s->j;
	ctx->extra_vars = s->extra_vars;
	ctx->n_extra_vars = s->n_extra_vars;
}

/* Checks that every play's changes can be reverted from what the
 * journal holds and the -e given, before any host is touched or the
 * journal written: a rollback that cannot finish does not start. */
static int session_ready(struct session *s, struct error *err)
{
	struct run_context ctx;
	struct run r;
	size_t p;
	int ret = 0;

	session_context(s, &ctx);
	for (p = s->pb->n_plays; p-- > 0 && ret == 0;) {
		ctx.play_index = (unsigned)p;
		if (run_prepare_revert(&r, &ctx, s->rs, s->req->forks, err) < 0)
			return -1;
		ret = run_revert_ready(&r, err);
		run_release(&r);
	}
	return ret;
}

/* Reverts the plays, newest first. */
static int session_revert(struct session *s, enum run_status *status,
			  struct error *err)
{
	const struct run_session_output *out = s->out;
	struct run_context ctx;
	struct run r;
	size_t p;

	session_context(s, &ctx);
	for (p = s->pb->n_plays; p-- > 0;) {
		ctx.play_index = (unsigned)p;
		memset(&r, 0, sizeof(r));
		if (run_prepare_revert(&r, &ctx, s->rs, s->req->forks, err) < 0)
			return -1;
		r.observer = out->observer;
		if (run_revert_all(&r) == RUN_ROLLBACK_FAILED)
			*status = RUN_ROLLBACK_FAILED;
		run_release(&r);
	}
	return 0;
}

/* Rolls a recorded run back. */
int run_session_rollback(const struct run_session_request *req,
			 const struct run_session_output *out,
			 struct error *err)
{
	enum run_status status = RUN_ROLLED_BACK;
	struct error ignored = ERROR_INIT;
	struct session s;
	json_t *ev;
	int rc = CREST_EXIT_INVALID;

	if (session_init(&s, req, out, err) < 0 ||
	    session_load_recorded(&s, req->run_id, err) < 0 ||
	    session_extra_recorded(&s, 0, err) < 0)
		goto fail;
	s.info.run_id = s.run_id;
	s.info.journal = s.path;
	s.info.rollback_changes = session_pending(s.rs);
	if (s.info.rollback_changes == 0) {
		rc = session_nothing(&s, err);
		goto out;
	}
	/* The files of the run: the same commit, or the same files. */
	if (git_source_reopen(s.rs->header, req->inventory, s.state_dir, &s.gs,
			      err) < 0 ||
	    git_source_load(s.gs, &s.pb, &s.inv, err) < 0 ||
	    session_lock(&s, err) < 0 || session_ready(&s, err) < 0 ||
	    session_notify_start(&s, err) < 0 ||
	    journal_reopen(s.path, &s.j, err) < 0)
		goto fail;
	session_journal_attach(&s);
	ev = json_pack("{s:s, s:I}", "event", "rollback_run_start", "changes",
		       (json_int_t)s.info.rollback_changes);
	journal_append(s.j, ev, &ignored);
	json_decref(ev);
	error_release(&ignored);
	session_begin(&s);
	if (session_revert(&s, &status, err) < 0)
		goto fail;
	session_end(&s, status);
	rc = status == RUN_ROLLED_BACK ? CREST_EXIT_OK
				       : CREST_EXIT_ROLLBACK_FAILED;
	goto out;
fail:
	rc = error_exit_code(err);
out:
	session_release(&s);
	return rc;
}
