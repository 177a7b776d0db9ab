/*
 * pattern-facts.c - host patterns' facts for the commands; see
 * pattern-facts.h.
 */
#include <stdio.h>

#include "base/buf.h"
#include "pattern-facts.h"

/* Hosts named in a note; the rest are counted. */
#define PATTERN_FACTS_NAMED 5

/* Sets up the lookup. */
void pattern_facts_init(struct pattern_facts *pf, const char *command,
			const char *state_dir)
{
	pf->command = command;
	pf->told = 0;
	facts_lookup_init(&pf->lookup, state_dir);
}

/* Hands out the lookup's ops. */
const struct inventory_facts *pattern_facts_ops(struct pattern_facts *pf)
{
	return &pf->lookup.ops;
}

/* Names the new hosts without facts and how to gather theirs. */
void pattern_facts_note(struct pattern_facts *pf)
{
	const json_t *hosts = facts_lookup_missing_hosts(&pf->lookup);
	size_t n = facts_lookup_missing(&pf->lookup), i = 0, k = 0;
	struct buf names = BUF_INIT, pattern = BUF_INIT;
	const char *host;
	json_t *v;

	if (n <= pf->told)
		return;
	json_object_foreach((json_t *)hosts, host, v)
	{
		if (i++ < pf->told)
			continue;
		if (k < PATTERN_FACTS_NAMED) {
			buf_addf(&names, "%s%s", k ? ", " : "", host);
			buf_addf(&pattern, "%s%s", k ? "," : "", host);
		}
		k++;
	}
	if (k > PATTERN_FACTS_NAMED)
		buf_addf(&names, " and %zu more", k - PATTERN_FACTS_NAMED);
	fprintf(stderr,
		"crest %s: %zu host%s no facts, so no facts term selected "
		"%s: %s; gather them with 'crest facts %s'\n",
		pf->command, k, k == 1 ? " has" : "s have",
		k == 1 ? "it" : "them", names.data,
		k > PATTERN_FACTS_NAMED ? "PATTERN" : pattern.data);
	pf->told = n;
	buf_release(&names);
	buf_release(&pattern);
}

/* Frees the lookup. */
void pattern_facts_release(struct pattern_facts *pf)
{
	facts_lookup_release(&pf->lookup);
}
