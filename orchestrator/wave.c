/*
 * wave.c - spreading hosts over waves by group; see wave.h.
 */
#include <stdlib.h>
#include <string.h>

#include "wave.h"
#include "xmalloc.h"

struct group {
	const char *key;
	size_t *members; /* host indexes, in run order */
	size_t n;
	size_t next; /* first member not yet in a wave */
};

/* Returns the index of key in groups, adding a new group when needed. */
static size_t group_index(struct group **groups, size_t *n_groups,
			  const char *key)
{
	size_t i;

	for (i = 0; i < *n_groups; i++)
		if (strcmp((*groups)[i].key, key) == 0)
			return i;
	*groups = xreallocarray(*groups, *n_groups + 1, sizeof(**groups));
	memset(&(*groups)[*n_groups], 0, sizeof(**groups));
	(*groups)[*n_groups].key = key;
	return (*n_groups)++;
}

/* Picks the group a wave should take its next host from, or -1. */
static long pick_group(const struct group *groups, size_t n_groups,
		       const size_t *taken, const size_t *cap, size_t s,
		       size_t remaining)
{
	long best = -1;
	double best_deficit = 0;
	size_t g;

	for (g = 0; g < n_groups; g++) {
		size_t left = groups[g].n - groups[g].next;
		double share, deficit;

		if (left == 0 || taken[g] >= cap[g])
			continue;
		share = (double)left * (double)s / (double)remaining;
		deficit = share - (double)taken[g];
		if (best < 0 || deficit > best_deficit + 1e-9 ||
		    (deficit > best_deficit - 1e-9 &&
		     groups[g].members[groups[g].next] <
			     groups[best].members[groups[best].next])) {
			best = (long)g;
			best_deficit = deficit;
		}
	}
	return best;
}

/* Cuts hosts into waves, spreading each wave across groups. */
int wave_plan(size_t n, const size_t *sizes, size_t n_sizes,
	      const char *const *group_of, size_t **wave_of, size_t **order)
{
	struct group *groups = NULL;
	size_t n_groups = 0, total = 0, i, w, g, k = 0, remaining = n;
	size_t *taken = NULL, *cap = NULL, *wave = NULL, *picked = NULL;
	int ret = -1;

	for (w = 0; w < n_sizes; w++)
		total += sizes[w];
	if (total != n)
		goto out;
	for (i = 0; i < n; i++) {
		const char *key = group_of && group_of[i] ? group_of[i] : "";
		struct group *gr;

		g = group_index(&groups, &n_groups, key);
		gr = &groups[g];
		gr->members = xreallocarray(gr->members, gr->n + 1,
					    sizeof(*gr->members));
		gr->members[gr->n++] = i;
	}
	taken = xcalloc(n_groups ? n_groups : 1, sizeof(*taken));
	cap = xcalloc(n_groups ? n_groups : 1, sizeof(*cap));
	wave = xcalloc(n ? n : 1, sizeof(*wave));
	picked = xcalloc(n ? n : 1, sizeof(*picked));
	for (w = 0; w < n_sizes; w++) {
		size_t s = sizes[w], t;

		for (g = 0; g < n_groups; g++) {
			size_t left = groups[g].n - groups[g].next;

			taken[g] = 0;
			/* ceil(left * s / remaining) */
			cap[g] = remaining ? (left * s + remaining - 1) /
						     remaining
					   : 0;
		}
		for (t = 0; t < s; t++) {
			long best = pick_group(groups, n_groups, taken, cap, s,
					       remaining);
			struct group *gr;

			if (best < 0)
				goto out; /* cannot happen: caps sum >= s */
			gr = &groups[best];
			wave[gr->members[gr->next]] = w;
			picked[k++] = gr->members[gr->next];
			gr->next++;
			taken[best]++;
		}
		remaining -= s;
	}
	*wave_of = wave;
	*order = picked;
	wave = picked = NULL;
	ret = 0;
out:
	for (g = 0; g < n_groups; g++)
		free(groups[g].members);
	free(groups);
	free(taken);
	free(cap);
	free(wave);
	free(picked);
	return ret;
}
