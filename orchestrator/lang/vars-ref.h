/*
 * vars-ref.h - what a variable reference is, in the one place that reads
 * it: a name, then parts that each step into a mapping or a list:
 *
 *   name              a variable
 *   name.key          a key of a mapping (an identifier)
 *   name.0            an item of a list (an index)
 *   name["any key"]   a key of a mapping that is no identifier (a package
 *   name['any key']   "acme-agent", a version "2.0"), quoted, no escapes
 *
 * so "facts.packages[\"acme-agent\"]" and "web.0.name" are references.
 * when conditions, {{ }} substitution, secret paths and inventory
 * patterns by fact (facts.os.codename=bookworm) all read references
 * through these functions.
 */
#ifndef CREST_VARS_REF_H
#define CREST_VARS_REF_H

#include <stddef.h>

#include <jansson.h>

/* One step of a reference: a key (or an index), n bytes at s. */
struct vars_ref_part {
	const char *s;
	size_t n;
	int quoted; /* ["..."]: always a mapping's key, never an index */
};

/* Returns the length of the reference that starts at s (reading at most n
 * bytes), or 0 when s does not start with one. */
size_t vars_ref_length(const char *s, size_t n);

/* Reads the next part of a reference (n bytes at s, as vars_ref_length()
 * accepted) from *pos into *part and moves *pos past it.  Returns 1, or 0
 * at the end. */
int vars_ref_next(const char *s, size_t n, size_t *pos,
		  struct vars_ref_part *part);

/* Returns the value the reference (n bytes at ref) names inside root, or
 * NULL when it names nothing (borrowed from root). */
const json_t *vars_ref_get(const json_t *root, const char *ref, size_t n);

/* Returns the reference written with dots only (parts joined by '.'), as
 * secret paths are kept; caller frees. */
char *vars_ref_dotted(const char *ref, size_t n);

#endif
