/*
 * wave.h - cutting an ordered list of hosts into waves.
 *
 * The batch sizes come from the playbook's `waves` (Ansible's serial
 * semantics, computed by the playbook code); this file decides WHICH hosts
 * go into each batch when the play has `spread_by`: no wave takes more than
 * its share of any one group (rack, zone, ...).
 *
 * Theory of operation: waves are filled one after the other.  For a wave of
 * s hosts, with R hosts left of which r_g are in group g, group g's share is
 * r_g * s / R and the wave takes at most ceil(share) of it.  Hosts are picked
 * one at a time from the group furthest below its share (ties: the group
 * whose next host comes first in the given order), and within a group in
 * the given order, so without spread_by (one group) waves are simply
 * consecutive slices of the order.
 */
#ifndef CREST_WAVE_H
#define CREST_WAVE_H

#include <stddef.h>

/* Assigns each of n hosts (in run order) to a wave.  sizes[0..n_sizes) are
 * the waves' sizes and must add up to n.  group_of[i] is host i's group key
 * (NULL or "" for "no group": those hosts form one group of their own);
 * group_of itself may be NULL for no spreading.  On return (*wave_of)[i] is
 * host i's wave (0-based) and (*order)[k] lists hosts wave by wave, each
 * wave in the order hosts were picked; both arrays are caller-owned.
 * Returns 0, or -1 when the sizes do not add up to n. */
int wave_plan(size_t n, const size_t *sizes, size_t n_sizes,
	      const char *const *group_of, size_t **wave_of, size_t **order);

#endif
