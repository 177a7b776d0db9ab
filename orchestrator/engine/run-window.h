/*
 * run-window.h - a run inside its maintenance window (window.h).
 *
 * Theory of operation.  Before each wave the engine asks run_window_gate()
 * (struct run's wave_gate) whether the wave may start.  It may when the
 * window is open now, now is before the window's end less its cutoff, and
 * the wave's expected duration ends before then too.  The expected duration of a wave of N
 * hosts is the longest duration of an earlier wave of this playbook with
 * N hosts or more, found in the journals of the state directory, scaled
 * by N / its host count; without one, the play's wave_timeout; without
 * that, the wave is assumed to fit.  A wave that may not start pauses the
 * run: a run_paused event (with the next opening) goes to the journal and
 * run_play() ends with RUN_PAUSED; "crest resume" or "crest run" of the
 * same commit continue it.  A wave that started is never cut off: hosts
 * that end after the window's end are journalled as window_overrun.
 *
 * Ownership: a struct run_window borrows its window, journal and strings;
 * run_window_release() frees the late hosts it collected.
 */
#ifndef CREST_RUN_WINDOW_H
#define CREST_RUN_WINDOW_H

#include <stddef.h>
#include <time.h>

#include "journal.h"
#include "run.h"
#include "schedule/window.h"

struct run_window {
	const struct window *window; /* borrowed */
	const char *state_dir;	     /* for earlier runs' journals */
	const char *playbook;	     /* as run_start names it */
	struct journal *journal;
	unsigned wave_timeout; /* the play's, 0: none */
	unsigned play;	       /* 0-based, for events */
	time_t end;	       /* end of the opening under way */
	time_t next_open;      /* set when the gate paused the run */
	char **late;	       /* hosts of this wave that ended late */
	size_t n_late;
	char message[512]; /* why the run paused, for the terminal */
};

/* Checks that now is inside w: returns 1 and *end, or 0 and *next (the
 * next opening; 0 when there is none). */
int run_window_open(const struct window *w, time_t now, time_t *end,
		    time_t *next);

/* Returns the expected seconds of a wave of n hosts of playbook from the
 * journals in state_dir, or 0 when no earlier wave was as large. */
unsigned run_window_expected(const char *state_dir, const char *playbook,
			     size_t n);

/* struct run's wave_gate: data is a struct run_window.  Returns 1 (after
 * journalling run_paused) when wave w may not start. */
int run_window_gate(void *data, const struct run *r, size_t w);

/* Notes a host that ended (late when the window's end has passed). */
void run_window_host_done(struct run_window *rw, const struct host_run *hr);

/* At a wave's end: journals window_overrun with the late hosts, if any,
 * and returns how many there were. */
size_t run_window_wave_end(struct run_window *rw, unsigned wave);

/* Frees the late hosts. */
void run_window_release(struct run_window *rw);

#endif
