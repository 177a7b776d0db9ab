/*
 * plan.h - check mode: what a run would do, without doing it.
 *
 * For each host the plan connects, evaluates each task's `when`, fills in
 * its arguments, lets the module probe the host (which changes nothing) and
 * describe what apply would change from that state.  Tasks a run could not
 * undo are marked irreversible.  Nothing is journalled: a plan changes
 * nothing, on the hosts or in the state directory.
 */
#ifndef CREST_PLAN_H
#define CREST_PLAN_H

#include "base/buf.h"
#include "host-run.h"
#include "lang/playbook.h"

/* Probes every task of the play on hr's host and appends one line per task
 * to hr's plan text out: "  task N (module): what would change".  Returns
 * 0, or -1 when the host could not be probed (hr->error set, the reason
 * appended to out). */
int plan_host(struct host_run *hr, struct buf *out);

#endif
