/*
 * facts-lookup.h - what lets host patterns select by fact
 * (facts.os.codename=bookworm, docs/facts.md): each host's latest
 * snapshot in the state directory (facts_store_latest()) behind the
 * inventory's struct inventory_facts, which inventory/ cannot build
 * itself, and the hosts found without one.
 *
 * Ownership: the struct is the caller's (facts_lookup_init(), then
 * facts_lookup_release()); an inventory it is set on borrows its ops and
 * must not select after the release.  The state directory is resolved on
 * the first lookup, so a pattern without facts terms never touches it.
 */
#ifndef CREST_FACTS_LOOKUP_H
#define CREST_FACTS_LOOKUP_H

#include <stddef.h>

#include <jansson.h>

#include "inventory/inventory.h"

struct facts_lookup {
	const char *state_option; /* --state-dir, borrowed; NULL: default */
	char *state_dir;	  /* resolved on first use, owned */
	json_t *missing; /* host name -> true: looked up, no snapshot */
	struct inventory_facts ops; /* for inventory_set_facts() */
};

/* Prepares a lookup in the state directory state_option names (NULL:
 * the default, state.h). */
void facts_lookup_init(struct facts_lookup *fl, const char *state_option);

/* Returns how many hosts were looked up and had no snapshot, each
 * counted once however many selections asked. */
size_t facts_lookup_missing(const struct facts_lookup *fl);

/* Returns the names of those hosts (borrowed: a JSON object whose keys
 * are the names, in the order first found). */
const json_t *facts_lookup_missing_hosts(const struct facts_lookup *fl);

/* Frees what the lookup holds.  Accepts one never used, or zeroed. */
void facts_lookup_release(struct facts_lookup *fl);

#endif
