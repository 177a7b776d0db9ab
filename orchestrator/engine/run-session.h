/*
 * run-session.h - one run of a playbook from start to end: what "crest
 * run", "crest resume", "crest timer" and "crest rollback RUN" go through.
 *
 * Theory of operation: the engine's run (run.h) runs one play's waves; a
 * session is everything around it, in this order:
 *
 *   1. the state directory and, for a recorded run, its journal
 *      (run-state.h): a resumed or rolled-back run takes its playbook,
 *      inventory and --limit from the journal's header;
 *   2. the source of the files (git-source.h): a new run's commit, or the
 *      recorded commit again; a new run of a playbook whose run is paused
 *      continues that run when the commit is the same;
 *   3. the playbook, the inventory and crest.yml's windows, checked in
 *      full before anything starts (a window that is closed ends the
 *      session with CREST_EXIT_WINDOW, nothing changed);
 *   4. the run lock of the inventory (lock.h), then the journal: a new
 *      one with the run's header (what ran, from which commit, by whom,
 *      the -e keys but never their values), or the old one reopened;
 *   5. every play through run_play() (or run_revert_all() for a
 *      rollback), the play's window checked before each wave
 *      (run-window.h), SIGINT and SIGTERM starting nothing new;
 *   6. run_end in the journal.
 *
 * What the user sees is the caller's: the session calls the callbacks of
 * a struct run_session_output (terminal lines, a progress display) and
 * copies every journal event to output->events (--json).  It prints
 * nothing itself.
 *
 * Ownership: the request's strings and the output are borrowed for the
 * call; nothing is kept after it returns.
 */
#ifndef CREST_RUN_SESSION_H
#define CREST_RUN_SESSION_H

#include <stddef.h>
#include <stdio.h>

#include <jansson.h>

#include "base/error.h"
#include "run.h"
#include "transport/transport.h"

struct git_source;
struct inventory_facts;

/* How a play's facts are gathered and taken again on resume; facts/
 * fills it (facts-run.h), since the engine cannot include facts/. */
struct run_facts_ops {
	/* Gathers the n targets' facts (one round trip each, in parallel,
	 * snapshots saved in state_dir) into *result, a new object: host
	 * -> {"facts": object or null, "snapshot": the snapshot's name or
	 * null, "error": string or null}; a host that did not answer has
	 * null facts.  Returns 0, or -1 with err set. */
	int (*gather)(const struct transport_target *targets, size_t n,
		      const struct transport_options *transport, unsigned forks,
		      const char *state_dir, json_t **result,
		      struct error *err);
	/* Loads the facts object of host's snapshot name into *facts (new).
	 * Returns 0, or -1 with err set. */
	int (*load)(const char *state_dir, const char *host, const char *name,
		    json_t **facts, struct error *err);
};

/* What to run, in the engine's terms (the CLI fills it from options). */
struct run_session_request {
	const char *command;   /* "run", "resume", "timer", "rollback":
				  for what the journal and messages say */
	const char *playbook;  /* a new run's path; NULL for a recorded run */
	const char *inventory; /* -i, or NULL: crest.yml's or the run's */
	const char *run_id;    /* the recorded run to resume or roll back,
				  or NULL for a new run */
	const char *state_dir; /* --state-dir, or NULL: the default */
	const char *repo;      /* --repo, or NULL */
	const char *ref;       /* --ref, or NULL: HEAD */
	int allow_dirty;       /* --allow-dirty */
	int ignore_window;     /* --ignore-window */
	const char *limit;     /* --limit, or NULL (a resumed run: the
				  recorded one) */
	unsigned forks;
	char *const *extra_vars; /* -e as KEY=VALUE, n_extra_vars of them */
	size_t n_extra_vars;
	const struct transport_options *transport;
	/* --shard: only this shard of every play's hosts (count 0: all);
	 * a recorded run takes its own from its journal. */
	struct shard shard;
	const char *rollout; /* --rollout, or NULL: "COMMIT12:PLAYBOOK" */
	int gather_facts; /* --facts: every play gathers, as with facts: true */
	const struct run_facts_ops *facts; /* NULL: a play that gathers is
					      refused */
	/* What host patterns' facts terms (hosts:, --limit) read, set on
	 * the inventory (borrowed); NULL: such a term is an error. */
	const struct inventory_facts *inventory_facts;
	/* crest approve: record an approval of wave approve_wave (1-based;
	 * 0: the wave the run waits at) before going on; crest approve and
	 * crest abort: the person's comment, or NULL. */
	int approve;
	unsigned approve_wave;
	const char *comment;
};

/* What the session says of itself as it goes (the git source, for the
 * "commit ... of ..." line, is in source). */
struct run_session_info {
	const char *run_id;
	const char *journal;   /* the journal's path */
	int resumed;	       /* an interrupted or paused run goes on */
	const char *playbook;  /* as the source names it */
	const char *inventory; /* as the source names it */
	const struct git_source *source; /* borrowed */
	size_t rollback_changes;	 /* a rollback: changes to revert */
	const char *pause_message;	 /* a paused run: why, until when */
	int pause_approval; /* paused for approval (run-approval.h), not by
			       the window */
};

/* The caller's side: every slot may be NULL. */
struct run_session_output {
	/* Every journal event, one JSON object per line, or NULL. */
	FILE *events;
	/* The engine's wave and host events, passed through. */
	const struct run_observer *observer;
	/* The journal is open and the first play is about to start. */
	void (*begin)(void *data, const struct run_session_info *info);
	/* The lock was held by run stale, whose controller is gone. */
	void (*lock_taken_over)(void *data, const char *stale);
	/* The window is closed: it next opens at next (text), or never. */
	void (*window_closed)(void *data, const char *window, const char *next);
	/* After wave (1-based) ended: late hosts ended past window's close. */
	void (*window_overrun)(void *data, unsigned wave, size_t late,
			       const char *window);
	/* A play starts (r runs on this thread until play_end). */
	void (*play_start)(void *data, struct run *r);
	/* A play ended: r holds every host's end. */
	void (*play_end)(void *data, const struct run *r,
			 const struct run_session_info *info);
	/* A resumed run was started with -e name, which was not given
	 * again: sets *value (caller frees) and returns 0, or returns -1
	 * when there is no one to ask (the session then names the keys). */
	int (*ask_var)(void *data, const char *run_id, const char *name,
		       char **value);
	/* A rollback found nothing to revert. */
	void (*nothing_to_roll_back)(void *data, const char *run_id);
	/* The session ended with status (run_end is in the journal). */
	void (*end)(void *data, enum run_status status,
		    const struct run_session_info *info);
	void *data;
};

/* Runs a new run, or resumes the recorded run req->run_id.  Returns
 * crest's exit code; on CREST_EXIT_INVALID and the other failures before
 * or around the run, err says why (the caller prints it). */
int run_session_exec(const struct run_session_request *req,
		     const struct run_session_output *out, struct error *err);

/* Reverts every change recorded run req->run_id made that is not reverted
 * yet, newest play, wave and task first.  Returns crest's exit code (0
 * rolled back or nothing to do, 3 a revert failed), with err set on
 * failure. */
int run_session_rollback(const struct run_session_request *req,
			 const struct run_session_output *out,
			 struct error *err);

/* Aborts recorded run req->run_id, paused for approval: journals who
 * aborted (req->comment), then reverts the play's last wave as a failed
 * wave is (with rollback: run the earlier waves too; rollback: none
 * reverts nothing and the run ends failed).  Returns crest's exit code
 * (2 rolled back, 3 a revert failed, 1 rollback: none), err set on
 * failure. */
int run_session_abort(const struct run_session_request *req,
		      const struct run_session_output *out, struct error *err);

#endif
