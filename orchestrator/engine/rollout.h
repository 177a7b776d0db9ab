/*
 * rollout.h - the shards of one rollout, seen together: "crest runs"
 * groups the --shard runs it reads (from one state directory or several,
 * one per controller) by their rollout id and shard count, and sums what
 * their hosts came to.
 *
 * A shard run's run_start holds {"shard": {"index", "count", "hash",
 * "rollout", "hosts"}} (run-session.h).  When a shard ran more than once
 * (run again after a rollback), the combined counts take its newest run.
 *
 * Ownership: a struct rollout borrows the run states (and its id from
 * their headers); rollout_free() frees only the arrays.
 */
#ifndef CREST_ROLLOUT_H
#define CREST_ROLLOUT_H

#include <stddef.h>

#include "run-state.h"

/* What the hosts of one run, or of the newest run of each shard, came to. */
struct rollout_counts {
	size_t hosts;
	size_t ok;		/* ok or changed */
	size_t failed;		/* failed or unreachable (reverted at once) */
	size_t rolled_back;	/* rolled back with their wave, or by crest
				   rollback */
	size_t rollback_failed; /* a revert failed: a person is needed */
	size_t other;		/* not ended, not run, skipped */
};

struct rollout {
	const char *id; /* borrowed */
	unsigned count; /* N */
	/* The runs of its shards, in the order given (borrowed). */
	const struct run_state **runs;
	size_t n_runs;
	/* Per shard index (1..count; [0] unused): its newest run, or NULL
	 * when none was read. */
	const struct run_state **newest;
	unsigned shards_seen;	     /* how many indexes have a run */
	struct rollout_counts total; /* over the newest run of each shard */
};

/* Reads rs's shard: returns 1 with *index, *count and *id (borrowed) for
 * a --shard run, else 0. */
int rollout_shard_of(const struct run_state *rs, unsigned *index,
		     unsigned *count, const char **id);

/* Orders two runs by start (run_start's time, to the millisecond, then
 * the run id): <0, 0 or >0 as strcmp(). */
int rollout_run_cmp(const struct run_state *a, const struct run_state *b);

/* Adds what rs's hosts came to into *c. */
void rollout_count(const struct run_state *rs, struct rollout_counts *c);

/* Groups the shard runs of runs[0..n) (in the order given; runs of no
 * shard are left out) into *out, n_out rollouts in the order of their
 * first run.  Free with rollout_free(). */
void rollout_group(const struct run_state *const *runs, size_t n,
		   struct rollout **out, size_t *n_out);

/* Returns the rollout rs is a shard of, or NULL (borrowed). */
const struct rollout *rollout_find(const struct rollout *r, size_t n,
				   const struct run_state *rs);

/* Frees what rollout_group() made.  Accepts NULL. */
void rollout_free(struct rollout *r, size_t n);

#endif
