/*
 * run-analysis.h - the metric gates of a wave: the play's analysis
 * measured during the wave's soak and once more before the next wave.
 *
 * Theory of operation.  run.c makes one struct run_analysis per wave.
 * While the soak sleeps, run_analysis_due() is asked once a second; each
 * `interval` it measures every check (analysis/analysis.h) and journals
 * each measurement (event "analysis").  A check's failed measurements in
 * a row are counted; when one reaches `failures` the wave has failed as a
 * whole (event "analysis_failed"), and run.c rolls it back the way it
 * rolls back a wave over its budget.  After the soak, run_analysis_gate()
 * measures again: the next wave starts only on a passing measurement of
 * every check, so a failing one is measured again each interval until it
 * passes or reaches `failures`.
 */
#ifndef CREST_RUN_ANALYSIS_H
#define CREST_RUN_ANALYSIS_H

#include <stdint.h>

#include "run.h"

struct run_analysis {
	struct run *r;	  /* borrowed */
	size_t wave;	  /* 0-based */
	uint64_t next_ms; /* monotonic time of the next measurement */
	unsigned *failed; /* per check: failed measurements in a row */
	int has_failed;	  /* a check reached failures */
};

/* Starts the gate of wave w of r (a play without analysis: nothing is
 * measured).  Free with run_analysis_release(). */
void run_analysis_init(struct run_analysis *ra, struct run *r, size_t w);

/* During the soak: measures when the interval is up.  Returns 1 when the
 * wave has failed on its analysis, else 0. */
int run_analysis_due(struct run_analysis *ra);

/* Before the next wave: measures until every check passes (0) or one
 * reaches its failures (1); an interrupt returns 0 at once. */
int run_analysis_gate(struct run_analysis *ra);

/* Frees the counters. */
void run_analysis_release(struct run_analysis *ra);

#endif
