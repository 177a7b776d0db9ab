/*
 * run-state.h - a run as its journal tells it.
 *
 * Reading a journal back gives, per host, what crest needs to go on or to
 * undo: which tasks finished, which changed the host and the state each
 * found before (probe's record), which task was in flight when the
 * controller died (an intent without a result), and which changes were
 * already reverted.  crest rollback, resume, runs and show are built on it.
 *
 * Ownership: a struct run_state owns everything in it; run_state_free().
 */
#ifndef CREST_RUN_STATE_H
#define CREST_RUN_STATE_H

#include <stddef.h>

#include <jansson.h>

#include "base/error.h"

/* A task's change to a host, as recorded. */
struct recorded_change {
	unsigned play;	/* 0-based */
	unsigned task;	/* index in the play's tasks */
	json_t *prior;	/* probe's record (owned) */
	json_t *revert; /* what its revert works from, as struct host_change's
			   (owned), or NULL: a journal from before crest
			   recorded it */
	int finished;	/* a task_result came (else: in flight at a crash) */
	int reverted;	/* a rollback_step ok came */
};

struct host_record {
	char *name;
	unsigned play;	/* 0-based */
	unsigned wave;	/* 1-based; 0: never started */
	char *status;	/* host_end's status, or NULL when it never ended */
	char *error;	/* host_end's error, or NULL */
	int *task_done; /* per task index: 1 when its result is ok or
			     changed (grown as needed) */
	size_t n_task_done;
	struct recorded_change *changes; /* in the order they were applied */
	size_t n_changes;
	int rollback_failed;
};

struct run_state {
	char *run_id;
	json_t *header; /* the run_start event (owned) */
	char *status;	/* run_end's status, or NULL: the run did not end */
	struct host_record *hosts;
	size_t n_hosts;
	unsigned waves_started; /* highest wave_start seen, per last play */
	unsigned waves_ended;	/* highest wave_end seen */
	unsigned play;		/* the last play_start (0-based) */
	int torn;		/* the journal's last line was torn */
	/* The "facts" events: play number (1-based, as text) -> {host:
	 * snapshot name, or null when the host did not answer} (owned, NULL
	 * when no play gathered facts). */
	json_t *facts;
	/* The gates' events, in order (owned): run_paused for approval,
	 * approval and abort (run-approval.h). */
	json_t *gates;
	unsigned waits_play; /* the last run_paused for approval: its */
	unsigned waits_wave; /* play (0-based) and wave (1-based); 0:
				   none, or approved since */
};

/* Reads the journal at path.  Returns 0 and *out (run_state_free()), or -1
 * with err set (no such run, not a journal). */
int run_state_load(const char *path, struct run_state **out, struct error *err);

/* Returns the record of host name, or NULL (borrowed). */
struct host_record *run_state_host(const struct run_state *rs,
				   const char *name);

/* Returns a string field of the header, or NULL (borrowed). */
const char *run_state_header(const struct run_state *rs, const char *key);

/* Frees rs.  Accepts NULL. */
void run_state_free(struct run_state *rs);

#endif
