/*
 * run-analysis.c - measuring a wave's analysis and journaling each
 * measurement; see run-analysis.h.
 */
#include <math.h>
#include <stdlib.h>
#include <time.h>

#include "analysis/analysis.h"
#include "base/monotime.h"
#include "base/xmalloc.h"
#include "run-analysis.h"

/* Returns the play of the run. */
static const struct play_analysis *ra_analysis(const struct run_analysis *ra)
{
	return &ra->r->ctx.playbook->plays[ra->r->ctx.play_index].analysis;
}

/* Starts the gate. */
void run_analysis_init(struct run_analysis *ra, struct run *r, size_t w)
{
	const struct play_analysis *a;

	ra->r = r;
	ra->wave = w;
	ra->has_failed = 0;
	a = ra_analysis(ra);
	ra->failed =
		xcalloc(a->n_checks ? a->n_checks : 1, sizeof(*ra->failed));
	ra->next_ms = monotime_ms() + (uint64_t)a->interval * 1000;
}

/* Writes an event, telling the observer when it cannot be written. */
static void ra_journal(struct run_analysis *ra, json_t *ev)
{
	struct error err = ERROR_INIT;
	const struct run_observer *obs = ra->r->observer;

	if (journal_append(ra->r->ctx.journal, ev, &err) < 0 && obs &&
	    obs->message)
		obs->message(obs->data, err.message);
	json_decref(ev);
	error_release(&err);
}

/* Measures every check once, journaling each.  Returns the number of
 * checks whose last measurement failed. */
static size_t ra_measure(struct run_analysis *ra)
{
	const struct play_analysis *a = ra_analysis(ra);
	const struct run_observer *obs = ra->r->observer;
	struct analysis_measurement m = {0};
	size_t i, failing = 0;
	json_t *ev;

	for (i = 0; i < a->n_checks; i++) {
		const struct analysis_check *c = &a->checks[i];

		analysis_measure(c, &m);
		ra->failed[i] = m.ok ? 0 : ra->failed[i] + 1;
		if (!m.ok)
			failing++;
		ev = json_pack(
			"{s:s, s:I, s:I, s:s, s:s, s:b, s:s, s:I}", "event",
			"analysis", "wave", (json_int_t)ra->wave + 1, "check",
			(json_int_t)i + 1, "kind", analysis_kind_name(c), "url",
			c->url, "ok", m.ok, "reason", m.reason ? m.reason : "",
			"failures_in_a_row", (json_int_t)ra->failed[i]);
		if (c->query)
			json_object_set_new(ev, "query", json_string(c->query));
		if (m.has_value && isfinite(m.value))
			json_object_set_new(ev, "value", json_real(m.value));
		if (c->kind == ANALYSIS_HTTP)
			json_object_set_new(ev, "status",
					    json_integer(m.status));
		ra_journal(ra, ev);
		if (ra->failed[i] >= a->failures && !ra->has_failed) {
			char *what = analysis_describe(c);
			char *msg = xasprintf("wave %zu failed its analysis: "
					      "%s: %s (%u failed in a row)",
					      ra->wave + 1, what, m.reason,
					      ra->failed[i]);

			ra->has_failed = 1;
			ra_journal(ra,
				   json_pack("{s:s, s:I, s:I, s:s}", "event",
					     "analysis_failed", "wave",
					     (json_int_t)ra->wave + 1, "check",
					     (json_int_t)i + 1, "reason", msg));
			if (obs && obs->message)
				obs->message(obs->data, msg);
			free(what);
			free(msg);
		}
	}
	analysis_measurement_release(&m);
	ra->next_ms = monotime_ms() + (uint64_t)a->interval * 1000;
	return failing;
}

/* Measures when the interval is up. */
int run_analysis_due(struct run_analysis *ra)
{
	if (ra_analysis(ra)->n_checks == 0 || ra->has_failed)
		return ra->has_failed;
	if (monotime_ms() >= ra->next_ms)
		ra_measure(ra);
	return ra->has_failed;
}

/* Measures until every check passes or one fails the wave. */
int run_analysis_gate(struct run_analysis *ra)
{
	const struct run *r = ra->r;
	struct timespec tick = {0, 200 * 1000 * 1000};

	if (ra_analysis(ra)->n_checks == 0 || ra->has_failed)
		return ra->has_failed;
	while (ra_measure(ra) > 0 && !ra->has_failed)
		while (monotime_ms() < ra->next_ms) {
			if (r->ctx.stop && *r->ctx.stop)
				return 0;
			nanosleep(&tick, NULL);
		}
	return ra->has_failed;
}

/* Frees the counters. */
void run_analysis_release(struct run_analysis *ra)
{
	free(ra->failed);
	ra->failed = NULL;
}
