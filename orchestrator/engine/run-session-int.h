/*
 * run-session-int.h - what the parts of the run session share; private to
 * engine/run-session*.c (run-session.h is the API).
 *
 * Ownership: a struct session owns every pointer in it but req and out;
 * session_release() frees them.
 */
#ifndef CREST_RUN_SESSION_INT_H
#define CREST_RUN_SESSION_INT_H

#include "git/git-source.h"
#include "inventory/inventory.h"
#include "journal.h"
#include "lang/playbook.h"
#include "lock.h"
#include "run-approval.h"
#include "run-session.h"
#include "run-state.h"
#include "schedule/window.h"

struct session {
	const struct run_session_request *req; /* borrowed */
	const struct run_session_output *out;  /* borrowed */
	char *state_dir;
	char *run_id;
	char *path;	       /* the journal's */
	struct run_state *rs;  /* a recorded run's journal, or NULL */
	struct git_source *gs; /* where the files came from */
	struct playbook *pb;
	struct inventory *inv;
	struct window_set ws; /* crest.yml's windows */
	struct shard shard;   /* the request's, or the recorded run's */
	char *lock_key;
	struct lock *lock;
	struct lock *inventory_lock; /* a shard's: the inventory's, shared */
	struct journal *j;
	struct notifier *notifier;    /* crest.yml's and the plays' notify:,
					 or NULL */
	struct run_session_info info; /* what the callbacks are told */
	char **extra_vars; /* -e as the run goes on with them (copies) */
	size_t n_extra_vars;
};

/* Gives the hosts of play p (prepared in r) their facts when the play
 * gathers them (facts: true or --facts): gathered now and journalled
 * (the snapshot's name per host), or, resuming, the snapshots the
 * journal names loaded again; then checks every when condition of the
 * play on every host, so an undefined fact is an error before any host is
 * changed.  Sets r->ctx.facts to *facts (the caller frees it; NULL when
 * the play gathers none).  Returns 0, or -1 with err set. */
int session_play_facts(struct session *s, size_t p, struct run *r,
		       json_t **facts, struct error *err);

/* Starts s for req and out, opening the state directory.  Returns 0 or -1
 * with err set; session_release() frees s either way. */
int session_init(struct session *s, const struct run_session_request *req,
		 const struct run_session_output *out, struct error *err);

/* Loads the recorded run id (its journal must name its playbook and
 * inventory) into s->rs.  Returns 0 or -1 with err set. */
int session_load_recorded(struct session *s, const char *id, struct error *err);

/* Finds a paused run of the new run's playbook: the same commit continues
 * it (*resume_id set, caller frees), another commit is refused.  Returns
 * 0 or -1 with err set. */
int session_paused_run(const struct session *s, char **resume_id,
		       struct error *err);

/* Reads crest.yml's windows into s->ws and checks the plays' window: names
 * from first_play on, and (unless --ignore-window) that the first play's
 * window is open now.  Returns 0, 1 when it is closed (window_closed told),
 * or -1 with err set. */
int session_windows(struct session *s, size_t first_play, struct error *err);

/* Takes the run lock of the source's inventory for s->run_id.  Returns 0
 * or -1 with err set. */
int session_lock(struct session *s, struct error *err);

/* Writes the run's header event: what ran, from which commit, by whom.
 * Returns 0 or -1 with err set. */
int session_header(struct session *s, struct error *err);

/* run-session-end.c: how every session begins and ends */

/* Starts s->notifier from crest.yml's notify: and every play's (s->gs and
 * s->pb loaded), secrets read from their references.  Returns 0 (no
 * notifier when nothing is configured), or -1 with err set (exit 4: a
 * secret_env not set, a secret_file not readable). */
int session_notify_start(struct session *s, struct error *err);

/* Hands every event of the open journal s->j to the output's events and
 * to the notifier. */
void session_journal_attach(struct session *s);

/* Fills s->info from the session and calls the output's begin. */
void session_begin(struct session *s);

/* Appends {"event": "run_end", "status": status} to the journal; a
 * failure is ignored, as the run's own status is what counts. */
void session_end_event(struct session *s, enum run_status status);

/* The one end of a session's work: run_end journalled, the notifier
 * drained (at most its wait; warnings to the output) and freed, the lock
 * let go, then the output's end with status. */
void session_end(struct session *s, enum run_status status);

/* run-session-vars.c */

/* Takes a new run's -e as given into s->extra_vars. */
void session_extra_new(struct session *s);

/* Takes the -e of recorded run s->rs again into s->extra_vars: each given
 * one must be one the run was started with, with the same value (its
 * keyed digest); with require, every one the run had must be given or
 * is asked for (out->ask_var).  Returns 0, or -1 with err (ERROR_INVALID
 * naming the keys). */
int session_extra_recorded(struct session *s, int require, struct error *err);

/* Returns {KEY: keyed digest} of s->extra_vars for the header (new
 * reference), or NULL with err set. */
json_t *session_extra_digests(struct session *s, struct error *err);

/* Returns the user crest records (run_start, approval, abort). */
const char *session_user(void);

/* run-session-approval.c */

/* A recorded run that waits for approval: with req->approve checks the
 * wave to approve (exit-4 error when it needs none); without, sets err
 * saying it waits.  Returns 0 (go on), 1 (it waits: exit 5, err says
 * so) or -1 with err set. */
int session_approval_check(struct session *s, struct error *err);

/* Journals req->approve's approval (s->j open) and adds it to the gates
 * the run goes on with.  Returns 0 or -1 with err set. */
int session_approval_record(struct session *s, struct error *err);

/* Sets the approval gate of play p on r in front of its window gate. */
void session_play_approval(struct session *s, size_t p, struct run *r,
			   struct run_approval *ra);

/* run-session-shard.c */

/* Sets *out to recorded run rs's shard (count 0: it ran every host). */
void session_shard_recorded(const struct run_state *rs, struct shard *out);

/* Returns 1 when recorded run rs ran shard sh (count 0: every host). */
int session_same_shard(const struct run_state *rs, const struct shard *sh);

/* Returns run_start's "shard" object for s->shard (new reference): index,
 * count, the hash's name, the rollout (--rollout, else the commit's first
 * 12 digits, or the playbook's digest's, ":" and the playbook) and the
 * number of hosts of the shard over every play. */
json_t *session_shard_json(const struct session *s, const char *pb_digest);

/* Frees what s owns. */
void session_release(struct session *s);

#endif
