/*
 * history.h - every run that touched one host, read from the journals.
 *
 * Nothing is kept besides the journals: each call reads STATE/runs/ and
 * builds the host's record from run_start, task_intent, task_result,
 * rollback_step, rollback_run_start and host_end (docs/facts.md lists the
 * keys).  Read-only.
 */
#ifndef CREST_HISTORY_H
#define CREST_HISTORY_H

#include <jansson.h>

#include "base/error.h"

/* Reads every journal of state_dir and returns in *runs (a new JSON array
 * the caller owns) one object per run that touched host, newest first:
 * run, time, commit, playbook, user, status (host_end's, or null),
 * changes [{task, name, module, change, status, reverted}] and rollbacks
 * [{task, status, error, time, rollback_run}].  Returns 0; -1 with err
 * set when a journal cannot be read, or when no run touched host
 * (ERROR_INVALID: an unknown host). */
int history_host(const char *state_dir, const char *host, json_t **runs,
		 struct error *err);

/* Returns what a task changed in the user's words, from its module, its
 * recorded args and prior ("acme-agent 1.0 -> 2.0", "/etc/motd"); caller
 * frees. */
char *history_change(const char *module, const json_t *args,
		     const json_t *prior);

#endif
