/*
 * suggest.c - nearest-word suggestions by edit distance; see suggest.h.
 */
#include <stdlib.h>
#include <string.h>

#include "suggest.h"
#include "xmalloc.h"

/* Words longer than this are not compared: no key is that long. */
#define SUGGEST_MAX_LEN 64

/* Optimal string alignment distance, three rows of the DP table. */
size_t suggest_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j, d;
	size_t *prev2, *prev, *cur, *tmp;

	if (la > SUGGEST_MAX_LEN || lb > SUGGEST_MAX_LEN)
		return (size_t)-1;
	prev2 = xcalloc(lb + 1, sizeof(size_t));
	prev = xcalloc(lb + 1, sizeof(size_t));
	cur = xcalloc(lb + 1, sizeof(size_t));
	for (j = 0; j <= lb; j++)
		prev[j] = j;
	for (i = 1; i <= la; i++) {
		cur[0] = i;
		for (j = 1; j <= lb; j++) {
			size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;

			d = prev[j] + 1;
			if (cur[j - 1] + 1 < d)
				d = cur[j - 1] + 1;
			if (prev[j - 1] + cost < d)
				d = prev[j - 1] + cost;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && prev2[j - 2] + 1 < d)
				d = prev2[j - 2] + 1;
			cur[j] = d;
		}
		tmp = prev2;
		prev2 = prev;
		prev = cur;
		cur = tmp;
	}
	d = prev[lb];
	free(prev2);
	free(prev);
	free(cur);
	return d;
}

/* Picks the closest candidate within the typo threshold. */
const char *suggest_word(const char *word, const char *const *candidates)
{
	size_t best = (size_t)-1, limit = strlen(word) / 3, i, d;
	const char *found = NULL;

	if (strlen(word) < 3)
		return NULL; /* any one-letter key is one edit away */
	if (limit < 1)
		limit = 1;
	if (limit > 3)
		limit = 3;
	for (i = 0; candidates[i]; i++) {
		size_t lw = strlen(word), lc = strlen(candidates[i]);

		d = suggest_distance(word, candidates[i]);
		/* "start" for "started": a prefix of 3 or more is a near miss. */
		if (d > 1 && lw >= 3 && lc >= 3 &&
		    strncmp(word, candidates[i], lw < lc ? lw : lc) == 0)
			d = 1;
		if (d < best) {
			best = d;
			found = candidates[i];
		}
	}
	return best <= limit ? found : NULL;
}
