/*
 * run-approval.h - the approval gate before a wave.
 *
 * Theory of operation.  A play with pause: approval (every wave after the
 * first) or approve: [N, ...] (those waves, 1-based as crest plan numbers
 * them) has waves that wait for a person.  Before such a wave starts (so
 * after the previous wave's soak) run_approval_gate() looks for an
 * approval event of that play and wave in the journal (the run_state of
 * a resumed run, or the one 'crest approve' just wrote); without one it
 * journals run_paused with reason "approval" and the run ends paused
 * (RUN_PAUSED, exit 5).  'crest approve RUN' records the approval and
 * goes on through the same path as 'crest resume RUN'; 'crest abort RUN'
 * rolls the last wave back as a failed wave would (run-session.h).  The
 * maintenance window's gate (run-window.h) runs after this one, so an
 * approved wave still waits for its window.
 *
 * Ownership: a struct run_approval borrows its play, journal and state.
 */
#ifndef CREST_RUN_APPROVAL_H
#define CREST_RUN_APPROVAL_H

#include <stddef.h>

#include <jansson.h>

#include "journal.h"
#include "lang/playbook.h"
#include "run.h"

struct run_approval {
	const struct play *play; /* borrowed */
	unsigned play_index;	 /* 0-based */
	struct journal *journal;
	const json_t *gates; /* run_state's gates events, or NULL */
	const char *run_id;
	/* The gate after this one (the window's), or NULL. */
	int (*next_gate)(void *data, const struct run *r, size_t w);
	void *next_data;
	int paused;	   /* this gate paused the run */
	char message[512]; /* why, and how to go on */
};

/* Returns 1 when wave w (0-based) of play waits for approval. */
int run_approval_needed(const struct play *play, size_t w);

/* Returns 1 when gates (run_state's) hold an approval of wave (1-based)
 * of play (0-based). */
int run_approval_given(const json_t *gates, unsigned play, unsigned wave);

/* struct run's wave_gate: data is a struct run_approval.  Returns 1
 * (after journalling run_paused) when wave w waits for approval, else
 * what next_gate says. */
int run_approval_gate(void *data, const struct run *r, size_t w);

#endif
