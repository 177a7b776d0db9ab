/*
 * facts-gather.h - gathering every target's facts at once, and keeping
 * them.
 *
 * Theory of operation.  facts_script() runs once on every target over
 * the exec engine (exec.h: the transport of crest exec, --forks at a
 * time, one connection and one round trip per host).  As each host ends
 * (on the calling thread) its answer goes through facts_parse() and is
 * saved as a snapshot (facts-store.h); a host that does not answer, or
 * whose answer holds no facts, keeps its last stored snapshot, marked
 * stale.  The script changes nothing on the host and needs no root.
 */
#ifndef CREST_FACTS_GATHER_H
#define CREST_FACTS_GATHER_H

#include <stddef.h>

#include <jansson.h>

#include "base/error.h"
#include "transport/transport.h"

/* Bytes of a host's answer kept at most (the package list is long); a
 * longer answer is an error for that host, never half a snapshot. */
#define FACTS_OUTPUT_LIMIT (32u * 1024u * 1024u)

/* Gathers facts from the n targets in parallel, at most forks at once
 * (0: the executor's default), over transport (borrowed; its
 * output_limit is raised to FACTS_OUTPUT_LIMIT for this command), saves
 * a snapshot in state_dir for each host that answered (keeping `keep`,
 * >= 1, per host), and returns in *result (a new object the caller owns)
 * target name -> {"stale": bool, "error": string or null, "snapshot":
 * object or null, "saved": the name facts_store_save() gave the snapshot
 * it wrote now, or null}: a host that did not answer gets its last
 * stored snapshot (or null when there is none) with "stale": true, the
 * error and "saved": null.  Targets' names must pass facts_store_host_valid().  Returns 0
 * (also when hosts did not answer), or -1 with err set when a target's
 * name is refused (ERROR_INVALID, before any host is contacted), a
 * snapshot cannot be written (ERROR_SYSTEM) or the run itself cannot be
 * carried out. */
int facts_gather(const struct transport_target *targets, size_t n,
		 const struct transport_options *transport, unsigned forks,
		 const char *state_dir, int keep, json_t **result,
		 struct error *err);

#endif
