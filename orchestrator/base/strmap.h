/*
 * strmap.h - a hash map from C strings to pointers.
 *
 * Open addressing with linear probing; the table is kept at most half full.
 * The map copies and owns its keys; the values are the caller's (the map
 * never frees them).  Insertion order is not kept: a caller that needs an
 * order keeps its own array beside the map, as the inventory does.
 *
 * A strmap starts as STRMAP_INIT; strmap_release() frees the table and keys.
 */
#ifndef CREST_STRMAP_H
#define CREST_STRMAP_H

#include <stddef.h>

struct strmap_slot {
	char *key; /* NULL: empty slot */
	void *value;
};

struct strmap {
	struct strmap_slot *slots;
	size_t n_slots; /* 0 or a power of two */
	size_t count;
};

#define STRMAP_INIT                                                            \
	{                                                                      \
		NULL, 0, 0                                                     \
	}

/* Returns the value stored under key, or NULL (borrowed). */
void *strmap_get(const struct strmap *map, const char *key);

/* Returns the value stored under the n bytes at key, or NULL (borrowed). */
void *strmap_getn(const struct strmap *map, const char *key, size_t n);

/* Stores value under key, replacing any earlier value (which the caller
 * still owns).  Returns the earlier value or NULL. */
void *strmap_put(struct strmap *map, const char *key, void *value);

/* Frees the table and the keys; the values are not touched. */
void strmap_release(struct strmap *map);

#endif
