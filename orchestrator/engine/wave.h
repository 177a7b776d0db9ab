/*
 * wave.h - cutting a play's hosts into waves, and judging a wave.
 *
 * The sizes follow Ansible's serial exactly (executor's
 * _get_serialized_batches and pct_to_int): a percentage is of all the
 * hosts the play matched, rounded down but never below 1; a count of 0
 * (or no waves at all) takes every host left; the last entry repeats
 * until no host is left.  A wave fails when its failed hosts exceed (not
 * reach) max_failures, as Ansible's max_fail_percentage counts.
 */
#ifndef CREST_WAVE_H
#define CREST_WAVE_H

#include <stddef.h>

#include "inventory/inventory.h"
#include "lang/playbook.h"

/* Returns the sizes of the waves for n_hosts hosts, in order, as a new
 * array (caller frees) of *n_out entries summing to n_hosts; NULL with
 * *n_out 0 when n_hosts is 0. */
size_t *wave_sizes(const struct wave_size *waves, size_t n_waves,
		   size_t n_hosts, size_t *n_out);

/* Returns 1 when failed hosts out of a wave of wave_hosts exceed limit. */
int wave_failed(const struct failure_limit *limit, size_t wave_hosts,
		size_t failed);

/* Puts hosts in the play's order: inventory (as given), reversed,
 * sorted or reverse sorted by name, or shuffled with seed (the same seed
 * gives the same order, so a resumed run keeps its waves). */
void wave_order(struct host **hosts, size_t n, enum play_order order,
		unsigned long long seed);

/* Interleaves hosts by the value of host variable var so that any
 * leading slice, and so every wave, holds each value's share of the
 * hosts give or take one; hosts without var count as one more value.
 * Hosts keep their relative order within each value. */
void wave_spread(struct host **hosts, size_t n, const char *var);

#endif
