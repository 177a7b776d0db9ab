/*
 * patch-record.h - what crest patches knows of one host: its probe's
 * answer read into counts and a verdict.
 *
 * A host is compliant when it answered, has no pending security update
 * (when not security_only: no pending update at all) and does not need a
 * reboot.  The record's keys are documented in docs/cli.md ("patches").
 */
#ifndef CREST_PATCH_RECORD_H
#define CREST_PATCH_RECORD_H

#include <jansson.h>

#include "engine/exec.h"

/* Returns the record of a host that ended (new reference): its status
 * ("compliant", "pending", "unreachable", "error"), the counts of pending
 * security and other updates, reboot_required, the updates, and
 * last_patched from last_patched (host -> time, patch-history.h).
 * origins are the security origins, NULL-terminated. */
json_t *patch_record(struct exec_host *host, const json_t *last_patched,
		     int security_only, const char *const *origins);

#endif
