/*
 * host-run-step.h - what the host-run files share and nothing else calls:
 * the state machine (host-run.c) runs a task or the verify checks
 * (host-run-task.c), which remember the changes a host holds
 * (host-run-change.c) and write the journal events about the host
 * (host-run-journal.c); all of them stand on host-run-step.c.
 *
 * Like everything in host-run.h, these run on the host's executor worker
 * and touch only their own struct host_run and the thread-safe journal.
 */
#ifndef CREST_HOST_RUN_STEP_H
#define CREST_HOST_RUN_STEP_H

#include <stdint.h>

#include <jansson.h>

#include "host-run.h"
#include "base/error.h"
#include "lang/playbook.h"

struct module_run;

/* host-run-step.c */

/* Returns the play this run is working on (borrowed). */
const struct play *host_run_play(const struct host_run *hr);

/* Fails the host with err (copied, secrets masked) at task index, -1 for
 * no task, -2 for a verify check: HOST_UNREACHABLE for a connection's
 * error kinds, else HOST_FAILED. */
void host_run_fail(struct host_run *hr, int index, const struct error *err);

/* host-run-task.c */

/* Runs task index of the play: when, arguments, probe, intent, apply,
 * result, all journalled.  Returns 0, or -1 when it failed (the host is
 * failed through host_run_fail(); what changed is remembered). */
int host_run_task(struct host_run *hr, unsigned index);

/* Runs the play's verify checks, each journalled with phase ("apply",
 * "soak").  Returns 0, or -1 when one failed (the host is failed). */
int host_run_checks(struct host_run *hr, const char *phase);

/* host-run-change.c */

/* Remembers that task index changed the host (failed: or may have,
 * half-way) from prior, to be reverted from revert (struct host_change;
 * may be NULL).  A reference is taken on both. */
void host_run_remember(struct host_run *hr, unsigned index, json_t *prior,
		       json_t *revert, int failed);

/* Returns the resumed change of task index still in flight (borrowed,
 * valid until the next host_run_remember()), or NULL. */
struct host_change *host_run_inflight(struct host_run *hr, unsigned index);

/* host-run-journal.c */

/* Appends event (its reference is stolen) about this host to the journal.
 * Returns 0, or -1 when the journal cannot be written, with hr->error
 * set: nothing may run unrecorded, so the caller stops the host. */
int host_run_journal(struct host_run *hr, json_t *event);

/* Journals task index's result: status ("ok", "changed", "failed"), how
 * long it took, mr's last command (exit status, output tails with secrets
 * masked; mr may be NULL) and err when it failed (may be NULL).  Returns
 * what host_run_journal() returns. */
int host_run_journal_result(struct host_run *hr, unsigned index,
			    const char *status, int changed, uint64_t duration,
			    struct module_run *mr, const struct error *err);

#endif
