/*
 * run-view.h - a run as its timeline shows it, read from the journal.
 *
 * Where run-state.h keeps what crest needs to resume or revert, a run view
 * keeps what a person looks at: when each host and each task started and
 * ended and how it came out, each wave with its budget, the soak after a
 * wave and the rollbacks as periods of time.  Every time comes from the
 * journal's events (docs/running.md, "The journal"): a task's bar from
 * task_result's time and duration_ms, a revert's from rollback_step's, a
 * soak from soak_start, a wave's rollback from rollback_start and
 * rollback_end; play_start's wave_hosts names the hosts of waves that never
 * started.
 *
 * Ownership: a struct run_view owns everything in it; run_view_free().
 */
#ifndef CREST_RUN_VIEW_H
#define CREST_RUN_VIEW_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "base/error.h"

/* One bar of a host's row: a task, or the revert of one. */
struct view_bar {
	int64_t start_ms, end_ms; /* since the epoch; end -1: never ended */
	unsigned task;		  /* 0-based index in its play */
	char *name;		  /* the task's name, else its module (owned) */
	const char *outcome;	  /* ok changed failed unreachable reverted
				unfinished (static) */
	int revert;		  /* the bar is a rollback step */
};

struct view_host {
	char *name;
	unsigned play;		  /* 1-based */
	unsigned wave;		  /* 1-based; 0: in no wave */
	const char *outcome;	  /* ok changed failed unreachable reverted
				rollback_failed unfinished not_started */
	char *error;		  /* host_end's error, or NULL */
	int64_t start_ms, end_ms; /* -1 when unknown */
	struct view_bar *bars;
	size_t n_bars;
};

struct view_wave {
	unsigned play, wave;	  /* 1-based */
	size_t hosts;		  /* planned or started with */
	long budget;		  /* max_failures; -1: never started */
	long ok, failed;	  /* wave_end's counts; -1: never ended */
	int exceeded;		  /* over its budget */
	const char *rollback;	  /* rollback_end's status, or NULL */
	int64_t start_ms, end_ms; /* -1 when unknown */
};

/* A period shaded across the timeline. */
struct view_period {
	const char *kind;    /* "soak" or "rollback" (static) */
	unsigned play, wave; /* wave 0: a later 'crest rollback' */
	int64_t start_ms, end_ms;
};

struct run_view {
	char *run_id;
	json_t *header;		  /* run_start (owned) */
	char *status;		  /* run_end's, or NULL: the run did not end */
	int64_t start_ms, end_ms; /* run_start .. the last event */
	unsigned n_plays;
	struct view_host *hosts; /* play by play, wave by wave */
	size_t n_hosts;
	struct view_wave *waves; /* play by play, in order */
	size_t n_waves;
	struct view_period *periods;
	size_t n_periods;
};

/* Reads the journal at path.  Returns 0 and *out (run_view_free()), or -1
 * with err set (unreadable, not a journal). */
int run_view_load(const char *path, struct run_view **out, struct error *err);

/* Returns a string of the header, or NULL (borrowed); a dotted key
 * ("git.commit") reads an object inside it. */
const char *run_view_header(const struct run_view *v, const char *key);

/* Reads a journal time ("2026-12-07T05:23:18.718Z", the fraction
 * optional) as milliseconds since the epoch; -1 when it is not one. */
int64_t run_view_time(const char *text);

/* Frees v.  Accepts NULL. */
void run_view_free(struct run_view *v);

#endif
