/*
 * shard.h - "--shard K/N": one of N independent parts of a run's hosts.
 *
 * A host belongs to shard K of N when FNV-1a 64 of its inventory name,
 * taken mod N, is K-1.  The hash is fixed (offset basis
 * 0xcbf29ce484222325, prime 0x100000001b3, over the name's bytes), so a
 * host's shard depends only on its name and N: not on the inventory's
 * order, its size, the machine or crest's version.  Every host is in
 * exactly one shard of N; the shards are balanced as the hash is
 * (docs/scaling.md).
 */
#ifndef CREST_SHARD_H
#define CREST_SHARD_H

#include <stddef.h>
#include <stdint.h>

#include "base/error.h"

/* The hash's name, as the journal's run_start records it. */
#define SHARD_HASH_NAME "fnv1a64"

/* The largest N accepted. */
#define SHARD_MAX 65536

struct host;

/* Shard index of count (1 <= index <= count); count 0: no sharding. */
struct shard {
	unsigned index;
	unsigned count;
};

/* Returns FNV-1a 64 of the NUL-terminated name. */
uint64_t shard_hash(const char *name);

/* Returns the shard (1 to count) that name falls in; count >= 1. */
unsigned shard_of(const char *name, unsigned count);

/* Parses "K/N" (what, e.g. "--shard", names the option in the message).
 * Returns 0 with *out set, or -1 with an ERROR_INVALID err saying what is
 * expected. */
int shard_parse(const char *text, const char *what, struct shard *out,
		struct error *err);

/* Keeps, of the n hosts (borrowed pointers, in order), those of shard sh,
 * in the same order; *n becomes their number.  count 0 keeps all. */
void shard_keep(struct host **hosts, size_t *n, const struct shard *sh);

#endif
