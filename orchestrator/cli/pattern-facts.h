/*
 * pattern-facts.h - the facts a command's host patterns select by
 * (facts.REF=GLOB terms, docs/facts.md): one facts lookup per command
 * (facts/facts-lookup.h), set on every inventory the command selects
 * from, and the note on stderr that names the hosts that had no facts to
 * match, with the command that gathers them.
 *
 * Ownership: the caller's struct, between pattern_facts_init() and
 * pattern_facts_release(); strings borrowed.
 */
#ifndef CREST_PATTERN_FACTS_H
#define CREST_PATTERN_FACTS_H

#include <stddef.h>

#include "facts/facts-lookup.h"

struct pattern_facts {
	const char *command; /* "exec": the note's "crest exec:" */
	struct facts_lookup lookup;
	size_t told; /* hosts the notes so far named */
};

/* Prepares the facts of the state directory state_dir (--state-dir, or
 * NULL: the default) for command's patterns. */
void pattern_facts_init(struct pattern_facts *pf, const char *command,
			const char *state_dir);

/* The lookup to give inventory_set_facts() (borrowed from pf). */
const struct inventory_facts *pattern_facts_ops(struct pattern_facts *pf);

/* Prints, on stderr, the hosts found without facts since the last note,
 * if any. */
void pattern_facts_note(struct pattern_facts *pf);

/* Frees what pf holds.  Accepts a zeroed struct, never initialised. */
void pattern_facts_release(struct pattern_facts *pf);

#endif
