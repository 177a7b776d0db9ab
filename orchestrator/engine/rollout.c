/*
 * rollout.c - grouping shard runs into rollouts; see rollout.h.
 */
#include <stdlib.h>
#include <string.h>

#include "base/xmalloc.h"
#include "rollout.h"

/* Reads the header's shard. */
int rollout_shard_of(const struct run_state *rs, unsigned *index,
		     unsigned *count, const char **id)
{
	const json_t *sh = json_object_get(rs->header, "shard");
	json_int_t k = json_integer_value(json_object_get(sh, "index"));
	json_int_t n = json_integer_value(json_object_get(sh, "count"));
	const char *rollout = json_string_value(json_object_get(sh, "rollout"));

	if (rollout == NULL || k < 1 || k > n)
		return 0;
	*index = (unsigned)k;
	*count = (unsigned)n;
	*id = rollout;
	return 1;
}

/* Compares start times, then run ids. */
int rollout_run_cmp(const struct run_state *a, const struct run_state *b)
{
	const char *ta = run_state_header(a, "time");
	const char *tb = run_state_header(b, "time");
	int c = strcmp(ta ? ta : "", tb ? tb : "");

	return c ? c : strcmp(a->run_id, b->run_id);
}

/* Says whether every recorded change of h was reverted. */
static int host_reverted(const struct host_record *h)
{
	size_t i;

	for (i = 0; i < h->n_changes; i++)
		if (!h->changes[i].reverted)
			return 0;
	return h->n_changes > 0;
}

/* Counts each host by what it came to. */
void rollout_count(const struct run_state *rs, struct rollout_counts *c)
{
	json_int_t planned = json_integer_value(
		json_object_get(json_object_get(rs->header, "shard"), "hosts"));
	size_t i;

	/* Hosts of waves that never started have no record. */
	if (planned > 0 && (size_t)planned > rs->n_hosts) {
		c->hosts += (size_t)planned - rs->n_hosts;
		c->other += (size_t)planned - rs->n_hosts;
	}

	for (i = 0; i < rs->n_hosts; i++) {
		const struct host_record *h = &rs->hosts[i];
		const char *st = h->status ? h->status : "";

		c->hosts++;
		if (h->rollback_failed || strcmp(st, "rollback_failed") == 0)
			c->rollback_failed++;
		else if (strcmp(st, "failed") == 0 ||
			 strcmp(st, "unreachable") == 0)
			c->failed++;
		else if (strcmp(st, "rolled_back") == 0 || host_reverted(h))
			c->rolled_back++;
		else if (strcmp(st, "ok") == 0 || strcmp(st, "changed") == 0)
			c->ok++;
		else
			c->other++;
	}
}

/* Finds or adds the rollout (id, count) in *r. */
static struct rollout *rollout_at(struct rollout **r, size_t *n, const char *id,
				  unsigned count)
{
	struct rollout *ro;
	size_t i;

	for (i = 0; i < *n; i++)
		if ((*r)[i].count == count && strcmp((*r)[i].id, id) == 0)
			return &(*r)[i];
	*r = xreallocarray(*r, *n + 1, sizeof(**r));
	ro = &(*r)[(*n)++];
	memset(ro, 0, sizeof(*ro));
	ro->id = id;
	ro->count = count;
	ro->newest = xcalloc((size_t)count + 1, sizeof(*ro->newest));
	return ro;
}

/* Groups the shard runs. */
void rollout_group(const struct run_state *const *runs, size_t n,
		   struct rollout **out, size_t *n_out)
{
	struct rollout *r = NULL, *ro;
	size_t n_r = 0, i;
	unsigned k, count;
	const char *id;

	for (i = 0; i < n; i++) {
		if (!rollout_shard_of(runs[i], &k, &count, &id))
			continue;
		ro = rollout_at(&r, &n_r, id, count);
		ro->runs = xreallocarray(ro->runs, ro->n_runs + 1,
					 sizeof(*ro->runs));
		ro->runs[ro->n_runs++] = runs[i];
		if (ro->newest[k] == NULL)
			ro->shards_seen++;
		if (ro->newest[k] == NULL ||
		    rollout_run_cmp(ro->newest[k], runs[i]) < 0)
			ro->newest[k] = runs[i];
	}
	for (i = 0; i < n_r; i++)
		for (k = 1; k <= r[i].count; k++)
			if (r[i].newest[k])
				rollout_count(r[i].newest[k], &r[i].total);
	*out = r;
	*n_out = n_r;
}

/* Finds rs's rollout. */
const struct rollout *rollout_find(const struct rollout *r, size_t n,
				   const struct run_state *rs)
{
	size_t i, j;

	for (i = 0; i < n; i++)
		for (j = 0; j < r[i].n_runs; j++)
			if (r[i].runs[j] == rs)
				return &r[i];
	return NULL;
}

/* Frees the arrays. */
void rollout_free(struct rollout *r, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(r[i].runs);
		free(r[i].newest);
	}
	free(r);
}
