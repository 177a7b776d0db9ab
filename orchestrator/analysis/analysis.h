/*
 * analysis.h - one measurement of a metric gate (a play's analysis:): a
 * Prometheus instant query held against its thresholds, or an HTTP URL's
 * status code, taken from the controller.
 *
 * A measurement fails when the query returns no sample (an empty result
 * measures nothing, so it cannot pass), when a sample is outside max/min
 * (or NaN), when the status differs, or when the server cannot be reached
 * in the check's timeout; reason says which, in a sentence.
 *
 * Ownership: a struct analysis_measurement owns its reason; release it
 * with analysis_measurement_release().
 */
#ifndef CREST_ANALYSIS_H
#define CREST_ANALYSIS_H

#include "lang/playbook.h"

struct analysis_measurement {
	int ok;	       /* the check passed */
	int has_value; /* prometheus: value holds the worst sample */
	double value;
	size_t samples; /* prometheus: how many the query returned */
	long status;	/* http: the status code, 0 when none came */
	char *reason;	/* why it failed, or what it saw (owned) */
};

/* Takes one measurement of check c into *m (released first).  Never
 * fails itself: a server that cannot be reached is a failed measurement. */
void analysis_measure(const struct analysis_check *c,
		      struct analysis_measurement *m);

/* Returns "prometheus" or "http". */
const char *analysis_kind_name(const struct analysis_check *c);

/* Writes a one-line description of c ("prometheus QUERY <= 0.5 at URL")
 * into *out (caller frees). */
char *analysis_describe(const struct analysis_check *c);

/* Frees the reason.  Accepts NULL. */
void analysis_measurement_release(struct analysis_measurement *m);

#endif
