/*
 * budget.h - a play's failure budgets: max_failures per wave, and
 * max_failures_total over all the play's waves.
 *
 * A host counts as a failure when it failed, was unreachable (unless the
 * play says unreachable: skip; it is then HOST_SKIPPED and counts against
 * neither budget), or its rollback failed.  A wave fails when its own
 * failures exceed max_failures, or when they and the failures of the
 * earlier waves together exceed max_failures_total (a count, or a
 * percentage of all the play's hosts).  The wave that crosses the total
 * is rolled back as any failed wave is (the play's rollback:).
 */
#ifndef CREST_BUDGET_H
#define CREST_BUDGET_H

#include <stddef.h>

struct run;
struct host_run;

/* Returns 1 when host hr's end counts against the budgets. */
int budget_counts(const struct host_run *hr);

/* Returns 1 when failed failures of the wave starting at host first
 * (n hosts) pass a budget of r's play. */
int budget_exceeded(const struct run *r, size_t first, size_t n, size_t failed);

/* Returns how many failures the wave starting at host first (n hosts)
 * tolerates under both budgets. */
size_t budget_of_wave(const struct run *r, size_t first, size_t n);

#endif
