/*
 * budget.c - max_failures and max_failures_total; see budget.h.
 */
#include "budget.h"
#include "run.h"
#include "wave.h"

/* Tells whether a host's end is a failure the budgets count. */
int budget_counts(const struct host_run *hr)
{
	return hr->status == HOST_FAILED || hr->status == HOST_UNREACHABLE ||
	       hr->status == HOST_ROLLBACK_FAILED;
}

/* Checks a wave's failures against both budgets. */
int budget_exceeded(const struct run *r, size_t first, size_t n, size_t failed)
{
	const struct play *play = &r->ctx.playbook->plays[r->ctx.play_index];
	size_t i, earlier = 0;

	if (wave_failed(&play->max_failures, n, failed))
		return 1;
	if (!play->has_max_failures_total)
		return 0;
	for (i = 0; i < first && i < r->n_hosts; i++)
		earlier += budget_counts(&r->hosts[i]);
	return wave_failed(&play->max_failures_total, r->n_hosts,
			   earlier + failed);
}

/* Counts the failures a wave tolerates. */
size_t budget_of_wave(const struct run *r, size_t first, size_t n)
{
	size_t budget = 0;

	while (budget < n && !budget_exceeded(r, first, n, budget + 1))
		budget++;
	return budget;
}
