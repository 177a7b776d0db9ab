/*
 * host-pattern-facts.h - the facts terms of host patterns, for
 * host-pattern.c: facts.REF=GLOB and facts.REF!=GLOB, REF a reference as
 * `when` reads it (lang/vars-ref.h: facts.os.codename,
 * facts.packages["acme-agent"]).
 *
 * Theory of operation: a selection parses every facts term of its pattern
 * and --limit first (fact_eval_add), so a bad one is an error before any
 * snapshot is read.  A host's facts are looked up (struct inventory_facts)
 * the first time any term needs them; every term of the selection is then
 * decided for that host at once and its facts let go, so each snapshot is
 * read at most once per selection and only one is held at a time.  A
 * host without facts holds neither `=` nor `!=`; a REF its facts lack
 * holds `!=` only.
 *
 * Nothing outside inventory/ includes this header.
 */
#ifndef CREST_HOST_PATTERN_FACTS_H
#define CREST_HOST_PATTERN_FACTS_H

#include <stddef.h>

#include "inventory-build.h"

/* One facts term. */
struct fact_term {
	char *ref;  /* "facts.os.codename", owned */
	char *glob; /* a shell glob, owned */
	int negate; /* != */
};

/* The facts terms of one selection and what they hold for each host. */
struct fact_eval {
	const struct inventory *inv; /* borrowed */
	struct fact_term *terms;
	size_t n;
	unsigned char *state; /* per host: 0 not looked up, 1 facts, 2 none */
	unsigned char *holds; /* [host * n + term], once state is 1 */
};

/* Returns 1 when term (without its & or !) is a facts term: it starts
 * with "facts." or "facts[". */
int fact_term_is(const char *term);

/* Parses term, written at 0-based offset `at` of source (the pattern or
 * --limit it came from; NULL: the term stands alone), and adds it to ev;
 * *index is its number.  Returns 0, or -1 with an ERROR_INVALID err that
 * quotes source and the 1-based column of the mistake. */
int fact_eval_add(struct fact_eval *ev, const char *source, size_t at,
		  const char *term, size_t *index, struct error *err);

/* Sets *holds to whether term `index` holds for host, looking the host's
 * facts up on first need.  Returns 0, or -1 with err set (the lookup
 * failed). */
int fact_eval_holds(struct fact_eval *ev, size_t index, const struct host *h,
		    int *holds, struct error *err);

/* Frees what ev holds; it is then empty.  Accepts an empty one. */
void fact_eval_release(struct fact_eval *ev);

#endif
